//! The MLP energy E(y): R² → R, with hidden layers of one activation and a
//! linear output. Also the conditional F(x, y): the same network on the
//! (x, y) plane, with samplers told to keep x fixed.
//!
//! Parameters are one flat vector, layer after layer: `W_j[out][in]`
//! (row-major) then `b_j[out]` — the layout of shared/bench/peers.

use std::cell::RefCell;

use serde::{Deserialize, Serialize};

use super::{Energy, Trainable};
use crate::kernels::{self, Activation};
use crate::points::Points;
use crate::rng::{Rng, Stream};

/// Points per kernel call: a multiple of 4 that keeps a 64-wide layer in L1.
const CHUNK: usize = 128;

#[derive(Debug)]
pub struct Mlp {
    sizes: Vec<usize>,
    act: Activation,
    params: Vec<f32>,
    work: RefCell<Workspace>,
}

impl Clone for Mlp {
    fn clone(&self) -> Self {
        Self::from_params(&self.sizes, self.act, self.params.clone())
    }
}

/// Scratch reused across calls: per layer, pre-activations `z` and activations
/// `a`, feature-major `[features][CHUNK]`; two delta buffers for backward.
#[derive(Debug, Default)]
struct Workspace {
    z: Vec<Vec<f32>>,
    a: Vec<Vec<f32>>,
    /// act'(z) per hidden layer, filled by a forward pass that a backward follows.
    slope: Vec<Vec<f32>>,
    delta: [Vec<f32>; 2],
    weights: Vec<f32>,
}

impl Mlp {
    /// `hidden` layers of `width` units; parameters initialised like PyTorch's
    /// `nn.Linear` (U(−1/√fan_in, 1/√fan_in)), keyed by (seed, parameter index).
    pub fn new(hidden: usize, width: usize, act: Activation, rng: &Rng) -> Self {
        let mut sizes = vec![2];
        sizes.extend(std::iter::repeat_n(width, hidden));
        sizes.push(1);
        let mut params = vec![0.0; param_count(&sizes)];
        let mut at = 0;
        for j in 0..sizes.len() - 1 {
            let bound = 1.0 / (sizes[j] as f32).sqrt();
            let n = sizes[j] * sizes[j + 1] + sizes[j + 1];
            for k in at..at + n {
                let u = rng.uniform4(Stream::Init, k as u32, 0)[0];
                params[k] = (2.0 * u - 1.0) * bound;
            }
            at += n;
        }
        Self::from_params(&sizes, act, params)
    }

    pub fn from_params(sizes: &[usize], act: Activation, params: Vec<f32>) -> Self {
        assert!(sizes.len() >= 2 && sizes[0] == 2 && *sizes.last().unwrap() == 1, "an MLP energy maps R² to R");
        assert_eq!(params.len(), param_count(sizes), "parameter count");
        let work = Workspace {
            z: sizes.iter().map(|&s| vec![0.0; s * CHUNK]).collect(),
            a: sizes.iter().map(|&s| vec![0.0; s * CHUNK]).collect(),
            slope: sizes.iter().map(|&s| vec![0.0; s * CHUNK]).collect(),
            delta: std::array::from_fn(|_| vec![0.0; sizes.iter().max().unwrap() * CHUNK]),
            weights: vec![0.0; CHUNK],
        };
        Self { sizes: sizes.to_vec(), act, params, work: RefCell::new(work) }
    }

    pub fn sizes(&self) -> &[usize] {
        &self.sizes
    }

    pub fn activation(&self) -> Activation {
        self.act
    }

    /// (weights, biases) of dense layer j.
    fn layer(&self, j: usize) -> (&[f32], &[f32]) {
        let at = layer_offset(&self.sizes, j);
        let (n_in, n_out) = (self.sizes[j], self.sizes[j + 1]);
        let w = &self.params[at..at + n_in * n_out];
        (w, &self.params[at + n_in * n_out..at + n_in * n_out + n_out])
    }

