//! Two moons (docs/datasets.md): half circles of radius 1 over [0, π], the second
//! `(1 − cos t, 1 − sin t − 0.5)` i.e. flipped and shifted by (1, −0.5); the pair is
//! centred at the origin, scaled by 1.5, then N(0, σ² I) is added (σ in plot units).
//! Even indices take the upper moon, odd the lower.

use super::{normals, uniforms};
use crate::rng::Rng;
use core::f32::consts::PI;

pub const SIGMA: f32 = 0.05;
pub const SCALE: f32 = 1.5;
/// Centre of the unscaled pair: of its bounding box [−1, 2] × [−0.5, 1], and also its
/// mean ((0, 2/π) and (1, 0.5 − 2/π) averaged).
pub const CENTRE: [f32; 2] = [0.5, 0.25];

pub fn point(rng: &Rng, i: u32, sigma: f32) -> [f32; 2] {
    let (s, c) = libm::sincosf(PI * uniforms(rng, i)[0]);
    let m = if i.is_multiple_of(2) { [c, s] } else { [1.0 - c, 0.5 - s] };
    let n = normals(rng, i);
    [SCALE * (m[0] - CENTRE[0]) + sigma * n[0], SCALE * (m[1] - CENTRE[1]) + sigma * n[1]]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::DatasetKind;
    use crate::data::testing::{mean_var, sample};

    #[test]
    fn moons_points_lie_on_their_half_circles() {
        let p = sample(DatasetKind::Moons, 4000, 2);
        // 5σ of noise, in unscaled units.
        let tol = 5.0 * SIGMA / SCALE;
        for i in 0..p.len() {
            // Undo the scale and the centring.
            let q = [p.y1[i] / SCALE + CENTRE[0], p.y2[i] / SCALE + CENTRE[1]];
            let (centre, side) = if i.is_multiple_of(2) { ([0.0, 0.0], 1.0) } else { ([1.0, 0.5], -1.0) };
            let r = (q[0] - centre[0]).hypot(q[1] - centre[1]);
            assert!((r - 1.0).abs() < tol, "point {i}: radius {r}");
            // Upper moon above its centre, lower moon below.
            assert!(side * (q[1] - centre[1]) > -tol, "point {i} on the wrong half");
        }
    }

    #[test]
    fn moons_are_centred_at_the_origin() {
        let p = sample(DatasetKind::Moons, 10_000, 3);
        // Closed form: the moons' means (0, 2/π) and (1, 0.5 − 2/π) average to CENTRE,
        // which is subtracted. Spread ≤ 1.5 per coordinate: 4 standard errors < 0.06.
        for v in [&p.y1, &p.y2] {
            let (m, _) = mean_var(v.iter().copied());
            assert!(m.abs() < 0.06, "mean {m}");
        }
    }
}
