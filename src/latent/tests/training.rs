//! Training does what the lecture says: the ellipse model recovers the course's
//! semi-axes, the horn's predictor learns the radii ρ(x), the net decoders lay their
//! predictions onto the data, and the contrastive losses rank data below corrupted data.

use crate::data::{self, DatasetKind, horn};
use crate::energy::Energy;
use crate::kernels::Activation;
use crate::latent::loss::contrasts;
use crate::latent::{DecoderModel, EllipseModel, HornModel, LatentLoss, Training};
use crate::models::Model;
use crate::points::Points;
use crate::rng::Rng;

/// The f64 fixed point of the ellipse model's energy loss mean_i F_β(y_i) over the 48-angle
/// grid, by EM (hard assignments at β = ∞): given the posteriors p_ik, the minimiser of
/// Σ_ik p_ik E_ik is w₁ = Σ p y₁ cos z / Σ p cos² z and w₂ = Σ p y₂ sin z / Σ p sin² z,
/// and each EM step lowers Σ_i F_β(y_i).
fn em_fit(ys: &Points, beta: f64, w0: [f64; 2]) -> [f64; 2] {
    let z: Vec<(f64, f64)> = (0..48).map(|k| (f64::from(k) * std::f64::consts::PI / 24.0).sin_cos()).collect();
    let mut w = w0;
    for _ in 0..2000 {
        let (mut num, mut den) = ([0.0; 2], [0.0; 2]);
        for i in 0..ys.len() {
            let [a, b] = ys.get(i).map(f64::from);
            let e: Vec<f64> = z.iter().map(|&(s, c)| (a - w[0] * c).powi(2) + (b - w[1] * s).powi(2)).collect();
            let min = e.iter().copied().fold(f64::INFINITY, f64::min);
            let p: Vec<f64> = if beta.is_infinite() {
                let k = e.iter().position(|&v| v == min).unwrap_or(0);
                (0..48).map(|j| if j == k { 1.0 } else { 0.0 }).collect()
            } else {
                let u: Vec<f64> = e.iter().map(|v| (-beta * (v - min)).exp()).collect();
                let t: f64 = u.iter().sum();
                u.iter().map(|v| v / t).collect()
            };
            for k in 0..48 {
                let (s, c) = z[k];
                num[0] += p[k] * a * c;
                den[0] += p[k] * c * c;
                num[1] += p[k] * b * s;
                den[1] += p[k] * s * s;
            }
        }
        w = [num[0] / den[0], num[1] / den[1]];
    }
    w
}

/// Trains `m` for `steps` full or mini-batch steps on `ys`; returns the first step's loss.
fn train(m: &mut dyn Model, ys: &Points, steps: u32) -> f32 {
    let rng = Rng::new(1);
    let first = m.fit_step(ys, &rng, 0).loss;
    for s in 1..steps {
        m.fit_step(ys, &rng, s);
    }
    first
}

fn ellipse_data(n: usize) -> Points {
    data::generate(DatasetKind::Ellipse, n, data::ellipse::SIGMA, &Rng::new(1))
}

#[test]
fn the_ellipse_model_recovers_the_course_semi_axes() {
    for n in [24, 240] {
        let ys = ellipse_data(n);
        let mut m = EllipseModel::ellipse([1.0, 1.0], f32::INFINITY, Training::adam(LatentLoss::EnergyArgmin, 0, 0.03));
        let first = train(&mut m, &ys, 400);
        let w = m.decoder().w().map(f64::from);
        // Adam from (1, 1) reaches the EM fixed point of the same loss (f64, started at the truth).
        let reference = em_fit(&ys, f64::INFINITY, [2.0, 1.5]);
        assert!(
            (w[0] - reference[0]).abs() < 1e-3 && (w[1] - reference[1]).abs() < 1e-3,
            "n {n}: {w:?} vs {reference:?}"
        );
        // Scatter of each point about its matched prediction: the noise σ = 0.05 and the grid's
        // quantisation (a uniform offset of up to half a step π/48 along a curve of radius ≤ 2:
        // sd 2·(π/48)/√3 = 0.076), about 0.09 in all; w₁ = Σ y₁ cos z / Σ cos² z then has sd
        // 0.09/√(n/2): 0.026 for the course's 24 points, 0.008 for 240. Tolerances: 4 sd.
        let tol = if n == 24 { 0.1 } else { 0.035 };
        assert!((w[0] - 2.0).abs() < tol && (w[1] - 1.5).abs() < tol, "n {n}: w {w:?}, docs/datasets.md says (2, 1.5)");
        assert!(m.fit_step(&ys, &Rng::new(1), 400).loss < first / 20.0, "the energy loss fell");
    }
}

