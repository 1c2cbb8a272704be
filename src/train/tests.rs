use super::*;
use crate::models::ModelKind;

fn config(q: &str) -> Config {
    let (c, problems) = Config::from_query(q);
    assert!(problems.is_empty(), "{problems:?}");
    c
}

fn train(q: &str, steps: u32) -> Trainer {
    let mut t = super::test_trainer(q);
    for _ in 0..steps {
        t.step().expect("training step");
    }
    t
}

#[test]
fn short_run_ml_on_the_spiral_puts_data_energy_well_below_the_grid() {
    let t = train("data=spiral&loss=ml&neg=short_run&sampler=langevin&k=20&eps=0.05&grid=64", 300);
    let ev = t.evaluate();
    let start = Trainer::new(t.cfg.clone()).0.evaluate();
    eprintln!("start {start:?}\nend {ev:?}");
    // "Clearly": the gap is over half the grid's standard deviation (the grid's energies are
    // heavy-tailed: far corners rise steeply), and the exact NLL beats the untrained model
    // (≈ ln 36 = 3.58 nats, uniform on [−3, 3]²) by more than 0.3 nats.
    assert!(ev.mean_e_grid - ev.mean_e_data > 0.5 * ev.std_e_grid, "{ev:?}");
    assert!(ev.nll_test < start.nll_test - 0.3, "{ev:?}");
}

#[test]
fn exact_ml_on_eight_gaussians_approaches_the_true_entropy() {
    // True entropy of the 8-Gaussians density (docs/datasets.md: σ = 0.15, modes 1.53 apart, so
    // overlap is negligible): H = ln 8 + 1 + ln(2π σ²) = 2.0794 + 1 − 1.9563 = 1.1231 nats.
    let t = train("data=gaussians&loss=exact&grid=64&width=32&lr=0.03&batch=256", 600);
    let ev = t.evaluate();
    let start = Trainer::new(t.cfg.clone()).0.evaluate();
    eprintln!("start {start:?}\nend {ev:?}");
    // A model cannot beat the truth on held-out data by much (grid error ~ cell²); 0.35 nats above
    // it is a model that found all eight modes (one broad Gaussian would sit near 2.9 nats).
    // Measured: 1.23 with this config (600 steps; 1.28 with v=1's batches).
    assert!(ev.nll_test < 1.1231 + 0.35, "{ev:?}");
    assert!(ev.nll_test > 1.1231 - 0.3, "{ev:?}");
    assert!(ev.nll_test < start.nll_test - 1.0);
    // And the model density approaches the true one: KL(true ‖ model) on the grid falls.
    let kl = |t: &Trainer| {
        let g = t.grid(64);
        let truth = g.energies(&crate::energy::analytic::Analytic::eight_gaussians());
        let model = g.energies(t.energy());
        let a = g.cell_area();
        let p = grid::density(&truth, 1.0, grid::log_partition(&truth, 1.0, a));
        let q = grid::density(&model, 1.0, grid::log_partition(&model, 1.0, a));
        grid::kl_divergence(&p, &q, a)
    };
    let (before, after) = (kl(&Trainer::new(t.cfg.clone()).0), kl(&t));
    eprintln!("KL(true ‖ model): {before:.3} -> {after:.3}");
    // An untrained (nearly flat) model is ≈ ln 36 − H = 2.46 nats away; a fitted one under 0.3.
    assert!(after < 0.3 && after < before / 5.0, "{before} -> {after}");
}

#[test]
fn the_same_seed_gives_the_same_state_hash_and_another_seed_another() {
    let q = "data=moons&neg=pcd&buffer=512&k=5&seed=4";
    let a = train(q, 5).state_hash();
    assert_eq!(a, train(q, 5).state_hash());
    assert_ne!(a, train("data=moons&neg=pcd&buffer=512&k=5&seed=5", 5).state_hash());
}

#[test]
fn every_negative_source_and_sampler_trains_without_going_non_finite() {
    for neg in ["short_run", "cd", "pcd", "corrupt", "descent", "kick"] {
        for sampler in ["langevin", "sgld", "mala", "hmc", "rwmh"] {
            let t = train(&format!("data=rings&neg={neg}&sampler={sampler}&k=3&batch=64&buffer=256"), 3);
            assert_eq!(t.negatives.len(), 64);
            assert_eq!(t.provenance.len(), 64);
            assert!(t.negatives.is_finite() && t.last.loss.is_finite(), "{neg}/{sampler}");
        }
    }
}

