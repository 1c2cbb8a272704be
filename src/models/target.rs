//! A fixed target energy: the lecture's implicit circle F(x, y) = (x² + y² − 1)²
//! (§1: an energy, not a function), or one of the samplers' targets (banana,
//! double well, …). Nothing is learned; the plane, inference, slices, densities
//! and "samples from the model" read it exactly as they read a trained energy.

use super::{FitReport, Model, Plane};
use crate::energy::Energy;
use crate::energy::analytic::Analytic;
use crate::points::{Points, Rect};
use crate::rng::Rng;

#[derive(Clone, Debug)]
pub struct Target {
    pub energy: Analytic,
}

impl Target {
    pub fn new(energy: Analytic) -> Self {
        Self { energy }
    }

    /// The circle is E(x, y) with x across (conditional: two y for each x); the
    /// other targets are densities on the plane.
    pub fn is_conditional(&self) -> bool {
        self.energy == Analytic::Circle
    }

    pub fn view(&self) -> Rect {
        self.energy.view()
    }
}

impl Energy for Target {
    fn energy(&self, ys: &Points, out: &mut [f32]) {
        self.energy.energy(ys, out);
    }

    fn energy_grad(&self, ys: &Points, out: &mut [f32], grad: &mut Points) {
        self.energy.energy_grad(ys, out, grad);
    }
}

impl Model for Target {
    /// Never called by the trainer ([`Model::learns`] is false): a fixed energy has no step.
    fn fit_step(&mut self, _data: &Points, _rng: &Rng, _step: u32) -> FitReport {
        FitReport::loss(f32::NAN)
    }

    fn params(&self) -> Vec<f32> {
        Vec::new()
    }

    fn plane(&self) -> Plane {
        if self.is_conditional() { Plane::conditional() } else { Plane::energy() }
    }

    fn learns(&self) -> bool {
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_target_is_its_analytic_energy_and_never_changes() {
        // Its energy is the analytic one bit for bit; a step leaves nothing to hash.
        let t = Target::new(Analytic::Circle);
        let ys = Points::from_pairs(&[[0.0, 0.0], [0.6, 0.8], [0.3, -0.2]]);
        let (mut a, mut b) = (vec![0.0; 3], vec![0.0; 3]);
        t.energy(&ys, &mut a);
        Analytic::Circle.energy(&ys, &mut b);
        assert_eq!(a, b);
        assert!(t.params().is_empty());
        assert!(!t.learns());
        assert!(t.plane().conditional);
        assert!(!Target::new(Analytic::Banana).plane().conditional);
    }
}
