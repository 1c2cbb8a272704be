//! The only `#[wasm_bindgen]` code: a thin newtype over [`train::Trainer`] that
//! converts arrays, validates once and maps errors to `JsError`.

mod data;
mod grid;
mod mlp;
mod sampler;
mod views;

pub use grid::EnergyGrid;
pub use mlp::MlpEnergy;
pub use sampler::{ChainSampler, SamplerTrace};
use wasm_bindgen::prelude::*;

use crate::config::Config;
use crate::grid::Grid;
use crate::points::Points;
use crate::train::Trainer;

#[wasm_bindgen(start)]
pub fn start() {
    console_error_panic_hook::set_once();
}

/// Which kernels this build runs: "simd128" or "scalar".
#[wasm_bindgen(js_name = buildKind)]
pub fn build_kind() -> String {
    crate::kernels::BUILD.into()
}

/// A fresh seed from the browser's secure generator (`crypto.getRandomValues`):
/// the page's "New seed", which then writes it into the link.
#[wasm_bindgen(js_name = freshSeed)]
pub fn fresh_seed() -> Result<u32, JsError> {
    crate::seed::fresh().map_err(|e| JsError::new(&e))
}

/// The config schema (JSON array of fields with ranges and defaults).
/// Where the PyTorch script's static body is: `{"dir", "files", "join"}` (the files
/// under `dir`, beside the page, in order, joined by `join`).
#[wasm_bindgen(js_name = pytorchBody)]
pub fn pytorch_body() -> String {
    serde_json::json!({ "dir": "export/pytorch/", "files": crate::export::BODY_FILES, "join": crate::export::BODY_JOIN })
        .to_string()
}

#[wasm_bindgen]
pub fn schema() -> String {
    Config::schema_json()
}

#[wasm_bindgen]
pub struct Playground {
    inner: Trainer,
    problems: Vec<String>,
    grid: Option<(Grid, Points)>,
    /// The last frame, read by JS through views of wasm memory (no copies, no
    /// per-frame allocation): energies, RGBA pixels, colour-scale statistics,
    /// negatives (interleaved) and the last metrics.
    energies: Vec<f32>,
    sorted: Vec<f32>,
    rgba: Vec<u8>,
    lut: Vec<u8>,
    stats: [f32; 4],
    negatives: Vec<f32>,
    provenance: Vec<u8>,
    metrics: [f32; 5],
    /// The views' keys of the link (`views::ViewSettings`), and the heat map's
    /// values of the last frame when it shows p_β or −log p_β (else empty).
    views: crate::views::ViewSettings,
    shown: Vec<f32>,
    /// The samples from the model last read (the marginals panel's).
    samples: Points,
}

#[wasm_bindgen]
impl Playground {
    /// Builds a playground from the URL form of the config. Never fails: bad
    /// values keep their defaults and are listed by `problems()`.
    #[wasm_bindgen(constructor)]
    pub fn new(query: &str) -> Playground {
        let (cfg, mut problems) = Config::from_query(query);
        let (mut inner, more) = Trainer::new(cfg);
        problems.extend(more);
        let (views, view_problems) = views::parse(&inner, query);
        problems.extend(view_problems);
        crate::views::follow(&mut inner, &views);
        Playground {
            views,
            shown: Vec::new(),
            samples: Points::new(),
            inner,
            problems,
            grid: None,
            energies: Vec::new(),
            sorted: Vec::new(),
            rgba: Vec::new(),
            lut: (0..=255u8).flat_map(|v| [v, v, v, 255]).collect(),
            stats: [0.0; 4],
            negatives: Vec::new(),
            provenance: Vec::new(),
            metrics: [0.0; 5],
        }
    }

    /// Problems found in the config, as a JSON array of messages.
    pub fn problems(&self) -> String {
        serde_json::to_string(&self.problems).unwrap_or_else(|_| "[]".into())
    }

    /// The canonical URL form of the running config.
    /// What the heat map's energy is at one point of the plane (the readout under the cursor).
    #[wasm_bindgen(js_name = valueAt)]
    pub fn value_at(&self, y1: f32, y2: f32) -> f32 {
        let mut e = [0.0f32];
        self.inner.energy().energy(&crate::points::Points::from_pairs(&[[y1, y2]]), &mut e);
        e[0]
    }

    /// A key that only chooses what the plane shows (`config::IN_PLACE`), changed
    /// without retraining; an error names the key and its range.
    #[wasm_bindgen(js_name = setInPlace)]
    pub fn set_in_place(&mut self, key: &str, value: &str) -> Result<(), JsError> {
        self.inner.set_in_place(key, value).map_err(|e| JsError::new(&e))
    }

    #[wasm_bindgen(js_name = configQuery)]
    pub fn config_query(&self) -> String {
        let views = self.views.to_query();
        let config = self.inner.cfg.to_query();
        if views.is_empty() { config } else { format!("{config}&{views}") }
    }

