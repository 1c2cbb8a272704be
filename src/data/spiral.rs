//! The lecture's thin spiral (docs/datasets.md): t ~ U(0, 1), θ = 3πt (one and a half
//! turns), r = 0.3 + 2.4t, y = r·(cos θ, sin θ) + N(0, σ² I).

use super::{normals, uniforms};
use crate::rng::Rng;
use core::f32::consts::PI;

pub const SIGMA: f32 = 0.04;
/// Radius at t = 0 and its growth per unit t.
pub const R0: f32 = 0.3;
pub const GROWTH: f32 = 2.4;

pub fn point(rng: &Rng, i: u32, sigma: f32) -> [f32; 2] {
    let t = uniforms(rng, i)[0];
    let (s, c) = libm::sincosf(3.0 * PI * t);
    let r = R0 + GROWTH * t;
    let n = normals(rng, i);
    [r * c + sigma * n[0], r * s + sigma * n[1]]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::DatasetKind;
    use crate::data::testing::{distance_to_curve, sample};

    fn curve(t: f64) -> [f64; 2] {
        let (r, th) = (0.3 + 2.4 * t, 3.0 * std::f64::consts::PI * t);
        [r * th.cos(), r * th.sin()]
    }

    #[test]
    fn spiral_points_lie_near_the_archimedean_curve() {
        let p = sample(DatasetKind::Spiral, 2000, 11);
        let sigma = f64::from(SIGMA);
        let mut sq = 0.0;
        for i in 0..p.len() {
            let [a, b] = p.get(i);
            // Radius range [0.3, 2.7] of the noise-free curve, widened by 5σ.
            let r = f64::from(a).hypot(f64::from(b));
            assert!(r > 0.3 - 5.0 * sigma && r < 2.7 + 5.0 * sigma, "radius {r}");
            let d = distance_to_curve(p.get(i), curve, 0.0, 1.0);
            assert!(d < 5.0 * sigma, "point {i} is {d} from the curve");
            sq += d * d;
        }
        // Mostly the normal component of N(0, σ² I) survives: RMS distance ≈ σ.
        let rms = (sq / p.len() as f64).sqrt();
        assert!((rms / sigma - 1.0).abs() < 0.15, "rms {rms}");
    }
}
