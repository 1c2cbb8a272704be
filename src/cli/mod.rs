//! The headless CLI's commands (feature "cli"); `src/bin/ebm.rs` parses flags.
//! `ebm view` is `view.rs`.

mod view;

pub use view::view;

use std::collections::HashMap;

use serde_json::{Value, json};

use crate::config::Config;
use crate::energy::Energy;
use crate::energy::analytic::Analytic;
use crate::energy::mlp::{Mlp, MlpFile};
use crate::points::Points;
use crate::rng::{Rng, Stream};
use crate::sampler::{self, Chains, SamplerParams, diagnostics};
use crate::train::Trainer;

pub const USAGE: &str = "usage:
  ebm train  (--config FILE.json | --query 'k=v&k=v') --steps N [--seed S|random] [--out FILE.json] [--eval-every K]
             model=mlp (losses ml, exact, nce, square_square, hinge, log, dsm, ssm) or
             model=ellipse|latent|codes|horn|kmeans|pca|sparse|dae|mae|regression|target
  ebm view   NAME (--config FILE.json | --query 'k=v&k=v') [--steps N] [--views 'x0=0.3&…'] [--out FILE.json]
             NAME: contours, field, push, paths, infer, slice, sections, latent, gradient,
             marginals [--chains N --sampler-steps S] (the page's layers and panels)
  ebm export-py (--config FILE.json | --query 'k=v&k=v') --steps N [--out FILE.py]
             trains N steps, then writes the scene as a standalone PyTorch script (model=mlp)
  ebm energy --params FILE.json --points FILE.csv
  ebm sample (--target NAME | --params FILE.json) [--sampler langevin|sgld|mala|hmc|rwmh]
             [--chains N] [--steps N] [--seed S|random] [--eps E] [--beta B] [--leapfrog L] [--out FILE.csv]
targets: gaussian, mixture, banana, donut, funnel, double_well, circle";

type Opts = HashMap<String, String>;

fn num<T: std::str::FromStr>(o: &Opts, key: &str, default: T) -> Result<T, String> {
    match o.get(key) {
        None => Ok(default),
        Some(v) => v.parse().map_err(|_| format!("--{key} must be a number, got '{v}'")),
    }
}

fn read(path: &str) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| format!("cannot read {path}: {e}"))
}

fn write_or_return(o: &Opts, text: String) -> Result<String, String> {
    match o.get("out") {
        Some(path) => {
            std::fs::write(path, &text).map_err(|e| format!("cannot write {path}: {e}"))?;
            Ok(format!("wrote {path}\n"))
        }
        None => Ok(text),
    }
}

/// `ebm train`: metrics per step, final parameters, energy grid with log Z,
/// a sample of negatives and the state hash, as one JSON document.
pub fn train(o: &Opts) -> Result<String, String> {
    let mut cfg = load_config(o)?;
    // --seed overrides the config's seed; "random" draws one (and says which: the output's config holds it too).
    if let Some(s) = o.get("seed") {
        cfg.seed = crate::seed::parse(s)?;
        if s == "random" {
            eprintln!("seed {} (drawn at random; pass --seed {} to repeat this run)", cfg.seed, cfg.seed);
        }
    }
    let steps: u32 = num(o, "steps", 100)?;
    let eval_every: u32 = num(o, "eval-every", 0)?;
    let (mut t, more) = Trainer::new(cfg);
    more.iter().for_each(|p| eprintln!("warning: {p}"));
    let mut metrics = Vec::with_capacity(steps as usize);
    for _ in 0..steps {
        let m = t.step().map_err(|e| e.to_string())?.clone();
        let mut row = serde_json::to_value(&m).expect("metrics serialise");
        if eval_every > 0 && m.step % eval_every == 0 {
            let ev = t.evaluate();
            row["nll_train"] = json!(ev.nll_train);
            row["nll_test"] = json!(ev.nll_test);
        }
        metrics.push(row);
    }
    let g = t.grid(t.cfg.grid as usize);
    let energies = g.energies(t.energy());
    let ev = t.evaluate();
    let negatives: Vec<[f32; 2]> = (0..t.negatives.len().min(256)).map(|i| t.negatives.get(i)).collect();
    // Other models keep their own flat parameters; `ebm energy` reads MLP files only.
    let params = match t.mlp() {
        Some(mlp) => serde_json::to_value(mlp.to_file()).expect("parameters serialise"),
        None => json!({ "model": t.cfg.get("model"), "flat": t.model.params() }),
    };
    let doc = json!({
        "config": serde_json::from_str::<Value>(&t.cfg.to_json()).expect("config JSON"),
        "state_hash": t.state_hash(),
        "steps": t.step,
        "metrics": metrics,
        "evaluation": ev,
        "params": params,
        "grid": { "n": g.n, "view": [g.rect.x_lo, g.rect.x_hi, g.rect.y_lo, g.rect.y_hi],
                  "beta": t.cfg.beta, "log_z": ev.log_z, "row_major_y_up": energies },
        // For other models: the marks they draw (prototypes, codes, predictions ȳ).
        "negatives": negatives,
    });
    write_or_return(o, format!("{doc}\n"))
}

