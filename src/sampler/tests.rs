//! Statistical tests of the samplers against exact grid densities, at fixed seeds.
//!
//! Method: 4,000 independent chains start uniformly on the disc of radius 3
//! (it shares the targets' symmetries: y1 ↦ −y1 for the double well, rotations
//! by π/4 for the 8-Gaussians mixture, so the mode weights are right without
//! crossing between modes), run a fixed number of steps, and their final
//! positions are binned on a 24 × 24 grid over the view box [−3, 3]² plus one
//! "outside" bin. The exact bin masses are midpoint sums of exp(−βE) on a
//! 192 × 192 grid (8 × 8 sub-cells per bin) over the closed-form Z_β; the
//! outside bin gets 1 − Σ inside. Bins are pooled in order of expected count
//! until each pool expects ≥ 5 draws (the pooling depends on the target only),
//! and Pearson's χ² with k pools has k − 1 degrees of freedom: mean k − 1,
//! sd √(2(k − 1)). The bound is mean + 5 sd (false alarm ≲ 1e-5 by the
//! Wilson–Hilferty approximation) plus, for unadjusted Langevin only, an
//! allowance for its O(ε) bias (measured, see `LANGEVIN_BIAS`).
//!
//! Each check is shown to have teeth: a deliberately broken variant of each
//! sampler (defined here only) fails the same check by a wide margin.

use super::{Chains, SamplerKind, SamplerParams, hmc, langevin, mala, run, rwmh};
use crate::energy::Energy;
use crate::energy::analytic::Analytic;
use crate::grid::Grid;
use crate::kernels::math::ln;
use crate::points::Points;
use crate::rng::{Rng, Stream};

type StepFn = fn(&dyn Energy, &SamplerParams, &mut Chains, &Rng, u32);

const CHAINS: usize = 4000;
/// Coarse bins per side over the view box.
const BINS: usize = 24;
/// Fine quadrature cells per coarse bin side.
const SUB: usize = 8;
/// Radius of the starting disc.
const START_RADIUS: f64 = 3.0;

struct Target {
    name: &'static str,
    energy: Analytic,
    beta: f32,
}

fn gaussian(beta: f32) -> Target {
    Target { name: "gaussian s=(1,0.7)", energy: Analytic::Gaussian { s1: 1.0, s2: 0.7 }, beta }
}

fn banana() -> Target {
    Target { name: "banana", energy: Analytic::Banana, beta: 1.0 }
}

fn double_well() -> Target {
    Target { name: "double_well", energy: Analytic::DoubleWell, beta: 1.0 }
}

fn mixture() -> Target {
    Target { name: "8-gaussians", energy: Analytic::eight_gaussians(), beta: 1.0 }
}

/// log Z_β = log ∫ exp(−βE) over the whole plane, in closed form.
fn log_z(t: &Target) -> f64 {
    let beta = f64::from(t.beta);
    let two_pi = 2.0 * std::f64::consts::PI;
    match &t.energy {
        // Z = 2π s1 s2 / β.
        Analytic::Gaussian { s1, s2 } => (two_pi * f64::from(*s1) * f64::from(*s2) / beta).ln(),
        // Substituting u = y2 − (y1² − 4)/4 (Jacobian 1): √(8π/β)·√(π/(2β)) = 2π/β.
        Analytic::Banana => (two_pi / beta).ln(),
        // Each component integrates to 2πσ²; the 1/K weights sum to 1 (β = 1 only).
        Analytic::Mixture { sigma, .. } => {
            assert_eq!(t.beta, 1.0, "the mixture's Z is closed-form at β = 1 only");
            (two_pi * f64::from(*sigma).powi(2)).ln()
        }
        // √(2π/β) · ∫ exp(−2β(a² − 1)²) da, the 1-D integral by the midpoint rule on
        // [−4, 4] (the integrand is below e^-400 outside) with 10⁵ cells.
        Analytic::DoubleWell => {
            let (m, h) = (100_000, 8.0 / 100_000.0);
            let one_d: f64 = (0..m)
                .map(|j| {
                    let a = -4.0 + (j as f64 + 0.5) * h;
                    (-2.0 * beta * (a * a - 1.0).powi(2)).exp()
                })
                .sum::<f64>()
                * h;
            (two_pi / beta).sqrt().ln() + one_d.ln()
        }
        other => panic!("no closed-form Z for {other:?}"),
    }
}

