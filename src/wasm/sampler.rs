//! `ChainSampler`: the page's one sampler interface with two backends, the
//! GPU (`src/gpu/`) where WebGPU works and the CPU (`sampler::job`) always.
//! The page shows `backend` and, after a fallback, `reason`.

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::future_to_promise;

use crate::gpu::Gpu;
use crate::gpu::chains::GpuChains;
use crate::sampler::job::{CpuSampler, SamplingJob};

enum Backend {
    Cpu(CpuSampler),
    Gpu(GpuChains),
}

#[wasm_bindgen]
pub struct ChainSampler {
    backend: Backend,
    reason: String,
    adapter: String,
    /// Kept to rebuild the job on the CPU if the GPU device is lost.
    spec: String,
    theta: Vec<f32>,
    /// Set by the device's `lost` promise.
    lost: Rc<RefCell<Option<String>>>,
    /// After a lost device: the GPU's step, which the CPU replays up to, and
    /// what was lost ("the GPU device was lost (…)").
    replay_to: u32,
    lost_note: String,
}

/// Most chain-steps a lost device's chains are replayed on the CPU (about 10 s
/// there); beyond, the CPU starts again from the first step and says so.
const REPLAY_MAX: u64 = 100_000_000;

fn result(positions: &[f32], acceptance: f64) -> JsValue {
    let o = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&o, &"positions".into(), &js_sys::Float32Array::from(positions));
    let _ = js_sys::Reflect::set(&o, &"acceptance".into(), &acceptance.into());
    o.into()
}

#[wasm_bindgen]
impl ChainSampler {
    /// The job on the CPU, saying why it is not on the GPU. The CPU's chain
    /// state (about 56 MB at 10⁶ chains) is built only here, once the GPU is
    /// ruled out.
    fn on_cpu(job: SamplingJob, reason: String, spec: String, theta: Vec<f32>) -> ChainSampler {
        ChainSampler {
            backend: Backend::Cpu(CpuSampler::new(job)),
            reason,
            adapter: String::new(),
            spec,
            theta,
            lost: Rc::new(RefCell::new(None)),
            replay_to: 0,
            lost_note: String::new(),
        }
    }

    /// Builds the job from its JSON form (see `sampler::job::JobSpec`) and, for
    /// an MLP, its parameters; `prefer` is "gpu" (the GPU when it can, else the
    /// CPU with the reason) or "cpu".
    pub async fn create(spec: String, theta: Vec<f32>, prefer: String) -> Result<ChainSampler, JsError> {
        let job = SamplingJob::from_spec(&spec, &theta).map_err(|e| JsError::new(&e))?;
        if prefer != "gpu" {
            return Ok(Self::on_cpu(job, "the CPU was asked for".into(), spec, theta));
        }
        let gpu = match Gpu::shared().await {
            Ok(g) => g,
            Err(why) => return Ok(Self::on_cpu(job, why, spec, theta)),
        };
        let lost = Rc::new(RefCell::new(None));
        let flag = lost.clone();
        let adapter = gpu.adapter.clone();
        let on_lost = Closure::<dyn FnMut(web_sys::GpuDeviceLostInfo)>::new(move |info: web_sys::GpuDeviceLostInfo| {
            *flag.borrow_mut() = Some(info.message());
        });
        let _ = gpu.device.lost().then(&on_lost);
        on_lost.forget(); // lives as long as the device: one small closure per sampler
        match GpuChains::new(gpu, job) {
            Ok(chains) => Ok(ChainSampler {
                backend: Backend::Gpu(chains),
                reason: String::new(),
                adapter,
                spec,
                theta,
                lost,
                replay_to: 0,
                lost_note: String::new(),
            }),
            Err(why) => {
                // The job went to the GPU; rebuilding it from its JSON is cheap (no chains yet).
                let job = SamplingJob::from_spec(&spec, &theta).map_err(|e| JsError::new(&e))?;
                Ok(Self::on_cpu(job, why, spec, theta))
            }
        }
    }

