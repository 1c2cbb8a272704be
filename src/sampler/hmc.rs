//! Hamiltonian Monte Carlo: the marble kicked in a random direction that rolls
//! on the energy surface. Momentum p ~ N(0, I), H = βE(y) + ½‖p‖², leapfrog
//! with force −β∇E, then a Metropolis accept on ΔH, which makes it exact for
//! any step size. Each leapfrog step is one batched gradient evaluation.

use super::{Chains, SamplerParams};
use crate::energy::Energy;
use crate::kernels;
use crate::rng::{Rng, Stream};

pub fn step(e: &dyn Energy, p: &SamplerParams, c: &mut Chains, rng: &Rng, s: u32) {
    for i in 0..c.len() {
        let m = initial_momentum(p, rng, i, s);
        c.momentum.set(i, m);
    }
    leapfrog(e, p, c);
    for i in 0..c.len() {
        // The starting momentum is redrawn (a pure function of (i, s)) rather than
        // stored: Chains has no spare per-chain slot, and a GPU kernel needs none.
        let [a, b] = initial_momentum(p, rng, i, s);
        let kinetic0 = 0.5 * (a * a + b * b);
        let [a1, b1] = c.momentum.get(i);
        let kinetic1 = 0.5 * (a1 * a1 + b1 * b1);
        let delta_h = p.beta * (c.prop_energy[i] - c.energy[i]) + (kinetic1 - kinetic0);
        c.metropolis(i, -delta_h, rng, s);
    }
    c.proposed += c.len() as u64;
}

/// p ~ N(0, I) for chain i at step s; the y1 component is 0 when y1 is frozen.
fn initial_momentum(p: &SamplerParams, rng: &Rng, i: usize, s: u32) -> [f32; 2] {
    let xi = rng.normal2(Stream::SamplerNoise, i as u32, s);
    [if p.freeze_y1 { 0.0 } else { xi[0] }, xi[1]]
}

/// `leapfrog_steps` (at least 1) leapfrog steps of size ε from (`c.pos`,
/// `c.momentum`), using `c.grad` as the first force. Leaves the end point in
/// `c.prop` (with its energy and gradient) and the end momentum in `c.momentum`.
pub(crate) fn leapfrog(e: &dyn Energy, p: &SamplerParams, c: &mut Chains) {
    let eps = p.step_size;
    let half_kick = 0.5 * eps * p.beta;
    let kick = eps * p.beta;
    let steps = p.leapfrog_steps.max(1);
    let free1 = !p.freeze_y1;
    // Half kick, then drift: p ← p − (ε/2)β∇E; y' ← y + ε p (y1 stays when frozen).
    if free1 {
        kernels::axpy(&mut c.momentum.y1, -half_kick, &c.grad.y1);
        kernels::scaled_sum(&mut c.prop.y1, &c.pos.y1, eps, &c.momentum.y1);
    } else {
        c.prop.y1.copy_from_slice(&c.pos.y1);
    }
    kernels::axpy(&mut c.momentum.y2, -half_kick, &c.grad.y2);
    kernels::scaled_sum(&mut c.prop.y2, &c.pos.y2, eps, &c.momentum.y2);
    for l in 1..=steps {
        e.energy_grad(&c.prop, &mut c.prop_energy, &mut c.prop_grad);
        let last = l == steps;
        let k = if last { half_kick } else { kick };
        if free1 {
            kernels::axpy(&mut c.momentum.y1, -k, &c.prop_grad.y1);
        }
        kernels::axpy(&mut c.momentum.y2, -k, &c.prop_grad.y2);
        if !last {
            if free1 {
                kernels::axpy(&mut c.prop.y1, eps, &c.momentum.y1);
            }
            kernels::axpy(&mut c.prop.y2, eps, &c.momentum.y2);
        }
    }
}