#[test]
fn marginalised_training_reaches_the_em_fixed_point_at_beta() {
    let ys = ellipse_data(24);
    for beta in [3.0f32, 10.0] {
        let loss = LatentLoss::EnergyMarginal { beta };
        let mut m = EllipseModel::ellipse([1.0, 1.0], beta, Training::adam(loss, 0, 0.03));
        train(&mut m, &ys, 400);
        let w = m.decoder().w().map(f64::from);
        // The softmin-weighted gradient is the gradient of mean_i F_β(y_i), whose stationary
        // points are EM's fixed points (f64 reference, started at the truth).
        let reference = em_fit(&ys, f64::from(beta), [2.0, 1.5]);
        assert!(
            (w[0] - reference[0]).abs() < 1e-3 && (w[1] - reference[1]).abs() < 1e-3,
            "β {beta}: {w:?} vs {reference:?}"
        );
    }
}

#[test]
fn the_horn_predictor_learns_the_radii() {
    let (x, y) = horn::generate(1000, horn::SIGMA, &Rng::new(2));
    let mut m = HornModel::new(f32::INFINITY, Training::adam(LatentLoss::EnergyArgmin, 32, 0.01), &Rng::new(3));
    m.set_inputs(x.clone());
    let rng = Rng::new(4);
    let first = m.fit_step(&y, &rng, 0).loss;
    for s in 1..1000 {
        m.fit_step(&y, &rng, s);
    }
    let last = m.fit_step(&y, &rng, 1000).loss;
    // At initialisation f ≈ 0 and the loss is mean ‖y‖² ≈ 35; a fit leaves the noise 2σ² = 0.005
    // plus the grid's quantisation, of order (ρ·π/48)²/3 ≤ 0.3 at the widest x.
    assert!(first > 20.0 && last < 0.5, "loss {first} → {last}");
    // f is determined up to the sign of each component (cos(π − z) = −cos z, sin(−z) = −sin z).
    // An 8-8 ReLU net is piecewise linear in x; measured within 8.7% of ρ(x) over [0.1, 0.9],
    // asserted within 15%.
    let mut previous = [0.0f32; 2];
    for x in [0.1f32, 0.3, 0.5, 0.7, 0.9] {
        let (f, rho) = (m.predict(x).map(f32::abs), horn::radii(x));
        for d in 0..2 {
            assert!((f[d] / rho[d] - 1.0).abs() < 0.15, "x {x}: |f| {f:?} vs ρ {rho:?}");
            assert!(f[d] > previous[d], "|f_{d}| grows with x like ρ");
        }
        previous = f;
    }
}

#[test]
fn the_horn_trains_the_same_through_the_model_trait_and_on_explicit_pairs() {
    let (x, y) = horn::generate(100, horn::SIGMA, &Rng::new(5));
    let t = Training::adam(LatentLoss::Hinge { beta: 1.0, margin: 0.5, sigma: 0.5 }, 16, 0.01);
    let (mut a, mut b) = (HornModel::new(1.0, t, &Rng::new(6)), HornModel::new(1.0, t, &Rng::new(6)));
    a.set_inputs(x.clone());
    for s in 0..5 {
        // The losses, bit for bit (the reports' unmeasured fields are NaN, which equals nothing).
        let (ra, rb) = (a.fit_step(&y, &Rng::new(7), s), b.fit_pairs(&x, &y, &Rng::new(7), s));
        assert_eq!(ra.loss.to_bits(), rb.loss.to_bits());
    }
    assert_eq!(Model::params(&a), Model::params(&b));
    assert_ne!(Model::params(&a), Model::params(&HornModel::new(1.0, t, &Rng::new(6))), "training moved f");
}

