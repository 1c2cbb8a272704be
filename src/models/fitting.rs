//! What the gradient-trained models share: a mini-batch drawn the way the
//! [`crate::train::Trainer`] draws one, and an update by the project's optimiser.

use crate::batch::{BatchDraw, batch_indices};
use crate::optim::{OptimState, Optimizer};
use crate::points::Points;
use crate::rng::Rng;

/// How a gradient-trained model steps: the optimiser, its learning rate and the
/// mini-batch size.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct GradientRule {
    pub optimizer: Optimizer,
    pub lr: f32,
    pub batch: usize,
    /// How the mini-batch is drawn (the config's version decides).
    pub draw: BatchDraw,
}

impl GradientRule {
    pub fn sgd(lr: f32, batch: usize) -> Self {
        Self { optimizer: Optimizer::Sgd, lr, batch, draw: BatchDraw::LATEST }
    }

    /// Adam with the usual β₁ = 0.9, β₂ = 0.999, ε = 1e-8 (Kingma & Ba).
    pub fn adam(lr: f32, batch: usize) -> Self {
        Self { optimizer: Optimizer::Adam { beta1: 0.9, beta2: 0.999, eps: 1e-8 }, lr, batch, draw: BatchDraw::LATEST }
    }

    /// θ ← θ − lr·direction(grad, state), by [`Optimizer::step`].
    pub fn apply(&self, params: &mut [f32], grad: &[f32], state: &mut OptimState) {
        self.optimizer.step(params, grad, state, self.lr);
    }
}

/// Fills `out` with the `batch` points of `data` (non-empty) that step `step`
/// reads, drawn as `draw` says ([`crate::batch`]): a pure function of (seed, step).
pub fn draw_batch(data: &Points, rng: &Rng, step: u32, batch: usize, draw: BatchDraw, out: &mut Points) {
    assert!(!data.is_empty(), "a batch needs data");
    let idx = batch_indices(data.len(), batch, draw, rng, step);
    out.resize(batch);
    for (s, &i) in idx.iter().enumerate() {
        out.set(s, data.get(i));
    }
}

/// Mean of `v` accumulated in f64 (the models' reported losses).
pub(crate) fn mean(v: impl Iterator<Item = f32>) -> f32 {
    let (mut n, mut s) = (0usize, 0.0f64);
    for x in v {
        n += 1;
        s += f64::from(x);
    }
    (s / n as f64) as f32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn batches_are_keyed_by_step_and_slot_and_drawn_from_the_data() {
        let data = Points::from_pairs(&(0..50).map(|i| [i as f32, -(i as f32)]).collect::<Vec<_>>());
        let rng = Rng::new(3);
        let (mut a, mut b, mut c) = (Points::new(), Points::new(), Points::new());
        let v1 = BatchDraw::Independent;
        draw_batch(&data, &rng, 7, 16, v1, &mut a);
        draw_batch(&data, &rng, 7, 8, v1, &mut b);
        draw_batch(&data, &rng, 8, 16, v1, &mut c);
        assert_eq!(b.y1[..], a.y1[..8]);
        assert_ne!(a, c);
        assert!((0..16).all(|s| a.y2[s] == -a.y1[s] && a.y1[s] >= 0.0 && a.y1[s] < 50.0));
    }

    #[test]
    fn the_rule_steps_through_the_projects_optimiser() {
        // SGD: θ − lr·g by hand.
        let mut p = [1.0f32, 2.0];
        let mut s = OptimState::new(2);
        GradientRule::sgd(0.5, 1).apply(&mut p, &[2.0, -4.0], &mut s);
        assert_eq!(p, [0.0, 4.0]);
        assert_eq!(s.t, 1);
    }
}
