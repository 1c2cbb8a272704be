//! Noise-contrastive estimation (Gutmann & Hyvärinen 2010): tell data from
//! noise drawn from a known q by logistic regression on
//! G(y) = ln p_θ(y) − ln q(y), with ln p_θ = −β E (the MLP's output bias plays
//! the role of −ln Z). One noise sample per data point (ν = 1):
//! L = mean softplus(−G(y⁺)) + mean softplus(G(ŷ)), so
//! ∂L/∂E(y⁺ᵢ) = β σ(−G(y⁺ᵢ))/n and ∂L/∂E(ŷⱼ) = −β σ(G(ŷⱼ))/n.

use super::contrastive::ContrastiveMlp;
use super::gaussian_noise::GaussianNoise;
use super::{Metrics, Provenance};
use crate::energy::Trainable;
use crate::kernels::math::{sigmoid, softplus};
use crate::points::Points;

/// Adds ∇θ L of NCE to `grad`; `log_q_*` hold ln q at each point.
pub fn nce_gradient<T: Trainable + ?Sized>(
    model: &T,
    pos: &Points,
    neg: &Points,
    log_q: [&[f32]; 2],
    beta: f32,
    grad: &mut [f32],
) -> Metrics {
    let mut loss = 0.0;
    let mut means = [0.0; 2];
    for (set, (pts, lq)) in [(pos, log_q[0]), (neg, log_q[1])].into_iter().enumerate() {
        let n = pts.len();
        let mut e = vec![0.0; n];
        model.energy(pts, &mut e);
        // Data: label 1, softplus(−G); noise: label 0, softplus(G).
        let sign = if set == 0 { -1.0 } else { 1.0 };
        let mut w = vec![0.0; n];
        for i in 0..n {
            let g = -beta * e[i] - lq[i];
            loss += softplus(sign * g) / n as f32;
            w[i] = -sign * beta * sigmoid(sign * g) / n as f32;
            means[set] += e[i] / n as f32;
        }
        model.accumulate_grad_params(pts, &w, &mut e, grad);
    }
    Metrics { loss, e_pos: means[0], e_neg: means[1], ..Metrics::default() }
}

