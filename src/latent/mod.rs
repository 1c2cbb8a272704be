//! Latent-variable EBMs E(x, y, z) (lecture §2): a latent z nobody observes,
//! inference over z, free energies, and the models that train by their own rule.
//!
//! - `free_energy.rs`: F∞ = min_z E and F_β with the *average* over the z grid,
//!   F_β = −(1/β) log((1/N_z) Σ_z exp(−β E)), and the softmin posterior ∂F_β/∂E.
//! - `zgrid.rs`: the z grids (the course's 48 angles, a cube in R^k, one-hot codes).
//! - `decoder.rs`, `net_decoder.rs`: decoders g(z) ∈ R² (the ellipse, a dense net).
//! - `predictions.rs`: the prediction set ȳ_k = g(z_k) and the energy
//!   E(y, z_k) = ‖y − ȳ_k‖² + λ‖z_k‖² it defines; F_β on the plane with its exact ∇_y.
//! - `infer.rs`: ž by exhaustive search over the grid, then gradient descent on z.
//! - `loss.rs`: the training rule: energy losses (argmin or marginalised), hinge and
//!   log losses with a noise-corrupted contrastive point; mini-batches.
//! - `model.rs`: the unconditional models (ellipse; net decoder, continuous or discrete z).
//! - `horn.rs`: the conditional horn, E(x, y, z) = ‖y − f(x) ⊙ (cos z, sin z)‖².

pub mod decoder;
pub mod free_energy;
pub mod horn;
pub mod infer;
pub mod loss;
pub mod model;
pub mod net_decoder;
pub mod predictions;
pub mod zgrid;

#[cfg(test)]
mod tests;

pub use decoder::{Decoder, EllipseDecoder};
pub use free_energy::{free_energies, free_energy, free_energy_and_posterior, zero_temperature};
pub use horn::HornModel;
pub use infer::{Descent, Inference};
pub use loss::{LatentLoss, Training};
pub use model::{DecoderModel, EllipseModel, LatentModel};
pub use net_decoder::NetDecoder;
pub use predictions::Predictions;
pub use zgrid::{COURSE_ANGLES, ZGrid};
