//! Inference by gradient descent: y̌ = argmin_y E(y) (or argmin_y F(x, y) with
//! y1 = x frozen), from given points or from random restarts. Different starts
//! can land on different minima: several good answers.
//!
//! Every step is clipped: a point moves at most `max_move` (by default
//! [`MAX_MOVE`]; for [`restarts`], 10 % of the view box), in the direction of
//! −∇E, so that a steep or badly trained energy cannot fling points far away.
//! A point whose gradient is not finite does not move.

use crate::energy::Energy;
use crate::points::{Points, Rect};
use crate::rng::{Rng, Stream};

/// Default cap on one step's move: 10 % of the default [−3, 3]² view box.
pub const MAX_MOVE: f32 = 0.6;

/// `steps` steps of y ← y − lr·∇E(y) (clipped to [`MAX_MOVE`]), batched over
/// all points; pushes a copy of `pts` after each step onto `trajectory`.
pub fn descend(
    e: &dyn Energy,
    pts: &mut Points,
    lr: f32,
    steps: u32,
    freeze_y1: bool,
    trajectory: Option<&mut Vec<Points>>,
) {
    descend_clipped(e, pts, lr, steps, freeze_y1, MAX_MOVE, trajectory);
}

/// [`descend`] with an explicit cap `max_move` on each point's move per step.
pub fn descend_clipped(
    e: &dyn Energy,
    pts: &mut Points,
    lr: f32,
    steps: u32,
    freeze_y1: bool,
    max_move: f32,
    mut trajectory: Option<&mut Vec<Points>>,
) {
    let n = pts.len();
    let mut energies = vec![0.0; n];
    let mut grad = Points::with_len(n);
    for _ in 0..steps {
        e.energy_grad(pts, &mut energies, &mut grad);
        for i in 0..n {
            let g1 = if freeze_y1 { 0.0 } else { grad.y1[i] };
            let (d1, d2) = (lr * g1, lr * grad.y2[i]);
            // ‖d‖ scaled by the larger component, so that huge finite moves do not overflow.
            let big = d1.abs().max(d2.abs());
            if !big.is_finite() || d1.is_nan() || d2.is_nan() {
                continue;
            }
            let len = if big > 0.0 { big * ((d1 / big) * (d1 / big) + (d2 / big) * (d2 / big)).sqrt() } else { 0.0 };
            let scale = if len > max_move { max_move / len } else { 1.0 };
            pts.y1[i] -= scale * d1;
            pts.y2[i] -= scale * d2;
        }
        if let Some(t) = trajectory.as_deref_mut() {
            t.push(pts.clone());
        }
    }
}

/// `n` starts drawn uniformly in `view` (Stream::Restart, a = start index), at
/// y1 = x when `x` is given: the starts of [`restarts`].
pub fn random_starts(n: usize, view: Rect, x: Option<f32>, rng: &Rng) -> Points {
    let mut pts = Points::with_len(n);
    for i in 0..n {
        let u = rng.uniform4(Stream::Restart, i as u32, 0);
        let y1 = x.unwrap_or(view.x_lo + u[0] * view.width());
        pts.set(i, [y1, view.y_lo + u[1] * view.height()]);
    }
    pts
}

