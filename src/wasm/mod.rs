//! The only `#[wasm_bindgen]` code: a thin newtype over [`train::Trainer`] that
//! converts arrays, validates once and maps errors to `JsError`.

mod mlp;

pub use mlp::MlpEnergy;
use wasm_bindgen::prelude::*;

use crate::config::Config;
use crate::energy::Energy;
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

/// The config schema (JSON array of fields with ranges and defaults).
#[wasm_bindgen]
pub fn schema() -> String {
    Config::schema_json()
}

#[wasm_bindgen]
pub struct Playground {
    inner: Trainer,
    problems: Vec<String>,
    grid: Option<(Grid, Points)>,
    energies: Vec<f32>,
}

#[wasm_bindgen]
impl Playground {
    /// Builds a playground from the URL form of the config. Never fails: bad
    /// values keep their defaults and are listed by `problems()`.
    #[wasm_bindgen(constructor)]
    pub fn new(query: &str) -> Playground {
        let (cfg, mut problems) = Config::from_query(query);
        let (inner, more) = Trainer::new(cfg);
        problems.extend(more);
        Playground { inner, problems, grid: None, energies: Vec::new() }
    }

    /// Problems found in the config, as a JSON array of messages.
    pub fn problems(&self) -> String {
        serde_json::to_string(&self.problems).unwrap_or_else(|_| "[]".into())
    }

    /// The canonical URL form of the running config.
    #[wasm_bindgen(js_name = configQuery)]
    pub fn config_query(&self) -> String {
        self.inner.cfg.to_query()
    }

    /// Runs up to `steps` training steps; returns the step count. On divergence
    /// the bad step is rolled back and the error explains it.
    pub fn train(&mut self, steps: u32) -> Result<u32, JsError> {
        for _ in 0..steps {
            self.inner.step().map_err(|e| JsError::new(&e.to_string()))?;
        }
        Ok(self.inner.step)
    }

    pub fn step(&self) -> u32 {
        self.inner.step
    }

    /// Writes E on an n × n grid over the view box into `out` (row-major, row 0
    /// at the bottom) and returns [min, max, low, high], where low/high are the
    /// 1st and 90th percentiles, for the colour scale.
    #[wasm_bindgen(js_name = energyGrid)]
    pub fn energy_grid(&mut self, n: u32, out: &mut [f32]) -> Result<Vec<f32>, JsError> {
        let n = n as usize;
        if !(2..=1024).contains(&n) || out.len() != n * n {
            return Err(JsError::new(&format!("grid n must be in [2, 1024] with an output of n² floats, got n = {n}")));
        }
        if self.grid.as_ref().is_none_or(|(g, _)| g.n != n) {
            let g = self.inner.grid(n);
            self.grid = Some((g, g.centres()));
        }
        let (_, cells) = self.grid.as_ref().expect("grid set above");
        self.inner.model.energy(cells, out);
        self.energies.clear();
        self.energies.extend(out.iter().copied().filter(|v| v.is_finite()));
        if self.energies.is_empty() {
            return Ok(vec![f32::NAN; 4]);
        }
        let len = self.energies.len();
        let pick = |v: &mut Vec<f32>, q: f32| {
            let k = ((len - 1) as f32 * q) as usize;
            *v.select_nth_unstable_by(k, f32::total_cmp).1
        };
        let min = self.energies.iter().copied().fold(f32::INFINITY, f32::min);
        let max = self.energies.iter().copied().fold(f32::NEG_INFINITY, f32::max);
        let low = pick(&mut self.energies, 0.01);
        let high = pick(&mut self.energies, 0.9);
        Ok(vec![min, max, low, high])
    }

    /// The view box [x_lo, x_hi, y_lo, y_hi].
    pub fn view(&self) -> Vec<f32> {
        let r = self.inner.view;
        vec![r.x_lo, r.x_hi, r.y_lo, r.y_hi]
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

    /// The last negatives, interleaved.
    pub fn negatives(&self) -> Vec<f32> {
        self.inner.negatives.interleaved()
    }

    /// Where each negative came from: 0 noise, 1 data, 2 replay buffer.
    pub fn provenance(&self) -> Vec<u8> {
        self.inner.provenance.iter().map(|&p| p as u8).collect()
    }

    /// The last step's metrics as JSON.
    pub fn metrics(&self) -> String {
        serde_json::to_string(&self.inner.last).unwrap_or_default()
    }

    /// Exact NLL and energy statistics on the grid, as JSON.
    pub fn evaluate(&self) -> String {
        serde_json::to_string(&self.inner.evaluate()).unwrap_or_default()
    }

    #[wasm_bindgen(js_name = stateHash)]
    pub fn state_hash(&self) -> String {
        self.inner.state_hash()
    }

    #[wasm_bindgen(js_name = isConditional)]
    pub fn is_conditional(&self) -> bool {
        self.inner.cfg.is_conditional()
    }
}
