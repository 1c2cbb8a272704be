//! The noise distribution q of noise-contrastive estimation: a Gaussian with
//! the mean and full covariance of the training data, kept as its Cholesky
//! factor Σ = L Lᵀ so that sampling is y = μ + L z and the log-density is
//! closed-form: ln q(y) = −ln 2π − ln L₁₁ − ln L₂₂ − ½ ‖z‖², z = L⁻¹(y − μ).
//!
//! For conditional data (x in `y1`) NCE contrasts y given x, so q also gives
//! the Gaussian conditional q(y | x): y = μ₂ + L₂₁ z₁ + L₂₂ z₂ with
//! z₁ = (x − μ₁)/L₁₁ fixed by x, that is N(μ₂ + L₂₁ z₁, L₂₂²).

use nalgebra::Matrix2;

use crate::kernels::math::ln;
use crate::points::Points;
use crate::rng::{Rng, Stream};

/// ½ ln 2π.
const HALF_LN_TAU: f32 = 0.918_938_5;

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct GaussianNoise {
    pub mean: [f32; 2],
    /// `[L₁₁, L₂₁, L₂₂]` of Σ = L Lᵀ.
    pub chol: [f32; 3],
}

impl GaussianNoise {
    /// From a mean and a covariance `[Σ₁₁, Σ₁₂, Σ₂₂]`, which must be positive definite.
    pub fn new(mean: [f32; 2], cov: [f32; 3]) -> Self {
        let [s11, s12, s22] = cov;
        let l = Matrix2::new(s11, s12, s12, s22)
            .cholesky()
            .unwrap_or_else(|| panic!("the covariance must be positive definite, got {cov:?}"))
            .unpack();
        Self { mean, chol: [l[(0, 0)], l[(1, 0)], l[(1, 1)]] }
    }

    /// The sample mean and covariance of `pts` (divided by n), with a small
    /// ridge (10⁻⁴ of the mean variance, at least 10⁻⁶) so that data on a line
    /// or a single point still give a proper density. Sums in f64, in order.
    pub fn fit(pts: &Points) -> Self {
        let n = pts.len().max(1) as f64;
        let m1 = pts.y1.iter().map(|&v| f64::from(v)).sum::<f64>() / n;
        let m2 = pts.y2.iter().map(|&v| f64::from(v)).sum::<f64>() / n;
        let (mut s11, mut s12, mut s22) = (0.0, 0.0, 0.0);
        for i in 0..pts.len() {
            let (d1, d2) = (f64::from(pts.y1[i]) - m1, f64::from(pts.y2[i]) - m2);
            s11 += d1 * d1;
            s12 += d1 * d2;
            s22 += d2 * d2;
        }
        let (s11, s12, s22) = (s11 / n, s12 / n, s22 / n);
        let ridge = (1e-4 * (s11 + s22) / 2.0).max(1e-6);
        Self::new([m1 as f32, m2 as f32], [(s11 + ridge) as f32, s12 as f32, (s22 + ridge) as f32])
    }

    /// z = L⁻¹(y − μ).
    fn whiten(&self, y: [f32; 2]) -> [f32; 2] {
        let [l11, l21, l22] = self.chol;
        let z1 = (y[0] - self.mean[0]) / l11;
        [z1, (y[1] - self.mean[1] - l21 * z1) / l22]
    }

    /// A draw from q, keyed by (NegInit, a, b).
    pub fn sample(&self, rng: &Rng, a: u32, b: u32) -> [f32; 2] {
        let [l11, l21, l22] = self.chol;
        let [z1, z2] = rng.normal2(Stream::NegInit, a, b);
        [self.mean[0] + l11 * z1, self.mean[1] + l21 * z1 + l22 * z2]
    }

    /// ln q(y).
    pub fn log_density(&self, y: [f32; 2]) -> f32 {
        let [z1, z2] = self.whiten(y);
        -2.0 * HALF_LN_TAU - ln(self.chol[0]) - ln(self.chol[2]) - 0.5 * (z1 * z1 + z2 * z2)
    }

    /// A draw of y from q(y | x), keyed by (NegInit, a, b): the point (x, y).
    pub fn sample_given_x(&self, rng: &Rng, x: f32, a: u32, b: u32) -> [f32; 2] {
        let [_, l21, l22] = self.chol;
        let z1 = (x - self.mean[0]) / self.chol[0];
        let z2 = rng.normal2(Stream::NegInit, a, b)[0];
        [x, self.mean[1] + l21 * z1 + l22 * z2]
    }

