//! The scene as a standalone PyTorch script: a header of this scene's numbers
//! (config, view box, trained weights, optimiser state, the engine's training
//! points, the replay buffer, the energies at a few points), then the static
//! body, which reads only the header: `www/export/pytorch/model.py` (the
//! energy, the data sets, batches), `negatives.py` (samplers, descent, replay
//! buffer, NCE's noise), `training.py` (losses, optimiser, `train(steps)`),
//! `cli.py`. The body lives beside the page, which fetches it ([`BODY_FILES`])
//! and puts the engine's header in front (`Playground.pytorchHeader`), so the
//! wasm carries only the header's code; natively [`pytorch_script`] joins the
//! same files, so the tests check what the page serves.
//!
//! Covered: the MLP energy (`model=mlp`) with every activation, every loss (ml,
//! exact, nce, square_square, hinge, log, dsm, ssm), every kind of negatives,
//! every sampler and optimiser, conditional data (x frozen) and user points.
//! Refused, with a message: other models, and a scene without training points.
//! Floats are written with Rust's shortest round-trip text of the f32, which
//! Python reads back to the same f32 (`torch.tensor(…, dtype=float32)`).

use std::fmt::Write;

use crate::config::{FIELDS, Kind};
use crate::energy::mlp::Mlp;
use crate::energy::{Energy, Trainable};
use crate::error::{EbmError, Result};
use crate::points::Points;
use crate::train::Trainer;

/// The static part of every script, in order, under `www/export/pytorch/`;
/// joined by [`BODY_JOIN`].
pub const BODY_FILES: [&str; 4] = ["model.py", "negatives.py", "training.py", "cli.py"];
pub const BODY_JOIN: &str = "\n\n";

/// The body, as the page joins it (native builds only: the page fetches the files).
#[cfg(not(target_arch = "wasm32"))]
const BODY: [&str; 4] = [
    include_str!("../../www/export/pytorch/model.py"),
    include_str!("../../www/export/pytorch/negatives.py"),
    include_str!("../../www/export/pytorch/training.py"),
    include_str!("../../www/export/pytorch/cli.py"),
];

/// Fractions of the view box at which `--check` compares energies with the page's.
const CHECK_AT: [f32; 3] = [0.2, 0.5, 0.8];

/// Longest link quoted in the script's docstring (user points can make it huge).
const MAX_QUOTED_LINK: usize = 2000;

/// The script for `t`'s current state, or an error naming what it does not cover.
#[cfg(not(target_arch = "wasm32"))]
pub fn pytorch_script(t: &Trainer) -> Result<String> {
    Ok(pytorch_header(t)? + &BODY.join(BODY_JOIN))
}

/// The script's header for `t`'s current state (everything but the static body),
/// or an error naming what the export does not cover.
pub fn pytorch_header(t: &Trainer) -> Result<String> {
    let c = t.contrastive().ok_or_else(|| {
        EbmError::Invalid(format!(
            "the PyTorch export covers the MLP energy (model=mlp); this scene's model is {}",
            t.cfg.get("model")
        ))
    })?;
    if t.train.is_empty() {
        return Err(EbmError::Invalid(
            "the PyTorch export needs training points; this scene has none (click some in, or pick a data set)".into(),
        ));
    }
    let mut s = String::with_capacity(64 * 1024);
    docstring(&mut s, t);
    s.push_str("import argparse\nimport math\nimport sys\n\nimport torch\n\n");
    config_dict(&mut s, t);
    let v = t.view;
    let _ = writeln!(s, "VIEW = ({:?}, {:?}, {:?}, {:?})  # x_lo, x_hi, y_lo, y_hi", v.x_lo, v.x_hi, v.y_lo, v.y_hi);
    let _ = writeln!(s, "ENGINE_STEP = {}  # training steps the page had taken\n", t.step);
    layers(&mut s, &c.model);
    optimiser_state(&mut s, &c.model, &c.opt_state);
    s.push_str("# The engine's training points (its exact draw and split), float32.\n");
    point_list(&mut s, "TRAIN_POINTS", &t.train);
    s.push_str("# The persistent chains' replay buffer (neg=pcd; empty until a pcd step made it).\n");
    point_list(&mut s, "BUFFER", &c.buffer);
    check_points(&mut s, t, &c.model);
    s.push('\n');
    Ok(s)
}

