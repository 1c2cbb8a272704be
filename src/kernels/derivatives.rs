//! Activation derivatives up to the third, for Taylor-mode propagation of an
//! input direction (score matching needs ∇_y E and vᵀ∇²_y E v, and their
//! θ-gradients, which bring in φ'' and φ''').
//!
//! The value and slope are the kernels' own (`scalar::act_value_slope`), so a
//! Taylor forward pass gives the same E as the batched forward pass.

use super::Activation;
use super::math::{exp, sigmoid};
use super::scalar::act_value_slope;

/// `[φ(z), φ'(z), φ''(z), φ'''(z)]`. ReLU's higher derivatives are 0 (its
/// kink has measure zero); ELU's are taken from the left at z ≤ 0.
#[inline]
pub fn act_derivatives(act: Activation, z: f32) -> [f32; 4] {
    let (value, slope) = act_value_slope(act, z);
    let [d2, d3] = match act {
        Activation::Silu => {
            // φ = z·s with s' = s(1 − s), s'' = s'(1 − 2s), s''' = s'(1 − 6s'):
            // φ'' = 2s' + z·s'', φ''' = 3s'' + z·s'''.
            let s = sigmoid(z);
            let s1 = s * (1.0 - s);
            let s2 = s1 * (1.0 - 2.0 * s);
            let s3 = s1 * (1.0 - 6.0 * s1);
            [2.0 * s1 + z * s2, 3.0 * s2 + z * s3]
        }
        Activation::Softplus => {
            // φ' = s, so φ'' = s', φ''' = s''.
            let s = sigmoid(z);
            let s1 = s * (1.0 - s);
            [s1, s1 * (1.0 - 2.0 * s)]
        }
        Activation::Tanh => {
            // φ' = 1 − t², φ'' = −2t(1 − t²), φ''' = (1 − t²)(6t² − 2).
            let t = value;
            let u = 1.0 - t * t;
            [-2.0 * t * u, u * (6.0 * t * t - 2.0)]
        }
        Activation::Relu => [0.0, 0.0],
        Activation::Elu => {
            if z > 0.0 {
                [0.0, 0.0]
            } else {
                let e = exp(z);
                [e, e]
            }
        }
    };
    [value, slope, d2, d3]
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::energy::reference::act64;

    /// The n-th derivative (n = 1, 2, 3) of `act64` by central differences in f64:
    /// truncation error O(h²), round-off about 1e-16/hⁿ.
    fn central(act: Activation, z: f64, n: usize) -> f64 {
        let h = 1e-3;
        let f = |t: f64| act64(act, z + t * h);
        match n {
            1 => (f(1.0) - f(-1.0)) / (2.0 * h),
            2 => (f(1.0) - 2.0 * f(0.0) + f(-1.0)) / (h * h),
            _ => (f(2.0) - 2.0 * f(1.0) + 2.0 * f(-1.0) - f(-2.0)) / (2.0 * h * h * h),
        }
    }

    #[test]
    fn derivatives_match_central_differences_in_f64() {
        for (name, act) in Activation::ALL {
            for k in 0..=64 {
                // −4.05 .. 3.99 in steps of 0.1256: the nearest to the kink of ReLU and ELU at 0 is −0.031, beyond 2h.
                let z = -4.05 + 0.1256 * k as f64;
                let d = act_derivatives(act, z as f32);
                assert!((f64::from(d[0]) - act64(act, z)).abs() < 1e-6 * act64(act, z).abs().max(1.0), "{name} {z}");
                for n in 1..=3 {
                    let want = central(act, z, n);
                    // f32 derivatives (a few ulp) against differences good to ~1e-6.
                    let got = f64::from(d[n]);
                    assert!((got - want).abs() < 2e-5 * want.abs().max(1.0), "{name} φ^({n})({z}): {got} vs {want}");
                }
            }
        }
    }

    #[test]
    fn value_and_slope_are_the_kernels_bits() {
        for (_, act) in Activation::ALL {
            for z in [-3.7f32, -0.2, 0.0, 0.4, 2.9] {
                let d = act_derivatives(act, z);
                assert_eq!((d[0], d[1]), act_value_slope(act, z));
            }
        }
    }
}
