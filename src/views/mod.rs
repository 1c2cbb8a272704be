//! Views: what the lecture draws, computed here and only drawn by the page.
//!
//! Layers lie on the plane (contours, the gradient field, the step's push
//! arrows, the sampler's paths, inference paths); panels sit beside it (the
//! slice at x₀, free-energy cross-sections, E(y, z) against z, the samples'
//! marginals; the gradient check is `train/gradient_check.rs`). What the heat
//! map shows (E, p_β or −log p_β) is `shown.rs`.
//! Each file is a pure function of an energy or a model, tested natively; this
//! file says which views a scene offers and reads them off a [`Trainer`], for
//! the page (`src/wasm/views.rs`) and the CLI (`ebm view`). The keys in the
//! link are `settings.rs`.

pub mod contours;
pub mod field;
pub mod infer;
pub mod latent_curve;
pub mod marginals;
pub mod push;
pub mod sections;
pub mod settings;
pub mod shown;
pub mod slice;

use serde::Serialize;

pub use settings::{LAYERS, PANELS, VIEW_FIELDS, ViewSettings, is_view_key};

use crate::config::{LossKind, NegativeKind};
use crate::train::Trainer;

/// Cells along the slice and the cross-sections (the default heat map's).
pub const PANEL_CELLS: usize = 128;

/// One view a scene may offer, for the page's toggles.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ViewInfo {
    pub key: &'static str,
    pub label: &'static str,
    /// "layer", "panel", or "control" (a button the pane shows when offered).
    pub kind: &'static str,
    pub help: &'static str,
    /// Empty when the scene offers it, else why not.
    pub unavailable: String,
    /// The view key a tap on the plane sets while this view is on (empty: none):
    /// a point for text keys (`from`, `pick`), the tapped y₁ for a number (`x0`).
    pub tap: &'static str,
    /// Whether dragging on the plane keeps setting `tap` (the slice's x₀).
    pub drag: bool,
    /// A panel's numbers change with each training step ("step") or with each
    /// read of the samples from the model, paused or not ("samples").
    pub refresh: &'static str,
}

impl ViewInfo {
    fn new(
        key: &'static str,
        label: &'static str,
        kind: &'static str,
        help: &'static str,
        unavailable: String,
    ) -> Self {
        Self { key, label, kind, help, unavailable, tap: "", drag: false, refresh: "step" }
    }
}