    /// "gpu" or "cpu".
    #[wasm_bindgen(getter)]
    pub fn backend(&self) -> String {
        match self.backend {
            Backend::Cpu(_) => "cpu".into(),
            Backend::Gpu(_) => "gpu".into(),
        }
    }

    /// Why the CPU runs (empty on the GPU); after a lost device, how far its replay is.
    #[wasm_bindgen(getter)]
    pub fn reason(&self) -> String {
        match self.behind() {
            0 => self.reason.clone(),
            left => format!(
                "{}: replaying its chains on the CPU, step {} of {}",
                self.lost_note,
                self.replay_to - left,
                self.replay_to
            ),
        }
    }

    /// The GPU adapter's name (empty on the CPU).
    #[wasm_bindgen(getter)]
    pub fn adapter(&self) -> String {
        self.adapter.clone()
    }

    /// Global sampler steps run (or submitted) so far.
    #[wasm_bindgen(getter)]
    pub fn step(&self) -> u32 {
        match &self.backend {
            Backend::Cpu(c) => c.step,
            Backend::Gpu(g) => g.step,
        }
    }

    /// Steps the CPU still has to replay after a lost GPU device (0 otherwise):
    /// the caller runs them, a few per frame, before the chains go on.
    #[wasm_bindgen(getter)]
    pub fn behind(&self) -> u32 {
        match &self.backend {
            Backend::Cpu(c) => self.replay_to.saturating_sub(c.step),
            Backend::Gpu(_) => 0,
        }
    }

    /// Runs `steps` steps of every chain: at once on the CPU; submitted (not
    /// awaited) on the GPU. A lost GPU device moves the job to the CPU, to be
    /// replayed there from the same seed up to the GPU's step (`behind`): the
    /// same chains, within the GPU's rounding (tests/gpu.rs).
    pub fn run(&mut self, steps: u32) -> Result<(), JsError> {
        crate::limits::steps("run", steps).map_err(|e| JsError::new(&e))?;
        if let Some(why) = self.lost.borrow_mut().take() {
            let gpu_step = self.step();
            let job = SamplingJob::from_spec(&self.spec, &self.theta).map_err(|e| JsError::new(&e))?;
            let cpu = CpuSampler::new(job);
            let work = cpu.chains.len() as u64 * u64::from(gpu_step);
            self.replay_to = if work <= REPLAY_MAX { gpu_step } else { 0 };
            self.lost_note = format!("the GPU device was lost ({why})");
            self.reason = if self.replay_to > 0 || gpu_step == 0 {
                format!("{}; its chains were replayed on the CPU to step {gpu_step} and go on there", self.lost_note)
            } else {
                format!(
                    "{}; the chains start again on the CPU (replaying {gpu_step} steps of {} chains would take minutes)",
                    self.lost_note,
                    cpu.chains.len()
                )
            };
            self.backend = Backend::Cpu(cpu);
            self.adapter.clear();
            // The caller planned `steps` for the GPU; on the CPU they could take
            // seconds. Run none now and let it plan again from `backend`.
            return Ok(());
        }
        match &mut self.backend {
            Backend::Cpu(c) => {
                c.run(steps);
                Ok(())
            }
            Backend::Gpu(g) => g.run(steps).map_err(|e| JsError::new(&e)),
        }
    }

    /// New MLP parameters for the sampled energy.
    #[wasm_bindgen(js_name = setTheta)]
    pub fn set_theta(&mut self, theta: Vec<f32>) -> Result<(), JsError> {
        match &mut self.backend {
            Backend::Cpu(c) => c.set_theta(&theta),
            Backend::Gpu(g) => g.set_theta(&theta),
        }
        .map_err(|e| JsError::new(&e))?;
        self.theta = theta;
        Ok(())
    }