/// Exact probability of each coarse bin (row-major, y up) and, last, of the outside.
fn exact_bin_masses(t: &Target) -> Vec<f64> {
    let fine = Grid::new(BINS * SUB, t.energy.view());
    let energies = fine.energies(&t.energy);
    let (lz, area, beta) = (log_z(t), f64::from(fine.cell_area()), f64::from(t.beta));
    let mut mass = vec![0.0f64; BINS * BINS + 1];
    for r in 0..fine.n {
        for c in 0..fine.n {
            let e = f64::from(energies[r * fine.n + c]);
            mass[(r / SUB) * BINS + c / SUB] += (-beta * e - lz).exp() * area;
        }
    }
    let inside: f64 = mass[..BINS * BINS].iter().sum();
    assert!(inside < 1.0 + 1e-4, "{}: quadrature and closed-form Z disagree: {inside}", t.name);
    mass[BINS * BINS] = (1.0 - inside).max(0.0);
    mass
}

/// Counts of `pts` per coarse bin; non-finite or outside points go to the last bin.
fn bin_counts(pts: &Points, t: &Target) -> Vec<f64> {
    let view = t.energy.view();
    let (w, h) = (f64::from(view.width()) / BINS as f64, f64::from(view.height()) / BINS as f64);
    let mut counts = vec![0.0; BINS * BINS + 1];
    for i in 0..pts.len() {
        let c = ((f64::from(pts.y1[i]) - f64::from(view.x_lo)) / w).floor();
        let r = ((f64::from(pts.y2[i]) - f64::from(view.y_lo)) / h).floor();
        let inside = (0.0..BINS as f64).contains(&c) && (0.0..BINS as f64).contains(&r);
        counts[if inside { r as usize * BINS + c as usize } else { BINS * BINS }] += 1.0;
    }
    counts
}

/// Pearson's χ² with bins pooled (smallest expected first) to expect ≥ 5 each;
/// returns (statistic, degrees of freedom).
fn chi_square(counts: &[f64], masses: &[f64], n: usize) -> (f64, usize) {
    let mut order: Vec<usize> = (0..masses.len()).collect();
    order.sort_by(|&a, &b| masses[a].total_cmp(&masses[b]));
    let mut pools: Vec<(f64, f64)> = Vec::new();
    let (mut exp, mut obs) = (0.0, 0.0);
    for i in order {
        exp += masses[i] * n as f64;
        obs += counts[i];
        if exp >= 5.0 {
            pools.push((exp, obs));
            (exp, obs) = (0.0, 0.0);
        }
    }
    // The last, too-small remainder joins the pool before it.
    if let Some(last) = pools.last_mut() {
        last.0 += exp;
        last.1 += obs;
    }
    let stat = pools.iter().map(|(e, o)| (o - e) * (o - e) / e).sum();
    (stat, pools.len() - 1)
}

/// χ² bound for k − 1 degrees of freedom: mean + 5 sd.
fn chi_square_bound(dof: usize) -> f64 {
    dof as f64 + 5.0 * (2.0 * dof as f64).sqrt()
}

/// `n` starts uniform on the disc of radius [`START_RADIUS`].
fn disc_starts(n: usize, seed: u32) -> Points {
    let rng = Rng::new(seed.wrapping_add(0x51A7));
    let mut pts = Points::with_len(n);
    for i in 0..n {
        let u = rng.uniform4(Stream::Data, i as u32, 0);
        let r = START_RADIUS * f64::from(u[0]).sqrt();
        let a = std::f64::consts::TAU * f64::from(u[1]);
        pts.set(i, [(r * a.cos()) as f32, (r * a.sin()) as f32]);
    }
    pts
}

fn params(kind: SamplerKind, t: &Target, step_size: f32, leapfrog_steps: u32) -> SamplerParams {
    SamplerParams { kind, beta: t.beta, step_size, leapfrog_steps, ..SamplerParams::default() }
}

