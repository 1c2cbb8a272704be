//! The field table: every config key, its kind, range, default and help.
//! It drives validation, both serial forms and the page's schema.

use crate::error::{EbmError, quoted};

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Kind {
    Choice(&'static [&'static str]),
    /// Integer in [min, max]; `auto` allows the word "auto" (the data set's default).
    Int {
        min: u32,
        max: u32,
        auto: bool,
    },
    /// Float in [min, max] (or (min, max] when `open_min`).
    Float {
        min: f32,
        max: f32,
        open_min: bool,
        auto: bool,
    },
    /// Free text (user points), parsed by its consumer.
    Text {
        max_len: usize,
    },
}

pub struct Field {
    pub key: &'static str,
    /// The control's name on the page.
    pub label: &'static str,
    pub kind: Kind,
    pub default: &'static str,
    pub help: &'static str,
}

pub(super) const DATASETS: &[&str] = &[
    "spiral",
    "moons",
    "rings",
    "gaussians",
    "checkerboard",
    "pinwheel",
    "swissroll",
    "ellipse",
    "circle",
    "parabolas",
    "horn",
    "points",
];
pub(super) const MODELS: &[&str] =
    &["mlp", "ellipse", "latent", "codes", "horn", "kmeans", "pca", "sparse", "dae", "mae", "regression", "target"];
pub(super) const TARGETS: &[&str] = &crate::energy::analytic::Analytic::NAMES;
/// Keys that choose what the plane shows, not what trains (the horn's x): the page
/// changes them in place, with a slider, and training goes on (`Trainer::set_in_place`).
pub const IN_PLACE: &[&str] = &["hx"];
pub(super) const ZLOSSES: &[&str] = &["argmin", "marginal", "hinge", "log"];
pub(super) const RULES: &[&str] = &["batch", "stochastic"];
pub(super) const FREE: &[&str] = &["min", "beta"];
pub(super) const ACTIVATIONS: &[&str] = &["silu", "softplus", "tanh", "relu", "elu"];
pub(super) const LOSSES: &[&str] = &["ml", "exact", "nce", "square_square", "hinge", "log", "dsm", "ssm"];
pub(super) const NEGATIVES: &[&str] = &["short_run", "cd", "pcd", "corrupt", "descent", "kick"];
pub(super) const SAMPLERS: &[&str] = &["langevin", "sgld", "mala", "hmc", "rwmh"];
pub(super) const OPTIMIZERS: &[&str] = &["adam", "sgd", "momentum"];

const fn float(min: f32, max: f32) -> Kind {
    Kind::Float { min, max, open_min: false, auto: false }
}
const fn positive(max: f32) -> Kind {
    Kind::Float { min: 0.0, max, open_min: true, auto: false }
}
const fn int(min: u32, max: u32) -> Kind {
    Kind::Int { min, max, auto: false }
}

