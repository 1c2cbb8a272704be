//! What the heat map shows: the energy itself, the Gibbs density
//! p_β = exp(−β E)/Z_β exact on the grid, or −log p_β = β E + log Z_β. For
//! conditional data (E(x, y), x across) the density is P(y | x): each column
//! is normalised on its own, Z_β(x) = Σ_rows exp(−β E(x, y))·h_y.

use crate::grid::{Grid, log_partition};
use crate::kernels::log_sum_exp;
use crate::kernels::math::{exp, ln};

/// The heat map's quantity (the link's `shown=`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shown {
    Energy,
    Density,
    NegLogDensity,
}

impl Shown {
    /// Link names, in the order the page offers them.
    pub const ALL: [(&'static str, Shown); 3] =
        [("energy", Shown::Energy), ("density", Shown::Density), ("nlogp", Shown::NegLogDensity)];

    pub fn name(self) -> &'static str {
        Shown::ALL.iter().find(|(_, s)| *s == self).map(|(n, _)| *n).expect("every variant is named")
    }

    /// The legend's words for this quantity of the plane's `energy` ("E(y)",
    /// "F∞(y)", "E(x, y)", …) at inverse temperature `beta`.
    pub fn label(self, energy: &str, beta: f32, conditional: bool) -> String {
        let p = if conditional { "p_β(y | x)" } else { "p_β(y)" };
        match self {
            Shown::Energy => energy.to_string(),
            Shown::Density => {
                let per = if conditional { "per unit of y" } else { "per unit area" };
                format!("{p} ∝ exp(−β·{energy}), β = {beta} ({per})")
            }
            Shown::NegLogDensity => format!("−log {p}, β = {beta} (nats)"),
        }
    }
}

/// The heat map's values for `energies` on `grid` (row-major, row 0 at the bottom).
pub fn shown_values(energies: &[f32], grid: &Grid, shown: Shown, beta: f32, conditional: bool) -> Vec<f32> {
    assert_eq!(energies.len(), grid.n * grid.n, "one energy per grid cell");
    if shown == Shown::Energy {
        return energies.to_vec();
    }
    let n = grid.n;
    // log Z per column (conditional) or one for the whole plane.
    let log_z: Vec<f32> = if conditional {
        (0..n)
            .map(|c| {
                let column: Vec<f32> = (0..n).map(|r| -beta * energies[r * n + c]).collect();
                log_sum_exp(&column) + ln(grid.cell_height())
            })
            .collect()
    } else {
        vec![log_partition(energies, beta, grid.cell_area()); n]
    };
    energies
        .iter()
        .enumerate()
        .map(|(i, &e)| {
            let nlogp = beta * e + log_z[i % n];
            if shown == Shown::Density { exp(-nlogp) } else { nlogp }
        })
        .collect()
}

/// [min, max, 1st percentile, 90th percentile] of the finite energies: the
/// colour scale (percentiles, so that a few steep corners do not wash it out).
pub fn colour_scale(energies: &[f32], sorted: &mut Vec<f32>) -> [f32; 4] {
    sorted.clear();
    sorted.extend(energies.iter().copied().filter(|v| v.is_finite()));
    if sorted.is_empty() {
        return [f32::NAN; 4];
    }
    let len = sorted.len();
    let min = sorted.iter().copied().fold(f32::INFINITY, f32::min);
    let max = sorted.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    let mut pick = |q: f32| *sorted.select_nth_unstable_by(((len - 1) as f32 * q) as usize, f32::total_cmp).1;
    let low = pick(0.01);
    let high = pick(0.9);
    [min, max, low, high]
}

/// Where a value falls on the colour map: entry 0 (low) to 255 (high) over [lo, hi].
#[derive(Clone, Copy, Debug)]
pub struct ColourScale {
    lo: f32,
    hi: f32,
    scale: f32,
}

impl ColourScale {
    /// The scale of `colour_scale`'s low and high percentiles.
    pub fn new(lo: f32, hi: f32) -> Self {
        Self { lo, hi, scale: if hi > lo { 255.0 / (hi - lo) } else { 0.0 } }
    }

