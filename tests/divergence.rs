//! The divergence matrix (issue #14): every model × loss × negatives × sampler
//! × optimiser (and K-means' and PCA's rule, the latent models' loss) the
//! config allows, enumerated from the config's own tables, trained with the
//! learning rate, ε and β at their maxima and the regularisers off. Every
//! diverged step must be caught, rolled back to the exact prior state hash
//! (and diverge again, identically, when retried), and explained in words that
//! name only controls the scene shows; no step may leave a non-finite
//! parameter behind; and the heat map the page would draw of the last good
//! state never takes a colour from a NaN. Combinations that read the same
//! keys with the same values are one run. Many runs stay finite even at the
//! maxima (Adam's steps are bounded by lr, hinge and log losses' gradients by
//! 1): they are listed, and every run's guard is also tried past validation,
//! with lr = ∞ (as `train::tests` does): each model that learns must diverge
//! at once and be caught the same way; the three that cannot are named.
//!
//! `cargo test --release --test divergence -- --nocapture` prints the figures.

use std::collections::BTreeSet;
use std::time::Instant;

use ebm_playground::config::{Config, FIELDS, Kind};
use ebm_playground::train::Trainer;
use ebm_playground::views::shown::{ColourScale, Shown, colour_scale, paint, shown_values};

/// Small runs, so that ~300 of them take seconds: few points, a narrow net, short chains.
const SMALL: &str = "n=64&batch=32&depth=1&width=8&k=4&buffer=64&grid=16&clusters=4&leapfrog=3";
/// The maxima (src/config/fields.rs): lr ≤ 1, ε ≤ 10, β ≤ 1000; regularisers off.
const FORCED: &str = "lr=1&eps=10&beta=1000&l2=0&clip=0&lambda=0";
/// Steps before a run that has not diverged is called stable.
const CAP: u32 = 150;
/// Heat-map cells a side for the colour check.
const MAP: usize = 24;

/// The models that cannot diverge, and why (checked: they never report a divergence).
const CANNOT_DIVERGE: &[(&str, &str)] = &[
    ("model=target", "a fixed analytic energy: nothing is learned, a step only counts"),
    ("model=kmeans&rule=batch", "Lloyd's step moves each prototype to the mean of its points: no learning rate"),
    ("model=pca&rule=batch", "closed-form 2 × 2 eigenpair of the data's covariance: no learning rate"),
];

fn choices(key: &str) -> &'static [&'static str] {
    match FIELDS.iter().find(|f| f.key == key).map(|f| f.kind) {
        Some(Kind::Choice(list)) => list,
        _ => panic!("{key} is a choice of the config"),
    }
}

/// The data set each model trains on (the ones they need, or the lecture's).
fn data_of(model: &str) -> &'static str {
    match model {
        "ellipse" | "latent" | "codes" => "ellipse",
        "horn" => "horn",
        "regression" | "target" => "circle",
        _ => "spiral",
    }
}

/// Every combination, as a query, once per distinct (key, value) set the run reads.
fn combinations() -> (usize, Vec<String>) {
    let (mut all, mut seen, mut runs) = (0, BTreeSet::new(), Vec::new());
    for model in choices("model") {
        for loss in choices("loss") {
            for neg in choices("neg") {
                for sampler in choices("sampler") {
                    for opt in choices("opt") {
                        for rule in choices("rule") {
                            for zloss in choices("zloss") {
                                all += 1;
                                let q = format!(
                                    "{SMALL}&{FORCED}&model={model}&data={}&loss={loss}&neg={neg}&sampler={sampler}&opt={opt}&rule={rule}&zloss={zloss}",
                                    data_of(model)
                                );
                                let (cfg, problems) = Config::from_query(&q);
                                assert!(problems.is_empty(), "{q}: {problems:?}");
                                let read: Vec<(&str, String)> =
                                    cfg.reads(false).into_iter().map(|k| (k, cfg.get(k))).collect();
                                if seen.insert(read) {
                                    runs.push(q);
                                }
                            }
                        }
                    }
                }
            }
        }
    }
    (all, runs)
}

