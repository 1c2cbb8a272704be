//! The one serialisable, versioned configuration: data, model, loss, sampler,
//! optimiser, every hyper-parameter and the seed.
//!
//! One table, [`FIELDS`] (`fields.rs`), drives validation, the URL form
//! (`k=v&k=v`), the JSON form (a flat object with the same keys) and the schema
//! the page builds its controls from (`forms.rs`); which keys a scene reads is
//! `relevance.rs`. Parsing never fails: a bad value keeps the default and adds a
//! problem that names the field and its allowed range.

mod fields;
mod forms;
mod query;
mod relevance;

pub use fields::{FIELDS, Field, IN_PLACE, Kind, field};
use fields::{FREE, NEGATIVES, OPTIMIZERS, RULES, TARGETS, ZLOSSES};
pub use forms::{query_pairs, schema_of, schema_with_labels};
pub(crate) use query::percent_encode;

use crate::data::DatasetKind;
use crate::error::EbmError;
use crate::kernels::Activation;
use crate::models::ModelKind;
use crate::optim::Optimizer;
use crate::sampler::{SamplerKind, SamplerParams};

/// The newest config version, which new links carry. `v=1` links replay with
/// v=1's draws (mini-batches with replacement, see `crate::batch`).
pub const VERSION: u32 = 2;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LossKind {
    /// Contrastive maximum likelihood: mean E₊ − mean E₋ (+ L2 energy regulariser).
    Ml,
    /// Exact maximum likelihood with the partition function on the grid.
    Exact,
    /// Noise-contrastive estimation against a Gaussian fitted to the data.
    Nce,
    /// E(y⁺)² + max(0, m − E(ŷ))² per (data, negative) pair.
    SquareSquare,
    /// max(0, m + E(y⁺) − E(ŷ)) per pair.
    Hinge,
    /// The log loss (soft hinge) softplus(E(y⁺) − E(ŷ)) per pair.
    Log,
    /// Denoising score matching (Vincent 2011).
    Dsm,
    /// Sliced score matching (Song et al. 2019).
    Ssm,
}

