//! The course's conditional latent-variable model for the horn (docs/datasets.md):
//! a predictor f: x ↦ R² (a net 1 → 8 → 8 → 2, ReLU) and
//! E(x, y, z) = (y₁ − f₁(x) cos z)² + (y₂ − f₂(x) sin z)², z on the 48-angle grid.
//!
//! g(z) = (cos z, sin z) are the unit ellipse directions, so at input x the
//! predictions ȳ(z) = f(x) ⊙ g(z) are the ellipse decoder with its semi-axes set to
//! w = f(x) (not learned; f is): the horn at x *is* the ellipse model with w = f(x),
//! and ∂L/∂f(x) is that decoder's ∂L/∂w.
//!
//! On the plane the model is the energy over y at one input x ([`HornModel::set_x`]).
//! Data come in (x, y) pairs; the training set's y are the `Points` that
//! [`Model::fit_step`] receives like every model's, and their inputs x are stored once
//! with [`HornModel::set_inputs`] (pairs share an index). [`HornModel::fit_pairs`]
//! takes both explicitly.

use super::decoder::EllipseDecoder;
use super::infer::{self, Descent, Inference};
use super::loss::{Training, batch_indices, contrasts, point_loss};
use super::predictions::Predictions;
use super::zgrid::{COURSE_ANGLES, ZGrid};
use crate::energy::Energy;
use crate::kernels::Activation;
use crate::models::net::{Net, Tape};
use crate::models::{FitReport, LatentEnergies, Model, Overlay, Plane};
use crate::optim::OptimState;
use crate::points::Points;
use crate::rng::Rng;

#[derive(Clone)]
pub struct HornModel {
    f: Net,
    grid: ZGrid,
    x: f32,
    inputs: Vec<f32>,
    beta: f32,
    training: Training,
    opt_state: OptimState,
}

impl HornModel {
    /// The course's predictor sizes.
    pub const SIZES: [usize; 4] = [1, 8, 8, 2];

    /// The course's model: f a ReLU net of [`Self::SIZES`] initialised from `rng`,
    /// plane energy F_β at `beta` ∈ [0, ∞] and input x = 0.
    pub fn new(beta: f32, training: Training, rng: &Rng) -> Self {
        Self::from_net(Net::new(&Self::SIZES, Activation::Relu, rng, 0), beta, training)
    }

    /// Any predictor net with one input and two outputs.
    pub fn from_net(f: Net, beta: f32, training: Training) -> Self {
        let sizes = f.sizes();
        assert!(sizes[0] == 1 && sizes[sizes.len() - 1] == 2, "the horn's predictor maps x ∈ R to R²");
        assert!(beta >= 0.0, "beta must be in [0, inf], got {beta}");
        let opt_state = OptimState::new(f.params().len());
        Self { f, grid: ZGrid::angles(COURSE_ANGLES), x: 0.0, inputs: Vec::new(), beta, training, opt_state }
    }

    pub fn net(&self) -> &Net {
        &self.f
    }

    /// The predictor, to set its parameters (the optimiser state is kept).
    pub fn net_mut(&mut self) -> &mut Net {
        &mut self.f
    }

    /// The input x whose energy over y the plane shows.
    pub fn x(&self) -> f32 {
        self.x
    }

    pub fn set_x(&mut self, x: f32) {
        self.x = x;
    }

    /// The inputs of the training set: `x[i]` goes with point i of the data given to `fit_step`.
    pub fn set_inputs(&mut self, x: Vec<f32>) {
        self.inputs = x;
    }

    pub fn inputs(&self) -> &[f32] {
        &self.inputs
    }

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

    pub fn set_training(&mut self, training: Training) {
        self.training = training;
    }

    /// f(x), the predicted semi-axes at input x.
    pub fn predict(&self, x: f32) -> [f32; 2] {
        let mut tape = Tape::default();
        self.f.forward(&[x], &mut tape);
        [tape.output()[0], tape.output()[1]]
    }

    /// The decoder at input x: g with semi-axes f(x).
    pub fn decoder_at(&self, x: f32) -> EllipseDecoder {
        EllipseDecoder::new(self.predict(x))
    }

    /// The predictions ȳ_k = f(x) ⊙ (cos z_k, sin z_k) at input x.
    pub fn predictions(&self, x: f32) -> Predictions {
        Predictions::decode(&self.decoder_at(x), &self.grid, 0.0)
    }

    /// ž for y at the plane's input x (grid, then descent when given).
    pub fn infer_z(&self, y: [f32; 2], descent: Option<Descent>) -> Inference {
        let dec = self.decoder_at(self.x);
        match descent {
            Some(d) => infer::infer_z(&dec, 0.0, &self.grid, y, d),
            None => infer::infer_z_grid(&dec, 0.0, &self.grid, y),
        }
    }

