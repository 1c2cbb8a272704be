//! Unadjusted Langevin and "decoupled" SGLD: one gradient step plus Gaussian noise.
//!
//! Langevin: y ← y − ε∇E(y) + √(2ε/β)·ξ. Its stationary law is exp(−βE)/Z only
//! as ε → 0 (a bias of order ε, e.g. a Gaussian's variance is inflated by
//! 1/(1 − ε/(2s²))). SGLD as used to train EBMs: y ← y − ε∇E(y) + σ·ξ with σ
//! free (`sgld_noise`); unless σ = √(2ε/β) it samples the wrong temperature,
//! so it is biased by design: a cheap way to get "low-energy" negatives.

use super::{Chains, SamplerKind, SamplerParams};
use crate::energy::Energy;
use crate::kernels;
use crate::rng::{Rng, Stream};

/// One step of every chain. Unadjusted: every move counts as accepted.
pub fn step(e: &dyn Energy, p: &SamplerParams, c: &mut Chains, rng: &Rng, s: u32) {
    drift_and_diffuse(e, p, c, rng, s, noise_scale(p));
}

/// The noise scale: √(2ε/β) for Langevin, σ = `sgld_noise` for SGLD.
pub fn noise_scale(p: &SamplerParams) -> f32 {
    match p.kind {
        SamplerKind::Sgld => p.sgld_noise,
        _ => (2.0 * p.step_size / p.beta).sqrt(),
    }
}

/// y ← y − ε∇E(y) + sd·ξ for every chain (y1 kept when frozen), then one
/// batched evaluation of E and ∇E at the new positions.
pub(crate) fn drift_and_diffuse(e: &dyn Energy, p: &SamplerParams, c: &mut Chains, rng: &Rng, s: u32, sd: f32) {
    let eps = p.step_size;
    for i in 0..c.len() {
        let xi = rng.normal2(Stream::SamplerNoise, i as u32, s);
        c.noise.set(i, xi);
    }
    if !p.freeze_y1 {
        kernels::drift_diffuse(&mut c.pos.y1, &c.grad.y1, &c.noise.y1, eps, sd);
    }
    kernels::drift_diffuse(&mut c.pos.y2, &c.grad.y2, &c.noise.y2, eps, sd);
    e.energy_grad(&c.pos, &mut c.energy, &mut c.grad);
    let n = c.len() as u64;
    c.accepted += n;
    c.proposed += n;
}
