//! SIMD-128 twins of [`super::scalar`], four points per vector (the batch is
//! the lane axis), so each output lane performs exactly the scalar sequence of
//! operations. No relaxed SIMD and no fused multiply-add: both would change bits.

use core::arch::wasm32::*;

use super::Activation;
use super::math::{EXP_C, EXP_MAX, EXP_MIN, ROUND_MAGIC};
use super::scalar;

#[inline(always)]
fn load(s: &[f32], at: usize) -> v128 {
    assert!(at + 4 <= s.len());
    // SAFETY: the assert keeps the four lanes inside `s`; wasm loads need no alignment.
    unsafe { v128_load(s.as_ptr().add(at) as *const v128) }
}

#[inline(always)]
fn store(s: &mut [f32], at: usize, v: v128) {
    assert!(at + 4 <= s.len());
    // SAFETY: as in `load`, for a unique borrow.
    unsafe { v128_store(s.as_mut_ptr().add(at) as *mut v128, v) }
}

pub fn dense_forward(w: &[f32], bias: &[f32], input: &[f32], out: &mut [f32], n_in: usize, n_out: usize, width: usize) {
    let mut o = 0;
    // Two output rows at a time share each input load.
    while o + 2 <= n_out {
        let (r0, r1) = (&w[o * n_in..(o + 1) * n_in], &w[(o + 1) * n_in..(o + 2) * n_in]);
        let mut b = 0;
        while b < width {
            let mut a0 = f32x4_splat(bias[o]);
            let mut a1 = f32x4_splat(bias[o + 1]);
            for i in 0..n_in {
                let x = load(input, i * width + b);
                a0 = f32x4_add(a0, f32x4_mul(f32x4_splat(r0[i]), x));
                a1 = f32x4_add(a1, f32x4_mul(f32x4_splat(r1[i]), x));
            }
            store(out, o * width + b, a0);
            store(out, (o + 1) * width + b, a1);
            b += 4;
        }
        o += 2;
    }
    if o < n_out {
        let r0 = &w[o * n_in..(o + 1) * n_in];
        let mut b = 0;
        while b < width {
            let mut a0 = f32x4_splat(bias[o]);
            for (i, &wi) in r0.iter().enumerate() {
                a0 = f32x4_add(a0, f32x4_mul(f32x4_splat(wi), load(input, i * width + b)));
            }
            store(out, o * width + b, a0);
            b += 4;
        }
    }
}

pub fn dense_backward_input(
    w: &[f32],
    delta_out: &[f32],
    delta_in: &mut [f32],
    n_in: usize,
    n_out: usize,
    width: usize,
) {
    for i in 0..n_in {
        let mut b = 0;
        while b < width {
            let mut acc = f32x4_splat(0.0);
            for o in 0..n_out {
                acc = f32x4_add(acc, f32x4_mul(f32x4_splat(w[o * n_in + i]), load(delta_out, o * width + b)));
            }
            store(delta_in, i * width + b, acc);
            b += 4;
        }
    }
}

#[inline(always)]
fn reduce(l: v128) -> f32 {
    (f32x4_extract_lane::<0>(l) + f32x4_extract_lane::<1>(l))
        + (f32x4_extract_lane::<2>(l) + f32x4_extract_lane::<3>(l))
}

pub fn dense_backward_params(
    delta_out: &[f32],
    input: &[f32],
    grad_w: &mut [f32],
    grad_b: &mut [f32],
    n_in: usize,
    n_out: usize,
    width: usize,
) {
    for o in 0..n_out {
        let d0 = o * width;
        let mut i = 0;
        while i + 2 <= n_in {
            let (mut l0, mut l1) = (f32x4_splat(0.0), f32x4_splat(0.0));
            let mut b = 0;
            while b < width {
                let d = load(delta_out, d0 + b);
                l0 = f32x4_add(l0, f32x4_mul(d, load(input, i * width + b)));
                l1 = f32x4_add(l1, f32x4_mul(d, load(input, (i + 1) * width + b)));
                b += 4;
            }
            grad_w[o * n_in + i] += reduce(l0);
            grad_w[o * n_in + i + 1] += reduce(l1);
            i += 2;
        }
        if i < n_in {
            let mut l0 = f32x4_splat(0.0);
            let mut b = 0;
            while b < width {
                l0 = f32x4_add(l0, f32x4_mul(load(delta_out, d0 + b), load(input, i * width + b)));
                b += 4;
            }
            grad_w[o * n_in + i] += reduce(l0);
        }
        let mut s = f32x4_splat(0.0);
        let mut b = 0;
        while b < width {
            s = f32x4_add(s, load(delta_out, d0 + b));
            b += 4;
        }
        grad_b[o] += reduce(s);
    }
}

/// e^x on four lanes: the operations of `math::exp`, in the same order.
#[inline(always)]
fn exp4(x: v128) -> v128 {
    let x = f32x4_pmin(f32x4_pmax(x, f32x4_splat(EXP_MIN)), f32x4_splat(EXP_MAX));
    let magic = f32x4_splat(ROUND_MAGIC);
    let k = f32x4_sub(f32x4_add(f32x4_mul(x, f32x4_splat(core::f32::consts::LOG2_E)), magic), magic);
    let r = f32x4_sub(f32x4_sub(x, f32x4_mul(k, f32x4_splat(0.693_145_75))), f32x4_mul(k, f32x4_splat(1.428_606_8e-6)));
    let mut p = f32x4_splat(EXP_C[7]);
    for c in EXP_C[..7].iter().rev() {
        p = f32x4_add(f32x4_mul(p, r), f32x4_splat(*c));
    }
    let bits = i32x4_shl(i32x4_add(i32x4_trunc_sat_f32x4(k), i32x4_splat(127)), 23);
    f32x4_mul(p, bits)
}

#[inline(always)]
fn sigmoid4(z: v128) -> v128 {
    let one = f32x4_splat(1.0);
    f32x4_div(one, f32x4_add(one, exp4(f32x4_neg(z))))
}

pub fn activate(act: Activation, z: &[f32], a: &mut [f32]) {
    match act {
        Activation::Silu => {
            let mut b = 0;
            while b < z.len() {
                let v = load(z, b);
                store(a, b, f32x4_mul(v, sigmoid4(v)));
                b += 4;
            }
        }
        _ => scalar::activate(act, z, a),
    }
}

pub fn activate_backward(act: Activation, z: &[f32], delta: &mut [f32]) {
    match act {
        Activation::Silu => {
            let one = f32x4_splat(1.0);
            let mut b = 0;
            while b < z.len() {
                let v = load(z, b);
                let s = sigmoid4(v);
                let slope = f32x4_mul(s, f32x4_add(one, f32x4_mul(v, f32x4_sub(one, s))));
                store(delta, b, f32x4_mul(load(delta, b), slope));
                b += 4;
            }
        }
        _ => scalar::activate_backward(act, z, delta),
    }
}