/// Descent from `n` starts drawn uniformly in `view` (Stream::Restart, a =
/// restart index); with `x = Some(x)`, y1 is fixed to x (conditional inference
/// argmin_y F(x, y)). Steps are capped at 10 % of the smaller side of `view`.
/// Returns the final points, their energies, and the trajectory: entry 0 holds
/// the starts and entry t the points after t steps (`steps + 1` entries).
pub fn restarts(
    e: &dyn Energy,
    n: usize,
    view: Rect,
    x: Option<f32>,
    lr: f32,
    steps: u32,
    rng: &Rng,
) -> (Points, Vec<f32>, Vec<Points>) {
    let mut pts = random_starts(n, view, x, rng);
    let mut trajectory = Vec::with_capacity(steps as usize + 1);
    trajectory.push(pts.clone());
    let max_move = 0.1 * view.width().min(view.height());
    descend_clipped(e, &mut pts, lr, steps, x.is_some(), max_move, Some(&mut trajectory));
    let mut energies = vec![0.0; n];
    e.energy(&pts, &mut energies);
    (pts, energies, trajectory)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::energy::analytic::Analytic;

    use crate::energy::reference::Circle;

    #[test]
    fn descent_from_different_starts_finds_both_double_well_minima() {
        // E = 2(y1² − 1)² + y2²/2 has its minima at (±1, 0) (closed form).
        let e = Analytic::DoubleWell;
        let (pts, energies, traj) = restarts(&e, 16, Rect::square(3.0), None, 0.02, 600, &Rng::new(3));
        assert_eq!(traj.len(), 601);
        let (mut left, mut right) = (0, 0);
        for (i, &energy) in energies.iter().enumerate() {
            let [a, b] = pts.get(i);
            // y2 contracts by (1 − lr) = 0.98 per step: 3·0.98⁶⁰⁰ ≈ 1.7e-5; y1 faster (curvature 16).
            assert!((a.abs() - 1.0).abs() < 1e-3 && b.abs() < 1e-3, "restart {i} ended at ({a}, {b})");
            assert!(energy < 1e-5, "energy {energy}");
            if a < 0.0 { left += 1 } else { right += 1 }
        }
        eprintln!("double well restarts: {left} at (−1, 0), {right} at (+1, 0)");
        assert!(left > 0 && right > 0, "both minima should be found: {left} left, {right} right");
    }

    #[test]
    fn conditional_descent_on_the_circle_finds_both_answers_for_one_x() {
        // (x² + y² − 1)² = 0 at x = 0.6 gives y = ±√(1 − 0.36) = ±0.8.
        let (pts, _, traj) = restarts(&Circle, 12, Rect::square(3.0), Some(0.6), 0.05, 400, &Rng::new(5));
        let (mut up, mut down) = (0, 0);
        for t in &traj {
            assert!(t.y1.iter().all(|&x| x == 0.6), "x must stay fixed bit for bit");
        }
        for &y in &pts.y2 {
            assert!((y.abs() - 0.8).abs() < 1e-4, "ended at y = {y}");
            if y > 0.0 { up += 1 } else { down += 1 }
        }
        eprintln!("circle at x = 0.6: {up} at y = +0.8, {down} at y = −0.8");
        assert!(up > 0 && down > 0);
    }

    #[test]
    fn descent_clips_every_move_and_leaves_points_with_infinite_gradients_in_place() {
        // A very steep well (s = 0.01): lr·|∇E| = 0.1·2.5/1e-4 = 2500 unclipped.
        let e = Analytic::Gaussian { s1: 0.01, s2: 0.01 };
        let mut pts = Points::from_pairs(&[[2.5, 0.0], [-1.0, 2.0]]);
        let mut traj = Vec::new();
        let start = pts.clone();
        descend(&e, &mut pts, 0.1, 1, false, Some(&mut traj));
        assert_eq!(traj.len(), 1);
        for i in 0..2 {
            let (a, b) = (start.get(i), pts.get(i));
            let moved = ((a[0] - b[0]).powi(2) + (a[1] - b[1]).powi(2)).sqrt();
            assert!((moved - MAX_MOVE).abs() < 1e-5, "moved {moved}");
        }
        // s = 1e-15: |∇E| ≈ 2.5e30, whose square overflows f32; still clipped, not lost.
        let huge = Analytic::Gaussian { s1: 1e-15, s2: 1.0 };
        let mut p = Points::from_pairs(&[[2.5, 0.0]]);
        descend(&huge, &mut p, 0.1, 1, false, None);
        assert!((p.y1[0] - (2.5 - MAX_MOVE)).abs() < 1e-6, "{:?}", p.get(0));
        // s = 1e-20: 1/s² overflows to +inf, the gradient is not finite: the point stays.
        let broken = Analytic::Gaussian { s1: 1e-20, s2: 1.0 };
        let mut q = Points::from_pairs(&[[2.5, 1.0]]);
        descend(&broken, &mut q, 0.1, 3, false, None);
        assert_eq!(q.get(0), [2.5, 1.0]);
    }

    #[test]
    fn descent_with_frozen_y1_keeps_y1_bit_identical() {
        let e = Analytic::Banana;
        let mut pts = Points::from_pairs(&[[0.3, 1.0], [-1.7, -2.0]]);
        let y1 = pts.y1.clone();
        descend(&e, &mut pts, 0.05, 50, true, None);
        assert_eq!(pts.y1, y1);
        // The y2 minimum of the banana at fixed y1 is (y1² − 4)/4 (closed form).
        for (a, y2) in y1.iter().zip(&pts.y2) {
            let want = (a * a - 4.0) / 4.0;
            assert!((y2 - want).abs() < 1e-4, "{y2} vs {want}");
        }
    }
}
