//! `Config::reads` against what the factory and the Trainer actually read: for
//! every model × loss × negatives × rule (and the samplers, optimisers and data
//! kinds that add keys), each key is set to other valid values in turn; a key
//! is read exactly when some other value changes what the run produces.

use std::collections::BTreeSet;

use ebm_playground::config::{Config, FIELDS, Kind};
use ebm_playground::sampler::job::{CpuSampler, SamplingJob};
use ebm_playground::train::Trainer;

/// Small runs: every key still acts, in milliseconds.
const BASE: &str = "n=120&batch=32&k=4&width=8&grid=24&buffer=50&clusters=4";
/// Training steps per run: Adam's β₁, β₂ and momentum act from the second step.
const STEPS: u32 = 3;
const CHAINS: u32 = 16;
/// Five user points for `data=points`.
const POINTS: &str = "0,0;1,0.5;-1,1;0.5,-1;-0.5,-0.5";

/// Everything a run shows, as bits: the data, each step's metrics (or that it
/// failed), the energy on a probe grid, the negatives, the overlay, the exact
/// evaluation and (when sampling) the samples. Not the problems' wording: a
/// message that quotes an ignored value (`model=horn` with `data=moons`) still
/// leaves the run as it was.
fn observe(query: &str, sampling: bool) -> Vec<u32> {
    let (cfg, problems) = Config::from_query(query);
    assert!(problems.is_empty(), "{query}: {problems:?}");
    let (mut t, _) = Trainer::new(cfg);
    let mut bits: Vec<u32> = Vec::new();
    put(&mut bits, &t.train.y1);
    put(&mut bits, &t.train.y2);
    put(&mut bits, &t.test.y1);
    for _ in 0..STEPS {
        match t.step() {
            Ok(m) => put(&mut bits, &[m.loss, m.e_pos, m.e_neg, m.grad_norm]),
            Err(_) => bits.push(u32::MAX),
        }
    }
    let probes = t.grid(7).centres();
    let mut e = vec![0.0; probes.len()];
    t.energy().energy(&probes, &mut e);
    put(&mut bits, &e);
    for pts in [&t.negatives, &t.overlay.marks, &t.overlay.from, &t.overlay.to] {
        put(&mut bits, &pts.y1);
        put(&mut bits, &pts.y2);
    }
    let ev = t.evaluate();
    put(&mut bits, &[ev.log_z, ev.nll_train, ev.nll_test, ev.mean_e_data, ev.mean_e_grid, ev.std_e_grid]);
    if let (true, Some((spec, theta))) = (sampling, t.sampler_job(CHAINS)) {
        let job = SamplingJob::from_spec(&spec, &theta).expect("the page's job is valid");
        let mut s = CpuSampler::new(job);
        s.run(STEPS);
        put(&mut bits, &s.chains.pos.y1);
        put(&mut bits, &s.chains.pos.y2);
    }
    bits
}

fn put(bits: &mut Vec<u32>, v: &[f32]) {
    bits.extend(v.iter().map(|x| x.to_bits()));
}

/// Other valid values to try for `key` (given its current value `now`).
fn alternatives(key: &str, now: &str) -> Vec<String> {
    let field = FIELDS.iter().find(|f| f.key == key).expect("a field");
    let list: Vec<&str> = match field.kind {
        Kind::Choice(choices) => choices.to_vec(),
        _ => match key {
            "n" => vec!["150"],
            "noise" => vec!["0.3"],
            "test" => vec!["0.5"],
            "pts" => vec!["0,0;2,1;-1,2;1,-2"],
            "seed" => vec!["7"],
            "depth" => vec!["1"],
            "width" => vec!["5"],
            "k" => vec!["2"],
            "eps" => vec!["0.2"],
            "sgld_noise" => vec!["0.5"],
            "leapfrog" => vec!["2"],
            "beta" => vec!["2.5"],
            "buffer" => vec!["40"],
            "reinit" => vec!["1"],
            "kick" => vec!["1.5"],
            "lr" => vec!["0.2"],
            "beta1" => vec!["0.3"],
            "beta2" => vec!["0.5"],
            "momentum" => vec!["0.2"],
            // Descent negatives start on the data: the gradient is small, so clip hard too.
            "clip" => vec!["0.01", "0.000001"],
            "l2" => vec!["3"],
            "margin" => vec!["5"],
            "score_sigma" => vec!["0.6"],
            "clusters" => vec!["3"],
            "lambda" => vec!["1.5"],
            "hx" => vec!["0.9"],
            "batch" => vec!["17"],
            "grid" => vec!["20"],
            other => panic!("no alternative values for '{other}': add some here"),
        },
    };
    list.into_iter().filter(|v| *v != now).map(String::from).collect()
}

