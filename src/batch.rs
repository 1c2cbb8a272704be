//! Mini-batches: which training points one step reads.
//!
//! A batch is a pure function of (seed, step), drawn one of two ways, chosen by
//! the config's version so that old links replay exactly:
//! - `v=1` ([`BatchDraw::Independent`]): slot s takes point
//!   `rng.below(Stream::Batch, s, step, n)`, with replacement; a smaller batch is
//!   a prefix of a larger one.
//! - `v=2` ([`BatchDraw::WithoutReplacement`]): ⌊b/n⌋ passes over every point,
//!   then b mod n distinct points by `rand`'s partial shuffle on the step's
//!   Philox stream `(Stream::Batch, a = step)`. No point is read twice more often
//!   than any other, which lowers the gradient's variance on small data sets
//!   (the ellipse has 24 points).

use rand::seq::SliceRandom;

use crate::rng::{PhiloxStream, Rng, Stream};

/// How a step draws its mini-batch.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BatchDraw {
    /// Each slot draws a point independently (with replacement): config `v=1`.
    Independent,
    /// Stratified passes, then distinct points: config `v=2`.
    WithoutReplacement,
}

impl BatchDraw {
    /// The draw of the newest config version, for code that builds models by hand.
    pub const LATEST: BatchDraw = BatchDraw::WithoutReplacement;

    /// The draw a config of version `v` uses (every version after 1 draws without
    /// replacement).
    pub fn of_version(v: u32) -> Self {
        if v <= 1 { BatchDraw::Independent } else { BatchDraw::WithoutReplacement }
    }
}

/// The indices (each below `n`, n > 0) of the `batch` points step `step` reads.
pub fn batch_indices(n: usize, batch: usize, draw: BatchDraw, rng: &Rng, step: u32) -> Vec<usize> {
    assert!(n > 0, "a batch needs data");
    let n32 = u32::try_from(n).expect("data sets hold fewer than 2³² points");
    match draw {
        BatchDraw::Independent => (0..batch).map(|s| rng.below(Stream::Batch, s as u32, step, n32) as usize).collect(),
        BatchDraw::WithoutReplacement => spread_indices(n, batch, &mut rng.stream(Stream::Batch, step)),
    }
}

/// `count` indices below `n` (n > 0): ⌊count/n⌋ passes over 0..n, then
/// count mod n distinct ones by `rand`'s partial Fisher–Yates shuffle
/// (`SliceRandom::partial_shuffle`, which draws u32 indices on every platform)
/// on `stream`.
pub fn spread_indices(n: usize, count: usize, stream: &mut PhiloxStream) -> Vec<usize> {
    assert!(n > 0, "indices below 0 do not exist");
    let mut idx = Vec::with_capacity(count);
    for _ in 0..count / n {
        idx.extend(0..n);
    }
    let mut all: Vec<usize> = (0..n).collect();
    idx.extend_from_slice(all.partial_shuffle(stream, count % n).0);
    idx
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn version_one_draws_each_slot_independently() {
        let rng = Rng::new(3);
        let a = batch_indices(50, 16, BatchDraw::Independent, &rng, 7);
        // The slow twin: v=1's draw written out slot by slot.
        let want: Vec<usize> = (0..16).map(|s| rng.below(Stream::Batch, s, 7, 50) as usize).collect();
        assert_eq!(a, want);
        assert_eq!(batch_indices(50, 8, BatchDraw::Independent, &rng, 7), a[..8]);
    }

    #[test]
    fn without_replacement_no_point_is_read_twice_in_a_batch_smaller_than_the_data() {
        let rng = Rng::new(3);
        for step in 0..200 {
            let mut b = batch_indices(50, 16, BatchDraw::WithoutReplacement, &rng, step);
            assert_eq!(
                b,
                batch_indices(50, 16, BatchDraw::WithoutReplacement, &rng, step),
                "a pure function of the step"
            );
            b.sort_unstable();
            b.dedup();
            assert_eq!(b.len(), 16, "step {step}");
            assert!(b.iter().all(|&i| i < 50));
        }
        assert_ne!(
            batch_indices(50, 16, BatchDraw::WithoutReplacement, &rng, 0),
            batch_indices(50, 16, BatchDraw::WithoutReplacement, &rng, 1)
        );
    }

    #[test]
    fn a_batch_larger_than_the_data_reads_every_point_equally_often_give_or_take_one() {
        let rng = Rng::new(9);
        // 64 slots over the ellipse's 24 points: every point twice, 16 of them thrice.
        let b = batch_indices(24, 64, BatchDraw::WithoutReplacement, &rng, 5);
        assert_eq!(b.len(), 64);
        let mut count = [0; 24];
        b.iter().for_each(|&i| count[i] += 1);
        assert!(count.iter().all(|&c| c == 2 || c == 3), "{count:?}");
        assert_eq!(count.iter().filter(|&&c| c == 3).count(), 16);
    }

    #[test]
    fn every_point_is_drawn_equally_often_over_many_steps() {
        // 4,000 batches of 5 from 20 points: each point's count is Binomial with
        // mean 1,000 (p = 1/4), sd √(4000·¼·¾) ≈ 27; 6 sd is 164.
        let rng = Rng::new(1);
        let mut count = [0u32; 20];
        for step in 0..4000 {
            batch_indices(20, 5, BatchDraw::WithoutReplacement, &rng, step).iter().for_each(|&i| count[i] += 1);
        }
        assert!(count.iter().all(|&c| c.abs_diff(1000) < 164), "{count:?}");
    }
}