/// The layers and panels, and which of them this scene offers.
pub fn catalogue(t: &Trainer) -> Vec<ViewInfo> {
    let plane = t.plane();
    let latent = t.model.latent_energies([0.0, 0.0]).is_some();
    let mlp = t.model.as_mlp().is_some();
    let why = |ok: bool, msg: &str| if ok { String::new() } else { msg.to_string() };
    let no_latent = "this model has no grid of latent values z (ellipse, latent, codes, horn and K-means do)";
    let contrastive_ml = "contrastive maximum likelihood: model=mlp with loss=ml";
    let sampled_negatives =
        matches!(t.cfg.negatives, NegativeKind::ShortRun | NegativeKind::Cd | NegativeKind::Persistent);
    vec![
        ViewInfo::new(
            "contours",
            "contour lines",
            "layer",
            "lines of equal value of what the heat map shows",
            String::new(),
        ),
        ViewInfo::new(
            "field",
            "gradient field",
            "layer",
            "arrows of −∇F: the way inference moves a point",
            String::new(),
        ),
        ViewInfo::new(
            "push",
            "push down / pull up",
            "layer",
            "the last step's data (pushed down) and negatives (pulled up), each arrow as long as its weight in the update",
            why(mlp && t.cfg.loss == LossKind::Ml, &format!("the arrows show {contrastive_ml}")),
        ),
        ViewInfo::new(
            "paths",
            "sampler paths",
            "layer",
            "the first six chains of the training negatives' sampler, step by step, or of the samples from the model, read by read; × where a Metropolis proposal was rejected",
            why(
                (mlp && t.cfg.loss == LossKind::Ml && sampled_negatives) || t.can_sample(),
                "the paths are those of a sampler: the training negatives' (model=mlp, loss=ml, neg=short_run, cd or pcd) or the samples from the model",
            ),
        ),
        ViewInfo {
            tap: "from",
            ..ViewInfo::new(
                "infer",
                "inference",
                "layer",
                "tap the plane: the point descends the energy to y̌, with random restarts beside it",
                String::new(),
            )
        },
        ViewInfo::new(
            "phases",
            "step by phase",
            "control",
            "one training step in three phases: sample the negatives, push down on the data, pull up on the negatives",
            why(t.has_phases(), &format!("the phases are those of {contrastive_ml}")),
        ),
        ViewInfo {
            tap: "x0",
            drag: true,
            ..ViewInfo::new(
                "slice",
                "slice at x₀",
                "panel",
                "F(x₀, y) and P(y | x₀) against y; drag the line on the plane",
                why(plane.conditional, "the slice needs conditional data E(x, y): circle or parabolas"),
            )
        },
        ViewInfo::new(
            "sections",
            "free-energy cross-sections",
            "panel",
            "F_β along a line for β = 0.1 … 10 and F∞",
            why(latent, no_latent),
        ),
        ViewInfo::new(
            "gradient",
            "exact against sampled gradient",
            "panel",
            "each step's Monte-Carlo ML gradient against the exact one on the grid: cosine and relative difference",
            why(
                mlp && matches!(t.cfg.loss, LossKind::Ml | LossKind::Exact),
                "the check compares maximum-likelihood gradients: model=mlp with loss=ml or exact",
            ),
        ),
        ViewInfo {
            refresh: "samples",
            ..ViewInfo::new(
                "marginals",
                "marginals of the samples",
                "panel",
                "histograms of the samples from the model against p_β's exact marginals (turn on samples from the model)",
                why(t.can_sample(), "the sampler draws from the MLP energy or a fixed target: model=mlp or target"),
            )
        },
        ViewInfo {
            tap: "pick",
            ..ViewInfo::new(
                "latent",
                "E(y, z) against z",
                "panel",
                "tap a point y: its energy for every z, ž and the softmin weights",
                why(latent, no_latent),
            )
        },
    ]
}

/// The y range a panel plots `values` over: from the least finite value to the
/// 90th percentile plus a tenth of the span, so that the steep walls at the
/// view's edges do not flatten the part worth reading. [0, 1] when none is finite.
pub fn plot_range(values: &[f32]) -> [f32; 2] {
    let [min, _, _, q90] = shown::colour_scale(values, &mut Vec::new());
    if !min.is_finite() {
        return [0.0, 1.0];
    }
    let hi = if q90 > min { q90 + 0.1 * (q90 - min) } else { min + 1.0 };
    [min, hi]
}

/// The β of the density the page shows (p_β, −log p_β, P(y | x₀), softmin weights).
pub fn density_beta(t: &Trainer, s: &ViewSettings) -> f32 {
    s.pbeta.unwrap_or(t.cfg.beta)
}

/// Problems with views this scene does not offer (a link asking for a slice on the spiral).
pub fn unavailable_problems(t: &Trainer, s: &ViewSettings) -> Vec<String> {
    catalogue(t)
        .into_iter()
        .filter(|v| !v.unavailable.is_empty())
        .filter_map(|v| match v.kind {
            "panel" if v.key == s.panel => Some(format!("panel: no {} here, {}", v.label, v.unavailable)),
            "layer" if s.has(v.key) => Some(format!("layers: no {} here, {}", v.label, v.unavailable)),
            _ => None,
        })
        .collect()
}

