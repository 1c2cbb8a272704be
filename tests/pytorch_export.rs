//! The PyTorch export (`export::pytorch_script`): the script's text holds the
//! trained state, other models are refused; and, where a Python with torch is
//! importable (`EBM_PYTHON`, else `python3`), the exported script's energies at
//! 100 points, its losses and gradients at given inputs, and its negatives from
//! given noise agree with the engine's, and `--train 10` gives finite losses.
//! Native only: the script's body is joined natively (the page fetches it), and
//! Python runs as a process.
#![cfg(not(target_arch = "wasm32"))]

use std::path::{Path, PathBuf};
use std::process::Command;

use ebm_playground::config::Config;
use ebm_playground::energy::mlp::Mlp;
use ebm_playground::energy::mlp_score::MlpTaylor;
use ebm_playground::energy::{Energy, Trainable};
use ebm_playground::export::pytorch_script;
use ebm_playground::grid::{Grid, ml_gradient};
use ebm_playground::points::Points;
use ebm_playground::rng::{Rng, Stream};
use ebm_playground::sampler::{self, Chains, SamplerKind, descent};
use ebm_playground::train::{
    GaussianNoise, PairLoss, ScoreSetup, Trainer, dsm_gradient, nce_gradient, pair_gradient, ssm_gradient,
};

/// Scenes checked against PyTorch: every loss, every sampler, descent negatives,
/// conditional data (x frozen), each optimiser and activation at least once. β ≠ 1
/// and HMC's large step make a wrong power of β or a wrong final half kick show.
const SCENES: &[&str] = &[
    "data=spiral",
    "data=moons&loss=nce",
    "data=gaussians&loss=hinge&neg=pcd&sampler=mala&k=5&buffer=500",
    "data=rings&loss=dsm&act=softplus",
    "data=pinwheel&loss=ssm&act=tanh&opt=momentum&beta=2",
    "data=moons&loss=exact&grid=48&opt=sgd&lr=0.05",
    "data=circle&loss=square_square&neg=cd&sampler=hmc&k=5&eps=0.3",
    "data=checkerboard&loss=log&neg=kick&k=5&act=elu",
    "data=parabolas&sampler=rwmh&k=10&act=relu",
    "data=swissroll&sampler=sgld&neg=cd&k=10",
];

/// Training steps before the export.
const STEPS: u32 = 50;
/// Points in the loss and sampler checks.
const CHECKED: usize = 32;

fn trained(q: &str) -> Trainer {
    let (cfg, problems) = Config::from_query(q);
    assert!(problems.is_empty(), "{q}: {problems:?}");
    let mut t = Trainer::new(cfg).0;
    for _ in 0..STEPS {
        t.step().unwrap_or_else(|e| panic!("{q}: {e}"));
    }
    t
}

/// Every number between `start` and the next line that is exactly `]`, in order.
fn numbers_in_block(script: &str, start: &str) -> Vec<f32> {
    let at = script.find(start).unwrap_or_else(|| panic!("no {start} in the script"));
    let block = &script[at + start.len()..];
    let block = &block[..block.find("\n]\n").expect("the block ends")];
    block
        .split(|c: char| !(c.is_ascii_digit() || "+-.e".contains(c)))
        .filter(|w| !w.is_empty())
        .map(|w| w.parse().unwrap_or_else(|_| panic!("not a number: {w}")))
        .collect()
}

#[test]
fn the_script_holds_the_trained_weights_and_points_in_the_engines_layout() {
    for q in ["data=spiral", "data=circle&loss=nce&depth=3&width=7"] {
        let t = trained(q);
        let s = pytorch_script(&t).unwrap();
        let mlp = t.mlp().unwrap();
        // LAYERS lists W[out][in] then b[out], layer by layer: the engine's flat vector, bit for bit.
        let params = numbers_in_block(&s, "LAYERS = [");
        assert_eq!(params.len(), mlp.params().len(), "{q}");
        assert!(params.iter().zip(mlp.params()).all(|(a, b)| a.to_bits() == b.to_bits()), "{q}");
        let train = numbers_in_block(&s, "TRAIN_POINTS = [");
        assert_eq!(train, t.train.interleaved(), "{q}");
        assert!(s.contains(&format!("ENGINE_STEP = {STEPS} ")));
        assert!(s.contains(&format!("\"loss\": \"{}\",", t.cfg.get("loss"))));
        assert!(s.contains(&format!("\"conditional\": {},", if t.cfg.is_conditional() { "True" } else { "False" })));
        let opt = t.contrastive().unwrap().opt_state.t;
        assert!(s.contains(&format!("\"t\": {opt},")) && opt == STEPS);
    }
}

