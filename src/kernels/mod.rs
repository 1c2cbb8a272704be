//! Hot loops: dense layers, activations, reductions. Safe functions over slices.
//!
//! Layout: activations are feature-major, `a[i * width + b]` for feature `i` and
//! point `b`, with `width` a multiple of 4 (callers pad with zero-weight points).
//! Each output sums its terms in one fixed order, and sums over points use four
//! lane accumulators (`b mod 4`) reduced as `(l0 + l1) + (l2 + l3)`. The scalar
//! twin in [`scalar`] follows exactly that order, so the SIMD-128 build, the
//! scalar build and the native build give bit-identical results.
//!
//! The SIMD module is chosen at compile time for the whole crate
//! (`cfg(target_feature = "simd128")`): wasm has no run-time detection.

pub mod derivatives;
pub mod math;
pub mod scalar;
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
mod simd128;

#[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
use scalar as active;
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
use simd128 as active;

/// Which implementation this build runs: "simd128" or "scalar".
pub const BUILD: &str =
    if cfg!(all(target_arch = "wasm32", target_feature = "simd128")) { "simd128" } else { "scalar" };

/// Activation functions of the hidden layers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Activation {
    Silu,
    Softplus,
    Tanh,
    Relu,
    Elu,
}

impl Activation {
    pub const ALL: [(&'static str, Activation); 5] = [
        ("silu", Activation::Silu),
        ("softplus", Activation::Softplus),
        ("tanh", Activation::Tanh),
        ("relu", Activation::Relu),
        ("elu", Activation::Elu),
    ];
}

fn check_dense(w: usize, bias: usize, input: usize, out: usize, n_in: usize, n_out: usize, width: usize) {
    assert!(width.is_multiple_of(4), "width must be a multiple of 4, got {width}");
    assert!(w == n_in * n_out && bias == n_out, "weight shapes");
    assert!(input >= n_in * width && out >= n_out * width, "activation shapes");
}

/// `out[o][b] = bias[o] + Σ_i w[o][i] · input[i][b]` (i ascending).
pub fn dense_forward(w: &[f32], bias: &[f32], input: &[f32], out: &mut [f32], n_in: usize, n_out: usize, width: usize) {
    check_dense(w.len(), bias.len(), input.len(), out.len(), n_in, n_out, width);
    active::dense_forward(w, bias, input, out, n_in, n_out, width);
}

/// `delta_in[i][b] = Σ_o w[o][i] · delta_out[o][b]` (o ascending).
pub fn dense_backward_input(
    w: &[f32],
    delta_out: &[f32],
    delta_in: &mut [f32],
    n_in: usize,
    n_out: usize,
    width: usize,
) {
    check_dense(w.len(), n_out, delta_in.len(), delta_out.len(), n_in, n_out, width);
    active::dense_backward_input(w, delta_out, delta_in, n_in, n_out, width);
}

/// `grad_w[o][i] += Σ_b delta_out[o][b] · input[i][b]`, `grad_b[o] += Σ_b delta_out[o][b]`
/// (sums over b in four lanes).
pub fn dense_backward_params(
    delta_out: &[f32],
    input: &[f32],
    grad_w: &mut [f32],
    grad_b: &mut [f32],
    n_in: usize,
    n_out: usize,
    width: usize,
) {
    check_dense(grad_w.len(), grad_b.len(), input.len(), delta_out.len(), n_in, n_out, width);
    active::dense_backward_params(delta_out, input, grad_w, grad_b, n_in, n_out, width);
}

/// `a = act(z)` elementwise.
pub fn activate(act: Activation, z: &[f32], a: &mut [f32]) {
    assert!(z.len() == a.len() && z.len().is_multiple_of(4));
    active::activate(act, z, a);
}

/// `a = act(z)` and `slope = act'(z)` in one pass (one exp per element for SiLU),
/// for a backward pass that follows; bit-identical to `activate` plus the slope.
pub fn activate_with_slope(act: Activation, z: &[f32], a: &mut [f32], slope: &mut [f32]) {
    assert!(z.len() == a.len() && z.len() == slope.len() && z.len().is_multiple_of(4));
    active::activate_with_slope(act, z, a, slope);
}

/// `delta *= slope` elementwise.
pub fn scale_by(delta: &mut [f32], slope: &[f32]) {
    assert!(delta.len() == slope.len());
    delta.iter_mut().zip(slope).for_each(|(d, s)| *d *= s);
}

/// `y ← y + a·x` elementwise (sampler kicks and drifts over all chains).
pub fn axpy(y: &mut [f32], a: f32, x: &[f32]) {
    assert_eq!(y.len(), x.len());
    active::axpy(y, a, x);
}

/// `out ← x + a·y` elementwise.
pub fn scaled_sum(out: &mut [f32], x: &[f32], a: f32, y: &[f32]) {
    assert!(out.len() == x.len() && x.len() == y.len());
    active::scaled_sum(out, x, a, y);
}

/// The Langevin move `y ← (y − ε·g) + σ·ξ` elementwise, over all chains.
pub fn drift_diffuse(y: &mut [f32], grad: &[f32], noise: &[f32], eps: f32, sd: f32) {
    assert!(y.len() == grad.len() && y.len() == noise.len());
    active::drift_diffuse(y, grad, noise, eps, sd);
}

/// log Σ exp(v_i), stable (shifted by the max), summed in four lanes (i mod 4)
/// reduced as (l0 + l1) + (l2 + l3); −inf for an empty slice.
pub fn log_sum_exp(v: &[f32]) -> f32 {
    active::log_sum_exp(v)
}

/// Σ v_i in four lanes (i mod 4), reduced as (l0 + l1) + (l2 + l3).
pub fn sum(v: &[f32]) -> f32 {
    active::sum(v)
}

/// `delta *= act'(z)` elementwise (turns ∂/∂a into ∂/∂z).
pub fn activate_backward(act: Activation, z: &[f32], delta: &mut [f32]) {
    assert!(z.len() == delta.len() && z.len().is_multiple_of(4));
    active::activate_backward(act, z, delta);
}
