//! The canonical data sets of docs/datasets.md, one file each, all seeded.
//!
//! Point i is a pure function of (seed, i): its uniforms come from
//! `(Stream::Data, a = i, b = 0)` and its normals from `(Stream::Data, a = i, b = 1)`,
//! so a longer data set starts with the shorter one. Two-part data sets (moons,
//! rings, circle and parabolas branches) alternate by index parity; mixtures
//! (8 Gaussians, checkerboard, pinwheel) take component `i mod K`, so every part
//! gets equal mass and every prefix is balanced.

pub mod checkerboard;
pub mod circle;
pub mod ellipse;
pub mod gaussians;
pub mod horn;
pub mod moons;
pub mod parabolas;
pub mod pinwheel;
pub mod rings;
pub mod spiral;
pub mod swissroll;
pub mod user;

pub use user::{MAX_POINTS_TEXT, PointsRead, parse_points, points_id, points_text, read_points};

use crate::points::{Points, Rect};
use crate::rng::{Rng, Stream};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DatasetKind {
    Spiral,
    Moons,
    Rings,
    Gaussians,
    Checkerboard,
    Pinwheel,
    SwissRoll,
    Ellipse,
    Circle,
    Parabolas,
    /// The course's conditional horn: x ∈ (0, 1) and y ∈ R²; the points are y,
    /// the inputs x come from [`horn_inputs`].
    Horn,
    User,
}

impl DatasetKind {
    pub const ALL: [(&'static str, DatasetKind); 12] = [
        ("spiral", DatasetKind::Spiral),
        ("moons", DatasetKind::Moons),
        ("rings", DatasetKind::Rings),
        ("gaussians", DatasetKind::Gaussians),
        ("checkerboard", DatasetKind::Checkerboard),
        ("pinwheel", DatasetKind::Pinwheel),
        ("swissroll", DatasetKind::SwissRoll),
        ("ellipse", DatasetKind::Ellipse),
        ("circle", DatasetKind::Circle),
        ("parabolas", DatasetKind::Parabolas),
        ("horn", DatasetKind::Horn),
        ("points", DatasetKind::User),
    ];

    /// The name in [`Self::ALL`].
    pub fn name(self) -> &'static str {
        Self::ALL.iter().find(|(_, k)| *k == self).map_or("points", |(n, _)| n)
    }

    /// The kind called `name` in [`Self::ALL`].
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.iter().find(|(n, _)| *n == name).map(|(_, k)| *k)
    }

    /// The noise σ of docs/datasets.md (for pinwheel the tangential σ; 0 where none).
    pub fn default_noise(self) -> f32 {
        match self {
            DatasetKind::Spiral => spiral::SIGMA,
            DatasetKind::Moons => moons::SIGMA,
            DatasetKind::Rings => rings::SIGMA,
            DatasetKind::Gaussians => gaussians::SIGMA,
            DatasetKind::Checkerboard => 0.0,
            DatasetKind::Pinwheel => pinwheel::TANGENTIAL_SIGMA,
            DatasetKind::SwissRoll => swissroll::SIGMA,
            DatasetKind::Ellipse => ellipse::SIGMA,
            DatasetKind::Circle => circle::SIGMA,
            DatasetKind::Parabolas => parabolas::SIGMA,
            DatasetKind::Horn => horn::SIGMA,
            DatasetKind::User => 0.0,
        }
    }

    /// 1,000 points, except the course's 24-point ellipse; user points bring their own.
    pub fn default_count(self) -> usize {
        match self {
            DatasetKind::Ellipse => ellipse::COUNT,
            DatasetKind::User => 0,
            _ => 1000,
        }
    }

    /// The view box: [−3, 3]² unless the data set is smaller (docs/datasets.md).
    pub fn view(self) -> Rect {
        match self {
            DatasetKind::Circle => circle::VIEW,
            DatasetKind::Parabolas => parabolas::VIEW,
            DatasetKind::Horn => horn::VIEW,
            _ => Rect::square(3.0),
        }
    }

    /// Conditional data: `y1` holds the input x and `y2` the output y.
    pub fn is_conditional(self) -> bool {
        matches!(self, DatasetKind::Circle | DatasetKind::Parabolas)
    }
}

