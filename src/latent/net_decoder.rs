//! A generic decoder: a dense net z ∈ R^k → R² ([`crate::models::net::Net`]).
//!
//! Continuous z: feed z itself (grid [`super::ZGrid::cube`], usually with a latent
//! regulariser λ‖z‖²). Discrete z: feed the one-hot vectors ([`super::ZGrid::one_hot`]);
//! the first layer's column k is then the learned code of value k, and with no hidden
//! layer ȳ_k = W[:, k] + b is a free prototype per value (K-means' decoder).

use super::decoder::Decoder;
use crate::kernels::Activation;
use crate::models::net::{Net, Tape};
use crate::rng::Rng;

#[derive(Clone, Debug)]
pub struct NetDecoder {
    net: Net,
}

impl NetDecoder {
    /// A net of sizes [z_dim, hidden…, 2] (linear output), initialised like `Net::new`
    /// from `rng` with net id `id`.
    pub fn new(z_dim: usize, hidden: &[usize], act: Activation, rng: &Rng, id: u32) -> Self {
        let sizes: Vec<usize> = [z_dim].iter().chain(hidden).chain(&[2]).copied().collect();
        Self { net: Net::new(&sizes, act, rng, id) }
    }

    pub fn net(&self) -> &Net {
        &self.net
    }
}

impl Decoder for NetDecoder {
    fn z_dim(&self) -> usize {
        self.net.sizes()[0]
    }

    fn params(&self) -> &[f32] {
        self.net.params()
    }

    fn params_mut(&mut self) -> &mut [f32] {
        self.net.params_mut()
    }

    fn decode(&self, z: &[f32]) -> [f32; 2] {
        let mut tape = Tape::default();
        self.net.forward(z, &mut tape);
        [tape.output()[0], tape.output()[1]]
    }

    /// Runs the forward pass again (the net keeps no state between calls), then backward.
    fn backward(&self, z: &[f32], d: [f32; 2], grad: &mut [f32], d_z: Option<&mut [f32]>) {
        let mut tape = Tape::default();
        self.net.forward(z, &mut tape);
        self.net.backward(&tape, &d, grad, d_z);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::latent::decoder::check_backward;

    #[test]
    fn net_decoder_backward_matches_central_differences() {
        let rng = Rng::new(3);
        let mut dec = NetDecoder::new(2, &[8], Activation::Tanh, &rng, 0);
        // Tanh is smooth; h = 1e-2 and a 2e-3 relative tolerance cover the f32 forward pass.
        check_backward(&mut dec, &[0.4, -0.9], 1e-2, 2e-3);
        let mut dec = NetDecoder::new(3, &[], Activation::Relu, &rng, 1);
        check_backward(&mut dec, &[0.0, 1.0, 0.0], 1e-2, 2e-3);
    }

    #[test]
    fn a_one_hot_decoder_without_hidden_layers_is_a_table_of_codes() {
        let dec = NetDecoder::new(3, &[], Activation::Relu, &Rng::new(4), 0);
        let p = dec.params();
        // Sizes [3, 2]: W[out][in] then b[out] (models::net layout), so ȳ_k = (W[0][k] + b₀, W[1][k] + b₁).
        for k in 0..3 {
            let mut z = [0.0; 3];
            z[k] = 1.0;
            assert_eq!(dec.decode(&z), [p[k] + p[6], p[3 + k] + p[7]], "code {k}");
        }
        assert_eq!(dec.z_dim(), 3);
    }
}
