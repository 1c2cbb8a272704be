//! Pinwheel, as the common generator (Johnson et al. 2016, SVAE; also FFJORD's toy
//! data): features f = (1 + N(0, 0.3²), N(0, σ²)) with tangential σ = 0.05, arm
//! k = i mod 5, angle a = 2πk/5 + 0.25·exp(f₁), y = f·R(a) with the row-vector
//! product of that code (`einsum('ti,tij->tj')`, R = [[cos, −sin], [sin, cos]]),
//! i.e. f turned clockwise by a. We scale by 1 (FFJORD uses 2): the radius is about
//! f₁ ∈ [0.1, 1.9] at ±3σ and exceeds 3 only beyond 6.7σ, inside the [−3, 3]² view.

use super::normals;
use crate::kernels::math::exp;
use crate::rng::Rng;
use core::f32::consts::TAU;

pub const ARMS: u32 = 5;
pub const RADIAL_SIGMA: f32 = 0.3;
/// The default noise: `generate`'s σ sets the tangential spread.
pub const TANGENTIAL_SIGMA: f32 = 0.05;
pub const RATE: f32 = 0.25;
pub const SCALE: f32 = 1.0;

pub fn point(rng: &Rng, i: u32, sigma: f32) -> [f32; 2] {
    let n = normals(rng, i);
    let f = [1.0 + RADIAL_SIGMA * n[0], sigma * n[1]];
    let arm = (i % ARMS) as f32;
    let (s, c) = libm::sincosf(TAU * arm / ARMS as f32 + RATE * exp(f[0]));
    [SCALE * (f[0] * c + f[1] * s), SCALE * (f[1] * c - f[0] * s)]
}

#[cfg(test)]
mod tests {
    use crate::data::DatasetKind;
    use crate::data::testing::{mean_var, sample};

    #[test]
    fn pinwheel_unrotates_to_the_radial_and_tangential_gaussians() {
        let p = sample(DatasetKind::Pinwheel, 10_000, 8);
        let mut f = (Vec::new(), Vec::new());
        for i in 0..p.len() {
            let (a, b) = (f64::from(p.y1[i]), f64::from(p.y2[i]));
            // The radius stands in for f₁ (f₂ is small), giving back the angle; then
            // turn anticlockwise: (f₁, f₂) = (a cos − b sin, a sin + b cos).
            let k = (i % 5) as f64;
            let ang = std::f64::consts::TAU * k / 5.0 + 0.25 * a.hypot(b).exp();
            f.0.push((a * ang.cos() - b * ang.sin()) as f32);
            f.1.push((a * ang.sin() + b * ang.cos()) as f32);
        }
        let (m1, v1) = mean_var(f.0.into_iter());
        let (m2, v2) = mean_var(f.1.into_iter());
        // Closed form: f₁ ~ N(1, 0.3²), f₂ ~ N(0, 0.05²) (the generator's parameters);
        // with 10,000 draws the sampling error is ~1% and the radius-for-f₁ bias smaller.
        assert!((m1 - 1.0).abs() < 0.02 && (v1.sqrt() - 0.3).abs() < 0.015, "f1 {m1} ± {}", v1.sqrt());
        assert!(m2.abs() < 0.005 && (v2.sqrt() - 0.05).abs() < 0.005, "f2 {m2} ± {}", v2.sqrt());
    }

    #[test]
    fn pinwheel_fits_the_default_view() {
        let p = sample(DatasetKind::Pinwheel, 10_000, 9);
        let r_max = (0..p.len()).map(|i| p.y1[i].hypot(p.y2[i])).fold(0.0, f32::max);
        // Radius ≈ 1 + 0.3·z: about 2.2 at the largest of 10,000 normals (z ≈ 4), below 3.
        assert!(r_max > 1.9 && r_max < 2.6, "largest radius {r_max}");
    }
}
