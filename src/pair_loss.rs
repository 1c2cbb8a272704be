//! The margin losses on an energy pair (E of a data point, E of its negative),
//! shared by the MLP's training (`train/margin.rs`) and the latent models'
//! contrastive losses (`latent/loss.rs`): one definition, no module cycle.

use crate::kernels::math::{sigmoid, softplus};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PairLoss {
    SquareSquare,
    Hinge,
    Log,
}

impl PairLoss {
    /// (L, ∂L/∂E⁺, ∂L/∂E⁻) of one pair with margin `m`.
    pub fn value_slopes(self, m: f32, e_pos: f32, e_neg: f32) -> (f32, f32, f32) {
        match self {
            PairLoss::SquareSquare => {
                let gap = (m - e_neg).max(0.0);
                (e_pos * e_pos + gap * gap, 2.0 * e_pos, -2.0 * gap)
            }
            PairLoss::Hinge => {
                let v = m + e_pos - e_neg;
                if v > 0.0 { (v, 1.0, -1.0) } else { (0.0, 0.0, 0.0) }
            }
            PairLoss::Log => {
                let d = e_pos - e_neg;
                let s = sigmoid(d);
                (softplus(d), s, -s)
            }
        }
    }
}