#[test]
fn net_decoders_lay_their_predictions_onto_the_data() {
    let ys = ellipse_data(240);
    let t = Training::adam(LatentLoss::EnergyArgmin, 32, 0.01);
    let rng = Rng::new(2);
    let mut continuous = DecoderModel::continuous(1, &[16], Activation::Tanh, 24, 2.0, 0.01, f32::INFINITY, t, &rng);
    let mut discrete = DecoderModel::discrete(8, &[], Activation::Relu, f32::INFINITY, t, &rng);
    let before = [mean_energy(&continuous, &ys), mean_energy(&discrete, &ys)];
    train(&mut continuous, &ys, 600);
    train(&mut discrete, &ys, 600);
    let after = [mean_energy(&continuous, &ys), mean_energy(&discrete, &ys)];
    // At initialisation the predictions sit near the origin: mean F∞ ≈ mean ‖y‖² ≈ 2.
    // A curve through the data leaves the noise and the grid's quantisation (measured 0.04);
    // 8 codes on an ellipse of perimeter ≈ 11 leave mean squared gaps of order (11/8)²/12 ≈ 0.16
    // plus the codes that never win (measured 0.37).
    assert!(before[0] > 1.0 && after[0] < 0.1, "continuous z: {before:?} → {after:?}");
    assert!(before[1] > 1.0 && after[1] < 0.6, "discrete z: {before:?} → {after:?}");
}

fn mean_energy(m: &dyn Model, ys: &Points) -> f64 {
    let mut out = vec![0.0; ys.len()];
    m.energy(ys, &mut out);
    out.iter().map(|&v| f64::from(v)).sum::<f64>() / ys.len() as f64
}

#[test]
fn contrastive_losses_rank_data_below_corrupted_data() {
    let ys = ellipse_data(240);
    let sigma = 0.5;
    // Held-out contrastive points: a corruption step that training never draws.
    let held = contrasts(&ys, sigma, &Rng::new(1), 10_000);
    let ranked = |m: &EllipseModel| {
        let (mut a, mut b) = (vec![0.0; 240], vec![0.0; 240]);
        m.energy(&ys, &mut a);
        m.energy(&held, &mut b);
        let mean = |v: &[f32]| v.iter().map(|&e| f64::from(e)).sum::<f64>() / 240.0;
        (a.iter().zip(&b).filter(|(d, c)| d < c).count() as f64 / 240.0, mean(&a) / mean(&b))
    };
    for loss in
        [LatentLoss::Hinge { beta: f32::INFINITY, margin: 0.1, sigma }, LatentLoss::Log { beta: f32::INFINITY, sigma }]
    {
        let mut m = EllipseModel::ellipse([1.0, 1.0], f32::INFINITY, Training::adam(loss, 32, 0.03));
        let (rank0, ratio0) = ranked(&m);
        train(&mut m, &ys, 300);
        let (rank1, ratio1) = ranked(&m);
        // From the unit circle inside the data, half the corrupted points fall nearer the
        // curve than their data point (measured 61% ranked right, F(y)/F(ŷ) = 0.61). After
        // training the data sit on the low-energy set (measured: hinge 92% and 0.03, log 68%
        // and 0.22).
        assert!(rank1 > rank0 + 0.05, "{loss:?}: fraction with F(y) < F(ŷ) {rank0} → {rank1}");
        assert!(ratio0 > 0.5 && ratio1 < 0.35, "{loss:?}: mean F(y)/mean F(ŷ) {ratio0} → {ratio1}");
    }
}
