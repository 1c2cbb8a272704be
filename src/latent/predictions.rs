//! The set of predictions ȳ_k = g(z_k) swept by z over its grid, and the energy
//! they define: E(y, z_k) = ‖y − ȳ_k‖² + r_k, with r_k = λ‖z_k‖² the latent
//! regulariser (0 for the ellipse and the horn).
//!
//! Every latent model here has this form once its input is fixed (the horn's
//! predictions depend on x, the others' on nothing), so the free energy on the
//! plane, its exact ∇_y and the loss gradient with respect to each ȳ_k are written
//! once, here; each model then backpropagates ∂L/∂ȳ_k through its own decoder.

use super::decoder::Decoder;
use super::free_energy::free_energy_and_posterior;
use super::zgrid::ZGrid;
use crate::points::Points;

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Predictions {
    /// ȳ_k, one point per latent value.
    pub ybar: Points,
    /// r_k = λ‖z_k‖², added to every energy of value k.
    pub offset: Vec<f32>,
}

impl Predictions {
    /// Decodes every value of `grid`, with regulariser weight `lambda`.
    pub fn decode(decoder: &dyn Decoder, grid: &ZGrid, lambda: f32) -> Self {
        let mut p = Self { ybar: Points::with_len(grid.len()), offset: vec![0.0; grid.len()] };
        for k in 0..grid.len() {
            let z = grid.z(k);
            p.ybar.set(k, decoder.decode(z));
            p.offset[k] = if lambda == 0.0 { 0.0 } else { lambda * z.iter().map(|v| v * v).sum::<f32>() };
        }
        p
    }

    /// N_z.
    pub fn len(&self) -> usize {
        self.ybar.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ybar.is_empty()
    }

    /// `out[k] = E(y, z_k) = ‖y − ȳ_k‖² + r_k`.
    pub fn energies(&self, y: [f32; 2], out: &mut [f32]) {
        for k in 0..self.len() {
            let (d1, d2) = (y[0] - self.ybar.y1[k], y[1] - self.ybar.y2[k]);
            out[k] = d1 * d1 + d2 * d2 + self.offset[k];
        }
    }

    /// F_β(y) and its exact gradient ∇_y F_β = Σ_k softmin_k · 2(y − ȳ_k); `posterior`
    /// (length N_z) holds the softmin weights afterwards.
    pub fn free_energy_grad(&self, y: [f32; 2], beta: f32, posterior: &mut [f32]) -> (f32, [f32; 2]) {
        self.free_energy_grad_in(y, beta, &mut vec![0.0; self.len()], posterior)
    }

    /// [`Self::free_energy_grad`] with the energies' buffer `e` supplied (length N_z).
    fn free_energy_grad_in(&self, y: [f32; 2], beta: f32, e: &mut [f32], posterior: &mut [f32]) -> (f32, [f32; 2]) {
        self.energies(y, e);
        let f = free_energy_and_posterior(e, beta, posterior);
        let mut g = [0.0f32; 2];
        for k in 0..self.len() {
            if posterior[k] != 0.0 {
                g[0] += posterior[k] * 2.0 * (y[0] - self.ybar.y1[k]);
                g[1] += posterior[k] * 2.0 * (y[1] - self.ybar.y2[k]);
            }
        }
        (f, g)
    }

    /// Adds `coef · ∂F_β(y)/∂ȳ_k = −2·coef·softmin_k·(y − ȳ_k)` to `d_ybar` and returns F_β(y).
    pub fn accumulate_grad_ybar(&self, y: [f32; 2], beta: f32, coef: f32, d_ybar: &mut Points) -> f32 {
        let mut w = vec![0.0; self.len()];
        let (f, _) = self.free_energy_grad(y, beta, &mut w);
        self.add_grad_ybar(y, &w, coef, d_ybar);
        f
    }

