//! Live diagnostics of "samples from the model": the first chains' positions
//! at each read (the page reads a few times a second), and from them the
//! acceptance rate, ESS per second and split-R̂ (`diagnostics.rs`), with a
//! plain-words warning when a value is bad. The reads thin the chains (several
//! sampler steps between two reads); ESS and R̂ are those of the thinned chains.

use std::collections::VecDeque;

use serde::Serialize;

use super::SamplerKind;
use super::diagnostics::{ess_multi, r_hat};

/// Chains traced (the first of the sampler's).
pub const TRACED: usize = 32;
/// Reads kept per chain.
pub const WINDOW: usize = 200;

/// The traced chains' positions, read by read, with the time of each read.
#[derive(Clone, Debug, Default)]
pub struct LiveTrace {
    y1: Vec<VecDeque<f32>>,
    y2: Vec<VecDeque<f32>>,
    at_ms: VecDeque<f64>,
}

/// What the pane shows under the sampler's status line.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LiveDiagnostics {
    pub acceptance: f32,
    /// ESS of y1 and y2 over the window, and the smaller of the two per second.
    pub ess: [f64; 2],
    pub ess_per_second: f64,
    pub r_hat: [f64; 2],
    pub reads: usize,
    /// One line with the numbers, and warnings in plain words (empty when all is well).
    pub summary: String,
    pub warnings: Vec<String>,
}

impl LiveTrace {
    /// One read: the interleaved positions of at least the traced chains, at `now_ms`.
    pub fn push(&mut self, positions: &[f32], now_ms: f64) {
        let chains = (positions.len() / 2).min(TRACED);
        if self.y1.len() != chains {
            *self =
                Self { y1: vec![VecDeque::new(); chains], y2: vec![VecDeque::new(); chains], at_ms: VecDeque::new() };
        }
        if self.at_ms.len() == WINDOW {
            self.at_ms.pop_front();
            self.y1.iter_mut().chain(&mut self.y2).for_each(|t| {
                t.pop_front();
            });
        }
        self.at_ms.push_back(now_ms);
        for c in 0..chains {
            self.y1[c].push_back(positions[2 * c]);
            self.y2[c].push_back(positions[2 * c + 1]);
        }
    }

    pub fn report(&self, acceptance: f32, sampler: SamplerKind) -> LiveDiagnostics {
        let traces = |t: &[VecDeque<f32>]| t.iter().map(|c| c.iter().copied().collect::<Vec<_>>()).collect::<Vec<_>>();
        let (t1, t2) = (traces(&self.y1), traces(&self.y2));
        let ess = [ess_multi(&t1), ess_multi(&t2)];
        let r_hat = [r_hat(&t1), r_hat(&t2)];
        let seconds = match (self.at_ms.front(), self.at_ms.back()) {
            (Some(a), Some(b)) if b > a => (b - a) / 1000.0,
            _ => f64::NAN,
        };
        let ess_per_second = ess[0].min(ess[1]) / seconds;
        let worst_r = r_hat[0].max(r_hat[1]);
        let mut warnings = Vec::new();
        if worst_r > 1.1 {
            warnings.push(format!(
                "some chains are stuck or far apart: R̂ {worst_r:.2} (near 1 when they agree) — try a smaller ε, more steps, or another sampler"
            ));
        }
        let metropolis = matches!(sampler, SamplerKind::Mala | SamplerKind::Hmc | SamplerKind::Rwmh);
        if metropolis && acceptance < 0.2 {
            warnings.push(format!(
                "only {:.0} % of proposals are accepted: the chains barely move — try a smaller ε",
                100.0 * acceptance
            ));
        }
        if sampler == SamplerKind::Rwmh && acceptance > 0.9 {
            warnings.push(format!(
                "{:.0} % of proposals are accepted: steps this small explore slowly — a larger ε",
                100.0 * acceptance
            ));
        }
        let acc = if metropolis { format!("acceptance {:.0} % · ", 100.0 * acceptance) } else { String::new() };
        let summary = if self.at_ms.len() < 8 {
            format!("{acc}diagnostics after 8 reads ({} so far)", self.at_ms.len())
        } else {
            format!(
                "{acc}ESS {:.0} ({:.0}/s) · R̂ {worst_r:.2} over the last {} reads of {} chains",
                ess[0].min(ess[1]),
                ess_per_second,
                self.at_ms.len(),
                self.y1.len()
            )
        };
        LiveDiagnostics { acceptance, ess, ess_per_second, r_hat, reads: self.at_ms.len(), summary, warnings }
    }

