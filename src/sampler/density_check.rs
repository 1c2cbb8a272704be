//! The density check of the samplers: are these points distributed as
//! p ∝ exp(−βE)? Points are binned on a 24 × 24 grid over the target's view
//! box plus one "outside" bin; the exact bin masses are midpoint sums of
//! exp(−βE) on a 192 × 192 grid over the closed-form Z_β; Pearson's χ² over
//! bins pooled to expect ≥ 5 draws each. Used by the CPU samplers' tests
//! (`tests/`) and by the GPU sampler's browser tests (`tests/gpu.rs`).

use crate::energy::analytic::Analytic;
use crate::grid::Grid;
use crate::points::Points;

/// Coarse bins per side over the view box.
pub const BINS: usize = 24;
/// Fine quadrature cells per coarse bin side.
pub const SUB: usize = 8;
/// An analytic target at inverse temperature β, with a closed-form Z_β.
pub struct Target {
    pub name: &'static str,
    pub energy: Analytic,
    pub beta: f32,
}

pub fn gaussian(beta: f32) -> Target {
    Target { name: "gaussian s=(1,0.7)", energy: Analytic::Gaussian { s1: 1.0, s2: 0.7 }, beta }
}

pub fn banana() -> Target {
    Target { name: "banana", energy: Analytic::Banana, beta: 1.0 }
}

pub fn double_well() -> Target {
    Target { name: "double_well", energy: Analytic::DoubleWell, beta: 1.0 }
}

pub fn mixture() -> Target {
    Target { name: "8-gaussians", energy: Analytic::eight_gaussians(), beta: 1.0 }
}

/// log Z_β = log ∫ exp(−βE) over the whole plane, in closed form.
pub fn log_z(t: &Target) -> f64 {
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
pub fn exact_bin_masses(t: &Target) -> Vec<f64> {
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

/// Counts of `pts` per coarse bin; points outside the view box go to the last bin.
/// A non-finite point is a broken sampler, never "outside": it panics, naming how many.
pub fn bin_counts(pts: &Points, t: &Target) -> Vec<f64> {
    let bad = (0..pts.len()).filter(|&i| !(pts.y1[i].is_finite() && pts.y2[i].is_finite())).count();
    assert!(bad == 0, "{}: {bad} of {} chains are not finite", t.name, pts.len());
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
pub fn chi_square(counts: &[f64], masses: &[f64], n: usize) -> (f64, usize) {
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
pub fn chi_square_bound(dof: usize) -> f64 {
    dof as f64 + 5.0 * (2.0 * dof as f64).sqrt()
}

/// χ² of `pts` against the exact density of `t`, and its bound (mean + 5 sd).
pub fn chi_square_against(t: &Target, pts: &Points) -> (f64, f64) {
    let (stat, dof) = chi_square(&bin_counts(pts, t), &exact_bin_masses(t), pts.len());
    (stat, chi_square_bound(dof))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_non_finite_chain_fails_the_check_instead_of_counting_as_outside() {
        let pts = Points::from_pairs(&[[0.0, 0.0], [f32::NAN, 0.0], [9.0, 9.0]]);
        let t = gaussian(1.0);
        // Outside the view box is a legitimate bin ...
        assert_eq!(bin_counts(&Points::from_pairs(&[[0.0, 0.0], [9.0, 9.0]]), &t)[BINS * BINS], 1.0);
        // ... a NaN is a broken sampler.
        let caught = std::panic::catch_unwind(|| bin_counts(&pts, &t));
        let msg = caught.expect_err("a NaN chain must fail").downcast::<String>().unwrap();
        assert!(msg.contains("1 of 3 chains are not finite"), "{msg}");
    }
}
