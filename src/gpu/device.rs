//! Getting a WebGPU device, or the reason there is none.

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{GpuAdapter, GpuDevice, GpuQueue};

use super::describe;

/// An acquired device and what the page shows about it.
#[derive(Clone, Debug)]
pub struct Gpu {
    pub device: GpuDevice,
    pub queue: GpuQueue,
    /// "vendor architecture (description)", e.g. "google swiftshader (SwiftShader Device (Subzero))".
    pub adapter: String,
    /// True for a software adapter such as SwiftShader: fine for correctness, not for speed.
    pub fallback: bool,
}

fn navigator_gpu() -> Option<web_sys::Gpu> {
    let global = js_sys::global();
    let navigator = js_sys::Reflect::get(&global, &"navigator".into()).ok()?;
    let gpu = js_sys::Reflect::get(&navigator, &"gpu".into()).ok()?;
    if gpu.is_undefined() || gpu.is_null() {
        return None;
    }
    Some(gpu.unchecked_into())
}

impl Gpu {
    /// Asks the browser for an adapter and a device. `Err` says why not, in
    /// words for the page ("this browser has no WebGPU", "no adapter", ...).
    pub async fn acquire() -> Result<Gpu, String> {
        let gpu = navigator_gpu().ok_or("this browser has no WebGPU (navigator.gpu is missing)")?;
        let adapter = JsFuture::from(gpu.request_adapter())
            .await
            .map_err(|e| format!("requestAdapter failed: {}", describe(&e)))?;
        if adapter.is_null() || adapter.is_undefined() {
            return Err("WebGPU is present but requestAdapter() returned null (no usable GPU)".into());
        }
        let adapter: GpuAdapter = adapter.unchecked_into();
        let info = adapter.info();
        let device: GpuDevice = JsFuture::from(adapter.request_device())
            .await
            .map_err(|e| format!("requestDevice failed: {}", describe(&e)))?
            .unchecked_into();
        let name = [info.vendor(), info.architecture(), info.description()]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(" ");
        Ok(Gpu {
            queue: device.queue(),
            device,
            adapter: if name.is_empty() { "unnamed adapter".into() } else { name },
            fallback: info.is_fallback_adapter(),
        })
    }
}