/// `ebm export-py`: trains `--steps` steps, then the scene as a standalone
/// PyTorch script (`export::pytorch_script`).
pub fn export_py(o: &Opts) -> Result<String, String> {
    let steps: u32 = num(o, "steps", 0)?;
    let (mut t, more) = Trainer::new(load_config(o)?);
    more.iter().for_each(|p| eprintln!("warning: {p}"));
    for _ in 0..steps {
        t.step().map_err(|e| e.to_string())?;
    }
    write_or_return(o, crate::export::pytorch_script(&t).map_err(|e| e.to_string())?)
}

/// The config of `--config FILE.json` or `--query`, its problems printed as warnings.
fn load_config(o: &Opts) -> Result<Config, String> {
    let (cfg, problems) = match (o.get("config"), o.get("query")) {
        (Some(path), None) => Config::from_json(&read(path)?),
        (None, Some(q)) => Config::from_query(q),
        _ => return Err("give exactly one of --config FILE.json or --query 'k=v&…'".into()),
    };
    for p in &problems {
        eprintln!("warning: {p}");
    }
    Ok(cfg)
}

fn load_mlp(path: &str) -> Result<Mlp, String> {
    parse_mlp(&read(path)?).map_err(|e| format!("{path}: {e}"))
}

/// A parameter file's MLP: a bare file or the output of `ebm train` (its "params"
/// field). serde's messages are cut: they quote a string in the wrong place whole.
pub fn parse_mlp(text: &str) -> Result<Mlp, String> {
    let cut = |e: serde_json::Error| crate::error::cut(&e.to_string(), 160);
    let v: Value = serde_json::from_str(text).map_err(|e| format!("not JSON ({})", cut(e)))?;
    let p = v.get("params").cloned().unwrap_or(v);
    let file: MlpFile = serde_json::from_value(p).map_err(|e| format!("not a parameter file ({})", cut(e)))?;
    Mlp::from_file(&file).map_err(|e| e.to_string())
}

/// `ebm energy`: E and ∇_y E at each point of a CSV (for the MLP, which has no
/// latent, the free energy F_β equals E at every β).
pub fn energy(o: &Opts) -> Result<String, String> {
    let model = load_mlp(o.get("params").ok_or("--params FILE.json is required")?)?;
    let pts = crate::data::parse_points(&read(o.get("points").ok_or("--points FILE.csv is required")?)?)
        .map_err(|e| e.to_string())?;
    let mut e = vec![0.0; pts.len()];
    let mut g = Points::with_len(pts.len());
    model.energy_grad(&pts, &mut e, &mut g);
    let mut out = String::from("y1,y2,energy,grad_y1,grad_y2\n");
    for i in 0..pts.len() {
        out += &format!("{},{},{},{},{}\n", pts.y1[i], pts.y2[i], e[i], g.y1[i], g.y2[i]);
    }
    Ok(out)
}