impl LossKind {
    /// URL names, in the order of the page's choice list.
    pub const ALL: [(&'static str, LossKind); 8] = [
        ("ml", LossKind::Ml),
        ("exact", LossKind::Exact),
        ("nce", LossKind::Nce),
        ("square_square", LossKind::SquareSquare),
        ("hinge", LossKind::Hinge),
        ("log", LossKind::Log),
        ("dsm", LossKind::Dsm),
        ("ssm", LossKind::Ssm),
    ];
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NegativeKind {
    /// Short-run MCMC from uniform noise over the view box.
    ShortRun,
    /// CD-k: k MCMC steps from the data batch.
    Cd,
    /// Persistent chains kept in a replay buffer, a fraction re-initialised each step.
    Persistent,
    /// A data point plus Gaussian noise.
    Corrupt,
    /// k steps of gradient descent on E from a data point.
    Descent,
    /// A random kick from a data point, then k steps of descent (CD as in the lecture).
    Kick,
}

/// The validated configuration (every field in range).
#[derive(Clone, Debug, PartialEq)]
pub struct Config {
    /// The link's version (`v`): which way random draws are made (see [`VERSION`]).
    pub version: u32,
    pub dataset: DatasetKind,
    pub count: Option<u32>,
    pub noise: Option<f32>,
    pub test_frac: f32,
    pub user_points: String,
    pub seed: u32,
    pub depth: u32,
    pub width: u32,
    pub activation: Activation,
    pub model: ModelKind,
    /// `model=target`: the fixed analytic energy's name.
    pub target: &'static str,
    pub clusters: u32,
    pub lambda: f32,
    pub zloss: &'static str,
    pub hx: f32,
    pub rule: &'static str,
    pub free: &'static str,
    pub loss: LossKind,
    pub negatives: NegativeKind,
    pub sampler: SamplerKind,
    pub k: u32,
    pub eps: f32,
    pub sgld_noise: f32,
    pub leapfrog: u32,
    pub beta: f32,
    pub buffer: u32,
    pub reinit: f32,
    pub kick: f32,
    pub optimizer: &'static str,
    pub lr: f32,
    pub beta1: f32,
    pub beta2: f32,
    pub momentum: f32,
    pub clip: f32,
    pub l2: f32,
    /// Margin m of the hinge and square-square losses.
    pub margin: f32,
    /// Noise σ that score matching (dsm, ssm) adds to the data.
    pub score_sigma: f32,
    pub batch: u32,
    pub grid: u32,
}

impl Default for Config {
    fn default() -> Self {
        let mut c = Config {
            version: VERSION,
            dataset: DatasetKind::Spiral,
            count: None,
            noise: None,
            test_frac: 0.0,
            user_points: String::new(),
            seed: 0,
            depth: 0,
            width: 0,
            activation: Activation::Silu,
            model: ModelKind::Mlp,
            target: "circle",
            clusters: 0,
            lambda: 0.0,
            zloss: "argmin",
            hx: 0.0,
            rule: "batch",
            free: "min",
            loss: LossKind::Ml,
            negatives: NegativeKind::ShortRun,
            sampler: SamplerKind::Langevin,
            k: 0,
            eps: 0.0,
            sgld_noise: 0.0,
            leapfrog: 0,
            beta: 0.0,
            buffer: 0,
            reinit: 0.0,
            kick: 0.0,
            optimizer: "adam",
            lr: 0.0,
            beta1: 0.0,
            beta2: 0.0,
            momentum: 0.0,
            clip: 0.0,
            l2: 0.0,
            margin: 0.0,
            score_sigma: 0.0,
            batch: 0,
            grid: 0,
        };
        for f in FIELDS {
            c.set(f.key, f.default).expect("every default is valid");
        }
        c
    }
}

/// The variant named `v` in a (name, variant) table; `v` was validated against
/// the field's choices, which the tests keep equal to the table's names.
fn by_name<T: Copy>(table: &[(&'static str, T)], v: &str) -> T {
    table.iter().find(|(n, _)| *n == v).map(|(_, t)| *t).expect("validated choice")
}

fn name_of<T: Copy + PartialEq>(table: &[(&'static str, T)], t: T) -> &'static str {
    table.iter().find(|(_, x)| *x == t).map(|(n, _)| *n).expect("every variant is named")
}

fn choice_index(list: &[&str], v: &str) -> usize {
    list.iter().position(|c| *c == v).expect("validated choice")
}

impl Config {
    /// How this config's training steps draw their mini-batches (by its version).
    pub fn batch_draw(&self) -> crate::batch::BatchDraw {
        crate::batch::BatchDraw::of_version(self.version)
    }

    /// Sets one field from text; on error the field keeps its value.
    pub fn set(&mut self, key: &str, value: &str) -> Result<(), EbmError> {
        let f = field(key).ok_or_else(|| EbmError::UnknownKey(key.into()))?;
        let v = f.validate(value)?;
        let num = || v.parse::<f32>().expect("validated");
        let int = || v.parse::<u32>().expect("validated");
        let opt_int = || if v == "auto" { None } else { Some(int()) };
        match key {
            "v" => self.version = int(),
            "data" => self.dataset = DatasetKind::from_name(&v).expect("DATASETS lists DatasetKind names"),
            "n" => self.count = opt_int(),
            "noise" => self.noise = if v == "auto" { None } else { Some(num()) },
            "test" => self.test_frac = num(),
            "pts" => self.user_points = v,
            "seed" => self.seed = int(),
            "depth" => self.depth = int(),
            "width" => self.width = int(),
            "act" => self.activation = by_name(&Activation::ALL, &v),
            "loss" => self.loss = by_name(&LossKind::ALL, &v),
            "model" => self.model = by_name(&ModelKind::ALL, &v),
            "target" => self.target = TARGETS[choice_index(TARGETS, &v)],
            "clusters" => self.clusters = int(),
            "lambda" => self.lambda = num(),
            "zloss" => self.zloss = ZLOSSES[choice_index(ZLOSSES, &v)],
            "hx" => self.hx = num(),
            "rule" => self.rule = RULES[choice_index(RULES, &v)],
            "free" => self.free = FREE[choice_index(FREE, &v)],
            "neg" => {
                use NegativeKind::*;
                self.negatives = [ShortRun, Cd, Persistent, Corrupt, Descent, Kick][choice_index(NEGATIVES, &v)]
            }
            "sampler" => self.sampler = by_name(&SamplerKind::ALL, &v),
            "k" => self.k = int(),
            "eps" => self.eps = num(),
            "sgld_noise" => self.sgld_noise = num(),
            "leapfrog" => self.leapfrog = int(),
            "beta" => self.beta = num(),
            "buffer" => self.buffer = int(),
            "reinit" => self.reinit = num(),
            "kick" => self.kick = num(),
            "opt" => self.optimizer = OPTIMIZERS[choice_index(OPTIMIZERS, &v)],
            "lr" => self.lr = num(),
            "beta1" => self.beta1 = num(),
            "beta2" => self.beta2 = num(),
            "momentum" => self.momentum = num(),
            "clip" => self.clip = num(),
            "l2" => self.l2 = num(),
            "margin" => self.margin = num(),
            "score_sigma" => self.score_sigma = num(),
            "batch" => self.batch = int(),
            "grid" => self.grid = int(),
            _ => unreachable!("every field in FIELDS is handled"),
        }
        Ok(())
    }

    /// The canonical text of one field.
    pub fn get(&self, key: &str) -> String {
        let auto = |o: Option<String>| o.unwrap_or_else(|| "auto".into());
        match key {
            "v" => self.version.to_string(),
            "data" => self.dataset.name().into(),
            "n" => auto(self.count.map(|n| n.to_string())),
            "noise" => auto(self.noise.map(|n| n.to_string())),
            "test" => self.test_frac.to_string(),
            "pts" => self.user_points.clone(),
            "seed" => self.seed.to_string(),
            "depth" => self.depth.to_string(),
            "width" => self.width.to_string(),
            "act" => name_of(&Activation::ALL, self.activation).into(),
            "loss" => name_of(&LossKind::ALL, self.loss).into(),
            "model" => name_of(&ModelKind::ALL, self.model).into(),
            "target" => self.target.into(),
            "clusters" => self.clusters.to_string(),
            "lambda" => self.lambda.to_string(),
            "zloss" => self.zloss.into(),
            "hx" => self.hx.to_string(),
            "rule" => self.rule.into(),
            "free" => self.free.into(),
            "neg" => {
                use NegativeKind::*;
                NEGATIVES[[ShortRun, Cd, Persistent, Corrupt, Descent, Kick]
                    .iter()
                    .position(|n| *n == self.negatives)
                    .unwrap()]
                .into()
            }
            "sampler" => name_of(&SamplerKind::ALL, self.sampler).into(),
            "k" => self.k.to_string(),
            "eps" => self.eps.to_string(),
            "sgld_noise" => self.sgld_noise.to_string(),
            "leapfrog" => self.leapfrog.to_string(),
            "beta" => self.beta.to_string(),
            "buffer" => self.buffer.to_string(),
            "reinit" => self.reinit.to_string(),
            "kick" => self.kick.to_string(),
            "opt" => self.optimizer.into(),
            "lr" => self.lr.to_string(),
            "beta1" => self.beta1.to_string(),
            "beta2" => self.beta2.to_string(),
            "momentum" => self.momentum.to_string(),
            "clip" => self.clip.to_string(),
            "l2" => self.l2.to_string(),
            "margin" => self.margin.to_string(),
            "score_sigma" => self.score_sigma.to_string(),
            "batch" => self.batch.to_string(),
            "grid" => self.grid.to_string(),
            _ => String::new(),
        }
    }

    /// E(x, y) with x across: conditional data, or the circle target (whose data is the circle).
    pub fn is_conditional(&self) -> bool {
        match self.model {
            ModelKind::Target => self.target == "circle",
            _ => self.dataset.is_conditional(),
        }
    }

    /// `model=target` other than the circle: a density on the plane with no data set.
    pub fn has_no_data(&self) -> bool {
        self.model == ModelKind::Target && self.target != "circle"
    }

    pub fn optimizer(&self) -> Optimizer {
        match self.optimizer {
            "sgd" => Optimizer::Sgd,
            "momentum" => Optimizer::Momentum { mu: self.momentum },
            _ => Optimizer::Adam { beta1: self.beta1, beta2: self.beta2, eps: 1e-8 },
        }
    }

    pub fn sampler_params(&self) -> SamplerParams {
        SamplerParams {
            kind: self.sampler,
            beta: self.beta,
            step_size: self.eps,
            sgld_noise: self.sgld_noise,
            leapfrog_steps: self.leapfrog,
            freeze_y1: self.is_conditional(),
        }
    }
}

#[cfg(test)]
mod tests;
