//! The parsers under test, one entry each: how its inputs are made and what
//! must hold of its answer (beyond not panicking, which the driver checks).

mod config;
mod data;
mod files;

use crate::draw::Gen;
use crate::seeds::Seeds;

/// Longest message a parser may give: it quotes what it read shortened, so a
/// 400 kB value never comes back whole.
pub const MAX_MESSAGE: usize = 300;

/// One generated input: a text, and for a sampling job its parameters.
pub struct Input {
    pub text: String,
    pub theta: Vec<f32>,
}

impl Input {
    pub fn text(text: String) -> Self {
        Self { text, theta: Vec::new() }
    }
}

/// What a parser did with one input.
pub enum Outcome {
    Accepted,
    /// Refused (or reported a problem), as it should, with good messages.
    Rejected,
    /// A check failed: a message that names no key, a result that does not read back.
    Failed(String),
}

impl Outcome {
    pub fn of(verdict: Result<(), String>, rejected: bool) -> Self {
        match verdict {
            Err(why) => Outcome::Failed(why),
            Ok(()) if rejected => Outcome::Rejected,
            Ok(()) => Outcome::Accepted,
        }
    }
}

/// `Err(why())` unless `ok`.
pub fn fail_unless(ok: bool, why: impl FnOnce() -> String) -> Result<(), String> {
    if ok { Ok(()) } else { Err(why()) }
}

pub struct Target {
    pub name: &'static str,
    /// The function under test, as the report names it.
    pub parser: &'static str,
    pub input: fn(&mut Gen, &Seeds) -> Input,
    pub check: fn(&Input) -> Outcome,
}

/// Every parser that takes outside input, in the report's order.
pub const TARGETS: &[Target] = &[
    Target { name: "query", parser: "Config::from_query", input: config::query_input, check: config::query_check },
    Target { name: "json", parser: "Config::from_json", input: config::json_input, check: config::json_check },
    Target {
        name: "views",
        parser: "ViewSettings::from_pairs",
        input: config::views_input,
        check: config::views_check,
    },
    Target { name: "csv", parser: "data::read_points", input: data::csv_input, check: data::csv_check },
    Target { name: "pts", parser: "pts= → parse_points", input: data::pts_input, check: data::pts_check },
    Target { name: "job", parser: "SamplingJob::from_spec", input: files::job_input, check: files::job_check },
    Target { name: "params", parser: "cli::parse_mlp", input: files::params_input, check: files::params_check },
];