    /// Runs up to `steps` training steps; returns the step count. On divergence
    /// the bad step is rolled back and the error explains it.
    pub fn train(&mut self, steps: u32) -> Result<u32, JsError> {
        crate::limits::steps("train", steps).map_err(|e| JsError::new(&e))?;
        for _ in 0..steps {
            let m = self.inner.step().map_err(|e| JsError::new(&e.to_string()))?;
            self.metrics = [m.step as f32, m.loss, m.e_pos, m.e_neg, m.grad_norm];
        }
        Ok(self.inner.step)
    }

    pub fn step(&self) -> u32 {
        self.inner.step
    }

    /// The colour map: 256 RGBA entries (1,024 bytes), low energy first.
    #[wasm_bindgen(js_name = setColourMap)]
    pub fn set_colour_map(&mut self, lut: &[u8]) -> Result<(), JsError> {
        if lut.len() != 1024 {
            return Err(JsError::new(&format!(
                "the colour map must hold 256 RGBA entries (1024 bytes), got {}",
                lut.len()
            )));
        }
        self.lut.copy_from_slice(lut);
        Ok(())
    }

    /// Computes the frame: E on an n × n grid over the view box (row-major, row 0
    /// at the bottom), its colour scale [min, max, 1st percentile, 90th
    /// percentile], the RGBA image (row 0 at the top, for a canvas) and the
    /// interleaved negatives. Read them with the `*Ptr` views.
    pub fn render(&mut self, n: u32) -> Result<(), JsError> {
        let n = n as usize;
        if !(2..=1024).contains(&n) {
            return Err(JsError::new(&format!("grid n must be in [2, 1024], got {n}")));
        }
        if self.grid.as_ref().is_none_or(|(g, _)| g.n != n) {
            let g = self.inner.grid(n);
            self.grid = Some((g, g.centres()));
            self.energies.resize(n * n, 0.0);
            self.rgba.resize(n * n * 4, 0);
        }
        let (_, cells) = self.grid.as_ref().expect("grid set above");
        self.inner.energy().energy(cells, &mut self.energies);
        self.colour(n);
        Ok(())
    }

    /// Like `render`, with the n² energies computed elsewhere (the GPU's
    /// `EnergyGrid`): colour scale, RGBA image and negatives for this frame.
    pub fn paint(&mut self, energies: &[f32]) -> Result<(), JsError> {
        let n = (energies.len() as f64).sqrt() as usize;
        if n < 2 || n * n != energies.len() {
            return Err(JsError::new(&format!("paint needs n² energies with n ≥ 2, got {}", energies.len())));
        }
        self.energies.clear();
        self.energies.extend_from_slice(energies);
        self.rgba.resize(n * n * 4, 0);
        self.colour(n);
        Ok(())
    }
}

impl Playground {
    /// Colours `self.energies` (n × n) into `self.rgba` and packs the negatives.
    fn colour(&mut self, n: usize) {
        self.shown = self.shown_values(n);
        let values = if self.shown.is_empty() { &self.energies } else { &self.shown };
        self.stats = crate::views::shown::colour_scale(values, &mut self.sorted);
        let [_, _, lo, hi] = self.stats;
        let scale = crate::views::shown::ColourScale::new(lo, hi);
        crate::views::shown::paint(values, n, scale, &self.lut, &mut self.rgba);
        let negs = &self.inner.negatives;
        self.negatives.resize(negs.len() * 2, 0.0);
        for (i, q) in self.negatives.chunks_exact_mut(2).enumerate() {
            q.copy_from_slice(&negs.get(i));
        }
        self.provenance.clear();
        self.provenance.extend(self.inner.provenance.iter().map(|&p| p as u8));
    }
}

#[wasm_bindgen]
impl Playground {
    #[wasm_bindgen(js_name = energyPtr)]
    pub fn energy_ptr(&self) -> *const f32 {
        self.energies.as_ptr()
    }

    #[wasm_bindgen(js_name = rgbaPtr)]
    pub fn rgba_ptr(&self) -> *const u8 {
        self.rgba.as_ptr()
    }

    /// [min, max, low, high] of the last frame's energies.
    #[wasm_bindgen(js_name = statsPtr)]
    pub fn stats_ptr(&self) -> *const f32 {
        self.stats.as_ptr()
    }

    #[wasm_bindgen(js_name = negativesPtr)]
    pub fn negatives_ptr(&self) -> *const f32 {
        self.negatives.as_ptr()
    }

    /// Number of negatives in the last frame.
    #[wasm_bindgen(js_name = negativeCount)]
    pub fn negative_count(&self) -> u32 {
        self.provenance.len() as u32
    }

    /// Where each negative came from: 0 noise, 1 data, 2 replay buffer.
    #[wasm_bindgen(js_name = provenancePtr)]
    pub fn provenance_ptr(&self) -> *const u8 {
        self.provenance.as_ptr()
    }

