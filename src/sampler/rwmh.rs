//! Random-walk Metropolis–Hastings: y' = y + ε·ξ, accepted with probability
//! min(1, exp(−β(E(y') − E(y)))) (the proposal is symmetric). No gradient is
//! needed to move, but the cached ∇E is kept valid for the other samplers.

use super::{Chains, SamplerParams};
use crate::energy::Energy;
use crate::rng::{Rng, Stream};

pub fn step(e: &dyn Energy, p: &SamplerParams, c: &mut Chains, rng: &Rng, s: u32) {
    propose(p, c, rng, s);
    e.energy_grad(&c.prop, &mut c.prop_energy, &mut c.prop_grad);
    for i in 0..c.len() {
        c.metropolis(i, -p.beta * (c.prop_energy[i] - c.energy[i]), rng, s);
    }
    c.proposed += c.len() as u64;
}

/// Writes y + ε·ξ for every chain into `c.prop` (y1 kept when frozen).
pub(crate) fn propose(p: &SamplerParams, c: &mut Chains, rng: &Rng, s: u32) {
    let eps = p.step_size;
    for i in 0..c.len() {
        let xi = rng.normal2(Stream::SamplerNoise, i as u32, s);
        c.prop.y1[i] = if p.freeze_y1 { c.pos.y1[i] } else { c.pos.y1[i] + eps * xi[0] };
        c.prop.y2[i] = c.pos.y2[i] + eps * xi[1];
    }
}