/// Final chains after `steps` steps of the product sampler (`broken: None`,
/// through [`run`]) or of a test-only variant.
fn sample(t: &Target, p: &SamplerParams, n: usize, steps: u32, seed: u32, broken: Option<StepFn>) -> Chains {
    let rng = Rng::new(seed);
    let mut c = Chains::new(disc_starts(n, seed));
    match broken {
        None => run(&t.energy, p, &mut c, &rng, 0, steps),
        Some(step) => {
            c.refresh(&t.energy);
            for s in 0..steps {
                step(&t.energy, p, &mut c, &rng, s);
            }
        }
    }
    c
}

struct Outcome {
    stat: f64,
    bound: f64,
}

impl Outcome {
    fn passed(&self) -> bool {
        self.stat < self.bound
    }
}

/// Runs the density check and prints the statistic against its bound.
fn density_check(label: &str, t: &Target, p: &SamplerParams, steps: u32, bias: f64, broken: Option<StepFn>) -> Outcome {
    let c = sample(t, p, CHAINS, steps, 2024, broken);
    let (stat, dof) = chi_square(&bin_counts(&c.pos, t), &exact_bin_masses(t), CHAINS);
    let bound = chi_square_bound(dof) + bias;
    eprintln!(
        "{label:<34} {:<20} β={} ε={} steps={steps:<4} accept={:.3}  χ²={stat:8.1}  dof={dof:3}  bound={bound:6.1}",
        t.name,
        t.beta,
        p.step_size,
        c.acceptance_rate()
    );
    Outcome { stat, bound }
}

fn assert_passes(label: &str, t: &Target, p: &SamplerParams, steps: u32, bias: f64) {
    let o = density_check(label, t, p, steps, bias, None);
    assert!(o.passed(), "{label} on {}: χ² {:.1} ≥ bound {:.1}", t.name, o.stat, o.bound);
}

fn assert_fails(label: &str, t: &Target, p: &SamplerParams, steps: u32, bias: f64, broken: StepFn) {
    let o = density_check(label, t, p, steps, bias, Some(broken));
    eprintln!("{label}: χ² is {:.0}× the bound", o.stat / o.bound);
    assert!(!o.passed(), "{label} on {} should fail: χ² {:.1} < bound {:.1}", t.name, o.stat, o.bound);
}

// ---- Unadjusted Langevin -------------------------------------------------

/// Allowance for unadjusted Langevin's bias in χ² units at 4,000 chains, per target
/// at the step sizes below. `langevin_bias_at_the_test_step_sizes` (ignored) measures
/// the excess E[χ²] − dof ≈ N·χ²-divergence(p_ε ‖ p) with 200,000 chains, scaled to
/// N = 4,000: 0.42, 0.26, 5.35, 3.23, 2.12, each ± 0.6 (√(2·dof)·4,000/200,000).
/// The allowance is 2 × (excess + 0.6), rounded up. Cross-check for the Gaussian:
/// ULA's variance is s²/β/(1 − ε/(2s²)) (closed form), a relative excess δ of 0.5 %
/// and 1.0 % along y1 and y2, and N·Σδ²/2 = 0.26.
const LANGEVIN_BIAS: [f64; 5] = [3.0, 2.0, 12.0, 8.0, 6.0];

fn langevin_cases() -> [(Target, f32, u32); 5] {
    // (target, ε, steps): εT ≥ 4 in units of the slowest relaxation time (s² for a
    // Gaussian, ≈ 4 for the banana's y1, 1 for the double well's y2, σ² for a mixture mode).
    [
        (gaussian(1.0), 0.01, 500),
        (gaussian(2.0), 0.01, 500),
        (banana(), 0.01, 1600),
        (double_well(), 0.005, 1000),
        (mixture(), 0.001, 400),
    ]
}

#[test]
fn langevin_on_gaussians_matches_the_exact_grid_density() {
    for (i, (t, eps, steps)) in langevin_cases().into_iter().enumerate().take(2) {
        assert_passes("langevin", &t, &params(SamplerKind::Langevin, &t, eps, 0), steps, LANGEVIN_BIAS[i]);
    }
}

#[test]
fn langevin_on_banana_double_well_and_mixture_matches_the_exact_grid_density() {
    for (i, (t, eps, steps)) in langevin_cases().into_iter().enumerate().skip(2) {
        assert_passes("langevin", &t, &params(SamplerKind::Langevin, &t, eps, 0), steps, LANGEVIN_BIAS[i]);
    }
}