    /// A promise of `{positions, acceptance}`: the first `m` chains'
    /// interleaved (y1, y2) and their acceptance rate. Only these are read back.
    pub fn read(&self, m: u32) -> Result<js_sys::Promise, JsError> {
        match &self.backend {
            Backend::Cpu(c) => {
                let m = (m as usize).min(c.chains.len());
                let pos: Vec<f32> = (0..m).flat_map(|i| c.chains.pos.get(i)).collect();
                Ok(js_sys::Promise::resolve(&result(&pos, f64::from(c.chains.acceptance_rate()))))
            }
            Backend::Gpu(g) => {
                let steps = f64::from(g.step.max(1));
                let fut = g.read(m as usize).map_err(|e| JsError::new(&e))?;
                Ok(future_to_promise(async move {
                    let r = fut.await.map_err(|e| JsValue::from(JsError::new(&e)))?;
                    let chains = (r.positions.len() / 2).max(1) as f64;
                    Ok(result(&r.positions, r.accepted as f64 / (chains * steps)))
                }))
            }
        }
    }

    /// Destroys the GPU device (this thread's shared one), as a driver reset
    /// would: the next `run` of every user moves to the CPU. For tests and for
    /// trying the fallback by hand.
    #[wasm_bindgen(js_name = loseDevice)]
    pub fn lose_device(&self) {
        if let Backend::Gpu(g) = &self.backend {
            g.gpu.device.destroy();
        }
    }

    /// On the GPU, the device's `lost` promise (it settles with `{message}` when
    /// the device is lost: a read pending then never settles, so the page must
    /// not wait for it); undefined on the CPU.
    #[wasm_bindgen(js_name = whenLost)]
    pub fn when_lost(&self) -> Option<js_sys::Promise> {
        match &self.backend {
            Backend::Gpu(g) => Some(g.gpu.device.lost().unchecked_into()),
            Backend::Cpu(_) => None,
        }
    }

    /// Resolves when everything submitted has run (at once on the CPU): for timing.
    pub fn done(&self) -> js_sys::Promise {
        match &self.backend {
            Backend::Cpu(_) => js_sys::Promise::resolve(&JsValue::UNDEFINED),
            Backend::Gpu(g) => {
                let fut = g.done();
                future_to_promise(async move {
                    fut.await;
                    Ok(JsValue::UNDEFINED)
                })
            }
        }
    }
}

/// Live diagnostics of a sampler's reads (`sampler::live`): acceptance, ESS
/// per second, split-R̂ and warnings in plain words, for the pane's status.
#[wasm_bindgen]
pub struct SamplerTrace {
    trace: crate::sampler::live::LiveTrace,
    kind: crate::sampler::SamplerKind,
}

#[wasm_bindgen]
impl SamplerTrace {
    /// For the sampler of `spec` (the JSON of `Playground.samplerSpec`).
    #[wasm_bindgen(constructor)]
    pub fn new(spec: &str) -> SamplerTrace {
        /// The one field read here (the job parses the rest).
        #[derive(serde::Deserialize)]
        struct Named {
            sampler: String,
        }
        let name = serde_json::from_str::<Named>(spec).map(|n| n.sampler).ok();
        let kind = crate::sampler::SamplerKind::ALL
            .iter()
            .find(|(n, _)| Some(*n) == name.as_deref())
            .map_or(crate::sampler::SamplerKind::Langevin, |(_, k)| *k);
        SamplerTrace { trace: Default::default(), kind }
    }

    /// One read: interleaved positions (the first chains are traced), at `now_ms`.
    pub fn push(&mut self, positions: &[f32], now_ms: f64) {
        self.trace.push(positions, now_ms);
    }

    /// The paths layer's part for these samples, packed like `Playground.samplerPaths`:
    /// the first six chains over the last `reads` reads.
    pub fn paths(&self, reads: u32) -> Vec<f32> {
        crate::wasm::views::pack_paths(&self.trace.paths(reads as usize))
    }

    /// The diagnostics as JSON (`sampler::live::LiveDiagnostics`).
    pub fn report(&self, acceptance: f32) -> String {
        serde_json::to_string(&self.trace.report(acceptance, self.kind)).unwrap_or_default()
    }
}
