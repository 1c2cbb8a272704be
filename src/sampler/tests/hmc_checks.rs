//! HMC against the exact grid density; without its correction, or with the wrong momentum variance, it fails.

use super::*;

fn hmc_cases() -> [Case; 5] {
    // 10 leapfrog steps per iteration. The trajectory time εL is kept away
    // from half-periods π/ω of the Gaussian directions (ω = √β/s), where HMC mixes badly.
    //
    // Banana, double well and mixture at step sizes where ΔH's Metropolis step
    // matters (measured with `hmc_without_its_correction_fails_on_…`): without it the
    // banana (ε = 0.3) and the double well (ε = 0.15) chains leave the reals, and
    // the mixture's modes widen by 1/(1 − (εω)²/4) = ×1.13 in variance (ε = 0.1,
    // ω = 1/σ = 6.7; closed form of the linear leapfrog map) — too little for 4,000
    // chains (χ² 0.7× the bound) but 3.5× the bound with 64,000, where HMC passes (0.6×).
    [
        Case { leapfrog: 10, ..case(gaussian(1.0), 0.08, 60) },
        Case { leapfrog: 10, ..case(gaussian(2.0), 0.08, 60) },
        Case { leapfrog: 10, ..case(banana(), 0.3, 120) },
        Case { leapfrog: 10, ..case(double_well(), 0.15, 150) },
        Case { leapfrog: 10, chains: 64_000, ..case(mixture(), 0.1, 60) },
    ]
}

#[test]
fn hmc_on_gaussians_matches_the_exact_grid_density() {
    assert_cases_pass(SamplerKind::Hmc, hmc_cases(), [0.0; 5], GAUSSIANS);
}

fn hmc_without_correction(e: &dyn Energy, p: &SamplerParams, c: &mut Chains, rng: &Rng, s: u32) {
    // Bug: the leapfrog end point is always taken, whatever ΔH.
    for i in 0..c.len() {
        let xi = rng.normal4(Stream::SamplerNoise, i as u32, s);
        c.momentum.set(i, [xi[0], xi[1]]);
    }
    hmc::leapfrog(e, p, c);
    for i in 0..c.len() {
        c.accept_proposal(i);
    }
    c.accepted += c.len() as u64;
    c.proposed += c.len() as u64;
}

#[test]
fn hmc_without_its_correction_at_a_large_step_fails_the_density_check() {
    // At ε = 0.9 (εω = 1.29 along y2, ω = √β/s) uncorrected leapfrog HMC on a Gaussian
    // has stationary variance s²/β/(1 − (εω)²/4) (closed form of the linear map):
    // ×1.70 along y2, ×1.25 along y1. The Metropolis step on ΔH keeps HMC exact.
    let (t, eps, l, steps) = (gaussian(1.0), 0.9, 3, 100);
    let p = params(SamplerKind::Hmc, &t, eps, l);
    assert_passes("hmc, large step", &t, &p, steps, 0.0);
    assert_fails("hmc without correction, large step", &t, &p, steps, 0.0, hmc_without_correction);
}

#[test]
fn hmc_on_banana_double_well_and_mixture_matches_the_exact_grid_density() {
    assert_cases_pass(SamplerKind::Hmc, hmc_cases(), [0.0; 5], OTHERS);
}

fn hmc_with_momentum_variance_two(e: &dyn Energy, p: &SamplerParams, c: &mut Chains, rng: &Rng, s: u32) {
    // Bug: p ~ N(0, 2I) while H keeps ½‖p‖² (unit mass). On a Gaussian it samples
    // about twice the variance.
    let mut kinetic0 = vec![0.0f32; c.len()];
    for (i, k) in kinetic0.iter_mut().enumerate() {
        let xi = rng.normal4(Stream::SamplerNoise, i as u32, s);
        let m = [core::f32::consts::SQRT_2 * xi[0], core::f32::consts::SQRT_2 * xi[1]];
        c.momentum.set(i, m);
        *k = 0.5 * (m[0] * m[0] + m[1] * m[1]);
    }
    hmc::leapfrog(e, p, c);
    for (i, k) in kinetic0.iter().enumerate() {
        let [a, b] = c.momentum.get(i);
        let delta_h = p.beta * (c.prop_energy[i] - c.energy[i]) + 0.5 * (a * a + b * b) - k;
        if ln(rng.uniform4(Stream::Accept, i as u32, s)[0]) < -delta_h {
            c.accept_proposal(i);
            c.accepted += 1;
        }
    }
    c.proposed += c.len() as u64;
}

#[test]
fn hmc_with_the_wrong_momentum_variance_fails_the_density_check() {
    let (t, eps, l, steps) = (gaussian(1.0), 0.08, 10, 60);
    let p = params(SamplerKind::Hmc, &t, eps, l);
    assert_fails("hmc, momentum variance 2", &t, &p, steps, 0.0, hmc_with_momentum_variance_two);
}

#[test]
fn hmc_without_its_correction_fails_on_the_banana_the_double_well_and_the_mixture() {
    let label = "hmc without correction";
    let which = [BANANA, DOUBLE_WELL, MIXTURE];
    assert_twin_fails_cases(SamplerKind::Hmc, label, hmc_cases(), [0.0; 5], &which, hmc_without_correction);
}

#[test]
fn hmc_with_the_wrong_momentum_variance_fails_on_the_double_well() {
    let label = "hmc, momentum variance 2";
    let which = [DOUBLE_WELL];
    assert_twin_fails_cases(SamplerKind::Hmc, label, hmc_cases(), [0.0; 5], &which, hmc_with_momentum_variance_two);
}
