//! EBM Playground's engine: energy-based models on the plane.
//!
//! Everything here is pure Rust and testable natively; only [`wasm`] (compiled
//! for `wasm32` alone) knows about JavaScript. Conventions (see ARCHITECTURE.md):
//! p(y) ∝ exp(−β E(y)); points are stored as structure-of-arrays (`y1`, `y2`);
//! grids are row-major with row 0 at the bottom (y up); all randomness comes from
//! [`rng::Rng`], keyed by (seed, stream, counter).

// Structure-of-arrays code walks several arrays in lockstep by index; iterator
// zips of four slices would read worse.
#![allow(clippy::needless_range_loop)]

pub mod batch;
#[cfg(feature = "cli")]
pub mod cli;
pub mod config;
pub mod data;
pub mod energy;
pub mod error;
pub mod export;
pub mod grid;
pub mod kernels;
pub mod latent;
pub mod limits;
pub mod models;
pub mod optim;
pub mod pair_loss;
pub mod points;
pub mod rng;
pub mod sampler;
pub mod seed;
pub mod train;
pub mod views;

#[cfg(target_arch = "wasm32")]
pub mod gpu;
#[cfg(target_arch = "wasm32")]
pub mod wasm;