    /// Adds `coef · ∂F_β(y)/∂ȳ_k` given y's softmin `posterior` (from [`Self::free_energy_grad`]).
    pub fn add_grad_ybar(&self, y: [f32; 2], posterior: &[f32], coef: f32, d_ybar: &mut Points) {
        if coef != 0.0 {
            for k in 0..self.len() {
                d_ybar.y1[k] -= 2.0 * coef * posterior[k] * (y[0] - self.ybar.y1[k]);
                d_ybar.y2[k] -= 2.0 * coef * posterior[k] * (y[1] - self.ybar.y2[k]);
            }
        }
    }

    /// The plane energy of a batch: `out[i] = F_β(y_i)` and, when given, ∇_y F_β(y_i).
    pub fn plane_energy(&self, ys: &Points, beta: f32, out: &mut [f32], mut grad: Option<&mut Points>) {
        assert_eq!(ys.len(), out.len(), "one energy per point");
        let (mut e, mut w) = (vec![0.0; self.len()], vec![0.0; self.len()]);
        for i in 0..ys.len() {
            let (f, g) = self.free_energy_grad_in(ys.get(i), beta, &mut e, &mut w);
            out[i] = f;
            if let Some(grad) = grad.as_deref_mut() {
                grad.set(i, g);
            }
        }
    }

    /// Backpropagates `d_ybar[k] = ∂L/∂ȳ_k` through the decoder at each grid value: `grad += ∂L/∂θ`.
    pub fn backward(decoder: &dyn Decoder, grid: &ZGrid, d_ybar: &Points, grad: &mut [f32]) {
        for k in 0..grid.len() {
            let d = d_ybar.get(k);
            if d != [0.0, 0.0] {
                decoder.backward(grid.z(k), d, grad, None);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::latent::decoder::EllipseDecoder;

    fn course() -> (EllipseDecoder, ZGrid) {
        (EllipseDecoder::new([2.0, 1.5]), ZGrid::angles(48))
    }

    #[test]
    fn energies_are_squared_distances_plus_the_latent_regulariser() {
        let grid = ZGrid::cube(1, 5, 2.0);
        let p = Predictions::decode(&EllipseDecoder::new([2.0, 1.5]), &grid, 0.25);
        let mut e = vec![0.0; 5];
        p.energies([0.5, -1.0], &mut e);
        for k in 0..5 {
            // The definition in f64: ‖y − (2 cos z, 1.5 sin z)‖² + λz².
            let z = f64::from(grid.z(k)[0]);
            let want = (0.5 - 2.0 * z.cos()).powi(2) + (-1.0 - 1.5 * z.sin()).powi(2) + 0.25 * z * z;
            assert!((f64::from(e[k]) - want).abs() < 1e-5, "k {k}: {} vs {want}", e[k]);
        }
    }

    #[test]
    fn the_ybar_gradient_matches_central_differences() {
        let (dec, grid) = course();
        let p = Predictions::decode(&dec, &grid, 0.0);
        let y = [0.7f32, 1.1];
        for beta in [1.0f32, 3.2, f32::INFINITY] {
            let mut d = Points::with_len(48);
            p.accumulate_grad_ybar(y, beta, 1.5, &mut d);
            let h = 1e-3f32;
            for k in [0, 5, 11, 12, 13, 30] {
                for axis in 0..2 {
                    let shifted = |s: f32| {
                        let mut q = p.clone();
                        let mut v = q.ybar.get(k);
                        v[axis] += s;
                        q.ybar.set(k, v);
                        let mut w = vec![0.0; 48];
                        1.5 * f64::from(q.free_energy_grad(y, beta, &mut w).0)
                    };
                    let fd = (shifted(h) - shifted(-h)) / (2.0 * f64::from(h));
                    let got = f64::from(d.get(k)[axis]);
                    // Smooth for finite β; at β = ∞ only the argmin moves F (away from ties).
                    assert!((got - fd).abs() < 2e-3 * (1.0 + fd.abs()), "β {beta} k {k} axis {axis}: {got} vs {fd}");
                }
            }
        }
    }
}