#[test]
fn conditional_negatives_keep_x_and_exact_ml_runs_per_column() {
    let t = train("data=circle&neg=short_run&k=5&batch=32", 2);
    let x_of_batch: Vec<f32> = t.contrastive().unwrap().batch.y1.clone();
    assert_eq!(t.negatives.y1, x_of_batch);
    let t = train("data=circle&loss=exact&grid=32&batch=16", 3);
    assert!(t.evaluate().nll_train.is_finite());
}

#[test]
fn divergence_is_rolled_back_with_a_message() {
    let (mut t, _) = Trainer::new(config("data=spiral&opt=sgd&neg=pcd&buffer=300&batch=64"));
    t.step().unwrap();
    let (before, hash) = (t.model.params(), t.state_hash());
    t.contrastive_mut().unwrap().cfg.lr = f32::INFINITY; // past validation on purpose: the guard must still hold
    let err = t.step().unwrap_err().to_string();
    assert!(err.contains("diverged at step 2"), "{err}");
    assert_eq!(t.model.params(), before);
    assert_eq!(t.step, 1);
    // Everything the future depends on is back, replay buffer and negatives included.
    assert_eq!(t.state_hash(), hash);
}

#[test]
fn persistent_chains_of_one_step_use_distinct_buffer_slots() {
    // batch 64 ≤ buffer 100: after one step exactly 64 slots changed (none overwritten twice).
    let (mut t, _) = Trainer::new(config("data=rings&neg=pcd&buffer=100&batch=64&reinit=0&k=2"));
    t.contrastive_mut().unwrap().fill_buffer();
    let before = t.contrastive().unwrap().buffer.clone();
    t.step().unwrap();
    let after = &t.contrastive().unwrap().buffer;
    let changed = (0..100).filter(|&i| after.get(i) != before.get(i)).count();
    assert_eq!(changed, 64);
}

#[test]
fn bad_user_points_fall_back_to_the_spiral_with_a_message() {
    let (t, problems) = Trainer::new(config("data=points&pts=1,2;abc"));
    assert_eq!(t.cfg.dataset, DatasetKind::Spiral);
    assert!(problems[0].starts_with("pts: "), "{problems:?}");
}

#[test]
fn user_points_without_points_give_an_empty_set_and_a_clear_step_error() {
    let (mut t, problems) = Trainer::new(config("data=points"));
    assert!(problems.is_empty() && t.train.is_empty());
    assert!(t.step().unwrap_err().to_string().contains("click on the plane to add some"));
    let (t, _) = Trainer::new(config("data=points&pts=0.5,1;-1,2;2,-2&test=0"));
    assert_eq!(t.train.len(), 3);
    assert_eq!(t.view, Rect::square(3.0));
}

#[test]
fn every_other_loss_is_deterministic_finite_and_keeps_x_of_conditional_data() {
    for loss in ["nce", "square_square", "hinge", "log", "dsm", "ssm"] {
        let q = format!("data=moons&loss={loss}&neg=cd&k=3&batch=32&seed=3");
        let t = train(&q, 4);
        assert!(t.last.loss.is_finite() && t.last.e_pos.is_finite() && t.last.e_neg.is_finite(), "{loss}");
        assert!(t.last.grad_norm > 0.0, "{loss}: {:?}", t.last);
        assert_eq!((t.negatives.len(), t.provenance.len()), (32, 32), "{loss}");
        assert_eq!(t.state_hash(), train(&q, 4).state_hash(), "{loss}");
        assert_ne!(t.state_hash(), train(&q.replace("seed=3", "seed=4"), 4).state_hash(), "{loss}");
        // Conditional data: every loss contrasts (or perturbs) y alone, at the batch's x.
        let t = train(&format!("data=circle&loss={loss}&neg=short_run&k=3&batch=32"), 2);
        assert_eq!(t.negatives.y1, t.contrastive().unwrap().batch.y1, "{loss}");
        assert!(t.evaluate().nll_train.is_finite(), "{loss}");
    }
}