impl ContrastiveMlp {
    /// NCE against the Gaussian fitted to the training set (fitted at the first
    /// NCE step and kept: the training set never changes); for conditional data
    /// the noise is q(y | x) with the batch's x.
    pub(super) fn nce_step(&mut self) -> Metrics {
        let q = *self.nce_noise.get_or_insert_with(|| GaussianNoise::fit(&self.train));
        let (b, step, cond) = (self.batch.len(), self.step, self.cfg.is_conditional());
        let mut neg = Points::with_len(b);
        let (mut lq_pos, mut lq_neg) = (vec![0.0; b], vec![0.0; b]);
        for i in 0..b {
            let p = self.batch.get(i);
            let s = if cond {
                q.sample_given_x(&self.rng, p[0], i as u32, step)
            } else {
                q.sample(&self.rng, i as u32, step)
            };
            neg.set(i, s);
            let log_q = |y| if cond { q.log_density_given_x(y) } else { q.log_density(y) };
            lq_pos[i] = log_q(p);
            lq_neg[i] = log_q(s);
        }
        let m = nce_gradient(&self.model, &self.batch, &neg, [&lq_pos, &lq_neg], self.cfg.beta, &mut self.grad);
        self.negatives = neg;
        self.provenance = vec![Provenance::Noise; b];
        m
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::energy::gaussian::GaussianEnergy;
    use crate::optim::{OptimState, Optimizer};
    use crate::rng::Rng;

    #[test]
    fn nce_gradient_matches_central_differences_of_the_loss_in_f64() {
        let model = GaussianEnergy::new([0.3, -0.2], [1.1, 0.4, 0.9], -0.5);
        let pos = Points::from_pairs(&[[0.1, 0.2], [1.5, -0.7], [-0.9, 0.4]]);
        let neg = Points::from_pairs(&[[2.0, 1.0], [-1.2, -1.8], [0.3, 0.3]]);
        let lq = [[-1.9f32, -2.6, -2.2], [-3.1, -3.4, -1.8]];
        let beta = 1.7f32;
        let mut grad = vec![0.0; 6];
        let m = nce_gradient(&model, &pos, &neg, [&lq[0], &lq[1]], beta, &mut grad);
        let loss64 = |p: &[f64]| {
            let e = |y: [f32; 2]| {
                let d = [f64::from(y[0]) - p[0], f64::from(y[1]) - p[1]];
                let u = [p[2] * d[0] + p[3] * d[1], p[4] * d[1]];
                0.5 * (u[0] * u[0] + u[1] * u[1]) + p[5]
            };
            let sp = |x: f64| x.max(0.0) + (-x.abs()).exp().ln_1p();
            let g = |y, l: f32| -f64::from(beta) * e(y) - f64::from(l);
            (0..3).map(|i| sp(-g(pos.get(i), lq[0][i])) / 3.0 + sp(g(neg.get(i), lq[1][i])) / 3.0).sum::<f64>()
        };
        let p: Vec<f64> = model.params().iter().map(|&v| f64::from(v)).collect();
        assert!((f64::from(m.loss) - loss64(&p)).abs() < 1e-5, "{} vs {}", m.loss, loss64(&p));
        for k in 0..6 {
            let (mut hi, mut lo) = (p.clone(), p.clone());
            hi[k] += 1e-5;
            lo[k] -= 1e-5;
            let fd = (loss64(&hi) - loss64(&lo)) / 2e-5;
            assert!((f64::from(grad[k]) - fd).abs() < 1e-4 * fd.abs().max(1.0), "param {k}: {} vs {fd}", grad[k]);
        }
    }

    /// Trains a Gaussian energy by NCE (β = 1) on n draws from N(μ, Σ), against
    /// noise `q`, full batch with fixed noise draws (so it converges to the NCE
    /// estimate of this sample); returns the fitted energy.
    fn nce_fit(data: &Points, q: &GaussianNoise, rng: &Rng) -> GaussianEnergy {
        let n = data.len();
        let neg = Points::from_pairs(&(0..n).map(|i| q.sample(rng, i as u32, 1)).collect::<Vec<_>>());
        let lq_pos: Vec<f32> = (0..n).map(|i| q.log_density(data.get(i))).collect();
        let lq_neg: Vec<f32> = (0..n).map(|i| q.log_density(neg.get(i))).collect();
        let mut model = GaussianEnergy::new([0.0, 0.0], [1.0, 0.0, 1.0], 0.0);
        let mut state = OptimState::new(6);
        let adam = Optimizer::Adam { beta1: 0.9, beta2: 0.999, eps: 1e-8 };
        for t in 0..1500 {
            let mut grad = vec![0.0; 6];
            nce_gradient(&model, data, &neg, [&lq_pos, &lq_neg], 1.0, &mut grad);
            let lr = if t < 1000 { 0.02 } else { 0.002 };
            adam.step(model.params_mut(), &grad, &mut state, lr);
        }
        model
    }

    #[test]
    fn nce_recovers_the_mean_and_covariance_of_a_gaussian() {
        let (mean, cov) = ([0.5f32, -1.0], [1.0f32, 0.6, 0.8]);
        let truth = GaussianNoise::new(mean, cov);
        let rng = Rng::new(17);
        let n = 4000;
        let data = Points::from_pairs(&(0..n).map(|i| truth.sample(&rng, i, 0)).collect::<Vec<_>>());
        // The trainer's noise (fitted to the data), and a broad, shifted one: NCE is consistent for any q
        // that covers the data.
        let fitted = GaussianNoise::fit(&data);
        let broad = GaussianNoise::new([0.0, 0.0], [3.0, 0.0, 3.0]);
        for (name, q) in [("fitted", fitted), ("broad", broad)] {
            let g = nce_fit(&data, &q, &rng);
            let (m, c) = (g.mean(), g.covariance());
            eprintln!("{name}: mean {m:?} cov {c:?} offset {}", g.offset());
            // Maximum likelihood's standard errors at n = 4000 are √(Σᵢᵢ/n) ≤ 0.016 for the mean and
            // Σᵢᵢ√(2/n) ≤ 0.022 for a variance (0.016 for the covariance); NCE with ν = 1 and q near the
            // data at most doubles the variance (Gutmann & Hyvärinen 2012, §2.4), the broad q somewhat more.
            // The bounds are about five of those standard errors.
            for k in 0..2 {
                assert!((m[k] - mean[k]).abs() < 0.1, "{name}: mean {m:?}");
            }
            for k in 0..3 {
                assert!((c[k] - cov[k]).abs() < 0.15, "{name}: covariance {c:?}");
            }
            // The offset normalises exp(−E): c = ln 2π + ½ ln det Σ (det Σ = 0.44).
            let want_c = (2.0 * std::f64::consts::PI).ln() + 0.5 * 0.44f64.ln();
            assert!((f64::from(g.offset()) - want_c).abs() < 0.1, "{name}: offset {} vs {want_c}", g.offset());
        }
    }
}
