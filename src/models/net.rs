//! A small dense network with vector input and output, one sample at a time:
//! the predictors, encoders and decoders of the lecture's models (the horn's
//! f: x ↦ R², an autoencoder's R² → R^h → R², the regression baseline).
//!
//! Hidden layers use one [`Activation`]; the output layer is linear.
//! Parameters are one flat vector, layer by layer, `W[out][in]` then `b[out]`
//! (the layout of [`crate::energy::mlp`]). Plain loops: these nets are small and
//! their models are not the hot path; the MLP energy keeps the batched kernels.

use crate::kernels::{self, Activation};
use crate::rng::{Rng, Stream};

#[derive(Clone, Debug)]
pub struct Net {
    sizes: Vec<usize>,
    act: Activation,
    params: Vec<f32>,
}

/// What a forward pass keeps for the backward pass that follows. Layer buffers
/// are padded to a multiple of 4 (the activation kernels' lane width).
#[derive(Clone, Debug, Default)]
pub struct Tape {
    /// Layer inputs: `a[0]` is x, `a[j]` the activations feeding layer j.
    a: Vec<Vec<f32>>,
    /// act′(z) of each hidden layer.
    slope: Vec<Vec<f32>>,
    z: Vec<f32>,
}

impl Tape {
    /// The network's output of the last [`Net::forward`].
    pub fn output(&self) -> &[f32] {
        self.a.last().map_or(&[], |v| v)
    }
}

fn padded(n: usize) -> usize {
    n.div_ceil(4) * 4
}

impl Net {
    /// Parameters like PyTorch's `nn.Linear`: U(−1/√fan_in, 1/√fan_in), keyed by
    /// (seed, Stream::Init, parameter index, `id`); `id` tells apart the nets of one model.
    pub fn new(sizes: &[usize], act: Activation, rng: &Rng, id: u32) -> Self {
        assert!(sizes.len() >= 2 && sizes.iter().all(|&s| s > 0), "a net needs an input and an output layer");
        let mut params = Vec::with_capacity(param_count(sizes));
        for j in 0..sizes.len() - 1 {
            let bound = 1.0 / (sizes[j] as f32).sqrt();
            for _ in 0..sizes[j] * sizes[j + 1] + sizes[j + 1] {
                let u = rng.uniform4(Stream::Init, params.len() as u32, 1 + id)[0];
                params.push((2.0 * u - 1.0) * bound);
            }
        }
        Self { sizes: sizes.to_vec(), act, params }
    }

    pub fn sizes(&self) -> &[usize] {
        &self.sizes
    }

    pub fn params(&self) -> &[f32] {
        &self.params
    }

    pub fn params_mut(&mut self) -> &mut [f32] {
        &mut self.params
    }

    /// Runs the net on `x`, keeping what [`Net::backward`] needs; the output is `tape.output()`.
    pub fn forward(&self, x: &[f32], tape: &mut Tape) {
        let layers = self.sizes.len();
        assert_eq!(x.len(), self.sizes[0], "net input size");
        tape.a.resize(layers, Vec::new());
        tape.slope.resize(layers, Vec::new());
        tape.a[0].clear();
        tape.a[0].extend_from_slice(x);
        let mut at = 0;
        for j in 0..layers - 1 {
            let (n_in, n_out) = (self.sizes[j], self.sizes[j + 1]);
            let (w, b) = self.params[at..at + n_in * n_out + n_out].split_at(n_in * n_out);
            at += n_in * n_out + n_out;
            tape.z.clear();
            tape.z.resize(padded(n_out), 0.0);
            for o in 0..n_out {
                let mut s = b[o];
                for i in 0..n_in {
                    s += w[o * n_in + i] * tape.a[j][i];
                }
                tape.z[o] = s;
            }
            let next = &mut tape.a[j + 1];
            next.clear();
            if j + 2 == layers {
                next.extend_from_slice(&tape.z[..n_out]);
            } else {
                next.resize(padded(n_out), 0.0);
                let slope = &mut tape.slope[j + 1];
                slope.resize(padded(n_out), 0.0);
                kernels::activate_with_slope(self.act, &tape.z, next, slope);
                next.truncate(n_out);
            }
        }
    }