#[test]
fn divergence_under_the_other_losses_is_rolled_back_too() {
    for loss in ["nce", "hinge", "dsm", "ssm"] {
        let (mut t, _) = Trainer::new(config(&format!("data=spiral&opt=sgd&loss={loss}&neg=pcd&buffer=300&batch=64")));
        t.step().unwrap();
        let hash = t.state_hash();
        t.contrastive_mut().unwrap().cfg.lr = f32::INFINITY; // past validation on purpose
        assert!(t.step().unwrap_err().to_string().contains("diverged at step 2"), "{loss}");
        assert_eq!(t.state_hash(), hash, "{loss}");
    }
}

/// The energy gap between the grid and the data in units of the grid's spread:
/// (mean E on the grid − mean E on the training data) / sd of E on the grid. It is
/// scale-free, so one margin serves models whose energies differ in units.
fn normalised_gap(ev: &Evaluation) -> f32 {
    (ev.mean_e_grid - ev.mean_e_data) / ev.std_e_grid
}

/// Every model of `model=`, the MLP energy included, trains through the one
/// Trainer and the one `Model` interface: finite losses and grid energies, its
/// overlay drawn, the same seed giving the same hash, and training that works:
/// the data's energy falls well below the untrained model's, and ends clearly
/// below the grid's.
#[test]
fn every_model_trains_through_the_one_interface_deterministically() {
    let mut outcomes = Vec::new();
    // A fixed target learns nothing: its own test below.
    for (name, kind) in ModelKind::ALL.into_iter().filter(|(_, k)| *k != ModelKind::Target) {
        let data = match kind {
            ModelKind::Horn => "horn",
            ModelKind::Regression => "circle",
            ModelKind::Ellipse => "ellipse",
            _ => "moons",
        };
        let q = format!("model={name}&data={data}&grid=32&batch=64&width=16&clusters=6");
        let t = train(&q, 60);
        assert_eq!(t.mlp().is_some(), kind == ModelKind::Mlp, "{name}: only the MLP is an MLP to the sampler");
        assert!(t.last.loss.is_finite(), "{name}: loss {}", t.last.loss);
        let ev = t.evaluate();
        assert!(ev.mean_e_data.is_finite() && ev.mean_e_grid.is_finite(), "{name}: {ev:?}");
        let ev0 = Trainer::new(t.cfg.clone()).0.evaluate();
        let ratio = ev.mean_e_data / ev0.mean_e_data;
        eprintln!(
            "{name:<10} data energy {:.4} -> {:.4} (× {ratio:.3}); normalised gap {:.3} -> {:.3}",
            ev0.mean_e_data,
            ev.mean_e_data,
            normalised_gap(&ev0),
            normalised_gap(&ev)
        );
        outcomes.push((name, kind, ratio, normalised_gap(&ev), ev.mean_e_data));
        assert_eq!(t.state_hash(), train(&q, 60).state_hash(), "{name}: same seed, same state");
        let models_with_marks = [ModelKind::KMeans, ModelKind::Sparse, ModelKind::Ellipse, ModelKind::Codes];
        if models_with_marks.contains(&kind) {
            assert!(!t.negatives.is_empty() && t.provenance.iter().all(|p| *p == Provenance::Model), "{name}");
        }
    }
    for (name, kind, ratio, gap, e_data) in outcomes {
        // Training must lower the data's energy from the untrained model's. Measured ratios
        // after these 60 steps (printed above): ellipse 0.18, latent 0.05, codes 0.10, horn 0.08,
        // kmeans 0.46, pca 0.24, sparse 0.93, dae 0.17, mae 0.80; each bound leaves room above its measure.
        // (Sparse coding and the MAE learn slowly at this size; their own tests train longer.)
        let most = match kind {
            ModelKind::Latent | ModelKind::Horn => 0.2,
            ModelKind::Codes => 0.3,
            ModelKind::Ellipse | ModelKind::Dae => 0.4,
            ModelKind::Pca => 0.5,
            ModelKind::KMeans => 0.7,
            ModelKind::Mae => 0.9,
            ModelKind::Sparse => 0.97,
            // The untrained regressor already predicts ≈ 0 = E[y | x] on the circle: its data
            // energy is the irreducible E[y²] = E[1 − x²] = 2/3 (closed form, x ~ U(−1, 1)),
            // and training must keep it there (measured 0.653 -> 0.651 on this sample).
            ModelKind::Regression => {
                assert!((e_data - 2.0 / 3.0).abs() < 0.05 * 2.0 / 3.0, "regression: data energy {e_data} vs 2/3");
                continue;
            }
            // An MLP energy has no fixed zero (E can be negative): a ratio says nothing; the gap does
            // (measured 0.08 untrained, 1.05 after these 60 steps).
            ModelKind::Mlp => {
                assert!(gap > 0.5, "mlp: the data sits only {gap:.3} grid sd below the grid's mean energy");
                continue;
            }
            ModelKind::Target => unreachable!("left out above"),
        };
        assert!(
            ratio < most,
            "{name}: the data energy only fell to {ratio:.3} of the untrained model's (bound {most})"
        );
        // And the data ends clearly below the grid: half a grid sd (the spiral test's margin).
        assert!(gap > 0.5, "{name}: the data sits only {gap:.3} grid sd below the grid's mean energy");
    }
}

