//! JSON documents from outside: a sampling job (`SamplingJob::from_spec`, the
//! page's `ChainSampler.create` and `EnergyGrid.create`) with its parameters,
//! and the CLI's parameter file (`ebm energy --params`, `ebm sample --params`:
//! `cli::parse_mlp`, `MlpFile` through `Mlp::from_file`).
//!
//! Checks: a refused job's message starts "sampling job:" and, when the text is
//! a JSON object, names one of its keys or the job's fields; an accepted job is
//! in range (chains, steps, a finite view box of finite size) and its chains
//! start at finite points; a parameter file gives an MLP of consistent sizes
//! whose energy can be evaluated.

use ebm_playground::energy::mlp::param_count;
use ebm_playground::energy::{Energy, Trainable};
use ebm_playground::points::Points;
use ebm_playground::sampler::job::{MAX_CHAINS, SamplingJob};
use serde_json::{Map, Value};

use super::{Input, MAX_MESSAGE, Outcome, fail_unless};
use crate::draw::Gen;
use crate::seeds::Seeds;

const JOB_FIELDS: &[&str] = &[
    "energy",
    "sizes",
    "act",
    "sampler",
    "chains",
    "eps",
    "beta",
    "sgld_noise",
    "leapfrog",
    "seed",
    "view",
    "freeze_y1",
];

/// A JSON value for a job's field: valid, hostile, or of another type.
fn job_value(g: &mut Gen, key: &str) -> String {
    let quoted = |s: &str| serde_json::to_string(s).expect("a string serialises");
    if !g.calm && g.one_in(4) {
        return match g.below(4) {
            0 => quoted(g.hostile()),
            1 => g.word(&["null", "true", "[]", "{}", "-0", "1e39", "-1e39", "1e400", "1.5", "-1"]).to_string(),
            2 => g.number(-1e9, 1e9),
            _ => format!("[{}]", (0..g.below(6)).map(|_| g.number(-1e6, 1e6)).collect::<Vec<_>>().join(",")),
        };
    }
    if g.calm {
        return calm_job_value(g, key);
    }
    match key {
        "energy" => {
            quoted(g.word(&["mlp", "gaussian", "mixture", "banana", "donut", "funnel", "double_well", "circle"]))
        }
        "sizes" => {
            let hidden: Vec<String> = (0..g.below(9)).map(|_| g.number(0.0, 300.0)).collect();
            let ends = if g.one_in(4) { [g.number(0.0, 3.0), g.number(0.0, 3.0)] } else { ["2".into(), "1".into()] };
            format!("[{}]", [vec![ends[0].clone()], hidden, vec![ends[1].clone()]].concat().join(","))
        }
        "act" => quoted(g.word(&["silu", "softplus", "tanh", "relu", "elu", "sigmoid", ""])),
        "sampler" => quoted(g.word(&["langevin", "sgld", "mala", "hmc", "rwmh", "gibbs"])),
        "chains" => g.number(0.0, f64::from(MAX_CHAINS) + 1.0),
        "eps" | "beta" | "sgld_noise" => g.number(0.0, 10.0),
        "leapfrog" => g.number(0.0, 200.0),
        "seed" => g.number(0.0, 4_294_967_296.0),
        "view" => format!("[{}]", (0..3 + g.below(3)).map(|_| g.number(-3.4e38, 3.4e38)).collect::<Vec<_>>().join(",")),
        "freeze_y1" => g.word(&["true", "false"]).to_string(),
        _ => quoted(&g.text(8)),
    }
}

/// A valid value for a job's field (calm inputs: so that accepted jobs are checked too).
fn calm_job_value(g: &mut Gen, key: &str) -> String {
    let quoted = |s: &str| format!("\"{s}\"");
    match key {
        "energy" => quoted(g.word(&["mlp", "gaussian", "mixture", "banana", "donut", "funnel", "circle"])),
        "sizes" => {
            let w = 1 + g.below(64);
            format!("[2,{}1]", format!("{w},").repeat(1 + g.below(4)))
        }
        "act" => quoted(g.word(&["silu", "softplus", "tanh", "relu", "elu"])),
        "sampler" => quoted(g.word(&["langevin", "sgld", "mala", "hmc", "rwmh"])),
        "chains" => (1 + g.below(4096)).to_string(),
        "leapfrog" => (1 + g.below(100)).to_string(),
        "seed" => g.u32().to_string(),
        "view" => {
            let mut v: Vec<f32> = (0..4).map(|_| g.number(-1e6, 1e6).parse().unwrap_or(0.0)).collect();
            v[1] = v[0] + 1.0 + v[1].abs();
            v[3] = v[2] + 1.0 + v[3].abs();
            format!("[{},{},{},{}]", v[0], v[1], v[2], v[3])
        }
        "freeze_y1" => g.word(&["true", "false"]).to_string(),
        _ => format!("{}", (1 + g.below(1000)) as f32 / 100.0),
    }
}

