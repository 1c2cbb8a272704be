//! Inference over z (lecture §1–2): ž = argmin_z E(y, z) for
//! E(y, z) = ‖y − g(z)‖² + λ‖z‖², exhaustively over a grid (with the full softmin
//! posterior), then, for a continuous z, by gradient descent on z from the best grid
//! values.

use super::decoder::Decoder;
use super::free_energy::{free_energy_and_posterior, zero_temperature};
use super::predictions::Predictions;
use super::zgrid::ZGrid;

/// The result of inference: ž, E(y, ž) and the number of descent steps taken.
#[derive(Clone, Debug, PartialEq)]
pub struct Inference {
    pub z: Vec<f32>,
    pub energy: f32,
    pub steps: u32,
}

/// Gradient descent on z: z ← z − lr·∇_z E, halving lr whenever a step would raise E
/// (a rejected step still counts); stops when a step moves z by less than `tol` or
/// after `max_steps`. Starts from the `starts` lowest-energy grid values.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Descent {
    pub lr: f32,
    pub max_steps: u32,
    pub tol: f32,
    pub starts: usize,
}

impl Default for Descent {
    /// lr 0.1 suits energies of curvature up to ~10 in z (the ellipse's 2w² ≤ 8).
    fn default() -> Self {
        Self { lr: 0.1, max_steps: 500, tol: 1e-6, starts: 1 }
    }
}

/// E(y, z) = ‖y − g(z)‖² + λ‖z‖².
pub fn energy_z(decoder: &dyn Decoder, lambda: f32, y: [f32; 2], z: &[f32]) -> f32 {
    let g = decoder.decode(z);
    let (d1, d2) = (y[0] - g[0], y[1] - g[1]);
    d1 * d1 + d2 * d2 + lambda * z.iter().map(|v| v * v).sum::<f32>()
}

/// E(y, z), and ∇_z E = −2(∂g/∂z)ᵀ(y − g(z)) + 2λz into `grad`.
pub fn grad_z(decoder: &dyn Decoder, lambda: f32, y: [f32; 2], z: &[f32], grad: &mut [f32]) -> f32 {
    let g = decoder.decode(z);
    let d = [-2.0 * (y[0] - g[0]), -2.0 * (y[1] - g[1])];
    decoder.backward(z, d, &mut vec![0.0; decoder.params().len()], Some(grad));
    for (gi, zi) in grad.iter_mut().zip(z) {
        *gi += 2.0 * lambda * zi;
    }
    energy_z(decoder, lambda, y, z)
}

/// Exhaustive inference: the grid value of lowest energy (no descent steps).
pub fn infer_z_grid(decoder: &dyn Decoder, lambda: f32, grid: &ZGrid, y: [f32; 2]) -> Inference {
    let mut e = vec![0.0; grid.len()];
    Predictions::decode(decoder, grid, lambda).energies(y, &mut e);
    let (k, energy) = zero_temperature(&e);
    Inference { z: grid.z(k).to_vec(), energy, steps: 0 }
}

/// The posterior over the grid at inverse temperature β: softmin_k of E(y, z_k).
pub fn posterior(decoder: &dyn Decoder, lambda: f32, grid: &ZGrid, y: [f32; 2], beta: f32) -> Vec<f32> {
    let mut e = vec![0.0; grid.len()];
    Predictions::decode(decoder, grid, lambda).energies(y, &mut e);
    let mut w = vec![0.0; grid.len()];
    free_energy_and_posterior(&e, beta, &mut w);
    w
}

/// Gradient descent on z from `z0` (see [`Descent`]).
pub fn descend_z(decoder: &dyn Decoder, lambda: f32, y: [f32; 2], z0: &[f32], descent: Descent) -> Inference {
    let mut z = z0.to_vec();
    let mut g = vec![0.0; z.len()];
    let mut e = grad_z(decoder, lambda, y, &z, &mut g);
    let (mut lr, mut steps) = (descent.lr, 0);
    let mut trial = z.clone();
    while steps < descent.max_steps {
        steps += 1;
        for i in 0..z.len() {
            trial[i] = z[i] - lr * g[i];
        }
        let moved = lr * g.iter().map(|v| v * v).sum::<f32>().sqrt();
        let e_trial = energy_z(decoder, lambda, y, &trial);
        if e_trial <= e {
            z.copy_from_slice(&trial);
            e = grad_z(decoder, lambda, y, &z, &mut g);
        } else {
            lr *= 0.5;
        }
        if moved < descent.tol {
            break;
        }
    }
    Inference { z, energy: e, steps }
}