/// The keys a divergence message tells the student to change: "(key)" after each fix.
fn named_keys(message: &str) -> Vec<&str> {
    message.split('(').skip(1).filter_map(|s| s.split_once(')')).map(|(k, _)| k).filter(|k| !k.contains(' ')).collect()
}

fn check_message(q: &str, t: &Trainer, message: &str, step: u32) {
    assert!(message.starts_with(&format!("training diverged at step {step} — ")), "{q}: {message}");
    assert!(message.contains("rolled back; try a smaller learning rate (lr)"), "{q}: {message}");
    // Plain words: a NaN is always said to be "not a number"; an infinity is "infinite".
    assert_eq!(message.matches("NaN").count(), message.matches("NaN (not a number)").count(), "{q}: {message}");
    assert!(!message.contains("inf,") && !message.contains(" inf "), "{q}: {message}");
    // Every control it names is one the page shows for this scene.
    let reads = t.cfg.reads(false);
    for key in named_keys(message) {
        assert!(reads.contains(key), "{q}: names '{key}', which this scene does not show: {message}");
    }
}

/// The heat map of the current state as the page colours it (E, p_β and −log p_β):
/// non-finite values take the top colour, finite ones the colour of their place on
/// the scale (an f64 reference), so no pixel comes from a NaN. Returns the number
/// of non-finite energies.
fn check_colours(q: &str, t: &Trainer) -> usize {
    let grid = t.grid(MAP);
    let energies = grid.energies(t.energy());
    let lut: Vec<u8> = (0..=255u8).flat_map(|v| [v, 255 - v, v / 2, 255]).collect();
    let mut sorted = Vec::new();
    let mut rgba = vec![0u8; MAP * MAP * 4];
    for shown in [Shown::Energy, Shown::Density, Shown::NegLogDensity] {
        let values = shown_values(&energies, &grid, shown, t.cfg.beta, t.plane().conditional);
        let [_, _, lo, hi] = colour_scale(&values, &mut sorted);
        paint(&values, MAP, ColourScale::new(lo, hi), &lut, &mut rgba);
        for (i, &v) in values.iter().enumerate() {
            let (r, c) = (i / MAP, i % MAP);
            let px = &rgba[((MAP - 1 - r) * MAP + c) * 4..][..4];
            let k = px[0] as f64;
            if !v.is_finite() {
                assert_eq!(px, &lut[255 * 4..256 * 4], "{q}: {shown:?} {v} is not drawn at the top colour");
            } else if hi > lo {
                let want = ((f64::from(v) - f64::from(lo)) * 255.0 / (f64::from(hi) - f64::from(lo))).clamp(0.0, 255.0);
                assert!((k - want).abs() <= 1.0, "{q}: {shown:?} {v} drawn as {k}, not {want}");
            }
            assert_eq!(px, &lut[px[0] as usize * 4..][..4], "{q}: a pixel that is no colour of the map");
        }
    }
    energies.iter().filter(|e| !e.is_finite()).count()
}

#[derive(Default)]
struct Tally {
    /// Runs that diverged at the maxima, and at which step.
    natural: Vec<(String, u32)>,
    /// Runs that did not, within `CAP` steps.
    stable: Vec<String>,
    /// Runs whose guard was tried past validation (lr = ∞): each diverged at once.
    forced: usize,
    non_finite_maps: usize,
}

/// Steps `t` until a step diverges (checking it) or `cap` steps pass; the step that diverged.
fn step_until_diverged(q: &str, t: &mut Trainer, cap: u32, tally: &mut Tally) -> Option<u32> {
    for _ in 0..cap {
        let (before, step) = (t.state_hash(), t.step);
        match t.step().map(|m| m.step) {
            Ok(done) => {
                assert!(t.model.params().iter().all(|p| p.is_finite()), "{q}: step {done} left a non-finite parameter");
            }
            Err(e) => {
                let message = e.to_string();
                assert!(message.contains("diverged"), "{q}: an error that is not a divergence: {message}");
                assert_eq!((t.state_hash(), t.step), (before.clone(), step), "{q}: not rolled back to the prior state");
                check_message(q, t, &message, step + 1);
                // Rolled back exactly: the same step diverges again, the same way, from the same state.
                let again = t.step().map(|_| ()).unwrap_err().to_string();
                assert_eq!((again, t.state_hash()), (message, before), "{q}: a retry differs");
                tally.non_finite_maps += usize::from(check_colours(q, t) > 0);
                return Some(step + 1);
            }
        }
    }
    tally.non_finite_maps += usize::from(check_colours(q, t) > 0);
    None
}

