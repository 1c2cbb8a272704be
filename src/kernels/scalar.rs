//! The reference kernels: plain loops, kept forever. The SIMD-128 module must
//! match these bit for bit (same operations, same order); see `mod.rs`.

use super::Activation;
use super::math::{exp, ln, sigmoid};

/// Each output sums `bias + w[o][0]·x[0] + w[o][1]·x[1] + …` in that order.
/// Four rows at a time keep their running sums in registers (wasm without
/// SIMD has no other way to get them there); the order per output is the same.
pub fn dense_forward(w: &[f32], bias: &[f32], input: &[f32], out: &mut [f32], n_in: usize, n_out: usize, width: usize) {
    let mut o = 0;
    while o + 4 <= n_out {
        let rows: [&[f32]; 4] = std::array::from_fn(|k| &w[(o + k) * n_in..(o + k + 1) * n_in]);
        for b in 0..width {
            let mut acc: [f32; 4] = std::array::from_fn(|k| bias[o + k]);
            for i in 0..n_in {
                let x = input[i * width + b];
                for k in 0..4 {
                    acc[k] += rows[k][i] * x;
                }
            }
            for k in 0..4 {
                out[(o + k) * width + b] = acc[k];
            }
        }
        o += 4;
    }
    for o in o..n_out {
        let row = &w[o * n_in..(o + 1) * n_in];
        for b in 0..width {
            let mut acc = bias[o];
            for i in 0..n_in {
                acc += row[i] * input[i * width + b];
            }
            out[o * width + b] = acc;
        }
    }
}

/// Each input gradient sums `w[0][i]·δ[0] + w[1][i]·δ[1] + …` from 0, in that order.
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
        for b in 0..width {
            let mut acc = [0.0f32; 4];
            for o in 0..n_out {
                let d = delta_out[o * width + b];
                for k in 0..4 {
                    acc[k] += w[o * n_in + i + k] * d;
                }
            }
            for k in 0..4 {
                delta_in[(i + k) * width + b] = acc[k];
            }
        }
        i += 4;
    }
    for i in i..n_in {
        for b in 0..width {
            let mut acc = 0.0f32;
            for o in 0..n_out {
                acc += w[o * n_in + i] * delta_out[o * width + b];
            }
            delta_in[i * width + b] = acc;
        }
    }
}

/// Σ_b a[b]·c[b] in four lanes (b mod 4), reduced as (l0 + l1) + (l2 + l3).
#[inline]
pub fn lane_dot(a: &[f32], c: &[f32]) -> f32 {
    let mut l = [0.0f32; 4];
    for (qa, qc) in a.chunks_exact(4).zip(c.chunks_exact(4)) {
        for k in 0..4 {
            l[k] += qa[k] * qc[k];
        }
    }
    (l[0] + l[1]) + (l[2] + l[3])
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
        let d = &delta_out[o * width..(o + 1) * width];
        for i in 0..n_in {
            grad_w[o * n_in + i] += lane_dot(d, &input[i * width..(i + 1) * width]);
        }
        grad_b[o] += sum(d);
    }
}

/// One activation value; the SIMD module reuses it lane by lane where it has
/// no vector form, which keeps the two builds identical by construction.
#[inline]
pub fn act_value(act: Activation, z: f32) -> f32 {
    match act {
        Activation::Silu => z * sigmoid(z),
        Activation::Softplus => z.max(0.0) + ln(1.0 + exp(-z.abs())),
        Activation::Tanh => 2.0 * sigmoid(2.0 * z) - 1.0,
        Activation::Relu => z.max(0.0),
        Activation::Elu => {
            if z > 0.0 {
                z
            } else {
                exp(z) - 1.0
            }
        }
    }
}

/// d act / dz at z.
#[inline]
pub fn act_slope(act: Activation, z: f32) -> f32 {
    match act {
        Activation::Silu => {
            let s = sigmoid(z);
            s * (1.0 + z * (1.0 - s))
        }
        Activation::Softplus => sigmoid(z),
        Activation::Tanh => {
            let t = 2.0 * sigmoid(2.0 * z) - 1.0;
            1.0 - t * t
        }
        Activation::Relu => {
            if z > 0.0 {
                1.0
            } else {
                0.0
            }
        }
        Activation::Elu => {
            if z > 0.0 {
                1.0
            } else {
                exp(z)
            }
        }
    }
}

/// (act(z), act'(z)) with one shared exp where the two need the same one; the
/// same bits as `act_value` and `act_slope` separately.
#[inline]
pub fn act_value_slope(act: Activation, z: f32) -> (f32, f32) {
    match act {
        Activation::Silu => {
            let s = sigmoid(z);
            (z * s, s * (1.0 + z * (1.0 - s)))
        }
        Activation::Tanh => {
            let t = 2.0 * sigmoid(2.0 * z) - 1.0;
            (t, 1.0 - t * t)
        }
        _ => (act_value(act, z), act_slope(act, z)),
    }
}

pub fn activate_with_slope(act: Activation, z: &[f32], a: &mut [f32], slope: &mut [f32]) {
    for ((a, s), &z) in a.iter_mut().zip(slope.iter_mut()).zip(z) {
        (*a, *s) = act_value_slope(act, z);
    }
}

pub fn activate(act: Activation, z: &[f32], a: &mut [f32]) {
    for (a, &z) in a.iter_mut().zip(z) {
        *a = act_value(act, z);
    }
}

pub fn activate_backward(act: Activation, z: &[f32], delta: &mut [f32]) {
    for (d, &z) in delta.iter_mut().zip(z) {
        *d *= act_slope(act, z);
    }
}

pub fn axpy(y: &mut [f32], a: f32, x: &[f32]) {
    for (y, &x) in y.iter_mut().zip(x) {
        *y += a * x;
    }
}

pub fn scaled_sum(out: &mut [f32], x: &[f32], a: f32, y: &[f32]) {
    for ((o, &x), &y) in out.iter_mut().zip(x).zip(y) {
        *o = x + a * y;
    }
}

pub fn drift_diffuse(y: &mut [f32], grad: &[f32], noise: &[f32], eps: f32, sd: f32) {
    for ((y, &g), &n) in y.iter_mut().zip(grad).zip(noise) {
        *y = (*y - eps * g) + sd * n;
    }
}

/// Lane sums of f(v_i) with lane = i mod 4, in index order within each lane.
#[inline]
fn lanes(v: &[f32], f: impl Fn(f32) -> f32) -> [f32; 4] {
    let mut l = [0.0f32; 4];
    for (i, &x) in v.iter().enumerate() {
        l[i % 4] += f(x);
    }
    l
}

pub fn log_sum_exp(v: &[f32]) -> f32 {
    let m = v.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    if !m.is_finite() {
        return m;
    }
    let l = lanes(v, |x| exp(x - m));
    m + ln((l[0] + l[1]) + (l[2] + l[3]))
}

pub fn sum(v: &[f32]) -> f32 {
    let l = lanes(v, |x| x);
    (l[0] + l[1]) + (l[2] + l[3])
}
