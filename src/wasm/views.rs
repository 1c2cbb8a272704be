//! The views at the boundary (`crate::views` computes them): the view keys of
//! the link, what the heat map shows, and each layer's and panel's numbers for
//! the page to draw. Layers come as flat `Float32Array`s (one copy out of wasm
//! memory, then transferred to the page); panels, small, as JSON.

use wasm_bindgen::prelude::*;

use super::Playground;
use crate::config::{query_pairs, schema_with_labels};
use crate::train::Trainer;
use crate::views::{self, ViewSettings, contours, shown};

/// The views' schema (JSON array, like `schema()`): keys, labels, ranges, help.
#[wasm_bindgen(js_name = viewSchema)]
pub fn view_schema() -> String {
    schema_with_labels(views::VIEW_FIELDS, views::settings::CHOICE_LABELS)
}

/// The view keys of `query`, and their problems (bad values, a panel the scene cannot fill).
pub(super) fn parse(t: &Trainer, query: &str) -> (ViewSettings, Vec<String>) {
    let pairs = query_pairs(query);
    let (s, mut problems) = ViewSettings::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    problems.extend(views::unavailable_problems(t, &s));
    (s, problems)
}

impl Playground {
    /// The samples' marginals against p_β on the last frame's grid (when there is one).
    fn marginals(&self) -> Option<views::marginals::Marginals> {
        let n = (self.energies.len() as f64).sqrt() as usize;
        if n == 0 || !n.is_multiple_of(views::marginals::BINS) || !self.inner.can_sample() {
            return None;
        }
        let beta = views::density_beta(&self.inner, &self.views);
        let mut m = views::marginals::marginals(&self.samples, &self.energies, &self.inner.grid(n), beta);
        if self.samples.is_empty() {
            m.title = "Marginals: turn on \"samples from the model\" under the plot to draw some".into();
        }
        Some(m)
    }

    /// The heat map's values for the last n × n energies when it shows p_β or
    /// −log p_β; empty when it shows the energy itself.
    pub(super) fn shown_values(&self, n: usize) -> Vec<f32> {
        if self.views.shown == shown::Shown::Energy {
            return Vec::new();
        }
        let beta = views::density_beta(&self.inner, &self.views);
        shown::shown_values(&self.energies, &self.inner.grid(n), self.views.shown, beta, self.inner.plane().conditional)
    }
}

#[wasm_bindgen]
impl Playground {
    /// Reads the view keys of `query` (the others are ignored: they are the
    /// config's, and changing views never rebuilds the scene); returns the
    /// problems as a JSON array. The next frame shows the change.
    #[wasm_bindgen(js_name = setViews)]
    pub fn set_views(&mut self, query: &str) -> String {
        let (s, problems) = parse(&self.inner, query);
        self.views = s;
        views::follow(&mut self.inner, &self.views);
        serde_json::to_string(&problems).unwrap_or_else(|_| "[]".into())
    }

    /// The view keys that differ from their defaults, as `k=v&k=v`.
    #[wasm_bindgen(js_name = viewQuery)]
    pub fn view_query(&self) -> String {
        self.views.to_query()
    }

    /// The views to compute for each frame: the layers on, then the panel when
    /// one is open and this scene can fill it (JSON array of keys).
    #[wasm_bindgen(js_name = activeViews)]
    pub fn active_views(&self) -> String {
        serde_json::to_string(&views::active(&self.inner, &self.views)).unwrap_or_else(|_| "[]".into())
    }

    /// The view keys that matter now (`ViewSettings::reads`), as JSON: the page shows their controls.
    #[wasm_bindgen(js_name = viewReads)]
    pub fn view_reads(&self) -> String {
        serde_json::to_string(&self.views.reads()).unwrap_or_else(|_| "[]".into())
    }

    /// Which layers and panels this scene offers (`views::catalogue`), as JSON.
    #[wasm_bindgen(js_name = viewCatalogue)]
    pub fn view_catalogue(&self) -> String {
        serde_json::to_string(&views::catalogue(&self.inner)).unwrap_or_else(|_| "[]".into())
    }

    /// The legend's words for what the heat map shows.
    #[wasm_bindgen(js_name = heatLabel)]
    pub fn heat_label(&self) -> String {
        let plane = self.inner.plane();
        self.views.shown.label(&plane.label, views::density_beta(&self.inner, &self.views), plane.conditional)
    }

    /// Contour lines of the last frame's heat map at `levels` levels over its
    /// colour range, packed: [number of levels, then for each level: level,
    /// label x, label y (NaN: no line), number of segments, x0, y0, x1, y1, …].
    pub fn contours(&self) -> Vec<f32> {
        let n = (self.energies.len() as f64).sqrt() as usize;
        if n < 2 {
            return vec![0.0];
        }
        let values = if self.shown.is_empty() { &self.energies } else { &self.shown };
        let [_, _, lo, hi] = self.stats;
        let lines = contours::contours(values, &self.inner.grid(n), &contours::levels(lo, hi, self.views.levels));
        let mut out = vec![lines.len() as f32];
        for c in lines {
            let [lx, ly] = c.label_at.unwrap_or([f32::NAN; 2]);
            out.extend([c.level, lx, ly, c.segments.len() as f32]);
            out.extend(c.segments.iter().flatten());
        }
        out
    }