    /// Forward pass of points `start..start + len` (len ≤ CHUNK), padded with
    /// zeros; with `slopes` it also keeps act'(z) for the backward pass.
    fn forward_chunk(&self, ws: &mut Workspace, ys: &Points, start: usize, len: usize, slopes: bool) {
        let a0 = &mut ws.a[0];
        a0.fill(0.0);
        a0[..len].copy_from_slice(&ys.y1[start..start + len]);
        a0[CHUNK..CHUNK + len].copy_from_slice(&ys.y2[start..start + len]);
        let last = self.sizes.len() - 2;
        for j in 0..=last {
            let (w, b) = self.layer(j);
            let (n_in, n_out) = (self.sizes[j], self.sizes[j + 1]);
            let (before, after) = ws.a.split_at_mut(j + 1);
            if j < last {
                let z = &mut ws.z[j + 1];
                kernels::dense_forward(w, b, &before[j], z, n_in, n_out, CHUNK);
                if slopes {
                    kernels::activate_with_slope(self.act, z, &mut after[0], &mut ws.slope[j + 1]);
                } else {
                    kernels::activate(self.act, z, &mut after[0]);
                }
            } else {
                kernels::dense_forward(w, b, &before[j], &mut after[0], n_in, n_out, CHUNK);
            }
        }
    }

    /// Backward pass from `ws.weights` (∂L/∂E per point). Accumulates ∇θ into
    /// `grad` when given; leaves ∂L/∂y in `ws.delta[cur]` rows 0 and 1.
    fn backward_chunk(&self, ws: &mut Workspace, mut grad: Option<&mut [f32]>) -> usize {
        let layers = self.sizes.len() - 1;
        let mut cur = 0;
        ws.delta[cur][..CHUNK].copy_from_slice(&ws.weights);
        for j in (0..layers).rev() {
            let (n_in, n_out) = (self.sizes[j], self.sizes[j + 1]);
            let (w, _) = self.layer(j);
            let [d0, d1] = &mut ws.delta;
            let (d_out, d_in) = if cur == 0 { (&*d0, d1) } else { (&*d1, d0) };
            if let Some(g) = grad.as_deref_mut() {
                let at = layer_offset(&self.sizes, j);
                let (gw, gb) = g[at..at + n_in * n_out + n_out].split_at_mut(n_in * n_out);
                kernels::dense_backward_params(d_out, &ws.a[j], gw, gb, n_in, n_out, CHUNK);
            }
            kernels::dense_backward_input(w, d_out, d_in, n_in, n_out, CHUNK);
            if j > 0 {
                kernels::scale_by(&mut d_in[..n_in * CHUNK], &ws.slope[j]);
            }
            cur = 1 - cur;
        }
        cur
    }

    fn read_energies(ws: &Workspace, last: usize, out: &mut [f32]) {
        out.copy_from_slice(&ws.a[last][..out.len()]);
    }
}

pub fn param_count(sizes: &[usize]) -> usize {
    sizes.windows(2).map(|s| s[0] * s[1] + s[1]).sum()
}

fn layer_offset(sizes: &[usize], j: usize) -> usize {
    param_count(&sizes[..=j])
}

impl Energy for Mlp {
    fn energy(&self, ys: &Points, out: &mut [f32]) {
        let ws = &mut *self.work.borrow_mut();
        let last = self.sizes.len() - 1;
        for start in (0..ys.len()).step_by(CHUNK) {
            let len = CHUNK.min(ys.len() - start);
            self.forward_chunk(ws, ys, start, len, false);
            Self::read_energies(ws, last, &mut out[start..start + len]);
        }
    }

