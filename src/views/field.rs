//! The gradient field −∇_y F on a coarse mesh, as arrows (the practicum draws
//! F∞ with arrows on a 17 × 25 mesh). For conditional data E(x, y) inference
//! moves y only, so the arrows are vertical: −∂E/∂y.

use crate::energy::Energy;
use crate::points::{Points, Rect};

/// The mesh the page draws on a square view.
pub const MESH: usize = 17;

#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Field {
    /// Mesh points: the centres of a rows × cols partition of the view, row-major from the bottom.
    pub at: Points,
    /// −∇_y F at each mesh point (x component 0 when conditional); NaN where ∇ is not finite.
    pub minus_grad: Points,
    /// Arrows `[x0, y0, x1, y1]` to draw, for the finite ones: the direction of
    /// −∇F, lengths proportional to |∇F| with the 90th percentile at 0.9 of the
    /// mesh spacing, and none longer than 1.2 spacings (so one spike cannot
    /// shrink every other arrow to a dot).
    pub arrows: Vec<[f32; 4]>,
}

pub fn field(e: &dyn Energy, view: Rect, rows: usize, cols: usize, conditional: bool) -> Field {
    let (hx, hy) = (view.width() / cols as f32, view.height() / rows as f32);
    let mut at = Points::with_len(rows * cols);
    for r in 0..rows {
        for c in 0..cols {
            at.set(r * cols + c, [view.x_lo + (c as f32 + 0.5) * hx, view.y_lo + (r as f32 + 0.5) * hy]);
        }
    }
    let mut energies = vec![0.0; at.len()];
    let mut grad = Points::with_len(at.len());
    e.energy_grad(&at, &mut energies, &mut grad);
    let mut minus_grad = Points::with_len(at.len());
    for i in 0..at.len() {
        let g = [if conditional { 0.0 } else { -grad.y1[i] }, -grad.y2[i]];
        let ok = g[0].is_finite() && g[1].is_finite();
        minus_grad.set(i, if ok { g } else { [f32::NAN; 2] });
    }
    let mut norms: Vec<f32> =
        (0..at.len()).map(|i| minus_grad.y1[i].hypot(minus_grad.y2[i])).filter(|v| v.is_finite()).collect();
    let spacing = hx.min(hy);
    let scale = if norms.is_empty() {
        0.0
    } else {
        let k = ((norms.len() - 1) as f32 * 0.9) as usize;
        let q90 = *norms.select_nth_unstable_by(k, f32::total_cmp).1;
        if q90 > 0.0 { 0.9 * spacing / q90 } else { 0.0 }
    };
    let arrows = (0..at.len())
        .filter(|&i| minus_grad.y1[i].is_finite())
        .map(|i| {
            let [x, y] = at.get(i);
            let [gx, gy] = minus_grad.get(i);
            let len = scale * gx.hypot(gy);
            let shrink = if len > 1.2 * spacing { 1.2 * spacing / len } else { 1.0 };
            [x, y, x + scale * shrink * gx, y + scale * shrink * gy]
        })
        .collect();
    Field { at, minus_grad, arrows }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::energy::analytic::Analytic;

    #[test]
    fn the_field_is_minus_the_engines_gradient_at_the_mesh_points() {
        let e = Analytic::DoubleWell;
        let f = field(&e, Rect::square(3.0), MESH, MESH, false);
        let (mut en, mut g) = (vec![0.0; f.at.len()], Points::with_len(f.at.len()));
        e.energy_grad(&f.at, &mut en, &mut g);
        for i in 0..f.at.len() {
            assert_eq!(f.minus_grad.get(i), [-g.y1[i], -g.y2[i]]);
        }
        assert_eq!(f.at.get(0), [-3.0 + 3.0 / 17.0, -3.0 + 3.0 / 17.0]);
        // Every arrow points along −∇E and none is longer than 1.2 mesh spacings.
        let spacing = 6.0 / 17.0;
        for (k, a) in f.arrows.iter().enumerate() {
            let [gx, gy] = f.minus_grad.get(k);
            let (dx, dy) = (a[2] - a[0], a[3] - a[1]);
            assert!(
                (dx * gy - dy * gx).abs() <= 1e-4 * gx.hypot(gy) * dx.hypot(dy).max(1e-6),
                "arrow {k} is not along −∇E"
            );
            assert!(dx * gx + dy * gy >= 0.0);
            assert!(dx.hypot(dy) <= 1.2 * spacing * 1.0001);
        }
    }

    #[test]
    fn conditional_arrows_move_y_only() {
        let e = Analytic::DoubleWell;
        let f = field(&e, Rect::square(3.0), 5, 5, true);
        assert!(f.arrows.iter().all(|a| a[2] == a[0]));
        assert!(f.minus_grad.y1.iter().all(|&v| v == 0.0));
    }
}