/// Generates `count` points with noise σ = `noise` (pass `kind.default_noise()` for
/// the default) keyed by `rng`. `User` gives no points: see [`parse_points`].
pub fn generate(kind: DatasetKind, count: usize, noise: f32, rng: &Rng) -> Points {
    let point: fn(&Rng, u32, f32) -> [f32; 2] = match kind {
        DatasetKind::Spiral => spiral::point,
        DatasetKind::Moons => moons::point,
        DatasetKind::Rings => rings::point,
        DatasetKind::Gaussians => gaussians::point,
        DatasetKind::Checkerboard => checkerboard::point,
        DatasetKind::Pinwheel => pinwheel::point,
        DatasetKind::SwissRoll => swissroll::point,
        DatasetKind::Ellipse => ellipse::point,
        DatasetKind::Circle => circle::point,
        DatasetKind::Parabolas => parabolas::point,
        DatasetKind::Horn => |rng, i, sigma| horn::point(rng, i, sigma).1,
        DatasetKind::User => return Points::new(),
    };
    let mut points = Points::with_len(count);
    for i in 0..count {
        points.set(i, point(rng, i as u32, noise));
    }
    points
}

/// The horn's inputs x of points 0..count (x does not depend on the noise).
pub fn horn_inputs(count: usize, rng: &Rng) -> Vec<f32> {
    (0..count as u32).map(|i| horn::point(rng, i, 0.0).0).collect()
}

/// Which points [`split`] sends to the test set (the same rule, for inputs kept beside the points).
pub fn test_mask(n: usize, test_frac: f32, rng: &Rng) -> Vec<bool> {
    let mask: Vec<bool> = (0..n).map(|i| rng.uniform4(Stream::Split, i as u32, 0)[0] < test_frac).collect();
    if mask.iter().all(|&t| t) { vec![false; n] } else { mask }
}

/// Deterministic split: point i goes to test iff the `(Stream::Split, a = i)` uniform
/// is below `test_frac`. Order is kept. Returns (train, test); if train would be
/// empty while the input is not, everything goes to train.
pub fn split(points: &Points, test_frac: f32, rng: &Rng) -> (Points, Points) {
    let (mut train, mut test) = (Points::new(), Points::new());
    for (i, to_test) in test_mask(points.len(), test_frac, rng).into_iter().enumerate() {
        let [a, b] = points.get(i);
        if to_test { test.push(a, b) } else { train.push(a, b) }
    }
    (train, test)
}

/// Four uniforms in (0, 1) for point i.
#[inline]
fn uniforms(rng: &Rng, i: u32) -> [f32; 4] {
    rng.uniform4(Stream::Data, i, 0)
}

/// Four standard normals for point i, independent of its uniforms.
#[inline]
fn normals(rng: &Rng, i: u32) -> [f32; 4] {
    rng.normal4(Stream::Data, i, 1)
}

/// Helpers shared by the data set tests (f64 references).
#[cfg(test)]
pub(crate) mod testing {
    use super::{DatasetKind, generate};
    use crate::points::Points;
    use crate::rng::Rng;

    /// `n` points of `kind` at its default noise, seed `seed`.
    pub fn sample(kind: DatasetKind, n: usize, seed: u32) -> Points {
        generate(kind, n, kind.default_noise(), &Rng::new(seed))
    }

    /// Distance from `p` to the curve `c(t)`, t ∈ [lo, hi]: the best of 4,000 steps,
    /// refined by ternary search around it.
    pub fn distance_to_curve(p: [f32; 2], c: impl Fn(f64) -> [f64; 2], lo: f64, hi: f64) -> f64 {
        let d = |t: f64| {
            let q = c(t);
            (f64::from(p[0]) - q[0]).hypot(f64::from(p[1]) - q[1])
        };
        let steps = 4000;
        let h = (hi - lo) / f64::from(steps);
        let best = (0..=steps).map(|k| lo + h * f64::from(k)).min_by(|a, b| d(*a).total_cmp(&d(*b))).unwrap_or(lo);
        // Refine on [best − h, best + h]: the distance is unimodal there.
        let (mut a, mut b) = ((best - h).max(lo), (best + h).min(hi));
        for _ in 0..60 {
            let (m1, m2) = (a + (b - a) / 3.0, b - (b - a) / 3.0);
            if d(m1) < d(m2) { b = m2 } else { a = m1 }
        }
        d(0.5 * (a + b))
    }

    /// Mean and (population) variance of a sequence.
    pub fn mean_var(v: impl Iterator<Item = f32>) -> (f64, f64) {
        let (mut n, mut s, mut s2) = (0.0, 0.0, 0.0);
        for x in v {
            let x = f64::from(x);
            n += 1.0;
            s += x;
            s2 += x * x;
        }
        let m = s / n;
        (m, s2 / n - m * m)
    }
}

