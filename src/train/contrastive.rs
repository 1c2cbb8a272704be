//! The MLP energy E(y) (`model=mlp`) as one [`Model`] among the others, trained
//! by the lecture's losses: contrastive ML and exact ML (`loss.rs`), the margin
//! losses (`margin.rs`), NCE (`nce.rs`), denoising and sliced score matching
//! (`score.rs`), with negatives from `negatives.rs`.
//!
//! One [`ContrastiveMlp::fit_step`] draws a batch, makes negatives, forms the
//! loss gradient as a weighted sum of ∇θE (or through ∇_y E for score
//! matching), clips, updates, and undoes itself if anything went non-finite:
//! parameters, optimiser state, replay buffer and negatives (the replay buffer
//! needs no copy: new chains are written back only once the step proved finite).

use super::Metrics;
use super::gaussian_noise::GaussianNoise;
use super::phases::Phase;
use crate::config::{Config, LossKind};
use crate::energy::mlp::Mlp;
use crate::energy::mlp_score::MlpTaylor;
use crate::energy::{Energy, Trainable};
use crate::grid::Grid;
use crate::models::{FitReport, Model, Provenance, StateHash};
use crate::optim::{OptimState, clip_grad_norm};
use crate::pair_loss::PairLoss;
use crate::points::{Points, Rect};
use crate::rng::Rng;
use crate::sampler::Chains;

/// Where a contrastive ML step pushed: the data batch (weights > 0: pushed
/// down) and the negatives (weights < 0: pulled up), each point's weight being
/// ∂L/∂E at it, so Σ weight·∇θE is the step's gradient (before clipping).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Push {
    pub data: Points,
    pub data_weights: Vec<f32>,
    pub negatives: Points,
    pub negative_weights: Vec<f32>,
}

impl Push {
    /// Empties it for a new step, keeping the buffers (no allocation per step).
    fn clear(&mut self) {
        self.data.resize(0);
        self.data_weights.clear();
        self.negatives.resize(0);
        self.negative_weights.clear();
    }
}

#[derive(Clone)]
pub struct ContrastiveMlp {
    pub(super) cfg: Config,
    /// The energy being shaped.
    pub model: Mlp,
    pub(super) train: Points,
    pub(super) view: Rect,
    pub(super) rng: Rng,
    /// The step being taken (set by `fit_step`).
    pub(super) step: u32,
    pub opt_state: OptimState,
    /// NCE's noise: the Gaussian fitted to the training set, once.
    pub(super) nce_noise: Option<GaussianNoise>,
    /// The negatives of the last step and where each came from.
    pub negatives: Points,
    pub provenance: Vec<Provenance>,
    /// Persistent chains (neg = pcd).
    pub buffer: Points,
    pub(super) chains: Chains,
    /// Replay-buffer slot of each negative of this step (pcd), written back once the step is finite.
    pub(super) replay_slots: Vec<usize>,
    backup_params: Vec<f32>,
    backup_state: OptimState,
    /// The replay buffer was still empty when this step began (it is filled on first use).
    buffer_was_empty: bool,
    pub(super) batch: Points,
    pub(super) grad: Vec<f32>,
    pub(super) weights: Vec<f32>,
    pub(super) energies: Vec<f32>,
    /// Scratch of the score-matching θ-gradients.
    pub(super) taylor: MlpTaylor,
    /// The last contrastive ML step's points and their weights ∂L/∂E in the
    /// update (the page's push-down and push-up arrows, `views::push`); kept
    /// only while that layer is on (`views::follow`).
    pub push: Option<Push>,
    /// How far a step taken phase by phase has got (`phases.rs`), the negatives
    /// to restore if it diverges, and the data phase's (mean E₊, mean E₊²).
    pub(super) phase: Phase,
    pub(super) saved_negatives: (Points, Vec<Provenance>),
    pub(super) data_phase: (f32, f32),
    /// The first chains' paths in the last step's sampler run, when the page's
    /// layer asks (`sampler::trajectories`).
    pub trajectories: Option<crate::sampler::Trajectories>,
    /// Exact against sampled gradient, when the page's panel asks (`gradient_check.rs`).
    pub(super) gradient_check: Option<super::gradient_check::GradientCheck>,
}

impl ContrastiveMlp {
    /// The MLP of `cfg` (depth, width, activation), initialised from `rng`, to be
    /// trained on `train` with negatives started in `view`.
    pub fn new(cfg: &Config, train: &Points, view: Rect, rng: &Rng) -> Self {
        let model = Mlp::new(cfg.depth as usize, cfg.width as usize, cfg.activation, rng);
        let n = model.params().len();
        Self {
            cfg: cfg.clone(),
            model,
            train: train.clone(),
            view,
            rng: *rng,
            step: 0,
            opt_state: OptimState::new(n),
            nce_noise: None,
            negatives: Points::new(),
            provenance: Vec::new(),
            buffer: Points::new(),
            chains: Chains::default(),
            replay_slots: Vec::new(),
            backup_params: Vec::with_capacity(n),
            backup_state: OptimState::new(n),
            buffer_was_empty: true,
            batch: Points::new(),
            grad: vec![0.0; n],
            weights: Vec::new(),
            energies: Vec::new(),
            taylor: MlpTaylor::new(),
            gradient_check: None,
            trajectories: None,
            push: None,
            phase: Phase::Idle,
            saved_negatives: (Points::new(), Vec::new()),
            data_phase: (0.0, 0.0),
        }
    }

