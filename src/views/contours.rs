//! Contour lines of a grid of values by marching squares.
//!
//! The grid is the heat map's: n × n cell centres, row-major, row 0 at the
//! bottom. Between four neighbouring centres the values are read as the
//! bilinear interpolant; a level crosses an edge of that square where the
//! linear interpolant along the edge equals it, so every vertex lies exactly on
//! its level (up to rounding). A square whose four corners all lie on one side
//! has no line; a saddle (opposite corners on the same side) is split by the
//! value at its centre, the mean of the four corners, as the bilinear surface
//! does. Squares with a non-finite corner are skipped.
//!
//! Marching squares rather than a library: it is 60 lines, has no dependency,
//! and runs in Rust like every other number the page draws.

use crate::grid::Grid;

/// The contour lines of one level: segments `[x0, y0, x1, y1]` in plane
/// coordinates, and where its label goes: the segment furthest from the view's
/// centre in a direction of its own (level i of k at angle −60° + (i + ½)·120°/k),
/// so the labels of nested lines fan out over the right half instead of piling up.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Contour {
    pub level: f32,
    pub segments: Vec<[f32; 4]>,
    pub label_at: Option<[f32; 2]>,
}

/// `count` levels evenly spaced strictly inside [lo, hi] (none when the range is
/// empty or not finite): the i-th is lo + (i + ½)(hi − lo)/count.
pub fn levels(lo: f32, hi: f32, count: usize) -> Vec<f32> {
    if !(lo.is_finite() && hi.is_finite() && hi > lo) {
        return Vec::new();
    }
    (0..count).map(|i| lo + (i as f32 + 0.5) * (hi - lo) / count as f32).collect()
}

/// The contour of every level in `levels` over `values` (n × n on `grid`).
pub fn contours(values: &[f32], grid: &Grid, levels: &[f32]) -> Vec<Contour> {
    assert_eq!(values.len(), grid.n * grid.n, "one value per grid cell");
    levels
        .iter()
        .enumerate()
        .map(|(i, &level)| {
            let angle = (-60.0 + (i as f32 + 0.5) * 120.0 / levels.len() as f32).to_radians();
            contour(values, grid, level, [libm::cosf(angle), libm::sinf(angle)])
        })
        .collect()
}

