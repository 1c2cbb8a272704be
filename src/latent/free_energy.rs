//! Free energies over a z grid (lecture §2; docs/datasets.md "Latent-variable model defaults").
//!
//! For energies E_k = E(y, z_k) on a grid of N_z latents:
//! - zero temperature: F∞ = min_k E_k;
//! - inverse temperature β: F_β = −(1/β)·log((1/N_z)·Σ_k exp(−β E_k)), the
//!   **average** over the grid, not the sum. The average is the grid's estimate of
//!   (1/|Z|)∫ exp(−βE) dz, so F_β → mean_k E_k as β → 0 and F_β → F∞ as β → ∞, and a
//!   constant energy has F_β = that constant. The plain sum would give F_β − (log N_z)/β.
//!
//! ∂F_β/∂E_k = softmin_k = exp(−β E_k) / Σ_j exp(−β E_j): the posterior over z. It
//! carries every gradient through the free energy (∇_y F = Σ_k softmin_k ∇_y E_k),
//! and is the same under both conventions.
//!
//! β ∈ [0, ∞]: β = ∞ is F∞ with a one-hot posterior on the argmin, β = 0 the mean with
//! a uniform posterior (the limits, taken exactly). In between the log-sum-exp is
//! shifted by the minimum energy, so F_β = F∞ − (1/β)(L − log N_z) with
//! L = log Σ exp(−β(E_k − F∞)) ∈ [0, log N_z]: it never overflows, and F_β lies in
//! [F∞, F∞ + (log N_z)/β]. In f32 its absolute error is about ε·log N_z/β, which only
//! matters for β far below the energy scale's reciprocal (β = 10⁻³ costs ~10⁻³).

use crate::kernels::math::{exp, ln};
use crate::kernels::{log_sum_exp, sum};

/// F∞ = min_k E_k and the argmin k (the first one on ties).
pub fn zero_temperature(e: &[f32]) -> (usize, f32) {
    assert!(!e.is_empty(), "a free energy needs at least one latent value");
    let mut best = (0, e[0]);
    for (k, &v) in e.iter().enumerate().skip(1) {
        if v < best.1 {
            best = (k, v);
        }
    }
    best
}

/// F_β of one row of energies, and ∂F_β/∂E_k (the softmin posterior over z) in `posterior`.
pub fn free_energy_and_posterior(e: &[f32], beta: f32, posterior: &mut [f32]) -> f32 {
    assert_eq!(e.len(), posterior.len(), "one posterior weight per latent value");
    assert!(beta >= 0.0, "beta must be in [0, inf], got {beta}");
    let (arg, min) = zero_temperature(e);
    let n = e.len() as f32;
    if beta == f32::INFINITY {
        posterior.fill(0.0);
        posterior[arg] = 1.0;
        return min;
    }
    if beta == 0.0 {
        posterior.fill(1.0 / n);
        return sum(e) / n;
    }
    for (w, &ek) in posterior.iter_mut().zip(e) {
        *w = -beta * (ek - min);
    }
    let l = log_sum_exp(posterior);
    for w in posterior.iter_mut() {
        *w = exp(*w - l);
    }
    min - (l - ln(n)) / beta
}

/// F_β of one row of energies (β ∈ [0, ∞]).
pub fn free_energy(e: &[f32], beta: f32) -> f32 {
    free_energy_and_posterior(e, beta, &mut vec![0.0; e.len()])
}

