//! ∇_y of every model's plane energy and ∇θ of every loss, against central differences.

use super::{LOSSES, argmin_is_stable, check_param_grad, check_plane_grad, points_where};
use crate::data::horn;
use crate::kernels::Activation;
use crate::latent::loss::contrasts;
use crate::latent::{Decoder, DecoderModel, EllipseModel, HornModel, LatentLoss, LatentModel, Training};
use crate::models::net::Tape;
use crate::points::Points;
use crate::rng::Rng;
use core::f32::consts::TAU;

/// Points off the ellipse and away from the argmin switches of these models.
const PLANE: [[f32; 2]; 5] = [[2.6, 0.3], [-0.4, 1.1], [0.9, -2.2], [-1.7, -0.6], [0.2, 0.1]];

fn training(loss: LatentLoss) -> Training {
    Training::adam(loss, 0, 0.01)
}

#[test]
fn plane_gradients_of_the_ellipse_and_decoder_models_are_exact() {
    // f32 energies of order 1–10 over 2h = 2e-3: rounding ~1e-6/1e-3; 5e-3 relative covers it.
    // At β = ∞ the energy is min_k E_k: smooth wherever the argmin does not switch within h.
    for beta in [0.3f32, 3.2, f32::INFINITY] {
        let m = EllipseModel::ellipse([2.0, 1.5], beta, training(LatentLoss::EnergyArgmin));
        check_plane_grad(&m, &PLANE, 1e-3, 5e-3, &format!("ellipse β {beta}"));
        let rng = Rng::new(4);
        let t = training(LatentLoss::EnergyArgmin);
        let m = DecoderModel::continuous(2, &[8], Activation::Tanh, 6, 2.0, 0.1, beta, t, &rng);
        check_plane_grad(&m, &PLANE, 1e-3, 5e-3, &format!("continuous z β {beta}"));
        let m = DecoderModel::discrete(5, &[8], Activation::Silu, beta, t, &rng);
        check_plane_grad(&m, &PLANE, 1e-3, 5e-3, &format!("discrete z β {beta}"));
    }
}

#[test]
fn the_horn_plane_gradient_is_exact_at_any_input() {
    let mut m = HornModel::new(1.0, training(LatentLoss::EnergyArgmin), &Rng::new(5));
    for (x, beta) in [(0.1f32, 1.0f32), (0.6, 0.3), (0.9, f32::INFINITY)] {
        m.set_x(x);
        m.set_beta(beta);
        check_plane_grad(&m, &PLANE, 1e-3, 5e-3, &format!("horn x {x} β {beta}"));
    }
}

#[test]
fn loss_gradients_of_the_unconditional_models_match_central_differences() {
    let rng = Rng::new(6);
    for loss in LOSSES {
        let t = training(loss);
        let ellipse = EllipseModel::ellipse([1.7, 1.2], 1.0, t);
        let continuous = DecoderModel::continuous(1, &[6], Activation::Tanh, 8, 2.0, 0.05, 1.0, t, &rng);
        let discrete = DecoderModel::discrete(4, &[], Activation::Relu, 1.0, t, &rng);
        check_loss_grad(ellipse, &format!("ellipse {loss:?}"));
        check_loss_grad(continuous, &format!("continuous {loss:?}"));
        check_loss_grad(discrete, &format!("discrete {loss:?}"));
    }
}

const H: f32 = 1e-3;

