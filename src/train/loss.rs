//! Loss gradients as weighted sums of ∇θE (see `Trainable`).

use super::Metrics;
use super::contrastive::ContrastiveMlp;
use crate::energy::Trainable;
use crate::grid;
use crate::kernels::log_sum_exp;
use crate::kernels::math::exp;
use crate::points::Points;

impl ContrastiveMlp {
    /// Contrastive ML with an L2 energy regulariser:
    /// L = mean E₊ − mean E₋ + α (mean E₊² + mean E₋²),
    /// so ∂L/∂E₊ᵢ = (1 + 2αE₊ᵢ)/n₊ and ∂L/∂E₋ⱼ = (−1 + 2αE₋ⱼ)/n₋, in two
    /// phases (the page can show them one by one, `phases.rs`):
    /// the data phase, ∂L/∂E₊ᵢ into the gradient;
    pub(super) fn push_down(&mut self) {
        let alpha = self.cfg.l2;
        self.data_phase = self.weighted_pass(true, |e, n| (1.0 + 2.0 * alpha * e) / n);
        if let Some(p) = self.push.as_mut() {
            p.data.clone_from(&self.batch);
            p.data_weights.clone_from(&self.weights);
        }
    }

    /// The negative phase, after [`Self::push_down`]: ∂L/∂E₋ⱼ = (−1 + 2αE₋ⱼ)/n₋; the step's metrics.
    pub(super) fn pull_up(&mut self) -> Metrics {
        let alpha = self.cfg.l2;
        let (e_pos, reg_pos) = self.data_phase;
        let (e_neg, reg_neg) = self.weighted_pass(false, |e, n| (-1.0 + 2.0 * alpha * e) / n);
        if let Some(p) = self.push.as_mut() {
            p.negatives.clone_from(&self.negatives);
            p.negative_weights.clone_from(&self.weights);
        }
        Metrics { loss: e_pos - e_neg + alpha * (reg_pos + reg_neg), e_pos, e_neg, ..Metrics::default() }
    }

    /// Two passes over a set: energies first (the weights depend on them), then
    /// the weighted parameter gradient. Returns (mean E, mean E²).
    fn weighted_pass(&mut self, positives: bool, weight: impl Fn(f32, f32) -> f32) -> (f32, f32) {
        let pts = if positives { &self.batch } else { &self.negatives };
        let n = pts.len();
        self.energies.resize(n, 0.0);
        crate::energy::Energy::energy(&self.model, pts, &mut self.energies);
        let nf = n as f32;
        self.weights.clear();
        self.weights.extend(self.energies.iter().map(|&e| weight(e, nf)));
        let mean = self.energies.iter().sum::<f32>() / nf;
        let mean_sq = self.energies.iter().map(|e| e * e).sum::<f32>() / nf;
        self.model.accumulate_grad_params(pts, &self.weights, &mut self.energies, &mut self.grad);
        (mean, mean_sq)
    }

    /// Exact ML: ∇θ NLL = β (mean_batch ∇θE − Σ_cells p_i·area ∇θE(c_i)), with
    /// P(y | x) normalised per column for conditional data.
    pub(super) fn exact_gradient(&mut self) -> Metrics {
        let beta = self.cfg.beta;
        let (cells, cell_w, log_z_mean) = self.exact_cells();
        let mut scratch = vec![0.0; cells.len()];
        self.model.accumulate_grad_params(&cells, &cell_w, &mut scratch, &mut self.grad);
        let b = self.batch.len();
        self.weights.clear();
        self.weights.resize(b, beta / b as f32);
        self.energies.resize(b, 0.0);
        self.model.accumulate_grad_params(&self.batch, &self.weights, &mut self.energies, &mut self.grad);
        let e_pos = self.energies.iter().sum::<f32>() / b as f32;
        let e_grid = scratch.iter().zip(&cell_w).map(|(e, w)| -e * w / beta).sum::<f32>();
        self.negatives.clear();
        self.provenance.clear();
        Metrics { loss: beta * e_pos + log_z_mean, e_pos, e_neg: e_grid, ..Metrics::default() }
    }

    /// The exact negative phase: the grid's cells and their weights −β p_i·area
    /// (per batch column for conditional data), and the mean log Z.
    pub(super) fn exact_cells(&self) -> (Points, Vec<f32>, f32) {
        let n = self.cfg.grid as usize;
        if self.cfg.is_conditional() {
            return self.conditional_cells(n);
        }
        let g = self.grid(n);
        let cells = g.centres();
        let mut e = vec![0.0; cells.len()];
        crate::energy::Energy::energy(&self.model, &cells, &mut e);
        let (log_z, w) = grid::ml_cell_weights(&e, self.cfg.beta, g.cell_area());
        (cells, w, log_z)
    }

    /// For each batch point (x_b, ·): the y column at x_b, weights −β p(y|x_b)·h/B.
    fn conditional_cells(&self, n: usize) -> (Points, Vec<f32>, f32) {
        let (beta, b) = (self.cfg.beta, self.batch.len());
        let h = self.view.height() / n as f32;
        let mut cells = Points::with_len(b * n);
        for i in 0..b {
            for j in 0..n {
                cells.set(i * n + j, [self.batch.y1[i], self.view.y_lo + (j as f32 + 0.5) * h]);
            }
        }
        let mut e = vec![0.0; b * n];
        crate::energy::Energy::energy(&self.model, &cells, &mut e);
        let mut w = vec![0.0; b * n];
        let mut log_z_sum = 0.0;
        let mut col = vec![0.0; n];
        for i in 0..b {
            for j in 0..n {
                col[j] = -beta * e[i * n + j];
            }
            let log_z = log_sum_exp(&col) + crate::kernels::math::ln(h);
            log_z_sum += log_z;
            for j in 0..n {
                w[i * n + j] = -beta * exp(col[j] - log_z) * h / b as f32;
            }
        }
        (cells, w, log_z_sum / b as f32)
    }
}
