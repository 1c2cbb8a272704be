//! How the latent models train (lecture §4): the loss, its contrastive points and
//! the mini-batches.
//!
//! Every loss is a function of free energies, so its gradient is a weighted sum of
//! ∂F/∂ȳ_k (see `predictions.rs`): the energy losses push F down on data only, the
//! hinge and log losses also push F up at a contrastive point ŷ.
//!
//! The contrastive point is the data point corrupted by Gaussian noise,
//! ŷ = y + σ·ξ with ξ from `(Stream::Corruption, slot, step)` (the denoising idea).
//! Not "the most offending low-energy point found by inference": in these models the
//! low-energy set *is* the prediction set ȳ(z), which training lays onto the data, so
//! the lowest-energy points away from y are other data-like points of the same curve,
//! and pushing them up would fight the data term. Noise lands off the curve.

use super::predictions::Predictions;
use crate::batch::BatchDraw;
use crate::optim::Optimizer;
use crate::pair_loss::PairLoss;
use crate::points::Points;
use crate::rng::{Rng, Stream};

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum LatentLoss {
    /// L = F∞(y): the gradient flows through the argmin z only (zero temperature).
    EnergyArgmin,
    /// L = F_β(y): the gradient is softmin-weighted over the z grid (marginalised).
    EnergyMarginal { beta: f32 },
    /// L = max(0, m + F_β(y) − F_β(ŷ)); β = ∞ uses F∞.
    Hinge { beta: f32, margin: f32, sigma: f32 },
    /// L = log(1 + exp(F_β(y) − F_β(ŷ))), the soft hinge; β = ∞ uses F∞.
    Log { beta: f32, sigma: f32 },
}

impl LatentLoss {
    /// The inverse temperature of the free energy the loss is built on (∞ for F∞).
    pub fn beta(self) -> f32 {
        match self {
            LatentLoss::EnergyArgmin => f32::INFINITY,
            LatentLoss::EnergyMarginal { beta } | LatentLoss::Hinge { beta, .. } | LatentLoss::Log { beta, .. } => beta,
        }
    }

    /// The corruption σ of the contrastive point, for the losses that have one.
    pub fn contrast_sigma(self) -> Option<f32> {
        match self {
            LatentLoss::Hinge { sigma, .. } | LatentLoss::Log { sigma, .. } => Some(sigma),
            _ => None,
        }
    }

    /// L and its slopes (∂L/∂F(y), ∂L/∂F(ŷ)) for the free energies of a data point and
    /// of its contrastive point (ignored by the energy losses).
    pub fn value_and_slopes(self, f_data: f32, f_contrast: f32) -> (f32, f32, f32) {
        match self {
            LatentLoss::EnergyArgmin | LatentLoss::EnergyMarginal { .. } => (f_data, 1.0, 0.0),
            // The MLP's margin losses, on free energies.
            LatentLoss::Hinge { margin, .. } => PairLoss::Hinge.value_slopes(margin, f_data, f_contrast),
            LatentLoss::Log { .. } => PairLoss::Log.value_slopes(0.0, f_data, f_contrast),
        }
    }
}

/// A latent model's training rule.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Training {
    pub loss: LatentLoss,
    /// Points per step; 0 or at least the data size: the whole set in order.
    pub batch: usize,
    /// How a batch smaller than the data is drawn (the config's version decides).
    pub draw: BatchDraw,
    pub lr: f32,
    pub optimizer: Optimizer,
}

impl Training {
    /// Adam with the usual β₁ = 0.9, β₂ = 0.999, ε = 10⁻⁸.
    pub fn adam(loss: LatentLoss, batch: usize, lr: f32) -> Self {
        Self {
            loss,
            batch,
            draw: BatchDraw::LATEST,
            lr,
            optimizer: Optimizer::Adam { beta1: 0.9, beta2: 0.999, eps: 1e-8 },
        }
    }
}

/// Indices of the step's mini-batch ([`crate::batch`]); the whole set in order
/// when `batch` is 0 or at least n.
pub fn batch_indices(n: usize, batch: usize, draw: BatchDraw, rng: &Rng, step: u32) -> Vec<usize> {
    if batch == 0 || batch >= n {
        return (0..n).collect();
    }
    crate::batch::batch_indices(n, batch, draw, rng, step)
}

/// The contrastive points ŷ_s = y_s + σ·ξ_s, ξ_s the normals of `(Stream::Corruption, s, step)`.
pub fn contrasts(ys: &Points, sigma: f32, rng: &Rng, step: u32) -> Points {
    let mut out = Points::with_len(ys.len());
    for s in 0..ys.len() {
        let n = rng.normal2(Stream::Corruption, s as u32, step);
        let [a, b] = ys.get(s);
        out.set(s, [a + sigma * n[0], b + sigma * n[1]]);
    }
    out
}