#[test]
fn a_fixed_target_counts_steps_and_changes_nothing() {
    // model=target: the circle keeps its data (conditional); the banana has none, a square
    // view of half-width 3 (docs/datasets.md) and an energy that is the analytic one.
    let (mut t, problems) = Trainer::new(config("model=target&target=circle&data=moons"));
    assert_eq!(t.cfg.dataset, DatasetKind::Circle);
    assert!(problems[0].starts_with("target=circle draws the circle's points"), "{problems:?}");
    assert!(t.cfg.is_conditional() && !t.train.is_empty());
    let probes = t.grid(9).centres();
    let energies = |t: &Trainer| {
        let mut e = vec![0.0; probes.len()];
        t.energy().energy(&probes, &mut e);
        e
    };
    let before = energies(&t);
    for _ in 0..3 {
        let m = t.step().expect("a fixed energy never diverges");
        assert!(m.loss.is_nan());
    }
    assert_eq!((t.step, energies(&t)), (3, before));
    let mut banana = train("model=target&target=banana", 2);
    assert!(banana.train.is_empty() && !banana.cfg.is_conditional());
    assert_eq!(banana.view, Rect::square(3.0));
    assert!(banana.step().is_ok());
    let (spec, theta) = banana.sampler_job(10).expect("the samplers run on a target");
    assert!(spec.contains("\"energy\":\"banana\"") && theta.is_empty(), "{spec}");
    assert!(train("model=kmeans", 0).sampler_job(10).is_none());
}

#[test]
fn models_that_need_other_data_say_so_and_switch() {
    let (t, problems) = Trainer::new(config("model=horn&data=moons"));
    assert_eq!(t.cfg.dataset, DatasetKind::Horn);
    assert!(problems[0].starts_with("model=horn learns the horn's y from its x: it needs data=horn"), "{problems:?}");
    assert_eq!(t.inputs.len(), t.train.len());
    let (t, problems) = Trainer::new(config("model=regression&data=spiral"));
    assert_eq!(t.cfg.dataset, DatasetKind::Circle);
    assert!(problems[0].contains("needs conditional data (circle or parabolas)"), "{problems:?}");
}

#[test]
fn a_diverging_model_step_is_rolled_back() {
    // The ellipse under plain SGD at lr 1e30: the first step throws w to ~1e30
    // (finite), the next one's energies overflow, and that step must be undone.
    let (mut t, _) = Trainer::new(config("model=ellipse&data=ellipse&opt=sgd"));
    t.cfg.lr = 1e30;
    t.model = crate::train::build(&t.cfg, &t.train, &t.inputs, t.view, &t.rng);
    for _ in 0..5 {
        let (before, step) = (t.state_hash(), t.step);
        if let Err(e) = t.step() {
            assert!(e.to_string().contains("rolled back"), "{e}");
            assert_eq!((t.state_hash(), t.step), (before, step));
            return;
        }
    }
    panic!("lr 1e30 never diverged");
}

