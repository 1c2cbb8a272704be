//! 8 Gaussians (docs/datasets.md): centres at radius 2 and angles kπ/4, σ = 0.15, equal
//! weights. Point i belongs to component k = i mod 8 (exactly equal counts).

use super::normals;
use crate::rng::Rng;
use core::f32::consts::FRAC_PI_4;

pub const SIGMA: f32 = 0.15;
pub const COMPONENTS: u32 = 8;
pub const RADIUS: f32 = 2.0;

/// Centre of component k: RADIUS·(cos kπ/4, sin kπ/4), as in `Analytic::eight_gaussians`.
pub fn centre(k: u32) -> [f32; 2] {
    let a = k as f32 * FRAC_PI_4;
    [RADIUS * libm::cosf(a), RADIUS * libm::sinf(a)]
}

pub fn point(rng: &Rng, i: u32, sigma: f32) -> [f32; 2] {
    let m = centre(i % COMPONENTS);
    let n = normals(rng, i);
    [m[0] + sigma * n[0], m[1] + sigma * n[1]]
}

#[cfg(test)]
mod tests {
    use crate::data::DatasetKind;
    use crate::data::testing::{mean_var, sample};

    #[test]
    fn eight_gaussians_have_the_right_component_means() {
        let p = sample(DatasetKind::Gaussians, 8000, 6);
        for k in 0..8 {
            // Closed form: centre 2·(cos kπ/4, sin kπ/4), σ = 0.15 (docs/datasets.md).
            let want = [
                2.0 * (k as f64 * std::f64::consts::FRAC_PI_4).cos(),
                2.0 * (k as f64 * std::f64::consts::FRAC_PI_4).sin(),
            ];
            for (axis, v) in [&p.y1, &p.y2].into_iter().enumerate() {
                let (m, var) = mean_var(v.iter().skip(k).step_by(8).copied());
                // 1,000 draws: standard error of the mean 0.15/√1000 ≈ 0.0047 (5 of them),
                // of the variance σ²·√(2/1000) ≈ 0.0010 (5 of them).
                assert!((m - want[axis]).abs() < 0.024, "component {k} axis {axis}: mean {m}");
                assert!((var - 0.0225).abs() < 0.005, "component {k} axis {axis}: variance {var}");
            }
        }
    }
}
