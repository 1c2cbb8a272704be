//! A sampling job — which energy, which sampler, how many chains, which seed —
//! and its CPU backend. The GPU backend (`src/gpu/`, wasm32 only) runs the same
//! job in WGSL; both start from [`SamplingJob::initial_positions`] and draw
//! the same Philox streams, so they differ only by float rounding.
//!
//! [`JobUniforms`] is the uniform block of `src/gpu/shaders/common.wgsl`
//! (keep the two in sync); it is built here so that it is tested natively.

use serde::Deserialize;

use super::{Chains, SamplerKind, SamplerParams};
use crate::energy::analytic::Analytic;
use crate::energy::mlp::Mlp;
use crate::energy::{Energy, Trainable};
use crate::kernels::Activation;
use crate::points::{Points, Rect};
use crate::rng::{Rng, Stream};

/// Most chains a job may ask for: the page's largest choice. A 10⁶-chain job
/// holds 8 MB of positions on the GPU, about 56 MB of chain state on the CPU.
pub const MAX_CHAINS: u32 = 1_000_000;
/// The GPU shaders keep per-layer slopes in registers: MLPs up to this size.
pub const GPU_MAX_DEPTH: usize = 4;
pub const GPU_MAX_WIDTH: usize = 64;
/// The `b` key of the starting points in `Stream::NegInit` (training steps use small b).
const INIT_KEY: u32 = u32::MAX;

/// The energy a job samples.
#[derive(Debug)]
pub enum JobEnergy {
    Mlp(Mlp),
    Analytic(Analytic),
}

impl JobEnergy {
    pub fn as_energy(&self) -> &dyn Energy {
        match self {
            JobEnergy::Mlp(m) => m,
            JobEnergy::Analytic(a) => a,
        }
    }
}

/// The job as JSON (`ChainSampler.create` on the page), every field optional
/// but `energy`; see [`SamplingJob::from_spec`].
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JobSpec {
    /// "mlp" or an analytic target name.
    pub energy: String,
    pub sizes: Option<Vec<usize>>,
    pub act: Option<String>,
    pub sampler: Option<String>,
    pub chains: Option<u32>,
    pub eps: Option<f32>,
    pub beta: Option<f32>,
    pub sgld_noise: Option<f32>,
    pub leapfrog: Option<u32>,
    pub seed: Option<u32>,
    /// [x_lo, x_hi, y_lo, y_hi]: where the chains start (uniformly).
    pub view: Option<[f32; 4]>,
    pub freeze_y1: Option<bool>,
}

/// The JSON job that samples a trained MLP with the sampler settings of `cfg`,
/// starting in `view` (the page's "sample from the model").
pub fn spec_for_model(cfg: &crate::config::Config, model: &Mlp, view: Rect, chains: u32) -> String {
    let act = Activation::ALL.iter().find(|(_, a)| *a == model.activation()).map_or("silu", |(n, _)| n);
    let mut spec = spec_for_energy(cfg, "mlp", view, chains);
    spec["sizes"] = serde_json::json!(model.sizes());
    spec["act"] = serde_json::json!(act);
    spec.to_string()
}

/// The same for a fixed analytic energy (`model=target`): no parameters.
pub fn spec_for_target(cfg: &crate::config::Config, view: Rect, chains: u32) -> String {
    spec_for_energy(cfg, cfg.target, view, chains).to_string()
}

fn spec_for_energy(cfg: &crate::config::Config, energy: &str, view: Rect, chains: u32) -> serde_json::Value {
    let sampler = SamplerKind::ALL.iter().find(|(_, k)| *k == cfg.sampler).map_or("langevin", |(n, _)| n);
    serde_json::json!({
        "energy": energy,
        "sampler": sampler,
        "chains": chains,
        "eps": cfg.eps,
        "beta": cfg.beta,
        "sgld_noise": cfg.sgld_noise,
        "leapfrog": cfg.leapfrog,
        "seed": cfg.seed,
        "view": [view.x_lo, view.x_hi, view.y_lo, view.y_hi],
        "freeze_y1": cfg.is_conditional(),
    })
}

#[derive(Debug)]
pub struct SamplingJob {
    pub energy: JobEnergy,
    pub params: SamplerParams,
    pub chains: u32,
    pub seed: u32,
    pub view: Rect,
}

