//! Training: shape the energy so it is low on data and high elsewhere.
//!
//! [`Trainer`] owns the data, one [`Model`] (built by `build.rs` from the
//! config: the MLP energy with its losses, `contrastive.rs`, or any model of
//! `models/` and `latent/`), the step count and what the page draws. One
//! [`Trainer::step`] asks the model for a step, undoes it if it went non-finite,
//! and keeps the metrics. Every model goes through the same path, so the page,
//! the CLI, rollback, evaluation and the state hash treat them alike.
//!
//! The MLP's losses: ML and exact ML (`loss.rs`), square-square, hinge and log
//! (`margin.rs`), NCE (`nce.rs` with `gaussian_noise.rs`), denoising and sliced
//! score matching (`score.rs`); its negatives come from `negatives.rs`.

mod build;
mod contrastive;
mod divergence;
mod gaussian_noise;
pub mod gradient_check;
mod loss;
mod margin;
mod nce;
mod negatives;
mod other;
pub mod phases;
mod score;

use serde::Serialize;

use crate::config::Config;
use crate::data::{self, DatasetKind};
use crate::energy::Energy;
use crate::energy::Trainable;
use crate::energy::analytic::Analytic;
use crate::energy::mlp::Mlp;
use crate::error::{EbmError, Result};
use crate::grid::{self, Grid};
use crate::models::{Model, Overlay, Plane, StateHash};
use crate::points::{Points, Rect};
use crate::rng::Rng;

pub use crate::models::Provenance;
pub use build::build;
pub use contrastive::{ContrastiveMlp, Push};
pub use gaussian_noise::GaussianNoise;
pub use margin::{PairLoss, pair_gradient};
pub use nce::nce_gradient;
pub use score::{ScoreSetup, dsm_gradient, ssm_gradient};

/// What one training step measured.
#[derive(Clone, Debug, Default, Serialize, PartialEq)]
pub struct Metrics {
    pub step: u32,
    pub loss: f32,
    /// Mean energy of the positives (data batch), E₊.
    pub e_pos: f32,
    /// Mean energy of the negatives, E₋.
    pub e_neg: f32,
    pub grad_norm: f32,
}

/// Exact quantities from the grid (see `grid.rs`).
#[derive(Clone, Debug, Default, Serialize, PartialEq)]
pub struct Evaluation {
    pub log_z: f32,
    pub nll_train: f32,
    pub nll_test: f32,
    pub mean_e_data: f32,
    pub mean_e_grid: f32,
    pub std_e_grid: f32,
}

pub struct Trainer {
    pub cfg: Config,
    /// The model being trained (`model=`), behind the one interface.
    pub model: Box<dyn Model>,
    /// The horn's inputs x, beside the train and test points (empty otherwise).
    pub inputs: Vec<f32>,
    pub test_inputs: Vec<f32>,
    /// What the model draws over the heat map.
    pub overlay: Overlay,
    pub train: Points,
    pub test: Points,
    pub view: Rect,
    pub rng: Rng,
    pub step: u32,
    /// What the page draws as negatives: the MLP's negatives of the last step
    /// and where each came from, or the marks of the other models' overlay.
    pub negatives: Points,
    pub provenance: Vec<Provenance>,
    pub last: Metrics,
    /// For models other than the MLP, the parameters of the MLP that v=1 built
    /// (and never trained) beside them: the state hash of their links covers
    /// them, so they stay in the hash, and nowhere else.
    legacy_mlp: Option<Vec<f32>>,
}

impl Trainer {
    /// Builds the data and the model from `cfg`. Returns the trainer and the
    /// problems found (bad user points fall back to the spiral, with a message).
    pub fn new(mut cfg: Config) -> (Self, Vec<String>) {
        let mut problems = Vec::new();
        let rng = Rng::new(cfg.seed);
        other::reconcile_model_and_data(&mut cfg, &mut problems);
        let all = match cfg.dataset {
            // A fixed density (the samplers' targets) has no data set.
            _ if cfg.has_no_data() => Points::new(),
            // No points yet: the page lets the user click some in.
            DatasetKind::User if cfg.user_points.trim().is_empty() => Points::new(),
            DatasetKind::User => match data::parse_points(&cfg.user_points) {
                Ok(p) => p,
                Err(e) => {
                    problems.push(format!("pts: {e}; showing the spiral instead"));
                    cfg.dataset = DatasetKind::Spiral;
                    cfg.user_points.clear();
                    generate(&cfg, &rng)
                }
            },
            _ => generate(&cfg, &rng),
        };
        let (train, test) = data::split(&all, cfg.test_frac, &rng);
        let (mut inputs, mut test_inputs) = (Vec::new(), Vec::new());
        if cfg.dataset == DatasetKind::Horn {
            let x = data::horn_inputs(all.len(), &rng);
            for (xi, to_test) in x.into_iter().zip(data::test_mask(all.len(), cfg.test_frac, &rng)) {
                if to_test { test_inputs.push(xi) } else { inputs.push(xi) }
            }
        }
        let view = match cfg.dataset {
            _ if cfg.has_no_data() => Analytic::by_name(cfg.target).map_or(Rect::square(3.0), |a| a.view()),
            DatasetKind::User => fit_view(&all),
            d => d.view(),
        };
        let model = build(&cfg, &train, &inputs, view, &rng);
        let legacy_mlp = model
            .as_mlp()
            .is_none()
            .then(|| Mlp::new(cfg.depth as usize, cfg.width as usize, cfg.activation, &rng).params().to_vec());
        let mut trainer = Self {
            overlay: model.overlay(),
            model,
            inputs,
            test_inputs,
            train,
            test,
            view,
            rng,
            step: 0,
            negatives: Points::new(),
            provenance: Vec::new(),
            last: Metrics::default(),
            legacy_mlp,
            cfg,
        };
        trainer.take_negatives();
        (trainer, problems)
    }

