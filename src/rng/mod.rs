//! Counter-based random numbers: Philox4x32-10 (Salmon et al., SC'11).
//!
//! A draw is a pure function of (seed, stream, a, b): no hidden state, no call
//! order. The same numbers come out natively, in both wasm builds and (later) in
//! a WGSL kernel, because Philox needs only 32-bit integer multiplies.
//! `rand`'s algorithms read the same generator through [`PhiloxStream`].

mod stream;

pub use stream::PhiloxStream;

/// Named streams keep independent uses of the generator apart.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u32)]
pub enum Stream {
    /// Data set generation (a = point index).
    Data = 1,
    /// Train/test split shuffle.
    Split = 2,
    /// Initial model parameters (a = parameter index).
    Init = 3,
    /// Mini-batch indices (a = slot, b = step).
    Batch = 4,
    /// Starting points of negatives (a = chain, b = training step).
    NegInit = 5,
    /// Sampler noise (a = chain, b = global sampler step).
    SamplerNoise = 6,
    /// Metropolis accept/reject uniforms (a = chain, b = global sampler step).
    Accept = 7,
    /// Replay-buffer re-initialisation decisions (a = slot, b = training step).
    Replay = 8,
    /// Inference restarts (a = restart, b = 0).
    Restart = 9,
    /// Noise or masks that corrupt a training point (DAE, DSM; a = slot, b = step).
    Corruption = 10,
    /// Random projection directions (sliced score matching; a = slot, b = step).
    Projection = 11,
    /// Latent-variable initialisation and model-specific draws (a = index, b = step).
    Latent = 12,
}

const M0: u32 = 0xD251_1F53;
const M1: u32 = 0xCD9E_8D57;
const W0: u32 = 0x9E37_79B9;
const W1: u32 = 0xBB67_AE85;

/// The Philox4x32 bijection with 10 rounds.
pub fn philox4x32_10(counter: [u32; 4], key: [u32; 2]) -> [u32; 4] {
    let [mut c0, mut c1, mut c2, mut c3] = counter;
    let [mut k0, mut k1] = key;
    for round in 0..10 {
        if round > 0 {
            k0 = k0.wrapping_add(W0);
            k1 = k1.wrapping_add(W1);
        }
        let p0 = u64::from(M0) * u64::from(c0);
        let p1 = u64::from(M1) * u64::from(c2);
        let (hi0, lo0) = ((p0 >> 32) as u32, p0 as u32);
        let (hi1, lo1) = ((p1 >> 32) as u32, p1 as u32);
        (c0, c1, c2, c3) = (hi1 ^ c1 ^ k0, lo1, hi0 ^ c3 ^ k1, lo0);
    }
    [c0, c1, c2, c3]
}

/// Maps 32 random bits to a float in the open interval (0, 1).
#[inline]
pub fn unit_open(bits: u32) -> f32 {
    // 23 bits plus the half stay exact in a 24-bit mantissa; +0.5 keeps 0 and 1 out.
    ((bits >> 9) as f32 + 0.5) * (1.0 / 8_388_608.0)
}

/// The generator: a seed, and nothing else.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rng {
    key: [u32; 2],
}

impl Rng {
    pub fn new(seed: u32) -> Self {
        // The second key word spreads small seeds; any constant works.
        Self { key: [seed, 0x5EED_0001] }
    }

    /// The Philox key (the GPU shaders take it as a uniform).
    pub fn key(&self) -> [u32; 2] {
        self.key
    }

    /// Four independent 32-bit words for (stream, a, b).
    #[inline]
    pub fn bits(&self, stream: Stream, a: u32, b: u32) -> [u32; 4] {
        philox4x32_10([a, b, stream as u32, 0], self.key)
    }

    /// Four uniforms in (0, 1).
    #[inline]
    pub fn uniform4(&self, stream: Stream, a: u32, b: u32) -> [f32; 4] {
        self.bits(stream, a, b).map(unit_open)
    }

