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
//! sampler (defined here only) fails the same check with χ² at least
//! [`TEETH`] times the bound, on the Gaussian and on the harder targets, at
//! step sizes where the correct sampler passes. Where a case needs more power
//! than 4,000 chains give, it says so and runs more.

use super::density_check::{BINS, Target, bin_counts, chi_square, chi_square_bound, exact_bin_masses};
pub(super) use super::density_check::{banana, double_well, gaussian, mixture};
use super::{Chains, SamplerKind, SamplerParams, hmc, langevin, mala, run, rwmh};
use crate::energy::Energy;
use crate::kernels::math::ln;
use crate::points::Points;
use crate::rng::{Rng, Stream};

type StepFn = fn(&dyn Energy, &SamplerParams, &mut Chains, &Rng, u32);

const CHAINS: usize = 4000;
/// Radius of the starting disc.
const START_RADIUS: f64 = 3.0;
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
    density_check_with(label, t, p, CHAINS, steps, bias, broken)
}

/// [`density_check`] with `n` chains instead of [`CHAINS`].
fn density_check_with(
    label: &str,
    t: &Target,
    p: &SamplerParams,
    n: usize,
    steps: u32,
    bias: f64,
    broken: Option<StepFn>,
) -> Outcome {
    let c = sample(t, p, n, steps, 2024, broken);
    // A chain that left the reals fails outright (χ² = ∞); `bin_counts` would panic on it.
    let (stat, dof) = if c.pos.is_finite() {
        chi_square(&bin_counts(&c.pos, t), &exact_bin_masses(t), n)
    } else {
        (f64::INFINITY, chi_square(&vec![0.0; BINS * BINS + 1], &exact_bin_masses(t), n).1)
    };
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

/// Indices of the banana, the double well and the mixture among a sampler's five cases.
const BANANA: usize = 2;
const DOUBLE_WELL: usize = 3;
const MIXTURE: usize = 4;

/// How far past its bound a broken twin must land: a twin that only just fails
/// would show a check with no margin to spare, not one with teeth.
const TEETH: f64 = 3.0;

fn assert_fails(label: &str, t: &Target, p: &SamplerParams, steps: u32, bias: f64, broken: StepFn) {
    assert_fails_with(label, t, p, CHAINS, steps, bias, broken);
}

fn assert_fails_with(label: &str, t: &Target, p: &SamplerParams, n: usize, steps: u32, bias: f64, broken: StepFn) {
    let o = density_check_with(label, t, p, n, steps, bias, Some(broken));
    eprintln!("{label}: χ² is {:.1}× the bound", o.stat / o.bound);
    assert!(
        o.stat >= TEETH * o.bound,
        "{label} on {} should fail by {TEETH}×: χ² {:.1}, bound {:.1}",
        t.name,
        o.stat,
        o.bound
    );
}

/// One density check of a sampler: the target, the step size ε, the number of
/// steps, and (HMC only) the leapfrog steps per iteration.
struct Case {
    target: Target,
    eps: f32,
    steps: u32,
    leapfrog: u32,
    /// Chains: [`CHAINS`] unless the case needs more power to tell its twin apart.
    chains: usize,
}

fn case(target: Target, eps: f32, steps: u32) -> Case {
    Case { target, eps, steps, leapfrog: 0, chains: CHAINS }
}

/// Every sampler is checked on the same five targets, in this order: the two
/// Gaussians (β = 1, 2), then banana, double well and the 8-Gaussians mixture.
const GAUSSIANS: std::ops::Range<usize> = 0..2;
const OTHERS: std::ops::Range<usize> = 2..5;

/// Runs `which` of a sampler's five cases through the density check, each with
/// its bias allowance (zero for the exact samplers).
fn assert_cases_pass(kind: SamplerKind, cases: [Case; 5], bias: [f64; 5], which: std::ops::Range<usize>) {
    let label = SamplerKind::ALL.iter().find(|(_, k)| *k == kind).map_or("sampler", |(n, _)| *n);
    for (i, c) in cases.into_iter().enumerate().filter(|(i, _)| which.contains(i)) {
        let p = params(kind, &c.target, c.eps, c.leapfrog);
        let o = density_check_with(label, &c.target, &p, c.chains, c.steps, bias[i], None);
        assert!(o.passed(), "{label} on {}: χ² {:.1} ≥ bound {:.1}", c.target.name, o.stat, o.bound);
    }
}

/// The broken twin fails the cases at `which` (indices into the five), each at the
/// case's own step size, steps and chains, by [`TEETH`]× the bound.
fn assert_twin_fails_cases(
    kind: SamplerKind,
    label: &str,
    cases: [Case; 5],
    bias: [f64; 5],
    which: &[usize],
    broken: StepFn,
) {
    for (i, c) in cases.into_iter().enumerate().filter(|(i, _)| which.contains(i)) {
        let p = params(kind, &c.target, c.eps, c.leapfrog);
        assert_fails_with(label, &c.target, &p, c.chains, c.steps, bias[i], broken);
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

mod bookkeeping;
mod hmc_checks;
mod langevin_checks;
mod mala_checks;
mod pinned;
mod rwmh_checks;