/// One run at the maxima; then, for a model that learns, the guard itself with a
/// learning rate past validation (∞, as `train::tests` does): the first step must diverge.
fn run(q: &str, cannot: bool, tally: &mut Tally) {
    let (cfg, _) = Config::from_query(q);
    let (mut t, problems) = Trainer::new(cfg.clone());
    assert!(problems.is_empty(), "{q}: {problems:?}");
    match step_until_diverged(q, &mut t, CAP, tally) {
        Some(at) => tally.natural.push((q.to_string(), at)),
        None => tally.stable.push(q.to_string()),
    }
    let mut past = cfg;
    past.lr = f32::INFINITY;
    let (mut t, _) = Trainer::new(past);
    let forced = step_until_diverged(q, &mut t, 3, tally);
    assert_eq!(forced.is_some(), !cannot, "{q}: lr = ∞ diverged: {forced:?}");
    tally.forced += usize::from(forced.is_some());
}

/// The run's model and the choices it reads that pick a code path, for the report.
fn short(t: &Config) -> String {
    let keys = ["model", "loss", "neg", "sampler", "opt", "rule", "zloss"];
    let reads = t.reads(false);
    keys.iter()
        .filter(|k| reads.contains(**k) || **k == "model")
        .map(|k| format!("{k}={}", t.get(k)))
        .collect::<Vec<_>>()
        .join("&")
}

#[test]
fn every_combination_forced_to_diverge_is_caught_rolled_back_and_explained() {
    let t0 = Instant::now();
    let (all, runs) = combinations();
    let label = |q: &String| short(&Config::from_query(q).0);
    let cannot =
        |q: &String| CANNOT_DIVERGE.iter().find(|(m, _)| m.split('&').all(|kv| label(q).split('&').any(|x| x == kv)));
    let mut tally = Tally::default();
    for q in &runs {
        run(q, cannot(q).is_some(), &mut tally);
    }
    for (q, _) in &tally.natural {
        assert!(cannot(q).is_none(), "{}: listed as unable to diverge, but did", label(q));
    }
    let mut at: Vec<u32> = tally.natural.iter().map(|(_, s)| *s).collect();
    at.sort_unstable();
    println!(
        "divergence matrix: {all} combinations of the tables, {} distinct runs (the same keys read with the same values), {:.1} s",
        runs.len(),
        t0.elapsed().as_secs_f64()
    );
    println!(
        "  at the maxima: {} diverged, each caught, rolled back to the prior hash and explained (at step {} to {}, median {}); {} did not within {CAP} steps",
        at.len(),
        at.first().unwrap_or(&0),
        at.last().unwrap_or(&0),
        at.get(at.len() / 2).unwrap_or(&0),
        tally.stable.len()
    );
    println!(
        "  past the maxima (lr = ∞): {} of {} diverged at once, each caught, rolled back and explained; the other {} cannot diverge:",
        tally.forced,
        runs.len(),
        runs.len() - tally.forced
    );
    for (m, why) in CANNOT_DIVERGE {
        println!("    {m}: {why}");
    }
    println!(
        "  heat maps of a last good state with non-finite energies (drawn at the top colour): {}",
        tally.non_finite_maps
    );
    println!("  stable at the maxima (learning runs that did not diverge within {CAP} steps):");
    for q in tally.stable.iter().filter(|q| cannot(q).is_none()) {
        println!("    {}", label(q));
    }
    assert_eq!(tally.natural.len() + tally.stable.len(), runs.len());
    assert_eq!(tally.forced + CANNOT_DIVERGE.len(), runs.len(), "every run that learns diverges past the maxima");
}