    /// ln q(y | x) at the point (x, y).
    pub fn log_density_given_x(&self, p: [f32; 2]) -> f32 {
        let z2 = self.whiten(p)[1];
        -HALF_LN_TAU - ln(self.chol[2]) - 0.5 * z2 * z2
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// ln N(y; μ, Σ) from the textbook formula in f64: −ln 2π − ½ ln det Σ − ½ dᵀΣ⁻¹d.
    fn log_normal(mean: [f64; 2], cov: [f64; 3], y: [f64; 2]) -> f64 {
        let [s11, s12, s22] = cov;
        let det = s11 * s22 - s12 * s12;
        let d = [y[0] - mean[0], y[1] - mean[1]];
        let quad = (s22 * d[0] * d[0] - 2.0 * s12 * d[0] * d[1] + s11 * d[1] * d[1]) / det;
        -(2.0 * std::f64::consts::PI).ln() - 0.5 * det.ln() - 0.5 * quad
    }

    const MEAN: [f32; 2] = [0.5, -1.0];
    const COV: [f32; 3] = [2.0, -0.7, 0.8];

    #[test]
    fn log_density_matches_the_closed_form_jointly_and_given_x() {
        let q = GaussianNoise::new(MEAN, COV);
        let (m, c) = (MEAN.map(f64::from), COV.map(f64::from));
        for y in [[0.5f32, -1.0], [2.0, 0.3], [-1.7, -2.4], [3.0, -3.0]] {
            let want = log_normal(m, c, y.map(f64::from));
            let got = q.log_density(y);
            assert!((f64::from(got) - want).abs() < 1e-5 * want.abs().max(1.0), "{y:?}: {got} vs {want}");
            // y₂ | x ~ N(μ₂ + Σ₁₂/Σ₁₁ (x − μ₁), Σ₂₂ − Σ₁₂²/Σ₁₁), the textbook conditional.
            let x = f64::from(y[0]);
            let (cm, cv) = (m[1] + c[1] / c[0] * (x - m[0]), c[2] - c[1] * c[1] / c[0]);
            let want = -0.5 * (2.0 * std::f64::consts::PI * cv).ln() - 0.5 * (f64::from(y[1]) - cm).powi(2) / cv;
            let got = q.log_density_given_x(y);
            assert!((f64::from(got) - want).abs() < 1e-5 * want.abs().max(1.0), "{y:?}: {got} vs {want}");
        }
    }

    #[test]
    fn fitting_samples_of_q_recovers_q() {
        let q = GaussianNoise::new(MEAN, COV);
        let rng = Rng::new(3);
        let n = 40_000;
        let pts = Points::from_pairs(&(0..n).map(|i| q.sample(&rng, i, 7)).collect::<Vec<_>>());
        let fit = GaussianNoise::fit(&pts);
        // Standard errors at n = 40,000: mean √(Σᵢᵢ/n) ≤ 0.0071; Cholesky entries ≈ Lᵢⱼ/√(2n) ≤ 0.005.
        // Four standard errors each (the ridge adds 1.4e-4 to Σᵢᵢ, negligible).
        for k in 0..2 {
            assert!((fit.mean[k] - MEAN[k]).abs() < 0.03, "{fit:?}");
        }
        for k in 0..3 {
            assert!((fit.chol[k] - q.chol[k]).abs() < 0.02, "{fit:?} vs {q:?}");
        }
        // Conditional draws keep x and follow q(y | x): their mean is μ₂ + Σ₁₂/Σ₁₁ (x − μ₁).
        let x = 1.5;
        let ys: Vec<f64> = (0..n).map(|i| f64::from(q.sample_given_x(&rng, x, i, 9)[1])).collect();
        let want = f64::from(MEAN[1]) + f64::from(COV[1] / COV[0]) * (f64::from(x) - f64::from(MEAN[0]));
        let mean = ys.iter().sum::<f64>() / f64::from(n);
        // Conditional sd √(0.8 − 0.245) = 0.745: standard error 0.0037, four of them.
        assert!((mean - want).abs() < 0.015, "{mean} vs {want}");
        assert!(q.sample_given_x(&rng, x, 0, 9)[0] == x);
        let single = GaussianNoise::fit(&Points::from_pairs(&[[1.0, 2.0]]));
        assert!(single.log_density([1.0, 2.0]).is_finite());
    }
}
