//! `EnergyGrid`: the heat map's energies on the GPU (`src/gpu/grid.rs`) for
//! large grids, with the CPU as the fallback; the page colours them with
//! `Playground.paint`. Same backend rules and reasons as `ChainSampler`.

use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::future_to_promise;

use crate::energy::Trainable;
use crate::gpu::Gpu;
use crate::gpu::grid::GpuGrid;
use crate::grid::Grid;
use crate::sampler::job::{JobEnergy, SamplingJob};

#[wasm_bindgen]
pub struct EnergyGrid {
    job: SamplingJob,
    n: u32,
    gpu: Option<GpuGrid>,
    reason: String,
    adapter: String,
}

#[wasm_bindgen]
impl EnergyGrid {
    /// An n × n grid over the job's view box for the job's energy (the JSON of
    /// `Playground.samplerSpec`); `prefer` is "gpu" or "cpu".
    pub async fn create(spec: String, theta: Vec<f32>, n: u32, prefer: String) -> Result<EnergyGrid, JsError> {
        if !(2..=2048).contains(&n) {
            return Err(JsError::new(&format!("heat-map size must be in 2..=2048, got {n}")));
        }
        let job = SamplingJob::from_spec(&spec, &theta).map_err(|e| JsError::new(&e))?;
        let mut g = EnergyGrid { job, n, gpu: None, reason: String::new(), adapter: String::new() };
        if prefer != "gpu" {
            g.reason = "the CPU was asked for".into();
            return Ok(g);
        }
        match Gpu::shared().await {
            Err(why) => g.reason = why,
            Ok(gpu) => {
                let adapter = gpu.adapter.clone();
                match GpuGrid::new(gpu, &g.job, n) {
                    Ok(grid) => {
                        g.gpu = Some(grid);
                        g.adapter = adapter;
                    }
                    Err(why) => g.reason = why,
                }
            }
        }
        Ok(g)
    }

    /// "gpu" or "cpu".
    #[wasm_bindgen(getter)]
    pub fn backend(&self) -> String {
        if self.gpu.is_some() { "gpu".into() } else { "cpu".into() }
    }

    /// Why the CPU computes the grid (empty on the GPU).
    #[wasm_bindgen(getter)]
    pub fn reason(&self) -> String {
        self.reason.clone()
    }

    #[wasm_bindgen(getter)]
    pub fn adapter(&self) -> String {
        self.adapter.clone()
    }

    /// On the GPU, the device's `lost` promise (see `ChainSampler::when_lost`);
    /// undefined on the CPU.
    #[wasm_bindgen(js_name = whenLost)]
    pub fn when_lost(&self) -> Option<js_sys::Promise> {
        self.gpu.as_ref().map(|g| g.gpu.device.lost().unchecked_into())
    }

    /// A promise of the n² energies (Float32Array, row-major, row 0 at the
    /// bottom) for parameters `theta` (ignored for analytic energies).
    pub fn energies(&mut self, theta: Vec<f32>) -> Result<js_sys::Promise, JsError> {
        if let JobEnergy::Mlp(m) = &mut self.job.energy {
            if m.params().len() != theta.len() {
                return Err(JsError::new(&format!("expected {} parameters, got {}", m.params().len(), theta.len())));
            }
            m.params_mut().copy_from_slice(&theta);
        }
        let rect = self.job.view;
        match &self.gpu {
            Some(g) => {
                let fut = g.energies(&self.job, rect).map_err(|e| JsError::new(&e))?;
                Ok(future_to_promise(async move {
                    let v = fut.await.map_err(|e| JsValue::from(JsError::new(&e)))?;
                    Ok(js_sys::Float32Array::from(&v[..]).into())
                }))
            }
            None => {
                let v = Grid::new(self.n as usize, rect).energies(self.job.energy.as_energy());
                let array: JsValue = js_sys::Float32Array::from(&v[..]).into();
                Ok(js_sys::Promise::resolve(&array))
            }
        }
    }
}
