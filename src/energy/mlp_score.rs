//! Directional derivatives of the MLP energy and their θ-gradients, for score
//! matching.
//!
//! Forward (Taylor) mode carries every pre-activation with its first and second
//! derivative along an input direction v (ẏ = v, ÿ = 0):
//! z = W a + b, ż = W ȧ, z̈ = W ä, then a = φ(z), ȧ = φ'(z) ż, ä = φ''(z) ż² + φ'(z) z̈.
//! The output is (E, D_v E, D²_v E) = (E, vᵀ∇_y E, vᵀ∇²_y E v). Reverse mode
//! through that computation gives ∂/∂θ (c₀ E + c₁ D_v E + c₂ D²_v E).
//! One point at a time, in plain loops: slow and clear (the MLP has two inputs).

use super::Trainable;
use super::mlp::{Mlp, param_count};
use crate::kernels::derivatives::act_derivatives;

/// Scratch for one point: per layer the activations (a, ȧ, ä), and per hidden
/// layer the activation derivatives and (ż, z̈) at its pre-activations.
#[derive(Clone, Debug, Default)]
pub struct MlpTaylor {
    sizes: Vec<usize>,
    /// `act[j][k]` for k = 0, 1, 2: a, ȧ, ä of layer j (layer 0 is the input y).
    act: Vec<[Vec<f32>; 3]>,
    /// `[φ', φ'', φ''']` at each hidden pre-activation of layer j.
    phi: Vec<Vec<[f32; 3]>>,
    /// ż and z̈ at each hidden pre-activation of layer j.
    dz: Vec<Vec<[f32; 2]>>,
    /// Adjoints of (z, ż, z̈) of the layer being back-propagated, and of its input.
    adj_out: [Vec<f32>; 3],
    adj_in: [Vec<f32>; 3],
}

impl MlpTaylor {
    pub fn new() -> Self {
        Self::default()
    }

    fn fit(&mut self, sizes: &[usize]) {
        if self.sizes == sizes {
            return;
        }
        self.sizes = sizes.to_vec();
        self.act = sizes.iter().map(|&s| std::array::from_fn(|_| vec![0.0; s])).collect();
        self.phi = sizes.iter().map(|&s| vec![[0.0; 3]; s]).collect();
        self.dz = sizes.iter().map(|&s| vec![[0.0; 2]; s]).collect();
        let widest = *sizes.iter().max().unwrap();
        self.adj_out = std::array::from_fn(|_| vec![0.0; widest]);
        self.adj_in = std::array::from_fn(|_| vec![0.0; widest]);
    }

    /// `[E(y), vᵀ∇_y E(y), vᵀ∇²_y E(y) v]`; keeps what [`MlpTaylor::backward`] needs.
    pub fn forward(&mut self, m: &Mlp, y: [f32; 2], v: [f32; 2]) -> [f32; 3] {
        self.fit(m.sizes());
        let sizes = m.sizes();
        let layers = sizes.len() - 1;
        self.act[0][0].copy_from_slice(&y);
        self.act[0][1].copy_from_slice(&v);
        self.act[0][2].fill(0.0);
        let mut out = [0.0; 3];
        for j in 0..layers {
            let (w, b) = layer(m, j);
            let (n_in, n_out) = (sizes[j], sizes[j + 1]);
            let (below, above) = self.act.split_at_mut(j + 1);
            let [a, ad, add] = &below[j];
            for o in 0..n_out {
                let row = &w[o * n_in..(o + 1) * n_in];
                // The kernels' order: bias first, then inputs ascending.
                let (mut z, mut zd, mut zdd) = (b[o], 0.0f32, 0.0f32);
                for i in 0..n_in {
                    z += row[i] * a[i];
                    zd += row[i] * ad[i];
                    zdd += row[i] * add[i];
                }
                if j + 1 == layers {
                    out = [z, zd, zdd];
                } else {
                    let [f, f1, f2, f3] = act_derivatives(m.activation(), z);
                    above[0][0][o] = f;
                    above[0][1][o] = f1 * zd;
                    above[0][2][o] = f2 * zd * zd + f1 * zdd;
                    self.phi[j + 1][o] = [f1, f2, f3];
                    self.dz[j + 1][o] = [zd, zdd];
                }
            }
        }
        out
    }

    /// `grad += c₀ ∂E/∂θ + c₁ ∂(D_v E)/∂θ + c₂ ∂(D²_v E)/∂θ` at the point and
    /// direction of the last [`MlpTaylor::forward`] (with the same parameters).
    pub fn backward(&mut self, m: &Mlp, c: [f32; 3], grad: &mut [f32]) {
        let sizes = m.sizes();
        assert_eq!(self.sizes, sizes, "backward follows a forward pass of the same network");
        assert_eq!(grad.len(), m.params().len(), "gradient length");
        let layers = sizes.len() - 1;
        for k in 0..3 {
            self.adj_out[k][0] = c[k];
        }
        for j in (0..layers).rev() {
            let (w, _) = layer(m, j);
            let (n_in, n_out) = (sizes[j], sizes[j + 1]);
            let at = param_count(&sizes[..=j]);
            let (gw, gb) = grad[at..at + n_in * n_out + n_out].split_at_mut(n_in * n_out);
            let [g, gd, gdd] = &self.adj_out;
            let [a, ad, add] = &self.act[j];
            for o in 0..n_out {
                for i in 0..n_in {
                    gw[o * n_in + i] += g[o] * a[i] + gd[o] * ad[i] + gdd[o] * add[i];
                }
                gb[o] += g[o];
            }
            if j == 0 {
                break;
            }
            // Adjoints of (a, ȧ, ä) of layer j: Wᵀ times each output adjoint.
            for i in 0..n_in {
                for k in 0..3 {
                    self.adj_in[k][i] = (0..n_out).map(|o| w[o * n_in + i] * self.adj_out[k][o]).sum();
                }
            }
            // Through a = φ(z), ȧ = φ' ż, ä = φ'' ż² + φ' z̈ to (z, ż, z̈).
            for i in 0..n_in {
                let [f1, f2, f3] = self.phi[j][i];
                let [zd, zdd] = self.dz[j][i];
                let (ga, gad, gadd) = (self.adj_in[0][i], self.adj_in[1][i], self.adj_in[2][i]);
                self.adj_out[0][i] = ga * f1 + gad * f2 * zd + gadd * (f3 * zd * zd + f2 * zdd);
                self.adj_out[1][i] = gad * f1 + gadd * 2.0 * f2 * zd;
                self.adj_out[2][i] = gadd * f1;
            }
        }
    }
}

