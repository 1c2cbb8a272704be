//! PCA as an energy-based model (lecture §4, architectural methods): the energy
//! is the squared distance to a learned line through the data mean μ,
//! E(y) = ‖r‖² − (uᵀr)² with r = y − μ and ‖u‖ = 1, so low energy is confined to
//! a 1-D subspace.
//!
//! The subspace has dimension k = 1 only: in the plane k = 0 is the distance to
//! the mean and k = 2 gives E ≡ 0, so a general k would add code and no picture.
//!
//! Training: the closed form (the top eigenvector of the 2 × 2 covariance, by the
//! half-angle formula) or a stochastic rule: a gradient step on the mini-batch mean
//! of E with u renormalised afterwards (at ‖u‖ = 1 the gradient is
//! −2(uᵀr)(r − (uᵀr)u), twice Oja's rule).

use super::fitting::{GradientRule, draw_batch, mean};
use super::{FitReport, Model, Overlay, Plane};
use crate::energy::Energy;
use crate::optim::OptimState;
use crate::points::Points;
use crate::rng::{Rng, Stream};

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum PcaRule {
    /// μ = the data mean, u = the top eigenvector of the covariance, in one step.
    ClosedForm,
    /// A step of the optimiser on the mini-batch: u by the gradient of the mean
    /// energy, then renormalised; μ by the gradient of ½ mean ‖y − μ‖² (whose
    /// minimiser is the data mean: E alone does not pin μ along the line).
    Stochastic(GradientRule),
}

#[derive(Clone, Debug)]
pub struct Pca {
    /// [μ₁, μ₂, u₁, u₂]: the optimiser steps them as one vector.
    theta: [f32; 4],
    /// Variance of the data along u (the explained variance), for the overlay.
    spread: f32,
    pub rule: PcaRule,
    opt_state: OptimState,
    batch: Points,
}

/// The top eigenpair of the symmetric 2 × 2 matrix [[a, b], [b, c]]:
/// λ₁ = (a + c)/2 + √(((a − c)/2)² + b²), u = (cos φ, sin φ) with φ = ½·atan2(2b, a − c)
/// (so u₁ ≥ 0). `libm` keeps the bits the same in every build.
pub fn top_eigen(a: f32, b: f32, c: f32) -> (f32, [f32; 2]) {
    let lambda = 0.5 * (a + c) + libm::hypotf(0.5 * (a - c), b);
    let (s, co) = libm::sincosf(0.5 * libm::atan2f(2.0 * b, a - c));
    (lambda, [co, s])
}

/// Mean and covariance entries (a, b, c) of `data` (non-empty), two passes, 1/n.
pub fn mean_covariance(data: &Points) -> ([f32; 2], [f32; 3]) {
    let n = data.len() as f32;
    let mu = [data.y1.iter().sum::<f32>() / n, data.y2.iter().sum::<f32>() / n];
    let mut cov = [0.0f32; 3];
    for i in 0..data.len() {
        let (u, v) = (data.y1[i] - mu[0], data.y2[i] - mu[1]);
        cov[0] += u * u;
        cov[1] += u * v;
        cov[2] += v * v;
    }
    (mu, cov.map(|s| s / n))
}

impl Pca {
    /// The line through the origin along a direction of angle 2π·U, U from
    /// `(Stream::Init, 0, 0)`.
    pub fn new(rule: PcaRule, rng: &Rng) -> Self {
        let (s, c) = libm::sincosf(core::f32::consts::TAU * rng.uniform4(Stream::Init, 0, 0)[0]);
        Self::from_line([0.0, 0.0], [c, s], rule)
    }

    /// The line through `mean` along `direction` (normalised here; must be non-zero).
    pub fn from_line(mean: [f32; 2], direction: [f32; 2], rule: PcaRule) -> Self {
        let norm = libm::hypotf(direction[0], direction[1]);
        assert!(norm > 0.0, "a line needs a direction");
        let theta = [mean[0], mean[1], direction[0] / norm, direction[1] / norm];
        Self { theta, spread: 1.0, rule, opt_state: OptimState::new(4), batch: Points::new() }
    }

    pub fn mean(&self) -> [f32; 2] {
        [self.theta[0], self.theta[1]]
    }

    /// The unit direction u of the line.
    pub fn direction(&self) -> [f32; 2] {
        [self.theta[2], self.theta[3]]
    }

    /// Variance of the data along u, from the last step (exact for the closed form,
    /// the mini-batch's for the stochastic rule).
    pub fn spread(&self) -> f32 {
        self.spread
    }

