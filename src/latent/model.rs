//! Unconditional latent-variable EBMs E(y, z) = ‖y − g(z)‖² + λ‖z‖² (lecture §2):
//! the course's ellipse model (g the ellipse decoder, λ = 0, z on the 48-angle grid)
//! and the net-decoder models with continuous z (a cube grid in R^k and λ > 0) or
//! discrete z (one-hot codes).
//!
//! On the plane the model is its free energy F_β(y) over the grid (β = ∞: F∞), with
//! the exact ∇_y; the overlay is the set of predictions ȳ swept by z.

use super::decoder::{Decoder, EllipseDecoder};
use super::infer::{self, Descent, Inference};
use super::loss::{Training, batch_indices, contrasts, point_loss};
use super::net_decoder::NetDecoder;
use super::predictions::Predictions;
use super::zgrid::{COURSE_ANGLES, ZGrid};
use crate::energy::Energy;
use crate::kernels::Activation;
use crate::models::{FitReport, LatentEnergies, Model, Overlay, Plane};
use crate::optim::OptimState;
use crate::points::Points;
use crate::rng::Rng;

#[derive(Clone)]
pub struct LatentModel<D: Decoder> {
    decoder: D,
    grid: ZGrid,
    lambda: f32,
    beta: f32,
    training: Training,
    opt_state: OptimState,
}

/// The course's ellipse model E(y, z) = ‖y − (w₁ cos z, w₂ sin z)‖².
pub type EllipseModel = LatentModel<EllipseDecoder>;
/// A net decoder's model, continuous or discrete z.
pub type DecoderModel = LatentModel<NetDecoder>;

impl<D: Decoder> LatentModel<D> {
    /// `decoder` over `grid`, latent regulariser λ = `lambda`, plane energy F_β at
    /// `beta` ∈ [0, ∞] (∞ = F∞), trained by `training`.
    pub fn new(decoder: D, grid: ZGrid, lambda: f32, beta: f32, training: Training) -> Self {
        assert_eq!(decoder.z_dim(), grid.dim(), "the grid's z must fit the decoder");
        assert!(beta >= 0.0, "beta must be in [0, inf], got {beta}");
        let opt_state = OptimState::new(decoder.params().len());
        Self { decoder, grid, lambda, beta, training, opt_state }
    }

    pub fn decoder(&self) -> &D {
        &self.decoder
    }

    /// The decoder, to set its parameters (the optimiser state is kept).
    pub fn decoder_mut(&mut self) -> &mut D {
        &mut self.decoder
    }

    pub fn grid(&self) -> &ZGrid {
        &self.grid
    }

    pub fn lambda(&self) -> f32 {
        self.lambda
    }

    /// The inverse temperature of the plane energy F_β (∞ = F∞).
    pub fn beta(&self) -> f32 {
        self.beta
    }

    pub fn set_beta(&mut self, beta: f32) {
        assert!(beta >= 0.0, "beta must be in [0, inf], got {beta}");
        self.beta = beta;
    }

    pub fn training(&self) -> Training {
        self.training
    }

    /// Changes the training rule; the optimiser state is kept (same parameters).
    pub fn set_training(&mut self, training: Training) {
        self.training = training;
    }

    /// The predictions ȳ_k = g(z_k) over the grid and their regularisers λ‖z_k‖².
    pub fn predictions(&self) -> Predictions {
        Predictions::decode(&self.decoder, &self.grid, self.lambda)
    }

    /// F_β(y) over the grid at any β, without changing the model's own β.
    pub fn free_energy(&self, y: [f32; 2], beta: f32) -> f32 {
        self.predictions().free_energy_grad(y, beta, &mut vec![0.0; self.grid.len()]).0
    }

    /// The posterior over the grid at β: softmin_k of E(y, z_k).
    pub fn posterior(&self, y: [f32; 2], beta: f32) -> Vec<f32> {
        infer::posterior(&self.decoder, self.lambda, &self.grid, y, beta)
    }

    /// ž for y: exhaustive over the grid, then (when `descent` is given; continuous z
    /// only) gradient descent on z from the best grid values.
    pub fn infer_z(&self, y: [f32; 2], descent: Option<Descent>) -> Inference {
        match descent {
            Some(d) => infer::infer_z(&self.decoder, self.lambda, &self.grid, y, d),
            None => infer::infer_z_grid(&self.decoder, self.lambda, &self.grid, y),
        }
    }