/// The keys whose change is seen, for the scene `query`.
fn observed_reads(query: &str, sampling: bool) -> BTreeSet<&'static str> {
    let base = observe(query, sampling);
    let (cfg, _) = Config::from_query(query);
    let mut read = BTreeSet::new();
    for f in FIELDS.iter().filter(|f| f.key != "v") {
        let now = cfg.get(f.key);
        if alternatives(f.key, &now).iter().any(|alt| observe(&format!("{query}&{}={alt}", f.key), sampling) != base) {
            read.insert(f.key);
        }
    }
    read
}

/// Every scene of the check: (query, sampling).
fn scenes() -> Vec<(String, bool)> {
    let mut out = Vec::new();
    let mut add = |q: String, sampling| out.push((format!("{BASE}&{q}"), sampling));
    for loss in ["ml", "square_square", "hinge", "log"] {
        for neg in ["short_run", "cd", "pcd", "corrupt", "descent", "kick"] {
            add(format!("model=mlp&loss={loss}&neg={neg}"), false);
        }
    }
    for loss in ["exact", "nce", "dsm", "ssm"] {
        add(format!("model=mlp&loss={loss}"), false);
    }
    for sampler in ["sgld", "mala", "hmc", "rwmh"] {
        add(format!("model=mlp&sampler={sampler}"), false);
    }
    for opt in ["sgd", "momentum"] {
        add(format!("model=mlp&opt={opt}"), false);
    }
    for sampler in ["langevin", "sgld", "hmc"] {
        add(format!("model=mlp&loss=nce&sampler={sampler}"), true);
    }
    add("model=mlp".into(), true);
    for data in ["circle", "horn"] {
        add(format!("model=mlp&data={data}"), false);
    }
    add(format!("model=mlp&data=points&pts={POINTS}"), false);
    for model in ["ellipse", "latent", "codes", "horn"] {
        for zloss in ["argmin", "marginal", "hinge", "log"] {
            for free in ["min", "beta"] {
                add(format!("model={model}&zloss={zloss}&free={free}"), false);
            }
        }
    }
    for rule in ["batch", "stochastic"] {
        for free in ["min", "beta"] {
            add(format!("model=kmeans&rule={rule}&free={free}"), false);
        }
        add(format!("model=pca&rule={rule}"), false);
    }
    add("model=pca&rule=stochastic&opt=momentum".into(), false);
    for model in ["sparse", "dae", "mae", "regression"] {
        add(format!("model={model}"), true);
    }
    add("model=sparse&opt=sgd".into(), false);
    for target in ["circle", "banana"] {
        for sampling in [false, true] {
            add(format!("model=target&target={target}"), sampling);
        }
    }
    add("model=target&target=banana&sampler=hmc".into(), true);
    out
}

#[test]
fn every_key_the_config_says_it_reads_changes_the_run_and_no_other_does() {
    let mut wrong = Vec::new();
    for (query, sampling) in scenes() {
        let (cfg, _) = Config::from_query(&query);
        let running = Trainer::new(cfg).0.cfg;
        let said = running.reads(sampling);
        let seen = observed_reads(&query, sampling);
        if said != seen {
            let missing: Vec<_> = seen.difference(&said).collect();
            let extra: Vec<_> = said.difference(&seen).collect();
            wrong.push(format!(
                "{query} (sampling {sampling}): read but not said {missing:?}, said but not read {extra:?}"
            ));
        }
    }
    assert!(wrong.is_empty(), "{} scenes disagree:\n{}", wrong.len(), wrong.join("\n"));
}