#[cfg(test)]
mod tests {
    use super::testing::sample;
    use super::*;

    fn generated() -> impl Iterator<Item = DatasetKind> {
        DatasetKind::ALL.iter().map(|(_, k)| *k).filter(|k| *k != DatasetKind::User)
    }

    #[test]
    fn every_dataset_is_a_pure_function_of_seed_and_index() {
        for kind in generated() {
            let long = sample(kind, 200, 5);
            let short = sample(kind, 100, 5);
            assert_eq!(long, sample(kind, 200, 5), "{kind:?} same seed");
            assert_ne!(long, sample(kind, 200, 6), "{kind:?} other seed");
            assert_eq!(short.y1[..], long.y1[..100], "{kind:?} prefix y1");
            assert_eq!(short.y2[..], long.y2[..100], "{kind:?} prefix y2");
            assert!(long.is_finite(), "{kind:?}");
        }
    }

    #[test]
    fn every_dataset_fits_its_view_box() {
        for kind in generated() {
            let p = sample(kind, 10_000, 1);
            let inside = (0..p.len()).filter(|&i| kind.view().contains(p.get(i))).count();
            // Only Gaussian tails may leave the box: swiss roll's outer end (radius 2.83,
            // docs/datasets.md) sits 1.7σ from y = 3 and loses the most, well under 1%.
            assert!(inside >= 9_900, "{kind:?}: {inside} of 10000 inside {:?}", kind.view());
        }
    }

    #[test]
    fn names_round_trip_and_list_every_kind_once() {
        for (name, kind) in DatasetKind::ALL {
            assert_eq!(kind.name(), name);
            assert_eq!(DatasetKind::from_name(name), Some(kind));
            assert_eq!(DatasetKind::ALL.iter().filter(|(_, k)| *k == kind).count(), 1);
        }
        assert_eq!(DatasetKind::from_name("nope"), None);
    }

    #[test]
    fn defaults_follow_datasets_md() {
        // Counts: 1,000 by default, the ellipse 24 (docs/datasets.md); user points bring their own.
        assert_eq!(DatasetKind::Spiral.default_count(), 1000);
        assert_eq!(DatasetKind::Ellipse.default_count(), 24);
        assert_eq!(DatasetKind::User.default_count(), 0);
        // σ values quoted from docs/datasets.md.
        assert_eq!(DatasetKind::Spiral.default_noise(), 0.04);
        assert_eq!(DatasetKind::Gaussians.default_noise(), 0.15);
        assert_eq!(DatasetKind::Checkerboard.default_noise(), 0.0);
        assert!(DatasetKind::Circle.is_conditional() && DatasetKind::Parabolas.is_conditional());
        assert!(!DatasetKind::Spiral.is_conditional());
        assert!(generate(DatasetKind::User, 10, 0.1, &Rng::new(0)).is_empty());
    }

    #[test]
    fn split_sends_about_test_frac_to_test() {
        let p = sample(DatasetKind::Moons, 10_000, 3);
        let (train, test) = split(&p, 0.2, &Rng::new(3));
        assert_eq!(train.len() + test.len(), 10_000);
        // Binomial(10000, 0.2): standard deviation 40, so ±200 is 5σ.
        assert!((test.len() as i64 - 2000).abs() < 200, "test {}", test.len());
    }

    #[test]
    fn split_is_deterministic_and_keeps_order() {
        let p = sample(DatasetKind::Spiral, 500, 4);
        let (train, test) = split(&p, 0.3, &Rng::new(9));
        assert_eq!((train.clone(), test.clone()), split(&p, 0.3, &Rng::new(9)));
        assert_ne!(train, split(&p, 0.3, &Rng::new(10)).0);
        // Merging the parts back in index order gives the input: each is a subsequence.
        let (mut a, mut b) = (0, 0);
        for i in 0..p.len() {
            if b < test.len() && test.get(b) == p.get(i) {
                b += 1;
            } else {
                assert_eq!(train.get(a), p.get(i), "point {i}");
                a += 1;
            }
        }
        assert_eq!((a, b), (train.len(), test.len()));
    }

    #[test]
    fn split_never_leaves_train_empty() {
        let p = sample(DatasetKind::Rings, 10, 2);
        assert_eq!(split(&p, 1.0, &Rng::new(1)), (p.clone(), Points::new()));
        assert_eq!(split(&p, 0.0, &Rng::new(1)), (p.clone(), Points::new()));
        assert_eq!(split(&Points::new(), 0.5, &Rng::new(1)), (Points::new(), Points::new()));
    }
}
