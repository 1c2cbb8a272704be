//! The regression baseline of lecture §5: a squared-error regressor ŷ = f(x)
//! (a [`Net`] 1 → w → w → 1) trained on conditional data (x in `y1`, y in `y2`).
//!
//! It learns the conditional mean E[y | x]: where several y fit one x (the circle's
//! two branches) it predicts their average, a y that no data point has. To draw
//! it beside an EBM it is the energy E(x, y) = (y − f(x))² on the (x, y) plane,
//! whose only minimum over y is f(x).

use super::fitting::{GradientRule, draw_batch, mean};
use super::net::{Net, Tape};
use super::{FitReport, Model, Overlay, Plane};
use crate::energy::Energy;
use crate::kernels::Activation;
use crate::optim::OptimState;
use crate::points::{Points, Rect};
use crate::rng::Rng;

/// Segments in the overlay's prediction curve.
pub const CURVE_SEGMENTS: usize = 64;

#[derive(Clone, Debug)]
pub struct Regression {
    net: Net,
    pub rule: GradientRule,
    /// The overlay draws f over this box's x range.
    pub view: Rect,
    state: OptimState,
    batch: Points,
}

impl Regression {
    /// f: 1 → `width` → `width` → 1, initialised by [`Net::new`] with id 0.
    pub fn new(width: usize, act: Activation, rule: GradientRule, view: Rect, rng: &Rng) -> Self {
        let net = Net::new(&[1, width, width, 1], act, rng, 0);
        let state = OptimState::new(net.params().len());
        Self { net, rule, view, state, batch: Points::new() }
    }

    /// The prediction f(x).
    pub fn predict(&self, x: f32) -> f32 {
        let mut tape = Tape::default();
        self.net.forward(&[x], &mut tape);
        tape.output()[0]
    }

    /// (y − f(x))² and its gradient (−2(y − f)·f′(x), 2(y − f)); `scratch` holds ∂/∂θ, unused.
    fn energy_grad_at(&self, p: [f32; 2], tape: &mut Tape, scratch: &mut [f32]) -> (f32, [f32; 2]) {
        self.net.forward(&[p[0]], tape);
        let res = p[1] - tape.output()[0];
        let mut d_x = [0.0f32];
        self.net.backward(tape, &[-2.0 * res], scratch, Some(&mut d_x));
        (res * res, [d_x[0], 2.0 * res])
    }
}

impl Energy for Regression {
    fn energy(&self, ys: &Points, out: &mut [f32]) {
        let mut tape = Tape::default();
        for i in 0..ys.len() {
            self.net.forward(&[ys.y1[i]], &mut tape);
            let res = ys.y2[i] - tape.output()[0];
            out[i] = res * res;
        }
    }

    fn energy_grad(&self, ys: &Points, out: &mut [f32], grad: &mut Points) {
        let (mut tape, mut scratch) = (Tape::default(), vec![0.0; self.net.params().len()]);
        for i in 0..ys.len() {
            let (e, g) = self.energy_grad_at(ys.get(i), &mut tape, &mut scratch);
            out[i] = e;
            grad.set(i, g);
        }
    }
}

impl Model for Regression {
    /// One optimiser step on the mini-batch mean squared error (y − f(x))²; reports
    /// it before the update. Empty data change nothing and report NaN.
    fn fit_step(&mut self, data: &Points, rng: &Rng, step: u32) -> FitReport {
        if data.is_empty() {
            return FitReport::loss(f32::NAN);
        }
        let mut batch = std::mem::take(&mut self.batch);
        draw_batch(data, rng, step, self.rule.batch, self.rule.draw, &mut batch);
        let b = batch.len() as f32;
        let (mut tape, mut grad) = (Tape::default(), vec![0.0f32; self.net.params().len()]);
        let mut losses = Vec::with_capacity(batch.len());
        for s in 0..batch.len() {
            self.net.forward(&[batch.y1[s]], &mut tape);
            let res = batch.y2[s] - tape.output()[0];
            losses.push(res * res);
            self.net.backward(&tape, &[-2.0 * res / b], &mut grad, None);
        }
        self.rule.apply(self.net.params_mut(), &grad, &mut self.state);
        self.batch = batch;
        FitReport::loss(mean(losses.into_iter()))
    }

    /// E(x, y) = (y − f(x))² on the conditional plane.
    fn plane(&self) -> Plane {
        Plane::conditional()
    }

    fn params(&self) -> Vec<f32> {
        self.net.params().to_vec()
    }

