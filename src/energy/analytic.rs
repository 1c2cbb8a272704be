//! Analytic target energies with closed-form gradients (definitions in
//! docs/datasets.md), used as sampler targets and test references.

use super::Energy;
use crate::kernels::math::{exp, ln};
use crate::points::{Points, Rect};

#[derive(Clone, Debug, PartialEq)]
pub enum Analytic {
    /// E = ½(y1²/s1² + y2²/s2²).
    Gaussian { s1: f32, s2: f32 },
    /// E = −log((1/K) Σ_k exp(−‖y − μ_k‖² / (2σ²))).
    Mixture { centres: Vec<[f32; 2]>, sigma: f32 },
    /// E = y1²/8 + 2·(y2 − (y1² − 4)/4)².
    Banana,
    /// E = ½((‖y‖ − 2.6)/0.3)².
    Donut,
    /// Neal's funnel, v = y2: E = v²/18 + y1²/(2e^v) + v/2.
    Funnel,
    /// E = 2·(y1² − 1)² + y2²/2.
    DoubleWell,
    /// The lecture's implicit circle F(x, y) = (x² + y² − 1)², x = y1 across:
    /// zero on the unit circle, so two y for each |x| < 1.
    Circle,
}

impl Analytic {
    pub const NAMES: [&'static str; 7] = ["gaussian", "mixture", "banana", "donut", "funnel", "double_well", "circle"];

    /// The 8-Gaussians mixture: centres at radius 2, angles kπ/4, σ = 0.15.
    pub fn eight_gaussians() -> Self {
        let centres = (0..8)
            .map(|k| {
                let a = k as f32 * core::f32::consts::FRAC_PI_4;
                [2.0 * libm::cosf(a), 2.0 * libm::sinf(a)]
            })
            .collect();
        Analytic::Mixture { centres, sigma: 0.15 }
    }

    pub fn by_name(name: &str) -> Option<Self> {
        Some(match name {
            "gaussian" => Analytic::Gaussian { s1: 1.0, s2: 1.0 },
            "mixture" => Self::eight_gaussians(),
            "banana" => Analytic::Banana,
            "donut" => Analytic::Donut,
            "funnel" => Analytic::Funnel,
            "double_well" => Analytic::DoubleWell,
            "circle" => Analytic::Circle,
            _ => return None,
        })
    }

    /// The default view box (docs/datasets.md).
    pub fn view(&self) -> Rect {
        match self {
            Analytic::Funnel => Rect::square(6.0),
            Analytic::Circle => crate::data::DatasetKind::Circle.view(),
            _ => Rect::square(3.0),
        }
    }

    /// E and ∇E at one point.
    pub fn value_grad(&self, y: [f32; 2]) -> (f32, [f32; 2]) {
        let [a, b] = y;
        match self {
            Analytic::Gaussian { s1, s2 } => {
                let (i1, i2) = (1.0 / (s1 * s1), 1.0 / (s2 * s2));
                (0.5 * (a * a * i1 + b * b * i2), [a * i1, b * i2])
            }
            Analytic::Mixture { centres, sigma } => {
                let inv = 1.0 / (2.0 * sigma * sigma);
                // Soft-min over the components, shifted by the nearest for stability.
                let d2: Vec<f32> = centres.iter().map(|m| (a - m[0]) * (a - m[0]) + (b - m[1]) * (b - m[1])).collect();
                let dmin = d2.iter().copied().fold(f32::INFINITY, f32::min);
                let (mut s, mut g1, mut g2) = (0.0f32, 0.0f32, 0.0f32);
                for (m, &d) in centres.iter().zip(&d2) {
                    let w = exp(-(d - dmin) * inv);
                    s += w;
                    g1 += w * (a - m[0]);
                    g2 += w * (b - m[1]);
                }
                let e = dmin * inv - ln(s / centres.len() as f32);
                let k = 2.0 * inv / s;
                (e, [g1 * k, g2 * k])
            }
            Analytic::Banana => {
                let u = b - (a * a - 4.0) / 4.0;
                (a * a / 8.0 + 2.0 * u * u, [a / 4.0 - 2.0 * a * u, 4.0 * u])
            }
            Analytic::Donut => {
                let r = (a * a + b * b).sqrt();
                let d = (r - 2.6) / 0.3;
                let k = if r > 0.0 { d / (0.3 * r) } else { 0.0 };
                (0.5 * d * d, [k * a, k * b])
            }
            Analytic::Funnel => {
                let ev = exp(-b);
                (b * b / 18.0 + 0.5 * a * a * ev + 0.5 * b, [a * ev, b / 9.0 - 0.5 * a * a * ev + 0.5])
            }
            Analytic::DoubleWell => {
                let q = a * a - 1.0;
                (2.0 * q * q + 0.5 * b * b, [8.0 * a * q, b])
            }
            Analytic::Circle => {
                let q = a * a + b * b - 1.0;
                (q * q, [4.0 * a * q, 4.0 * b * q])
            }
        }
    }
}

impl Energy for Analytic {
    fn energy(&self, ys: &Points, out: &mut [f32]) {
        for (i, o) in out.iter_mut().enumerate().take(ys.len()) {
            *o = self.value_grad(ys.get(i)).0;
        }
    }

    fn energy_grad(&self, ys: &Points, out: &mut [f32], grad: &mut Points) {
        for i in 0..ys.len() {
            let (e, g) = self.value_grad(ys.get(i));
            out[i] = e;
            grad.set(i, g);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::energy::finite_difference_grad;

    #[test]
    fn every_analytic_gradient_matches_central_differences() {
        let probes = [[0.3f32, -0.4], [1.1, 0.9], [-1.7, 0.2], [0.05, 1.6], [2.1, -1.2]];
        for name in Analytic::NAMES {
            let e = Analytic::by_name(name).unwrap();
            for p in probes {
                let (_, g) = e.value_grad(p);
                let fd = finite_difference_grad(&e, p, 1e-2);
                for k in 0..2 {
                    // h = 1e-2 in f32: truncation O(h²) plus rounding ~1e-5/h; 2e-2 relative covers both.
                    let tol = 2e-2 * fd[k].abs().max(1.0);
                    assert!((f64::from(g[k]) - fd[k]).abs() < tol, "{name} at {p:?}: {g:?} vs {fd:?}");
                }
            }
        }
    }

    #[test]
    fn the_circle_energy_is_zero_on_the_unit_circle_and_one_at_the_centre() {
        // F(x, y) = (x² + y² − 1)² (lecture §1): 0 at (0.6, ±0.8), 1 at the origin, 9 at (2, 0).
        let c = Analytic::Circle;
        assert_eq!(c.value_grad([0.0, 0.0]).0, 1.0);
        assert_eq!(c.value_grad([2.0, 0.0]).0, 9.0);
        for y in [0.8f32, -0.8] {
            assert!(c.value_grad([0.6, y]).0 < 1e-6);
        }
    }

    #[test]
    fn mixture_energy_matches_the_direct_formula() {
        let e = Analytic::eight_gaussians();
        let y = [1.3f64, 0.4];
        let direct = -((0..8)
            .map(|k| {
                let a = k as f64 * std::f64::consts::FRAC_PI_4;
                let d2 = (y[0] - 2.0 * a.cos()).powi(2) + (y[1] - 2.0 * a.sin()).powi(2);
                (-d2 / (2.0 * 0.15 * 0.15)).exp()
            })
            .sum::<f64>()
            / 8.0)
            .ln();
        let got = e.value_grad([1.3, 0.4]).0;
        assert!((f64::from(got) - direct).abs() < 1e-4 * direct.abs(), "{got} vs {direct}");
    }
}
