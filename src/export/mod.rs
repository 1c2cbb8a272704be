//! Exports of a trained scene to other tools. `pytorch.rs`: a standalone
//! PyTorch script (its static part is `pytorch_body.py`) that rebuilds the
//! scene's data, the MLP energy with the trained weights, the loss, sampler and
//! optimiser with their state, and trains on from there.

mod pytorch;

pub use pytorch::pytorch_script;
