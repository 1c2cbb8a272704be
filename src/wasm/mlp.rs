//! `MlpEnergy`: the MLP energy as a standalone object for JS, with the calls of
//! the peer benchmark contract (shared/bench/peers): energy on a grid, Langevin
//! chains, one contrastive Adam step, gradients. No per-call allocation in Rust
//! beyond the first call of a given size.

use wasm_bindgen::prelude::*;

use crate::energy::mlp::{Mlp, param_count};
use crate::energy::{Energy, Trainable};
use crate::kernels::Activation;
use crate::optim::{OptimState, Optimizer};
use crate::points::Points;
use crate::rng::Rng;
use crate::sampler::{self, Chains, SamplerKind, SamplerParams};

#[wasm_bindgen]
pub struct MlpEnergy {
    model: Mlp,
    pts: Points,
    pts_key: (u32, f32, f32),
    energies: Vec<f32>,
    grad: Points,
    chains: Chains,
    pos: Points,
    neg: Points,
    weights: Vec<f32>,
    grad_params: Vec<f32>,
    adam: OptimState,
}

fn deinterleave(xy: &[f32], out: &mut Points) {
    out.resize(xy.len() / 2);
    for (i, p) in xy.chunks_exact(2).enumerate() {
        out.y1[i] = p[0];
        out.y2[i] = p[1];
    }
}

fn interleave(p: &Points, xy: &mut [f32]) {
    for (i, q) in xy.chunks_exact_mut(2).enumerate() {
        q[0] = p.y1[i];
        q[1] = p.y2[i];
    }
}

#[wasm_bindgen]
impl MlpEnergy {
    /// `sizes` like [2, 64, 64, 1]; `activation` one of silu, softplus, tanh, relu, elu.
    #[wasm_bindgen(constructor)]
    pub fn new(sizes: &[u32], activation: &str, params: &[f32]) -> Result<MlpEnergy, JsError> {
        let sizes: Vec<usize> = sizes.iter().map(|&s| s as usize).collect();
        crate::limits::mlp_sizes(&sizes).map_err(|e| JsError::new(&e))?;
        if params.len() != param_count(&sizes) {
            return Err(JsError::new(&format!(
                "params must hold {} floats for these sizes, got {}",
                param_count(&sizes),
                params.len()
            )));
        }
        let act = Activation::ALL.iter().find(|(n, _)| *n == activation).map(|(_, a)| *a).ok_or_else(|| {
            JsError::new(&format!("activation must be one of silu, softplus, tanh, relu, elu, got '{activation}'"))
        })?;
        Ok(MlpEnergy {
            model: Mlp::from_params(&sizes, act, params.to_vec()),
            pts: Points::new(),
            pts_key: (0, 0.0, 0.0),
            energies: Vec::new(),
            grad: Points::new(),
            chains: Chains::default(),
            pos: Points::new(),
            neg: Points::new(),
            weights: Vec::new(),
            grad_params: Vec::new(),
            adam: OptimState::new(0),
        })
    }

    #[wasm_bindgen(js_name = setParams)]
    pub fn set_params(&mut self, params: &[f32]) -> Result<(), JsError> {
        let p = self.model.params_mut();
        if params.len() != p.len() {
            return Err(JsError::new(&format!("params must hold {} floats, got {}", p.len(), params.len())));
        }
        p.copy_from_slice(params);
        Ok(())
    }

    /// E on the n × n grid of nodes axis[i] = lo + (hi − lo)·i/(n − 1);
    /// `out[r·n + c] = E(axis[c], axis[r])`.
    pub fn heatmap(&mut self, n: u32, lo: f32, hi: f32, out: &mut [f32]) -> Result<(), JsError> {
        let m = n as usize;
        if !(2..=4096).contains(&m) || out.len() != m * m {
            return Err(JsError::new("heatmap needs n in [2, 4096] and an output of n² floats"));
        }
        if self.pts_key != (n, lo, hi) {
            let axis: Vec<f32> =
                (0..m).map(|i| (f64::from(lo) + f64::from(hi - lo) * i as f64 / (m - 1) as f64) as f32).collect();
            self.pts.resize(m * m);
            for r in 0..m {
                for c in 0..m {
                    self.pts.set(r * m + c, [axis[c], axis[r]]);
                }
            }
            self.pts_key = (n, lo, hi);
        }
        self.model.energy(&self.pts, out);
        Ok(())
    }

    /// ∇_y E at interleaved points, written interleaved into `out`.
    #[wasm_bindgen(js_name = energyGrad)]
    pub fn energy_grad(&mut self, points: &[f32], out: &mut [f32]) -> Result<(), JsError> {
        if !points.len().is_multiple_of(2) || out.len() != points.len() {
            return Err(JsError::new("energyGrad needs interleaved points and an output of the same length"));
        }
        deinterleave(points, &mut self.pos);
        let n = self.pos.len();
        self.energies.resize(n, 0.0);
        self.grad.resize(n);
        self.model.energy_grad(&self.pos, &mut self.energies, &mut self.grad);
        interleave(&self.grad, out);
        Ok(())
    }