    /// The paths layer's part for samples from the model: the first
    /// `trajectories::TRACED` chains over their last `reads` reads, and whether
    /// each chain moved between two reads (false: every proposal between them
    /// was rejected, for the Metropolis samplers).
    pub fn paths(&self, reads: usize) -> super::trajectories::Trajectories {
        let chains = self.y1.len().min(super::trajectories::TRACED);
        let from = self.at_ms.len().saturating_sub(reads);
        let paths: Vec<Vec<[f32; 2]>> =
            (0..chains).map(|c| (from..self.at_ms.len()).map(|t| [self.y1[c][t], self.y2[c][t]]).collect()).collect();
        let moved = paths.iter().map(|p| p.windows(2).map(|w| w[0] != w[1]).collect()).collect();
        super::trajectories::Trajectories { paths, moved }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::{Rng, Stream};

    fn read(trace: &mut LiveTrace, chains: usize, t: u32, f: impl Fn(usize, [f32; 2]) -> [f32; 2]) {
        let rng = Rng::new(5);
        let pos: Vec<f32> = (0..chains).flat_map(|c| f(c, rng.normal2(Stream::Data, c as u32, t))).collect();
        trace.push(&pos, f64::from(t) * 100.0);
    }

    #[test]
    fn the_paths_of_samples_are_the_last_reads_of_the_first_chains() {
        // 10 reads of 8 chains: chain c at read t sits at (c, t), except chain 1, which never moves.
        let mut trace = LiveTrace::default();
        for t in 0..10 {
            let pos: Vec<f32> = (0..8).flat_map(|c| [c as f32, if c == 1 { 0.0 } else { t as f32 }]).collect();
            trace.push(&pos, f64::from(t));
        }
        let p = trace.paths(4);
        assert_eq!(p.paths.len(), crate::sampler::trajectories::TRACED);
        assert_eq!(p.paths[2], vec![[2.0, 6.0], [2.0, 7.0], [2.0, 8.0], [2.0, 9.0]]);
        assert_eq!(p.moved[2], vec![true; 3]);
        assert_eq!(p.moved[1], vec![false; 3], "a chain that stayed: its proposals were rejected");
        assert!(LiveTrace::default().paths(4).paths.is_empty());
    }

    #[test]
    fn independent_draws_mix_and_stuck_chains_are_named() {
        // Independent N(0, 1) draws at every read: R̂ ≈ 1 (64 half-chains of 50 draws: its sampling
        // spread is under 0.005, so 1.05 is far out), ESS ≈ all 32 × 100 = 3,200 draws; half of
        // that (1,500) is far above what correlated chains give (τ ≥ 2 already halves it).
        let mut good = LiveTrace::default();
        for t in 0..100 {
            read(&mut good, 64, t, |_, z| z);
        }
        let r = good.report(0.6, SamplerKind::Mala);
        assert!(r.r_hat[0] < 1.05 && r.r_hat[1] < 1.05, "{r:?}");
        assert!(r.ess[0] > 1500.0, "{r:?}");
        assert!(r.warnings.is_empty(), "{r:?}");
        assert!((r.ess_per_second - r.ess[0].min(r.ess[1]) / 9.9).abs() < 1e-6, "100 reads 100 ms apart span 9.9 s");
        assert!(r.summary.starts_with("acceptance 60 % · ESS"), "{}", r.summary);
        // Half the chains stuck at y1 = 3 (one mode), half mixing around 0: R̂ far above 1.1.
        let mut stuck = LiveTrace::default();
        for t in 0..100 {
            read(&mut stuck, 32, t, |c, z| if c % 2 == 0 { [3.0 + 0.1 * z[0], z[1]] } else { z });
        }
        let r = stuck.report(0.1, SamplerKind::Mala);
        assert!(r.r_hat[0] > 1.3, "{r:?}");
        assert!(r.warnings[0].starts_with("some chains are stuck or far apart: R̂"), "{:?}", r.warnings);
        assert!(r.warnings[1].starts_with("only 10 % of proposals are accepted"), "{:?}", r.warnings);
    }

    #[test]
    fn the_window_keeps_the_last_reads_and_a_new_chain_count_starts_over() {
        let mut t = LiveTrace::default();
        for k in 0..(WINDOW as u32 + 20) {
            read(&mut t, 40, k, |_, z| z);
        }
        assert_eq!((t.y1.len(), t.at_ms.len(), t.y1[0].len()), (TRACED, WINDOW, WINDOW));
        assert_eq!(t.report(1.0, SamplerKind::Langevin).reads, WINDOW);
        read(&mut t, 8, 0, |_, z| z);
        assert_eq!((t.y1.len(), t.at_ms.len()), (8, 1));
        assert!(t.report(1.0, SamplerKind::Langevin).summary.starts_with("diagnostics after 8 reads (1 so far)"));
    }
}
