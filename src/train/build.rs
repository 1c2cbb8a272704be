//! The one place a [`Config`] becomes a [`Model`]: the page, the CLI and the
//! tests all go through [`build`], and the [`super::Trainer`] treats every model
//! alike. `model=mlp` is the MLP energy with its losses ([`ContrastiveMlp`]).
//! Which keys each model reads is `Config::reads` (checked by `tests/relevance.rs`).
//!
//! Which config fields each model reads: `clusters` (K-means prototypes, sparse
//! atoms, discrete codes), `lambda` (sparsity, latent regulariser), `zloss`
//! (latent training), `free` (F∞ or F_β on the plane, β = `beta`), `rule`
//! (K-means and PCA: batch or stochastic), `score_sigma` (the DAE's noise),
//! `depth`/`width`/`act` (every net), `lr`/`opt`/`batch` (every gradient rule),
//! `margin` and `kick` (the latent hinge's margin and contrast noise), `hx` (horn).

use super::contrastive::ContrastiveMlp;
use crate::config::Config;
use crate::energy::analytic::Analytic;
use crate::latent::horn::HornModel;
use crate::latent::loss::{LatentLoss, Training};
use crate::latent::model::{DecoderModel, EllipseModel};
use crate::models::autoencoder::{Autoencoder, Corruption, Shape};
use crate::models::fitting::GradientRule;
use crate::models::kmeans::{FreeEnergy, KMeans, KMeansRule};
use crate::models::pca::{Pca, PcaRule};
use crate::models::regression::Regression;
use crate::models::sparse::{Inference, Solver, SparseCoding};
use crate::models::target::Target;
use crate::models::{Model, ModelKind};
use crate::points::{Points, Rect};
use crate::rng::Rng;

/// The latent models' training rule: `zloss` picks the loss, β its temperature.
fn latent_training(cfg: &Config) -> Training {
    let loss = match cfg.zloss {
        "marginal" => LatentLoss::EnergyMarginal { beta: cfg.beta },
        "hinge" => LatentLoss::Hinge { beta: cfg.beta, margin: cfg.margin, sigma: cfg.kick },
        "log" => LatentLoss::Log { beta: cfg.beta, sigma: cfg.kick },
        _ => LatentLoss::EnergyArgmin,
    };
    Training { loss, batch: cfg.batch as usize, draw: cfg.batch_draw(), lr: cfg.lr, optimizer: cfg.optimizer() }
}

/// The β of the plane's free energy: ∞ for F∞ (`free=min`).
fn plane_beta(cfg: &Config) -> f32 {
    if cfg.free == "min" { f32::INFINITY } else { cfg.beta }
}

/// The model of `cfg.model`, initialised from `rng`; `train` are the training
/// points, `inputs` their x (the horn only) and `view` the plane's box.
pub fn build(cfg: &Config, train: &Points, inputs: &[f32], view: Rect, rng: &Rng) -> Box<dyn Model> {
    let hidden = vec![cfg.width as usize; cfg.depth as usize];
    let gradient =
        GradientRule { optimizer: cfg.optimizer(), lr: cfg.lr, batch: cfg.batch as usize, draw: cfg.batch_draw() };
    let stochastic = cfg.rule == "stochastic";
    let k = cfg.clusters as usize;
    match cfg.model {
        ModelKind::Mlp => Box::new(ContrastiveMlp::new(cfg, train, view, rng)),
        ModelKind::Ellipse => Box::new(EllipseModel::ellipse([1.0, 1.0], plane_beta(cfg), latent_training(cfg))),
        ModelKind::Latent => Box::new(DecoderModel::continuous(
            2,
            &hidden,
            cfg.activation,
            12,
            2.0,
            cfg.lambda,
            plane_beta(cfg),
            latent_training(cfg),
            rng,
        )),
        ModelKind::Codes => {
            Box::new(DecoderModel::discrete(k, &hidden, cfg.activation, plane_beta(cfg), latent_training(cfg), rng))
        }
        ModelKind::Horn => {
            let mut m = HornModel::new(plane_beta(cfg), latent_training(cfg), rng);
            m.set_inputs(inputs.to_vec());
            m.set_x(cfg.hx);
            Box::new(m)
        }
        ModelKind::KMeans => {
            let rule = if stochastic { KMeansRule::Stochastic(gradient) } else { KMeansRule::Lloyd };
            let free = if cfg.free == "min" { FreeEnergy::Min } else { FreeEnergy::Beta(cfg.beta) };
            Box::new(KMeans::new(k, train, rule, free, rng))
        }
        ModelKind::Pca => {
            Box::new(Pca::new(if stochastic { PcaRule::Stochastic(gradient) } else { PcaRule::ClosedForm }, rng))
        }
        ModelKind::Sparse => {
            let inference = Inference { solver: Solver::Fista, max_iter: 200, tol: 1e-5 };
            Box::new(SparseCoding::new(k, cfg.lambda, inference, gradient, rng))
        }
        ModelKind::Dae | ModelKind::Mae => {
            let shape = Shape { depth: cfg.depth as usize, width: cfg.width as usize, code: 2, act: cfg.activation };
            let corruption = if cfg.model == ModelKind::Dae {
                Corruption::Noise { sigma: cfg.score_sigma }
            } else {
                Corruption::Mask
            };
            Box::new(Autoencoder::new(shape, corruption, gradient, view, rng))
        }
        ModelKind::Regression => Box::new(Regression::new(cfg.width as usize, cfg.activation, gradient, view, rng)),
        ModelKind::Target => Box::new(Target::new(Analytic::by_name(cfg.target).unwrap_or(Analytic::Circle))),
    }
}