    /// The −∇F arrows on the mesh: x0, y0, x1, y1 each.
    #[wasm_bindgen(js_name = fieldArrows)]
    pub fn field_arrows(&self) -> Vec<f32> {
        views::field_of(&self.inner).arrows.into_iter().flatten().collect()
    }

    /// Inference paths from the tapped point and the random starts, packed:
    /// [paths, points per path, then each path's y1, y2 pairs]; the tapped one first.
    #[wasm_bindgen(js_name = inferPaths)]
    pub fn infer_paths(&self) -> Vec<f32> {
        let p = views::infer_of(&self.inner, &self.views);
        let len = p.paths.first().map_or(0, Vec::len);
        let mut out = vec![p.paths.len() as f32, len as f32];
        out.extend(p.paths.iter().flatten().flatten());
        out
    }

    /// The last step's push arrows, packed: [data arrows, then x0, y0, x1, y1 of
    /// each data arrow (down), then those of the negatives (up)].
    #[wasm_bindgen(js_name = pushArrows)]
    pub fn push_arrows(&self) -> Vec<f32> {
        let Some(a) = views::push_of(&self.inner) else { return vec![0.0] };
        let mut out = vec![a.down.len() as f32];
        out.extend(a.down.iter().chain(&a.up).flatten());
        out
    }

    /// The next phase of a contrastive ML step (`train::phases`), as JSON
    /// {phase, text}; other scenes take a whole step. A diverged step is rolled
    /// back and the error explains it.
    #[wasm_bindgen(js_name = stepPhase)]
    pub fn step_phase(&mut self) -> Result<String, JsError> {
        let r = self.inner.step_phase().map_err(|e| JsError::new(&e.to_string()))?;
        if r.phase == 3 {
            let m = &self.inner.last;
            self.metrics = [m.step as f32, m.loss, m.e_pos, m.e_neg, m.grad_norm];
        }
        Ok(serde_json::to_string(&r).unwrap_or_default())
    }

    /// The samples from the model just read (interleaved), for the marginals panel.
    #[wasm_bindgen(js_name = setSamples)]
    pub fn set_samples(&mut self, positions: &[f32]) {
        self.samples = crate::points::Points::from_interleaved(positions);
    }

    /// The last step's sampler paths, packed: [chains, points per chain, then
    /// each chain's y1, y2 pairs, then each chain's moved flags (1 moved, 0 a
    /// rejected proposal), one per step]; [0, 0] when none are recorded.
    #[wasm_bindgen(js_name = samplerPaths)]
    pub fn sampler_paths(&self) -> Vec<f32> {
        views::paths_of(&self.inner).map_or_else(|| vec![0.0, 0.0], pack_paths)
    }

    /// Whether the inference starts include a tapped point (path 0 is then it).
    #[wasm_bindgen(js_name = inferTapped)]
    pub fn infer_tapped(&self) -> bool {
        self.views.from.is_some()
    }

    /// The open panel's numbers as JSON `{"kind": …, …}`, or `null` (none open,
    /// or one this scene cannot fill).
    pub fn panel(&self) -> String {
        let t = &self.inner;
        let out = match self.views.panel {
            "slice" => views::slice_of(t, &self.views).map(|slice| Panel::Slice { slice }),
            "sections" => views::sections_of(t, &self.views).map(|sections| Panel::Sections { sections }),
            "latent" => views::latent_of(t, &self.views).map(|curve| Panel::Latent { curve }),
            "gradient" => views::gradient_of(t).map(|check| Panel::Gradient { check }),
            "marginals" => self.marginals().map(|marginals| Panel::Marginals { marginals }),
            _ => None,
        };
        out.and_then(|p| serde_json::to_string(&p).ok()).unwrap_or_else(|| "null".into())
    }
}

/// Paths packed for `www/layers/paths.js`: [chains, points per chain, each chain's
/// y1, y2 pairs, then each chain's moved flags per step]; [0, 0] when there are none.
pub(crate) fn pack_paths(t: &crate::sampler::trajectories::Trajectories) -> Vec<f32> {
    let Some(len) = t.paths.first().map(Vec::len).filter(|&l| l > 0) else { return vec![0.0, 0.0] };
    let mut out = vec![t.paths.len() as f32, len as f32];
    out.extend(t.paths.iter().flatten().flatten());
    out.extend(t.moved.iter().flatten().map(|&m| if m { 1.0 } else { 0.0 }));
    out
}

/// The open panel's numbers, tagged with its kind (`www/panels/index.js` reads `kind`).
#[derive(serde::Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
enum Panel {
    Slice { slice: views::slice::Slice },
    Sections { sections: views::sections::Sections },
    Latent { curve: views::latent_curve::LatentCurve },
    Gradient { check: crate::train::gradient_check::GradientCheckReport },
    Marginals { marginals: views::marginals::Marginals },
}
