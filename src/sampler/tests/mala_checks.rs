//! MALA against the exact grid density, and MALA without its Metropolis correction failing it.

use super::*;

fn mala_cases() -> [Case; 5] {
    [
        case(gaussian(1.0), 0.2, 200),
        case(gaussian(2.0), 0.2, 200),
        case(banana(), 0.05, 600),
        case(double_well(), 0.02, 400),
        case(mixture(), 0.005, 200),
    ]
}

#[test]
fn mala_on_gaussians_matches_the_exact_grid_density() {
    assert_cases_pass(SamplerKind::Mala, mala_cases(), [0.0; 5], GAUSSIANS);
}

#[test]
fn mala_on_banana_double_well_and_mixture_matches_the_exact_grid_density() {
    assert_cases_pass(SamplerKind::Mala, mala_cases(), [0.0; 5], OTHERS);
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