    /// The training loss over `ys` (mean) and its gradient with respect to the decoder's
    /// parameters; `contrasts[i]` is the contrastive point of `ys[i]` (unused, and may be
    /// empty, for the energy losses).
    pub fn loss_and_grad(&self, ys: &Points, contrasts: &Points) -> (f32, Vec<f32>) {
        let preds = self.predictions();
        let needs = self.training.loss.contrast_sigma().is_some();
        assert!(!needs || contrasts.len() == ys.len(), "one contrastive point per data point");
        let scale = 1.0 / ys.len() as f32;
        let mut d_ybar = Points::with_len(preds.len());
        let mut loss = 0.0;
        for i in 0..ys.len() {
            let c = needs.then(|| contrasts.get(i));
            loss += point_loss(self.training.loss, &preds, ys.get(i), c, scale, &mut d_ybar);
        }
        let mut grad = vec![0.0; self.decoder.params().len()];
        Predictions::backward(&self.decoder, &self.grid, &d_ybar, &mut grad);
        (loss * scale, grad)
    }

    /// One optimiser step on the batch `ys` (contrastive points drawn for `step`).
    /// An empty batch changes nothing.
    pub fn fit_batch(&mut self, ys: &Points, rng: &Rng, step: u32) -> FitReport {
        if ys.is_empty() {
            return FitReport::default();
        }
        let c = self.training.loss.contrast_sigma().map_or_else(Points::new, |s| contrasts(ys, s, rng, step));
        let (loss, grad) = self.loss_and_grad(ys, &c);
        let t = self.training;
        t.optimizer.step(self.decoder.params_mut(), &grad, &mut self.opt_state, t.lr);
        FitReport::loss(loss)
    }
}

impl EllipseModel {
    /// The course's ellipse model from semi-axes `w`, on the 48-angle grid, λ = 0.
    pub fn ellipse(w: [f32; 2], beta: f32, training: Training) -> Self {
        Self::new(EllipseDecoder::new(w), ZGrid::angles(COURSE_ANGLES), 0.0, beta, training)
    }
}

impl DecoderModel {
    /// Continuous z ∈ R^`z_dim`: a net [z_dim, hidden…, 2], z on the cell centres of
    /// [−half_width, half_width]^z_dim (`per_axis` per axis), regulariser λ‖z‖².
    #[allow(clippy::too_many_arguments)]
    pub fn continuous(
        z_dim: usize,
        hidden: &[usize],
        act: Activation,
        per_axis: usize,
        half_width: f32,
        lambda: f32,
        beta: f32,
        training: Training,
        rng: &Rng,
    ) -> Self {
        let decoder = NetDecoder::new(z_dim, hidden, act, rng, 0);
        Self::new(decoder, ZGrid::cube(z_dim, per_axis, half_width), lambda, beta, training)
    }

    /// Discrete z: `k` one-hot codes into a net [k, hidden…, 2]; no regulariser (‖z‖ = 1).
    pub fn discrete(k: usize, hidden: &[usize], act: Activation, beta: f32, training: Training, rng: &Rng) -> Self {
        Self::new(NetDecoder::new(k, hidden, act, rng, 0), ZGrid::one_hot(k), 0.0, beta, training)
    }
}

impl<D: Decoder> Energy for LatentModel<D> {
    fn energy(&self, ys: &Points, out: &mut [f32]) {
        self.predictions().plane_energy(ys, self.beta, out, None);
    }

    fn energy_grad(&self, ys: &Points, out: &mut [f32], grad: &mut Points) {
        self.predictions().plane_energy(ys, self.beta, out, Some(grad));
    }
}

impl<D: Decoder + Clone + 'static> Model for LatentModel<D> {
    /// A mini-batch of `data` drawn for `step` (see `Training::batch`), then [`LatentModel::fit_batch`].
    fn fit_step(&mut self, data: &Points, rng: &Rng, step: u32) -> FitReport {
        let idx = batch_indices(data.len(), self.training.batch, self.training.draw, rng, step);
        let mut ys = Points::with_len(idx.len());
        for (s, &i) in idx.iter().enumerate() {
            ys.set(s, data.get(i));
        }
        self.fit_batch(&ys, rng, step)
    }

    fn params(&self) -> Vec<f32> {
        self.decoder.params().to_vec()
    }

    fn overlay(&self) -> Overlay {
        Overlay { marks: self.predictions().ybar, ..Overlay::default() }
    }

    fn plane(&self) -> Plane {
        Plane::free(self.beta, self.grid.len())
    }

    fn latent_energies(&self, y: [f32; 2]) -> Option<LatentEnergies> {
        let mut e = vec![0.0; self.grid.len()];
        self.predictions().energies(y, &mut e);
        Some(latent_axis(&self.grid, e))
    }
}

/// A 1-D grid is drawn at its z values (the ellipse's angles); a larger one
/// (codes, a cube of z) by index.
pub(crate) fn latent_axis(grid: &ZGrid, e: Vec<f32>) -> LatentEnergies {
    if grid.dim() == 1 {
        LatentEnergies { axis: "z", z: (0..grid.len()).map(|k| grid.z(k)[0]).collect(), e }
    } else {
        LatentEnergies { axis: "k", z: (0..grid.len()).map(|k| k as f32).collect(), e }
    }
}