/// A batch: `e[i * n_z + k] = E(y_i, z_k)`; writes `out[i] = F_β(y_i)` and, row by row,
/// the posteriors into `posterior` (same shape as `e`).
pub fn free_energies(e: &[f32], n_z: usize, beta: f32, out: &mut [f32], posterior: &mut [f32]) {
    assert!(n_z > 0 && e.len() == out.len() * n_z && posterior.len() == e.len(), "batch shapes");
    for (i, f) in out.iter_mut().enumerate() {
        let rows = i * n_z..(i + 1) * n_z;
        *f = free_energy_and_posterior(&e[rows.clone()], beta, &mut posterior[rows]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::{Rng, Stream};

    /// 48 energies in [0, 6) (the course's grid size), seeded.
    fn energies(seed: u32) -> Vec<f32> {
        let rng = Rng::new(seed);
        (0..48).map(|k| 6.0 * rng.uniform4(Stream::Latent, k, 0)[0]).collect()
    }

    /// The definition in f64 with the average convention, shifted by the minimum.
    fn reference(e: &[f32], beta: f64) -> f64 {
        let e: Vec<f64> = e.iter().map(|&v| f64::from(v)).collect();
        let m = e.iter().copied().fold(f64::INFINITY, f64::min);
        let avg = e.iter().map(|v| (-beta * (v - m)).exp()).sum::<f64>() / e.len() as f64;
        m - avg.ln() / beta
    }

    fn mean_var(e: &[f32]) -> (f64, f64) {
        let n = e.len() as f64;
        let m = e.iter().map(|&v| f64::from(v)).sum::<f64>() / n;
        (m, e.iter().map(|&v| (f64::from(v) - m).powi(2)).sum::<f64>() / n)
    }

    #[test]
    fn free_energy_matches_the_f64_definition_at_every_temperature() {
        for seed in 0..5 {
            let e = energies(seed);
            for beta in [1e-2f32, 0.1, 0.3, 1.0, 3.2, 10.0, 100.0, 1e4] {
                let (got, want) = (f64::from(free_energy(&e, beta)), reference(&e, f64::from(beta)));
                // Error budget of the module docs: ε·log N_z/β from the log-sum-exp, plus
                // a few ulp of the energies (< 6), with ε = 1.2e-7 and log 48 = 3.9.
                let tol = 4.0 * 1.2e-7 * 3.9 / f64::from(beta) + 4.0 * 1.2e-7 * 6.0;
                assert!((got - want).abs() < tol, "seed {seed} β {beta}: {got} vs {want}");
            }
        }
    }

    #[test]
    fn free_energy_tends_to_the_minimum_as_beta_grows() {
        let e = energies(7);
        let (_, min) = zero_temperature(&e);
        let min_f64 = e.iter().map(|&v| f64::from(v)).fold(f64::INFINITY, f64::min);
        assert_eq!(f64::from(min), min_f64);
        assert_eq!(free_energy(&e, f32::INFINITY), min);
        for beta in [1.0f32, 10.0, 100.0, 1e3, 1e5] {
            let f = free_energy(&e, beta);
            // The average of exp(−β(E − min)) lies in [1/N_z, 1]: F_β ∈ [F∞, F∞ + log(48)/β].
            let gap = f64::from(f) - min_f64;
            assert!(gap >= -1e-6 && gap <= 48f64.ln() / f64::from(beta) + 1e-6, "β {beta}: gap {gap}");
        }
    }

    #[test]
    fn free_energy_tends_to_the_mean_as_beta_vanishes() {
        let e = energies(8);
        let (mean, var) = mean_var(&e);
        assert!((f64::from(free_energy(&e, 0.0)) - mean).abs() < 1e-5, "β = 0 is the mean exactly");
        for beta in [1e-1f32, 1e-2, 1e-3] {
            let f = f64::from(free_energy(&e, beta));
            // Cumulant expansion: F_β = mean − β·Var/2 + β²κ₃/6 − …, and |κ₃| ≤ 6³ for energies
            // in [0, 6), so the remainder is below 36β² (for these β); Jensen: F_β ≤ mean.
            // Slack: the f32 error ε·log N_z/β of the module docs, tripled.
            let slack = 3.0 * 1.2e-7 * 48f64.ln() / f64::from(beta) + 1e-5;
            let second = mean - f64::from(beta) * var / 2.0;
            assert!(f <= mean + slack, "β {beta}: {f} above the mean {mean}");
            assert!((f - second).abs() < f64::from(beta).powi(2) * 36.0 + slack, "β {beta}: {f} vs {second}");
        }
    }

    #[test]
    fn the_average_convention_sits_log_n_over_beta_above_the_plain_sum() {
        let e = energies(9);
        for beta in [0.1f64, 1.0, 3.2] {
            // The plain-sum convention in f64: −(1/β) log Σ exp(−βE).
            let plain = -(e.iter().map(|&v| (-beta * f64::from(v)).exp()).sum::<f64>()).ln() / beta;
            let offset = f64::from(free_energy(&e, beta as f32)) - plain;
            assert!((offset - 48f64.ln() / beta).abs() < 1e-4, "β {beta}: offset {offset}");
        }
        // A constant energy c has F_β = c under the average convention, for every β (closed form).
        for beta in [0.0f32, 1e-3, 1.0, 50.0, f32::INFINITY] {
            assert!((free_energy(&[2.5; 48], beta) - 2.5).abs() < 1e-5, "β {beta}");
        }
    }

    #[test]
    fn the_posterior_is_the_gradient_of_the_free_energy() {
        let e = energies(10);
        for beta in [0.3f32, 1.0, 3.2] {
            let mut w = vec![0.0; 48];
            free_energy_and_posterior(&e, beta, &mut w);
            assert!((w.iter().map(|&v| f64::from(v)).sum::<f64>() - 1.0).abs() < 1e-5);
            let h = 1e-2;
            for k in 0..48 {
                let mut up = e.clone();
                up[k] += h;
                let mut down = e.clone();
                down[k] -= h;
                let fd =
                    (f64::from(free_energy(&up, beta)) - f64::from(free_energy(&down, beta))) / (2.0 * f64::from(h));
                // f32 values near 3 differ by ~1e-7 over 2h = 0.02; the curvature term is O(β h²).
                assert!((f64::from(w[k]) - fd).abs() < 2e-5 + 1e-4 * f64::from(beta), "β {beta} k {k}");
            }
        }
        let mut w = vec![0.0; 48];
        let (arg, _) = zero_temperature(&e);
        free_energy_and_posterior(&e, f32::INFINITY, &mut w);
        assert!(w[arg] == 1.0 && w.iter().sum::<f32>() == 1.0, "one-hot on the argmin at β = ∞");
        free_energy_and_posterior(&e, 0.0, &mut w);
        assert!(w.iter().all(|&v| v == 1.0 / 48.0), "uniform at β = 0");
    }

    #[test]
    fn batches_are_rows_and_huge_energies_stay_finite() {
        let (a, b) = (energies(11), energies(12).iter().map(|v| 1e4 + 100.0 * v).collect::<Vec<_>>());
        let e = [a.clone(), b.clone()].concat();
        let (mut out, mut post) = ([0.0; 2], vec![0.0; 96]);
        free_energies(&e, 48, 100.0, &mut out, &mut post);
        assert_eq!(out, [free_energy(&a, 100.0), free_energy(&b, 100.0)]);
        // Energies near 1e4 at β = 100: exp(−β E) underflows in f64, the shifted form does not.
        assert!(out[1].is_finite() && out[1] >= zero_temperature(&b).1, "{}", out[1]);
        assert!((post[48..].iter().sum::<f32>() - 1.0).abs() < 1e-5);
    }
}