fn langevin_with_half_the_noise_variance(e: &dyn Energy, p: &SamplerParams, c: &mut Chains, rng: &Rng, s: u32) {
    // Bug: √(ε/β) instead of √(2ε/β). It samples exp(−2βE): half the variance.
    langevin::drift_and_diffuse(e, p, c, rng, s, (p.step_size / p.beta).sqrt());
}

#[test]
fn langevin_with_half_the_noise_fails_the_density_check() {
    let (t, eps, steps) = (gaussian(1.0), 0.01, 500);
    let p = params(SamplerKind::Langevin, &t, eps, 0);
    assert_fails("langevin, noise √(ε/β)", &t, &p, steps, LANGEVIN_BIAS[0], langevin_with_half_the_noise_variance);
}

#[test]
#[ignore = "measures the bias allowance LANGEVIN_BIAS; about a minute"]
fn langevin_bias_at_the_test_step_sizes() {
    let n = 200_000;
    for (t, eps, steps) in langevin_cases() {
        let c = sample(&t, &params(SamplerKind::Langevin, &t, eps, 0), n, steps, 77, None);
        let (stat, dof) = chi_square(&bin_counts(&c.pos, &t), &exact_bin_masses(&t), n);
        // E[χ²] ≈ dof + N·χ²-divergence: the excess over dof, per draw, times 4,000.
        let per_draw = (stat - dof as f64) / n as f64;
        eprintln!(
            "{:<20} ε={eps}: χ²={stat:.1} dof={dof}, excess at {CHAINS} chains ≈ {:.2}",
            t.name,
            per_draw * CHAINS as f64
        );
    }
}

// ---- MALA ------------------------------------------------------------------

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

