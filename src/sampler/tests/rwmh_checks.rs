//! Random-walk Metropolis–Hastings against the exact grid density; accepting every proposal fails it.

use super::*;

fn rwmh_cases() -> [(Target, f32, u32); 5] {
    // Proposal scales ≈ 1–1.5 target sd along the narrow direction.
    [
        (gaussian(1.0), 0.8, 400),
        (gaussian(2.0), 0.6, 400),
        (banana(), 0.5, 1200),
        (double_well(), 0.4, 800),
        (mixture(), 0.2, 400),
    ]
}

#[test]
fn rwmh_on_gaussians_matches_the_exact_grid_density() {
    for (t, eps, steps) in rwmh_cases().into_iter().take(2) {
        assert_passes("rwmh", &t, &params(SamplerKind::Rwmh, &t, eps, 0), steps, 0.0);
    }
}

#[test]
fn rwmh_on_banana_double_well_and_mixture_matches_the_exact_grid_density() {
    for (t, eps, steps) in rwmh_cases().into_iter().skip(2) {
        assert_passes("rwmh", &t, &params(SamplerKind::Rwmh, &t, eps, 0), steps, 0.0);
    }
}

fn rwmh_accepting_everything(e: &dyn Energy, p: &SamplerParams, c: &mut Chains, rng: &Rng, s: u32) {
    // Bug: no accept/reject at all: a free random walk.
    rwmh::propose(p, c, rng, s);
    accept_every_proposal(e, c);
}

#[test]
fn rwmh_that_accepts_every_proposal_fails_the_density_check() {
    let (t, eps, steps) = (gaussian(1.0), 0.8, 400);
    let p = params(SamplerKind::Rwmh, &t, eps, 0);
    assert_fails("rwmh accepting everything", &t, &p, steps, 0.0, rwmh_accepting_everything);
}
