//! Metropolis-adjusted Langevin (MALA): a Langevin proposal
//! y' = y − ε∇E(y) + √(2ε/β)·ξ, accepted with probability min(1, α),
//! log α = −β(E(y') − E(y)) − (‖y − y' + ε∇E(y')‖² − ‖y' − y + ε∇E(y)‖²)·β/(4ε).
//! The correction removes the O(ε) bias of unadjusted Langevin: exact for any ε.

use super::{Chains, SamplerParams};
use crate::energy::Energy;
use crate::rng::{Rng, Stream};

pub fn step(e: &dyn Energy, p: &SamplerParams, c: &mut Chains, rng: &Rng, s: u32) {
    propose(p, c, rng, s);
    e.energy_grad(&c.prop, &mut c.prop_energy, &mut c.prop_grad);
    let (eps, beta) = (p.step_size, p.beta);
    let k = beta / (4.0 * eps);
    for i in 0..c.len() {
        // Squared lengths of the forward and reverse proposal residuals. With y1
        // frozen the proposal has no y1 part, so neither has its density.
        let fwd2 = c.prop.y2[i] - c.pos.y2[i] + eps * c.grad.y2[i];
        let rev2 = c.pos.y2[i] - c.prop.y2[i] + eps * c.prop_grad.y2[i];
        let (mut fwd, mut rev) = (fwd2 * fwd2, rev2 * rev2);
        if !p.freeze_y1 {
            let fwd1 = c.prop.y1[i] - c.pos.y1[i] + eps * c.grad.y1[i];
            let rev1 = c.pos.y1[i] - c.prop.y1[i] + eps * c.prop_grad.y1[i];
            fwd += fwd1 * fwd1;
            rev += rev1 * rev1;
        }
        let log_alpha = -beta * (c.prop_energy[i] - c.energy[i]) - (rev - fwd) * k;
        c.metropolis(i, log_alpha, rng, s);
    }
    c.proposed += c.len() as u64;
}

/// Writes the Langevin proposal of every chain into `c.prop`.
pub(crate) fn propose(p: &SamplerParams, c: &mut Chains, rng: &Rng, s: u32) {
    let eps = p.step_size;
    let sd = (2.0 * eps / p.beta).sqrt();
    for i in 0..c.len() {
        let xi = rng.normal2(Stream::SamplerNoise, i as u32, s);
        c.prop.y1[i] = if p.freeze_y1 { c.pos.y1[i] } else { c.pos.y1[i] - eps * c.grad.y1[i] + sd * xi[0] };
        c.prop.y2[i] = c.pos.y2[i] - eps * c.grad.y2[i] + sd * xi[1];
    }
}
