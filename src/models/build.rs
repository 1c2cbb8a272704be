//! The one place a [`Config`] becomes a self-training [`Model`]: the page and
//! the CLI both go through [`build`]. The MLP energy (`model=mlp`) is not built
//! here: the contrastive [`crate::train::Trainer`] trains it.

use super::{Model, ModelKind};
use crate::config::Config;
use crate::latent::horn::HornModel;
use crate::latent::loss::{LatentLoss, Training};
use crate::latent::model::{DecoderModel, EllipseModel};
use crate::points::Points;
use crate::rng::Rng;

/// The latent models' training rule from the config: `zloss` picks the loss,
/// β its temperature (marginal, hinge, log), `margin` the hinge's margin and
/// `kick` the corruption σ of the contrastive point.
fn latent_training(cfg: &Config) -> Training {
    let loss = match cfg.zloss {
        "marginal" => LatentLoss::EnergyMarginal { beta: cfg.beta },
        "hinge" => LatentLoss::Hinge { beta: cfg.beta, margin: cfg.margin, sigma: cfg.kick },
        "log" => LatentLoss::Log { beta: cfg.beta, sigma: cfg.kick },
        _ => LatentLoss::EnergyArgmin,
    };
    Training::adam(loss, cfg.batch as usize, cfg.lr)
}

/// The model of `cfg.model` (None for the MLP), initialised from `rng`;
/// `train` are the training points and `inputs` their x (the horn only).
pub fn build(cfg: &Config, train: &Points, inputs: &[f32], rng: &Rng) -> Option<Box<dyn Model>> {
    let _ = train;
    let hidden = vec![cfg.width as usize; cfg.depth as usize];
    Some(match cfg.model {
        ModelKind::Mlp => return None,
        ModelKind::Ellipse => Box::new(EllipseModel::ellipse([1.0, 1.0], cfg.beta, latent_training(cfg))),
        ModelKind::Latent => Box::new(DecoderModel::continuous(
            2,
            &hidden,
            cfg.activation,
            12,
            2.0,
            cfg.lambda,
            cfg.beta,
            latent_training(cfg),
            rng,
        )),
        ModelKind::Codes => Box::new(DecoderModel::discrete(
            cfg.clusters as usize,
            &hidden,
            cfg.activation,
            cfg.beta,
            latent_training(cfg),
            rng,
        )),
        ModelKind::Horn => {
            let mut m = HornModel::new(cfg.beta, latent_training(cfg), rng);
            m.set_inputs(inputs.to_vec());
            m.set_x(cfg.hx);
            Box::new(m)
        }
        ModelKind::KMeans
        | ModelKind::Pca
        | ModelKind::Sparse
        | ModelKind::Dae
        | ModelKind::Mae
        | ModelKind::Regression => return None,
    })
}