#[test]
fn exact_ml_reports_e_minus_as_the_model_densitys_mean_energy() {
    // E₋ of exact ML is E_p[E] = Σ_i p_i E_i · area over the grid, p = exp(−βE)/Z_β, from
    // the parameters before the step: computed here from grid.rs's own density.
    for beta in ["1", "2"] {
        let (mut t, _) = Trainer::new(config(&format!("data=moons&loss=exact&grid=32&beta={beta}")));
        let g = t.grid(32);
        let e = g.energies(t.energy());
        let b = t.cfg.beta;
        let p = grid::density(&e, b, grid::log_partition(&e, b, g.cell_area()));
        let want: f64 =
            p.iter().zip(&e).map(|(&p, &e)| f64::from(p) * f64::from(e)).sum::<f64>() * f64::from(g.cell_area());
        let got = f64::from(t.step().unwrap().e_neg);
        assert!((got - want).abs() < 1e-4 * (1.0 + want.abs()), "β = {beta}: E₋ {got} vs {want}");
    }
}

#[test]
fn the_plane_names_what_the_heat_map_shows() {
    // Labels as lecture-ebm.md writes them; latent counts: the course's 48 angles
    // (src/latent/zgrid.rs), K prototypes, the 12² cells of the continuous z grid
    // (train/build.rs), and none for PCA and sparse coding (z solved exactly).
    let cases = [
        ("model=mlp", "E(y)", 0),
        ("model=mlp&data=circle", "E(x, y)", 0),
        ("model=regression&data=circle", "E(x, y)", 0),
        ("model=ellipse&data=ellipse", "F∞(y)", 48),
        ("model=ellipse&data=ellipse&free=beta&beta=2", "F_β(y), β = 2", 48),
        ("model=latent&free=beta&beta=0.5", "F_β(y), β = 0.5", 144),
        ("model=codes&clusters=6", "F∞(y)", 6),
        ("model=horn&hx=0.25", "F∞(y) at x = 0.25", 48),
        ("model=kmeans&clusters=5", "F∞(y)", 5),
        ("model=pca", "F∞(y)", 0),
        ("model=sparse", "F∞(y)", 0),
        ("model=dae", "E(y)", 0),
    ];
    for (q, label, z) in cases {
        let (t, _) = Trainer::new(config(q));
        let plane = t.plane();
        assert_eq!((plane.label.as_str(), plane.latent_values), (label, z), "{q}");
    }
}

#[test]
fn the_pages_nll_pair_is_the_evaluations() {
    for q in ["data=moons&grid=32", "data=circle&grid=32", "data=points&pts=0,0;1,1&test=0&grid=16"] {
        let t = train(q, 3);
        let (train_nll, test_nll) = t.exact_nll_train_test();
        let ev = t.evaluate();
        assert_eq!(train_nll.to_bits(), ev.nll_train.to_bits(), "{q}");
        assert_eq!(test_nll.to_bits(), ev.nll_test.to_bits(), "{q}");
    }
}

#[test]
fn the_horns_x_changes_in_place_as_if_the_run_had_had_it_from_the_start() {
    // Trained at hx = 0.5, then moved to 0.9: the same state as a run at hx = 0.9 (hx only picks the plane).
    let energies = |t: &Trainer| {
        let probes = t.grid(9).centres();
        let mut e = vec![0.0; probes.len()];
        t.energy().energy(&probes, &mut e);
        e
    };
    let mut t = train("model=horn&data=horn&hx=0.5", 20);
    let before = (t.model.params(), energies(&t));
    t.set_in_place("hx", "0.9").expect("hx is in place");
    let other = train("model=horn&data=horn&hx=0.9", 20);
    // The hash covers the plane's x too, so a copied link names the x it shows.
    assert_eq!(t.state_hash(), other.state_hash());
    assert_eq!(t.model.params(), before.0, "training did not move");
    assert_eq!(energies(&t), energies(&other));
    assert_ne!(energies(&t), before.1, "the plane did");
    let e = t.set_in_place("hx", "7").unwrap_err();
    assert!(e.contains("hx") && e.contains("[0, 1]"), "{e}");
    assert!(t.set_in_place("lr", "0.1").is_err(), "lr retrains: not in place");
    assert_eq!(t.cfg.hx, 0.9);
}
