//! A trainable Gaussian energy E(y) = ½ (y − μ)ᵀ P (y − μ) + c with the
//! precision P = L Lᵀ (L lower triangular, so P stays positive semi-definite
//! whatever the parameters). With β = 1, exp(−E) is the density N(μ, P⁻¹)
//! exactly when c = ln 2π − ½ ln det P: what NCE must recover.
//!
//! Parameters, flat: `[μ₁, μ₂, L₁₁, L₂₁, L₂₂, c]`.

use nalgebra::Matrix2;

use super::{Energy, Trainable};
use crate::points::Points;

#[derive(Clone, Debug, PartialEq)]
pub struct GaussianEnergy {
    params: [f32; 6],
}

impl GaussianEnergy {
    /// Mean μ, Cholesky factor `[L₁₁, L₂₁, L₂₂]` of the precision, offset c.
    pub fn new(mean: [f32; 2], chol: [f32; 3], offset: f32) -> Self {
        Self { params: [mean[0], mean[1], chol[0], chol[1], chol[2], offset] }
    }

    pub fn mean(&self) -> [f32; 2] {
        [self.params[0], self.params[1]]
    }

    pub fn offset(&self) -> f32 {
        self.params[5]
    }

    /// The lower-triangular factor L of the precision.
    fn factor(&self) -> Matrix2<f32> {
        let [_, _, l11, l21, l22, _] = self.params;
        Matrix2::new(l11, 0.0, l21, l22)
    }

    /// P = L Lᵀ as `[P₁₁, P₁₂, P₂₂]`.
    pub fn precision(&self) -> [f32; 3] {
        let p = self.factor() * self.factor().transpose();
        [p[(0, 0)], p[(0, 1)], p[(1, 1)]]
    }

    /// Σ = P⁻¹ as `[Σ₁₁, Σ₁₂, Σ₂₂]` (non-finite when P is singular).
    pub fn covariance(&self) -> [f32; 3] {
        let [p11, p12, p22] = self.precision();
        let sigma = Matrix2::new(p11, p12, p12, p22).try_inverse().unwrap_or(Matrix2::repeat(f32::INFINITY));
        [sigma[(0, 0)], sigma[(0, 1)], sigma[(1, 1)]]
    }

    /// (E, ∇_y E, u = Lᵀ(y − μ), d = y − μ) at one point.
    fn parts(&self, y: [f32; 2]) -> (f32, [f32; 2], [f32; 2], [f32; 2]) {
        let [m1, m2, l11, l21, l22, c] = self.params;
        let d = [y[0] - m1, y[1] - m2];
        // Lᵀ = [[L₁₁, L₂₁], [0, L₂₂]].
        let u = [l11 * d[0] + l21 * d[1], l22 * d[1]];
        let e = 0.5 * (u[0] * u[0] + u[1] * u[1]) + c;
        // ∇_y E = P d = L u.
        let g = [l11 * u[0], l21 * u[0] + l22 * u[1]];
        (e, g, u, d)
    }
}

impl Energy for GaussianEnergy {
    fn energy(&self, ys: &Points, out: &mut [f32]) {
        for i in 0..ys.len() {
            out[i] = self.parts(ys.get(i)).0;
        }
    }

    fn energy_grad(&self, ys: &Points, out: &mut [f32], grad: &mut Points) {
        for i in 0..ys.len() {
            let (e, g, _, _) = self.parts(ys.get(i));
            out[i] = e;
            grad.set(i, g);
        }
    }
}

impl Trainable for GaussianEnergy {
    fn params(&self) -> &[f32] {
        &self.params
    }

    fn params_mut(&mut self) -> &mut [f32] {
        &mut self.params
    }

