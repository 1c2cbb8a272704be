//! The course's conditional horn (docs/datasets.md): x ~ U(0, 1), θ ~ U(0, 2π),
//! radii ρ(x) = (a·x + b·(1 − x), b·x + a·(1 − x))·e^{2x} with a = 1.5, b = 2,
//! y = (ρ₁ cos θ, ρ₂ sin θ) + N(0, σ² I), σ = 1/20. At x = 0 it is the ellipse.
//!
//! Unlike the other data sets each point is a scalar input x and a 2-D output y,
//! so the horn is not one `Points`: [`generate`] returns the inputs and outputs
//! side by side, point i in both at index i. Point i is a pure function of
//! (seed, i) like every data set here: x and θ are the uniforms of
//! `(Stream::Data, i, 0)`, the noise the normals of `(Stream::Data, i, 1)`.

use super::{normals, uniforms};
use crate::kernels::math::exp;
use crate::points::{Points, Rect};
use crate::rng::Rng;
use core::f32::consts::TAU;

pub const SIGMA: f32 = 1.0 / 20.0;
/// The course's radii constants (called α and β there; a and b here, so they never meet the inverse temperature).
pub const A: f32 = 1.5;
pub const B: f32 = 2.0;
/// The largest radius is ρ₂(1) = 2e² ≈ 14.78; the box adds more than 5σ.
pub const VIEW: Rect = Rect::square(15.5);

/// The semi-axes ρ(x) of the noise-free ellipse at input x.
pub fn radii(x: f32) -> [f32; 2] {
    let s = exp(2.0 * x);
    [(A * x + B * (1.0 - x)) * s, (B * x + A * (1.0 - x)) * s]
}

/// Point i: its input x and its output y.
pub fn point(rng: &Rng, i: u32, sigma: f32) -> (f32, [f32; 2]) {
    let u = uniforms(rng, i);
    let x = u[0];
    let (s, c) = libm::sincosf(TAU * u[1]);
    let n = normals(rng, i);
    let r = radii(x);
    (x, [r[0] * c + sigma * n[0], r[1] * s + sigma * n[1]])
}

/// `count` points with noise σ = `noise` (pass [`SIGMA`] for the default): (inputs x, outputs y).
pub fn generate(count: usize, noise: f32, rng: &Rng) -> (Vec<f32>, Points) {
    let mut x = Vec::with_capacity(count);
    let mut y = Points::with_len(count);
    for i in 0..count {
        let (xi, yi) = point(rng, i as u32, noise);
        x.push(xi);
        y.set(i, yi);
    }
    (x, y)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::testing::mean_var;
    use crate::rng::Stream;

    #[test]
    fn horn_points_follow_the_definition_in_f64() {
        let rng = Rng::new(21);
        let (x, y) = generate(500, SIGMA, &rng);
        for i in 0..500u32 {
            // The definition of docs/datasets.md in f64, from the same uniforms and normals.
            let u = rng.uniform4(Stream::Data, i, 0).map(f64::from);
            let n = rng.normal4(Stream::Data, i, 1).map(f64::from);
            let (a, b, s) = (1.5, 2.0, 1.0 / 20.0);
            let (xi, th) = (u[0], std::f64::consts::TAU * u[1]);
            let e = (2.0 * xi).exp();
            let want = [
                (a * xi + b * (1.0 - xi)) * e * th.cos() + s * n[0],
                (b * xi + a * (1.0 - xi)) * e * th.sin() + s * n[1],
            ];
            let k = i as usize;
            assert_eq!(f64::from(x[k]), xi, "x of point {i}");
            for d in 0..2 {
                let got = f64::from(y.get(k)[d]);
                // f32 arithmetic on values below 15: a few ulp of 15 (ulp 9.5e-7).
                assert!((got - want[d]).abs() < 1e-5, "point {i} coordinate {d}: {got} vs {}", want[d]);
            }
        }
    }

    /// ‖(y₁/ρ₁, y₂/ρ₂)‖ − 1: zero on the noise-free ellipse of input x.
    fn radial_residual(x: f32, y: [f32; 2]) -> f64 {
        let r = radii(x).map(f64::from);
        (f64::from(y[0]) / r[0]).hypot(f64::from(y[1]) / r[1]) - 1.0
    }

    #[test]
    fn horn_outputs_lie_on_the_ellipse_of_their_input() {
        let (x, y) = generate(2000, 0.0, &Rng::new(22));
        for i in 0..x.len() {
            // Without noise only f32 rounding remains (cos, sin and e^{2x} to a few ulp).
            assert!(radial_residual(x[i], y.get(i)).abs() < 1e-5, "noise-free point {i}");
        }
        let (x, y) = generate(2000, SIGMA, &Rng::new(22));
        for i in 0..x.len() {
            // The noise moves the residual by about n·σ/ρ with ρ ≥ 1.5: within 5σ/1.5.
            let r = radial_residual(x[i], y.get(i));
            assert!(r.abs() < 5.0 * f64::from(SIGMA) / 1.5, "point {i}: {r}");
            assert!(VIEW.contains(y.get(i)), "point {i} outside the view box");
        }
    }

    #[test]
    fn horn_inputs_are_uniform_and_the_radii_match_the_course() {
        let (x, _) = generate(10_000, SIGMA, &Rng::new(23));
        let (m, var) = mean_var(x.iter().copied());
        // U(0, 1): mean 1/2, variance 1/12; standard errors 0.003 and 0.0009.
        assert!((m - 0.5).abs() < 0.015 && (var - 1.0 / 12.0).abs() < 0.005, "x {m} {var}");
        // ρ(0) = (b, a) = (2, 1.5): the ellipse data set; ρ(1) = (a, b)·e² (docs/datasets.md).
        assert_eq!(radii(0.0), [2.0, 1.5]);
        let e2 = std::f64::consts::E * std::f64::consts::E;
        let r1 = radii(1.0).map(f64::from);
        assert!((r1[0] - 1.5 * e2).abs() < 1e-5 && (r1[1] - 2.0 * e2).abs() < 1e-5, "{r1:?}");
    }

    #[test]
    fn horn_is_a_pure_function_of_seed_and_index() {
        let (x, y) = generate(200, SIGMA, &Rng::new(5));
        let (xs, ys) = generate(100, SIGMA, &Rng::new(5));
        assert_eq!((x.clone(), y.clone()), generate(200, SIGMA, &Rng::new(5)));
        assert_ne!(y, generate(200, SIGMA, &Rng::new(6)).1);
        assert_eq!((&xs[..], &ys.y1[..], &ys.y2[..]), (&x[..100], &y.y1[..100], &y.y2[..100]));
        assert_eq!(point(&Rng::new(5), 7, SIGMA), (x[7], y.get(7)));
    }
}
