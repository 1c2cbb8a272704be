//! Exact against Monte-Carlo: how far the step's sampled maximum-likelihood
//! gradient is from the exact one. Both share the data phase β·mean ∇θE(batch);
//! they differ in the negative phase, β·mean ∇θE(negatives) for the sampled
//! one and β·Σ_cells p_i·area ∇θE(c_i) on the grid for the exact one. The
//! cosine between them and their relative difference ‖g_mc − g‖ / ‖g‖, with a
//! running mean and spread over the last [`WINDOW`] steps, show CD-k's bias
//! (a cosine that stays low) and short-run's variance (one that scatters).
//!
//! Only reads: the check uses its own buffers, so a run with it on has the
//! same state hash as one without.

use std::collections::VecDeque;

use serde::Serialize;

use super::contrastive::ContrastiveMlp;
use crate::config::LossKind;
use crate::energy::Trainable;

/// Steps the running mean and spread cover.
pub const WINDOW: usize = 50;
/// Steps the panel's chart keeps.
const HISTORY: usize = 400;

/// The checks of the last steps.
#[derive(Clone, Debug, Default)]
pub struct GradientCheck {
    steps: VecDeque<u32>,
    cosine: VecDeque<f32>,
    rel: VecDeque<f32>,
}

/// What the panel draws.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct GradientCheckReport {
    pub steps: Vec<u32>,
    pub cosine: Vec<f32>,
    pub rel: Vec<f32>,
    /// Mean and standard deviation over the last `window` steps (NaN before any step).
    pub mean_cosine: f32,
    pub sd_cosine: f32,
    pub mean_rel: f32,
    pub sd_rel: f32,
    pub window: usize,
    pub title: String,
    /// The y range to plot the relative difference over (`views::plot_range`, from 0).
    pub rel_range: f32,
}

impl GradientCheck {
    fn push(&mut self, step: u32, [cosine, rel]: [f32; 2]) {
        if self.steps.len() == HISTORY {
            self.steps.pop_front();
            self.cosine.pop_front();
            self.rel.pop_front();
        }
        self.steps.push_back(step);
        self.cosine.push_back(cosine);
        self.rel.push_back(rel);
    }

    pub fn report(&self) -> GradientCheckReport {
        let last = |v: &VecDeque<f32>| v.iter().rev().take(WINDOW).map(|&x| f64::from(x)).collect::<Vec<_>>();
        let (mc, sc) = mean_sd(&last(&self.cosine));
        let (mr, sr) = mean_sd(&last(&self.rel));
        let title = if self.steps.is_empty() {
            "Exact against Monte-Carlo gradient: train a step to compare".to_string()
        } else {
            format!(
                "Sampled ML gradient against the exact one, last {} steps: cosine {mc:.3} ± {sc:.3}, relative difference {mr:.2} ± {sr:.2}",
                self.steps.len().min(WINDOW)
            )
        };
        GradientCheckReport {
            steps: self.steps.iter().copied().collect(),
            cosine: self.cosine.iter().copied().collect(),
            rel: self.rel.iter().copied().collect(),
            mean_cosine: mc,
            sd_cosine: sc,
            mean_rel: mr,
            sd_rel: sr,
            window: WINDOW,
            rel_range: crate::views::plot_range(&self.rel.iter().copied().collect::<Vec<_>>())[1].max(1.0),
            title,
        }
    }
}

fn mean_sd(v: &[f64]) -> (f32, f32) {
    if v.is_empty() {
        return (f32::NAN, f32::NAN);
    }
    let n = v.len() as f64;
    let mean = v.iter().sum::<f64>() / n;
    let var = v.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / n;
    (mean as f32, var.sqrt() as f32)
}

/// cos(a, b) and ‖a − b‖ / ‖b‖, in f64 (NaN when b is zero).
pub fn compare(a: &[f32], b: &[f32]) -> [f32; 2] {
    let (mut ab, mut aa, mut bb, mut dd) = (0.0f64, 0.0f64, 0.0f64, 0.0f64);
    for (&x, &y) in a.iter().zip(b) {
        let (x, y) = (f64::from(x), f64::from(y));
        ab += x * y;
        aa += x * x;
        bb += y * y;
        dd += (x - y) * (x - y);
    }
    [(ab / (aa.sqrt() * bb.sqrt())) as f32, (dd.sqrt() / bb.sqrt()) as f32]
}

impl ContrastiveMlp {
    /// Turns the check on (a fresh history) or off.
    pub fn set_gradient_check(&mut self, on: bool) {
        self.gradient_check = on.then(GradientCheck::default);
    }

    pub fn gradient_check(&self) -> Option<&GradientCheck> {
        self.gradient_check.as_ref()
    }

    /// Called by the step once its gradient is formed, before the update: for
    /// the ML losses, records the comparison of this step.
    pub(super) fn record_gradient_check(&mut self) {
        if self.gradient_check.is_none() || !matches!(self.cfg.loss, LossKind::Ml | LossKind::Exact) {
            return;
        }
        let r = self.compare_with_exact();
        let step = self.step;
        if let Some(check) = self.gradient_check.as_mut() {
            check.push(step, r);
        }
    }