    /// The mean training loss over the pairs (x[i], ys[i]) and its gradient with respect
    /// to f's parameters; `contrasts[i]` is the contrastive output for x[i] (unused, and
    /// may be empty, for the energy losses).
    pub fn loss_and_grad(&self, x: &[f32], ys: &Points, contrasts: &Points) -> (f32, Vec<f32>) {
        assert_eq!(x.len(), ys.len(), "one input per output");
        let needs = self.training.loss.contrast_sigma().is_some();
        assert!(!needs || contrasts.len() == ys.len(), "one contrastive point per data point");
        let scale = 1.0 / ys.len() as f32;
        let mut grad = vec![0.0; self.f.params().len()];
        let mut tape = Tape::default();
        let mut d_ybar = Points::with_len(self.grid.len());
        let mut loss = 0.0;
        for i in 0..ys.len() {
            self.f.forward(&[x[i]], &mut tape);
            let dec = EllipseDecoder::new([tape.output()[0], tape.output()[1]]);
            let preds = Predictions::decode(&dec, &self.grid, 0.0);
            d_ybar.y1.fill(0.0);
            d_ybar.y2.fill(0.0);
            let c = needs.then(|| contrasts.get(i));
            loss += point_loss(self.training.loss, &preds, ys.get(i), c, scale, &mut d_ybar);
            let mut d_f = [0.0f32; 2];
            Predictions::backward(&dec, &self.grid, &d_ybar, &mut d_f);
            self.f.backward(&tape, &d_f, &mut grad, None);
        }
        (loss * scale, grad)
    }

    /// One optimiser step on the pairs (x[i], ys[i]); an empty batch changes nothing.
    pub fn fit_batch(&mut self, x: &[f32], ys: &Points, rng: &Rng, step: u32) -> FitReport {
        if ys.is_empty() {
            return FitReport::default();
        }
        let c = self.training.loss.contrast_sigma().map_or_else(Points::new, |s| contrasts(ys, s, rng, step));
        let (loss, grad) = self.loss_and_grad(x, ys, &c);
        let t = self.training;
        t.optimizer.step(self.f.params_mut(), &grad, &mut self.opt_state, t.lr);
        FitReport::loss(loss)
    }

    /// A mini-batch of the pairs (x[i], y[i]) drawn for `step`, then [`Self::fit_batch`].
    pub fn fit_pairs(&mut self, x: &[f32], y: &Points, rng: &Rng, step: u32) -> FitReport {
        assert_eq!(x.len(), y.len(), "one input per output");
        let idx = batch_indices(y.len(), self.training.batch, self.training.draw, rng, step);
        let mut ys = Points::with_len(idx.len());
        let xs: Vec<f32> = idx.iter().map(|&i| x[i]).collect();
        for (s, &i) in idx.iter().enumerate() {
            ys.set(s, y.get(i));
        }
        self.fit_batch(&xs, &ys, rng, step)
    }
}

impl Energy for HornModel {
    fn energy(&self, ys: &Points, out: &mut [f32]) {
        self.predictions(self.x).plane_energy(ys, self.beta, out, None);
    }

    fn energy_grad(&self, ys: &Points, out: &mut [f32], grad: &mut Points) {
        self.predictions(self.x).plane_energy(ys, self.beta, out, Some(grad));
    }
}

impl Model for HornModel {
    /// Trains on the pairs (inputs from [`HornModel::set_inputs`], `data`): they must have one
    /// input per data point.
    fn fit_step(&mut self, data: &Points, rng: &Rng, step: u32) -> FitReport {
        let x = std::mem::take(&mut self.inputs);
        assert_eq!(x.len(), data.len(), "set_inputs must give one input x per data point");
        let report = self.fit_pairs(&x, data, rng, step);
        self.inputs = x;
        report
    }

    fn params(&self) -> Vec<f32> {
        self.f.params().to_vec()
    }

    /// The predictions ȳ(z) at the plane's input x: the ellipse of semi-axes f(x).
    fn overlay(&self) -> Overlay {
        Overlay { marks: self.predictions(self.x).ybar, ..Overlay::default() }
    }

    /// The free energy of y at the plane's input x.
    fn plane(&self) -> Plane {
        let f = Plane::free(self.beta, self.grid.len());
        Plane { label: format!("{} at x = {}", f.label, self.x), ..f }
    }

    /// E(x, y, z) at the plane's input x, over the 48 angles.
    fn latent_energies(&self, y: [f32; 2]) -> Option<LatentEnergies> {
        let mut e = vec![0.0; self.grid.len()];
        self.predictions(self.x).energies(y, &mut e);
        Some(super::model::latent_axis(&self.grid, e))
    }
}
