//! The course's latent-variable ellipse (docs/datasets.md): θ ~ U(0, 2π),
//! y = (2 cos θ, 1.5 sin θ) + N(0, (1/20)² I); 24 points by default.

use super::{normals, uniforms};
use crate::rng::Rng;
use core::f32::consts::TAU;

pub const SIGMA: f32 = 1.0 / 20.0;
pub const COUNT: usize = 24;
/// Semi-axes (w₁, w₂) of the noise-free ellipse.
pub const AXES: [f32; 2] = [2.0, 1.5];

pub fn point(rng: &Rng, i: u32, sigma: f32) -> [f32; 2] {
    let (s, c) = libm::sincosf(TAU * uniforms(rng, i)[0]);
    let n = normals(rng, i);
    [AXES[0] * c + sigma * n[0], AXES[1] * s + sigma * n[1]]
}

#[cfg(test)]
mod tests {
    use crate::data::DatasetKind;
    use crate::data::testing::{distance_to_curve, sample};

    #[test]
    fn ellipse_points_lie_near_the_ellipse() {
        let p = sample(DatasetKind::Ellipse, 2000, 12);
        let curve = |t: f64| [2.0 * t.cos(), 1.5 * t.sin()];
        for i in 0..p.len() {
            let d = distance_to_curve(p.get(i), curve, 0.0, std::f64::consts::TAU);
            // 5σ with σ = 1/20 (docs/datasets.md).
            assert!(d < 0.25, "point {i} is {d} from the ellipse");
        }
        assert_eq!(DatasetKind::Ellipse.default_count(), 24); // docs/datasets.md
    }
}