/// The views this scene computes now: the layers on that it offers, then the
/// open panel if it offers it.
pub fn active(t: &Trainer, s: &ViewSettings) -> Vec<&'static str> {
    let offered: Vec<&str> = catalogue(t).into_iter().filter(|v| v.unavailable.is_empty()).map(|v| v.key).collect();
    let mut on: Vec<&'static str> = s.layers.iter().copied().filter(|l| offered.contains(l)).collect();
    if offered.contains(&s.panel) {
        on.push(s.panel);
    }
    on
}

/// The gradient field of the scene's energy on the default mesh.
pub fn field_of(t: &Trainer) -> field::Field {
    field::field(t.energy(), t.view, field::MESH, field::MESH, t.plane().conditional)
}

/// Inference paths from the tapped point and the random starts.
pub fn infer_of(t: &Trainer, s: &ViewSettings) -> infer::Paths {
    infer::infer(t.energy(), t.view, s.from, s.restarts, t.plane().conditional, &t.rng)
}

/// The last contrastive step's push arrows, for model=mlp with loss=ml.
pub fn push_of(t: &Trainer) -> Option<push::PushArrows> {
    let c = t.contrastive().filter(|_| t.cfg.loss == LossKind::Ml)?;
    Some(push::push_arrows(c.push.as_ref()?, t.view))
}

/// The slice at x₀, when the plane is conditional.
pub fn slice_of(t: &Trainer, s: &ViewSettings) -> Option<slice::Slice> {
    t.plane().conditional.then(|| slice::slice(t.energy(), t.view, s.x0, PANEL_CELLS, density_beta(t, s)))
}

/// The cross-sections, for models with a latent grid.
pub fn sections_of(t: &Trainer, s: &ViewSettings) -> Option<sections::Sections> {
    sections::sections(t.model.as_ref(), t.view, s.cut, PANEL_CELLS)
}

/// What the engine records only while a view shows it: the exact-against-
/// sampled gradient check (a grid's worth of gradients per step) while its
/// panel is open, the push weights and the sampler's paths while their layers are on.
pub fn follow(t: &mut Trainer, s: &ViewSettings) {
    if let Some(c) = t.contrastive_mut() {
        let check = s.panel == "gradient";
        if c.gradient_check().is_some() != check {
            c.set_gradient_check(check);
        }
        if c.push.is_some() != s.has("push") {
            c.push = s.has("push").then(Default::default);
        }
        let paths = s.has("paths");
        if c.trajectories.is_some() != paths {
            c.trajectories = paths.then(Default::default);
        }
    }
}

/// The last step's sampler paths, while their layer is on.
pub fn paths_of(t: &Trainer) -> Option<&crate::sampler::Trajectories> {
    t.contrastive()?.trajectories.as_ref().filter(|p| !p.paths.is_empty())
}

/// The gradient check's report, when its panel is open.
pub fn gradient_of(t: &Trainer) -> Option<crate::train::gradient_check::GradientCheckReport> {
    t.contrastive()?.gradient_check().map(|c| c.report())
}

