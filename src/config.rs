//! The one serialisable, versioned configuration: data, model, loss, sampler,
//! optimiser, every hyper-parameter and the seed.
//!
//! One table, [`FIELDS`], drives validation, the URL form (`k=v&k=v`), the JSON
//! form (a flat object with the same keys) and the schema the page builds its
//! controls from. Parsing never fails: a bad value keeps the default and adds a
//! problem that names the field and its allowed range.

use serde_json::{Map, Value};

use crate::data::DatasetKind;
use crate::error::EbmError;
use crate::kernels::Activation;
use crate::optim::Optimizer;
use crate::sampler::{SamplerKind, SamplerParams};

pub const VERSION: u32 = 1;

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
    pub kind: Kind,
    pub default: &'static str,
    pub help: &'static str,
}

const DATASETS: &[&str] = &[
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
    "points",
];
const ACTIVATIONS: &[&str] = &["silu", "softplus", "tanh", "relu", "elu"];
const LOSSES: &[&str] = &["ml", "exact"];
const NEGATIVES: &[&str] = &["short_run", "cd", "pcd", "corrupt", "descent", "kick"];
const SAMPLERS: &[&str] = &["langevin", "sgld", "mala", "hmc", "rwmh"];
const OPTIMIZERS: &[&str] = &["adam", "sgd", "momentum"];

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
    Field { key: "v", kind: int(1, 1), default: "1", help: "config version" },
    Field { key: "data", kind: Kind::Choice(DATASETS), default: "spiral", help: "data set (datasets.md)" },
    Field {
        key: "n",
        kind: Kind::Int { min: 1, max: 20_000, auto: true },
        default: "auto",
        help: "number of data points",
    },
    Field {
        key: "noise",
        kind: Kind::Float { min: 0.0, max: 1.0, open_min: false, auto: true },
        default: "auto",
        help: "data noise σ",
    },
    Field { key: "test", kind: float(0.0, 0.9), default: "0.2", help: "held-out fraction" },
    Field {
        key: "pts",
        kind: Kind::Text { max_len: 400_000 },
        default: "",
        help: "user points 'x,y;x,y' (data=points)",
    },
    Field { key: "seed", kind: int(0, u32::MAX), default: "1", help: "seed of every random number" },
    Field { key: "depth", kind: int(1, 6), default: "2", help: "hidden layers of the MLP energy" },
    Field { key: "width", kind: int(2, 256), default: "32", help: "units per hidden layer" },
    Field { key: "act", kind: Kind::Choice(ACTIVATIONS), default: "silu", help: "hidden activation" },
    Field {
        key: "loss",
        kind: Kind::Choice(LOSSES),
        default: "ml",
        help: "ml: contrastive ML with sampled negatives; exact: ML on the grid",
    },
    Field { key: "neg", kind: Kind::Choice(NEGATIVES), default: "short_run", help: "where negatives come from" },
    Field { key: "sampler", kind: Kind::Choice(SAMPLERS), default: "langevin", help: "MCMC sampler for negatives" },
    Field { key: "k", kind: int(1, 500), default: "20", help: "sampler (or descent) steps per training step" },
    Field {
        key: "eps",
        kind: positive(10.0),
        default: "0.05",
        help: "sampler step size ε (also the step of descent negatives)",
    },
    Field { key: "sgld_noise", kind: float(0.0, 10.0), default: "0.005", help: "SGLD noise σ" },
    Field { key: "leapfrog", kind: int(1, 100), default: "5", help: "HMC leapfrog steps" },
    Field { key: "beta", kind: positive(1000.0), default: "1", help: "inverse temperature β" },
    Field { key: "buffer", kind: int(1, 100_000), default: "10000", help: "replay buffer size (pcd)" },
    Field { key: "reinit", kind: float(0.0, 1.0), default: "0.05", help: "replay re-init fraction (pcd)" },
    Field { key: "kick", kind: positive(10.0), default: "0.3", help: "noise σ of corrupt and kick negatives" },
    Field { key: "opt", kind: Kind::Choice(OPTIMIZERS), default: "adam", help: "optimiser" },
    Field { key: "lr", kind: positive(1.0), default: "0.01", help: "learning rate" },
    Field { key: "beta1", kind: float(0.0, 0.9999), default: "0.9", help: "Adam β₁" },
    Field { key: "beta2", kind: float(0.0, 0.99999), default: "0.999", help: "Adam β₂" },
    Field { key: "momentum", kind: float(0.0, 0.9999), default: "0.9", help: "momentum μ" },
    Field { key: "clip", kind: float(0.0, 1e6), default: "10", help: "gradient norm clip (0 = off)" },
    Field { key: "l2", kind: float(0.0, 100.0), default: "0.1", help: "L2 energy regulariser α" },
    Field { key: "batch", kind: int(1, 4096), default: "256", help: "data points (and negatives) per step" },
    Field { key: "grid", kind: int(16, 512), default: "128", help: "grid n for exact ML and exact NLL" },
];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LossKind {
    /// Contrastive maximum likelihood: mean E₊ − mean E₋ (+ L2 energy regulariser).
    Ml,
    /// Exact maximum likelihood with the partition function on the grid.
    Exact,
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
    pub dataset: DatasetKind,
    pub count: Option<u32>,
    pub noise: Option<f32>,
    pub test_frac: f32,
    pub user_points: String,
    pub seed: u32,
    pub depth: u32,
    pub width: u32,
    pub activation: Activation,
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
    pub batch: u32,
    pub grid: u32,
}