/// One point's loss on its prediction set: adds `scale · ∂L/∂ȳ_k` to `d_ybar` and
/// returns L. `contrast` must be given for the hinge and log losses.
pub fn point_loss(
    loss: LatentLoss,
    preds: &Predictions,
    y: [f32; 2],
    contrast: Option<[f32; 2]>,
    scale: f32,
    d_ybar: &mut Points,
) -> f32 {
    let beta = loss.beta();
    // The posteriors of the free energies serve the gradients too: F_β once per point.
    let (mut w_data, mut w_contrast) = (vec![0.0; preds.len()], vec![0.0; preds.len()]);
    let f_data = preds.free_energy_grad(y, beta, &mut w_data).0;
    let f_contrast = match (loss.contrast_sigma(), contrast) {
        (None, _) => 0.0,
        (Some(_), Some(c)) => preds.free_energy_grad(c, beta, &mut w_contrast).0,
        (Some(_), None) => panic!("the {loss:?} loss needs a contrastive point"),
    };
    let (l, slope_data, slope_contrast) = loss.value_and_slopes(f_data, f_contrast);
    preds.add_grad_ybar(y, &w_data, scale * slope_data, d_ybar);
    if let (Some(c), true) = (contrast, slope_contrast != 0.0) {
        preds.add_grad_ybar(c, &w_contrast, scale * slope_contrast, d_ybar);
    }
    l
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loss_slopes_match_central_differences() {
        let losses = [
            LatentLoss::EnergyArgmin,
            LatentLoss::EnergyMarginal { beta: 1.0 },
            LatentLoss::Hinge { beta: 1.0, margin: 1.0, sigma: 0.5 },
            LatentLoss::Log { beta: 1.0, sigma: 0.5 },
        ];
        for loss in losses {
            for (a, b) in [(0.3f32, 0.9f32), (2.0, 0.4), (0.1, 3.0)] {
                let (_, sa, sb) = loss.value_and_slopes(a, b);
                let h = 1e-3;
                let l = |a: f32, b: f32| f64::from(loss.value_and_slopes(a, b).0);
                let fa = (l(a + h, b) - l(a - h, b)) / (2.0 * f64::from(h));
                let fb = (l(a, b + h) - l(a, b - h)) / (2.0 * f64::from(h));
                // None of these points sits on the hinge's kink (|m + a − b| ≥ 0.4 ≫ h).
                assert!(
                    (f64::from(sa) - fa).abs() < 1e-3 && (f64::from(sb) - fb).abs() < 1e-3,
                    "{loss:?} at ({a}, {b})"
                );
            }
        }
        // Closed forms: the hinge is 0 once F(ŷ) ≥ F(y) + m; the log loss at F(y) = F(ŷ) is log 2.
        let hinge = LatentLoss::Hinge { beta: 1.0, margin: 1.0, sigma: 0.5 };
        assert_eq!(hinge.value_and_slopes(0.1, 3.0), (0.0, 0.0, 0.0));
        let (l, s, _) = LatentLoss::Log { beta: 1.0, sigma: 0.5 }.value_and_slopes(1.0, 1.0);
        assert!((f64::from(l) - 2f64.ln()).abs() < 1e-6 && s == 0.5);
    }

    #[test]
    fn batches_and_contrasts_are_keyed_by_slot_and_step() {
        let rng = Rng::new(2);
        for draw in [BatchDraw::Independent, BatchDraw::WithoutReplacement] {
            assert_eq!(batch_indices(5, 0, draw, &rng, 3), vec![0, 1, 2, 3, 4]);
            assert_eq!(batch_indices(5, 9, draw, &rng, 3), vec![0, 1, 2, 3, 4]);
        }
        let v1 = BatchDraw::Independent;
        let b = batch_indices(100, 8, v1, &rng, 3);
        assert_eq!(b, batch_indices(100, 8, v1, &rng, 3));
        assert_ne!(b, batch_indices(100, 8, v1, &rng, 4));
        assert_eq!(b[..4], batch_indices(100, 4, v1, &rng, 3)[..], "slot s does not depend on the batch size");
        assert!(b.iter().all(|&i| i < 100));
        let ys = Points::from_pairs(&[[1.0, 2.0], [-1.0, 0.5]]);
        let c = contrasts(&ys, 0.5, &rng, 7);
        let n = rng.normal2(Stream::Corruption, 1, 7);
        assert_eq!(c.get(1), [-1.0 + 0.5 * n[0], 0.5 + 0.5 * n[1]], "ŷ = y + σξ from (Corruption, slot, step)");
        assert_ne!(c, contrasts(&ys, 0.5, &rng, 8));
    }
}