    /// Four standard normals (two Box–Muller pairs).
    #[inline]
    pub fn normal4(&self, stream: Stream, a: u32, b: u32) -> [f32; 4] {
        let [u0, u1, u2, u3] = self.uniform4(stream, a, b);
        let (n0, n1) = box_muller(u0, u1);
        let (n2, n3) = box_muller(u2, u3);
        [n0, n1, n2, n3]
    }

    /// Two standard normals: the first pair of [`Rng::normal4`] (the same bits),
    /// at half the cost when a chain needs only two.
    #[inline]
    pub fn normal2(&self, stream: Stream, a: u32, b: u32) -> [f32; 2] {
        let [w0, w1, _, _] = self.bits(stream, a, b);
        let (n0, n1) = box_muller(unit_open(w0), unit_open(w1));
        [n0, n1]
    }

    /// The words of `(stream, a, b = 0, 1, …)` one after the other, for `rand`
    /// (index sampling, shuffles); a pure function of (seed, stream, a).
    pub fn stream(&self, stream: Stream, a: u32) -> PhiloxStream {
        PhiloxStream::new(self, stream, a)
    }

    /// A uniform integer in 0..n (n > 0), by multiply-shift (bias < n / 2³²).
    #[inline]
    pub fn below(&self, stream: Stream, a: u32, b: u32, n: u32) -> u32 {
        ((u64::from(self.bits(stream, a, b)[0]) * u64::from(n)) >> 32) as u32
    }
}

#[inline]
fn box_muller(u0: f32, u1: f32) -> (f32, f32) {
    let r = (-2.0 * crate::kernels::math::ln(u0)).sqrt();
    let (s, c) = libm::sincosf(core::f32::consts::TAU * u1);
    (r * c, r * s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn philox_matches_the_random123_known_answers() {
        // Known-answer vectors from Random123's kat_vectors (philox4x32_10).
        assert_eq!(philox4x32_10([0, 0, 0, 0], [0, 0]), [0x6627_e8d5, 0xe169_c58d, 0xbc57_ac4c, 0x9b00_dbd8]);
        assert_eq!(philox4x32_10([u32::MAX; 4], [u32::MAX; 2]), [0x408f_276d, 0x41c8_3b0e, 0xa20b_c7c6, 0x6d54_51fd]);
        assert_eq!(
            philox4x32_10([0x243f_6a88, 0x85a3_08d3, 0x1319_8a2e, 0x0370_7344], [0xa409_3822, 0x299f_31d0]),
            [0xd16c_fe09, 0x94fd_cceb, 0x5001_e420, 0x2412_6ea1]
        );
    }

    #[test]
    fn draws_depend_on_the_key_not_on_call_order() {
        let rng = Rng::new(7);
        let first = rng.normal4(Stream::SamplerNoise, 3, 9);
        let _ = rng.normal4(Stream::SamplerNoise, 4, 9);
        assert_eq!(first, rng.normal4(Stream::SamplerNoise, 3, 9));
        assert_ne!(first, Rng::new(8).normal4(Stream::SamplerNoise, 3, 9));
        assert_ne!(first, rng.normal4(Stream::Accept, 3, 9));
        assert_eq!(rng.normal2(Stream::SamplerNoise, 3, 9), [first[0], first[1]]);
    }

    #[test]
    fn normals_have_unit_mean_zero_and_variance_one() {
        let rng = Rng::new(1);
        let (mut s, mut s2, n) = (0.0f64, 0.0f64, 50_000u32);
        for i in 0..n {
            for v in rng.normal4(Stream::Data, i, 0) {
                s += f64::from(v);
                s2 += f64::from(v) * f64::from(v);
            }
        }
        let m = s / f64::from(4 * n);
        let var = s2 / f64::from(4 * n) - m * m;
        // 200k draws: standard error of the mean 0.0022, of the variance ~0.0032.
        assert!(m.abs() < 0.01, "mean {m}");
        assert!((var - 1.0).abs() < 0.015, "variance {var}");
    }

    #[test]
    fn uniforms_stay_inside_the_open_interval() {
        assert!(unit_open(0) > 0.0);
        assert!(unit_open(u32::MAX) < 1.0);
    }
}
