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
pub mod target;

use serde::Serialize;

use crate::energy::Energy;
use crate::energy::mlp::Mlp;
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
    /// A fixed analytic energy (`target=`): the lecture's circle, the samplers' targets.
    Target,
}

impl ModelKind {
    pub const ALL: [(&'static str, ModelKind); 12] = [
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
        ("target", ModelKind::Target),
    ];
}

/// What one [`Model::fit_step`] measured. NaN means "not measured by this model".
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize)]
pub struct FitReport {
    /// The model's own training loss after (or during) the step.
    pub loss: f32,
    /// Mean energy of the data batch, E₊ (NaN: the trainer measures it).
    pub e_pos: f32,
    /// Mean energy of the negatives, E₋.
    pub e_neg: f32,
    /// Norm of the loss gradient, before clipping.
    pub grad_norm: f32,
    /// The step went non-finite and the model undid it (models that
    /// [`Model::undoes_divergence`]).
    pub undone: bool,
}

impl FitReport {
    /// A report of the loss alone.
    pub fn loss(loss: f32) -> Self {
        Self { loss, e_pos: f32::NAN, e_neg: f32::NAN, grad_norm: f32::NAN, undone: false }
    }
}

/// Where each drawn negative came from (the page colours them).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[repr(u8)]
pub enum Provenance {
    /// Started from uniform noise over the view box.
    Noise = 0,
    /// Started from a data point (CD-k, corruption, descent, kick).
    Data = 1,
    /// A persistent chain from the replay buffer.
    Buffer = 2,
    /// Not a negative: a point the model marks (prototypes, codes, predictions ȳ).
    Model = 3,
}

/// FNV-1a over a model's state, word by word: the state hash a link carries.
pub struct StateHash(pub u64);

impl StateHash {
    pub fn new() -> Self {
        Self(0xcbf2_9ce4_8422_2325)
    }
    pub fn u32(&mut self, v: u32) {
        for b in v.to_le_bytes() {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
    pub fn f32(&mut self, v: f32) {
        self.u32(v.to_bits());
    }
}

impl Default for StateHash {
    fn default() -> Self {
        Self::new()
    }
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

/// A boxed copy of a model (the trainer keeps one to undo a step that
/// diverged), and the model as `Any` (to reach a model's own fields in tests).
pub trait CloneModel {
    fn clone_box(&self) -> Box<dyn Model>;
    fn as_any(&self) -> &dyn std::any::Any;
    fn as_any_mut(&mut self) -> &mut dyn std::any::Any;
}

impl<T: Model + Clone + 'static> CloneModel for T {
    fn clone_box(&self) -> Box<dyn Model> {
        Box::new(self.clone())
    }
    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
    fn as_any_mut(&mut self) -> &mut dyn std::any::Any {
        self
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

    /// The negatives of the last step and where each came from, for models
    /// trained against negatives; `None`: the trainer draws the overlay's marks.
    fn negatives(&self) -> Option<(&Points, &[Provenance])> {
        None
    }

    /// The MLP energy itself, for the GPU sampler and heat map (which run MLPs only).
    fn as_mlp(&self) -> Option<&Mlp> {
        None
    }

    /// False for a fixed energy: the trainer then counts steps and trains nothing.
    fn learns(&self) -> bool {
        true
    }

    /// True when a `fit_step` that went non-finite undoes itself (and says so in
    /// `FitReport::undone`); otherwise the trainer keeps a copy to restore.
    fn undoes_divergence(&self) -> bool {
        false
    }

    /// The words of the state a link's hash covers; the parameters by default.
    /// E(y, z_k) over the model's latent values at one y, with where each z sits
    /// on a drawn axis: the free-energy panels read it (`crate::views`). `None`
    /// for models without a grid of latent values.
    fn latent_energies(&self, _y: [f32; 2]) -> Option<LatentEnergies> {
        None
    }

    fn hash_state(&self, h: &mut StateHash) {
        self.params().iter().for_each(|&p| h.f32(p));
    }
}

/// E(y, z_k) for every latent value z_k of a model at one y.
#[derive(Clone, Debug, PartialEq)]
pub struct LatentEnergies {
    /// What the z axis is: "z" (an angle or a 1-D value), or "k" (an index: codes, prototypes).
    pub axis: &'static str,
    /// The axis position of each z_k.
    pub z: Vec<f32>,
    pub e: Vec<f32>,
}

/// What the plane's heat map shows, for the legend and the lesson text.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Plane {
    /// The quantity, as the lecture writes it: "E(y)", "E(x, y)", "F∞(y)", "F_β(y)".
    pub label: String,
    /// How many values of the latent z the free energy runs over (0: no latent).
    pub latent_values: usize,
    /// E(x, y) with x across: inference and slices move y only, densities are P(y | x).
    pub conditional: bool,
}

impl Plane {
    pub fn energy() -> Self {
        Self { label: "E(y)".into(), latent_values: 0, conditional: false }
    }

    /// E(x, y) on the conditional plane (x across, y up).
    pub fn conditional() -> Self {
        Self { label: "E(x, y)".into(), latent_values: 0, conditional: true }
    }

    /// The free energy over `latent_values` values of z at inverse temperature
    /// `beta` (∞: F∞ = min over z).
    pub fn free(beta: f32, latent_values: usize) -> Self {
        let label = if beta.is_infinite() { "F∞(y)".into() } else { format!("F_β(y), β = {beta}") };
        Self { label, latent_values, conditional: false }
    }
}
