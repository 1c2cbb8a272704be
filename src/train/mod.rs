//! Training: shape the energy so it is low on data and high elsewhere.
//!
//! [`Trainer`] owns the data, the model, the optimiser state, the negatives and
//! the replay buffer. One [`Trainer::step`] draws a batch, makes negatives
//! (`negatives.rs`), forms the loss gradient as a weighted sum of ∇θE
//! (`loss.rs`: ML and exact ML; `margin.rs`: square-square, hinge, log;
//! `nce.rs` with `gaussian_noise.rs`: NCE) or through ∇_y E (`score.rs`:
//! denoising and sliced score matching), clips, updates, and rolls back if
//! anything went non-finite. Models other than the MLP (`model=`) train by their
//! own rule through `other.rs`.

mod gaussian_noise;
mod loss;
mod margin;
mod nce;
mod negatives;
mod other;
mod score;

use serde::Serialize;

use crate::config::{Config, LossKind};
use crate::data::{self, DatasetKind};
use crate::energy::mlp::Mlp;
use crate::energy::mlp_score::MlpTaylor;
use crate::energy::{Energy, Trainable};
use crate::error::{EbmError, Result};
use crate::grid::{self, Grid};
use crate::models::{Model, Overlay, Plane};
use crate::optim::{OptimState, clip_grad_norm};
use crate::points::{Points, Rect};
use crate::rng::Rng;
use crate::sampler::Chains;

pub use gaussian_noise::GaussianNoise;
pub use margin::{PairLoss, pair_gradient};
pub use nce::nce_gradient;
pub use negatives::Provenance;
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
    /// The MLP energy (`model=mlp`), trained by the losses of this module.
    pub model: Mlp,
    /// Any other model (`model=kmeans`, `ellipse`, …), trained by its own rule.
    pub other: Option<Box<dyn Model>>,
    /// The horn's inputs x, beside the train and test points (empty otherwise).
    pub inputs: Vec<f32>,
    pub test_inputs: Vec<f32>,
    /// What the model draws over the heat map (other models only).
    pub overlay: Overlay,
    /// NCE's noise: the Gaussian fitted to the training set, once.
    nce_noise: Option<GaussianNoise>,
    pub opt_state: OptimState,
    pub train: Points,
    pub test: Points,
    pub view: Rect,
    pub rng: Rng,
    pub step: u32,
    /// The negatives of the last step and where each came from.
    pub negatives: Points,
    pub provenance: Vec<Provenance>,
    /// Persistent chains (neg = pcd).
    pub buffer: Points,
    pub last: Metrics,
    chains: Chains,
    /// Replay-buffer slot of each negative of this step (pcd), written back once the step is finite.
    replay_slots: Vec<usize>,
    backup_params: Vec<f32>,
    backup_state: OptimState,
    batch: Points,
    grad: Vec<f32>,
    weights: Vec<f32>,
    energies: Vec<f32>,
    /// Scratch of the score-matching θ-gradients.
    taylor: MlpTaylor,
}

impl Trainer {
    /// Builds the data and the model from `cfg`. Returns the trainer and the
    /// problems found (bad user points fall back to the spiral, with a message).
    pub fn new(mut cfg: Config) -> (Self, Vec<String>) {
        let mut problems = Vec::new();
        let rng = Rng::new(cfg.seed);
        other::reconcile_model_and_data(&mut cfg, &mut problems);
        let all = match cfg.dataset {
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
            DatasetKind::User => fit_view(&all),
            d => d.view(),
        };
        let other = crate::models::build::build(&cfg, &train, &inputs, view, &rng);
        let overlay = other.as_ref().map(|m| m.overlay()).unwrap_or_default();
        let model = Mlp::new(cfg.depth as usize, cfg.width as usize, cfg.activation, &rng);
        let n_params = model.params().len();
        let mut trainer = Self {
            opt_state: OptimState::new(n_params),
            model,
            other,
            inputs,
            test_inputs,
            overlay,
            nce_noise: None,
            train,
            test,
            view,
            rng,
            step: 0,
            negatives: Points::new(),
            provenance: Vec::new(),
            buffer: Points::new(),
            last: Metrics::default(),
            chains: Chains::default(),
            replay_slots: Vec::new(),
            backup_params: Vec::with_capacity(n_params),
            backup_state: OptimState::new(n_params),
            batch: Points::new(),
            grad: vec![0.0; n_params],
            weights: Vec::new(),
            energies: Vec::new(),
            taylor: MlpTaylor::new(),
            cfg,
        };
        trainer.mark_overlay();
        (trainer, problems)
    }