    /// `steps` Langevin steps y ← y − ε∇E + √(2ε/β)ξ on interleaved chains, in place.
    pub fn langevin(&mut self, chains: &mut [f32], steps: u32, eps: f32, beta: f32, seed: u32) -> Result<(), JsError> {
        crate::limits::steps("langevin", steps).map_err(|e| JsError::new(&e))?;
        if !(chains.len().is_multiple_of(2) && eps > 0.0 && beta > 0.0) {
            return Err(JsError::new("langevin needs interleaved chains and positive eps and beta"));
        }
        deinterleave(chains, &mut self.chains.pos);
        let p = SamplerParams { kind: SamplerKind::Langevin, beta, step_size: eps, ..SamplerParams::default() };
        sampler::run(&self.model, &p, &mut self.chains, &Rng::new(seed), 0, steps);
        interleave(&self.chains.pos, chains);
        Ok(())
    }

    /// L = mean E(pos) − mean E(neg) + α(mean E(pos)² + mean E(neg)²) and
    /// ∇θL written into `grad`; returns L.
    #[wasm_bindgen(js_name = lossGrad)]
    pub fn loss_grad(&mut self, pos: &[f32], neg: &[f32], alpha: f32, grad: &mut [f32]) -> Result<f32, JsError> {
        let n = self.model.params().len();
        if grad.len() != n
            || !pos.len().is_multiple_of(2)
            || !neg.len().is_multiple_of(2)
            || pos.is_empty()
            || neg.is_empty()
        {
            return Err(JsError::new(&format!(
                "lossGrad needs non-empty interleaved pos and neg and a gradient of {n} floats"
            )));
        }
        deinterleave(pos, &mut self.pos);
        deinterleave(neg, &mut self.neg);
        grad.fill(0.0);
        let mut loss = 0.0;
        for (pts, sign) in [(&self.pos, 1.0f32), (&self.neg, -1.0f32)] {
            let n = pts.len();
            self.energies.resize(n, 0.0);
            self.model.energy(pts, &mut self.energies);
            let nf = n as f32;
            self.weights.clear();
            self.weights.extend(self.energies.iter().map(|&e| (sign + 2.0 * alpha * e) / nf));
            let mean = self.energies.iter().sum::<f32>() / nf;
            let mean_sq = self.energies.iter().map(|e| e * e).sum::<f32>() / nf;
            loss += sign * mean + alpha * mean_sq;
            self.model.accumulate_grad_params(pts, &self.weights, &mut self.energies, grad);
        }
        Ok(loss)
    }

    /// One Adam step (t is 1-based) of the contrastive loss on the model's own
    /// parameters, with the moments `m`, `v` held by the caller; returns L.
    #[wasm_bindgen(js_name = adamStep)]
    #[allow(clippy::too_many_arguments)]
    pub fn adam_step(
        &mut self,
        m: &mut [f32],
        v: &mut [f32],
        t: u32,
        pos: &[f32],
        neg: &[f32],
        alpha: f32,
        lr: f32,
    ) -> Result<f32, JsError> {
        crate::limits::adam_t(t).map_err(|e| JsError::new(&e))?;
        let n = self.model.params().len();
        if m.len() != n || v.len() != n {
            return Err(JsError::new(&format!("adamStep needs m and v of {n} floats and t ≥ 1")));
        }
        let mut g = std::mem::take(&mut self.grad_params);
        g.resize(n, 0.0);
        let result = self.loss_grad(pos, neg, alpha, &mut g);
        let Ok(loss) = result else {
            self.grad_params = g;
            return result;
        };
        let (b1, b2) = (0.9f32, 0.999f32);
        let state = &mut self.adam;
        state.m.resize(n, 0.0);
        state.v.resize(n, 0.0);
        state.m.copy_from_slice(m);
        state.v.copy_from_slice(v);
        // β₁ᵗ⁻¹ and β₂ᵗ⁻¹ as running products, exactly as a Trainer would hold them.
        (state.t, state.beta1_t, state.beta2_t) = (t.saturating_sub(1), 1.0, 1.0);
        for _ in 1..t {
            state.beta1_t *= b1;
            state.beta2_t *= b2;
        }
        Optimizer::Adam { beta1: b1, beta2: b2, eps: 1e-8 }.step(self.model.params_mut(), &g, state, lr);
        m.copy_from_slice(&state.m);
        v.copy_from_slice(&state.v);
        self.grad_params = g;
        Ok(loss)
    }

    /// Copies the current parameters into `out`.
    #[wasm_bindgen(js_name = copyParams)]
    pub fn copy_params(&self, out: &mut [f32]) -> Result<(), JsError> {
        if out.len() != self.model.params().len() {
            return Err(JsError::new(&format!("copyParams needs {} floats", self.model.params().len())));
        }
        out.copy_from_slice(self.model.params());
        Ok(())
    }
}
