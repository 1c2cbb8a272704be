//! E(y, z) against z for one picked y (latent models and K-means): the curve
//! whose minimum is ž = argmin_z E(y, z), with the softmin weights
//! exp(−β E(y, z_k)) / Σ_j exp(−β E(y, z_j)) that F_β averages with.

use crate::latent::free_energy::free_energy_and_posterior;
use crate::latent::zero_temperature;
use crate::models::Model;

#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct LatentCurve {
    pub y: [f32; 2],
    /// "z" (values) or "k" (indices).
    pub axis: &'static str,
    pub z: Vec<f32>,
    pub e: Vec<f32>,
    /// Index of ž (the first minimum).
    pub argmin: usize,
    pub beta: f32,
    /// Softmin weights at β (one-hot on ž at β = ∞); they sum to 1.
    pub weights: Vec<f32>,
    /// F_β(y) = the weights' average of E in the free-energy sense.
    pub free_energy: f32,
    /// The panel's title, with ž and F_β.
    pub title: String,
    /// The y range to plot E over (`views::plot_range`).
    pub range: [f32; 2],
}

pub fn latent_curve(model: &dyn Model, y: [f32; 2], beta: f32) -> Option<LatentCurve> {
    let l = model.latent_energies(y)?;
    let (argmin, _) = zero_temperature(&l.e);
    let mut weights = vec![0.0; l.e.len()];
    let free_energy = free_energy_and_posterior(&l.e, beta, &mut weights);
    let z_hat = if l.axis == "z" { format!("ž = {:.2}", l.z[argmin]) } else { format!("best k = {argmin}") };
    let title = format!(
        "E(y, z) at y = ({:.2}, {:.2}): {z_hat}, F∞ = {:.3}, F_β = {free_energy:.3} at β = {beta}",
        y[0], y[1], l.e[argmin]
    );
    let range = super::plot_range(&l.e);
    Some(LatentCurve { y, axis: l.axis, z: l.z, e: l.e, argmin, beta, weights, free_energy, title, range })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::latent::EllipseModel;
    use crate::latent::loss::{LatentLoss, Training};
    use crate::models::kmeans::{FreeEnergy, KMeans, KMeansRule};
    use crate::points::Points;

    #[test]
    fn the_curve_is_the_ellipse_distance_and_its_minimum_is_the_nearest_angle() {
        // Decoder w = (2, 1.5): the point (0, 3) is nearest g(π/2) = (0, 1.5), at distance² 2.25.
        let m = EllipseModel::ellipse([2.0, 1.5], f32::INFINITY, Training::adam(LatentLoss::EnergyArgmin, 0, 0.0));
        let c = latent_curve(&m, [0.0, 3.0], 1.0).expect("a latent model");
        assert_eq!((c.axis, c.z.len()), ("z", 48));
        assert!((c.z[c.argmin] - std::f32::consts::FRAC_PI_2).abs() < 1e-6, "ž = {}", c.z[c.argmin]);
        assert!((c.e[c.argmin] - 2.25).abs() < 1e-5);
        for k in 0..48 {
            let g = [2.0 * c.z[k].cos(), 1.5 * c.z[k].sin()];
            assert!((c.e[k] - ((0.0 - g[0]).powi(2) + (3.0 - g[1]).powi(2))).abs() < 1e-4);
        }
        assert!((c.weights.iter().sum::<f32>() - 1.0).abs() < 1e-5);
        assert_eq!(c.weights.iter().cloned().fold(0.0, f32::max), c.weights[c.argmin]);
        assert!((c.free_energy - m.free_energy([0.0, 3.0], 1.0)).abs() < 1e-5);
    }

    #[test]
    fn k_means_draws_one_value_per_prototype() {
        let protos = Points::from_pairs(&[[0.0, 0.0], [2.0, 0.0], [0.0, 2.0]]);
        let km = KMeans::from_prototypes(&protos, KMeansRule::Lloyd, FreeEnergy::Min);
        let c = latent_curve(&km, [1.8, 0.1], f32::INFINITY).unwrap();
        assert_eq!((c.axis, c.z.clone(), c.argmin), ("k", vec![0.0, 1.0, 2.0], 1));
        assert_eq!(c.weights, vec![0.0, 1.0, 0.0]);
    }
}