    /// The step's gradient without its regulariser against the exact ML
    /// gradient on the same batch, at the current parameters. For exact ML the
    /// step's gradient *is* the exact one.
    fn compare_with_exact(&self) -> [f32; 2] {
        let beta = self.cfg.beta;
        let n = self.model.params().len();
        let b = self.batch.len();
        let mut data_phase = vec![0.0; n];
        self.model.accumulate_grad_params(&self.batch, &vec![beta / b as f32; b], &mut vec![0.0; b], &mut data_phase);
        let mut exact = data_phase.clone();
        let (cells, weights, _) = self.exact_cells();
        self.model.accumulate_grad_params(&cells, &weights, &mut vec![0.0; cells.len()], &mut exact);
        if self.cfg.loss == LossKind::Exact {
            return compare(&self.grad, &exact);
        }
        let m = self.negatives.len();
        let mut sampled = data_phase;
        self.model.accumulate_grad_params(&self.negatives, &vec![-beta / m as f32; m], &mut vec![0.0; m], &mut sampled);
        compare(&sampled, &exact)
    }
}

#[cfg(test)]
mod tests {
    use crate::config::{LossKind, NegativeKind};
    use crate::sampler::SamplerKind;
    use crate::train::test_trainer;

    /// The spiral's energy after 150 steps of exact ML (its density then lives
    /// inside the grid's box, where the exact gradient looks), then 6 steps with
    /// negatives of `neg`, `sampler`, `k` chains-steps: the mean cosine of those steps.
    fn cosine_after_exact_training(neg: NegativeKind, sampler: SamplerKind, k: u32) -> f32 {
        let mut t = test_trainer("data=spiral&loss=exact&grid=48&batch=256&seed=4&lr=0.02");
        for _ in 0..150 {
            t.step().expect("a finite step");
        }
        let c = t.contrastive_mut().expect("the MLP");
        (c.cfg.loss, c.cfg.negatives, c.cfg.sampler, c.cfg.k, c.cfg.eps, c.cfg.l2) =
            (LossKind::Ml, neg, sampler, k, 0.02, 0.0);
        c.cfg.batch = 1024;
        c.set_gradient_check(true);
        for _ in 0..6 {
            t.step().expect("a finite step");
        }
        t.contrastive().unwrap().gradient_check().unwrap().report().mean_cosine
    }

    #[test]
    fn exact_ml_agrees_with_itself_long_run_mala_nearly_and_cd_1_least() {
        let mut t = test_trainer("data=spiral&loss=exact&grid=48&batch=256&seed=4");
        t.contrastive_mut().unwrap().set_gradient_check(true);
        for _ in 0..5 {
            t.step().unwrap();
        }
        let r = t.contrastive().unwrap().gradient_check().unwrap().report();
        // Exact ML's step gradient is the exact gradient: the same sums, so cosine 1 to rounding.
        assert!((r.mean_cosine - 1.0).abs() < 1e-5 && r.mean_rel < 1e-5, "{r:?}");
        assert!(
            r.title.starts_with("Sampled ML gradient against the exact one, last 5 steps: cosine 1.000"),
            "{}",
            r.title
        );
        // 1,024 MALA chains of 400 steps from noise nearly reach p (measured 0.965); CD-1's negatives
        // sit on the data, so the negative phase is nearly the data phase (measured 0.51).
        let long = cosine_after_exact_training(NegativeKind::ShortRun, SamplerKind::Mala, 400);
        let cd1 = cosine_after_exact_training(NegativeKind::Cd, SamplerKind::Langevin, 1);
        eprintln!("long-run MALA {long}, CD-1 {cd1}");
        assert!(long > 0.9, "long-run MALA {long}");
        assert!(cd1 < long - 0.2, "CD-1 {cd1} against long-run {long}");
    }

    #[test]
    fn the_check_only_reads_the_state_hash_is_the_same() {
        let q = "data=moons&loss=ml&neg=pcd&batch=64&k=5";
        let run = |on: bool| {
            let mut t = test_trainer(q);
            t.contrastive_mut().unwrap().set_gradient_check(on);
            for _ in 0..5 {
                t.step().unwrap();
            }
            t.state_hash()
        };
        assert_eq!(run(true), run(false));
    }

    #[test]
    fn cosine_and_relative_difference_of_known_vectors() {
        // (1, 0) against (1, 1): cos 45° = 0.7071; ‖(0, −1)‖ / ‖(1, 1)‖ = 1/√2.
        let [c, r] = super::compare(&[1.0, 0.0], &[1.0, 1.0]);
        let half = std::f32::consts::FRAC_1_SQRT_2;
        assert!((c - half).abs() < 1e-6 && (r - half).abs() < 1e-6);
    }
}