fn docstring(s: &mut String, t: &Trainer) {
    let link = t.cfg.to_query();
    let link = if link.len() <= MAX_QUOTED_LINK { link } else { "(too long to quote: it holds user points)".into() };
    let _ = write!(
        s,
        r#"#!/usr/bin/env python3
"""EBM Playground, exported at step {step}: the scene's MLP energy in PyTorch.

The page's link: {link}

This file rebuilds the scene: its data (the engine's training points, and
make_data() for a fresh draw by docs/datasets.md), the MLP energy with the
page's weights, the loss, the sampler, the optimiser with its state, and
train(steps), which trains on from here. It needs only torch.

  python3 script.py                   E at a few points, beside the page's values
  python3 script.py --check           the same; exit 1 unless they agree to 1e-5
  python3 script.py --at 0.5,-1       E at a point (repeat --at for more)
  python3 script.py --energies F.csv  E at each 'y1,y2' line of F (- = stdin), one per line
  python3 script.py --train 200       train on for 200 steps, print the losses and energies
  python3 script.py --train 200 --fresh-data   the same on a fresh make_data() draw

Random numbers come from torch's generator (--seed), not from the engine's
Philox stream: training on repeats the page's maths, not its exact draws, and
make_data() is a new sample of the same distribution, not the page's points.
"""
"#,
        step = t.step
    );
}

/// The config as a Python dict, in the order of the field table; keys this scene
/// does not read are marked. User points are left out (they are TRAIN_POINTS).
fn config_dict(s: &mut String, t: &Trainer) {
    let reads = t.cfg.reads(false);
    s.push_str("# The scene's config (the page's controls); the engine's field table gives each key's meaning.\n");
    s.push_str("CONFIG = {\n");
    for f in FIELDS.iter().filter(|f| f.key != "pts") {
        let v = t.cfg.get(f.key);
        let value = match f.kind {
            Kind::Int { .. } | Kind::Float { .. } if v != "auto" => v,
            _ => format!("{v:?}"),
        };
        let note = if reads.contains(f.key) || f.key == "v" { "" } else { "  # not read by this scene" };
        let _ = writeln!(s, "    {:?}: {value},{note}", f.key);
    }
    let _ = writeln!(
        s,
        "    \"conditional\": {},  # x = y1 is an input: only y2 is sampled, noised, scored\n}}\n",
        if t.cfg.is_conditional() { "True" } else { "False" }
    );
}

/// `[v, v, …]` of f32s, eight to a line after `indent`.
fn floats(s: &mut String, v: &[f32], indent: &str) {
    s.push('[');
    for (i, x) in v.iter().enumerate() {
        if i > 0 {
            s.push_str(if i % 8 == 0 { ",\n" } else { ", " });
            if i % 8 == 0 {
                s.push_str(indent);
            }
        }
        let _ = write!(s, "{x:?}");
    }
    s.push(']');
}

/// Each dense layer as (W[out][in], b[out]): the engine's flat layout, split.
fn layers(s: &mut String, m: &Mlp) {
    let sizes = m.sizes();
    let p = m.params();
    let _ = writeln!(
        s,
        "# The MLP's layers {sizes:?}: (W[out][in], b[out]) each, float32, hidden activation CONFIG['act']."
    );
    s.push_str("LAYERS = [\n");
    let mut at = 0;
    for w in sizes.windows(2) {
        let (n_in, n_out) = (w[0], w[1]);
        s.push_str("    (\n        [\n");
        for row in p[at..at + n_in * n_out].chunks(n_in) {
            s.push_str("            ");
            floats(s, row, "             ");
            s.push_str(",\n");
        }
        s.push_str("        ],\n        ");
        floats(s, &p[at + n_in * n_out..at + n_in * n_out + n_out], "         ");
        s.push_str(",\n    ),\n");
        at += n_in * n_out + n_out;
    }
    s.push_str("]\n\n");
}

