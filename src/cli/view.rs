//! `ebm view NAME`: the numbers of one of the page's layers or panels, as JSON,
//! for figures (the same functions the page calls, `crate::views`).

use serde_json::{Value, json};

use super::{Opts, load_config, num, write_or_return};
use crate::config::query_pairs;
use crate::train::Trainer;
use crate::views::{self, ViewSettings, contours, shown};

pub const NAMES: [&str; 10] =
    ["contours", "field", "push", "paths", "infer", "slice", "sections", "latent", "gradient", "marginals"];

pub fn view(o: &Opts) -> Result<String, String> {
    let name = o.get("view").map(String::as_str).unwrap_or("");
    if !NAMES.contains(&name) {
        return Err(format!("ebm view needs a view name, one of {}; got '{name}'", NAMES.join(", ")));
    }
    let cfg = load_config(o)?;
    // View keys may ride in --query (as in a link) or come alone in --views.
    let text = [o.get("query"), o.get("views")].into_iter().flatten().cloned().collect::<Vec<_>>().join("&");
    let pairs = query_pairs(&text);
    let (settings, problems) = ViewSettings::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    problems.iter().for_each(|p| eprintln!("warning: {p}"));
    let steps: u32 = num(o, "steps", 0)?;
    let (mut t, more) = Trainer::new(cfg);
    more.iter().for_each(|p| eprintln!("warning: {p}"));
    // What is recorded only while shown: switched on for the view asked.
    let mut on = settings.clone();
    match name {
        "gradient" => on.panel = "gradient",
        "paths" => on.layers = vec!["paths"],
        _ => {}
    }
    views::follow(&mut t, &on);
    for _ in 0..steps {
        t.step().map_err(|e| e.to_string())?;
    }
    let unavailable = |why: &str| format!("this scene has no {name} view: {why}");
    let why = views::catalogue(&t).into_iter().find(|v| v.key == name).map(|v| v.unavailable).unwrap_or_default();
    let data: Value =
        match name {
            "contours" => contours_of(&t, &settings),
            "field" => serde_json::to_value(views::field_of(&t)).expect("serialises"),
            "infer" => serde_json::to_value(views::infer_of(&t, &settings)).expect("serialises"),
            "push" => serde_json::to_value(views::push_of(&t).ok_or_else(|| unavailable(&why))?).expect("serialises"),
            "paths" => serde_json::to_value(views::paths_of(&t).ok_or_else(|| unavailable(&why))?).expect("serialises"),
            "slice" => serde_json::to_value(views::slice_of(&t, &settings).ok_or_else(|| unavailable(&why))?)
                .expect("serialises"),
            "sections" => serde_json::to_value(views::sections_of(&t, &settings).ok_or_else(|| unavailable(&why))?)
                .expect("serialises"),
            "latent" => serde_json::to_value(views::latent_of(&t, &settings).ok_or_else(|| unavailable(&why))?)
                .expect("serialises"),
            "gradient" => {
                serde_json::to_value(views::gradient_of(&t).ok_or_else(|| unavailable(&why))?).expect("serialises")
            }
            _ => marginals_of(&t, &settings, num(o, "chains", 4096)?, num(o, "sampler-steps", 200)?)
                .ok_or_else(|| unavailable(&why))?,
        };
    let doc = json!({
        "view": name,
        "query": t.cfg.to_query(),
        "views": settings.to_query(),
        "step": t.step,
        "state_hash": t.state_hash(),
        "data": data,
    });
    write_or_return(o, format!("{doc}\n"))
}

/// The heat map's contours as the page draws them: the config's grid, what it
/// shows, levels over its colour range.
fn contours_of(t: &Trainer, s: &ViewSettings) -> Value {
    let grid = t.grid(t.cfg.grid as usize);
    let energies = grid.energies(t.energy());
    let plane = t.plane();
    let values = shown::shown_values(&energies, &grid, s.shown, views::density_beta(t, s), plane.conditional);
    let [_, _, lo, hi] = shown::colour_scale(&values, &mut Vec::new());
    let lines = contours::contours(&values, &grid, &contours::levels(lo, hi, s.levels));
    json!({ "shows": s.shown.label(&plane.label, views::density_beta(t, s), plane.conditional), "n": grid.n, "contours": lines })
}

/// The page's "samples from the model" run here on the CPU: `chains` chains of
/// the scene's sampler for `steps` steps on the trained MLP, then their
/// marginals against p_β on the config's grid.
fn marginals_of(t: &Trainer, s: &ViewSettings, chains: u32, steps: u32) -> Option<Value> {
    let (spec, theta) = t.sampler_job(chains)?;
    let job = crate::sampler::job::SamplingJob::from_spec(&spec, &theta).ok()?;
    let mut sampler = crate::sampler::job::CpuSampler::new(job);
    sampler.run(steps);
    let mut n = t.cfg.grid as usize;
    n -= n % crate::views::marginals::BINS;
    let grid = t.grid(n.max(crate::views::marginals::BINS));
    let energies = grid.energies(t.energy());
    let m = crate::views::marginals::marginals(&sampler.chains.pos, &energies, &grid, views::density_beta(t, s));
    Some(serde_json::to_value(m).expect("serialises"))
}