    /// The prediction curve (x, f(x)) over the view's x range, as segments.
    fn overlay(&self) -> Overlay {
        let xs: Vec<f32> = (0..=CURVE_SEGMENTS)
            .map(|k| self.view.x_lo + self.view.width() * k as f32 / CURVE_SEGMENTS as f32)
            .collect();
        let curve: Vec<[f32; 2]> = xs.iter().map(|&x| [x, self.predict(x)]).collect();
        Overlay {
            marks: Points::new(),
            from: Points::from_pairs(&curve[..CURVE_SEGMENTS]),
            to: Points::from_pairs(&curve[1..]),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::data::{DatasetKind, generate};
    use crate::energy::finite_difference_grad;
    use crate::train::Trainer;

    fn circle(n: usize, seed: u32) -> Points {
        generate(DatasetKind::Circle, n, DatasetKind::Circle.default_noise(), &Rng::new(seed))
    }

    #[test]
    fn the_energy_gradient_matches_central_differences() {
        let m = Regression::new(16, Activation::Tanh, GradientRule::sgd(0.1, 8), Rect::square(1.5), &Rng::new(1));
        for p in [[0.3f32, 0.5], [-0.8, -1.0], [0.0, 0.1]] {
            let (mut out, mut g) = ([0.0], Points::with_len(1));
            m.energy_grad(&Points::from_pairs(&[p]), &mut out, &mut g);
            // E is the definition (y − f(x))².
            assert!((out[0] - (p[1] - m.predict(p[0])).powi(2)).abs() < 1e-6);
            let fd = finite_difference_grad(&m, p, 1e-2);
            for c in 0..2 {
                let ours = f64::from(g.get(0)[c]);
                assert!((ours - fd[c]).abs() < 2e-3 * (1.0 + fd[c].abs()), "{p:?}: {ours} vs {}", fd[c]);
            }
        }
    }

    #[test]
    fn on_the_circle_regression_predicts_the_mean_between_the_branches() {
        let data = circle(1000, 2);
        let rng = Rng::new(2);
        let mut m = Regression::new(32, Activation::Tanh, GradientRule::adam(0.01, 64), Rect::square(1.5), &rng);
        for t in 0..1000 {
            m.fit_step(&data, &rng, t);
        }
        for k in 0..=16 {
            let x = -0.8 + 0.1 * k as f32;
            let f = m.predict(x);
            // E[y | x] = 0 (equal branches, docs/datasets.md); the branches sit at ±√(1 − x²) ≥ 0.6 here. Data
            // near x hold about 50 points per 0.1 of x, whose mean has sd √(1 − x²)/√50 ≤ 0.14 per window, and
            // the net averages over several windows; 0.2 is far from either branch (measured |f| ≤ 0.028).
            assert!(f.abs() < 0.2, "f({x}) = {f}");
        }
    }

    #[test]
    fn an_ebm_trained_on_the_circle_keeps_both_branches_where_regression_averages_them() {
        let (cfg, problems) = Config::from_query("data=circle&loss=exact&grid=32&width=32&lr=0.02&batch=32&seed=3");
        assert!(problems.is_empty(), "{problems:?}");
        let (mut t, problems) = Trainer::new(cfg);
        assert!(problems.is_empty(), "{problems:?}");
        for _ in 0..150 {
            t.step().expect("training step");
        }
        // argmin over a y grid of 301 points on [−1.5, 1.5] (step 0.01) at each x.
        let ys: Vec<f32> = (0..=300).map(|j| -1.5 + 0.01 * j as f32).collect();
        for x in [-0.6f32, -0.3, 0.0, 0.3, 0.6] {
            let column = Points { y1: vec![x; ys.len()], y2: ys.clone() };
            let mut e = vec![0.0; ys.len()];
            t.model.energy(&column, &mut e);
            let j = (0..ys.len()).min_by(|&a, &b| e[a].total_cmp(&e[b])).expect("a column");
            let branch = (1.0 - x * x).sqrt();
            let at = |y: f32| e[((y + 1.5) / 0.01).round() as usize];
            // Near a branch ±√(1 − x²) (within 0.1: three noise σ plus the grid's cell) and far from the
            // regression's 0 (|y| > 0.5, every branch here is at |y| ≥ 0.8).
            assert!((ys[j].abs() - branch).abs() < 0.1 && ys[j].abs() > 0.5, "x {x}: argmin {}", ys[j]);
            // Both branches are kept: each is over e³ = 20 times likelier than y = 0 under p ∝ exp(−E), β = 1
            // (measured gaps 7.4 to 12.4 at this seed).
            let (up, down, mid) = (at(branch), at(-branch), at(0.0));
            assert!(up < mid - 3.0 && down < mid - 3.0, "x {x}: E(+b) {up}, E(−b) {down}, E(0) {mid}");
        }
    }
}
