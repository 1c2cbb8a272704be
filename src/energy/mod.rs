//! Energies E(y) on the plane. p(y) ∝ exp(−β E(y)).
//!
//! [`Energy`] is what samplers and grids need (values and ∇_y, batched);
//! [`Trainable`] adds parameters and ∇_θ for the models that learn.

pub mod analytic;
pub mod gaussian;
pub mod mlp;
pub mod mlp_score;
#[cfg(test)]
pub(crate) mod reference;

use crate::points::Points;

pub trait Energy {
    /// `out[i] = E(y_i)`; `out.len() == ys.len()`.
    fn energy(&self, ys: &Points, out: &mut [f32]);

    /// Energies and input gradients: `grad.y1[i] = ∂E/∂y1 (y_i)`, likewise y2.
    fn energy_grad(&self, ys: &Points, out: &mut [f32], grad: &mut Points);
}

pub trait Trainable: Energy {
    fn params(&self) -> &[f32];
    fn params_mut(&mut self) -> &mut [f32];

    /// `grad += Σ_i weights[i] · ∇_θ E(y_i)`, and writes E(y_i) into `energies`.
    /// Weights express any linear loss: 1/n for a mean, −p_i·area for a grid
    /// expectation, 0 for padding.
    fn accumulate_grad_params(&self, ys: &Points, weights: &[f32], energies: &mut [f32], grad: &mut [f32]);
}

/// Central-difference ∇_y in f64 around f32 energies, for tests.
pub fn finite_difference_grad(e: &dyn Energy, p: [f32; 2], h: f32) -> [f64; 2] {
    let mut out = [0.0f32; 1];
    let mut eval = |a: f32, b: f32| {
        e.energy(&Points::from_pairs(&[[a, b]]), &mut out);
        f64::from(out[0])
    };
    [
        (eval(p[0] + h, p[1]) - eval(p[0] - h, p[1])) / (2.0 * f64::from(h)),
        (eval(p[0], p[1] + h) - eval(p[0], p[1] - h)) / (2.0 * f64::from(h)),
    ]
}
