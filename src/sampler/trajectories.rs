//! The paths of the first few chains of one sampler run: each chain's position
//! at the start and after every step, and whether that step moved it. For the
//! Metropolis samplers (MALA, HMC, RWMH) a step that leaves a chain exactly
//! where it was is a rejected proposal; Langevin and SGLD always move.

use crate::points::Points;

/// Chains whose paths are kept.
pub const TRACED: usize = 6;

#[derive(Clone, Debug, Default, PartialEq, serde::Serialize)]
pub struct Trajectories {
    /// `paths[c]` = chain c's positions: the start, then after each step.
    pub paths: Vec<Vec<[f32; 2]>>,
    /// `moved[c][t]`: whether step t moved chain c (false: a rejected proposal).
    pub moved: Vec<Vec<bool>>,
}

impl Trajectories {
    /// Begins a run at `pos` (forgetting the last one).
    pub fn start(&mut self, pos: &Points) {
        let n = pos.len().min(TRACED);
        self.paths = (0..n).map(|c| vec![pos.get(c)]).collect();
        self.moved = vec![Vec::new(); n];
    }

    /// After one step.
    pub fn record(&mut self, pos: &Points) {
        for (c, path) in self.paths.iter_mut().enumerate() {
            let p = pos.get(c);
            let last = *path.last().expect("start() gave every path its start");
            self.moved[c].push(p != last);
            path.push(p);
        }
    }

    /// Steps recorded per chain.
    pub fn steps(&self) -> usize {
        self.moved.first().map_or(0, Vec::len)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::energy::analytic::Analytic;
    use crate::rng::Rng;
    use crate::sampler::{Chains, SamplerKind, SamplerParams, run, run_traced};

    fn params(kind: SamplerKind, eps: f32) -> SamplerParams {
        SamplerParams { kind, step_size: eps, ..SamplerParams::default() }
    }

    #[test]
    fn tracing_only_reads_and_rejections_leave_the_chain_in_place() {
        let e = Analytic::DoubleWell;
        let start = Points::from_pairs(&(0..16).map(|i| [-2.0 + 0.25 * i as f32, 0.5]).collect::<Vec<_>>());
        for (kind, eps) in [(SamplerKind::Mala, 0.6), (SamplerKind::Langevin, 0.05), (SamplerKind::Rwmh, 1.0)] {
            let (mut a, mut b) = (Chains::new(start.clone()), Chains::new(start.clone()));
            let mut t = Trajectories::default();
            run(&e, &params(kind, eps), &mut a, &Rng::new(3), 40, 25);
            run_traced(&e, &params(kind, eps), &mut b, &Rng::new(3), 40, 25, Some(&mut t));
            assert_eq!(a.pos, b.pos, "{kind:?}: the traced run moves the chains as the plain one");
            assert_eq!((t.paths.len(), t.steps(), t.paths[0].len()), (TRACED, 25, 26));
            assert_eq!(t.paths[3][25], b.pos.get(3));
            let rejected = t.moved.iter().flatten().filter(|m| !**m).count();
            match kind {
                // A large MALA step on the double well is often rejected.
                SamplerKind::Mala | SamplerKind::Rwmh => assert!(rejected > 0, "{kind:?}"),
                _ => assert_eq!(rejected, 0, "Langevin always moves"),
            }
            for c in 0..TRACED {
                for s in 0..25 {
                    assert_eq!(t.moved[c][s], t.paths[c][s + 1] != t.paths[c][s]);
                }
            }
        }
    }
}
