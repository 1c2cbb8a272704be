//! Checkerboard (docs/datasets.md): uniform on the 8 dark squares of a 4×4 board of side 1
//! covering [−2, 2]². Rows and columns count 0..4 from the bottom-left; a square is
//! dark when row + col is even, so the bottom-left square [−2, −1]² is dark.
//! Point i lies on dark square k = i mod 8 (rows bottom to top, then left to right),
//! plus N(0, σ² I) when σ > 0 (the default is none).

use super::{normals, uniforms};
use crate::rng::Rng;

pub const SQUARES: u32 = 8;

/// (row, col) of dark square k: two per row, shifted by one on odd rows.
pub fn square(k: u32) -> (u32, u32) {
    let row = k / 2;
    (row, 2 * (k % 2) + row % 2)
}

pub fn point(rng: &Rng, i: u32, sigma: f32) -> [f32; 2] {
    let (row, col) = square(i % SQUARES);
    let u = uniforms(rng, i);
    let n = normals(rng, i);
    [-2.0 + col as f32 + u[0] + sigma * n[0], -2.0 + row as f32 + u[1] + sigma * n[1]]
}

#[cfg(test)]
mod tests {
    use crate::data::DatasetKind;
    use crate::data::testing::sample;

    #[test]
    fn checkerboard_points_fall_on_dark_squares() {
        let p = sample(DatasetKind::Checkerboard, 8000, 7);
        let mut counts = [[0; 4]; 4];
        for i in 0..p.len() {
            let [a, b] = p.get(i);
            // The board covers [−2, 2]² (docs/datasets.md) and the default adds no noise.
            assert!(a > -2.0 && a < 2.0 && b > -2.0 && b < 2.0, "point {i} off the board");
            let (col, row) = ((a + 2.0).floor() as usize, (b + 2.0).floor() as usize);
            assert_eq!((row + col) % 2, 0, "point {i} on a light square");
            counts[row][col] += 1;
        }
        // Component i mod 8: each dark square holds exactly 8000 / 8 points.
        for (row, cols) in counts.iter().enumerate() {
            for (col, &c) in cols.iter().enumerate() {
                assert_eq!(c, if (row + col) % 2 == 0 { 1000 } else { 0 }, "square {row},{col}");
            }
        }
    }
}