    fn energy_grad(&self, ys: &Points, out: &mut [f32], grad: &mut Points) {
        let ws = &mut *self.work.borrow_mut();
        let last = self.sizes.len() - 1;
        for start in (0..ys.len()).step_by(CHUNK) {
            let len = CHUNK.min(ys.len() - start);
            self.forward_chunk(ws, ys, start, len, true);
            Self::read_energies(ws, last, &mut out[start..start + len]);
            ws.weights.fill(0.0);
            ws.weights[..len].fill(1.0);
            let cur = self.backward_chunk(ws, None);
            grad.y1[start..start + len].copy_from_slice(&ws.delta[cur][..len]);
            grad.y2[start..start + len].copy_from_slice(&ws.delta[cur][CHUNK..CHUNK + len]);
        }
    }
}

impl Trainable for Mlp {
    fn params(&self) -> &[f32] {
        &self.params
    }

    fn params_mut(&mut self) -> &mut [f32] {
        &mut self.params
    }

    fn accumulate_grad_params(&self, ys: &Points, weights: &[f32], energies: &mut [f32], grad: &mut [f32]) {
        let ws = &mut *self.work.borrow_mut();
        let last = self.sizes.len() - 1;
        for start in (0..ys.len()).step_by(CHUNK) {
            let len = CHUNK.min(ys.len() - start);
            self.forward_chunk(ws, ys, start, len, true);
            Self::read_energies(ws, last, &mut energies[start..start + len]);
            ws.weights.fill(0.0);
            ws.weights[..len].copy_from_slice(&weights[start..start + len]);
            self.backward_chunk(ws, Some(grad));
        }
    }
}

/// The documented parameter file: dense layers as row-major weight matrices
/// `w[out][in]` and bias vectors `b[out]`, input first.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct MlpFile {
    pub model: String,
    pub activation: String,
    pub layers: Vec<LayerFile>,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct LayerFile {
    pub w: Vec<Vec<f32>>,
    pub b: Vec<f32>,
}

impl Mlp {
    pub fn to_file(&self) -> MlpFile {
        let name = Activation::ALL.iter().find(|(_, a)| *a == self.act).map(|(n, _)| *n).unwrap_or("silu");
        let layers = (0..self.sizes.len() - 1)
            .map(|j| {
                let (w, b) = self.layer(j);
                LayerFile { w: w.chunks(self.sizes[j]).map(<[f32]>::to_vec).collect(), b: b.to_vec() }
            })
            .collect();
        MlpFile { model: "mlp".into(), activation: name.into(), layers }
    }

