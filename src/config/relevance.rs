//! Which keys a config reads: the one answer to "does this control change
//! anything here?". The page shows a control only when its key is read, and
//! asks this (through `relevantKeys` in `src/wasm/`) instead of re-stating it.
//!
//! "Read" means: some other valid value of the key changes what the run
//! trains, draws or measures (the model's energy, the negatives, the overlay,
//! the metrics, the exact NLL, the page's samples). `tests/relevance.rs`
//! checks exactly that, for every model × loss × negatives × rule, by changing
//! each key in turn and watching the result.

use std::collections::BTreeSet;

use super::{Config, LossKind, NegativeKind};
use crate::data::DatasetKind;
use crate::models::ModelKind;
use crate::sampler::SamplerKind;

/// The set of keys being built, with a terse way to add several.
struct Keys(BTreeSet<&'static str>);

impl Keys {
    fn add<const N: usize>(&mut self, keys: [&'static str; N]) {
        self.0.extend(keys);
    }
}

impl Config {
    /// The keys this config reads (the version `v` aside). `sampling`: the page
    /// also draws samples from the model (`chains` > 0), which reads the sampler's
    /// keys. Call it on the config a `Trainer` runs (`Trainer::cfg`), whose model
    /// and data set agree: `model=horn` fixes the data set, so `data` is not read.
    pub fn reads(&self, sampling: bool) -> BTreeSet<&'static str> {
        let mut keys = Keys(BTreeSet::new());
        if self.model == ModelKind::Target {
            // A fixed energy: what it is, its density at β on the grid; the circle's
            // points (drawn, and their NLL); the samplers when they run.
            keys.add(["model", "target", "grid", "beta"]);
            if !self.has_no_data() {
                keys.add(["seed", "test", "n", "noise"]);
            }
            if sampling {
                keys.add(["seed"]);
                self.sampler_reads(&mut keys);
            }
            return keys.0;
        }
        // Every run: its data and split, the seed, the model, and the exact
        // NLL readout on the grid, at the Gibbs temperature β.
        keys.add(["seed", "model", "test", "grid", "beta"]);
        if self.model != ModelKind::Horn {
            keys.add(["data"]);
        }
        if self.dataset == DatasetKind::User {
            keys.add(["pts"]);
        } else {
            keys.add(["n", "noise"]);
        }
        match self.model {
            ModelKind::Mlp => self.mlp_reads(&mut keys, sampling),
            ModelKind::Ellipse | ModelKind::Latent | ModelKind::Codes | ModelKind::Horn => {
                self.gradient_reads(&mut keys);
                keys.add(["zloss", "free"]);
                match self.zloss {
                    "hinge" => keys.add(["margin", "kick"]),
                    "log" => keys.add(["kick"]),
                    _ => {}
                }
                match self.model {
                    ModelKind::Latent => keys.add(["depth", "width", "act", "lambda"]),
                    ModelKind::Codes => keys.add(["depth", "width", "act", "clusters"]),
                    ModelKind::Horn => keys.add(["hx"]),
                    _ => {}
                }
            }
            ModelKind::KMeans | ModelKind::Pca => {
                keys.add(["rule"]);
                if self.model == ModelKind::KMeans {
                    keys.add(["clusters", "free"]);
                }
                if self.rule == "stochastic" {
                    self.gradient_reads(&mut keys);
                }
            }
            ModelKind::Sparse => {
                self.gradient_reads(&mut keys);
                keys.add(["clusters", "lambda"]);
            }
            ModelKind::Dae | ModelKind::Mae => {
                self.gradient_reads(&mut keys);
                keys.add(["depth", "width", "act"]);
                if self.model == ModelKind::Dae {
                    keys.add(["score_sigma"]);
                }
            }
            ModelKind::Regression => {
                self.gradient_reads(&mut keys);
                keys.add(["width", "act"]);
            }
            ModelKind::Target => unreachable!("answered above"),
        }
        keys.0
    }

    /// The MLP energy trained by `loss`, and the page's samples from it.
    fn mlp_reads(&self, keys: &mut Keys, sampling: bool) {
        self.gradient_reads(keys);
        keys.add(["depth", "width", "act", "loss", "clip"]);
        match self.loss {
            LossKind::Ml => {
                keys.add(["l2"]);
                self.negative_reads(keys);
            }
            LossKind::SquareSquare | LossKind::Hinge => {
                keys.add(["margin"]);
                self.negative_reads(keys);
            }
            LossKind::Log => self.negative_reads(keys),
            LossKind::Dsm | LossKind::Ssm => keys.add(["score_sigma"]),
            LossKind::Exact | LossKind::Nce => {}
        }
        if sampling {
            self.sampler_reads(keys);
        }
    }

    /// Where the negatives come from, and what each source reads.
    fn negative_reads(&self, keys: &mut Keys) {
        keys.add(["neg"]);
        match self.negatives {
            NegativeKind::ShortRun | NegativeKind::Cd => self.chain_reads(keys),
            NegativeKind::Persistent => {
                self.chain_reads(keys);
                keys.add(["buffer", "reinit"]);
            }
            NegativeKind::Corrupt => keys.add(["kick"]),
            NegativeKind::Descent => keys.add(["k", "eps"]),
            NegativeKind::Kick => keys.add(["kick", "k", "eps"]),
        }
    }

    /// k steps of the MCMC sampler per training step.
    fn chain_reads(&self, keys: &mut Keys) {
        keys.add(["k"]);
        self.sampler_reads(keys);
    }

    /// The sampler and its own settings (β is read by every run).
    fn sampler_reads(&self, keys: &mut Keys) {
        keys.add(["sampler", "eps"]);
        match self.sampler {
            SamplerKind::Sgld => keys.add(["sgld_noise"]),
            SamplerKind::Hmc => keys.add(["leapfrog"]),
            _ => {}
        }
    }

    /// A gradient rule: the optimiser, its own settings, the rate and the batch.
    fn gradient_reads(&self, keys: &mut Keys) {
        keys.add(["opt", "lr", "batch"]);
        match self.optimizer {
            "adam" => keys.add(["beta1", "beta2"]),
            "momentum" => keys.add(["momentum"]),
            _ => {}
        }
    }
}
