//! Checks of the latent models as a whole: exact gradients (`gradients.rs`) and
//! training that does what the lecture says (`training.rs`).

mod gradients;
mod training;

use super::loss::LatentLoss;
use super::{Predictions, zero_temperature};
use crate::energy::{Energy, finite_difference_grad};
use crate::points::Points;
use crate::rng::{Rng, Stream};

/// Every training loss, at temperatures where central differences are meaningful.
pub(super) const LOSSES: [LatentLoss; 4] = [
    LatentLoss::EnergyArgmin,
    LatentLoss::EnergyMarginal { beta: 1.0 },
    LatentLoss::Hinge { beta: 1.0, margin: 2.0, sigma: 0.7 },
    LatentLoss::Log { beta: 1.0, sigma: 0.7 },
];

/// ∇_y from `energy_grad` against central differences of `energy`, relative tolerance `tol`.
pub(super) fn check_plane_grad(e: &dyn Energy, points: &[[f32; 2]], h: f32, tol: f64, what: &str) {
    let ys = Points::from_pairs(points);
    let (mut out, mut grad) = (vec![0.0; ys.len()], Points::with_len(ys.len()));
    e.energy_grad(&ys, &mut out, &mut grad);
    let mut plain = vec![0.0; ys.len()];
    e.energy(&ys, &mut plain);
    assert_eq!(out, plain, "{what}: energy_grad's energies are energy's");
    for (i, &p) in points.iter().enumerate() {
        let fd = finite_difference_grad(e, p, h);
        let g = grad.get(i);
        for d in 0..2 {
            assert!(
                (f64::from(g[d]) - fd[d]).abs() < tol * (1.0 + fd[d].abs()),
                "{what} at {p:?}[{d}]: {} vs {}",
                g[d],
                fd[d]
            );
        }
    }
}

/// `grad` against central differences of `loss(θ)` over every parameter.
pub(super) fn check_param_grad(params: &mut dyn FnMut(usize, f32) -> f64, grad: &[f32], h: f32, tol: f64, what: &str) {
    for k in 0..grad.len() {
        let fd = (params(k, h) - params(k, -h)) / (2.0 * f64::from(h));
        assert!((f64::from(grad[k]) - fd).abs() < tol * (1.0 + fd.abs()), "{what} θ[{k}]: {} vs {fd}", grad[k]);
    }
}

/// Whether F∞(y) = min_k E_k is smooth in θ over a central difference of step h: the
/// two lowest energies differ by more than 2·h·G with G = max_{k,j} |∂E_k/∂θ_j| (a shift
/// of h moves each energy by at most h·G). `sensitivity(k, d)` is max_j |(∂ȳ_k/∂θ_j)ᵀ d|.
pub(super) fn argmin_is_stable(
    preds: &Predictions,
    y: [f32; 2],
    h: f32,
    sensitivity: impl Fn(usize, [f32; 2]) -> f32,
) -> bool {
    let mut e = vec![0.0; preds.len()];
    preds.energies(y, &mut e);
    let (k, min) = zero_temperature(&e);
    let gap = e.iter().enumerate().filter(|&(j, _)| j != k).map(|(_, &v)| v - min).fold(f32::INFINITY, f32::min);
    let g = (0..preds.len())
        .map(|j| {
            let b = preds.ybar.get(j);
            sensitivity(j, [-2.0 * (y[0] - b[0]), -2.0 * (y[1] - b[1])])
        })
        .fold(0.0, f32::max);
    gap > 2.0 * h * g
}

/// `n` seeded points of [−3, 3]² that pass `keep`.
pub(super) fn points_where(n: usize, seed: u32, keep: impl Fn([f32; 2]) -> bool) -> Points {
    let rng = Rng::new(seed);
    let mut out = Points::new();
    for i in 0..1000 {
        let u = rng.uniform4(Stream::Latent, i, 0);
        let p = [6.0 * u[0] - 3.0, 6.0 * u[1] - 3.0];
        if keep(p) {
            out.push(p[0], p[1]);
            if out.len() == n {
                return out;
            }
        }
    }
    panic!("fewer than {n} of 1000 candidates qualify");
}
