//! f64 references for tests: the activations from their textbook definitions
//! and the MLP energy point by point (the slow, obviously-correct twins of the
//! kernels, `MlpTaylor` and `kernels::derivatives`).

use crate::kernels::Activation;

/// act(z) in f64.
pub fn act64(act: Activation, z: f64) -> f64 {
    match act {
        Activation::Silu => z / (1.0 + (-z).exp()),
        Activation::Softplus => z.max(0.0) + (-z.abs()).exp().ln_1p(),
        Activation::Tanh => z.tanh(),
        Activation::Relu => z.max(0.0),
        Activation::Elu => {
            if z > 0.0 {
                z
            } else {
                z.exp_m1()
            }
        }
    }
}

/// The MLP energy E(y) in f64 from its layer sizes and flat parameters
/// (`W[out][in]` then `b[out]` per layer), one point at a time.
pub fn mlp_energy_f64(sizes: &[usize], act: Activation, p: &[f64], y: [f64; 2]) -> f64 {
    let mut a = y.to_vec();
    let mut at = 0;
    for j in 0..sizes.len() - 1 {
        let (n_in, n_out) = (sizes[j], sizes[j + 1]);
        let z: Vec<f64> = (0..n_out)
            .map(|o| p[at + n_in * n_out + o] + (0..n_in).map(|i| p[at + o * n_in + i] * a[i]).sum::<f64>())
            .collect();
        at += n_in * n_out + n_out;
        a = if j + 2 < sizes.len() { z.iter().map(|&v| act64(act, v)).collect() } else { z };
    }
    a[0]
}

/// The lecture's implicit circle F(x, y) = (x² + y² − 1)², with its exact
/// gradient 4q·(x, y), q = x² + y² − 1: low on the unit circle, so one x has
/// two good y (the views' and the descent's tests).
pub struct Circle;

impl super::Energy for Circle {
    fn energy(&self, ys: &crate::points::Points, out: &mut [f32]) {
        for (i, o) in out.iter_mut().enumerate() {
            let q = ys.y1[i] * ys.y1[i] + ys.y2[i] * ys.y2[i] - 1.0;
            *o = q * q;
        }
    }

    fn energy_grad(&self, ys: &crate::points::Points, out: &mut [f32], grad: &mut crate::points::Points) {
        for (i, o) in out.iter_mut().enumerate() {
            let (a, b) = (ys.y1[i], ys.y2[i]);
            let q = a * a + b * b - 1.0;
            *o = q * q;
            grad.set(i, [4.0 * a * q, 4.0 * b * q]);
        }
    }
}
