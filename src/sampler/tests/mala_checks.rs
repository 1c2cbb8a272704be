//! MALA against the exact grid density, and MALA without its Metropolis correction failing it.

use super::*;

fn mala_cases() -> [(Target, f32, u32); 5] {
    [
        (gaussian(1.0), 0.2, 200),
        (gaussian(2.0), 0.2, 200),
        (banana(), 0.05, 600),
        (double_well(), 0.02, 400),
        (mixture(), 0.005, 200),
    ]
}

#[test]
fn mala_on_gaussians_matches_the_exact_grid_density() {
    for (t, eps, steps) in mala_cases().into_iter().take(2) {
        assert_passes("mala", &t, &params(SamplerKind::Mala, &t, eps, 0), steps, 0.0);
    }
}

#[test]
fn mala_on_banana_double_well_and_mixture_matches_the_exact_grid_density() {
    for (t, eps, steps) in mala_cases().into_iter().skip(2) {
        assert_passes("mala", &t, &params(SamplerKind::Mala, &t, eps, 0), steps, 0.0);
    }
}

fn mala_without_correction(e: &dyn Energy, p: &SamplerParams, c: &mut Chains, rng: &Rng, s: u32) {
    // Bug: the Metropolis step is gone, leaving unadjusted Langevin.
    mala::propose(p, c, rng, s);
    accept_every_proposal(e, c);
}

#[test]
fn mala_without_its_correction_at_a_large_step_fails_the_density_check() {
    // At ε = 0.5 unadjusted Langevin inflates the variances by 1/(1 − ε/(2s²)):
    // ×1.33 along y1 and ×2.04 along y2 (closed form). With the correction the
    // same step is exact, and passes.
    let (t, eps, steps) = (gaussian(1.0), 0.5, 200);
    let p = params(SamplerKind::Mala, &t, eps, 0);
    assert_passes("mala, large step", &t, &p, steps, 0.0);
    assert_fails("mala without correction, large step", &t, &p, steps, 0.0, mala_without_correction);
}