/// E(y, z) against z at the picked y, for models with a latent grid.
pub fn latent_of(t: &Trainer, s: &ViewSettings) -> Option<latent_curve::LatentCurve> {
    latent_curve::latent_curve(t.model.as_ref(), s.pick, density_beta(t, s))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::train::test_trainer as trainer;

    #[test]
    fn each_scene_offers_the_panels_its_model_can_fill() {
        let offered = |q: &str| -> Vec<&'static str> {
            catalogue(&trainer(q)).into_iter().filter(|v| v.unavailable.is_empty()).map(|v| v.key).collect()
        };
        assert_eq!(
            offered("data=spiral"),
            ["contours", "field", "push", "paths", "infer", "phases", "gradient", "marginals"]
        );
        // Paths without sampled training negatives: those of the samples from the model.
        assert_eq!(offered("data=spiral&loss=nce"), ["contours", "field", "paths", "infer", "marginals"]);
        assert_eq!(offered("model=target&target=banana"), ["contours", "field", "paths", "infer", "marginals"]);
        assert_eq!(
            offered("data=circle"),
            ["contours", "field", "push", "paths", "infer", "phases", "slice", "gradient", "marginals"]
        );
        assert_eq!(offered("model=regression&data=circle"), ["contours", "field", "infer", "slice"]);
        assert_eq!(offered("model=ellipse&data=ellipse"), ["contours", "field", "infer", "sections", "latent"]);
        assert_eq!(offered("model=kmeans"), ["contours", "field", "infer", "sections", "latent"]);
        assert_eq!(offered("model=pca"), ["contours", "field", "infer"]);
        // What is offered is what can be computed.
        for q in ["data=spiral", "data=circle", "model=ellipse&data=ellipse", "model=horn&data=horn", "model=sparse"] {
            let t = trainer(q);
            let s = ViewSettings::default();
            let on = offered(q);
            assert_eq!(slice_of(&t, &s).is_some(), on.contains(&"slice"), "{q}");
            assert_eq!(sections_of(&t, &s).is_some(), on.contains(&"sections"), "{q}");
            assert_eq!(latent_of(&t, &s).is_some(), on.contains(&"latent"), "{q}");
        }
    }

    #[test]
    fn push_weights_and_sampler_paths_are_recorded_only_while_shown_and_change_nothing() {
        let q = "data=moons&loss=ml&neg=pcd&sampler=mala&k=7&batch=32";
        let (mut traced, mut plain) = (trainer(q), trainer(q));
        let (on, _) = ViewSettings::from_pairs([("layers", "push,paths")].into_iter());
        follow(&mut traced, &on);
        for _ in 0..3 {
            traced.step().unwrap();
            plain.step().unwrap();
        }
        assert_eq!(traced.state_hash(), plain.state_hash());
        let p = paths_of(&traced).expect("recorded");
        assert_eq!((p.paths.len(), p.paths[0].len()), (6, 8), "six chains, the start and k = 7 steps");
        assert_eq!(p.paths[2][7], traced.negatives.get(2), "a path ends at its chain's negative");
        assert!(paths_of(&plain).is_none());
        assert_eq!(push_of(&traced).unwrap().down.len(), 32, "the push weights, kept while their layer is on");
        assert!(push_of(&plain).is_none());
        follow(&mut traced, &ViewSettings::default());
        assert!(paths_of(&traced).is_none(), "off again when the layer is");
    }

    #[test]
    fn taps_set_view_keys_and_only_a_number_is_dragged() {
        for v in catalogue(&trainer("data=circle")) {
            if v.tap.is_empty() {
                assert!(!v.drag, "{}", v.key);
                continue;
            }
            let f = VIEW_FIELDS.iter().find(|f| f.key == v.tap).unwrap_or_else(|| panic!("{}: tap {}", v.key, v.tap));
            assert_eq!(v.drag, matches!(f.kind, crate::config::Kind::Float { .. }), "{}", v.key);
        }
    }

    #[test]
    fn a_panel_the_scene_cannot_fill_is_explained() {
        let t = trainer("data=spiral");
        let (s, _) = ViewSettings::from_pairs([("panel", "slice")].into_iter());
        let p = unavailable_problems(&t, &s);
        assert_eq!(p.len(), 1);
        assert!(p[0].starts_with("panel: no slice at x₀ here, the slice needs conditional data"), "{p:?}");
        // A layer the scene cannot draw is said too, and not computed.
        let (s, _) = ViewSettings::from_pairs([("layers", "contours,paths"), ("panel", "slice")].into_iter());
        let t = trainer("model=pca");
        let p = unavailable_problems(&t, &s);
        assert!(p.iter().any(|m| m.starts_with("layers: no sampler paths here, the paths are those")), "{p:?}");
        assert_eq!(active(&t, &s), ["contours"]);
    }
}
