//! SIMD-128 twins of [`super::scalar`], four points per vector (the batch is
//! the lane axis), so each output lane performs exactly the scalar sequence of
//! operations. No relaxed SIMD and no fused multiply-add: both would change bits.

use core::arch::wasm32::*;

use super::Activation;
use super::math::{EXP_C, EXP_MAX, EXP_MIN, ROUND_MAGIC};
use super::scalar;

// Bounds: this module is private to `kernels`, whose public functions check
// every slice against its shape (`check_dense`, the length asserts) before
// calling in, so the hot loops below carry no per-load bounds check.

#[inline(always)]
fn load(s: &[f32], at: usize) -> v128 {
    debug_assert!(at + 4 <= s.len());
    // SAFETY: callers stay within the shapes checked by `kernels::*`, so the four
    // lanes lie inside `s`; wasm loads need no alignment.
    unsafe { v128_load(s.as_ptr().add(at) as *const v128) }
}

#[inline(always)]
fn store(s: &mut [f32], at: usize, v: v128) {
    debug_assert!(at + 4 <= s.len());
    // SAFETY: as in `load`, for a unique borrow.
    unsafe { v128_store(s.as_mut_ptr().add(at) as *mut v128, v) }
}

/// A weight broadcast to four lanes, read without a bounds check.
#[inline(always)]
fn splat_at(s: &[f32], at: usize) -> v128 {
    debug_assert!(at < s.len());
    // SAFETY: as in `load`: `at` is inside the checked weight shape.
    f32x4_splat(unsafe { *s.get_unchecked(at) })
}

/// Four output rows × two vectors (8 points) per block: 8 accumulators reuse
/// each input load four times and each weight splat twice. Every accumulator
/// still sums its terms in order i = 0, 1, …, exactly as the scalar twin.
pub fn dense_forward(w: &[f32], bias: &[f32], input: &[f32], out: &mut [f32], n_in: usize, n_out: usize, width: usize) {
    let mut o = 0;
    while o + 4 <= n_out {
        let rows = [o, o + 1, o + 2, o + 3].map(|r| &w[r * n_in..(r + 1) * n_in]);
        let (r0, r1, r2, r3) = (rows[0], rows[1], rows[2], rows[3]);
        let mut b = 0;
        while b + 8 <= width {
            let mut acc = [[f32x4_splat(0.0); 2]; 4];
            for (k, a) in acc.iter_mut().enumerate() {
                *a = [f32x4_splat(bias[o + k]); 2];
            }
            for i in 0..n_in {
                let x0 = load(input, i * width + b);
                let x1 = load(input, i * width + b + 4);
                let ws = [splat_at(r0, i), splat_at(r1, i), splat_at(r2, i), splat_at(r3, i)];
                for k in 0..4 {
                    acc[k][0] = f32x4_add(acc[k][0], f32x4_mul(ws[k], x0));
                    acc[k][1] = f32x4_add(acc[k][1], f32x4_mul(ws[k], x1));
                }
            }
            for (k, a) in acc.iter().enumerate() {
                store(out, (o + k) * width + b, a[0]);
                store(out, (o + k) * width + b + 4, a[1]);
            }
            b += 8;
        }
        if b < width {
            for k in 0..4 {
                forward_row(rows[k], bias[o + k], input, &mut out[(o + k) * width..], width, b);
            }
        }
        o += 4;
    }
    while o < n_out {
        forward_row(&w[o * n_in..(o + 1) * n_in], bias[o], input, &mut out[o * width..], width, 0);
        o += 1;
    }
}

/// One output row, points `from..width`, one vector at a time.
#[inline(always)]
fn forward_row(row: &[f32], bias: f32, input: &[f32], out: &mut [f32], width: usize, from: usize) {
    let mut b = from;
    while b < width {
        let mut a = f32x4_splat(bias);
        for i in 0..row.len() {
            a = f32x4_add(a, f32x4_mul(splat_at(row, i), load(input, i * width + b)));
        }
        store(out, b, a);
        b += 4;
    }
}