    /// The colour-map entry of `e`. A value that is not finite (an energy that
    /// overflowed, a density of one) takes the top entry; a flat or empty scale
    /// gives the bottom one; a range too wide or too narrow for f32 is measured
    /// in f64. No entry is ever made from a NaN.
    pub fn index(&self, e: f32) -> usize {
        if !e.is_finite() {
            return 255;
        }
        // A flat scale, or one of no finite values (NaN bounds): the bottom entry.
        if self.hi.partial_cmp(&self.lo) != Some(std::cmp::Ordering::Greater) {
            return 0;
        }
        // hi − lo past f32 makes the scale 0; too narrow, ∞: then f64.
        let x = (e - self.lo) * self.scale;
        let x = if x.is_finite() && self.scale > 0.0 {
            x
        } else {
            ((f64::from(e) - f64::from(self.lo)) * 255.0 / (f64::from(self.hi) - f64::from(self.lo))) as f32
        };
        x.round().clamp(0.0, 255.0) as usize
    }
}

/// The heat map's RGBA image (row 0 at the top, for a canvas) of the n × n
/// `values` (row 0 at the bottom) through `lut` (256 RGBA entries, low first).
pub fn paint(values: &[f32], n: usize, scale: ColourScale, lut: &[u8], rgba: &mut [u8]) {
    assert!(values.len() == n * n && rgba.len() == n * n * 4 && lut.len() == 1024, "n² values, n² pixels, 256 colours");
    for r in 0..n {
        let dst = &mut rgba[(n - 1 - r) * n * 4..(n - r) * n * 4];
        for (c, px) in dst.chunks_exact_mut(4).enumerate() {
            let k = scale.index(values[r * n + c]);
            px.copy_from_slice(&lut[k * 4..k * 4 + 4]);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::points::Rect;

    #[test]
    fn no_colour_is_ever_made_from_a_nan() {
        let s = ColourScale::new(0.0, 10.0);
        assert_eq!([s.index(0.0), s.index(5.0), s.index(10.0), s.index(-3.0), s.index(99.0)], [0, 128, 255, 0, 255]);
        for bad in [f32::NAN, f32::INFINITY, f32::NEG_INFINITY] {
            assert_eq!(s.index(bad), 255, "{bad}");
        }
        // A scale of no finite values (every energy overflowed), a flat one, and ranges past f32.
        assert_eq!(ColourScale::new(f32::NAN, f32::NAN).index(1.0), 0);
        assert_eq!(ColourScale::new(2.0, 2.0).index(2.0), 0);
        let wide = ColourScale::new(-3e38, 3e38);
        assert_eq!([wide.index(-3e38), wide.index(0.0), wide.index(3e38)], [0, 128, 255]);
        let narrow = ColourScale::new(0.0, 1e-45);
        assert_eq!([narrow.index(0.0), narrow.index(1e-45)], [0, 255]);
    }

    #[test]
    fn paint_draws_row_zero_at_the_top_and_non_finite_values_at_the_top_colour() {
        let lut: Vec<u8> = (0..=255u8).flat_map(|v| [v, 255 - v, 0, 255]).collect();
        // Row 0 (bottom): 0, NaN; row 1 (top): +∞, 10.
        let values = [0.0, f32::NAN, f32::INFINITY, 10.0];
        let mut rgba = vec![0u8; 16];
        paint(&values, 2, ColourScale::new(0.0, 10.0), &lut, &mut rgba);
        assert_eq!(rgba, [255, 0, 0, 255, 255, 0, 0, 255, 0, 255, 0, 255, 255, 0, 0, 255]);
    }

    fn energies_of(grid: &Grid, f: impl Fn([f32; 2]) -> f32) -> Vec<f32> {
        let c = grid.centres();
        (0..c.len()).map(|i| f(c.get(i))).collect()
    }

    #[test]
    fn the_density_integrates_to_one_and_matches_the_gaussian_it_should_be() {
        // E = ‖y‖²/2 at β = 1 is N(0, I) cut to [−3, 3]²: Z = 2π·P(|y₁| ≤ 3)² = 2π·0.997300² (normal
        // tables), so p(0) = 1/(2π·0.994608) = 0.160019; the 129² midpoint rule adds < 1e-4.
        let grid = Grid::new(129, Rect::square(3.0));
        let e = energies_of(&grid, |[x, y]| 0.5 * (x * x + y * y));
        let p = shown_values(&e, &grid, Shown::Density, 1.0, false);
        let mass: f64 = p.iter().map(|&v| f64::from(v)).sum::<f64>() * f64::from(grid.cell_area());
        assert!((mass - 1.0).abs() < 1e-4, "mass {mass}");
        let centre = p[64 * 129 + 64]; // the cell centred on the origin
        assert!((centre - 0.160019).abs() < 2e-4, "p(0) = {centre}");
        // −log p is β E + log Z: it differs from E by one constant.
        let nlogp = shown_values(&e, &grid, Shown::NegLogDensity, 1.0, false);
        let shift = nlogp[0] - e[0];
        assert!(nlogp.iter().zip(&e).all(|(a, b)| (a - b - shift).abs() < 1e-4));
    }

    #[test]
    fn a_conditional_density_integrates_to_one_in_every_column() {
        let grid = Grid::new(64, Rect::square(1.5));
        // The circle's energy (x² + y² − 1)²: two branches per |x| < 1, one blob at |x| ≥ 1.
        let e = energies_of(&grid, |[x, y]| (x * x + y * y - 1.0).powi(2));
        let p = shown_values(&e, &grid, Shown::Density, 4.0, true);
        for c in 0..64 {
            let mass: f64 = (0..64).map(|r| f64::from(p[r * 64 + c])).sum::<f64>() * f64::from(grid.cell_height());
            assert!((mass - 1.0).abs() < 1e-4, "column {c}: {mass}");
        }
    }

    #[test]
    fn labels_name_the_quantity_and_its_units() {
        assert_eq!(Shown::Energy.label("F∞(y)", 1.0, false), "F∞(y)");
        assert_eq!(Shown::Density.label("E(y)", 2.0, false), "p_β(y) ∝ exp(−β·E(y)), β = 2 (per unit area)");
        assert_eq!(Shown::NegLogDensity.label("E(x, y)", 1.0, true), "−log p_β(y | x), β = 1 (nats)");
    }
}