pub const FIELDS: &[Field] = &[
    Field {
        key: "v",
        label: "version",
        kind: int(1, 2),
        default: "2",
        help: "config version: 1 draws mini-batches with replacement, 2 without",
    },
    Field {
        key: "data",
        label: "data set",
        kind: Kind::Choice(DATASETS),
        default: "spiral",
        help: "data set (docs/datasets.md)",
    },
    Field {
        key: "n",
        label: "data points",
        kind: Kind::Int { min: 1, max: 20_000, auto: true },
        default: "auto",
        help: "number of data points",
    },
    Field {
        key: "noise",
        label: "data noise σ",
        kind: Kind::Float { min: 0.0, max: 1.0, open_min: false, auto: true },
        default: "auto",
        help: "data noise σ",
    },
    Field { key: "test", label: "held-out fraction", kind: float(0.0, 0.9), default: "0.2", help: "held-out fraction" },
    Field {
        key: "pts",
        label: "your points",
        kind: Kind::Text { max_len: crate::data::MAX_POINTS_TEXT },
        default: "",
        help: "user points 'x,y;x,y' (data=points)",
    },
    Field { key: "seed", label: "seed", kind: int(0, u32::MAX), default: "1", help: "seed of every random number" },
    Field {
        key: "model",
        label: "model",
        kind: Kind::Choice(MODELS),
        default: "mlp",
        help: "the model being trained (lecture §2, §4, §5)",
    },
    Field {
        key: "target",
        label: "target energy",
        kind: Kind::Choice(TARGETS),
        default: "circle",
        help: "model=target: a fixed energy, nothing learned (circle: F(x, y) = (x² + y² − 1)²; the samplers' targets)",
    },
    Field {
        key: "depth",
        label: "hidden layers",
        kind: int(1, 6),
        default: "2",
        help: "hidden layers of the MLP energy",
    },
    Field { key: "width", label: "units per layer", kind: int(2, 256), default: "32", help: "units per hidden layer" },
    Field {
        key: "act",
        label: "activation",
        kind: Kind::Choice(ACTIVATIONS),
        default: "silu",
        help: "hidden activation",
    },
    Field {
        key: "loss",
        label: "loss",
        kind: Kind::Choice(LOSSES),
        default: "ml",
        help: "ml: contrastive ML with sampled negatives; exact: ML on the grid; nce: noise-contrastive \
               estimation against a Gaussian fitted to the data; square_square, hinge, log: margin losses on \
               (data, negative) pairs; dsm: denoising score matching; ssm: sliced score matching",
    },
    Field {
        key: "neg",
        label: "negatives",
        kind: Kind::Choice(NEGATIVES),
        default: "short_run",
        help: "where negatives come from",
    },
    Field {
        key: "sampler",
        label: "sampler",
        kind: Kind::Choice(SAMPLERS),
        default: "langevin",
        help: "MCMC sampler for negatives",
    },
    Field {
        key: "k",
        label: "steps k",
        kind: int(1, 500),
        default: "20",
        help: "sampler (or descent) steps per training step",
    },
    Field {
        key: "eps",
        label: "step ε",
        kind: positive(10.0),
        default: "0.05",
        help: "sampler step size ε (also the step of descent negatives)",
    },
    Field {
        key: "sgld_noise", label: "SGLD noise σ", kind: float(0.0, 10.0), default: "0.005", help: "SGLD noise σ"
    },
    Field { key: "leapfrog", label: "leapfrog steps", kind: int(1, 100), default: "5", help: "HMC leapfrog steps" },
    Field { key: "beta", label: "β", kind: positive(1000.0), default: "1", help: "inverse temperature β" },
    Field {
        key: "buffer",
        label: "replay buffer",
        kind: int(1, 100_000),
        default: "10000",
        help: "replay buffer size (pcd)",
    },
    Field {
        key: "reinit",
        label: "re-init fraction",
        kind: float(0.0, 1.0),
        default: "0.05",
        help: "replay re-init fraction (pcd)",
    },
    Field {
        key: "kick",
        label: "contrast noise σ",
        kind: positive(10.0),
        default: "0.3",
        help: "noise σ of corrupt and kick negatives",
    },
    Field { key: "opt", label: "optimiser", kind: Kind::Choice(OPTIMIZERS), default: "adam", help: "optimiser" },
    Field { key: "lr", label: "learning rate", kind: positive(1.0), default: "0.01", help: "learning rate" },
    Field { key: "beta1", label: "Adam β₁", kind: float(0.0, 0.9999), default: "0.9", help: "Adam β₁" },
    Field { key: "beta2", label: "Adam β₂", kind: float(0.0, 0.99999), default: "0.999", help: "Adam β₂" },
    Field { key: "momentum", label: "momentum μ", kind: float(0.0, 0.9999), default: "0.9", help: "momentum μ" },
    Field {
        key: "clip",
        label: "gradient clip",
        kind: float(0.0, 1e6),
        default: "10",
        help: "gradient norm clip (0 = off)",
    },
    Field {
        key: "l2",
        label: "L2 regulariser α",
        kind: float(0.0, 100.0),
        default: "0.1",
        help: "L2 energy regulariser α",
    },
    Field {
        key: "margin",
        label: "margin m",
        kind: positive(100.0),
        default: "1",
        help: "margin m of the hinge and square-square losses",
    },
    Field {
        key: "score_sigma",
        label: "noise σ",
        kind: positive(10.0),
        default: "0.15",
        help: "noise σ that score matching (dsm, ssm) adds to the data",
    },
    Field {
        key: "clusters",
        label: "number K",
        kind: int(1, 64),
        default: "8",
        help: "prototypes (kmeans), atoms (sparse) or codes",
    },
    Field {
        key: "lambda",
        label: "λ",
        kind: float(0.0, 10.0),
        default: "0.1",
        help: "sparsity λ (sparse) or latent regulariser λ",
    },
    Field {
        key: "zloss",
        label: "latent loss",
        kind: Kind::Choice(ZLOSSES),
        default: "argmin",
        help: "latent training: energy at argmin z, marginalised over z, hinge or log",
    },
    Field {
        key: "hx",
        label: "horn x",
        kind: float(0.0, 1.0),
        default: "0.5",
        help: "the horn's x shown on the plane",
    },
    Field {
        key: "rule",
        label: "training rule",
        kind: Kind::Choice(RULES),
        default: "batch",
        help: "K-means and PCA: batch (Lloyd, closed form) or stochastic gradient",
    },
    Field {
        key: "free",
        label: "plane shows",
        kind: Kind::Choice(FREE),
        default: "min",
        help: "latent models and K-means: the plane shows F∞ = min over z, or F_β",
    },
    Field {
        key: "batch",
        label: "batch size",
        kind: int(1, 4096),
        default: "256",
        help: "data points (and negatives) per step",
    },
    Field {
        key: "grid",
        label: "grid n",
        kind: int(16, 512),
        default: "128",
        help: "grid n for exact ML and exact NLL",
    },
];

