//! Conditional circle (docs/datasets.md): x ~ U(−1, 1), y = ±√(1 − x²) + N(0, σ²),
//! σ = 0.03; even indices take the upper branch. Points are (x, y) in (y1, y2).

use super::{normals, uniforms};
use crate::points::Rect;
use crate::rng::Rng;

pub const SIGMA: f32 = 0.03;
/// The data fill [−1, 1] × [−1.1, 1.1]; the box leaves a margin of 0.4.
pub const VIEW: Rect = Rect::square(1.5);

pub fn point(rng: &Rng, i: u32, sigma: f32) -> [f32; 2] {
    let x = 2.0 * uniforms(rng, i)[0] - 1.0;
    let branch = if i.is_multiple_of(2) { 1.0 } else { -1.0 };
    [x, branch * (1.0 - x * x).max(0.0).sqrt() + sigma * normals(rng, i)[0]]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::DatasetKind;
    use crate::data::testing::{mean_var, sample};

    #[test]
    fn circle_points_satisfy_x2_plus_y2_near_one() {
        let p = sample(DatasetKind::Circle, 4000, 13);
        let tol = 5.0 * f64::from(SIGMA); // 5σ, σ = 0.03 (docs/datasets.md)
        for i in 0..p.len() {
            let (x, y) = (f64::from(p.y1[i]), f64::from(p.y2[i]));
            assert!(x > -1.0 && x < 1.0, "x {x}");
            let branch = if i.is_multiple_of(2) { 1.0 } else { -1.0 };
            assert!((y - branch * (1.0 - x * x).sqrt()).abs() < tol, "point {i}: ({x}, {y})");
            // |y| ≤ 1 + 5σ, so x² + y² − 1 = 2·√(1−x²)·e + e² stays below 2·tol + tol².
            assert!((x * x + y * y - 1.0).abs() < 2.0 * tol + tol * tol, "point {i}");
        }
    }

    #[test]
    fn circle_inputs_are_uniform_and_branches_balanced() {
        let p = sample(DatasetKind::Circle, 10_000, 14);
        let (m, var) = mean_var(p.y1.iter().copied());
        // U(−1, 1): mean 0, variance 1/3; standard errors 0.006 and 0.003.
        assert!(m.abs() < 0.03 && (var - 1.0 / 3.0).abs() < 0.015, "x {m} {var}");
        // Parity gives exactly 5,000 upper points; noise can flip only those with
        // √(1 − x²) within a few σ of 0, i.e. |x| > 0.998, about 20 of 10,000.
        let upper = p.y2.iter().filter(|&&y| y > 0.0).count();
        assert!(upper.abs_diff(5000) < 40, "upper branch {upper}");
    }
}
