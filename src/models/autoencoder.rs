//! Autoencoders as energy-based models (lecture §4 and §5): the energy is the
//! reconstruction error E(y) = ‖y − r(y)‖², r = dec ∘ enc, two [`Net`]s
//! R^in → R^w → … → R^code → R^w → … → R².
//!
//! - **Denoising** (`Corruption::Noise`): trained to map y + σε back to y
//!   (ε from `Stream::Corruption`), r learns to pull points onto the data
//!   manifold, so E grows with the distance from it.
//! - **Masked** (`Corruption::Mask`): one coordinate j is hidden, set to 0, and
//!   the encoder also reads the mask as a one-hot pair (4 inputs:
//!   [y with y_j = 0, 1{j = 0}, 1{j = 1}]), so a hidden 0 never looks like a true
//!   0. The net is trained to predict y_j, i.e. each coordinate from the other;
//!   r(y) = (r₁ with y₁ hidden, r₂ with y₂ hidden) and
//!   E(y) = Σ_j (y_j − r_j(y with y_j hidden))².
//!
//! ∇_y E is exact: backpropagation through both nets to the input
//! ([`Net::backward`]'s `d_x`); a hidden coordinate reaches E only through its
//! own residual.

use super::fitting::{GradientRule, draw_batch, mean};
use super::net::{Net, Tape};
use super::{FitReport, Model, Overlay};
use crate::energy::Energy;
use crate::grid::Grid;
use crate::kernels::Activation;
use crate::optim::OptimState;
use crate::points::{Points, Rect};
use crate::rng::{Rng, Stream};

/// What training does to an input before the net reconstructs it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Corruption {
    /// y + σ ε, ε ~ N(0, I); the target is y.
    Noise { sigma: f32 },
    /// Hide one coordinate, chosen uniformly; the target is that coordinate.
    Mask,
}

/// `depth` hidden layers of `width` units on each side of a linear `code` layer.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Shape {
    pub depth: usize,
    pub width: usize,
    pub code: usize,
    pub act: Activation,
}

/// Arrows per side in [`Model::overlay`].
pub const ARROWS: usize = 12;

#[derive(Clone, Debug)]
pub struct Autoencoder {
    enc: Net,
    dec: Net,
    pub corruption: Corruption,
    pub rule: GradientRule,
    /// Where [`Model::overlay`] draws its arrows.
    pub view: Rect,
    enc_state: OptimState,
    dec_state: OptimState,
    batch: Points,
}

/// Buffers of one forward and backward pass.
struct Work {
    te: Tape,
    td: Tape,
    genc: Vec<f32>,
    gdec: Vec<f32>,
    d_code: Vec<f32>,
    d_x: Vec<f32>,
}

impl Autoencoder {
    /// Nets initialised by [`Net::new`] with ids 0 (encoder) and 1 (decoder).
    pub fn new(shape: Shape, corruption: Corruption, rule: GradientRule, view: Rect, rng: &Rng) -> Self {
        let inputs = match corruption {
            Corruption::Noise { .. } => 2,
            Corruption::Mask => 4,
        };
        let hidden = std::iter::repeat_n(shape.width, shape.depth);
        let enc_sizes: Vec<usize> = std::iter::once(inputs).chain(hidden.clone()).chain([shape.code]).collect();
        let dec_sizes: Vec<usize> = std::iter::once(shape.code).chain(hidden).chain([2]).collect();
        let enc = Net::new(&enc_sizes, shape.act, rng, 0);
        let dec = Net::new(&dec_sizes, shape.act, rng, 1);
        let (enc_state, dec_state) = (OptimState::new(enc.params().len()), OptimState::new(dec.params().len()));
        Self { enc, dec, corruption, rule, view, enc_state, dec_state, batch: Points::new() }
    }