impl Field {
    pub fn allowed(&self) -> String {
        match self.kind {
            Kind::Choice(list) => format!("one of {}", list.join(", ")),
            Kind::Int { min, max, auto } => {
                format!("an integer in [{min}, {max}]{}", if auto { " or auto" } else { "" })
            }
            Kind::Float { min, max, open_min, auto } => {
                let l = if open_min { '(' } else { '[' };
                format!("finite and in {l}{min}, {max}]{}", if auto { " or auto" } else { "" })
            }
            Kind::Text { max_len } => format!("at most {max_len} characters"),
        }
    }

    /// Checks `v` against the field's kind and returns its canonical text.
    pub fn validate(&self, v: &str) -> Result<String, EbmError> {
        let v = v.trim();
        let bad = || EbmError::OutOfRange { field: self.key.into(), allowed: self.allowed(), got: quoted(v) };
        match self.kind {
            Kind::Choice(list) => list.iter().find(|c| **c == v).map(|c| c.to_string()).ok_or_else(bad),
            Kind::Int { auto: true, .. } | Kind::Float { auto: true, .. } if v == "auto" => Ok("auto".into()),
            Kind::Int { min, max, .. } => match v.parse::<u64>() {
                Ok(n) if n >= u64::from(min) && n <= u64::from(max) => Ok(n.to_string()),
                _ => Err(bad()),
            },
            Kind::Float { min, max, open_min, .. } => match v.parse::<f32>() {
                Ok(x) if x.is_finite() && x <= max && (x > min || (!open_min && x == min)) => Ok(x.to_string()),
                _ => Err(bad()),
            },
            Kind::Text { max_len } => {
                if v.len() <= max_len {
                    Ok(v.to_string())
                } else {
                    Err(bad())
                }
            }
        }
    }
}

pub fn field(key: &str) -> Option<&'static Field> {
    FIELDS.iter().find(|f| f.key == key)
}
