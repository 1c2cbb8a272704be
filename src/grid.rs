//! Ground truth that only 2-D allows: the energy on an n × n grid of cell
//! centres, log Z_β by quadrature, the exact normalised density, exact NLL,
//! the exact maximum-likelihood gradient, and KL between grid densities.
//!
//! Grids are row-major with row 0 at the bottom (y up): cell (r, c) has centre
//! (x_lo + (c + ½)·h_x, y_lo + (r + ½)·h_y).

use crate::energy::{Energy, Trainable};
use crate::kernels::log_sum_exp;
use crate::kernels::math::{exp, ln};
use crate::points::{Points, Rect};

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Grid {
    pub n: usize,
    pub rect: Rect,
}

impl Grid {
    pub fn new(n: usize, rect: Rect) -> Self {
        assert!(n >= 2, "a grid needs at least 2 × 2 cells");
        Self { n, rect }
    }

    pub fn cell_width(&self) -> f32 {
        self.rect.width() / self.n as f32
    }

    pub fn cell_height(&self) -> f32 {
        self.rect.height() / self.n as f32
    }

    pub fn cell_area(&self) -> f32 {
        self.cell_width() * self.cell_height()
    }

    /// Centre of cell (row, col).
    pub fn centre(&self, row: usize, col: usize) -> [f32; 2] {
        [
            self.rect.x_lo + (col as f32 + 0.5) * self.cell_width(),
            self.rect.y_lo + (row as f32 + 0.5) * self.cell_height(),
        ]
    }

    /// All n² cell centres, row-major.
    pub fn centres(&self) -> Points {
        let mut p = Points::with_len(self.n * self.n);
        for r in 0..self.n {
            for c in 0..self.n {
                p.set(r * self.n + c, self.centre(r, c));
            }
        }
        p
    }

    /// E at every cell centre, row-major.
    pub fn energies(&self, e: &dyn Energy) -> Vec<f32> {
        let pts = self.centres();
        let mut out = vec![0.0; pts.len()];
        e.energy(&pts, &mut out);
        out
    }
}

/// log Z_β = log Σ_cells exp(−β E_i) · area, by the midpoint rule.
pub fn log_partition(energies: &[f32], beta: f32, cell_area: f32) -> f32 {
    let neg: Vec<f32> = energies.iter().map(|&e| -beta * e).collect();
    log_sum_exp(&neg) + ln(cell_area)
}

/// p_i = exp(−β E_i − log Z): a density (integrates to 1 with the cell area).
pub fn density(energies: &[f32], beta: f32, log_z: f32) -> Vec<f32> {
    energies.iter().map(|&e| exp(-beta * e - log_z)).collect()
}

/// Mean negative log-likelihood −log p(y) = β E(y) + log Z over `points`.
pub fn nll(e: &dyn Energy, points: &Points, beta: f32, log_z: f32) -> f32 {
    if points.is_empty() {
        return f32::NAN;
    }
    let mut out = vec![0.0; points.len()];
    e.energy(points, &mut out);
    let sum: f64 = out.iter().map(|&v| f64::from(beta * v + log_z)).sum();
    (sum / points.len() as f64) as f32
}

/// Mean −log P(y | x) for conditional data: each point's x gets its own
/// log Z(x) = log Σ_j exp(−β E(x, y_j))·h over `n` cells of the view's y range.
pub fn conditional_nll(e: &dyn Energy, points: &Points, beta: f32, view: Rect, n: usize) -> f32 {
    if points.is_empty() {
        return f32::NAN;
    }
    let h = view.height() / n as f32;
    let mut at = vec![0.0; points.len()];
    e.energy(points, &mut at);
    // Columns of 32 points at a time: one batched energy call per 32·n cells.
    const BLOCK: usize = 32;
    let mut cells = Points::with_len(BLOCK * n);
    let mut en = vec![0.0; BLOCK * n];
    let mut sum = 0.0f64;
    for start in (0..points.len()).step_by(BLOCK) {
        let len = BLOCK.min(points.len() - start);
        cells.resize(len * n);
        en.resize(len * n, 0.0);
        for k in 0..len {
            for j in 0..n {
                cells.set(k * n + j, [points.y1[start + k], view.y_lo + (j as f32 + 0.5) * h]);
            }
        }
        e.energy(&cells, &mut en);
        for k in 0..len {
            let column = &mut en[k * n..(k + 1) * n];
            column.iter_mut().for_each(|v| *v *= -beta);
            let log_z = log_sum_exp(column) + ln(h);
            sum += f64::from(beta * at[start + k] + log_z);
        }
    }
    (sum / points.len() as f64) as f32
}

