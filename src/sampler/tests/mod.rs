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

/// One density check of a sampler: the target, the step size ε, the number of
/// steps, and (HMC only) the leapfrog steps per iteration.
struct Case {
    target: Target,
    eps: f32,
    steps: u32,
    leapfrog: u32,
}

fn case(target: Target, eps: f32, steps: u32) -> Case {
    Case { target, eps, steps, leapfrog: 0 }
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
        assert_passes(label, &c.target, &p, c.steps, bias[i]);
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
mod rwmh_checks;
