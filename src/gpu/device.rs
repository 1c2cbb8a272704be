//! Getting a WebGPU device, or the reason there is none. The samplers and heat
//! maps of one thread (a page's worker) share one device ([`Gpu::shared`]).

use std::cell::RefCell;

use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::{JsFuture, future_to_promise};
use web_sys::{GpuAdapter, GpuDevice, GpuQueue};

thread_local! {
    /// This thread's device, as the promise of its acquisition, so that two
    /// concurrent first calls (a sampler and a heat map starting together) wait
    /// for one device rather than asking for two. Cleared when the device is lost
    /// or could not be had, so the next call asks again.
    static SHARED: RefCell<Option<js_sys::Promise>> = const { RefCell::new(None) };
}

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
    /// The device this thread shares, acquired on first use. Its users must not
    /// destroy it (a test's `loseDevice` does, as a driver reset would: every
    /// user then moves to the CPU, and the next call acquires a fresh device).
    pub async fn shared() -> Result<Gpu, String> {
        let promise = SHARED.with(|s| s.borrow().clone()).unwrap_or_else(|| {
            let p = future_to_promise(async {
                match Gpu::acquire().await {
                    Ok(g) => {
                        let forget = Closure::<dyn FnMut(web_sys::GpuDeviceLostInfo)>::new(
                            move |_: web_sys::GpuDeviceLostInfo| {
                                SHARED.with(|s| s.borrow_mut().take());
                            },
                        );
                        let _ = g.device.lost().then(&forget);
                        forget.forget(); // one small closure per device
                        Ok(js_sys::Array::of3(&g.device, &g.adapter.into(), &g.fallback.into()).into())
                    }
                    Err(why) => {
                        SHARED.with(|s| s.borrow_mut().take());
                        Err(JsValue::from_str(&why))
                    }
                }
            });
            SHARED.with(|s| *s.borrow_mut() = Some(p.clone()));
            p
        });
        let v = JsFuture::from(promise).await.map_err(|e| e.as_string().unwrap_or_else(|| describe(&e)))?;
        let parts: js_sys::Array = v.unchecked_into();
        let device: GpuDevice = parts.get(0).unchecked_into();
        Ok(Gpu {
            queue: device.queue(),
            device,
            adapter: parts.get(1).as_string().unwrap_or_default(),
            fallback: parts.get(2).as_bool().unwrap_or(false),
        })
    }

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