    /// E(y) and ∇_y E = 2(r − (uᵀr)u).
    fn energy_grad_at(&self, y: [f32; 2]) -> (f32, [f32; 2]) {
        let [m1, m2, u1, u2] = self.theta;
        let r = [y[0] - m1, y[1] - m2];
        let t = u1 * r[0] + u2 * r[1];
        let perp = [r[0] - t * u1, r[1] - t * u2];
        (perp[0] * perp[0] + perp[1] * perp[1], [2.0 * perp[0], 2.0 * perp[1]])
    }

    fn closed_form(&mut self, data: &Points) -> f32 {
        let (mu, [a, b, c]) = mean_covariance(data);
        let (lambda, u) = top_eigen(a, b, c);
        self.theta = [mu[0], mu[1], u[0], u[1]];
        self.spread = lambda;
        // The mean energy is the other eigenvalue, the variance left across the line.
        (a + c - lambda).max(0.0)
    }

    fn stochastic(&mut self, rule: GradientRule, data: &Points, rng: &Rng, step: u32) -> f32 {
        let mut batch = std::mem::take(&mut self.batch);
        draw_batch(data, rng, step, rule.batch, rule.draw, &mut batch);
        let [m1, m2, u1, u2] = self.theta;
        let b = batch.len() as f32;
        let (mut grad, mut energies, mut along) = ([0.0f32; 4], Vec::with_capacity(batch.len()), 0.0f32);
        for s in 0..batch.len() {
            let r = [batch.y1[s] - m1, batch.y2[s] - m2];
            let t = u1 * r[0] + u2 * r[1];
            let perp = [r[0] - t * u1, r[1] - t * u2];
            energies.push(perp[0] * perp[0] + perp[1] * perp[1]);
            along += t * t / b;
            grad[0] -= r[0] / b;
            grad[1] -= r[1] / b;
            grad[2] -= 2.0 * t * perp[0] / b;
            grad[3] -= 2.0 * t * perp[1] / b;
        }
        rule.apply(&mut self.theta, &grad, &mut self.opt_state);
        let norm = libm::hypotf(self.theta[2], self.theta[3]);
        if norm > 0.0 {
            self.theta[2] /= norm;
            self.theta[3] /= norm;
        } else {
            // u collapsed to 0 (only an absurd learning rate gets here): keep the old line.
            (self.theta[2], self.theta[3]) = (u1, u2);
        }
        self.spread = along;
        self.batch = batch;
        mean(energies.into_iter())
    }
}

impl Energy for Pca {
    fn energy(&self, ys: &Points, out: &mut [f32]) {
        for i in 0..ys.len() {
            out[i] = self.energy_grad_at(ys.get(i)).0;
        }
    }

    fn energy_grad(&self, ys: &Points, out: &mut [f32], grad: &mut Points) {
        for i in 0..ys.len() {
            let (e, g) = self.energy_grad_at(ys.get(i));
            out[i] = e;
            grad.set(i, g);
        }
    }
}

impl Model for Pca {
    /// The closed form reports the data's mean energy after the step (the smaller
    /// eigenvalue); the stochastic rule the mini-batch's mean energy before its update.
    /// Empty data change nothing and report NaN.
    fn fit_step(&mut self, data: &Points, rng: &Rng, step: u32) -> FitReport {
        if data.is_empty() {
            return FitReport::loss(f32::NAN);
        }
        let loss = match self.rule {
            PcaRule::ClosedForm => self.closed_form(data),
            PcaRule::Stochastic(rule) => self.stochastic(rule, data, rng, step),
        };
        FitReport::loss(loss)
    }

    /// [μ₁, μ₂, u₁, u₂].
    /// F∞: the minimum over the line's coordinate z, in closed form.
    fn plane(&self) -> Plane {
        Plane::free(f32::INFINITY, 0)
    }

    fn params(&self) -> Vec<f32> {
        self.theta.to_vec()
    }

