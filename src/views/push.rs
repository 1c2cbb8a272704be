//! Push down here, pull up there: the last contrastive ML step's data points
//! and negatives as vertical arrows, each as long as its weight ∂L/∂E in the
//! parameter update (down for the data, whose energy the step lowers; up for
//! the negatives, whose energy it raises). The longest arrow is an eighth of
//! the view's height.

use crate::points::Rect;
use crate::train::Push;

#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct PushArrows {
    /// `[x0, y0, x1, y1]` from each data point down.
    pub down: Vec<[f32; 4]>,
    /// `[x0, y0, x1, y1]` from each negative up.
    pub up: Vec<[f32; 4]>,
}

pub fn push_arrows(push: &Push, view: Rect) -> PushArrows {
    let largest = push.data_weights.iter().chain(&push.negative_weights).fold(0.0f32, |m, w| m.max(w.abs()));
    let scale = if largest > 0.0 && largest.is_finite() { view.height() / 8.0 / largest } else { 0.0 };
    let arrows = |pts: &crate::points::Points, w: &[f32]| -> Vec<[f32; 4]> {
        (0..pts.len())
            .filter(|&i| w[i].is_finite())
            .map(|i| {
                let [x, y] = pts.get(i);
                // A positive weight lowers E at the point (a descent step moves θ along −∇θL).
                [x, y, x, y - scale * w[i]]
            })
            .collect()
    };
    PushArrows { down: arrows(&push.data, &push.data_weights), up: arrows(&push.negatives, &push.negative_weights) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::energy::Trainable;
    use crate::train::test_trainer;

    #[test]
    fn the_weights_sum_to_the_steps_gradient_and_the_arrows_point_down_then_up() {
        // SGD with lr = 1e-9 leaves θ where the step's gradient was taken (to 1e-9), so Σ wᵢ ∇θE(yᵢ) can be redone here.
        let mut t = test_trainer("data=moons&loss=ml&batch=64&k=5&opt=sgd&lr=0.000000001&clip=1000000&l2=0.1");
        t.contrastive_mut().unwrap().push = Some(Push::default()); // the layer on
        t.step().unwrap();
        let c = t.contrastive().unwrap();
        let p = c.push.as_ref().unwrap();
        assert_eq!((p.data.len(), p.negatives.len()), (64, 64));
        let mut g = vec![0.0; c.model.params().len()];
        c.model.accumulate_grad_params(&p.data, &p.data_weights, &mut vec![0.0; 64], &mut g);
        c.model.accumulate_grad_params(&p.negatives, &p.negative_weights, &mut vec![0.0; 64], &mut g);
        let norm = g.iter().map(|v| v * v).sum::<f32>().sqrt();
        assert!(
            (norm - t.last.grad_norm).abs() < 1e-4 * norm,
            "Σ w∇E has norm {norm}, the step's {}",
            t.last.grad_norm
        );
        // Data weights (1 + 2αE)/n > 0 push down; negative weights (−1 + 2αE)/n < 0 pull up (E small here).
        let a = push_arrows(p, t.view);
        assert!(a.down.iter().all(|s| s[3] < s[1] && s[0] == s[2]));
        assert!(a.up.iter().all(|s| s[3] > s[1]));
        let longest = a.down.iter().chain(&a.up).map(|s| (s[3] - s[1]).abs()).fold(0.0, f32::max);
        assert!((longest - t.view.height() / 8.0).abs() < 1e-5);
    }
}