    pub fn from_file(f: &MlpFile) -> crate::error::Result<Self> {
        use crate::error::EbmError::Invalid;
        let act = Activation::ALL.iter().find(|(n, _)| *n == f.activation).map(|(_, a)| *a).ok_or_else(|| {
            let got = crate::error::quoted(&f.activation);
            Invalid(format!("activation must be one of silu, softplus, tanh, relu, elu, got {got}"))
        })?;
        let mut sizes = vec![2];
        let mut params = Vec::new();
        for (j, l) in f.layers.iter().enumerate() {
            let n_in = *sizes.last().unwrap();
            if l.w.len() != l.b.len() || l.w.iter().any(|r| r.len() != n_in) {
                return Err(Invalid(format!(
                    "layer {j}: w must be [{}][{n_in}] to match b of length {}",
                    l.b.len(),
                    l.b.len()
                )));
            }
            l.w.iter().for_each(|r| params.extend_from_slice(r));
            params.extend_from_slice(&l.b);
            sizes.push(l.b.len());
        }
        if sizes.len() < 2 || *sizes.last().unwrap() != 1 {
            return Err(Invalid("the last layer must have one output (the energy)".into()));
        }
        if params.iter().any(|v| !v.is_finite()) {
            return Err(Invalid("parameters must be finite numbers".into()));
        }
        Ok(Self::from_params(&sizes, act, params))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::energy::finite_difference_grad;

    /// Straightforward f64 forward pass, point by point: the slow twin.
    fn energy_f64(m: &Mlp, y: [f64; 2]) -> f64 {
        let p: Vec<f64> = m.params.iter().map(|&v| f64::from(v)).collect();
        crate::energy::reference::mlp_energy_f64(&m.sizes, m.act, &p, y)
    }

    fn probe_points(n: usize) -> Points {
        let rng = Rng::new(11);
        let mut p = Points::new();
        for i in 0..n {
            let u = rng.uniform4(Stream::Data, i as u32, 0);
            p.push(6.0 * u[0] - 3.0, 6.0 * u[1] - 3.0);
        }
        p
    }

    #[test]
    fn batched_energy_matches_a_pointwise_f64_forward_pass() {
        for (_, act) in Activation::ALL {
            let m = Mlp::new(2, 16, act, &Rng::new(3));
            let pts = probe_points(300); // 300 = 2 full chunks + a tail
            let mut e = vec![0.0; pts.len()];
            m.energy(&pts, &mut e);
            for i in 0..pts.len() {
                let want = energy_f64(&m, [f64::from(pts.y1[i]), f64::from(pts.y2[i])]);
                assert!((f64::from(e[i]) - want).abs() < 1e-5 * want.abs().max(1.0), "{act:?} {i}: {} vs {want}", e[i]);
            }
        }
    }

    #[test]
    fn input_gradient_matches_central_differences() {
        for (_, act) in Activation::ALL {
            let m = Mlp::new(2, 16, act, &Rng::new(5));
            let pts = probe_points(20);
            let mut e = vec![0.0; 20];
            let mut g = Points::with_len(20);
            m.energy_grad(&pts, &mut e, &mut g);
            for i in 0..20 {
                let fd = finite_difference_grad(&m, pts.get(i), 1e-2);
                for (k, gk) in [g.y1[i], g.y2[i]].into_iter().enumerate() {
                    // ReLU kinks make differences unreliable within h of a kink: looser there.
                    let tol = if act == Activation::Relu { 5e-2 } else { 3e-3 };
                    assert!(
                        (f64::from(gk) - fd[k]).abs() < tol * fd[k].abs().max(1.0),
                        "{act:?} {i} {k}: {gk} vs {}",
                        fd[k]
                    );
                }
            }
        }
    }

    #[test]
    fn parameter_gradient_matches_central_differences_in_f64() {
        let m = Mlp::new(2, 8, Activation::Silu, &Rng::new(9));
        let pts = probe_points(7);
        let w: Vec<f32> = (0..7).map(|i| 0.5 - 0.13 * i as f32).collect();
        let mut grad = vec![0.0; m.params.len()];
        let mut e = vec![0.0; 7];
        m.accumulate_grad_params(&pts, &w, &mut e, &mut grad);
        let loss = |m: &Mlp| -> f64 {
            (0..7).map(|i| f64::from(w[i]) * energy_f64(m, [f64::from(pts.y1[i]), f64::from(pts.y2[i])])).sum()
        };
        for k in (0..m.params.len()).step_by(3) {
            let (mut hi, mut lo) = (m.clone(), m.clone());
            hi.params[k] += 1e-2;
            lo.params[k] -= 1e-2;
            let fd = (loss(&hi) - loss(&lo)) / 2e-2;
            assert!((f64::from(grad[k]) - fd).abs() < 1e-3 * fd.abs().max(1.0), "param {k}: {} vs {fd}", grad[k]);
        }
    }

    #[test]
    fn parameter_file_round_trips() {
        let m = Mlp::new(3, 5, Activation::Tanh, &Rng::new(2));
        let back = Mlp::from_file(&m.to_file()).unwrap();
        assert_eq!(back.params, m.params);
        assert_eq!(back.sizes, m.sizes);
        let mut bad = m.to_file();
        bad.layers[1].w[0].pop();
        assert!(Mlp::from_file(&bad).unwrap_err().to_string().contains("layer 1"));
    }
}
