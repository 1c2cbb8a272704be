//! Two concentric rings (docs/datasets.md): radii 1 and 2.2, equal mass (even indices on
//! the inner ring), θ ~ U(0, 2π), plus N(0, σ² I).

use super::{normals, uniforms};
use crate::rng::Rng;
use core::f32::consts::TAU;

pub const SIGMA: f32 = 0.05;
pub const RADII: [f32; 2] = [1.0, 2.2];

pub fn point(rng: &Rng, i: u32, sigma: f32) -> [f32; 2] {
    let r = RADII[(i % 2) as usize];
    let (s, c) = libm::sincosf(TAU * uniforms(rng, i)[0]);
    let n = normals(rng, i);
    [r * c + sigma * n[0], r * s + sigma * n[1]]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::DatasetKind;
    use crate::data::testing::{mean_var, sample};

    #[test]
    fn rings_points_alternate_between_radius_one_and_two_point_two() {
        let p = sample(DatasetKind::Rings, 4000, 4);
        for i in 0..p.len() {
            let r = p.y1[i].hypot(p.y2[i]);
            // Radii from docs/datasets.md; 5σ of noise.
            assert!((r - RADII[i % 2]).abs() < 5.0 * SIGMA, "point {i}: radius {r}");
        }
    }

    #[test]
    fn rings_angles_are_uniform() {
        let p = sample(DatasetKind::Rings, 10_000, 5);
        // A uniform angle gives E[cos θ] = E[sin θ] = 0 and E[cos² θ] = ½;
        // standard errors ≈ 0.007, so 0.03 is over 4 of them.
        let (mc, vc) = mean_var((0..p.len()).map(|i| p.y1[i] / p.y1[i].hypot(p.y2[i])));
        let (ms, _) = mean_var((0..p.len()).map(|i| p.y2[i] / p.y1[i].hypot(p.y2[i])));
        assert!(mc.abs() < 0.03 && ms.abs() < 0.03, "means {mc} {ms}");
        assert!((vc - 0.5).abs() < 0.03, "variance {vc}");
    }
}
