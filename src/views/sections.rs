//! Free-energy cross-sections (latent models and K-means): F_β along a line of
//! the plane for the practicum's β ∈ {0.1, 0.3, 1, 3.2, 10} and F∞. Warming
//! (smaller β) fills in F∞'s spike at the centre of the ellipse; as β → 0,
//! F_β tends to the mean of E over z (the project's average convention,
//! `latent/free_energy.rs`), as β → ∞ to F∞.

use crate::latent::free_energy::free_energy;
use crate::models::Model;
use crate::points::Rect;

/// The practicum's temperatures; F∞ (β = ∞) is drawn with them.
pub const BETAS: [f32; 6] = [0.1, 0.3, 1.0, 3.2, 10.0, f32::INFINITY];

/// A line of the plane: one coordinate held at a value, the other running over the view.
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize)]
pub struct Cut {
    /// 0: y₁ is held (the line runs along y₂), 1: y₂ is held.
    pub held: usize,
    pub at: f32,
}

impl Cut {
    /// The practicum's line, y₁ = 0.
    pub const DEFAULT: Cut = Cut { held: 0, at: 0.0 };

    /// The point at `t` along the running coordinate.
    pub fn point(self, t: f32) -> [f32; 2] {
        if self.held == 0 { [self.at, t] } else { [t, self.at] }
    }

    /// Words for the axis and title: "y₁ = 0: F_β against y₂".
    pub fn label(self) -> String {
        let (held, runs) = if self.held == 0 { ("y₁", "y₂") } else { ("y₂", "y₁") };
        format!("{held} = {}: F_β against {runs}", self.at)
    }
}

#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Sections {
    pub cut: Cut,
    /// Positions along the running coordinate (n cell centres of the view).
    pub t: Vec<f32>,
    /// The running coordinate's name: "y₂" when y₁ is held, else "y₁".
    pub axis: &'static str,
    pub betas: Vec<f32>,
    /// The legend's name of each curve: "β = 0.1", …, "F∞".
    pub names: Vec<String>,
    /// The panel's title: which line, and what is drawn.
    pub title: String,
    /// `f[b][i]` = F_β(point(t_i)) for β = `betas[b]`.
    pub f: Vec<Vec<f32>>,
    /// The y range to plot over (`views::plot_range` of every curve).
    pub range: [f32; 2],
}

/// `None` when the model has no latent grid (its plane is not a free energy over z).
pub fn sections(model: &dyn Model, view: Rect, cut: Cut, n: usize) -> Option<Sections> {
    let (lo, hi) = if cut.held == 0 { (view.y_lo, view.y_hi) } else { (view.x_lo, view.x_hi) };
    let t: Vec<f32> = (0..n).map(|i| lo + (i as f32 + 0.5) * (hi - lo) / n as f32).collect();
    let mut f = vec![Vec::with_capacity(n); BETAS.len()];
    for &ti in &t {
        let e = model.latent_energies(cut.point(ti))?.e;
        for (b, &beta) in BETAS.iter().enumerate() {
            f[b].push(free_energy(&e, beta));
        }
    }
    let names = BETAS.iter().map(|b| if b.is_finite() { format!("β = {b}") } else { "F∞".into() }).collect();
    let range = super::plot_range(&f.concat());
    let axis = if cut.held == 0 { "y₂" } else { "y₁" };
    Some(Sections {
        cut,
        t,
        axis,
        betas: BETAS.to_vec(),
        names,
        title: format!("Free energy along {}", cut.label()),
        f,
        range,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::latent::EllipseModel;
    use crate::latent::loss::{LatentLoss, Training};

    fn course_ellipse() -> EllipseModel {
        // The decoder at the course ellipse's semi-axes w = (2, 1.5) (docs/datasets.md), 48 angles.
        EllipseModel::ellipse([2.0, 1.5], f32::INFINITY, Training::adam(LatentLoss::EnergyArgmin, 0, 0.0))
    }

    #[test]
    fn the_largest_beta_approaches_f_infinity_and_beta_to_zero_the_mean_over_z() {
        let m = course_ellipse();
        let s = sections(&m, Rect::square(3.0), Cut::DEFAULT, 61).expect("a latent model");
        let (inf, ten, tenth) = (&s.f[5], &s.f[4], &s.f[0]);
        for i in 0..s.t.len() {
            let e = m.latent_energies(Cut::DEFAULT.point(s.t[i])).unwrap().e;
            let mean = e.iter().sum::<f32>() / e.len() as f32;
            // F_β lies in [F∞, F∞ + (log 48)/β] (latent/free_energy.rs): at β = 10 within 0.39.
            assert!(ten[i] >= inf[i] - 1e-5 && ten[i] <= inf[i] + 48f32.ln() / 10.0 + 1e-5);
            // β = 0.1 is already near the mean: F_β = mean − (β/2)·Var_z E + O(β²) (cumulants).
            let var = e.iter().map(|v| (v - mean).powi(2)).sum::<f32>() / e.len() as f32;
            assert!(
                (tenth[i] - (mean - 0.05 * var)).abs() < 0.02 * var.max(1.0),
                "t {}: {} vs {}",
                s.t[i],
                tenth[i],
                mean
            );
            assert!(tenth[i] <= mean + 1e-4, "Jensen: F_β ≤ the mean");
        }
    }

    #[test]
    fn warming_fills_in_the_spike_at_the_centre() {
        // At y = 0 the nearest points of the ellipse are (0, ±1.5): F∞(0) = 1.5² = 2.25, a cusp
        // (local maximum) along y₁ = 0 between them: the spike.
        let m = course_ellipse();
        let s = sections(&m, Rect::square(3.0), Cut::DEFAULT, 61).unwrap();
        let centre = 30; // t = 0
        let spike = |f: &Vec<f32>| f[centre] - 0.5 * (f[centre - 5] + f[centre + 5]);
        assert!((s.f[5][centre] - 2.25).abs() < 1e-5, "F∞(0) = {}", s.f[5][centre]);
        assert!(spike(&s.f[5]) > 0.0);
        assert!(spike(&s.f[0]) < spike(&s.f[5]), "β = 0.1 is smoother at the centre than F∞");
    }

    #[test]
    fn models_without_a_latent_grid_have_no_sections() {
        let pca = crate::models::pca::Pca::new(crate::models::pca::PcaRule::ClosedForm, &crate::rng::Rng::new(1));
        assert!(sections(&pca, Rect::square(3.0), Cut::DEFAULT, 10).is_none());
    }
}
