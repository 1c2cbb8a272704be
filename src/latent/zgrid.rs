//! The grids of latent values z that free energies average over and exhaustive
//! inference searches: angles, a cube in R^k, or the K one-hot codes.

use core::f32::consts::TAU;

/// The course's angle grid: step π/24 over [0, 2π) (docs/datasets.md).
pub const COURSE_ANGLES: usize = 48;

/// N_z latent values in R^dim, stored flat: value k is `values[k * dim..(k + 1) * dim]`.
#[derive(Clone, Debug, PartialEq)]
pub struct ZGrid {
    dim: usize,
    values: Vec<f32>,
}

impl ZGrid {
    /// n angles z_k = k·2π/n, k = 0..n (dim 1); `angles(48)` is the course's grid.
    pub fn angles(n: usize) -> Self {
        assert!(n > 0, "an angle grid needs at least one angle");
        Self { dim: 1, values: (0..n).map(|k| TAU * k as f32 / n as f32).collect() }
    }

    /// The cell centres of [−h, h]^dim cut into `per_axis` cells along each axis
    /// (per_axis^dim values, the last coordinate fastest). The midpoint rule: the
    /// average over these values estimates the average over the cube.
    pub fn cube(dim: usize, per_axis: usize, half_width: f32) -> Self {
        assert!(dim > 0 && per_axis > 0, "a cube grid needs a dimension and a cell per axis");
        let n = per_axis.pow(dim as u32);
        let step = 2.0 * half_width / per_axis as f32;
        let mut values = Vec::with_capacity(n * dim);
        for k in 0..n {
            let mut rest = k;
            let at = values.len();
            values.resize(at + dim, 0.0);
            for d in (0..dim).rev() {
                values[at + d] = -half_width + (((rest % per_axis) as f32) + 0.5) * step;
                rest /= per_axis;
            }
        }
        Self { dim, values }
    }

    /// The K one-hot vectors of R^K: a discrete latent. Fed to a net, the first
    /// layer's column k is the learned code of value k.
    pub fn one_hot(k: usize) -> Self {
        assert!(k > 0, "a discrete latent needs at least one value");
        let mut values = vec![0.0; k * k];
        for j in 0..k {
            values[j * k + j] = 1.0;
        }
        Self { dim: k, values }
    }

    /// N_z, the number of latent values.
    pub fn len(&self) -> usize {
        self.values.len() / self.dim
    }

    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }

    /// The dimension of z.
    pub fn dim(&self) -> usize {
        self.dim
    }

    /// Latent value k.
    pub fn z(&self, k: usize) -> &[f32] {
        &self.values[k * self.dim..(k + 1) * self.dim]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_course_grid_has_48_angles_of_step_pi_over_24() {
        let g = ZGrid::angles(COURSE_ANGLES);
        assert_eq!((g.len(), g.dim()), (48, 1));
        for k in 0..48 {
            // z_k = k·π/24 (docs/datasets.md), in f64.
            let want = k as f64 * std::f64::consts::PI / 24.0;
            assert!((f64::from(g.z(k)[0]) - want).abs() < 1e-6, "z_{k}");
        }
        assert!(g.z(47)[0] < TAU, "[0, 2π) excludes 2π");
    }

    #[test]
    fn a_cube_grid_holds_the_cell_centres_last_coordinate_fastest() {
        let g = ZGrid::cube(2, 4, 1.0);
        assert_eq!((g.len(), g.dim()), (16, 2));
        // Cells of width 1/2 on [−1, 1]: centres −3/4, −1/4, 1/4, 3/4 (by hand).
        assert_eq!(g.z(0), &[-0.75, -0.75]);
        assert_eq!(g.z(1), &[-0.75, -0.25]);
        assert_eq!(g.z(4), &[-0.25, -0.75]);
        assert_eq!(g.z(15), &[0.75, 0.75]);
        let mean: f32 = (0..16).map(|k| g.z(k)[0] + g.z(k)[1]).sum();
        assert_eq!(mean, 0.0, "symmetric about the origin");
    }

    #[test]
    fn one_hot_codes_are_the_identity() {
        let g = ZGrid::one_hot(3);
        assert_eq!((g.len(), g.dim()), (3, 3));
        assert_eq!([g.z(0), g.z(1), g.z(2)], [&[1.0, 0.0, 0.0], &[0.0, 1.0, 0.0], &[0.0, 0.0, 1.0]]);
    }
}