pub fn job_input(g: &mut Gen, s: &Seeds) -> Input {
    let text = if g.one_in(2) {
        g.mutated(&s.jobs)
    } else {
        let mut entries = Vec::new();
        if g.calm {
            entries.push("\"energy\":\"banana\"".to_string());
        }
        for _ in 0..g.below(10) {
            let key = if !g.calm && g.one_in(8) { g.text(8) } else { g.pick(JOB_FIELDS).to_string() };
            if g.calm && entries.iter().any(|e| e.starts_with(&format!("\"{key}\""))) {
                continue;
            }
            let value = job_value(g, &key);
            entries.push(format!("{}:{value}", serde_json::to_string(&key).expect("a string serialises")));
        }
        format!("{{{}}}", entries.join(","))
    };
    // Parameters: as many as the sizes need (when they are few), or a wrong count.
    let sizes: Option<Vec<usize>> = serde_json::from_str::<Value>(&text)
        .ok()
        .and_then(|v| v.get("sizes").cloned())
        .and_then(|v| serde_json::from_value(v).ok());
    let wanted = sizes.filter(|s| s.iter().all(|&w| w <= 256) && s.len() <= 8).map_or(0, |s| param_count(&s));
    let n = if g.one_in(8) || wanted > 20_000 { g.below(64) } else { wanted };
    let theta = (0..n)
        .map(|_| if g.one_in(1000) { f32::from_bits(g.u32()) } else { g.below(2001) as f32 / 1000.0 - 1.0 })
        .collect();
    Input { text, theta }
}

pub fn job_check(input: &Input) -> Outcome {
    match SamplingJob::from_spec(&input.text, &input.theta) {
        Err(m) => {
            let verdict = fail_unless(m.starts_with("sampling job: "), || format!("an unnamed refusal: {m}"))
                .and_then(|()| fail_unless(m.chars().count() <= MAX_MESSAGE, || format!("{} characters: {m}", m.len())))
                .and_then(|()| match serde_json::from_str::<Map<String, Value>>(&input.text) {
                    Err(_) => Ok(()),
                    Ok(map) => {
                        let named = map.keys().any(|k| !k.is_empty() && m.contains(k.as_str()))
                            || JOB_FIELDS.iter().any(|f| m.contains(f))
                            || m.contains("parameters");
                        fail_unless(named, || format!("the message names no key of the job: {m}"))
                    }
                });
            Outcome::of(verdict, true)
        }
        Ok(job) => Outcome::of(check_job(&job), false),
    }
}

fn check_job(job: &SamplingJob) -> Result<(), String> {
    let p = &job.params;
    let v = job.view;
    let ok = (1..=MAX_CHAINS).contains(&job.chains)
        && [p.beta, p.step_size, p.sgld_noise].iter().all(|x| x.is_finite() && *x > 0.0)
        && (1..=100).contains(&p.leapfrog_steps)
        && v.width().is_finite()
        && v.height().is_finite()
        && v.width() > 0.0
        && v.height() > 0.0;
    fail_unless(ok, || format!("a job out of range: chains {}, {p:?}, view {v:?}", job.chains))?;
    let _ = (job.uniforms(0, 1), job.gpu_unsupported(), job.entry_point());
    if job.chains <= 4096 {
        let start = job.initial_positions();
        fail_unless(start.is_finite(), || format!("chains start at non-finite points in {v:?}"))?;
    }
    Ok(())
}

/// A parameter file: a mutated one, or layers built by hand with odd shapes.
pub fn params_input(g: &mut Gen, s: &Seeds) -> Input {
    if g.one_in(2) {
        return Input::text(g.mutated(&s.params));
    }
    let mut n_in = 2usize;
    let layers: Vec<String> = (0..g.below(5))
        .map(|_| {
            let out = if g.one_in(3) { 1 } else { g.below(6) };
            let rows = if g.one_in(10) { out + 1 } else { out };
            let row = |g: &mut Gen| {
                let n = if g.one_in(10) { n_in + 1 } else { n_in };
                let v: Vec<String> = (0..n).map(|_| g.number(-10.0, 10.0)).collect();
                format!("[{}]", v.join(","))
            };
            let w: Vec<String> = (0..rows).map(|_| row(g)).collect();
            let b: Vec<String> = (0..out).map(|_| g.number(-10.0, 10.0)).collect();
            n_in = out;
            format!("{{\"w\":[{}],\"b\":[{}]}}", w.join(","), b.join(","))
        })
        .collect();
    let act = g.word(&["silu", "softplus", "tanh", "relu", "elu", "SiLU", ""]);
    let file = format!("{{\"model\":\"mlp\",\"activation\":\"{act}\",\"layers\":[{}]}}", layers.join(","));
    Input::text(if g.one_in(3) { format!("{{\"params\":{file}}}") } else { file })
}

pub fn params_check(input: &Input) -> Outcome {
    match ebm_playground::cli::parse_mlp(&input.text) {
        Err(m) => {
            Outcome::of(fail_unless(m.chars().count() <= MAX_MESSAGE, || format!("{} characters", m.len())), true)
        }
        Ok(mlp) => {
            let sizes = mlp.sizes();
            let ok = sizes.first() == Some(&2) && sizes.last() == Some(&1) && param_count(sizes) == mlp.params().len();
            let verdict = fail_unless(ok, || format!("sizes {sizes:?} with {} parameters", mlp.params().len()));
            let mut e = [0.0f32; 2];
            mlp.energy(&Points::from_pairs(&[[0.5, -0.5], [0.0, 0.0]]), &mut e);
            Outcome::of(verdict, false)
        }
    }
}