/// On 5 points (where F∞ is smooth over the stencil, for the argmin loss), with their
/// contrastive points: the loss gradient against central differences.
fn check_loss_grad<D: Decoder>(mut m: LatentModel<D>, what: &str) {
    let loss = m.training().loss;
    let preds = m.predictions();
    let sensitivity = |k: usize, d: [f32; 2]| {
        let mut g = vec![0.0; m.decoder().params().len()];
        m.decoder().backward(m.grid().z(k), d, &mut g, None);
        g.iter().fold(0.0f32, |a, v| a.max(v.abs()))
    };
    let argmin = loss.beta() == f32::INFINITY;
    let ys = points_where(5, 6, |y| !argmin || argmin_is_stable(&preds, y, H, sensitivity));
    let c = contrasts(&ys, loss.contrast_sigma().unwrap_or(0.0), &Rng::new(6), 3);
    let (_, grad) = m.loss_and_grad(&ys, &c);
    // Losses of order 1–10 in f32 over 2h = 2e-3: rounding ~1e-6/2e-3; 2e-3 relative.
    check_param_grad(&mut |k, s| shifted(&mut m, k, s, &ys, &c), &grad, H, 2e-3, what);
}

/// The loss with parameter k moved by s (restored afterwards).
fn shifted<D: Decoder>(m: &mut LatentModel<D>, k: usize, s: f32, ys: &Points, c: &Points) -> f64 {
    let p = m.decoder().params()[k];
    m.decoder_mut().params_mut()[k] = p + s;
    let l = m.loss_and_grad(ys, c).0;
    m.decoder_mut().params_mut()[k] = p;
    f64::from(l)
}

#[test]
fn loss_gradients_of_the_horn_match_central_differences() {
    let rng = Rng::new(7);
    let (x_all, y_all) = horn::generate(200, horn::SIGMA, &rng);
    for loss in LOSSES {
        let mut m = HornModel::new(1.0, training(loss), &rng);
        // Output biases (2, 1.5): f(x) near the ellipse's semi-axes, so the 48 predictions are
        // spread out and the argmin is well defined (at initialisation they all sit near 0).
        let n = m.net().params().len();
        m.net_mut().params_mut()[n - 2..].copy_from_slice(&[2.0, 1.5]);
        // Inputs x < 0.4 keep |y| below 4.5 (ρ₂(0.4) ≈ 4.0), so energies stay of order 10 and
        // f32 rounding over 2h = 2e-3 stays near 1e-3 absolute; at β = ∞ only pairs where
        // F∞ is smooth over the stencil (the sensitivity goes through f's backward pass).
        let (mut x, mut ys) = (Vec::new(), Points::new());
        for i in 0..200 {
            let y = y_all.get(i);
            if x_all[i] < 0.4 && (loss.beta() < f32::INFINITY || horn_argmin_is_stable(&m, x_all[i], y)) && x.len() < 6
            {
                x.push(x_all[i]);
                ys.push(y[0], y[1]);
            }
        }
        assert_eq!(x.len(), 6, "six qualifying pairs among 200");
        let c = contrasts(&ys, loss.contrast_sigma().unwrap_or(0.0), &rng, 3);
        let (_, grad) = m.loss_and_grad(&x, &ys, &c);
        let mut loss_at = |k: usize, s: f32| {
            let p = m.net().params()[k];
            m.net_mut().params_mut()[k] = p + s;
            let l = m.loss_and_grad(&x, &ys, &c).0;
            m.net_mut().params_mut()[k] = p;
            f64::from(l)
        };
        // ReLU kinks: a hidden pre-activation within h·|x| of 0 would break the stencil; with
        // 6 inputs and 16 units none is (the check would fail loudly if one were).
        check_param_grad(&mut loss_at, &grad, H, 5e-3, &format!("horn {loss:?}"));
    }
}

fn horn_argmin_is_stable(m: &HornModel, x: f32, y: [f32; 2]) -> bool {
    let mut tape = Tape::default();
    m.net().forward(&[x], &mut tape);
    let dec = m.decoder_at(x);
    argmin_is_stable(&m.predictions(x), y, H, |k, d| {
        let mut d_f = [0.0f32; 2];
        dec.backward(&[TAU * k as f32 / 48.0], d, &mut d_f, None);
        let mut g = vec![0.0; m.net().params().len()];
        m.net().backward(&tape, &d_f, &mut g, None);
        g.iter().fold(0.0f32, |a, v| a.max(v.abs()))
    })
}
