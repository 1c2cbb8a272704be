//! Where a model and its data must agree: a model that needs other data
//! switches to it (with a message), and the horn's plane at one x.

use super::Trainer;
use crate::config::Config;
use crate::data::DatasetKind;
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
    if cfg.model == ModelKind::Target && cfg.target == "circle" && cfg.dataset != DatasetKind::Circle {
        problems.push(format!(
            "target=circle draws the circle's points: it needs data=circle, got data={}; using data=circle",
            cfg.dataset.name()
        ));
        cfg.dataset = DatasetKind::Circle;
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
    /// Changes a key of `config::IN_PLACE` without rebuilding: what the plane
    /// shows moves, the model and its training do not (a replayed link gives
    /// the same state hash at any `hx`). Errors name the key and the range.
    pub fn set_in_place(&mut self, key: &str, value: &str) -> Result<(), String> {
        if !crate::config::IN_PLACE.contains(&key) {
            return Err(format!("{key} is not changed in place"));
        }
        let mut cfg = self.cfg.clone();
        cfg.set(key, value).map_err(|e| e.to_string())?;
        self.cfg = cfg;
        if let Some(horn) = self.model.as_any_mut().downcast_mut::<crate::latent::horn::HornModel>() {
            horn.set_x(self.cfg.hx);
        }
        self.overlay = self.model.overlay();
        self.take_negatives();
        Ok(())
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