    /// Backpropagates `d_out = ∂L/∂output` through the last forward pass:
    /// `grad += ∂L/∂θ` and, when given, `d_x = ∂L/∂x`.
    pub fn backward(&self, tape: &Tape, d_out: &[f32], grad: &mut [f32], d_x: Option<&mut [f32]>) {
        let layers = self.sizes.len();
        assert_eq!(d_out.len(), self.sizes[layers - 1], "net output size");
        assert_eq!(grad.len(), self.params.len(), "gradient size");
        let mut delta = d_out.to_vec();
        let mut at = self.params.len();
        for j in (0..layers - 1).rev() {
            let (n_in, n_out) = (self.sizes[j], self.sizes[j + 1]);
            at -= n_in * n_out + n_out;
            let (gw, gb) = grad[at..at + n_in * n_out + n_out].split_at_mut(n_in * n_out);
            let w = &self.params[at..at + n_in * n_out];
            let mut below = vec![0.0; n_in];
            for o in 0..n_out {
                gb[o] += delta[o];
                for i in 0..n_in {
                    gw[o * n_in + i] += delta[o] * tape.a[j][i];
                    below[i] += w[o * n_in + i] * delta[o];
                }
            }
            if j > 0 {
                below.iter_mut().zip(&tape.slope[j]).for_each(|(d, s)| *d *= s);
            }
            delta = below;
        }
        if let Some(d_x) = d_x {
            d_x.copy_from_slice(&delta);
        }
    }
}

pub fn param_count(sizes: &[usize]) -> usize {
    sizes.windows(2).map(|p| p[0] * p[1] + p[1]).sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// L = Σ_k c_k out_k for fixed c, so ∂L/∂out = c.
    fn loss(net: &Net, x: &[f32], c: &[f32]) -> f64 {
        let mut tape = Tape::default();
        net.forward(x, &mut tape);
        tape.output().iter().zip(c).map(|(o, c)| f64::from(*o) * f64::from(*c)).sum()
    }

    #[test]
    fn backward_matches_central_differences_for_every_activation() {
        let rng = Rng::new(5);
        for (name, act) in Activation::ALL {
            let mut net = Net::new(&[3, 5, 6, 2], act, &rng, 0);
            let (x, c) = ([0.3f32, -0.7, 1.1], [0.8f32, -1.3]);
            let mut tape = Tape::default();
            net.forward(&x, &mut tape);
            let mut grad = vec![0.0; net.params().len()];
            let mut d_x = [0.0; 3];
            net.backward(&tape, &c, &mut grad, Some(&mut d_x));
            let h = 1e-2;
            for k in (0..grad.len()).step_by(3) {
                let p = net.params()[k];
                net.params_mut()[k] = p + h;
                let up = loss(&net, &x, &c);
                net.params_mut()[k] = p - h;
                let down = loss(&net, &x, &c);
                net.params_mut()[k] = p;
                let fd = (up - down) / (2.0 * f64::from(h));
                // ReLU/ELU kinks are far from these inputs; the tolerance covers the f32 forward pass.
                assert!((f64::from(grad[k]) - fd).abs() < 2e-3 * (1.0 + fd.abs()), "{name} θ[{k}]: {} vs {fd}", grad[k]);
            }
            for i in 0..3 {
                let mut up = x;
                up[i] += h;
                let mut down = x;
                down[i] -= h;
                let fd = (loss(&net, &up, &c) - loss(&net, &down, &c)) / (2.0 * f64::from(h));
                assert!((f64::from(d_x[i]) - fd).abs() < 2e-3 * (1.0 + fd.abs()), "{name} x[{i}]: {} vs {fd}", d_x[i]);
            }
        }
    }

    #[test]
    fn a_linear_net_computes_w_x_plus_b() {
        // One layer: out = W x + b with W = [[1, 2], [3, 4], [5, 6]] and b = (−1, 0, 1), by hand.
        let net = Net { sizes: vec![2, 3], act: Activation::Relu, params: vec![1., 2., 3., 4., 5., 6., -1., 0., 1.] };
        let mut tape = Tape::default();
        net.forward(&[1.0, -1.0], &mut tape);
        assert_eq!(tape.output(), &[-2.0, -1.0, 0.0]);
    }

    #[test]
    fn nets_with_different_ids_start_differently_and_the_same_id_repeats() {
        let rng = Rng::new(1);
        let a = Net::new(&[2, 4, 2], Activation::Tanh, &rng, 0);
        assert_eq!(a.params(), Net::new(&[2, 4, 2], Activation::Tanh, &rng, 0).params());
        assert_ne!(a.params(), Net::new(&[2, 4, 2], Activation::Tanh, &rng, 1).params());
        assert_eq!(a.params().len(), param_count(&[2, 4, 2]));
    }
}
