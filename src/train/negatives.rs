//! Where the negatives (contrastive samples) come from, each tagged with its
//! provenance so the page can colour it.

use super::Provenance;
use super::contrastive::ContrastiveMlp;
use crate::batch::{BatchDraw, spread_indices};
use crate::config::NegativeKind;
use crate::points::Points;
use crate::rng::Stream;
use crate::sampler::{self, descent};

impl ContrastiveMlp {
    /// Fills `self.negatives`/`self.provenance` for the current step.
    pub(super) fn make_negatives(&mut self) {
        let b = self.batch.len();
        let (k, step, view) = (self.cfg.k, self.step, self.view);
        let cond = self.cfg.is_conditional();
        let uniform = |t: &Self, a: u32, b_: u32, stream: Stream| {
            let u = t.rng.uniform4(stream, a, b_);
            [view.x_lo + u[0] * view.width(), view.y_lo + u[1] * view.height()]
        };
        let mut start = Points::with_len(b);
        let mut prov = vec![Provenance::Data; b];
        self.replay_slots.clear();
        match self.cfg.negatives {
            NegativeKind::ShortRun => {
                for i in 0..b {
                    let mut p = uniform(self, i as u32, step, Stream::NegInit);
                    if cond {
                        p[0] = self.batch.y1[i];
                    }
                    start.set(i, p);
                    prov[i] = Provenance::Noise;
                }
            }
            NegativeKind::Cd | NegativeKind::Descent => start = self.batch.clone(),
            NegativeKind::Corrupt | NegativeKind::Kick => {
                let s = self.cfg.kick;
                for i in 0..b {
                    let z = self.rng.normal4(Stream::NegInit, i as u32, step);
                    let [a, c] = self.batch.get(i);
                    start.set(i, [if cond { a } else { a + s * z[0] }, c + s * z[1]]);
                }
            }
            NegativeKind::Persistent => {
                self.fill_buffer();
                let slots = self.replay_slots_of(step, b);
                for (i, &slot) in slots.iter().enumerate() {
                    let reinit = self.rng.uniform4(Stream::Replay, i as u32, step)[1] < self.cfg.reinit;
                    if reinit {
                        let mut p = uniform(self, i as u32, step, Stream::NegInit);
                        if cond {
                            p[0] = self.batch.y1[i];
                        }
                        start.set(i, p);
                        prov[i] = Provenance::Noise;
                    } else {
                        start.set(i, self.buffer.get(slot));
                        prov[i] = Provenance::Buffer;
                    }
                    self.replay_slots.push(slot);
                }
            }
        }
        match self.cfg.negatives {
            NegativeKind::Corrupt => {}
            NegativeKind::Descent | NegativeKind::Kick => {
                descent::descend(&self.model, &mut start, self.cfg.eps, k, cond, None);
            }
            _ => {
                let chains = &mut self.chains;
                chains.pos = start;
                let params = self.cfg.sampler_params();
                let trace = self.trajectories.as_mut();
                sampler::run_traced(&self.model, &params, chains, &self.rng, step.wrapping_mul(k), k, trace);
                start = std::mem::take(&mut chains.pos);
            }
        }
        self.negatives = start;
        self.provenance = prov;
    }

    /// The buffer slots the b chains of step `step` start from (distinct while
    /// b ≤ n, so no two chains of a step share, and overwrite, one slot). `v=1`: a
    /// run of b slots from a random start; later versions: b slots drawn by
    /// `rand`'s index sampling on the step's replay stream ([`crate::batch`]).
    fn replay_slots_of(&self, step: u32, b: usize) -> Vec<usize> {
        let n = self.buffer.len();
        match self.cfg.batch_draw() {
            BatchDraw::Independent => {
                let start = self.rng.below(Stream::Replay, u32::MAX, step, n as u32) as usize;
                (0..b).map(|i| (start + i) % n).collect()
            }
            BatchDraw::WithoutReplacement => spread_indices(n, b, &mut self.rng.stream(Stream::Replay, step)),
        }
    }

    /// Creates the replay buffer on first use: uniform noise (x from the data when conditional).
    pub(super) fn fill_buffer(&mut self) {
        let n = self.cfg.buffer as usize;
        if self.buffer.len() == n {
            return;
        }
        let view = self.view;
        self.buffer = Points::with_len(n);
        for i in 0..n {
            let u = self.rng.uniform4(Stream::Replay, i as u32, u32::MAX);
            let mut p = [view.x_lo + u[0] * view.width(), view.y_lo + u[1] * view.height()];
            if self.cfg.is_conditional() {
                p[0] = self.train.y1[i % self.train.len()];
            }
            self.buffer.set(i, p);
        }
    }
}