#[test]
fn models_other_than_the_mlp_are_refused_with_a_message_naming_them() {
    for model in ["kmeans", "pca", "ellipse", "dae", "target"] {
        let (cfg, _) = Config::from_query(&format!("model={model}"));
        let t = Trainer::new(cfg).0;
        let e = pytorch_script(&t).unwrap_err().to_string();
        assert_eq!(e, format!("the PyTorch export covers the MLP energy (model=mlp); this scene's model is {model}"));
    }
    let (cfg, _) = Config::from_query("data=points");
    let e = pytorch_script(&Trainer::new(cfg).0).unwrap_err().to_string();
    assert!(e.contains("needs training points"), "{e}");
}

/// The interpreter to use, or why there is none.
fn python_with_torch() -> Result<String, String> {
    let py = std::env::var("EBM_PYTHON").unwrap_or_else(|_| "python3".into());
    match Command::new(&py).args(["-c", "import torch"]).output() {
        Ok(o) if o.status.success() => Ok(py),
        Ok(o) => {
            let err = String::from_utf8_lossy(&o.stderr);
            Err(format!("{py} cannot import torch ({})", err.trim().lines().last().unwrap_or("no message")))
        }
        Err(e) => Err(format!("{py} does not run ({e})")),
    }
}

fn run_python(py: &str, script: &Path, args: &[&str]) -> String {
    let out = Command::new(py).arg(script).args(args).output().expect("python runs");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{} {args:?} failed:\n{err}", script.display());
    String::from_utf8(out.stdout).unwrap()
}

/// The numbers after `tag` on the lines that start with it (words are skipped:
/// `step 51 loss -0.12` gives [51, −0.12]).
fn tagged(out: &str, tag: &str) -> Vec<Vec<f64>> {
    out.lines()
        .filter_map(|l| l.strip_prefix(tag).and_then(|r| r.strip_prefix(' ')))
        .map(|r| r.split_whitespace().filter_map(|v| v.parse().ok()).collect())
        .collect()
}

fn lines_of(tag: &str, p: &Points) -> String {
    (0..p.len()).map(|i| format!("{tag} {:?} {:?}\n", p.y1[i], p.y2[i])).collect()
}

/// Standard normals of the check's points from `stream` (the engine's own generator).
fn normals(rng: &Rng, stream: Stream, n: usize) -> Points {
    Points::from_pairs(&(0..n).map(|i| rng.normal2(stream, i as u32, 0)).collect::<Vec<_>>())
}

/// The engine's loss and gradient at the check's inputs, and the inputs as the script's lines.
fn engine_loss(t: &Trainer, batch: &Points) -> (f32, Vec<f32>, String) {
    let (cfg, mlp) = (&t.cfg, t.mlp().unwrap());
    let n = batch.len();
    let mut grad = vec![0.0; mlp.params().len()];
    let mut neg = t.negatives.clone();
    neg.resize(n);
    let mut lines = lines_of("batch", batch);
    let rng = Rng::new(99);
    let loss = match cfg.get("loss").as_str() {
        "ml" => {
            // L = mean E₊ − mean E₋ + α(mean E₊² + mean E₋²): ∂L/∂E = (±1 + 2αE)/n (src/train/loss.rs).
            lines += &lines_of("neg", &neg);
            let mut loss = 0.0;
            for (pts, sign) in [(batch, 1.0f32), (&neg, -1.0)] {
                let mut e = vec![0.0; n];
                mlp.energy(pts, &mut e);
                let w: Vec<f32> = e.iter().map(|&e| (sign + 2.0 * cfg.l2 * e) / n as f32).collect();
                loss += e.iter().map(|&e| sign * e + cfg.l2 * e * e).sum::<f32>() / n as f32;
                mlp.accumulate_grad_params(pts, &w, &mut e, &mut grad);
            }
            loss
        }
        "exact" => {
            let (loss, g) = ml_gradient(mlp, batch, cfg.beta, &Grid::new(cfg.grid as usize, t.view));
            grad = g;
            loss
        }
        kind @ ("square_square" | "hinge" | "log") => {
            lines += &lines_of("neg", &neg);
            let k = [("square_square", PairLoss::SquareSquare), ("hinge", PairLoss::Hinge), ("log", PairLoss::Log)]
                .into_iter()
                .find(|(name, _)| *name == kind)
                .unwrap()
                .1;
            pair_gradient(mlp, k, cfg.margin, batch, &neg, &mut grad).loss
        }
        "nce" => {
            lines += &lines_of("neg", &neg);
            let q = GaussianNoise::fit(&t.train);
            let lq =
                |p: &Points| -> Vec<f32> {
                    (0..n)
                        .map(|i| {
                            if cfg.is_conditional() { q.log_density_given_x(p.get(i)) } else { q.log_density(p.get(i)) }
                        })
                        .collect()
                };
            nce_gradient(mlp, batch, &neg, [&lq(batch), &lq(&neg)], cfg.beta, &mut grad).loss
        }
        sliced @ ("dsm" | "ssm") => {
            let (eps, v) = (normals(&rng, Stream::Corruption, n), normals(&rng, Stream::Projection, n));
            lines += &lines_of("eps", &eps);
            let setup = ScoreSetup { beta: cfg.beta, sigma: cfg.score_sigma, freeze_y1: cfg.is_conditional() };
            let (mut taylor, mut noisy) = (MlpTaylor::new(), Points::new());
            if sliced == "ssm" {
                lines += &lines_of("proj", &v);
                ssm_gradient(mlp, &mut taylor, (batch, &eps, &v), setup, &mut noisy, &mut grad).loss
            } else {
                dsm_gradient(mlp, &mut taylor, (batch, &eps), setup, &mut noisy, &mut grad).loss
            }
        }
        other => panic!("no engine reference for loss {other}"),
    };
    (loss, grad, lines)
}