fn accept_every_proposal(e: &dyn Energy, c: &mut Chains) {
    e.energy_grad(&c.prop, &mut c.prop_energy, &mut c.prop_grad);
    for i in 0..c.len() {
        c.accept_proposal(i);
    }
    c.accepted += c.len() as u64;
    c.proposed += c.len() as u64;
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

// ---- HMC -------------------------------------------------------------------

fn hmc_cases() -> [(Target, f32, u32, u32); 5] {
    // (target, ε, leapfrog steps, iterations). The trajectory time εL is kept away
    // from half-periods π/ω of the Gaussian directions (ω = √β/s), where HMC mixes badly.
    [
        (gaussian(1.0), 0.08, 10, 60),
        (gaussian(2.0), 0.08, 10, 60),
        (banana(), 0.1, 10, 120),
        (double_well(), 0.05, 10, 150),
        (mixture(), 0.03, 10, 60),
    ]
}

#[test]
fn hmc_on_gaussians_matches_the_exact_grid_density() {
    for (t, eps, l, steps) in hmc_cases().into_iter().take(2) {
        assert_passes("hmc", &t, &params(SamplerKind::Hmc, &t, eps, l), steps, 0.0);
    }
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
    for (t, eps, l, steps) in hmc_cases().into_iter().skip(2) {
        assert_passes("hmc", &t, &params(SamplerKind::Hmc, &t, eps, l), steps, 0.0);
    }
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

// ---- Random-walk Metropolis–Hastings ---------------------------------------

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

// ---- Determinism, bookkeeping, conditioning --------------------------------

fn every_kind(freeze_y1: bool) -> impl Iterator<Item = SamplerParams> {
    SamplerKind::ALL.into_iter().map(move |(_, kind)| {
        let step_size = match kind {
            SamplerKind::Rwmh => 0.5,
            SamplerKind::Hmc => 0.1,
            _ => 0.02,
        };
        SamplerParams { kind, step_size, sgld_noise: 0.1, leapfrog_steps: 5, freeze_y1, ..SamplerParams::default() }
    })
}

#[test]
fn every_sampler_is_bit_identical_for_the_same_seed_and_differs_for_another() {
    let t = banana();
    for p in every_kind(false) {
        let a = sample(&t, &p, 64, 30, 1, None);
        let b = sample(&t, &p, 64, 30, 1, None);
        let bits = |c: &Chains| -> Vec<u32> {
            c.pos.y1.iter().chain(&c.pos.y2).chain(&c.energy).map(|v| v.to_bits()).collect()
        };
        assert_eq!(bits(&a), bits(&b), "{:?}", p.kind);
        assert_eq!((a.accepted, a.proposed), (b.accepted, b.proposed));
        // Same starts, other sampler seed: the chains must differ.
        let rng = Rng::new(2);
        let mut c = Chains::new(disc_starts(64, 1));
        run(&t.energy, &p, &mut c, &rng, 0, 30);
        assert_ne!(bits(&a), bits(&c), "{:?}", p.kind);
    }
}

#[test]
fn running_in_two_halves_equals_running_at_once() {
    // Random numbers are keyed by the global step, not by call order.
    let t = double_well();
    for p in every_kind(false) {
        let whole = sample(&t, &p, 32, 40, 9, None);
        let mut halves = Chains::new(disc_starts(32, 9));
        run(&t.energy, &p, &mut halves, &Rng::new(9), 0, 25);
        run(&t.energy, &p, &mut halves, &Rng::new(9), 25, 15);
        assert_eq!(whole.pos, halves.pos, "{:?}", p.kind);
    }
}

#[test]
fn metropolis_samplers_accept_some_but_not_all_proposals() {
    let t = banana();
    for p in every_kind(false) {
        let c = sample(&t, &p, 256, 100, 4, None);
        let rate = c.acceptance_rate();
        eprintln!("{:?}: acceptance {rate:.3}", p.kind);
        assert_eq!(c.proposed, 256 * 100);
        match p.kind {
            SamplerKind::Langevin | SamplerKind::Sgld => assert_eq!(c.accepted, c.proposed),
            _ => assert!(rate > 0.0 && rate < 1.0, "{:?}: {rate}", p.kind),
        }
    }
}

#[test]
fn sgld_with_the_langevin_noise_is_langevin_bit_for_bit() {
    let t = banana();
    let lang = SamplerParams { kind: SamplerKind::Langevin, step_size: 0.02, ..SamplerParams::default() };
    let sgld = SamplerParams { kind: SamplerKind::Sgld, sgld_noise: langevin::noise_scale(&lang), ..lang };
    assert_eq!(sample(&t, &lang, 64, 50, 3, None).pos, sample(&t, &sgld, 64, 50, 3, None).pos);
}

#[test]
fn freeze_y1_keeps_y1_bit_identical_for_every_sampler() {
    let t = banana();
    for p in every_kind(true) {
        let c = sample(&t, &p, 64, 50, 5, None);
        let start = disc_starts(64, 5);
        assert_eq!(c.pos.y1, start.y1, "{:?}", p.kind);
        assert!(c.pos.y2.iter().zip(&start.y2).filter(|(a, b)| a != b).count() > 32, "{:?}: y2 should move", p.kind);
    }
}

#[test]
fn every_sampler_with_frozen_y1_samples_the_banana_conditional() {
    // At fixed y1 = a the banana is a Gaussian in y2 with mean (a² − 4)/4 and
    // variance 1/(4β) (closed form): at a = 1, β = 1: mean −0.75, variance 0.25.
    // Unadjusted Langevin's variance is 1/(4β(1 − 2ε)) instead (its Gaussian
    // closed form with curvature 4). Bounds: 5 standard errors with N = 4,000:
    // mean 5·0.5/√N = 0.040, variance 5·0.25·√(2/N) = 0.028.
    let t = banana();
    let n = CHAINS;
    for p in every_kind(true).filter(|p| p.kind != SamplerKind::Sgld) {
        let rng = Rng::new(6);
        let mut c = Chains::new(Points { y1: vec![1.0; n], y2: disc_starts(n, 6).y2 });
        run(&t.energy, &p, &mut c, &rng, 0, 400);
        let mean = c.pos.y2.iter().map(|&v| f64::from(v)).sum::<f64>() / n as f64;
        let var = c.pos.y2.iter().map(|&v| (f64::from(v) - mean).powi(2)).sum::<f64>() / (n - 1) as f64;
        let want_var = match p.kind {
            SamplerKind::Langevin => 0.25 / (1.0 - 2.0 * f64::from(p.step_size)),
            _ => 0.25,
        };
        eprintln!("{:?} at y1 = 1: mean {mean:.4} (−0.75 ± 0.040), variance {var:.4} ({want_var:.4} ± 0.028)", p.kind);
        assert!((mean + 0.75).abs() < 0.040, "{:?}: mean {mean}", p.kind);
        assert!((var - want_var).abs() < 0.028, "{:?}: variance {var}", p.kind);
    }
}