    fn work(&self) -> Work {
        Work {
            te: Tape::default(),
            td: Tape::default(),
            genc: vec![0.0; self.enc.params().len()],
            gdec: vec![0.0; self.dec.params().len()],
            d_code: vec![0.0; self.dec.sizes()[0]],
            d_x: vec![0.0; self.enc.sizes()[0]],
        }
    }

    /// The encoder's input for y, with coordinate `hidden` masked (Mask only).
    fn input(&self, y: [f32; 2], hidden: usize) -> [f32; 4] {
        match self.corruption {
            Corruption::Noise { .. } => [y[0], y[1], 0.0, 0.0],
            Corruption::Mask => {
                let mut x = [y[0], y[1], 0.0, 0.0];
                x[hidden] = 0.0;
                x[2 + hidden] = 1.0;
                x
            }
        }
    }

    /// dec(enc(x)) into `w.td.output()`.
    fn run(&self, x: &[f32; 4], w: &mut Work) {
        self.enc.forward(&x[..self.enc.sizes()[0]], &mut w.te);
        self.dec.forward(w.te.output(), &mut w.td);
    }

    /// Backpropagates `d_out` through the last [`Self::run`]: parameter gradients into
    /// `w.genc`, `w.gdec`, the input gradient into `w.d_x`.
    fn back(&self, d_out: &[f32; 2], w: &mut Work) {
        self.dec.backward(&w.td, d_out, &mut w.gdec, Some(&mut w.d_code));
        self.enc.backward(&w.te, &w.d_code, &mut w.genc, Some(&mut w.d_x));
    }

    /// The reconstruction r(y) (for Mask, each coordinate predicted with itself hidden).
    pub fn reconstruct(&self, y: [f32; 2]) -> [f32; 2] {
        let mut w = self.work();
        self.reconstruct_with(y, &mut w)
    }

    fn reconstruct_with(&self, y: [f32; 2], w: &mut Work) -> [f32; 2] {
        match self.corruption {
            Corruption::Noise { .. } => {
                self.run(&self.input(y, 0), w);
                [w.td.output()[0], w.td.output()[1]]
            }
            Corruption::Mask => [0, 1].map(|j| {
                self.run(&self.input(y, j), w);
                w.td.output()[j]
            }),
        }
    }

    /// E(y) and ∇_y E.
    fn energy_grad_at(&self, y: [f32; 2], w: &mut Work) -> (f32, [f32; 2]) {
        match self.corruption {
            Corruption::Noise { .. } => {
                self.run(&self.input(y, 0), w);
                let res = [y[0] - w.td.output()[0], y[1] - w.td.output()[1]];
                // ∂E/∂r = −2(y − r); ∇_y E = 2(y − r) + J_rᵀ ∂E/∂r.
                self.back(&[-2.0 * res[0], -2.0 * res[1]], w);
                (res[0] * res[0] + res[1] * res[1], [2.0 * res[0] + w.d_x[0], 2.0 * res[1] + w.d_x[1]])
            }
            Corruption::Mask => {
                let (mut e, mut g) = (0.0, [0.0f32; 2]);
                for j in 0..2 {
                    self.run(&self.input(y, j), w);
                    let res = y[j] - w.td.output()[j];
                    let mut d_out = [0.0; 2];
                    d_out[j] = -2.0 * res;
                    self.back(&d_out, w);
                    e += res * res;
                    g[j] += 2.0 * res;
                    // Input j is the constant 0: only the visible coordinate carries d_x.
                    g[1 - j] += w.d_x[1 - j];
                }
                (e, g)
            }
        }
    }

    /// r(c) − c at the centres c of an n × n grid over `rect`, row-major with row 0
    /// at the bottom (the layout of [`crate::grid`]).
    pub fn reconstruction_field(&self, n: usize, rect: Rect) -> Points {
        let centres = Grid::new(n, rect).centres();
        let mut w = self.work();
        let mut field = Points::with_len(centres.len());
        for i in 0..centres.len() {
            let (c, r) = (centres.get(i), self.reconstruct_with(centres.get(i), &mut w));
            field.set(i, [r[0] - c[0], r[1] - c[1]]);
        }
        field
    }

