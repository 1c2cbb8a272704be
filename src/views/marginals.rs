//! Marginal histograms of the drawn samples against the exact marginals of
//! p_β on the grid: for y₁ and for y₂, the count of samples per bin and the
//! count p_β predicts there (the drawn samples in the view × the bin's exact
//! mass). A sampler that has not mixed shows bars that miss the line.

use crate::grid::{Grid, log_partition};
use crate::kernels::math::exp;
use crate::points::Points;

/// Bins per axis (a divisor of the default 128-cell heat map).
pub const BINS: usize = 32;

#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Marginal {
    /// Bin edges (BINS + 1 of them).
    pub edges: Vec<f32>,
    pub counts: Vec<u32>,
    /// What p_β predicts: samples in view × the bin's exact mass.
    pub expected: Vec<f32>,
}

#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Marginals {
    pub y1: Marginal,
    pub y2: Marginal,
    /// Samples drawn, and how many of them fell outside the view.
    pub drawn: usize,
    pub outside: usize,
    pub title: String,
}

/// The marginals of `samples` against p_β of `energies` (n × n on `grid`,
/// row-major, row 0 at the bottom). The grid's n must be a multiple of BINS.
pub fn marginals(samples: &Points, energies: &[f32], grid: &Grid, beta: f32) -> Marginals {
    let n = grid.n;
    assert!(n.is_multiple_of(BINS) && energies.len() == n * n, "an n × n grid with n a multiple of {BINS}");
    let log_z = log_partition(energies, beta, grid.cell_area());
    // Exact mass per bin of each axis: the cells' p·area summed over the other axis.
    let (mut mass1, mut mass2) = (vec![0.0f64; BINS], vec![0.0f64; BINS]);
    let per = n / BINS;
    for r in 0..n {
        for c in 0..n {
            let e = energies[r * n + c];
            let m = if e.is_finite() { f64::from(exp(-beta * e - log_z) * grid.cell_area()) } else { 0.0 };
            mass1[c / per] += m;
            mass2[r / per] += m;
        }
    }
    let rect = grid.rect;
    let bin_of = |v: f32, lo: f32, hi: f32| {
        let t = (v - lo) / (hi - lo);
        (0.0..1.0).contains(&t).then(|| ((t * BINS as f32) as usize).min(BINS - 1))
    };
    let (mut c1, mut c2) = (vec![0u32; BINS], vec![0u32; BINS]);
    let mut outside = 0;
    for i in 0..samples.len() {
        let [a, b] = samples.get(i);
        match (bin_of(a, rect.x_lo, rect.x_hi), bin_of(b, rect.y_lo, rect.y_hi)) {
            (Some(i1), Some(i2)) => {
                c1[i1] += 1;
                c2[i2] += 1;
            }
            _ => outside += 1,
        }
    }
    let inside = (samples.len() - outside) as f64;
    let axis = |lo: f32, hi: f32, counts: Vec<u32>, mass: &[f64]| Marginal {
        edges: (0..=BINS).map(|k| lo + (hi - lo) * k as f32 / BINS as f32).collect(),
        counts,
        expected: mass.iter().map(|m| (inside * m) as f32).collect(),
    };
    let title = format!(
        "Marginals of {} drawn samples ({} outside the view) against p_β, β = {beta}: bars drawn, line exact",
        samples.len(),
        outside
    );
    Marginals {
        y1: axis(rect.x_lo, rect.x_hi, c1, &mass1),
        y2: axis(rect.y_lo, rect.y_hi, c2, &mass2),
        drawn: samples.len(),
        outside,
        title,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::points::Rect;
    use crate::rng::{Rng, Stream};

    #[test]
    fn histograms_sum_to_the_samples_and_match_draws_from_p() {
        // E = ‖y‖²/2, β = 1: p is N(0, I) cut to [−3, 3]². 20,000 standard normal draws.
        let grid = Grid::new(128, Rect::square(3.0));
        let c = grid.centres();
        let energies: Vec<f32> = (0..c.len()).map(|i| 0.5 * (c.y1[i].powi(2) + c.y2[i].powi(2))).collect();
        let rng = Rng::new(2);
        let mut samples = Points::with_len(20_000);
        for i in 0..20_000u32 {
            samples.set(i as usize, rng.normal2(Stream::Data, i, 0));
        }
        let m = marginals(&samples, &energies, &grid, 1.0);
        let inside = (m.drawn - m.outside) as u32;
        assert_eq!(m.y1.counts.iter().sum::<u32>(), inside);
        assert_eq!(m.y2.counts.iter().sum::<u32>(), inside);
        // P(‖y‖∞ > 3) = 1 − 0.9973² = 0.54 %: about 108 of 20,000 outside (sd 10).
        assert!((60..160).contains(&m.outside), "{} outside", m.outside);
        assert!((m.y1.expected.iter().sum::<f32>() - inside as f32).abs() < 1.0);
        // Each bin within 5 sd of its Poisson expectation (the largest bin expects ~1,000: sd 32).
        for ax in [&m.y1, &m.y2] {
            for (k, (&n, &e)) in ax.counts.iter().zip(&ax.expected).enumerate() {
                assert!((n as f32 - e).abs() < 5.0 * e.max(1.0).sqrt(), "bin {k}: {n} against {e}");
            }
        }
        assert_eq!(m.y1.edges.len(), BINS + 1);
    }
}