/// The optimiser's moments, split per parameter tensor like `LAYERS` (W then b).
fn optimiser_state(s: &mut String, m: &Mlp, st: &crate::optim::OptimState) {
    let sizes = m.sizes();
    let _ = writeln!(
        s,
        "# The optimiser's state after {} updates: first moments m (Adam, momentum) and second moments v (Adam),\n\
         # one flat list per parameter tensor in LAYERS' order (W₀, b₀, W₁, b₁, …).",
        st.t
    );
    let _ = writeln!(s, "OPT_STATE = {{\n    \"t\": {},", st.t);
    for (name, moments) in [("m", &st.m), ("v", &st.v)] {
        let _ = writeln!(s, "    {name:?}: [");
        let mut at = 0;
        for w in sizes.windows(2) {
            for len in [w[0] * w[1], w[1]] {
                s.push_str("        ");
                let part = moments.get(at..at + len).unwrap_or(&[]);
                floats(s, part, "         ");
                s.push_str(",\n");
                at += len;
            }
        }
        s.push_str("    ],\n");
    }
    s.push_str("}\n\n");
}

/// `NAME = [[y1, y2], …]`, four points to a line.
fn point_list(s: &mut String, name: &str, p: &Points) {
    let _ = write!(s, "{name} = [");
    for i in 0..p.len() {
        if i % 4 == 0 {
            s.push_str("\n    ");
        } else {
            s.push(' ');
        }
        let _ = write!(s, "[{:?}, {:?}],", p.y1[i], p.y2[i]);
    }
    s.push_str(if p.is_empty() { "]\n\n" } else { "\n]\n\n" });
}

/// A 3 × 3 grid of points over the view box and the engine's energies there.
fn check_points(s: &mut String, t: &Trainer, m: &Mlp) {
    let v = t.view;
    let mut pts = Points::new();
    for fy in CHECK_AT {
        for fx in CHECK_AT {
            pts.push(v.x_lo + fx * v.width(), v.y_lo + fy * v.height());
        }
    }
    let mut e = vec![0.0; pts.len()];
    m.energy(&pts, &mut e);
    s.push_str("# Points (y1, y2) and the page's energy E there, for --check.\nCHECK = [\n");
    for i in 0..pts.len() {
        let _ = writeln!(s, "    [{:?}, {:?}, {:?}],", pts.y1[i], pts.y2[i], e[i]);
    }
    s.push_str("]\n");
}

// Native only, as `pytorch_script` is.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::config::Config;

    fn trained(q: &str, steps: u32) -> Trainer {
        let (cfg, problems) = Config::from_query(q);
        assert!(problems.is_empty(), "{q}: {problems:?}");
        let mut t = Trainer::new(cfg).0;
        for _ in 0..steps {
            t.step().expect("training step");
        }
        t
    }

    #[test]
    fn the_script_holds_the_trained_weights_and_the_training_points() {
        let t = trained("data=moons&width=8&batch=32&k=5", 3);
        let s = pytorch_script(&t).unwrap();
        let mlp = t.mlp().unwrap();
        // Every parameter and training point appears as its shortest f32 text.
        for p in mlp.params() {
            assert!(s.contains(&format!("{p:?}")), "parameter {p:?} missing");
        }
        assert!(s.contains(&format!("[{:?}, {:?}],", t.train.y1[0], t.train.y2[0])));
        assert!(s.contains("ENGINE_STEP = 3 "));
        assert!(s.contains("\"loss\": \"ml\",") && s.contains("\"lr\": 0.01,"));
        assert!(s.ends_with(&BODY.join(BODY_JOIN)));
    }

    #[test]
    fn other_models_and_empty_scenes_are_refused_by_name() {
        let t = trained("model=kmeans", 0);
        let e = pytorch_script(&t).unwrap_err().to_string();
        assert_eq!(e, "the PyTorch export covers the MLP energy (model=mlp); this scene's model is kmeans");
        let t = trained("data=points", 0);
        assert!(pytorch_script(&t).unwrap_err().to_string().contains("needs training points"));
    }
}