    /// Arrows c → r(c) from the centres of an n × n grid over `rect`.
    pub fn arrows(&self, n: usize, rect: Rect) -> Overlay {
        let from = Grid::new(n, rect).centres();
        let mut w = self.work();
        let mut to = Points::with_len(from.len());
        for i in 0..from.len() {
            to.set(i, self.reconstruct_with(from.get(i), &mut w));
        }
        Overlay { marks: Points::new(), from, to }
    }
}

impl Energy for Autoencoder {
    fn energy(&self, ys: &Points, out: &mut [f32]) {
        let mut w = self.work();
        for i in 0..ys.len() {
            let (y, r) = (ys.get(i), self.reconstruct_with(ys.get(i), &mut w));
            out[i] = (y[0] - r[0]) * (y[0] - r[0]) + (y[1] - r[1]) * (y[1] - r[1]);
        }
    }

    fn energy_grad(&self, ys: &Points, out: &mut [f32], grad: &mut Points) {
        let mut w = self.work();
        for i in 0..ys.len() {
            let (e, g) = self.energy_grad_at(ys.get(i), &mut w);
            out[i] = e;
            grad.set(i, g);
        }
    }
}

impl Model for Autoencoder {
    /// One optimiser step on the mini-batch mean of ‖y − r(y + σε)‖² (Noise, ε from
    /// `(Stream::Corruption, slot, step)`) or of (y_j − r_j(y with y_j hidden))² (Mask,
    /// j from the same key). Reports that mean before the update; empty data change
    /// nothing and report NaN.
    fn fit_step(&mut self, data: &Points, rng: &Rng, step: u32) -> FitReport {
        if data.is_empty() {
            return FitReport::loss(f32::NAN);
        }
        let mut batch = std::mem::take(&mut self.batch);
        draw_batch(data, rng, step, self.rule.batch, self.rule.draw, &mut batch);
        let b = batch.len() as f32;
        let mut w = self.work();
        let mut losses = Vec::with_capacity(batch.len());
        for s in 0..batch.len() {
            let y = batch.get(s);
            let mut d_out = [0.0f32; 2];
            match self.corruption {
                Corruption::Noise { sigma } => {
                    let eps = rng.normal2(Stream::Corruption, s as u32, step);
                    self.run(&self.input([y[0] + sigma * eps[0], y[1] + sigma * eps[1]], 0), &mut w);
                    let res = [y[0] - w.td.output()[0], y[1] - w.td.output()[1]];
                    losses.push(res[0] * res[0] + res[1] * res[1]);
                    d_out = [-2.0 * res[0] / b, -2.0 * res[1] / b];
                }
                Corruption::Mask => {
                    let j = rng.below(Stream::Corruption, s as u32, step, 2) as usize;
                    self.run(&self.input(y, j), &mut w);
                    let res = y[j] - w.td.output()[j];
                    losses.push(res * res);
                    d_out[j] = -2.0 * res / b;
                }
            }
            self.back(&d_out, &mut w);
        }
        self.rule.apply(self.enc.params_mut(), &w.genc, &mut self.enc_state);
        self.rule.apply(self.dec.params_mut(), &w.gdec, &mut self.dec_state);
        self.batch = batch;
        FitReport::loss(mean(losses.into_iter()))
    }

    /// The encoder's parameters, then the decoder's (each in [`Net`]'s layout).
    fn params(&self) -> Vec<f32> {
        [self.enc.params(), self.dec.params()].concat()
    }

    /// Arrows y → r(y) on a [`ARROWS`] × [`ARROWS`] grid over `view`.
    fn overlay(&self) -> Overlay {
        self.arrows(ARROWS, self.view)
    }
}

#[cfg(test)]
mod tests;
