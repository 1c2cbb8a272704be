//! The lecture's models that train by their own rule rather than by the
//! contrastive [`crate::train::Trainer`]: latent-variable EBMs, K-means, PCA,
//! sparse coding, autoencoders and the regression baseline.
//!
//! Each one is an [`Energy`] on the plane (so grids, heat maps and samplers
//! work unchanged) plus a [`Model::fit_step`]. The page and the CLI drive any
//! of them through this one trait.

pub mod autoencoder;
pub mod build;
pub mod fitting;
pub mod kmeans;
pub mod net;
pub mod pca;
pub mod regression;
pub mod sparse;

use serde::Serialize;

use crate::energy::Energy;
use crate::points::Points;
use crate::rng::Rng;

/// Which model a scene trains: the MLP energy through the contrastive
/// [`crate::train::Trainer`] (`Mlp`), or one of the self-training models here.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ModelKind {
    Mlp,
    /// The course's ellipse decoder g(z) = (w₁ cos z, w₂ sin z), z on 48 angles.
    Ellipse,
    /// A net decoder with continuous z ∈ R² on a grid, with latent regulariser λ‖z‖².
    Latent,
    /// A net decoder with discrete z: `clusters` learned codes.
    Codes,
    /// The conditional horn: f(x) ⊙ (cos z, sin z); the plane shows y at x = `hx`.
    Horn,
    KMeans,
    Pca,
    Sparse,
    /// Denoising autoencoder: energy = reconstruction error.
    Dae,
    /// Masked autoencoder: one coordinate hidden, reconstructed from the other.
    Mae,
    /// Squared-error regression ŷ = f(x) on conditional data: E(x, y) = (y − f(x))².
    Regression,
}

impl ModelKind {
    pub const ALL: [(&'static str, ModelKind); 11] = [
        ("mlp", ModelKind::Mlp),
        ("ellipse", ModelKind::Ellipse),
        ("latent", ModelKind::Latent),
        ("codes", ModelKind::Codes),
        ("horn", ModelKind::Horn),
        ("kmeans", ModelKind::KMeans),
        ("pca", ModelKind::Pca),
        ("sparse", ModelKind::Sparse),
        ("dae", ModelKind::Dae),
        ("mae", ModelKind::Mae),
        ("regression", ModelKind::Regression),
    ];
}

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

/// A boxed copy of a model: the trainer keeps one to undo a step that diverged.
pub trait CloneModel {
    fn clone_box(&self) -> Box<dyn Model>;
}

impl<T: Model + Clone + 'static> CloneModel for T {
    fn clone_box(&self) -> Box<dyn Model> {
        Box::new(self.clone())
    }
}

pub trait Model: Energy + CloneModel {
    /// One training step on `data` (the whole training set; the model draws its
    /// own mini-batch from `rng` keyed by `step` when its rule is stochastic).
    fn fit_step(&mut self, data: &Points, rng: &Rng, step: u32) -> FitReport;

    /// All learned parameters, flat, for hashing and export.
    fn params(&self) -> Vec<f32>;

    /// Geometry to draw over the heat map; empty by default.
    fn overlay(&self) -> Overlay {
        Overlay::default()
    }

    /// What the heat map of this model shows; E(y) by default.
    fn plane(&self) -> Plane {
        Plane::energy()
    }
}

/// What the plane's heat map shows, for the legend and the lesson text.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Plane {
    /// The quantity, as the lecture writes it: "E(y)", "E(x, y)", "F∞(y)", "F_β(y)".
    pub label: String,
    /// How many values of the latent z the free energy runs over (0: no latent).
    pub latent_values: usize,
}

impl Plane {
    pub fn energy() -> Self {
        Self { label: "E(y)".into(), latent_values: 0 }
    }

    /// E(x, y) on the conditional plane (x across, y up).
    pub fn conditional() -> Self {
        Self { label: "E(x, y)".into(), latent_values: 0 }
    }

    /// The free energy over `latent_values` values of z at inverse temperature
    /// `beta` (∞: F∞ = min over z).
    pub fn free(beta: f32, latent_values: usize) -> Self {
        let label = if beta.is_infinite() { "F∞(y)".into() } else { format!("F_β(y), β = {beta}") };
        Self { label, latent_values }
    }
}
