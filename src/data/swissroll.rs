//! 2-D swiss roll (docs/datasets.md): t ~ U(1.5π, 4.5π), y = (t cos t, t sin t)/5 +
//! N(0, σ² I), σ = 0.1. Its outer end reaches radius 4.5π/5 ≈ 2.83.

use super::{normals, uniforms};
use crate::rng::Rng;
use core::f32::consts::PI;

pub const SIGMA: f32 = 0.1;
pub const T_LO: f32 = 1.5 * PI;
pub const T_HI: f32 = 4.5 * PI;

pub fn point(rng: &Rng, i: u32, sigma: f32) -> [f32; 2] {
    let t = T_LO + (T_HI - T_LO) * uniforms(rng, i)[0];
    let (s, c) = libm::sincosf(t);
    let n = normals(rng, i);
    [t * c / 5.0 + sigma * n[0], t * s / 5.0 + sigma * n[1]]
}

#[cfg(test)]
mod tests {
    use crate::data::DatasetKind;
    use crate::data::testing::{distance_to_curve, sample};
    use std::f64::consts::PI;

    #[test]
    fn swiss_roll_points_lie_near_the_roll() {
        let p = sample(DatasetKind::SwissRoll, 2000, 10);
        let curve = |t: f64| [t * t.cos() / 5.0, t * t.sin() / 5.0];
        let mut sq = 0.0;
        for i in 0..p.len() {
            let d = distance_to_curve(p.get(i), curve, 1.5 * PI, 4.5 * PI);
            // 5σ with σ = 0.1 (docs/datasets.md); turns lie 2π/5 ≈ 1.26 apart, so the
            // nearest turn is the right one.
            assert!(d < 0.5, "point {i} is {d} from the roll");
            sq += d * d;
        }
        // Mostly the normal component of N(0, σ² I) survives: RMS distance ≈ σ.
        let rms = (sq / p.len() as f64).sqrt();
        assert!((rms / 0.1 - 1.0).abs() < 0.15, "rms {rms}");
    }
}