    /// One training step. On divergence (a non-finite loss, gradient or
    /// parameter) the step is undone and an error explains what happened.
    pub fn step(&mut self) -> Result<&Metrics> {
        if !self.model.learns() {
            // A fixed energy: the step count moves (the page's samplers run on), nothing else.
            self.step += 1;
            self.last = Metrics {
                step: self.step,
                loss: f32::NAN,
                e_pos: self.head_energy(),
                e_neg: f32::NAN,
                grad_norm: f32::NAN,
            };
            return Ok(&self.last);
        }
        if self.train.is_empty() {
            return Err(EbmError::Invalid(
                "there are no training points: click on the plane to add some, or pick a data set".into(),
            ));
        }
        let backup = (!self.model.undoes_divergence()).then(|| self.model.clone_box());
        let report = self.model.fit_step(&self.train, &self.rng, self.step);
        let diverged = match backup {
            None => report.undone,
            Some(backup) => {
                let bad = !report.loss.is_finite() || !self.model.params().iter().all(|p| p.is_finite());
                if bad {
                    self.model = backup;
                }
                bad
            }
        };
        if diverged {
            return Err(EbmError::Invalid(self.divergence_message(&report)));
        }
        self.step += 1;
        self.overlay = self.model.overlay();
        self.take_negatives();
        // Models that do not measure E₊ themselves: the mean energy of (up to)
        // the first 256 training points on the plane.
        let e_pos = if report.e_pos.is_nan() { self.head_energy() } else { report.e_pos };
        self.last =
            Metrics { step: self.step, loss: report.loss, e_pos, e_neg: report.e_neg, grad_norm: report.grad_norm };
        Ok(&self.last)
    }

    /// The negatives to draw: the model's own, or its overlay's marks.
    fn take_negatives(&mut self) {
        match self.model.negatives() {
            Some((pts, prov)) => {
                self.negatives.clone_from(pts);
                self.provenance.clear();
                self.provenance.extend_from_slice(prov);
            }
            None => {
                self.negatives.clone_from(&self.overlay.marks);
                self.provenance = vec![Provenance::Model; self.negatives.len()];
            }
        }
    }

    fn head_energy(&self) -> f32 {
        let mut head = self.on_plane(&self.train, &self.inputs);
        head.resize(head.len().min(256));
        let mut e = vec![0.0; head.len()];
        self.energy().energy(&head, &mut e);
        if e.is_empty() { f32::NAN } else { e.iter().sum::<f32>() / e.len() as f32 }
    }

    /// The energy being shaped.
    pub fn energy(&self) -> &dyn Energy {
        self.model.as_ref()
    }

    /// The MLP energy, when the model is one (the GPU sampler and heat map run MLPs only).
    pub fn mlp(&self) -> Option<&Mlp> {
        self.model.as_mlp()
    }

    /// The "samples from the model" job of this run and its parameters: the MLP
    /// energy's, or a fixed target's; `None` for models the sampler does not run.
    pub fn sampler_job(&self, chains: u32) -> Option<(String, Vec<f32>)> {
        use crate::sampler::job::{spec_for_model, spec_for_target};
        if let Some(mlp) = self.mlp() {
            return Some((spec_for_model(&self.cfg, mlp, self.view, chains), mlp.params().to_vec()));
        }
        self.can_sample().then(|| (spec_for_target(&self.cfg, self.view, chains), Vec::new()))
    }

    /// Whether "samples from the model" run here: on the MLP energy or a fixed target.
    pub fn can_sample(&self) -> bool {
        self.mlp().is_some() || self.cfg.model == crate::models::ModelKind::Target
    }

    /// The MLP with its losses, when the model is one (its negatives, buffer, optimiser state).
    pub fn contrastive(&self) -> Option<&ContrastiveMlp> {
        self.model.as_any().downcast_ref()
    }

    /// The same, to change (tests reach its settings and buffers).
    pub fn contrastive_mut(&mut self) -> Option<&mut ContrastiveMlp> {
        self.model.as_any_mut().downcast_mut()
    }