/// `ebm sample`: runs chains on an analytic target or a trained MLP; writes the
/// final samples as CSV and prints the diagnostics as JSON.
pub fn sample(o: &Opts) -> Result<String, String> {
    let (target, view): (Box<dyn Energy>, _) = match (o.get("target"), o.get("params")) {
        (Some(name), None) => {
            let a = Analytic::by_name(name)
                .ok_or_else(|| format!("unknown target '{name}'; one of {}", Analytic::NAMES.join(", ")))?;
            let v = a.view();
            (Box::new(a), v)
        }
        (None, Some(path)) => (Box::new(load_mlp(path)?), crate::points::Rect::square(3.0)),
        _ => return Err("give exactly one of --target NAME or --params FILE.json".into()),
    };
    let kind_name = o.get("sampler").map(String::as_str).unwrap_or("mala");
    let kind = sampler::SamplerKind::ALL
        .iter()
        .find(|(n, _)| *n == kind_name)
        .map(|(_, k)| *k)
        .ok_or_else(|| format!("--sampler must be one of langevin, sgld, mala, hmc, rwmh, got '{kind_name}'"))?;
    let chains_n: usize = num(o, "chains", 1000)?;
    let steps: u32 = num(o, "steps", 500)?;
    let seed = o.get("seed").map_or(Ok(1), |s| crate::seed::parse(s))?;
    if o.get("seed").is_some_and(|s| s == "random") {
        eprintln!("seed {seed} (drawn at random; pass --seed {seed} to repeat this run)");
    }
    let p = SamplerParams {
        kind,
        beta: num(o, "beta", 1.0)?,
        step_size: num(o, "eps", 0.05)?,
        leapfrog_steps: num(o, "leapfrog", 5)?,
        ..SamplerParams::default()
    };
    if !(1..=1_000_000).contains(&chains_n)
        || p.beta.is_nan()
        || p.beta <= 0.0
        || p.step_size.is_nan()
        || p.step_size <= 0.0
    {
        return Err("--chains must be in [1, 1000000], --beta and --eps positive".into());
    }
    let rng = Rng::new(seed);
    let mut start = Points::with_len(chains_n);
    for i in 0..chains_n {
        let u = rng.uniform4(Stream::NegInit, i as u32, 0);
        start.set(i, [view.x_lo + u[0] * view.width(), view.y_lo + u[1] * view.height()]);
    }
    let mut chains = Chains::new(start);
    let traced = chains_n.min(64);
    let (mut t1, mut t2) = (vec![Vec::new(); traced], vec![Vec::new(); traced]);
    for s in 0..steps {
        sampler::run(target.as_ref(), &p, &mut chains, &rng, s, 1);
        for c in 0..traced {
            t1[c].push(chains.pos.y1[c]);
            t2[c].push(chains.pos.y2[c]);
        }
    }
    // Diagnostics over the second half of each trace (the first is burn-in).
    let half = |t: &Vec<Vec<f32>>| t.iter().map(|v| v[v.len() / 2..].to_vec()).collect::<Vec<_>>();
    let d = diagnostics::diagnose(&half(&t1), &half(&t2), chains.acceptance_rate());
    let mut csv = String::from("y1,y2\n");
    for i in 0..chains_n {
        csv += &format!("{},{}\n", chains.pos.y1[i], chains.pos.y2[i]);
    }
    let report = json!({ "sampler": kind_name, "chains": chains_n, "steps": steps, "seed": seed,
        "acceptance": d.acceptance, "ess": d.ess, "r_hat": d.r_hat });
    match o.get("out") {
        Some(path) => {
            std::fs::write(path, csv).map_err(|e| format!("cannot write {path}: {e}"))?;
            Ok(format!("{report}\n"))
        }
        None => {
            eprintln!("{report}");
            Ok(csv)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_parameter_file_with_a_long_string_in_the_wrong_place_is_refused_in_a_short_message() {
        // Found by scripts/fuzz: serde quoted the string whole (hundreds of characters, or 400 kB).
        let long = "7".repeat(400_000);
        for text in [
            format!(r#"{{"model":"mlp","activation":"silu","layers":[{{"w":[["{long}"]],"b":[1]}}]}}"#),
            format!(r#"{{"model":"mlp","activation":"{long}","layers":[]}}"#),
        ] {
            let e = parse_mlp(&text).unwrap_err();
            assert!(e.chars().count() < 300, "{} characters", e.len());
        }
        let file = serde_json::to_string(&Mlp::new(1, 4, crate::kernels::Activation::Tanh, &Rng::new(1)).to_file());
        assert_eq!(parse_mlp(&format!(r#"{{"params":{}}}"#, file.unwrap())).unwrap().sizes(), [2, 4, 1]);
    }
}