    /// The grid of the exact quantities, over the view box.
    pub(super) fn grid(&self, n: usize) -> Grid {
        Grid::new(n, self.view)
    }

    fn draw_batch(&mut self) {
        let draw = self.cfg.batch_draw();
        crate::models::fitting::draw_batch(
            &self.train,
            &self.rng,
            self.step,
            self.cfg.batch as usize,
            draw,
            &mut self.batch,
        );
    }

    /// One training step and whether it stayed finite; a non-finite loss,
    /// gradient or parameter undoes it.
    /// Starts a step: rollback state (in buffers reused across steps, no
    /// allocation per step), the step's batch, a zero gradient.
    pub(super) fn begin_step(&mut self) {
        self.backup_params.clear();
        self.backup_params.extend_from_slice(self.model.params());
        self.backup_state.clone_from(&self.opt_state);
        self.buffer_was_empty = self.buffer.is_empty();
        self.saved_negatives = (std::mem::take(&mut self.negatives), std::mem::take(&mut self.provenance));
        if let Some(p) = self.push.as_mut() {
            p.clear();
        }
        self.draw_batch();
        self.grad.iter_mut().for_each(|g| *g = 0.0);
    }

    fn contrastive_step(&mut self) -> (Metrics, bool) {
        // Contrastive ML may have been started phase by phase (`phases.rs`): finish it the same way.
        if self.cfg.loss != LossKind::Ml || self.phase == Phase::Idle {
            self.begin_step();
        }
        let metrics = match self.cfg.loss {
            LossKind::Ml => {
                if self.phase == Phase::Idle {
                    self.make_negatives();
                }
                if self.phase != Phase::DataPushed {
                    self.push_down();
                }
                self.phase = Phase::Idle;
                self.pull_up()
            }
            LossKind::Exact => self.exact_gradient(),
            LossKind::SquareSquare => self.pair_step(PairLoss::SquareSquare),
            LossKind::Hinge => self.pair_step(PairLoss::Hinge),
            LossKind::Log => self.pair_step(PairLoss::Log),
            LossKind::Nce => self.nce_step(),
            LossKind::Dsm => self.score_step(false),
            LossKind::Ssm => self.score_step(true),
        };
        self.record_gradient_check();
        let norm = clip_grad_norm(&mut self.grad, self.cfg.clip);
        let lr = self.cfg.lr;
        self.cfg.optimizer().step(self.model.params_mut(), &self.grad, &mut self.opt_state, lr);
        let finite = metrics.loss.is_finite() && norm.is_finite() && self.model.params().iter().all(|p| p.is_finite());
        if !finite {
            self.model.params_mut().copy_from_slice(&self.backup_params);
            self.opt_state.clone_from(&self.backup_state);
            self.replay_slots.clear();
            // A buffer this step filled goes too (found by tests/divergence.rs: the state hash
            // covers it); the next step fills it again, with the same points.
            if self.buffer_was_empty {
                self.buffer = Points::new();
            }
            (self.negatives, self.provenance) = std::mem::take(&mut self.saved_negatives);
            return (Metrics { grad_norm: norm, ..metrics }, false);
        }
        for (i, &slot) in self.replay_slots.iter().enumerate() {
            self.buffer.set(slot, self.negatives.get(i));
        }
        self.replay_slots.clear();
        (Metrics { grad_norm: norm, ..metrics }, true)
    }
}

impl Energy for ContrastiveMlp {
    fn energy(&self, ys: &Points, out: &mut [f32]) {
        self.model.energy(ys, out);
    }

    fn energy_grad(&self, ys: &Points, out: &mut [f32], grad: &mut Points) {
        self.model.energy_grad(ys, out, grad);
    }
}

impl Model for ContrastiveMlp {
    /// `data` is the training set the model was built with (it keeps its own copy
    /// for NCE's fitted noise and the exact loss's conditional columns).
    fn fit_step(&mut self, data: &Points, _rng: &Rng, step: u32) -> FitReport {
        debug_assert_eq!(data.len(), self.train.len(), "the training set the model was built with");
        self.step = step;
        let (m, finite) = self.contrastive_step();
        FitReport { loss: m.loss, e_pos: m.e_pos, e_neg: m.e_neg, grad_norm: m.grad_norm, undone: !finite }
    }

    fn params(&self) -> Vec<f32> {
        self.model.params().to_vec()
    }

    fn undoes_divergence(&self) -> bool {
        true
    }

    fn negatives(&self) -> Option<(&Points, &[Provenance])> {
        Some((&self.negatives, &self.provenance))
    }

    fn as_mlp(&self) -> Option<&Mlp> {
        Some(&self.model)
    }

    /// The v=1 link hash: parameters, optimiser moments and count, replay buffer.
    fn hash_state(&self, h: &mut StateHash) {
        self.model.params().iter().for_each(|&p| h.f32(p));
        self.opt_state.m.iter().chain(&self.opt_state.v).for_each(|&p| h.f32(p));
        h.u32(self.opt_state.t);
        self.buffer.y1.iter().chain(&self.buffer.y2).for_each(|&p| h.f32(p));
    }
}
