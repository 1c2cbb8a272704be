//! MCMC samplers at inverse temperature β (target p ∝ exp(−β E)) over many
//! chains at once, and gradient descent for inference.
//!
//! Layout: [`Chains`] is structure-of-arrays (positions, cached energies and
//! gradients, scratch for proposals), one entry per chain, so that a GPU
//! kernel can run the same algorithm with one thread per chain. Every random
//! number is keyed by (chain, global step) in the counter-based [`Rng`]:
//! chain i at step t draws the same noise whatever else runs.

pub mod density_check;
pub mod descent;
pub mod diagnostics;
pub mod hmc;
pub mod job;
pub mod langevin;
pub mod live;
pub mod mala;
pub mod rwmh;
pub mod trajectories;

pub use trajectories::Trajectories;

#[cfg(test)]
mod tests;

use crate::energy::Energy;
use crate::points::Points;
use crate::rng::Rng;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SamplerKind {
    /// Unadjusted Langevin: y ← y − ε∇E + √(2ε/β)·ξ.
    Langevin,
    /// "Decoupled" SGLD as used in EBM practice: y ← y − ε∇E + σ·ξ with σ
    /// chosen freely. Biased: its stationary law is not exp(−βE)/Z.
    Sgld,
    /// Metropolis-adjusted Langevin.
    Mala,
    /// Hamiltonian Monte Carlo (leapfrog + Metropolis correction).
    Hmc,
    /// Random-walk Metropolis–Hastings with Gaussian proposals of scale ε.
    Rwmh,
}

impl SamplerKind {
    pub const ALL: [(&'static str, SamplerKind); 5] = [
        ("langevin", SamplerKind::Langevin),
        ("sgld", SamplerKind::Sgld),
        ("mala", SamplerKind::Mala),
        ("hmc", SamplerKind::Hmc),
        ("rwmh", SamplerKind::Rwmh),
    ];
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SamplerParams {
    pub kind: SamplerKind,
    /// Inverse temperature β > 0.
    pub beta: f32,
    /// Step size ε (Langevin, SGLD, MALA, HMC leapfrog) or proposal scale (RWMH).
    pub step_size: f32,
    /// SGLD only: the noise scale σ.
    pub sgld_noise: f32,
    /// HMC only: leapfrog steps per iteration.
    pub leapfrog_steps: u32,
    /// Conditional models: keep y1 (= x) fixed and move only y2.
    pub freeze_y1: bool,
}

impl Default for SamplerParams {
    fn default() -> Self {
        Self {
            kind: SamplerKind::Langevin,
            beta: 1.0,
            step_size: 0.01,
            sgld_noise: 0.005,
            leapfrog_steps: 5,
            freeze_y1: false,
        }
    }
}

/// Chains and their cached state. `energy`/`grad` always hold E and ∇E at `pos`
/// after [`Chains::refresh`] or any sampler step.
#[derive(Clone, Debug, Default)]
pub struct Chains {
    pub pos: Points,
    pub energy: Vec<f32>,
    pub grad: Points,
    /// Metropolis bookkeeping (MALA, HMC, RWMH); unadjusted samplers count every step as accepted.
    pub accepted: u64,
    pub proposed: u64,
    // Scratch for proposals, reused across steps (no allocation per step).
    pub(crate) prop: Points,
    pub(crate) prop_energy: Vec<f32>,
    pub(crate) prop_grad: Points,
    pub(crate) momentum: Points,
    pub(crate) noise: Points,
}

impl Chains {
    pub fn new(pos: Points) -> Self {
        let n = pos.len();
        Self {
            pos,
            energy: vec![0.0; n],
            grad: Points::with_len(n),
            accepted: 0,
            proposed: 0,
            prop: Points::with_len(n),
            prop_energy: vec![0.0; n],
            prop_grad: Points::with_len(n),
            momentum: Points::with_len(n),
            noise: Points::with_len(n),
        }
    }

    pub fn len(&self) -> usize {
        self.pos.len()
    }

    pub fn is_empty(&self) -> bool {
        self.pos.is_empty()
    }

    /// Re-evaluates the cached energies and gradients (after moving `pos` by hand).
    pub fn refresh(&mut self, e: &dyn Energy) {
        let n = self.pos.len();
        self.energy.resize(n, 0.0);
        self.grad.resize(n);
        self.prop.resize(n);
        self.prop_energy.resize(n, 0.0);
        self.prop_grad.resize(n);
        self.momentum.resize(n);
        self.noise.resize(n);
        e.energy_grad(&self.pos, &mut self.energy, &mut self.grad);
    }

    /// The Metropolis test for chain i at step s: accept the proposal with
    /// probability min(1, e^{log α}). A NaN log α (a broken energy, a diverged
    /// trajectory) compares false: rejected.
    pub(crate) fn metropolis(&mut self, i: usize, log_alpha: f32, rng: &Rng, s: u32) {
        let u = rng.uniform4(crate::rng::Stream::Accept, i as u32, s)[0];
        if crate::kernels::math::ln(u) < log_alpha {
            self.accept_proposal(i);
            self.accepted += 1;
        }
    }

    /// Metropolis "accept" for chain i: the proposal and its cached energy and
    /// gradient replace the current state (shared by MALA, HMC and RWMH).
    pub(crate) fn accept_proposal(&mut self, i: usize) {
        self.pos.y1[i] = self.prop.y1[i];
        self.pos.y2[i] = self.prop.y2[i];
        self.energy[i] = self.prop_energy[i];
        self.grad.y1[i] = self.prop_grad.y1[i];
        self.grad.y2[i] = self.prop_grad.y2[i];
    }

    pub fn acceptance_rate(&self) -> f32 {
        if self.proposed == 0 { 1.0 } else { self.accepted as f32 / self.proposed as f32 }
    }
}

/// Runs `steps` sampler steps; step t uses global step index `step0 + t` for
/// its random numbers. Calls `chains.refresh(e)` first.
pub fn run(e: &dyn Energy, p: &SamplerParams, chains: &mut Chains, rng: &Rng, step0: u32, steps: u32) {
    run_traced(e, p, chains, rng, step0, steps, None);
}

/// [`run`], recording the first chains' positions after every step into
/// `trace` when given (the page's trajectories; `trajectories.rs`). Recording
/// only reads: the chains move exactly as in [`run`].
pub fn run_traced(
    e: &dyn Energy,
    p: &SamplerParams,
    chains: &mut Chains,
    rng: &Rng,
    step0: u32,
    steps: u32,
    mut trace: Option<&mut Trajectories>,
) {
    chains.refresh(e);
    if let Some(t) = trace.as_deref_mut() {
        t.start(&chains.pos);
    }
    for t in 0..steps {
        let s = step0.wrapping_add(t);
        match p.kind {
            SamplerKind::Langevin | SamplerKind::Sgld => langevin::step(e, p, chains, rng, s),
            SamplerKind::Mala => mala::step(e, p, chains, rng, s),
            SamplerKind::Hmc => hmc::step(e, p, chains, rng, s),
            SamplerKind::Rwmh => rwmh::step(e, p, chains, rng, s),
        }
        if let Some(t) = trace.as_deref_mut() {
            t.record(&chains.pos);
        }
    }
}
