//! Pinned bits. A link stores only the seed and the step count, so every shared
//! link replays these exact bits, and the GPU shaders reproduce them step by step.
//! A change that keeps each sampler's law but moves its bits (the noise's sign, the
//! order of operations, a different stream key) passes every statistical test and
//! still breaks every link made before it: these hashes catch it. If such a change
//! is intended, re-record the hashes (the failure prints them) and say why in the commit.

use super::*;

/// FNV-1a over the bits of positions, energies and acceptance counts.
fn fingerprint(c: &Chains) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let words = c.pos.y1.iter().chain(&c.pos.y2).chain(&c.energy).map(|v| v.to_bits());
    for w in words.chain([c.accepted as u32, c.proposed as u32]) {
        for b in w.to_le_bytes() {
            h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
    h
}

#[test]
fn every_sampler_reproduces_its_recorded_bits() {
    // Recorded from this code (x86-64 native; the simd and scalar wasm builds give the
    // same bits, `tests/kernels.rs` and the node determinism test).
    let recorded: [(SamplerKind, u64); 5] = [
        (SamplerKind::Langevin, 0x3309_358e_a3b9_3ac6),
        (SamplerKind::Sgld, 0x426f_c2c9_5756_786a),
        (SamplerKind::Mala, 0x3dd1_379e_e2d1_5069),
        (SamplerKind::Hmc, 0x1907_f0d0_6856_8876),
        (SamplerKind::Rwmh, 0x8624_70b7_5ddf_a05f),
    ];
    let t = banana();
    let got: Vec<(SamplerKind, u64)> = recorded
        .iter()
        .map(|&(kind, _)| {
            let p =
                SamplerParams { kind, step_size: 0.05, sgld_noise: 0.1, leapfrog_steps: 4, ..SamplerParams::default() };
            (kind, fingerprint(&sample(&t, &p, 16, 20, 11, None)))
        })
        .collect();
    let text: Vec<String> = got.iter().map(|(k, h)| format!("(SamplerKind::{k:?}, {h:#018x})")).collect();
    assert_eq!(got, recorded, "bits moved; now {}", text.join(", "));
}
