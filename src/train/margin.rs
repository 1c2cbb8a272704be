//! Margin losses on (data, negative) pairs, the batch point i with negative i
//! (LeCun et al. 2006, "A tutorial on energy-based learning", §2.2):
//! - square-square: E(y⁺)² + max(0, m − E(ŷ))², data energy to 0, negatives above m;
//! - hinge: max(0, m + E(y⁺) − E(ŷ)), negatives at least m above their data point;
//! - log (soft hinge): softplus(E(y⁺) − E(ŷ)), a smooth hinge with no margin.
//!
//! Each is averaged over the pairs; the gradient is the weighted sum of ∇θE with
//! the weights ∂L/∂E(y⁺ᵢ) and ∂L/∂E(ŷᵢ).

use super::Metrics;
use super::contrastive::ContrastiveMlp;
use crate::energy::Trainable;
pub use crate::pair_loss::PairLoss;
use crate::points::Points;

/// Adds ∇θ of the mean pair loss to `grad`; `pos` and `neg` have equal lengths.
pub fn pair_gradient<T: Trainable + ?Sized>(
    model: &T,
    kind: PairLoss,
    margin: f32,
    pos: &Points,
    neg: &Points,
    grad: &mut [f32],
) -> Metrics {
    let n = pos.len();
    assert_eq!(n, neg.len(), "one negative per data point");
    let (mut e_pos, mut e_neg) = (vec![0.0; n], vec![0.0; n]);
    model.energy(pos, &mut e_pos);
    model.energy(neg, &mut e_neg);
    let (mut w_pos, mut w_neg) = (vec![0.0; n], vec![0.0; n]);
    let mut m = Metrics::default();
    let nf = n as f32;
    for i in 0..n {
        let (l, dp, dn) = kind.value_slopes(margin, e_pos[i], e_neg[i]);
        m.loss += l / nf;
        (w_pos[i], w_neg[i]) = (dp / nf, dn / nf);
        m.e_pos += e_pos[i] / nf;
        m.e_neg += e_neg[i] / nf;
    }
    model.accumulate_grad_params(pos, &w_pos, &mut e_pos, grad);
    model.accumulate_grad_params(neg, &w_neg, &mut e_neg, grad);
    m
}

impl ContrastiveMlp {
    /// A margin loss between the batch and the negatives of `make_negatives`.
    pub(super) fn pair_step(&mut self, kind: PairLoss) -> Metrics {
        self.make_negatives();
        pair_gradient(&self.model, kind, self.cfg.margin, &self.batch, &self.negatives, &mut self.grad)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::energy::gaussian::GaussianEnergy;

    /// The three losses in f64, from their definitions.
    fn pair_loss64(kind: PairLoss, m: f64, ep: f64, en: f64) -> f64 {
        match kind {
            PairLoss::SquareSquare => ep * ep + (m - en).max(0.0).powi(2),
            PairLoss::Hinge => (m + ep - en).max(0.0),
            PairLoss::Log => (ep - en).max(0.0) + (-(ep - en).abs()).exp().ln_1p(),
        }
    }

    #[test]
    fn pair_gradients_match_central_differences_in_f64() {
        let model = GaussianEnergy::new([0.3, -0.2], [1.1, 0.4, 0.9], -0.5);
        let pos = Points::from_pairs(&[[0.1, 0.2], [1.5, -0.7], [-0.9, 0.4], [0.4, -0.1]]);
        let neg = Points::from_pairs(&[[2.0, 1.0], [-1.2, -1.8], [0.3, 0.3], [0.5, -0.3]]);
        let p: Vec<f64> = model.params().iter().map(|&v| f64::from(v)).collect();
        let e64 = |p: &[f64], y: [f32; 2]| {
            let d = [f64::from(y[0]) - p[0], f64::from(y[1]) - p[1]];
            let u = [p[2] * d[0] + p[3] * d[1], p[4] * d[1]];
            0.5 * (u[0] * u[0] + u[1] * u[1]) + p[5]
        };
        // Margin 1.5: pairs on both sides of every kink (checked below: some active, some not).
        let m = 1.5;
        for kind in [PairLoss::SquareSquare, PairLoss::Hinge, PairLoss::Log] {
            let loss64 = |p: &[f64]| {
                (0..4).map(|i| pair_loss64(kind, m, e64(p, pos.get(i)), e64(p, neg.get(i)))).sum::<f64>() / 4.0
            };
            let mut grad = vec![0.0; 6];
            let metrics = pair_gradient(&model, kind, m as f32, &pos, &neg, &mut grad);
            assert!((f64::from(metrics.loss) - loss64(&p)).abs() < 1e-5, "{kind:?}");
            for k in 0..6 {
                let (mut hi, mut lo) = (p.clone(), p.clone());
                hi[k] += 1e-5;
                lo[k] -= 1e-5;
                let fd = (loss64(&hi) - loss64(&lo)) / 2e-5;
                let g = f64::from(grad[k]);
                assert!((g - fd).abs() < 1e-4 * fd.abs().max(1.0), "{kind:?} param {k}: {g} vs {fd}");
            }
        }
        let active = (0..4).filter(|&i| m + e64(&p, pos.get(i)) - e64(&p, neg.get(i)) > 0.0).count();
        assert!(active > 0 && active < 4, "the hinge is active on {active} of 4 pairs");
        let below = (0..4).filter(|&i| e64(&p, neg.get(i)) < m).count();
        assert!(below > 0 && below < 4, "{below} of 4 negatives under the margin");
    }

    #[test]
    fn every_margin_loss_puts_data_energy_below_the_grid_energy() {
        use super::super::Trainer;
        for loss in ["square_square", "hinge", "log"] {
            let q = format!("data=gaussians&loss={loss}&neg=short_run&k=10&batch=128&grid=48&test=0.2");
            let (cfg, problems) = Config::from_query(&q);
            assert!(problems.is_empty(), "{problems:?}");
            let (mut t, _) = Trainer::new(cfg);
            let start = t.evaluate();
            for _ in 0..150 {
                t.step().expect("training step");
            }
            let ev = t.evaluate();
            eprintln!("{loss}: start {start:?}\nend {ev:?}");
            // Untrained, the two means are within a few hundredths (a nearly flat MLP). Trained, the
            // data sit in wells: the grid mean is higher by more than half the grid's spread.
            assert!(ev.mean_e_grid - ev.mean_e_data > 0.5 * ev.std_e_grid, "{loss}: {ev:?}");
        }
    }
}