impl SamplingJob {
    /// Builds a job from its JSON form and, for an MLP, its parameters.
    /// Every message names the field and what it accepts.
    pub fn from_spec(json: &str, theta: &[f32]) -> Result<Self, String> {
        let spec: JobSpec = serde_json::from_str(json).map_err(|e| messages::spec_error(json, &e))?;
        let energy = if spec.energy == "mlp" {
            let sizes = spec.sizes.clone().ok_or("sampling job: an mlp energy needs 'sizes'")?;
            let act_name = spec.act.as_deref().unwrap_or("silu");
            let act = Activation::ALL.iter().find(|(n, _)| *n == act_name).map(|(_, a)| *a).ok_or_else(|| {
                format!("sampling job: act must be one of silu, softplus, tanh, relu, elu, got '{act_name}'")
            })?;
            crate::limits::mlp_sizes(&sizes).map_err(|e| format!("sampling job: {e}"))?;
            if crate::energy::mlp::param_count(&sizes) != theta.len() {
                return Err(format!(
                    "sampling job: sizes {sizes:?} need {} parameters, got {}",
                    crate::energy::mlp::param_count(&sizes),
                    theta.len()
                ));
            }
            JobEnergy::Mlp(Mlp::from_params(&sizes, act, theta.to_vec()))
        } else {
            JobEnergy::Analytic(Analytic::by_name(&spec.energy).ok_or_else(|| {
                format!(
                    "sampling job: energy must be 'mlp' or one of {}, got '{}'",
                    Analytic::NAMES.join(", "),
                    spec.energy
                )
            })?)
        };
        let sampler = spec.sampler.as_deref().unwrap_or("langevin");
        let kind = SamplerKind::ALL.iter().find(|(n, _)| *n == sampler).map(|(_, k)| *k).ok_or_else(|| {
            format!("sampling job: sampler must be one of langevin, sgld, mala, hmc, rwmh, got '{sampler}'")
        })?;
        let chains = spec.chains.unwrap_or(4096);
        if chains == 0 || chains > MAX_CHAINS {
            return Err(format!("sampling job: chains must be in 1..={MAX_CHAINS}, got {chains}"));
        }
        let positive = |name: &str, v: Option<f32>, default: f32| match v {
            None => Ok(default),
            Some(x) if x.is_finite() && x > 0.0 => Ok(x),
            Some(x) => Err(format!("sampling job: {name} must be finite and > 0, got {x}")),
        };
        let view = match spec.view {
            None => Rect::square(3.0),
            // The extent must be finite too: [−3e38, 3e38] would start every chain at ±∞.
            Some([a, b, c, d]) if [a, b, c, d, b - a, d - c].iter().all(|v| v.is_finite()) && a < b && c < d => {
                Rect { x_lo: a, x_hi: b, y_lo: c, y_hi: d }
            }
            Some(v) => {
                return Err(format!(
                    "sampling job: view must be finite [x_lo < x_hi, y_lo < y_hi] of finite size, got {v:?}"
                ));
            }
        };
        let params = SamplerParams {
            kind,
            beta: positive("beta", spec.beta, 1.0)?,
            step_size: positive("eps", spec.eps, 0.01)?,
            sgld_noise: positive("sgld_noise", spec.sgld_noise, 0.005)?,
            leapfrog_steps: spec.leapfrog.unwrap_or(5).clamp(1, 100),
            freeze_y1: spec.freeze_y1.unwrap_or(false),
        };
        Ok(Self { energy, params, chains, seed: spec.seed.unwrap_or(1), view })
    }

    /// Chain i starts uniformly in the view box, at (NegInit, i, INIT_KEY).
    pub fn initial_positions(&self) -> Points {
        let rng = Rng::new(self.seed);
        let v = self.view;
        let mut p = Points::with_len(self.chains as usize);
        for i in 0..self.chains {
            let u = rng.uniform4(Stream::NegInit, i, INIT_KEY);
            p.set(i as usize, [v.x_lo + u[0] * v.width(), v.y_lo + u[1] * v.height()]);
        }
        p
    }

    /// Why the GPU shaders cannot run this job, if they cannot.
    pub fn gpu_unsupported(&self) -> Option<String> {
        match &self.energy {
            JobEnergy::Mlp(m) => {
                let (depth, width) = (m.sizes().len() - 2, m.sizes()[1]);
                let uniform = m.sizes()[1..m.sizes().len() - 1].iter().all(|&w| w == width);
                (depth > GPU_MAX_DEPTH || width > GPU_MAX_WIDTH || !uniform).then(|| {
                    format!(
                        "the GPU sampler handles MLPs of up to {GPU_MAX_DEPTH} equal layers of up to {GPU_MAX_WIDTH} units; this one has {depth} × {width}"
                    )
                })
            }
            JobEnergy::Analytic(Analytic::Mixture { centres, sigma }) => {
                let Analytic::Mixture { centres: c8, sigma: s8 } = Analytic::eight_gaussians() else { unreachable!() };
                (centres != &c8 || *sigma != s8).then(|| "the GPU sampler knows only the 8-Gaussians mixture".into())
            }
            JobEnergy::Analytic(_) => None,
        }
    }