/// Four inputs × two vectors per block; the sum over o runs in order o = 0, 1, ….
pub fn dense_backward_input(
    w: &[f32],
    delta_out: &[f32],
    delta_in: &mut [f32],
    n_in: usize,
    n_out: usize,
    width: usize,
) {
    let mut i = 0;
    while i + 4 <= n_in {
        let mut b = 0;
        while b + 8 <= width {
            let mut acc = [[f32x4_splat(0.0); 2]; 4];
            for o in 0..n_out {
                let d0 = load(delta_out, o * width + b);
                let d1 = load(delta_out, o * width + b + 4);
                let at = o * n_in + i;
                for k in 0..4 {
                    let wk = splat_at(w, at + k);
                    acc[k][0] = f32x4_add(acc[k][0], f32x4_mul(wk, d0));
                    acc[k][1] = f32x4_add(acc[k][1], f32x4_mul(wk, d1));
                }
            }
            for (k, a) in acc.iter().enumerate() {
                store(delta_in, (i + k) * width + b, a[0]);
                store(delta_in, (i + k) * width + b + 4, a[1]);
            }
            b += 8;
        }
        for k in 0..4 {
            backward_input_row(w, delta_out, delta_in, i + k, n_in, n_out, width, b);
        }
        i += 4;
    }
    while i < n_in {
        backward_input_row(w, delta_out, delta_in, i, n_in, n_out, width, 0);
        i += 1;
    }
}

#[inline(always)]
#[allow(clippy::too_many_arguments)]
fn backward_input_row(
    w: &[f32],
    delta_out: &[f32],
    delta_in: &mut [f32],
    i: usize,
    n_in: usize,
    n_out: usize,
    width: usize,
    from: usize,
) {
    let mut b = from;
    while b < width {
        let mut acc = f32x4_splat(0.0);
        for o in 0..n_out {
            acc = f32x4_add(acc, f32x4_mul(splat_at(w, o * n_in + i), load(delta_out, o * width + b)));
        }
        store(delta_in, i * width + b, acc);
        b += 4;
    }
}

#[inline(always)]
fn reduce(l: v128) -> f32 {
    (f32x4_extract_lane::<0>(l) + f32x4_extract_lane::<1>(l))
        + (f32x4_extract_lane::<2>(l) + f32x4_extract_lane::<3>(l))
}

