//! Decoders g: z ↦ ȳ ∈ R² (lecture §2): moving z over its grid sweeps the
//! prediction ȳ over a set. The course's ellipse decoder is here; the net decoder
//! (continuous or one-hot z) is in `net_decoder.rs`.

/// A learnable map from a latent z ∈ R^k to a prediction ȳ ∈ R².
pub trait Decoder {
    /// k, the dimension of z.
    fn z_dim(&self) -> usize;

    fn params(&self) -> &[f32];

    fn params_mut(&mut self) -> &mut [f32];

    /// ȳ = g(z).
    fn decode(&self, z: &[f32]) -> [f32; 2];

    /// Backpropagates `d = ∂L/∂ȳ` at ȳ = g(z): `grad += (∂ȳ/∂θ)ᵀ d` and, when given,
    /// `d_z = (∂ȳ/∂z)ᵀ d`.
    fn backward(&self, z: &[f32], d: [f32; 2], grad: &mut [f32], d_z: Option<&mut [f32]>);
}

/// The course's ellipse decoder g(z) = (w₁ cos z, w₂ sin z), z an angle, w = (w₁, w₂)
/// learnable. With w fixed at f(x) it is also the horn's decoder at input x.
#[derive(Clone, Debug, PartialEq)]
pub struct EllipseDecoder {
    w: [f32; 2],
}

impl EllipseDecoder {
    pub fn new(w: [f32; 2]) -> Self {
        Self { w }
    }

    /// The semi-axes (w₁, w₂).
    pub fn w(&self) -> [f32; 2] {
        self.w
    }
}

impl Decoder for EllipseDecoder {
    fn z_dim(&self) -> usize {
        1
    }

    fn params(&self) -> &[f32] {
        &self.w
    }

    fn params_mut(&mut self) -> &mut [f32] {
        &mut self.w
    }

    fn decode(&self, z: &[f32]) -> [f32; 2] {
        let (s, c) = libm::sincosf(z[0]);
        [self.w[0] * c, self.w[1] * s]
    }

    fn backward(&self, z: &[f32], d: [f32; 2], grad: &mut [f32], d_z: Option<&mut [f32]>) {
        let (s, c) = libm::sincosf(z[0]);
        grad[0] += d[0] * c;
        grad[1] += d[1] * s;
        if let Some(d_z) = d_z {
            d_z[0] = -d[0] * self.w[0] * s + d[1] * self.w[1] * c;
        }
    }
}

/// Checks a decoder's backward pass against central differences of L = c·g(z) in f64.
#[cfg(test)]
pub(crate) fn check_backward(dec: &mut dyn Decoder, z: &[f32], h: f32, tol: f64) {
    let c = [0.7f32, -1.3];
    let loss = |dec: &dyn Decoder, z: &[f32]| {
        let y = dec.decode(z);
        f64::from(c[0]) * f64::from(y[0]) + f64::from(c[1]) * f64::from(y[1])
    };
    let mut grad = vec![0.0; dec.params().len()];
    let mut d_z = vec![0.0; z.len()];
    dec.backward(z, c, &mut grad, Some(&mut d_z));
    let close = |a: f32, fd: f64| (f64::from(a) - fd).abs() < tol * (1.0 + fd.abs());
    for k in 0..grad.len() {
        let p = dec.params()[k];
        dec.params_mut()[k] = p + h;
        let up = loss(dec, z);
        dec.params_mut()[k] = p - h;
        let down = loss(dec, z);
        dec.params_mut()[k] = p;
        let fd = (up - down) / (2.0 * f64::from(h));
        assert!(close(grad[k], fd), "θ[{k}]: {} vs {fd}", grad[k]);
    }
    for i in 0..z.len() {
        let (mut up, mut down) = (z.to_vec(), z.to_vec());
        up[i] += h;
        down[i] -= h;
        let fd = (loss(dec, &up) - loss(dec, &down)) / (2.0 * f64::from(h));
        assert!(close(d_z[i], fd), "z[{i}]: {} vs {fd}", d_z[i]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_ellipse_decoder_traces_the_course_ellipse() {
        let dec = EllipseDecoder::new([2.0, 1.5]);
        for k in 0..48 {
            let z = k as f64 * std::f64::consts::PI / 24.0;
            // g(z) = (w₁ cos z, w₂ sin z) in f64 (docs/datasets.md).
            let y = dec.decode(&[z as f32]).map(f64::from);
            assert!((y[0] - 2.0 * z.cos()).abs() < 1e-6 && (y[1] - 1.5 * z.sin()).abs() < 1e-6, "z {z}");
        }
    }

    #[test]
    fn the_ellipse_decoder_backward_matches_central_differences() {
        let mut dec = EllipseDecoder::new([2.0, 1.5]);
        for z in [0.3f32, 1.9, 4.4] {
            // Smooth in w and z; h = 1e-3 leaves f32 rounding of order 1e-7/1e-3.
            check_backward(&mut dec, &[z], 1e-3, 1e-3);
        }
    }
}