    /// ∂E/∂μ = −L u, ∂E/∂L_ij = d_i u_j (lower triangle), ∂E/∂c = 1.
    fn accumulate_grad_params(&self, ys: &Points, weights: &[f32], energies: &mut [f32], grad: &mut [f32]) {
        for i in 0..ys.len() {
            let (e, g, u, d) = self.parts(ys.get(i));
            energies[i] = e;
            let w = weights[i];
            let local = [-g[0], -g[1], d[0] * u[0], d[1] * u[0], d[1] * u[1], 1.0];
            for k in 0..6 {
                grad[k] += w * local[k];
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::energy::finite_difference_grad;

    fn energy_f64(p: &[f64], y: [f64; 2]) -> f64 {
        let d = [y[0] - p[0], y[1] - p[1]];
        let u = [p[2] * d[0] + p[3] * d[1], p[4] * d[1]];
        0.5 * (u[0] * u[0] + u[1] * u[1]) + p[5]
    }

    fn probe() -> Points {
        Points::from_pairs(&[[0.3, -1.2], [2.0, 0.5], [-1.1, -0.4], [0.0, 1.7]])
    }

    #[test]
    fn energy_is_the_quadratic_form_of_the_inverse_covariance() {
        // Σ = [[2, 0.6], [0.6, 1]]: P = Σ⁻¹ = [[1, −0.6], [−0.6, 2]] / 1.64 (det Σ = 1.64).
        // Cholesky of P: L₁₁ = √(1/1.64), L₂₁ = (−0.6/1.64)/L₁₁, L₂₂ = √(2/1.64 − L₂₁²).
        let l11 = (1.0f64 / 1.64).sqrt();
        let l21 = -0.6 / 1.64 / l11;
        let l22 = (2.0 / 1.64 - l21 * l21).sqrt();
        let g = GaussianEnergy::new([0.5, -1.0], [l11 as f32, l21 as f32, l22 as f32], 0.25);
        let cov = g.covariance();
        for (got, want) in cov.iter().zip([2.0, 0.6, 1.0]) {
            assert!((f64::from(*got) - want).abs() < 1e-5, "{cov:?}");
        }
        let mut e = [0.0];
        g.energy(&Points::from_pairs(&[[1.5, 0.0]]), &mut e);
        // d = (1, 1): ½ dᵀPd = ½ (1 − 1.2 + 2) / 1.64 = 0.54878; plus c = 0.25.
        assert!((f64::from(e[0]) - (0.9 / 1.64 + 0.25)).abs() < 1e-6, "{}", e[0]);
    }

    #[test]
    fn gradients_in_y_and_theta_match_central_differences() {
        let g = GaussianEnergy::new([0.4, -0.2], [1.3, -0.5, 0.8], 0.1);
        let pts = probe();
        let mut e = vec![0.0; 4];
        let mut grad_y = Points::with_len(4);
        g.energy_grad(&pts, &mut e, &mut grad_y);
        for i in 0..4 {
            let fd = finite_difference_grad(&g, pts.get(i), 1e-2);
            for (k, gk) in [grad_y.y1[i], grad_y.y2[i]].into_iter().enumerate() {
                // A quadratic: central differences are exact up to f32 round-off in E.
                assert!((f64::from(gk) - fd[k]).abs() < 2e-3 * fd[k].abs().max(1.0), "{i} {k}: {gk} vs {}", fd[k]);
            }
        }
        let w = [0.5f32, -0.25, 1.0, 0.75];
        let mut grad = vec![0.0; 6];
        g.accumulate_grad_params(&pts, &w, &mut e, &mut grad);
        let p: Vec<f64> = g.params().iter().map(|&v| f64::from(v)).collect();
        let loss = |p: &[f64]| (0..4).map(|i| f64::from(w[i]) * energy_f64(p, pts.get(i).map(f64::from))).sum::<f64>();
        for k in 0..6 {
            let (mut hi, mut lo) = (p.clone(), p.clone());
            hi[k] += 1e-4;
            lo[k] -= 1e-4;
            let fd = (loss(&hi) - loss(&lo)) / 2e-4;
            assert!((f64::from(grad[k]) - fd).abs() < 1e-5 * fd.abs().max(1.0), "param {k}: {} vs {fd}", grad[k]);
        }
    }
}