    /// [step, loss, E₊, E₋, gradient norm] of the last step.
    #[wasm_bindgen(js_name = metricsPtr)]
    pub fn metrics_ptr(&self) -> *const f32 {
        self.metrics.as_ptr()
    }

    /// The view box [x_lo, x_hi, y_lo, y_hi].
    pub fn view(&self) -> Vec<f32> {
        let r = self.inner.view;
        vec![r.x_lo, r.x_hi, r.y_lo, r.y_hi]
    }

    /// The `points_id` of the user's points (`data=points`), or "" when there
    /// are none: the page keeps sets too long for a link under this name.
    #[wasm_bindgen(js_name = pointsId)]
    pub fn points_id(&self) -> String {
        let cfg = &self.inner.cfg;
        if cfg.dataset != crate::data::DatasetKind::User || cfg.user_points.trim().is_empty() {
            return String::new();
        }
        crate::data::parse_points(&cfg.user_points).map(|p| crate::data::points_id(&p)).unwrap_or_default()
    }

    /// Training points, interleaved [y1, y2, …].
    #[wasm_bindgen(js_name = trainPoints)]
    pub fn train_points(&self) -> Vec<f32> {
        self.inner.train.interleaved()
    }

    #[wasm_bindgen(js_name = testPoints)]
    pub fn test_points(&self) -> Vec<f32> {
        self.inner.test.interleaved()
    }

    /// The exact NLL of the training and the held-out points: [train, test]
    /// (test NaN when none are held out). Cheaper than `evaluate`.
    #[wasm_bindgen(js_name = exactNll)]
    pub fn exact_nll(&self) -> Vec<f32> {
        let (train, test) = self.inner.exact_nll_train_test();
        vec![train, test]
    }

    /// Exact NLL and energy statistics on the grid, as JSON.
    pub fn evaluate(&self) -> String {
        serde_json::to_string(&self.inner.evaluate()).unwrap_or_default()
    }

    /// Test hook: a panic inside wasm, as a bug would make (the instance traps and
    /// the page must restart the pane at its last state; tests/e2e/panes.test.mjs).
    #[wasm_bindgen(js_name = testPanic)]
    pub fn test_panic(&self) {
        panic!("a panic on purpose (test hook)");
    }

    /// Test hook: an allocation that fails, as running out of memory does: Rust's
    /// allocation-error handler aborts, and the instance traps as for a panic.
    #[wasm_bindgen(js_name = testOutOfMemory)]
    pub fn test_out_of_memory(&self) {
        std::alloc::handle_alloc_error(std::alloc::Layout::new::<[u8; 1 << 30]>());
    }

    #[wasm_bindgen(js_name = stateHash)]
    pub fn state_hash(&self) -> String {
        self.inner.state_hash()
    }

    /// The header of this scene's PyTorch script at this step (`export::pytorch_header`;
    /// the page appends the static body, `pytorchBody`); the error names what it does
    /// not cover (models other than the MLP energy, a scene without points).
    #[wasm_bindgen(js_name = pytorchHeader)]
    pub fn pytorch_header(&self) -> Result<String, JsError> {
        crate::export::pytorch_header(&self.inner).map_err(|e| JsError::new(&e.to_string()))
    }

    /// The JSON job that samples the current model with this scene's sampler
    /// settings (see `ChainSampler.create`), over `chains` chains.
    #[wasm_bindgen(js_name = samplerSpec)]
    /// Empty for the models the sampler does not run (all but the MLP energy and a fixed target).
    pub fn sampler_spec(&self, chains: u32) -> String {
        self.inner.sampler_job(chains).map_or_else(String::new, |(spec, _)| spec)
    }

    /// The model's segments to draw (a principal line, reconstruction arrows),
    /// interleaved as x0, y0, x1, y1: a copy, small and only for other models.
    pub fn segments(&self) -> Vec<f32> {
        let o = &self.inner.overlay;
        (0..o.from.len()).flat_map(|i| [o.from.y1[i], o.from.y2[i], o.to.y1[i], o.to.y2[i]]).collect()
    }

    /// The model's parameters (a copy: the sampler takes them now and then).
    pub fn theta(&self) -> Vec<f32> {
        self.inner.mlp().map_or_else(Vec::new, |m| crate::energy::Trainable::params(m).to_vec())
    }

    /// The keys the running config reads (`Config::reads`), as a JSON array: the
    /// page shows a control only when its key is here. `sampling`: the page also
    /// draws samples from the model.
    pub fn reads(&self, sampling: bool) -> String {
        serde_json::to_string(&self.inner.cfg.reads(sampling)).unwrap_or_else(|_| "[]".into())
    }

    /// What the heat map shows (`models::Plane`: its label and the number of
    /// latent values), as JSON.
    pub fn plane(&self) -> String {
        serde_json::to_string(&self.inner.plane()).unwrap_or_default()
    }

    #[wasm_bindgen(js_name = isConditional)]
    pub fn is_conditional(&self) -> bool {
        self.inner.cfg.is_conditional()
    }
}