    /// What the heat map shows: the model's own plane, or E(y) (E(x, y) on
    /// conditional data) for the MLP energy.
    pub fn plane(&self) -> Plane {
        match self.model.as_mlp() {
            None => self.model.plane(),
            Some(_) if self.cfg.is_conditional() => Plane::conditional(),
            Some(_) => Plane::energy(),
        }
    }

    /// The grid of the exact quantities, over the view box.
    pub fn grid(&self, n: usize) -> Grid {
        Grid::new(n, self.view)
    }

    /// Exact NLL of the training and the held-out points (NaN when none are
    /// held out), with one log Z: the page's readout and chart. Cheaper than `evaluate`.
    pub fn exact_nll_train_test(&self) -> (f32, f32) {
        let log_z = if self.cfg.is_conditional() { f32::NAN } else { self.grid_log_z().1 };
        let (train, test) = (self.on_plane(&self.train, &self.inputs), self.on_plane(&self.test, &self.test_inputs));
        (self.nll_given(&train, log_z), self.nll_given(&test, log_z))
    }

    /// The grid energies and log Z_β over the view box.
    fn grid_log_z(&self) -> (Vec<f32>, f32) {
        let g = self.grid(self.cfg.grid as usize);
        let e = g.energies(self.energy());
        let log_z = grid::log_partition(&e, self.cfg.beta, g.cell_area());
        (e, log_z)
    }

    /// Mean NLL of `pts` with the unconditional `log_z`, or per x (P(y | x),
    /// which ignores `log_z`) for conditional data.
    fn nll_given(&self, pts: &Points, log_z: f32) -> f32 {
        if self.cfg.is_conditional() {
            grid::conditional_nll(self.energy(), pts, self.cfg.beta, self.view, self.cfg.grid as usize)
        } else {
            grid::nll(self.energy(), pts, self.cfg.beta, log_z)
        }
    }

    /// Exact NLL of train and test points and energy statistics on the grid.
    /// Conditional data sets are normalised per x (P(y | x)).
    pub fn evaluate(&self) -> Evaluation {
        let (e, log_z) = self.grid_log_z();
        let mean = |v: &[f32]| v.iter().map(|&x| f64::from(x)).sum::<f64>() / v.len().max(1) as f64;
        let (train, test) = (self.on_plane(&self.train, &self.inputs), self.on_plane(&self.test, &self.test_inputs));
        let mut e_data = vec![0.0; train.len()];
        self.energy().energy(&train, &mut e_data);
        let m = mean(&e);
        let var = e.iter().map(|&x| (f64::from(x) - m).powi(2)).sum::<f64>() / e.len() as f64;
        Evaluation {
            log_z,
            nll_train: self.nll_given(&train, log_z),
            nll_test: self.nll_given(&test, log_z),
            mean_e_data: mean(&e_data) as f32,
            mean_e_grid: m as f32,
            std_e_grid: var.sqrt() as f32,
        }
    }

    /// FNV-1a over everything that determines the future: the step, the
    /// model's state (`Model::hash_state`) and the negatives drawn. The words are
    /// those of v=1 links: for models other than the MLP, the untrained MLP that
    /// v=1 kept beside them and its zero optimiser state come first and last.
    pub fn state_hash(&self) -> String {
        let mut h = StateHash::new();
        h.u32(self.step);
        if let Some(mlp) = &self.legacy_mlp {
            mlp.iter().for_each(|&p| h.f32(p));
        }
        self.model.hash_state(&mut h);
        if let Some(mlp) = &self.legacy_mlp {
            (0..2 * mlp.len()).for_each(|_| h.f32(0.0));
            h.u32(0);
        }
        self.negatives.y1.iter().chain(&self.negatives.y2).for_each(|&p| h.f32(p));
        format!("{:016x}", h.0)
    }
}

fn generate(cfg: &Config, rng: &Rng) -> Points {
    let count = cfg.count.map(|n| n as usize).unwrap_or_else(|| cfg.dataset.default_count());
    let noise = cfg.noise.unwrap_or_else(|| cfg.dataset.default_noise());
    data::generate(cfg.dataset, count, noise, rng)
}

/// A square view box around user points with a margin, at least the default
/// [−3, 3]² so that clicking points in does not rescale the view.
fn fit_view(p: &Points) -> Rect {
    let m = p.y1.iter().chain(&p.y2).fold(2.5f32, |a, v| a.max(v.abs()));
    Rect::square(m * 1.2)
}

/// A trainer for `q` (a link's query), for tests: the query must be valid.
#[cfg(test)]
pub(crate) fn test_trainer(q: &str) -> Trainer {
    let (cfg, problems) = Config::from_query(q);
    assert!(problems.is_empty(), "{q}: {problems:?}");
    let (t, problems) = Trainer::new(cfg);
    assert!(problems.is_empty(), "{q}: {problems:?}");
    t
}

#[cfg(test)]
mod tests;