/// The engine's negatives from `start` with its own noise, and that noise as the script's lines.
fn engine_chains(t: &Trainer, mlp: &Mlp, start: &Points) -> (Points, String) {
    let cfg = &t.cfg;
    let mut lines = lines_of("start", start);
    let mut pts = start.clone();
    match cfg.get("neg").as_str() {
        "descent" | "kick" => descent::descend(mlp, &mut pts, cfg.eps, cfg.k, cfg.is_conditional(), None),
        _ => {
            let rng = Rng::new(7);
            let p = cfg.sampler_params();
            let metropolis = !matches!(p.kind, SamplerKind::Langevin | SamplerKind::Sgld);
            for s in 0..cfg.k {
                for i in 0..pts.len() {
                    let [a, b] = rng.normal2(Stream::SamplerNoise, i as u32, s);
                    lines += &format!("normal {a:?} {b:?}\n");
                    if metropolis {
                        lines += &format!("uniform {:?}\n", rng.uniform4(Stream::Accept, i as u32, s)[0]);
                    }
                }
            }
            let mut chains = Chains::new(pts);
            sampler::run(mlp, &p, &mut chains, &rng, 0, cfg.k);
            pts = chains.pos;
        }
    }
    (pts, lines)
}

fn scratch_dir() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("ebm-pytorch-export-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// |a − b| / max(|b|, 1): relative for energies above 1 in size, absolute below
/// (an energy near 0 has no relative scale; the MLP's energies here are O(1)).
fn rel(a: f64, b: f64) -> f64 {
    (a - b).abs() / b.abs().max(1.0)
}

#[test]
fn the_exported_script_agrees_with_the_engine_under_pytorch() {
    let py = match python_with_torch() {
        Ok(py) => py,
        Err(why) => {
            eprintln!("skipped: no python3 with torch (set EBM_PYTHON to an interpreter that has it): {why}");
            return;
        }
    };
    let dir = scratch_dir();
    for (k, q) in SCENES.iter().enumerate() {
        let t = trained(q);
        let mlp = t.mlp().unwrap();
        let script = dir.join(format!("scene{k}.py"));
        std::fs::write(&script, pytorch_script(&t).unwrap()).unwrap();

        // 1. Energies at a 10 × 10 grid spanning the view box, corners included.
        let v = t.view;
        let mut pts = Points::new();
        for i in 0..10 {
            for j in 0..10 {
                pts.push(v.x_lo + v.width() * j as f32 / 9.0, v.y_lo + v.height() * i as f32 / 9.0);
            }
        }
        let csv = dir.join(format!("points{k}.csv"));
        std::fs::write(
            &csv,
            format!("y1,y2\n{}", (0..100).map(|i| format!("{:?},{:?}\n", pts.y1[i], pts.y2[i])).collect::<String>()),
        )
        .unwrap();
        let torch_e: Vec<f64> = run_python(&py, &script, &["--energies", csv.to_str().unwrap()])
            .lines()
            .map(|l| l.parse().unwrap())
            .collect();
        let mut engine_e = vec![0.0; 100];
        mlp.energy(&pts, &mut engine_e);
        assert_eq!(torch_e.len(), 100, "{q}");
        let worst_e = (0..100).map(|i| rel(torch_e[i], f64::from(engine_e[i]))).fold(0.0, f64::max);

        // 2. The loss and its gradient at given inputs; 3. the negatives from given noise; 4. training on.
        let mut batch = t.train.clone();
        batch.resize(CHECKED);
        let (loss, grad, loss_lines) = engine_loss(&t, &batch);
        let (chains, chain_lines) = engine_chains(&t, mlp, &batch);
        let (lc, sc) = (dir.join(format!("loss{k}.txt")), dir.join(format!("chains{k}.txt")));
        std::fs::write(&lc, loss_lines).unwrap();
        std::fs::write(&sc, chain_lines).unwrap();
        let out = run_python(
            &py,
            &script,
            &["--loss-check", lc.to_str().unwrap(), "--sampler-check", sc.to_str().unwrap(), "--train", "10"],
        );
        let torch_loss = tagged(&out, "loss")[0][0];
        let torch_grad: Vec<f64> = tagged(&out, "grad").into_iter().map(|g| g[0]).collect();
        assert_eq!(torch_grad.len(), grad.len(), "{q}");
        // The gradient is compared on its own scale (its largest entry): f32 sums in another order
        // differ by ~1e-6 of the terms; a wrong weight, sign or factor moves entries by O(1) of it.
        let g_scale = grad.iter().fold(0.0f64, |m, g| m.max(f64::from(g.abs())));
        let worst_g = (0..grad.len()).map(|i| (torch_grad[i] - f64::from(grad[i])).abs() / g_scale).fold(0.0, f64::max);
        let torch_chains = tagged(&out, "chain");
        let worst_c = (0..CHECKED)
            .flat_map(|i| {
                [rel(torch_chains[i][0], f64::from(chains.y1[i])), rel(torch_chains[i][1], f64::from(chains.y2[i]))]
            })
            .fold(0.0, f64::max);
        let losses = tagged(&out, "step");
        eprintln!(
            "{q}: energies max rel {worst_e:.2e}; loss {loss} vs {torch_loss} (rel {:.2e}); gradient max {worst_g:.2e} \
             of its largest entry; negatives max {worst_c:.2e}; train(10) losses {:?}",
            rel(torch_loss, f64::from(loss)),
            losses.iter().map(|l| l[1] as f32).collect::<Vec<_>>()
        );
        assert!(worst_e <= 1e-5, "{q}: energies differ by {worst_e:e}");
        assert!(rel(torch_loss, f64::from(loss)) <= 1e-5, "{q}: loss {torch_loss} vs {loss}");
        assert!(worst_g <= 1e-4, "{q}: gradient differs by {worst_g:e} of its largest entry");
        assert!(worst_c <= 1e-4, "{q}: negatives differ by {worst_c:e}");
        // The check means something only if the chains moved.
        let moved = (0..CHECKED).filter(|&i| chains.get(i) != batch.get(i)).count();
        assert!(moved >= CHECKED / 2, "{q}: only {moved} of {CHECKED} chains moved");
        if t.cfg.is_conditional() {
            assert!((0..CHECKED).all(|i| torch_chains[i][0] as f32 == batch.y1[i]), "{q}: x must stay fixed");
        }
        assert_eq!(losses.len(), 10, "{q}: {out}");
        assert!(losses.iter().enumerate().all(|(s, l)| l[0] as u32 == STEPS + 1 + s as u32 && l[1].is_finite()), "{q}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// `ebm export-py` writes the library's script for the same scene and steps.
#[cfg(feature = "cli")]
#[test]
fn the_cli_writes_the_same_script_as_the_library() {
    let q = "data=moons&width=8&batch=32&k=5";
    let out = Command::new(env!("CARGO_BIN_EXE_ebm"))
        .args(["export-py", "--query", q, "--steps", "4"])
        .output()
        .expect("the ebm binary runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let (cfg, _) = Config::from_query(q);
    let mut t = Trainer::new(cfg).0;
    for _ in 0..4 {
        t.step().unwrap();
    }
    assert_eq!(String::from_utf8(out.stdout).unwrap(), pytorch_script(&t).unwrap());
    let out = Command::new(env!("CARGO_BIN_EXE_ebm"))
        .args(["export-py", "--query", "model=pca", "--steps", "1"])
        .output()
        .expect("the ebm binary runs");
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("this scene's model is pca"));
}