/// (weights `W[out][in]`, biases) of dense layer j, in the flat parameter layout.
fn layer(m: &Mlp, j: usize) -> (&[f32], &[f32]) {
    let sizes = m.sizes();
    let at = param_count(&sizes[..=j]);
    let (n_in, n_out) = (sizes[j], sizes[j + 1]);
    let p = &m.params()[at..at + n_in * n_out + n_out];
    p.split_at(n_in * n_out)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::energy::Energy;
    use crate::kernels::Activation;
    use crate::points::Points;
    use crate::rng::{Rng, Stream};

    pub(crate) use crate::energy::reference::mlp_energy_f64 as energy_f64;

    /// (E, D_v E, D²_v E) by central differences along v in f64 (h = 1e-3:
    /// truncation ~1e-6, round-off ~1e-10 for the second difference).
    pub(crate) fn taylor_f64(sizes: &[usize], act: Activation, p: &[f64], y: [f64; 2], v: [f64; 2]) -> [f64; 3] {
        let h = 1e-3;
        let e = |t: f64| energy_f64(sizes, act, p, [y[0] + t * v[0], y[1] + t * v[1]]);
        let (lo, mid, hi) = (e(-h), e(0.0), e(h));
        [mid, (hi - lo) / (2.0 * h), (hi - 2.0 * mid + lo) / (h * h)]
    }

    fn probe(i: u32) -> ([f32; 2], [f32; 2]) {
        let rng = Rng::new(21);
        let u = rng.uniform4(Stream::Data, i, 0);
        let n = rng.normal4(Stream::Projection, i, 0);
        ([4.0 * u[0] - 2.0, 4.0 * u[1] - 2.0], [n[0], n[1]])
    }

    const SMOOTH: [Activation; 4] = [Activation::Silu, Activation::Softplus, Activation::Tanh, Activation::Elu];

    #[test]
    fn directional_derivatives_match_the_gradient_and_central_differences() {
        for (_, act) in Activation::ALL {
            let m = Mlp::new(2, 12, act, &Rng::new(4));
            let p: Vec<f64> = m.params().iter().map(|&v| f64::from(v)).collect();
            let mut taylor = MlpTaylor::new();
            for i in 0..16 {
                let (y, v) = probe(i);
                let got = taylor.forward(&m, y, v);
                let (mut e, mut g) = ([0.0], Points::with_len(1));
                m.energy_grad(&Points::from_pairs(&[y]), &mut e, &mut g);
                // Same operations in the same order as the batched forward pass: the same bits.
                assert_eq!(got[0], e[0], "{act:?}");
                let dot = g.y1[0] * v[0] + g.y2[0] * v[1];
                assert!((got[1] - dot).abs() < 1e-5 * dot.abs().max(1.0), "{act:?}: {} vs {dot}", got[1]);
                let want = taylor_f64(m.sizes(), act, &p, y.map(f64::from), v.map(f64::from));
                // ReLU's second difference is wrong within h of a kink; its Hessian is 0 elsewhere.
                let last = if act == Activation::Relu { 2 } else { 3 };
                for k in 0..last {
                    let d = f64::from(got[k]) - want[k];
                    assert!(
                        d.abs() < 1e-4 * want[k].abs().max(1.0),
                        "{act:?} {i} order {k}: {} vs {}",
                        got[k],
                        want[k]
                    );
                }
            }
        }
    }

    #[test]
    fn theta_gradients_of_the_directional_derivatives_match_central_differences() {
        let c = [0.7f32, -1.3, 0.45];
        for act in SMOOTH {
            let m = Mlp::new(2, 6, act, &Rng::new(8));
            let sizes = m.sizes().to_vec();
            let p: Vec<f64> = m.params().iter().map(|&v| f64::from(v)).collect();
            let mut taylor = MlpTaylor::new();
            let mut grad = vec![0.0; p.len()];
            let points: Vec<_> = (0..3).map(probe).collect();
            for &(y, v) in &points {
                taylor.forward(&m, y, v);
                taylor.backward(&m, c, &mut grad);
            }
            let objective = |p: &[f64]| -> f64 {
                let mut s = 0.0;
                for &(y, v) in &points {
                    let t = taylor_f64(&sizes, act, p, y.map(f64::from), v.map(f64::from));
                    s += (0..3).map(|k| f64::from(c[k]) * t[k]).sum::<f64>();
                }
                s
            };
            for k in 0..p.len() {
                let h = 1e-3;
                let (mut hi, mut lo) = (p.clone(), p.clone());
                hi[k] += h;
                lo[k] -= h;
                let fd = (objective(&hi) - objective(&lo)) / (2.0 * h);
                let g = f64::from(grad[k]);
                assert!((g - fd).abs() < 1e-3 * fd.abs().max(1.0), "{act:?} param {k}: {g} vs {fd}");
            }
        }
    }
}
