//! Random-walk Metropolis–Hastings against the exact grid density; accepting every proposal fails it.

use super::*;

fn rwmh_cases() -> [Case; 5] {
    // Proposal scales ≈ 1–1.5 target sd along the narrow direction.
    [
        case(gaussian(1.0), 0.8, 400),
        case(gaussian(2.0), 0.6, 400),
        case(banana(), 0.5, 1200),
        case(double_well(), 0.4, 800),
        case(mixture(), 0.2, 400),
    ]
}

#[test]
fn rwmh_on_gaussians_matches_the_exact_grid_density() {
    assert_cases_pass(SamplerKind::Rwmh, rwmh_cases(), [0.0; 5], GAUSSIANS);
}

#[test]
fn rwmh_on_banana_double_well_and_mixture_matches_the_exact_grid_density() {
    assert_cases_pass(SamplerKind::Rwmh, rwmh_cases(), [0.0; 5], OTHERS);
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

#[test]
fn rwmh_that_accepts_every_proposal_fails_on_the_banana() {
    // Measured: χ² 80× the bound (a free random walk spreads out of the box).
    let label = "rwmh accepting everything";
    assert_twin_fails_cases(SamplerKind::Rwmh, label, rwmh_cases(), [0.0; 5], &[BANANA], rwmh_accepting_everything);
}
