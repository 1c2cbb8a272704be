//! Inference on the plane: descend the energy from a tapped point, and from
//! random starts, and draw each path to where it lands (y̌). For conditional
//! data the descent moves y only, at the tapped x. For latent models the plane
//! is F∞(y) = min_z E(y, z), so descending it in y descends E(y, ž(y)) with z
//! kept at its best: the joint descent on (y, z) with z solved exactly.

use crate::energy::Energy;
use crate::points::{Points, Rect};
use crate::rng::Rng;
use crate::sampler::descent::{descend_clipped, random_starts};

/// Steps of each descent, and their size (moves capped at 10 % of the view).
pub const STEPS: u32 = 120;
pub const LR: f32 = 0.05;

#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Paths {
    /// `paths[i]` is descent i's points, start first (STEPS + 1 of them); the
    /// tapped start, when there is one, is path 0.
    pub paths: Vec<Vec<[f32; 2]>>,
    /// E at each path's end.
    pub energies: Vec<f32>,
}

/// Descents from `from` (if any) and from `n_random` random starts (uniform in
/// the view, or at `from`'s x when `conditional`), keyed by `rng`'s Restart stream.
/// All starts descend together: one batched energy call per step.
pub fn infer(
    e: &dyn Energy,
    view: Rect,
    from: Option<[f32; 2]>,
    n_random: usize,
    conditional: bool,
    rng: &Rng,
) -> Paths {
    let x = if conditional { from.map(|p| p[0]).or(Some(0.0)) } else { None };
    let random = random_starts(n_random, view, x, rng);
    let mut pts = Points::with_len(0);
    for p in from.into_iter().chain((0..random.len()).map(|i| random.get(i))) {
        pts.push(p[0], p[1]);
    }
    let mut trajectory = vec![pts.clone()];
    let max_move = 0.1 * view.width().min(view.height());
    descend_clipped(e, &mut pts, LR, STEPS, conditional, max_move, Some(&mut trajectory));
    let paths = (0..pts.len()).map(|i| trajectory.iter().map(|t| t.get(i)).collect()).collect();
    let mut energies = vec![0.0; pts.len()];
    e.energy(&pts, &mut energies);
    Paths { paths, energies }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::energy::reference::Circle;

    #[test]
    fn sixteen_restarts_at_x_0_on_the_circle_land_on_both_branches() {
        let p = infer(&Circle, Rect::square(1.5), Some([0.0, 0.3]), 16, true, &Rng::new(3));
        assert_eq!(p.paths.len(), 17);
        let ends: Vec<[f32; 2]> = p.paths.iter().map(|path| *path.last().unwrap()).collect();
        assert!(ends.iter().all(|e| e[0] == 0.0), "the descent moves y only");
        // From y = 0 exactly the gradient vanishes (a maximum of F(0, ·)); every other start
        // lands within 0.01 of a branch.
        let near = |t: f32| ends.iter().filter(|e| (e[1] - t).abs() < 0.01).count();
        assert!(near(1.0) >= 1 && near(-1.0) >= 1, "{ends:?}");
        assert_eq!(near(1.0) + near(-1.0), 17, "{ends:?}");
        assert!((ends[0][1] - 1.0).abs() < 0.01, "the tapped start (0, 0.3) descends to the nearer branch");
        assert!(p.paths.iter().all(|path| path.len() == STEPS as usize + 1));
    }

    #[test]
    fn unconditional_descent_moves_both_coordinates_onto_the_circle() {
        let p = infer(&Circle, Rect::square(1.5), Some([0.2, 0.1]), 0, false, &Rng::new(1));
        let end = *p.paths[0].last().unwrap();
        assert!((end[0].hypot(end[1]) - 1.0).abs() < 0.01, "{end:?}");
        assert!(end[0] > 0.5, "it went outwards along its ray: {end:?}");
        assert!(p.energies[0] < 1e-3);
    }
}
