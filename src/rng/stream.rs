//! A sequential view of the Philox stream for `rand`'s algorithms.
//!
//! `rand` samples indices, shuffles and ranges by drawing words one after the
//! other. [`PhiloxStream`] hands it the words of the blocks
//! `(stream, a, b = 0, 1, 2, …)` in order, so what `rand` draws is still a pure
//! function of (seed, stream, a): no hidden state survives the call, and every
//! platform sees the same words. Its counters carry a 1 in the fourth word, which
//! [`Rng::bits`] keeps 0, so no sequential draw ever repeats a direct one.

use core::convert::Infallible;

use rand_core::TryRng;
use rand_core::block::{BlockRng, Generator};

use super::{Rng, Stream, philox4x32_10};

/// Marks a counter as sequential (the fourth counter word).
const SEQUENTIAL: u32 = 1;

/// Philox blocks `(stream, a, b)` for b = 0, 1, 2, …
#[derive(Clone, Debug)]
pub struct Blocks {
    key: [u32; 2],
    stream: Stream,
    a: u32,
    b: u32,
}

impl Generator for Blocks {
    type Output = [u32; 4];

    fn generate(&mut self, output: &mut [u32; 4]) {
        *output = philox4x32_10([self.a, self.b, self.stream as u32, SEQUENTIAL], self.key);
        self.b = self.b.wrapping_add(1);
    }
}

/// `rand_core`'s generator over one Philox sub-stream, for `rand::seq` and
/// `rand::distr` (never for the samplers: they index their draws directly).
#[derive(Clone, Debug)]
pub struct PhiloxStream(BlockRng<Blocks>);

impl PhiloxStream {
    pub(super) fn new(rng: &Rng, stream: Stream, a: u32) -> Self {
        Self(BlockRng::new(Blocks { key: rng.key(), stream, a, b: 0 }))
    }
}

impl TryRng for PhiloxStream {
    type Error = Infallible;

    #[inline]
    fn try_next_u32(&mut self) -> Result<u32, Infallible> {
        Ok(self.0.next_word())
    }

    #[inline]
    fn try_next_u64(&mut self) -> Result<u64, Infallible> {
        Ok(self.0.next_u64_from_u32())
    }

    #[inline]
    fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Infallible> {
        self.0.fill_bytes(dst);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use rand_core::Rng as _;

    use super::*;

    #[test]
    fn the_stream_reads_the_blocks_of_its_counter_in_order() {
        let rng = Rng::new(11);
        let mut s = rng.stream(Stream::Batch, 4);
        let words: Vec<u32> = (0..8).map(|_| s.next_u32()).collect();
        // The slow twin: the blocks written out by hand.
        let block = |b| philox4x32_10([4, b, Stream::Batch as u32, SEQUENTIAL], rng.key());
        assert_eq!(words[..4], block(0));
        assert_eq!(words[4..], block(1));
        // A fresh stream starts over: nothing is carried between calls.
        assert_eq!(rng.stream(Stream::Batch, 4).next_u32(), words[0]);
    }

    #[test]
    fn sequential_draws_never_repeat_direct_ones() {
        let rng = Rng::new(3);
        let direct = rng.bits(Stream::Batch, 4, 0);
        let mut s = rng.stream(Stream::Batch, 4);
        let seq = [s.next_u32(), s.next_u32(), s.next_u32(), s.next_u32()];
        assert_ne!(direct, seq);
    }

    #[test]
    fn sixty_four_bit_words_join_two_words_low_first() {
        let rng = Rng::new(5);
        let mut a = rng.stream(Stream::Latent, 0);
        let mut b = rng.stream(Stream::Latent, 0);
        let (lo, hi) = (b.next_u32(), b.next_u32());
        assert_eq!(a.next_u64(), u64::from(hi) << 32 | u64::from(lo));
    }
}
