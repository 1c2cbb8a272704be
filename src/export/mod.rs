//! Exports of a trained scene to other tools. `pytorch.rs`: a standalone
//! PyTorch script (its static part is `www/export/pytorch/*.py`) that rebuilds
//! the scene's data, the MLP energy with the trained weights, the loss, sampler
//! and optimiser with their state, and trains on from there.

mod pytorch;

#[cfg(not(target_arch = "wasm32"))]
pub use pytorch::pytorch_script;
pub use pytorch::{BODY_FILES, BODY_JOIN, pytorch_header};
