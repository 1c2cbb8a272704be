//! Conditional parabolas (docs/datasets.md): x ~ U(−1.5, 1.5), y = ±(x² − 1) + N(0, σ²),
//! σ = 0.03; even indices take the + branch. Points are (x, y) in (y1, y2).

use super::{normals, uniforms};
use crate::points::Rect;
use crate::rng::Rng;

pub const SIGMA: f32 = 0.03;
pub const X_MAX: f32 = 1.5;
/// The data fill [−1.5, 1.5] × [−1.25, 1.25] (x² − 1 ∈ [−1, 1.25]); the box leaves a
/// margin of 0.5.
pub const VIEW: Rect = Rect::square(2.0);

pub fn point(rng: &Rng, i: u32, sigma: f32) -> [f32; 2] {
    let x = X_MAX * (2.0 * uniforms(rng, i)[0] - 1.0);
    let branch = if i.is_multiple_of(2) { 1.0 } else { -1.0 };
    [x, branch * (x * x - 1.0) + sigma * normals(rng, i)[0]]
}

#[cfg(test)]
mod tests {
    use crate::data::DatasetKind;
    use crate::data::testing::sample;

    #[test]
    fn parabolas_points_follow_both_branches() {
        let p = sample(DatasetKind::Parabolas, 4000, 15);
        for i in 0..p.len() {
            let (x, y) = (f64::from(p.y1[i]), f64::from(p.y2[i]));
            // x ~ U(−1.5, 1.5) and 5σ with σ = 0.03 (docs/datasets.md).
            assert!(x.abs() < 1.5, "x {x}");
            let branch = if i.is_multiple_of(2) { 1.0 } else { -1.0 };
            assert!((y - branch * (x * x - 1.0)).abs() < 0.15, "point {i}: ({x}, {y})");
        }
    }
}