impl Default for Config {
    fn default() -> Self {
        let mut c = Config {
            dataset: DatasetKind::Spiral,
            count: None,
            noise: None,
            test_frac: 0.0,
            user_points: String::new(),
            seed: 0,
            depth: 0,
            width: 0,
            activation: Activation::Silu,
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

impl Field {
    fn allowed(&self) -> String {
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
    fn validate(&self, v: &str) -> Result<String, EbmError> {
        let v = v.trim();
        let bad = || EbmError::OutOfRange { field: self.key.into(), allowed: self.allowed(), got: format!("'{v}'") };
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

impl Config {
    /// Sets one field from text; on error the field keeps its value.
    pub fn set(&mut self, key: &str, value: &str) -> Result<(), EbmError> {
        let f = field(key).ok_or_else(|| EbmError::UnknownKey(key.into()))?;
        let v = f.validate(value)?;
        let num = || v.parse::<f32>().expect("validated");
        let int = || v.parse::<u32>().expect("validated");
        let opt_int = || if v == "auto" { None } else { Some(int()) };
        match key {
            "v" => {}
            "data" => self.dataset = DatasetKind::from_name(&v).expect("DATASETS lists DatasetKind names"),
            "n" => self.count = opt_int(),
            "noise" => self.noise = if v == "auto" { None } else { Some(num()) },
            "test" => self.test_frac = num(),
            "pts" => self.user_points = v,
            "seed" => self.seed = int(),
            "depth" => self.depth = int(),
            "width" => self.width = int(),
            "act" => self.activation = by_name(&Activation::ALL, &v),
            "loss" => self.loss = [LossKind::Ml, LossKind::Exact][choice_index(LOSSES, &v)],
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
            "v" => VERSION.to_string(),
            "data" => self.dataset.name().into(),
            "n" => auto(self.count.map(|n| n.to_string())),
            "noise" => auto(self.noise.map(|n| n.to_string())),
            "test" => self.test_frac.to_string(),
            "pts" => self.user_points.clone(),
            "seed" => self.seed.to_string(),
            "depth" => self.depth.to_string(),
            "width" => self.width.to_string(),
            "act" => name_of(&Activation::ALL, self.activation).into(),
            "loss" => LOSSES[[LossKind::Ml, LossKind::Exact].iter().position(|l| *l == self.loss).unwrap()].into(),
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
            "batch" => self.batch.to_string(),
            "grid" => self.grid.to_string(),
            _ => String::new(),
        }
    }

    /// Parses `k=v&k=v` (a leading `?` or `#` is ignored, values are
    /// percent-decoded). Returns the config and the problems found.
    pub fn from_query(q: &str) -> (Config, Vec<String>) {
        let q = q.trim_start_matches(['?', '#']);
        let pairs = q.split('&').filter(|s| !s.is_empty()).map(|kv| match kv.split_once('=') {
            Some((k, v)) => (percent_decode(k), percent_decode(v)),
            None => (percent_decode(kv), String::new()),
        });
        Self::from_pairs(pairs)
    }

    /// Parses the JSON form: a flat object with the same keys.
    pub fn from_json(text: &str) -> (Config, Vec<String>) {
        match serde_json::from_str::<Map<String, Value>>(text) {
            Ok(map) => Self::from_pairs(map.into_iter().map(|(k, v)| {
                let s = match v {
                    Value::String(s) => s,
                    other => other.to_string(),
                };
                (k, s)
            })),
            Err(e) => (Config::default(), vec![format!("the config is not a JSON object ({e}); using the defaults")]),
        }
    }

    fn from_pairs(pairs: impl Iterator<Item = (String, String)>) -> (Config, Vec<String>) {
        let mut c = Config::default();
        let mut problems = Vec::new();
        for (k, v) in pairs {
            if k == "v" && v.trim() != "1" {
                problems.push(format!("config version {v} is not known (this page reads v=1); reading it as v=1"));
                continue;
            }
            if let Err(e) = c.set(&k, &v) {
                let msg = match e {
                    EbmError::OutOfRange { .. } => format!("{e}; using {}", c.get(&k)),
                    other => other.to_string(),
                };
                problems.push(msg);
            }
        }
        (c, problems)
    }

    /// The URL form with every field (so a link survives changes of defaults).
    pub fn to_query(&self) -> String {
        FIELDS
            .iter()
            .filter(|f| !(f.key == "pts" && self.user_points.is_empty()))
            .map(|f| format!("{}={}", f.key, percent_encode(&self.get(f.key))))
            .collect::<Vec<_>>()
            .join("&")
    }

    pub fn to_json(&self) -> String {
        let mut m = Map::new();
        for f in FIELDS {
            let v = self.get(f.key);
            let val = match f.kind {
                Kind::Int { .. } | Kind::Float { .. } if v != "auto" => {
                    serde_json::from_str::<Value>(&v).unwrap_or(Value::String(v))
                }
                _ => Value::String(v),
            };
            m.insert(f.key.into(), val);
        }
        Value::Object(m).to_string()
    }

    /// The schema the page builds its controls from (JSON array).
    pub fn schema_json() -> String {
        let fields: Vec<Value> = FIELDS
            .iter()
            .map(|f| {
                let mut o = Map::new();
                o.insert("key".into(), f.key.into());
                o.insert("default".into(), f.default.into());
                o.insert("help".into(), f.help.into());
                o.insert("allowed".into(), f.allowed().into());
                match f.kind {
                    Kind::Choice(list) => {
                        o.insert("type".into(), "choice".into());
                        o.insert("choices".into(), list.iter().map(|s| Value::from(*s)).collect());
                    }
                    Kind::Int { min, max, auto } => {
                        o.insert("type".into(), "int".into());
                        o.insert("min".into(), min.into());
                        o.insert("max".into(), max.into());
                        o.insert("auto".into(), auto.into());
                    }
                    Kind::Float { min, max, auto, .. } => {
                        o.insert("type".into(), "float".into());
                        o.insert("min".into(), f64::from(min).into());
                        o.insert("max".into(), f64::from(max).into());
                        o.insert("auto".into(), auto.into());
                    }
                    Kind::Text { .. } => {
                        o.insert("type".into(), "text".into());
                    }
                }
                Value::Object(o)
            })
            .collect();
        Value::Array(fields).to_string()
    }

    pub fn is_conditional(&self) -> bool {
        self.dataset.is_conditional()
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

fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let hex = |c: u8| (c as char).to_digit(16).map(|d| d as u8);
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        match (b[i], b.get(i + 1).copied().and_then(hex), b.get(i + 2).copied().and_then(hex)) {
            (b'%', Some(hi), Some(lo)) => {
                out.push(hi * 16 + lo);
                i += 3;
            }
            (b'+', _, _) => {
                out.push(b' ');
                i += 1;
            }
            (c, _, _) => {
                out.push(c);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn percent_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.bytes() {
        match c {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b',' | b';' | b'~' => out.push(c as char),
            _ => out.push_str(&format!("%{c:02X}")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_round_trip_through_the_url_and_json_forms() {
        let c = Config::default();
        let (back, problems) = Config::from_query(&c.to_query());
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(back, c);
        let (back, problems) = Config::from_json(&c.to_json());
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(back, c);
    }

    #[test]
    fn a_bad_value_keeps_the_default_and_names_the_field_and_range() {
        let (c, problems) = Config::from_query("?lr=1e9&sampler=gibbs&beta=-1&seed=7");
        assert_eq!(c.lr, Config::default().lr);
        assert_eq!(c.seed, 7);
        assert_eq!(problems.len(), 3, "{problems:?}");
        assert!(problems[0].contains("lr must be finite and in (0, 1], got '1e9'"), "{}", problems[0]);
        assert!(problems[1].contains("sampler must be one of langevin"), "{}", problems[1]);
        assert!(problems[2].contains("beta"), "{}", problems[2]);
    }

    #[test]
    fn unknown_keys_and_nan_are_reported_not_fatal() {
        let (c, problems) = Config::from_query("foo=1&eps=NaN&k=&data=moons");
        assert_eq!(c.dataset, DatasetKind::Moons);
        assert_eq!(problems.len(), 3, "{problems:?}");
        assert!(problems[0].contains("unknown key 'foo'"));
    }

    #[test]
    fn percent_encoding_round_trips_user_points() {
        let mut c = Config::default();
        c.set("pts", "0.5,-1;2,3.25").unwrap();
        let (back, problems) = Config::from_query(&c.to_query());
        assert!(problems.is_empty());
        assert_eq!(back.user_points, "0.5,-1;2,3.25");
        assert_eq!(percent_decode("a%2Cb%zz%4"), "a,b%zz%4");
    }

    #[test]
    fn the_choice_lists_name_exactly_the_engine_variants() {
        let names = |t: &[(&str, _)]| t.iter().map(|(n, _)| n.to_string()).collect::<Vec<_>>();
        let strs = |l: &[&str]| l.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(strs(DATASETS), DatasetKind::ALL.iter().map(|(n, _)| n.to_string()).collect::<Vec<_>>());
        assert_eq!(strs(SAMPLERS), names(&SamplerKind::ALL.map(|(n, _)| (n, ()))));
        assert_eq!(strs(ACTIVATIONS), names(&Activation::ALL.map(|(n, _)| (n, ()))));
    }

    #[test]
    fn json_that_is_not_an_object_gives_defaults_and_a_message() {
        let (c, problems) = Config::from_json("[1, 2]");
        assert_eq!(c, Config::default());
        assert!(problems[0].contains("not a JSON object"));
    }
}
