//! The lecture's models that train by their own rule rather than by the
//! contrastive [`crate::train::Trainer`]: latent-variable EBMs, K-means, PCA,
//! sparse coding, autoencoders and the regression baseline.
//!
//! Each one is an [`Energy`] on the plane (so grids, heat maps and samplers
//! work unchanged) plus a [`Model::fit_step`]. The page and the CLI drive any
//! of them through this one trait.

pub mod autoencoder;
pub mod fitting;
pub mod kmeans;
pub mod net;
pub mod pca;
pub mod regression;
pub mod sparse;

use crate::energy::Energy;
use crate::points::Points;
use crate::rng::Rng;

/// What one [`Model::fit_step`] measured.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize)]
pub struct FitReport {
    /// The model's own training loss after (or during) the step.
    pub loss: f32,
}

/// Extra geometry a model offers for display, in plane coordinates.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Overlay {
    /// Points to mark (prototypes, dictionary atoms, the set of predictions ȳ swept by z).
    pub marks: Points,
    /// Segments `from[i] → to[i]` (a principal line, reconstruction arrows).
    pub from: Points,
    pub to: Points,
}

pub trait Model: Energy {
    /// One training step on `data` (the whole training set; the model draws its
    /// own mini-batch from `rng` keyed by `step` when its rule is stochastic).
    fn fit_step(&mut self, data: &Points, rng: &Rng, step: u32) -> FitReport;

    /// All learned parameters, flat, for hashing and export.
    fn params(&self) -> Vec<f32>;

    /// Geometry to draw over the heat map; empty by default.
    fn overlay(&self) -> Overlay {
        Overlay::default()
    }
}
