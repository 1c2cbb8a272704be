//! Points in the plane, structure-of-arrays: `y1[i], y2[i]` is point i.
//! (For conditional data the plane is (x, y): `y1` holds x and `y2` holds y.)

#[derive(Clone, Debug, Default, PartialEq, serde::Serialize)]
pub struct Points {
    pub y1: Vec<f32>,
    pub y2: Vec<f32>,
}

impl Points {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn with_len(n: usize) -> Self {
        Self { y1: vec![0.0; n], y2: vec![0.0; n] }
    }

    pub fn from_pairs(pairs: &[[f32; 2]]) -> Self {
        Self { y1: pairs.iter().map(|p| p[0]).collect(), y2: pairs.iter().map(|p| p[1]).collect() }
    }

    pub fn len(&self) -> usize {
        self.y1.len()
    }

    pub fn is_empty(&self) -> bool {
        self.y1.is_empty()
    }

    pub fn push(&mut self, a: f32, b: f32) {
        self.y1.push(a);
        self.y2.push(b);
    }

    pub fn get(&self, i: usize) -> [f32; 2] {
        [self.y1[i], self.y2[i]]
    }

    pub fn set(&mut self, i: usize, p: [f32; 2]) {
        self.y1[i] = p[0];
        self.y2[i] = p[1];
    }

    pub fn clear(&mut self) {
        self.y1.clear();
        self.y2.clear();
    }

    pub fn resize(&mut self, n: usize) {
        self.y1.resize(n, 0.0);
        self.y2.resize(n, 0.0);
    }

    pub fn extend_from(&mut self, other: &Points) {
        self.y1.extend_from_slice(&other.y1);
        self.y2.extend_from_slice(&other.y2);
    }

    pub fn is_finite(&self) -> bool {
        self.y1.iter().chain(&self.y2).all(|v| v.is_finite())
    }

    /// From an interleaved `[y1₀, y2₀, y1₁, …]` (a trailing odd value is dropped).
    pub fn from_interleaved(xy: &[f32]) -> Self {
        Self {
            y1: xy.iter().step_by(2).copied().take(xy.len() / 2).collect(),
            y2: xy.iter().skip(1).step_by(2).copied().collect(),
        }
    }

    /// Interleaved copy `[y1₀, y2₀, y1₁, …]`, for JS and files.
    pub fn interleaved(&self) -> Vec<f32> {
        self.y1.iter().zip(&self.y2).flat_map(|(&a, &b)| [a, b]).collect()
    }
}

/// An axis-aligned rectangle [x_lo, x_hi] × [y_lo, y_hi]: the view box.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Rect {
    pub x_lo: f32,
    pub x_hi: f32,
    pub y_lo: f32,
    pub y_hi: f32,
}

impl Rect {
    pub const fn square(h: f32) -> Self {
        Self { x_lo: -h, x_hi: h, y_lo: -h, y_hi: h }
    }

    pub fn width(&self) -> f32 {
        self.x_hi - self.x_lo
    }

    pub fn height(&self) -> f32 {
        self.y_hi - self.y_lo
    }

    pub fn contains(&self, p: [f32; 2]) -> bool {
        p[0] >= self.x_lo && p[0] <= self.x_hi && p[1] >= self.y_lo && p[1] <= self.y_hi
    }
}
