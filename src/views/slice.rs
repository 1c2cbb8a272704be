//! The slice at x₀ of a conditional energy E(x, y): F(x₀, y) against y, and
//! P(y | x₀) = exp(−β F(x₀, y)) / Z(x₀) on the same n cells of the view's y
//! range the heat map uses (so at a column centre it *is* that column), with
//! the conditional mean E[y | x₀] (what squared-error regression predicts) and
//! the local minima of F (several good answers for one x).

use crate::energy::Energy;
use crate::kernels::log_sum_exp;
use crate::kernels::math::{exp, ln};
use crate::points::{Points, Rect};

#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Slice {
    pub x0: f32,
    /// Cell centres of the view's y range.
    pub y: Vec<f32>,
    /// F(x₀, y) at each.
    pub f: Vec<f32>,
    /// P(y | x₀) at each (a density in y: Σ p·h = 1).
    pub p: Vec<f32>,
    /// E[y | x₀] = Σ y·p·h: the regression answer.
    pub mean: f32,
    /// y at the interior local minima of F(x₀, ·), lowest first.
    pub minima: Vec<f32>,
    /// The panel's title, with the numbers a student reads off it.
    pub title: String,
    /// The y range to plot F over (`views::plot_range`).
    pub f_range: [f32; 2],
}

pub fn slice(e: &dyn Energy, view: Rect, x0: f32, n: usize, beta: f32) -> Slice {
    let h = view.height() / n as f32;
    let y: Vec<f32> = (0..n).map(|j| view.y_lo + (j as f32 + 0.5) * h).collect();
    let pts = Points { y1: vec![x0; n], y2: y.clone() };
    let mut f = vec![0.0; n];
    e.energy(&pts, &mut f);
    let neg: Vec<f32> = f.iter().map(|&v| -beta * v).collect();
    let log_z = log_sum_exp(&neg) + ln(h);
    let p: Vec<f32> = neg.iter().map(|&v| exp(v - log_z)).collect();
    let mean = (y.iter().zip(&p).map(|(&a, &b)| f64::from(a) * f64::from(b)).sum::<f64>() * f64::from(h)) as f32;
    let mut minima: Vec<usize> = (1..n.saturating_sub(1)).filter(|&j| f[j] < f[j - 1] && f[j] <= f[j + 1]).collect();
    minima.sort_by(|&a, &b| f[a].total_cmp(&f[b]));
    let minima: Vec<f32> = minima.into_iter().map(|j| y[j]).collect();
    let at: Vec<String> = minima.iter().map(|m| format!("{m:.2}")).collect();
    let title = match at.len() {
        0 => format!("Slice at x₀ = {x0:.2}: no minimum inside the view; E[y | x₀] = {mean:.2}"),
        1 => format!("Slice at x₀ = {x0:.2}: one minimum, y = {}; E[y | x₀] = {mean:.2}", at[0]),
        k => format!("Slice at x₀ = {x0:.2}: {k} minima, y = {}; regression's E[y | x₀] = {mean:.2}", at.join(", ")),
    };
    let f_range = super::plot_range(&f);
    Slice { x0, y: y.clone(), f, p, mean, minima, title, f_range }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grid::Grid;

    use crate::energy::reference::Circle;

    #[test]
    fn the_slice_is_the_grid_column_and_its_density_integrates_to_one() {
        let view = Rect::square(1.5);
        let grid = Grid::new(64, view);
        let column = 40;
        let x0 = grid.centre(0, column)[0];
        let s = slice(&Circle, view, x0, 64, 4.0);
        let energies = grid.energies(&Circle);
        for j in 0..64 {
            assert_eq!(s.y[j], grid.centre(j, column)[1]);
            assert_eq!(s.f[j], energies[j * 64 + column]);
        }
        let mass: f32 = s.p.iter().sum::<f32>() * grid.cell_height();
        assert!((mass - 1.0).abs() < 1e-4, "{mass}");
    }

    #[test]
    fn on_the_circle_at_x0_0_6_both_branches_are_minima_and_regression_sits_between() {
        // √(1 − 0.36) = 0.8: the two branches; by symmetry E[y | x₀] = 0, where F is high.
        let s = slice(&Circle, Rect::square(1.5), 0.6, 301, 20.0);
        let argmax = (0..s.p.len()).max_by(|&a, &b| s.p[a].total_cmp(&s.p[b])).unwrap();
        assert!((s.y[argmax].abs() - 0.8).abs() < 0.01, "argmax at {}", s.y[argmax]);
        assert_eq!(s.minima.len(), 2, "{:?}", s.minima);
        assert!(s.minima.iter().all(|m| (m.abs() - 0.8).abs() < 0.01), "{:?}", s.minima);
        assert!(s.mean.abs() < 1e-3, "mean {}", s.mean);
    }
}
