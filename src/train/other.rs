//! The models of `model=` other than the MLP: they train by their own rule
//! (`models::Model::fit_step`) inside the same Trainer, so the page, the CLI,
//! rollback and the state hash work for them unchanged.

use super::{Metrics, Provenance, Trainer};
use crate::config::Config;
use crate::data::DatasetKind;
use crate::error::{EbmError, Result};
use crate::models::ModelKind;
use crate::points::Points;

/// A model that needs other data says so and switches: the horn model learns
/// the horn's y from its x; regression predicts y from x on conditional data;
/// sparse coding needs at least two atoms.
pub(super) fn reconcile_model_and_data(cfg: &mut Config, problems: &mut Vec<String>) {
    if cfg.model == ModelKind::Horn && cfg.dataset != DatasetKind::Horn {
        problems.push(format!(
            "model=horn learns the horn's y from its x: it needs data=horn, got data={}; using data=horn",
            cfg.dataset.name()
        ));
        cfg.dataset = DatasetKind::Horn;
    }
    if cfg.model == ModelKind::Sparse && cfg.clusters < 2 {
        problems.push(format!(
            "clusters must be at least 2 for sparse coding (atoms of a 2-D dictionary), got {}; using 2",
            cfg.clusters
        ));
        cfg.clusters = 2;
    }
    if cfg.model == ModelKind::Regression && !cfg.is_conditional() {
        problems.push(format!(
            "model=regression predicts y from x: it needs conditional data (circle or parabolas), got data={}; using data=circle",
            cfg.dataset.name()
        ));
        cfg.dataset = DatasetKind::Circle;
    }
}

impl Trainer {
    /// One step of a self-training model, undone if it diverged.
    pub(super) fn fit_other(&mut self) -> Result<&Metrics> {
        let m = self.other.as_mut().expect("fit_other needs a model");
        let backup = m.clone_box();
        let report = m.fit_step(&self.train, &self.rng, self.step);
        if !report.loss.is_finite() || !m.params().iter().all(|p| p.is_finite()) {
            self.other = Some(backup);
            return Err(EbmError::Invalid(format!(
                "training diverged at step {} (loss {}): rolled back; try a smaller lr",
                self.step + 1,
                report.loss
            )));
        }
        self.step += 1;
        self.overlay = m.overlay();
        self.mark_overlay();
        // E₊: the mean energy of (up to) the first 256 training points on the plane.
        let mut head = self.on_plane(&self.train, &self.inputs);
        head.resize(head.len().min(256));
        let mut e = vec![0.0; head.len()];
        self.energy().energy(&head, &mut e);
        let e_pos = if e.is_empty() { f32::NAN } else { e.iter().sum::<f32>() / e.len() as f32 };
        self.last = Metrics { step: self.step, loss: report.loss, e_pos, e_neg: f32::NAN, grad_norm: f32::NAN };
        Ok(&self.last)
    }

    /// The overlay's marks become the drawn "negatives" (tagged as the model's own).
    pub(super) fn mark_overlay(&mut self) {
        if self.other.is_some() {
            self.negatives = self.overlay.marks.clone();
            self.provenance = vec![Provenance::Model; self.negatives.len()];
        }
    }

    /// The points the plane's energy describes: all of them, except for the
    /// horn model, whose plane is y at x = `hx`: then those with |x − hx| ≤ 0.05.
    pub(super) fn on_plane(&self, pts: &Points, xs: &[f32]) -> Points {
        if self.cfg.model != ModelKind::Horn || xs.len() != pts.len() {
            return pts.clone();
        }
        let mut near = Points::new();
        for (i, &x) in xs.iter().enumerate() {
            if (x - self.cfg.hx).abs() <= 0.05 {
                near.push(pts.y1[i], pts.y2[i]);
            }
        }
        near
    }
}
