//! Optimisers: a stateless update rule plus explicit state, so the state can be
//! hashed, saved and restored with the parameters.

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Optimizer {
    Sgd,
    /// Heavy-ball momentum μ.
    Momentum {
        mu: f32,
    },
    /// Adam (Kingma & Ba, 2015) with bias correction; β₁ is exposed to users.
    Adam {
        beta1: f32,
        beta2: f32,
        eps: f32,
    },
}

/// Per-parameter state: first and second moments, the step count t, and
/// β₁ᵗ, β₂ᵗ kept as running products (`powi` may round differently per platform).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct OptimState {
    pub m: Vec<f32>,
    pub v: Vec<f32>,
    pub t: u32,
    pub beta1_t: f32,
    pub beta2_t: f32,
}

impl OptimState {
    pub fn new(n: usize) -> Self {
        Self { m: vec![0.0; n], v: vec![0.0; n], t: 0, beta1_t: 1.0, beta2_t: 1.0 }
    }
}

/// Scales `grad` in place so that its L2 norm is at most `max_norm` (0 = off);
/// returns the norm before clipping.
pub fn clip_grad_norm(grad: &mut [f32], max_norm: f32) -> f32 {
    let norm = grad.iter().map(|g| g * g).sum::<f32>().sqrt();
    if max_norm > 0.0 && norm > max_norm {
        let k = max_norm / norm;
        grad.iter_mut().for_each(|g| *g *= k);
    }
    norm
}

impl Optimizer {
    /// One update θ ← θ − lr·direction(grad, state).
    pub fn step(&self, params: &mut [f32], grad: &[f32], state: &mut OptimState, lr: f32) {
        state.t += 1;
        match *self {
            Optimizer::Sgd => params.iter_mut().zip(grad).for_each(|(p, g)| *p -= lr * g),
            Optimizer::Momentum { mu } => {
                for ((p, g), m) in params.iter_mut().zip(grad).zip(&mut state.m) {
                    *m = mu * *m + g;
                    *p -= lr * *m;
                }
            }
            Optimizer::Adam { beta1, beta2, eps } => {
                state.beta1_t *= beta1;
                state.beta2_t *= beta2;
                let (c1, c2) = (1.0 - state.beta1_t, 1.0 - state.beta2_t);
                for (((p, g), m), v) in params.iter_mut().zip(grad).zip(&mut state.m).zip(&mut state.v) {
                    *m = beta1 * *m + (1.0 - beta1) * g;
                    *v = beta2 * *v + (1.0 - beta2) * g * g;
                    *p -= lr * (*m / c1) / ((*v / c2).sqrt() + eps);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn adam_first_step_moves_each_parameter_by_about_the_learning_rate() {
        // With bias correction, step 1 is lr·g/(|g| + eps) ≈ lr·sign(g) (Kingma & Ba, §2).
        let mut p = vec![1.0f32, -2.0, 0.5];
        let g = [0.3f32, -4.0, 1e-3];
        let mut s = OptimState::new(3);
        Optimizer::Adam { beta1: 0.9, beta2: 0.999, eps: 1e-8 }.step(&mut p, &g, &mut s, 0.01);
        assert!((p[0] - 0.99).abs() < 1e-6 && (p[1] + 1.99).abs() < 1e-6 && (p[2] - 0.49).abs() < 1e-5);
    }

    #[test]
    fn every_optimiser_minimises_a_quadratic() {
        for opt in
            [Optimizer::Sgd, Optimizer::Momentum { mu: 0.9 }, Optimizer::Adam { beta1: 0.9, beta2: 0.999, eps: 1e-8 }]
        {
            let mut p = vec![3.0f32, -2.0];
            let mut s = OptimState::new(2);
            for _ in 0..2000 {
                let g = [2.0 * p[0], 8.0 * p[1]]; // ∇(x² + 4y²)
                opt.step(&mut p, &g, &mut s, 0.01);
            }
            assert!(p[0].abs() < 1e-2 && p[1].abs() < 1e-2, "{opt:?}: {p:?}");
        }
    }

    #[test]
    fn clipping_caps_the_norm_and_reports_the_original() {
        let mut g = vec![3.0f32, 4.0];
        assert_eq!(clip_grad_norm(&mut g, 1.0), 5.0);
        assert!((g[0] - 0.6).abs() < 1e-6 && (g[1] - 0.8).abs() < 1e-6);
    }
}