    /// The mean, and the line from μ − 3σu to μ + 3σu with σ² the variance along u.
    fn overlay(&self) -> Overlay {
        let [m1, m2, u1, u2] = self.theta;
        let h = 3.0 * self.spread.max(0.0).sqrt();
        Overlay {
            marks: Points::from_pairs(&[[m1, m2]]),
            from: Points::from_pairs(&[[m1 - h * u1, m2 - h * u2]]),
            to: Points::from_pairs(&[[m1 + h * u1, m2 + h * u2]]),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::{DatasetKind, generate};
    use crate::energy::finite_difference_grad;

    fn sample(kind: DatasetKind, n: usize, seed: u32) -> Points {
        generate(kind, n, kind.default_noise(), &Rng::new(seed))
    }

    /// The ellipse data set (axes 2 and 1.5) turned by 0.6 rad, so the covariance is not diagonal.
    fn tilted_ellipse(n: usize, seed: u32) -> Points {
        let p = sample(DatasetKind::Ellipse, n, seed);
        let (s, c) = (0.6f32.sin(), 0.6f32.cos());
        Points {
            y1: (0..n).map(|i| c * p.y1[i] - s * p.y2[i]).collect(),
            y2: (0..n).map(|i| s * p.y1[i] + c * p.y2[i]).collect(),
        }
    }

    /// Mean, the top eigenpair of the covariance by power iteration, and the
    /// covariance's trace, all in f64.
    fn reference(data: &Points) -> ([f64; 2], f64, [f64; 2], f64) {
        let n = data.len() as f64;
        let m = [
            data.y1.iter().map(|&v| f64::from(v)).sum::<f64>() / n,
            data.y2.iter().map(|&v| f64::from(v)).sum::<f64>() / n,
        ];
        let (mut a, mut b, mut c) = (0.0, 0.0, 0.0);
        for i in 0..data.len() {
            let (u, v) = (f64::from(data.y1[i]) - m[0], f64::from(data.y2[i]) - m[1]);
            (a, b, c) = (a + u * u / n, b + u * v / n, c + v * v / n);
        }
        let mut x = [1.0, 0.3];
        for _ in 0..10_000 {
            let y = [a * x[0] + b * x[1], b * x[0] + c * x[1]];
            let norm = y[0].hypot(y[1]);
            x = [y[0] / norm, y[1] / norm];
        }
        let lambda = x[0] * (a * x[0] + b * x[1]) + x[1] * (b * x[0] + c * x[1]);
        (m, lambda, x, a + c)
    }

    /// The angle between two lines (not vectors: u and −u are the same line).
    fn line_angle(u: [f32; 2], v: [f64; 2]) -> f64 {
        (f64::from(u[0]) * v[0] + f64::from(u[1]) * v[1]).abs().min(1.0).acos()
    }

    #[test]
    fn the_closed_form_eigenpair_matches_nalgebras_symmetric_eigen_in_f64() {
        // nalgebra's Jacobi-style solver is an independent twin of `top_eigen`'s formula.
        let rng = Rng::new(8);
        for i in 0..500 {
            let [a, b, c, _] = rng.uniform4(Stream::Data, i, 0).map(|u| 4.0 * u - 2.0);
            let (lambda, u) = top_eigen(a, b, c);
            let eig = nalgebra::Matrix2::new(f64::from(a), f64::from(b), f64::from(b), f64::from(c)).symmetric_eigen();
            let top = if eig.eigenvalues[0] >= eig.eigenvalues[1] { 0 } else { 1 };
            let (want, v) = (eig.eigenvalues[top], eig.eigenvectors.column(top));
            // f32 inputs to f32 arithmetic: a few ulps of the largest entry (≤ 2, ulp 2.4e-7).
            assert!((f64::from(lambda) - want).abs() < 2e-6, "{a} {b} {c}: λ {lambda} vs {want}");
            // The direction is defined to the gap's precision: f32 error (≈ 2.4e-7) / gap. The
            // sine of the angle between the lines, |u × v|, keeps that precision (acos would not).
            let gap = want - eig.eigenvalues[1 - top];
            let sine = (f64::from(u[0]) * v[1] - f64::from(u[1]) * v[0]).abs();
            assert!(sine < 1e-6 / gap.max(1e-6), "{a} {b} {c}: sine {sine}, gap {gap}");
        }
    }

    #[test]
    fn the_closed_form_matches_power_iteration_in_f64() {
        for (name, data) in [
            ("tilted ellipse", tilted_ellipse(2000, 1)),
            ("moons", sample(DatasetKind::Moons, 2000, 2)),
            ("spiral", sample(DatasetKind::Spiral, 2000, 3)),
            ("swiss roll", sample(DatasetKind::SwissRoll, 2000, 5)),
        ] {
            let (m, lambda, u, trace) = reference(&data);
            let mut pca = Pca::new(PcaRule::ClosedForm, &Rng::new(0));
            let loss = pca.fit_step(&data, &Rng::new(0), 0).loss;
            let gap = {
                let (_, [ca, cb, cc]) = mean_covariance(&data);
                2.0 * f64::from(libm::hypotf(0.5 * (ca - cc), cb))
            };
            // The angle error of an eigenvector is about (f32 covariance error)/gap; every gap here is > 0.1
            // (measured 0.35 for the swiss roll to 1.47 for the moons).
            assert!(gap > 0.1, "{name}: eigen gap {gap}");
            assert!(line_angle(pca.direction(), u) < 1e-4, "{name}: angle {}", line_angle(pca.direction(), u));
            let mu = pca.mean();
            assert!((f64::from(mu[0]) - m[0]).abs() < 1e-5 && (f64::from(mu[1]) - m[1]).abs() < 1e-5, "{name}");
            assert!((f64::from(pca.spread()) - lambda).abs() < 1e-4 * lambda, "{name}");
            // The mean energy is the variance across the line: the other eigenvalue, trace − λ₁ in f64.
            let lambda2 = trace - lambda;
            let mut e = vec![0.0; data.len()];
            pca.energy(&data, &mut e);
            let mean_e = e.iter().map(|&v| f64::from(v)).sum::<f64>() / e.len() as f64;
            assert!((mean_e - lambda2).abs() < 1e-4 * (1.0 + lambda2), "{name}: mean energy {mean_e} vs λ₂ {lambda2}");
            assert!((f64::from(loss) - lambda2).abs() < 1e-4 * (1.0 + lambda2), "{name}: loss {loss} vs λ₂ {lambda2}");
        }
    }

    #[test]
    fn the_stochastic_rule_converges_to_the_top_eigenvector() {
        let data = tilted_ellipse(2000, 4);
        let (m, _, u, _) = reference(&data);
        let rng = Rng::new(4);
        let mut pca = Pca::new(PcaRule::Stochastic(GradientRule::sgd(0.01, 64)), &rng);
        let start = line_angle(pca.direction(), u);
        for t in 0..1500 {
            pca.fit_step(&data, &rng, t);
        }
        let angle = line_angle(pca.direction(), u);
        eprintln!("angle {start} -> {angle}, mean {:?} vs {m:?}", pca.mean());
        // Linearised, the angle follows θ ← (1 − 2η(λ₁ − λ₂))θ + η·noise with noise variance 4·Var((u₁ᵀr)(u₂ᵀr))/B;
        // for the ellipse (λ₁ = 2, λ₂ = 1.125 from its axes 2 and 1.5) Var = 1.5²/2 = 1.125, so the stationary
        // standard deviation is √(η·1.125 / (B(λ₁ − λ₂))) = √(0.01·1.125/(64·0.875)) = 0.014 rad; 0.07 is 5 of them.
        // The time constant 1/(2η(λ₁ − λ₂)) = 57 steps, so 1,500 steps forget the start.
        assert!(angle < 0.07, "angle {angle}");
        // μ: an exponential average of batch means with rate η; its sd ≈ √(η/2 · tr Σ/B) = √(0.005·3.1/64)
        // = 0.016 per axis (tr Σ = λ₁ + λ₂ plus the noise); 0.1 is over 5 of them.
        let mu = pca.mean();
        assert!((f64::from(mu[0]) - m[0]).hypot(f64::from(mu[1]) - m[1]) < 0.1, "mean {mu:?} vs {m:?}");
    }

    #[test]
    fn energy_is_the_squared_distance_to_the_line_and_its_gradient_is_exact() {
        let pca = Pca::from_line([0.5, -0.2], [3.0, 4.0], PcaRule::ClosedForm);
        for y in [[1.0f32, 1.0], [-2.0, 0.3], [0.5, -0.2]] {
            // Distance to the line by the 2-D cross product |r × u|, u = (0.6, 0.8).
            let r = [f64::from(y[0]) - 0.5, f64::from(y[1]) + 0.2];
            let d2 = (r[0] * 0.8 - r[1] * 0.6).powi(2);
            let (mut out, mut g) = ([0.0], Points::with_len(1));
            pca.energy_grad(&Points::from_pairs(&[y]), &mut out, &mut g);
            assert!((f64::from(out[0]) - d2).abs() < 1e-5 * (1.0 + d2));
            let fd = finite_difference_grad(&pca, y, 1e-2);
            for c in 0..2 {
                assert!((f64::from(g.get(0)[c]) - fd[c]).abs() < 1e-3 * (1.0 + fd[c].abs()), "{y:?}");
            }
        }
    }
}