    /// One training step. On divergence (a non-finite loss, gradient or
    /// parameter) the step is undone and an error explains what happened.
    pub fn step(&mut self) -> Result<&Metrics> {
        if self.train.is_empty() {
            return Err(EbmError::Invalid(
                "there are no training points: click on the plane to add some, or pick a data set".into(),
            ));
        }
        if self.other.is_some() {
            return self.fit_other();
        }
        // Rollback state, in buffers reused across steps (no allocation per step).
        // The replay buffer needs no copy: new chains are written back only
        // after the step proved finite (`replay_slots`).
        self.backup_params.clear();
        self.backup_params.extend_from_slice(self.model.params());
        self.backup_state.clone_from(&self.opt_state);
        let saved_negatives = (std::mem::take(&mut self.negatives), std::mem::take(&mut self.provenance));
        self.draw_batch();
        self.grad.iter_mut().for_each(|g| *g = 0.0);
        let metrics = match self.cfg.loss {
            LossKind::Ml => {
                self.make_negatives();
                self.contrastive_gradient()
            }
            LossKind::Exact => self.exact_gradient(),
            LossKind::SquareSquare => self.pair_step(PairLoss::SquareSquare),
            LossKind::Hinge => self.pair_step(PairLoss::Hinge),
            LossKind::Log => self.pair_step(PairLoss::Log),
            LossKind::Nce => self.nce_step(),
            LossKind::Dsm => self.score_step(false),
            LossKind::Ssm => self.score_step(true),
        };
        let norm = clip_grad_norm(&mut self.grad, self.cfg.clip);
        let lr = self.cfg.lr;
        self.cfg.optimizer().step(self.model.params_mut(), &self.grad, &mut self.opt_state, lr);
        let finite = metrics.loss.is_finite() && norm.is_finite() && self.model.params().iter().all(|p| p.is_finite());
        if !finite {
            self.model.params_mut().copy_from_slice(&self.backup_params);
            self.opt_state.clone_from(&self.backup_state);
            self.replay_slots.clear();
            (self.negatives, self.provenance) = saved_negatives;
            return Err(EbmError::Invalid(format!(
                "training diverged at step {} (loss {}, gradient norm {}): rolled back; try a smaller lr or eps, or a larger l2",
                self.step + 1,
                metrics.loss,
                norm
            )));
        }
        for (i, &slot) in self.replay_slots.iter().enumerate() {
            self.buffer.set(slot, self.negatives.get(i));
        }
        self.replay_slots.clear();
        self.step += 1;
        self.last = Metrics { step: self.step, grad_norm: norm, ..metrics };
        Ok(&self.last)
    }

    /// The energy being shaped: the MLP, or the model of `cfg.model`.
    pub fn energy(&self) -> &dyn Energy {
        match &self.other {
            Some(m) => m.as_ref(),
            None => &self.model,
        }
    }

    /// What the heat map shows: the model's own plane, or E(y) (E(x, y) on
    /// conditional data) for the MLP energy.
    pub fn plane(&self) -> Plane {
        match &self.other {
            Some(m) => m.plane(),
            None if self.cfg.is_conditional() => Plane::conditional(),
            None => Plane::energy(),
        }
    }

    fn draw_batch(&mut self) {
        crate::models::fitting::draw_batch(&self.train, &self.rng, self.step, self.cfg.batch as usize, &mut self.batch);
    }

    /// The grid of the exact quantities, over the view box.
    pub fn grid(&self, n: usize) -> Grid {
        Grid::new(n, self.view)
    }

    /// Exact NLL of the held-out points, or of the training points when none
    /// are held out (then `false`): the page's readout.
    pub fn exact_nll_held_out(&self) -> (f32, bool) {
        let held_out = !self.test.is_empty();
        let (pts, xs) = if held_out { (&self.test, &self.test_inputs) } else { (&self.train, &self.inputs) };
        (self.exact_nll(&self.on_plane(pts, xs)), held_out)
    }

    /// Exact mean NLL of `pts` (NaN when empty), per x for conditional data.
    pub fn exact_nll(&self, pts: &Points) -> f32 {
        let log_z = if self.cfg.is_conditional() { f32::NAN } else { self.grid_log_z().1 };
        self.nll_given(pts, log_z)
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

    /// FNV-1a over everything that determines the future: step, parameters,
    /// optimiser state, replay buffer and the last negatives.
    pub fn state_hash(&self) -> String {
        let mut h = Fnv::new();
        h.u32(self.step);
        self.model.params().iter().for_each(|&p| h.f32(p));
        if let Some(m) = &self.other {
            m.params().iter().for_each(|&p| h.f32(p));
        }
        self.opt_state.m.iter().chain(&self.opt_state.v).for_each(|&p| h.f32(p));
        h.u32(self.opt_state.t);
        for pts in [&self.buffer, &self.negatives] {
            pts.y1.iter().chain(&pts.y2).for_each(|&p| h.f32(p));
        }
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

struct Fnv(u64);

impl Fnv {
    fn new() -> Self {
        Self(0xcbf2_9ce4_8422_2325)
    }
    fn u32(&mut self, v: u32) {
        for b in v.to_le_bytes() {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
    fn f32(&mut self, v: f32) {
        self.u32(v.to_bits());
    }
}

#[cfg(test)]
mod tests;