/// Two outputs × four inputs per block: 8 lane accumulators, each summing its
/// points in order (lane = b mod 4), reduced as (l0 + l1) + (l2 + l3).
pub fn dense_backward_params(
    delta_out: &[f32],
    input: &[f32],
    grad_w: &mut [f32],
    grad_b: &mut [f32],
    n_in: usize,
    n_out: usize,
    width: usize,
) {
    let mut o = 0;
    while o < n_out {
        let two = o + 2 <= n_out;
        let mut i = 0;
        while i + 4 <= n_in {
            let mut acc = [[f32x4_splat(0.0); 4]; 2];
            let mut b = 0;
            while b < width {
                let x = [0, 1, 2, 3].map(|k| load(input, (i + k) * width + b));
                let d0 = load(delta_out, o * width + b);
                for k in 0..4 {
                    acc[0][k] = f32x4_add(acc[0][k], f32x4_mul(d0, x[k]));
                }
                if two {
                    let d1 = load(delta_out, (o + 1) * width + b);
                    for k in 0..4 {
                        acc[1][k] = f32x4_add(acc[1][k], f32x4_mul(d1, x[k]));
                    }
                }
                b += 4;
            }
            for r in 0..if two { 2 } else { 1 } {
                for k in 0..4 {
                    grad_w[(o + r) * n_in + i + k] += reduce(acc[r][k]);
                }
            }
            i += 4;
        }
        for r in o..if two { o + 2 } else { o + 1 } {
            for i in i..n_in {
                let mut l = f32x4_splat(0.0);
                let mut b = 0;
                while b < width {
                    l = f32x4_add(l, f32x4_mul(load(delta_out, r * width + b), load(input, i * width + b)));
                    b += 4;
                }
                grad_w[r * n_in + i] += reduce(l);
            }
            let mut s = f32x4_splat(0.0);
            let mut b = 0;
            while b < width {
                s = f32x4_add(s, load(delta_out, r * width + b));
                b += 4;
            }
            grad_b[r] += reduce(s);
        }
        o += if two { 2 } else { 1 };
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

/// silu'(z) = s·(1 + z·(1 − s)) from s = σ(z), as `scalar::act_slope` computes it.
#[inline(always)]
fn silu_slope4(v: v128, s: v128) -> v128 {
    let one = f32x4_splat(1.0);
    f32x4_mul(s, f32x4_add(one, f32x4_mul(v, f32x4_sub(one, s))))
}

pub fn activate_with_slope(act: Activation, z: &[f32], a: &mut [f32], slope: &mut [f32]) {
    match act {
        Activation::Silu => {
            let mut b = 0;
            while b < z.len() {
                let v = load(z, b);
                let s = sigmoid4(v);
                store(a, b, f32x4_mul(v, s));
                store(slope, b, silu_slope4(v, s));
                b += 4;
            }
        }
        _ => scalar::activate_with_slope(act, z, a, slope),
    }
}

pub fn activate_backward(act: Activation, z: &[f32], delta: &mut [f32]) {
    match act {
        Activation::Silu => {
            let mut b = 0;
            while b < z.len() {
                let v = load(z, b);
                let slope = silu_slope4(v, sigmoid4(v));
                store(delta, b, f32x4_mul(load(delta, b), slope));
                b += 4;
            }
        }
        _ => scalar::activate_backward(act, z, delta),
    }
}

/// Applies `f` to whole vectors of four, then `g` to the scalar tail.
#[inline(always)]
fn elementwise(n: usize, mut f: impl FnMut(usize), mut g: impl FnMut(usize)) {
    let mut i = 0;
    while i + 4 <= n {
        f(i);
        i += 4;
    }
    while i < n {
        g(i);
        i += 1;
    }
}

pub fn axpy(y: &mut [f32], a: f32, x: &[f32]) {
    let av = f32x4_splat(a);
    let n = y.len();
    let (yp, xp) = (y.as_mut_ptr(), x.as_ptr());
    elementwise(
        n,
        // SAFETY: i + 4 ≤ n = y.len() = x.len() (checked by `kernels::axpy`).
        |i| unsafe {
            let v = f32x4_add(v128_load(yp.add(i) as *const v128), f32x4_mul(av, v128_load(xp.add(i) as *const v128)));
            v128_store(yp.add(i) as *mut v128, v);
        },
        // SAFETY: i < n.
        |i| unsafe { *yp.add(i) += a * *xp.add(i) },
    );
}

pub fn scaled_sum(out: &mut [f32], x: &[f32], a: f32, y: &[f32]) {
    let av = f32x4_splat(a);
    let (op, xp, yp) = (out.as_mut_ptr(), x.as_ptr(), y.as_ptr());
    elementwise(
        out.len(),
        // SAFETY: i + 4 ≤ len, and the three slices have one length (checked by the caller).
        |i| unsafe {
            let v = f32x4_add(v128_load(xp.add(i) as *const v128), f32x4_mul(av, v128_load(yp.add(i) as *const v128)));
            v128_store(op.add(i) as *mut v128, v);
        },
        // SAFETY: i < len.
        |i| unsafe { *op.add(i) = *xp.add(i) + a * *yp.add(i) },
    );
}

pub fn drift_diffuse(y: &mut [f32], grad: &[f32], noise: &[f32], eps: f32, sd: f32) {
    let (ev, sv) = (f32x4_splat(eps), f32x4_splat(sd));
    let (yp, gp, np) = (y.as_mut_ptr(), grad.as_ptr(), noise.as_ptr());
    elementwise(
        y.len(),
        // SAFETY: i + 4 ≤ len, and the three slices have one length (checked by the caller).
        |i| unsafe {
            let moved =
                f32x4_sub(v128_load(yp.add(i) as *const v128), f32x4_mul(ev, v128_load(gp.add(i) as *const v128)));
            v128_store(yp.add(i) as *mut v128, f32x4_add(moved, f32x4_mul(sv, v128_load(np.add(i) as *const v128))));
        },
        // SAFETY: i < len.
        |i| unsafe { *yp.add(i) = (*yp.add(i) - eps * *gp.add(i)) + sd * *np.add(i) },
    );
}

/// Lane sums of f over v (lane = i mod 4), `fv` on whole vectors, `fs` on the tail.
#[inline(always)]
fn lanes(v: &[f32], fv: impl Fn(v128) -> v128, fs: impl Fn(f32) -> f32) -> [f32; 4] {
    let mut acc = f32x4_splat(0.0);
    let mut i = 0;
    while i + 4 <= v.len() {
        acc = f32x4_add(acc, fv(load(v, i)));
        i += 4;
    }
    let mut l = [
        f32x4_extract_lane::<0>(acc),
        f32x4_extract_lane::<1>(acc),
        f32x4_extract_lane::<2>(acc),
        f32x4_extract_lane::<3>(acc),
    ];
    for (k, &x) in v[i..].iter().enumerate() {
        l[k] += fs(x);
    }
    l
}

pub fn log_sum_exp(v: &[f32]) -> f32 {
    let m = v.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    if !m.is_finite() {
        return m;
    }
    let mv = f32x4_splat(m);
    let l = lanes(v, |x| exp4(f32x4_sub(x, mv)), |x| super::math::exp(x - m));
    m + super::math::ln((l[0] + l[1]) + (l[2] + l[3]))
}

pub fn sum(v: &[f32]) -> f32 {
    let l = lanes(v, |x| x, |x| x);
    (l[0] + l[1]) + (l[2] + l[3])
}