fn contour(values: &[f32], grid: &Grid, level: f32, label_direction: [f32; 2]) -> Contour {
    let n = grid.n;
    let mut segments = Vec::new();
    for r in 0..n - 1 {
        for c in 0..n - 1 {
            // Corners counter-clockwise from the bottom left: (r, c), (r, c+1), (r+1, c+1), (r+1, c).
            let at = [(r, c), (r, c + 1), (r + 1, c + 1), (r + 1, c)];
            let v = at.map(|(i, j)| values[i * n + j]);
            if v.iter().any(|x| !x.is_finite()) {
                continue;
            }
            let above = v.map(|x| x > level);
            if above.iter().all(|&a| a) || above.iter().all(|&a| !a) {
                continue;
            }
            // Crossing points on the four edges (edge k joins corner k and corner k+1).
            let cross = |k: usize| -> Option<[f32; 2]> {
                let (a, b) = (k, (k + 1) % 4);
                if above[a] == above[b] {
                    return None;
                }
                let t = (level - v[a]) / (v[b] - v[a]);
                let (pa, pb) = (grid.centre(at[a].0, at[a].1), grid.centre(at[b].0, at[b].1));
                Some([pa[0] + t * (pb[0] - pa[0]), pa[1] + t * (pb[1] - pa[1])])
            };
            let edges: Vec<(usize, [f32; 2])> = (0..4).filter_map(|k| cross(k).map(|p| (k, p))).collect();
            match edges.as_slice() {
                [(_, p), (_, q)] => segments.push([p[0], p[1], q[0], q[1]]),
                [(_, p0), (_, p1), (_, p2), (_, p3)] => {
                    // A saddle: corners 0 and 2 are on one side, 1 and 3 on the other.
                    // If the centre sides with corner 0, the lines cut off corners 1 and 3.
                    let centre_above = (v[0] + v[1] + v[2] + v[3]) / 4.0 > level;
                    if centre_above == above[0] {
                        // Edges 0|1 around corner 1, edges 2|3 around corner 3.
                        segments.push([p0[0], p0[1], p1[0], p1[1]]);
                        segments.push([p2[0], p2[1], p3[0], p3[1]]);
                    } else {
                        // Edges 3|0 around corner 0, edges 1|2 around corner 2.
                        segments.push([p3[0], p3[1], p0[0], p0[1]]);
                        segments.push([p1[0], p1[1], p2[0], p2[1]]);
                    }
                }
                _ => unreachable!("a level crosses a square's edges twice or four times"),
            }
        }
    }
    let centre = [0.5 * (grid.rect.x_lo + grid.rect.x_hi), 0.5 * (grid.rect.y_lo + grid.rect.y_hi)];
    let reach = |p: &[f32; 2]| (p[0] - centre[0]) * label_direction[0] + (p[1] - centre[1]) * label_direction[1];
    let label_at = segments
        .iter()
        .map(|s| [0.5 * (s[0] + s[2]), 0.5 * (s[1] + s[3])])
        .max_by(|a, b| reach(a).total_cmp(&reach(b)));
    Contour { level, segments, label_at }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::points::Rect;

    /// The bilinear interpolant of the grid at p (inside the centres' hull).
    fn bilinear(values: &[f32], grid: &Grid, p: [f32; 2]) -> f64 {
        let n = grid.n;
        let fx = ((p[0] - grid.rect.x_lo) / grid.cell_width() - 0.5) as f64;
        let fy = ((p[1] - grid.rect.y_lo) / grid.cell_height() - 0.5) as f64;
        let (c, r) = ((fx.floor() as usize).min(n - 2), (fy.floor() as usize).min(n - 2));
        let (tx, ty) = (fx - c as f64, fy - r as f64);
        let v = |i: usize, j: usize| f64::from(values[i * n + j]);
        (1.0 - ty) * ((1.0 - tx) * v(r, c) + tx * v(r, c + 1)) + ty * ((1.0 - tx) * v(r + 1, c) + tx * v(r + 1, c + 1))
    }

    fn grid_of(n: usize, f: impl Fn([f32; 2]) -> f32) -> (Grid, Vec<f32>) {
        let grid = Grid::new(n, Rect::square(3.0));
        let values = grid.centres().y1.iter().zip(&grid.centres().y2).map(|(&x, &y)| f([x, y])).collect();
        (grid, values)
    }

    #[test]
    fn every_vertex_lies_on_its_level_under_bilinear_interpolation() {
        // A double well with a saddle between the wells, and a tilt: every case of the table.
        let (grid, values) = grid_of(64, |[x, y]| (x * x - 1.0).powi(2) + 0.5 * y * y + 0.1 * x * y);
        let range = 16.0; // the values span about [−0.05, 16] on [−3, 3]²
        let cs = contours(&values, &grid, &levels(0.0, 4.0, 8));
        assert!(cs.iter().all(|c| !c.segments.is_empty()));
        for c in &cs {
            for s in &c.segments {
                for p in [[s[0], s[1]], [s[2], s[3]]] {
                    let err = (bilinear(&values, &grid, p) - f64::from(c.level)).abs();
                    assert!(err < 1e-4 * range, "level {}: {p:?} reads {err} off", c.level);
                }
            }
        }
    }

    #[test]
    fn a_circle_of_radius_one_comes_out_as_one_closed_ring_of_radius_one() {
        // r² − 1 on a 128² grid: the level 0 is the unit circle; bilinear error ≤ h²/8·|∇²| ≈ 0.0005.
        let (grid, values) = grid_of(128, |[x, y]| x * x + y * y - 1.0);
        let c = &contours(&values, &grid, &[0.0])[0];
        let mut length = 0.0;
        for s in &c.segments {
            for p in [[s[0], s[1]], [s[2], s[3]]] {
                assert!((p[0].hypot(p[1]) - 1.0).abs() < 2e-3, "{p:?}");
            }
            length += (s[2] - s[0]).hypot(s[3] - s[1]);
        }
        // The polygon's perimeter is 2π less an O(h²) chord error.
        assert!((length - std::f32::consts::TAU).abs() < 0.01, "perimeter {length}");
        // One level: its label direction is 0° (−60° + 60°), the rightmost point of the circle.
        let at = c.label_at.expect("a label");
        assert!(at[0] > 0.99 && at[1].abs() < 0.05, "{at:?}");
        // Two nested circles: labels at −30° and +30°, not on one line.
        let two = contours(&values, &grid, &[-0.5, 0.0]);
        let [a, b] = [two[0].label_at.unwrap(), two[1].label_at.unwrap()];
        assert!(a[1] < -0.3 && b[1] > 0.4, "{a:?} {b:?}");
    }

    #[test]
    fn levels_sit_inside_the_range_and_flat_or_broken_ranges_have_none() {
        assert_eq!(levels(0.0, 4.0, 4), vec![0.5, 1.5, 2.5, 3.5]);
        assert!(levels(1.0, 1.0, 4).is_empty());
        assert!(levels(f32::NAN, 1.0, 4).is_empty());
        let (grid, mut values) = grid_of(8, |[x, _]| x);
        // x = 0.1 crosses the 7 squares between columns 3 and 4; a non-finite value at
        // (row 1, column 3) removes the two squares it is a corner of, and nothing else.
        assert_eq!(contours(&values, &grid, &[0.1])[0].segments.len(), 7);
        values[8 + 3] = f32::NAN;
        assert_eq!(contours(&values, &grid, &[0.1])[0].segments.len(), 5);
    }
}