/// KL(p ‖ q) = Σ p_i log(p_i / q_i) · area for two grid densities.
pub fn kl_divergence(p: &[f32], q: &[f32], cell_area: f32) -> f64 {
    p.iter()
        .zip(q)
        .filter(|(pi, _)| **pi > 0.0)
        .map(|(&pi, &qi)| f64::from(pi) * (f64::from(pi).ln() - f64::from(qi.max(f32::MIN_POSITIVE)).ln()))
        .sum::<f64>()
        * f64::from(cell_area)
}

/// Weights for the exact maximum-likelihood gradient of the mean NLL:
/// ∇θ NLL = β (mean_data ∇θE − Σ_cells p_i·area ∇θE(c_i)).
/// Returns the per-cell weights −β p_i·area, to pair with β/n on the data.
pub fn ml_cell_weights(energies: &[f32], beta: f32, cell_area: f32) -> (f32, Vec<f32>) {
    let log_z = log_partition(energies, beta, cell_area);
    let w = energies.iter().map(|&e| -beta * exp(-beta * e - log_z) * cell_area).collect();
    (log_z, w)
}

/// The exact ML gradient of the mean NLL of `data` under `model` on `grid`;
/// returns (mean NLL, gradient).
pub fn ml_gradient(model: &dyn Trainable, data: &Points, beta: f32, grid: &Grid) -> (f32, Vec<f32>) {
    let cells = grid.centres();
    let mut e_cells = vec![0.0; cells.len()];
    model.energy(&cells, &mut e_cells);
    let (log_z, w_cells) = ml_cell_weights(&e_cells, beta, grid.cell_area());
    let mut grad = vec![0.0; model.params().len()];
    let mut scratch = vec![0.0; cells.len()];
    model.accumulate_grad_params(&cells, &w_cells, &mut scratch, &mut grad);
    let w_data = vec![beta / data.len() as f32; data.len()];
    let mut e_data = vec![0.0; data.len()];
    model.accumulate_grad_params(data, &w_data, &mut e_data, &mut grad);
    let mean_e = e_data.iter().map(|&v| f64::from(v)).sum::<f64>() / data.len() as f64;
    ((f64::from(beta) * mean_e + f64::from(log_z)) as f32, grad)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::energy::analytic::Analytic;

    #[test]
    fn log_partition_of_a_gaussian_matches_the_closed_form() {
        // E = ½(y1²/s1² + y2²/s2²): Z_β = 2π s1 s2 / β (closed form).
        let (s1, s2, beta) = (1.0f32, 0.7f32, 1.5f32);
        let e = Analytic::Gaussian { s1, s2 };
        let grid = Grid::new(256, Rect::square(6.0));
        let log_z = log_partition(&grid.energies(&e), beta, grid.cell_area());
        let want = (2.0 * std::f64::consts::PI * f64::from(s1) * f64::from(s2) / f64::from(beta)).ln();
        assert!((f64::from(log_z) - want).abs() < 1e-4, "{log_z} vs {want}");
    }

    #[test]
    fn density_integrates_to_one() {
        let e = Analytic::Banana;
        let grid = Grid::new(128, Rect::square(6.0));
        let en = grid.energies(&e);
        let lz = log_partition(&en, 1.0, grid.cell_area());
        let total: f64 = density(&en, 1.0, lz).iter().map(|&p| f64::from(p)).sum::<f64>() * f64::from(grid.cell_area());
        assert!((total - 1.0).abs() < 1e-4, "{total}");
    }

    #[test]
    fn the_exact_ml_gradient_is_the_gradient_of_the_exact_nll() {
        use crate::energy::mlp::Mlp;
        use crate::kernels::Activation;
        use crate::rng::Rng;
        // NLL(θ) = β·mean E(data) + log Z_β(θ), with log Z by the same quadrature:
        // ml_gradient must be its derivative. Central differences in θ (h = 1e-2)
        // on an f32 NLL agree to about 1e-3 relative; 2e-2 leaves room.
        let grid = Grid::new(32, Rect::square(3.0));
        let data = Points::from_pairs(&[[0.5, 1.0], [-1.0, 0.2], [1.5, -1.5], [0.0, 0.3]]);
        let beta = 1.3;
        let m = Mlp::new(1, 6, Activation::Tanh, &Rng::new(4));
        let (_, grad) = ml_gradient(&m, &data, beta, &grid);
        let nll_at = |params: Vec<f32>| {
            let m = Mlp::from_params(m.sizes(), m.activation(), params);
            let e = grid.energies(&m);
            f64::from(nll(&m, &data, beta, log_partition(&e, beta, grid.cell_area())))
        };
        for k in (0..m.params().len()).step_by(4) {
            let (mut hi, mut lo) = (m.params().to_vec(), m.params().to_vec());
            hi[k] += 1e-2;
            lo[k] -= 1e-2;
            let fd = (nll_at(hi) - nll_at(lo)) / 2e-2;
            assert!((f64::from(grad[k]) - fd).abs() < 2e-2 * fd.abs().max(0.05), "param {k}: {} vs {fd}", grad[k]);
        }
    }

    #[test]
    fn conditional_nll_matches_the_truncated_gaussian_closed_form() {
        // The banana at x = y1 = 0 is E = 2(y2 + 1)² (+ 0): P(y | x = 0) ∝ exp(−2(y + 1)²)
        // on the view's y range [−1, 3], a half-Gaussian cut at its peak, so a quadrature
        // that misplaces its nodes by a cell is off by ≈ h·p(−1) ≈ 2.5 %. Closed form:
        // Z = ∫₀⁴ exp(−2u²) du = √(π/8)·erf(4√2), NLL(y) = 2(y + 1)² + ln Z.
        let view = Rect { x_lo: -3.0, x_hi: 3.0, y_lo: -1.0, y_hi: 3.0 };
        let z = (std::f64::consts::PI / 8.0).sqrt() * libm::erf(4.0 * std::f64::consts::SQRT_2);
        for y in [-0.5f32, 0.0, 1.0] {
            let got = conditional_nll(&Analytic::Banana, &Points::from_pairs(&[[0.0, y]]), 1.0, view, 256);
            let want = 2.0 * (f64::from(y) + 1.0).powi(2) + z.ln();
            assert!((f64::from(got) - want).abs() < 1e-3, "y = {y}: {got} vs {want}");
        }
    }

    #[test]
    fn kl_skips_cells_where_p_is_zero() {
        // p log(p/q) → 0 as p → 0: a cell of exact zero (an underflowed tail) adds nothing,
        // never 0 · (−∞) = NaN. Here KL = ½ ln(½ / ¼) + ½ ln(½ / ¾) over unit cells.
        let kl = kl_divergence(&[0.5, 0.5, 0.0], &[0.25, 0.75, 0.0], 1.0);
        let want = 0.5 * (2.0f64).ln() + 0.5 * (0.5f64 / 0.75).ln();
        assert!((kl - want).abs() < 1e-7, "{kl} vs {want}");
    }

    #[test]
    fn kl_of_a_density_with_itself_is_zero_and_matches_the_gaussian_closed_form() {
        let grid = Grid::new(64, Rect::square(4.0));
        let a = grid.energies(&Analytic::Gaussian { s1: 1.0, s2: 1.0 });
        let b = grid.energies(&Analytic::Gaussian { s1: 1.3, s2: 0.8 });
        let pa = density(&a, 1.0, log_partition(&a, 1.0, grid.cell_area()));
        let pb = density(&b, 1.0, log_partition(&b, 1.0, grid.cell_area()));
        assert!(kl_divergence(&pa, &pa, grid.cell_area()).abs() < 1e-9);
        // KL(N(0, I) ‖ N(0, diag(1.3², 0.8²))) = ½ Σ_k (1/s_k² − 1 + ln s_k²) (closed form)
        // = ½ (0.116445 + 0.116213) = 0.116329; the box [−4, 4]² holds all but ~1e-4 of p.
        let kl = kl_divergence(&pa, &pb, grid.cell_area());
        let want = 0.5 * [1.3f64, 0.8].iter().map(|s| 1.0 / (s * s) - 1.0 + (s * s).ln()).sum::<f64>();
        assert!((want - 0.116329).abs() < 1e-6, "{want}");
        assert!((kl - want).abs() < 0.05 * want, "KL {kl} vs closed form {want}");
    }
}
