//! The WebGPU backend of the sampler (wasm32 only), through web-sys.
//!
//! - `device.rs` acquires an adapter and a device, or says why it cannot;
//! - `chains.rs` runs a [`crate::sampler::job::SamplingJob`] with one shader
//!   invocation per chain, buffers made once and reused, and reads back only
//!   the positions that are drawn;
//! - `grid.rs` evaluates the energy on an n × n grid;
//! - `shaders/` holds the WGSL, included at build time: `common.wgsl` (uniforms,
//!   Philox, energies) is prepended to each entry file.
//!
//! Nothing here blocks: submission returns at once, and reads are futures on
//! `mapAsync`.

pub mod chains;
pub mod device;
pub mod grid;

pub use device::Gpu;

/// The sampler shader module: common code plus the chain entry points.
pub const CHAINS_WGSL: &str = concat!(include_str!("shaders/common.wgsl"), include_str!("shaders/chains.wgsl"));
/// The grid shader module.
pub const GRID_WGSL: &str = concat!(include_str!("shaders/common.wgsl"), include_str!("shaders/grid.wgsl"));

use wasm_bindgen::JsValue;
use web_sys::{GpuBuffer, GpuBufferDescriptor, GpuDevice};

/// A JS error value as text, for messages.
pub(crate) fn describe(e: &JsValue) -> String {
    e.as_string()
        .or_else(|| js_sys::Reflect::get(e, &"message".into()).ok().and_then(|m| m.as_string()))
        .unwrap_or_else(|| format!("{e:?}"))
}

pub(crate) fn buffer(device: &GpuDevice, label: &str, size: usize, usage: u32) -> Result<GpuBuffer, String> {
    let d = GpuBufferDescriptor::new_with_f64(size.max(16).next_multiple_of(4) as f64, usage);
    d.set_label(label);
    device.create_buffer(&d).map_err(|e| format!("cannot create the {label} buffer: {}", describe(&e)))
}

pub(crate) fn floats_to_bytes(v: &[f32]) -> Vec<u8> {
    v.iter().flat_map(|x| x.to_le_bytes()).collect()
}