/// Grid inference, then descent from each of the `descent.starts` lowest grid values;
/// the lowest end point wins. `steps` sums the steps of every start.
pub fn infer_z(decoder: &dyn Decoder, lambda: f32, grid: &ZGrid, y: [f32; 2], descent: Descent) -> Inference {
    let mut e = vec![0.0; grid.len()];
    Predictions::decode(decoder, grid, lambda).energies(y, &mut e);
    let mut order: Vec<usize> = (0..grid.len()).collect();
    order.sort_by(|&a, &b| e[a].total_cmp(&e[b]));
    let mut best: Option<Inference> = None;
    let mut steps = 0;
    for &k in order.iter().take(descent.starts.max(1)) {
        let r = descend_z(decoder, lambda, y, grid.z(k), descent);
        steps += r.steps;
        if best.as_ref().is_none_or(|b| r.energy < b.energy) {
            best = Some(r);
        }
    }
    let mut best = best.unwrap_or(Inference { z: grid.z(order[0]).to_vec(), energy: e[order[0]], steps: 0 });
    best.steps = steps;
    best
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::latent::decoder::EllipseDecoder;
    use std::f64::consts::TAU;

    /// Brute force in f64: E(y, z) = ‖y − (2 cos z, 1.5 sin z)‖² on 200,000 angles of
    /// [0, 2π), refined by ternary search on the neighbouring interval.
    fn brute_force(y: [f32; 2]) -> (f64, f64) {
        let [a, b] = y.map(f64::from);
        let e = |z: f64| (a - 2.0 * z.cos()).powi(2) + (b - 1.5 * z.sin()).powi(2);
        let n = 200_000;
        let h = TAU / f64::from(n);
        let k = (0..n).min_by(|&i, &j| e(f64::from(i) * h).total_cmp(&e(f64::from(j) * h))).unwrap_or(0);
        let (mut lo, mut hi) = (f64::from(k) * h - h, f64::from(k) * h + h);
        for _ in 0..80 {
            let (m1, m2) = (lo + (hi - lo) / 3.0, hi - (hi - lo) / 3.0);
            if e(m1) < e(m2) { hi = m2 } else { lo = m1 }
        }
        let z = 0.5 * (lo + hi);
        (z.rem_euclid(TAU), e(z))
    }

    fn angle_gap(a: f64, b: f64) -> f64 {
        let d = (a - b).rem_euclid(TAU);
        d.min(TAU - d)
    }

    const POINTS: [[f32; 2]; 5] = [[2.3, 0.4], [-1.0, 1.2], [0.3, -1.9], [-2.5, -0.2], [1.0, 1.0]];

    #[test]
    fn grid_inference_finds_the_brute_force_minimum_to_within_the_grid_step() {
        let (dec, grid) = (EllipseDecoder::new([2.0, 1.5]), ZGrid::angles(48));
        for y in POINTS {
            let r = infer_z_grid(&dec, 0.0, &grid, y);
            let (z, e) = brute_force(y);
            // The best grid value is the one of lowest energy among the 48 (checked in f64) and
            // lies within one grid step π/24 of the true minimiser.
            let grid_best = (0..48)
                .map(|k| {
                    let t = f64::from(grid.z(k)[0]);
                    (f64::from(y[0]) - 2.0 * t.cos()).powi(2) + (f64::from(y[1]) - 1.5 * t.sin()).powi(2)
                })
                .fold(f64::INFINITY, f64::min);
            assert!((f64::from(r.energy) - grid_best).abs() < 1e-5, "{y:?}");
            assert!(angle_gap(f64::from(r.z[0]), z) <= std::f64::consts::PI / 24.0 + 1e-6, "{y:?}");
            assert!(f64::from(r.energy) >= e - 1e-6 && r.steps == 0);
        }
    }

    #[test]
    fn descent_from_the_grid_agrees_with_brute_force() {
        let (dec, grid) = (EllipseDecoder::new([2.0, 1.5]), ZGrid::angles(48));
        for y in POINTS {
            for starts in [1, 4] {
                let r = infer_z(&dec, 0.0, &grid, y, Descent { starts, ..Descent::default() });
                let (z, e) = brute_force(y);
                // Energies of order 1 in f32: a few ulp; z to 1e-3 (E is flat to second order at ž).
                assert!((f64::from(r.energy) - e).abs() < 1e-5, "{y:?}: {} vs {e}", r.energy);
                assert!(angle_gap(f64::from(r.z[0]), z) < 1e-3, "{y:?}: {} vs {z}", r.z[0]);
                assert!(r.steps > 0 && r.steps <= 500 * starts as u32);
            }
        }
    }

    #[test]
    fn grad_z_matches_central_differences_with_the_regulariser() {
        let dec = EllipseDecoder::new([2.0, 1.5]);
        for z in [0.4f32, 2.0, 5.1] {
            let mut g = [0.0];
            grad_z(&dec, 0.3, [0.5, -0.8], &[z], &mut g);
            let h = 1e-3;
            let e = |t: f32| f64::from(energy_z(&dec, 0.3, [0.5, -0.8], &[t]));
            let fd = (e(z + h) - e(z - h)) / (2.0 * f64::from(h));
            assert!((f64::from(g[0]) - fd).abs() < 2e-3 * (1.0 + fd.abs()), "z {z}: {} vs {fd}", g[0]);
        }
    }

    #[test]
    fn the_posterior_concentrates_on_the_argmin_as_beta_grows() {
        let (dec, grid) = (EllipseDecoder::new([2.0, 1.5]), ZGrid::angles(48));
        let y = POINTS[0];
        let k = (0..48).find(|&k| grid.z(k) == infer_z_grid(&dec, 0.0, &grid, y).z.as_slice()).unwrap_or(99);
        let cold = posterior(&dec, 0.0, &grid, y, 100.0);
        let warm = posterior(&dec, 0.0, &grid, y, 0.1);
        assert!(cold[k] > warm[k] && cold[k] == cold.iter().copied().fold(0.0, f32::max), "mode at the argmin");
        assert!((warm.iter().sum::<f32>() - 1.0).abs() < 1e-5);
    }
}