    /// The shader entry point for this job's sampler.
    pub fn entry_point(&self) -> &'static str {
        match self.params.kind {
            SamplerKind::Langevin | SamplerKind::Sgld => "langevin",
            SamplerKind::Mala => "mala",
            SamplerKind::Hmc => "hmc",
            SamplerKind::Rwmh => "rwmh",
        }
    }

    /// The uniform block for `steps` sampler steps from global step `step0`.
    pub fn uniforms(&self, step0: u32, steps: u32) -> JobUniforms {
        let p = &self.params;
        let noise_sd = match p.kind {
            SamplerKind::Langevin | SamplerKind::Mala => super::langevin::noise_scale(p),
            SamplerKind::Sgld => p.sgld_noise,
            SamplerKind::Hmc | SamplerKind::Rwmh => 0.0,
        };
        let (energy_kind, depth, width, act, s) = match &self.energy {
            JobEnergy::Mlp(m) => {
                let act = Activation::ALL.iter().position(|(_, a)| *a == m.activation()).unwrap_or(0);
                (0, m.sizes().len() - 2, m.sizes()[1], act, [1.0, 1.0])
            }
            JobEnergy::Analytic(a) => match a {
                Analytic::Gaussian { s1, s2 } => (1, 0, 0, 0, [*s1, *s2]),
                Analytic::Mixture { .. } => (2, 0, 0, 0, [1.0, 1.0]),
                Analytic::Banana => (3, 0, 0, 0, [1.0, 1.0]),
                Analytic::Donut => (4, 0, 0, 0, [1.0, 1.0]),
                Analytic::Funnel => (5, 0, 0, 0, [1.0, 1.0]),
                Analytic::DoubleWell => (6, 0, 0, 0, [1.0, 1.0]),
                Analytic::Circle => (7, 0, 0, 0, [1.0, 1.0]),
            },
        };
        let key = Rng::new(self.seed).key();
        let mut u = JobUniforms::default();
        u.words[..12].copy_from_slice(&[
            key[0],
            key[1],
            step0,
            steps,
            self.chains,
            energy_kind,
            depth as u32,
            width as u32,
            act as u32,
            p.leapfrog_steps,
            u32::from(p.freeze_y1),
            0,
        ]);
        for (k, v) in [p.step_size, p.beta, noise_sd, s[0], s[1]].into_iter().enumerate() {
            u.words[12 + k] = v.to_bits();
        }
        u
    }

    /// The uniform block of the grid shader: an n × n grid over `rect`.
    pub fn grid_uniforms(&self, n: u32, rect: Rect) -> JobUniforms {
        let mut u = self.uniforms(0, 0);
        u.words[11] = n;
        let g = crate::grid::Grid::new(n as usize, rect);
        for (k, v) in [rect.x_lo, rect.y_lo, g.cell_width(), g.cell_height()].into_iter().enumerate() {
            u.words[17 + k] = v.to_bits();
        }
        u
    }
}

/// The 24 words (96 bytes) of `struct Params` in `common.wgsl`.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct JobUniforms {
    pub words: [u32; 24],
}

impl JobUniforms {
    pub fn to_bytes(&self) -> Vec<u8> {
        self.words.iter().flat_map(|w| w.to_le_bytes()).collect()
    }
}

/// The CPU backend: the job on [`Chains`] with the SIMD (or scalar) kernels.
pub struct CpuSampler {
    pub job: SamplingJob,
    pub chains: Chains,
    /// Global sampler steps run so far.
    pub step: u32,
}

impl CpuSampler {
    pub fn new(job: SamplingJob) -> Self {
        let mut chains = Chains::new(job.initial_positions());
        chains.refresh(job.energy.as_energy());
        Self { job, chains, step: 0 }
    }

    pub fn run(&mut self, steps: u32) {
        let rng = Rng::new(self.job.seed);
        super::run(self.job.energy.as_energy(), &self.job.params, &mut self.chains, &rng, self.step, steps);
        self.step = self.step.wrapping_add(steps);
    }

    /// Replaces the MLP's parameters (the page keeps training while sampling).
    pub fn set_theta(&mut self, theta: &[f32]) -> Result<(), String> {
        match &mut self.job.energy {
            JobEnergy::Mlp(m) if m.params().len() == theta.len() => {
                m.params_mut().copy_from_slice(theta);
                Ok(())
            }
            JobEnergy::Mlp(m) => Err(format!("expected {} parameters, got {}", m.params().len(), theta.len())),
            JobEnergy::Analytic(_) => Err("an analytic energy has no parameters".into()),
        }
    }
}

mod messages;
#[cfg(test)]
mod tests;
