//! The kernel bit-identity tests again, in headless Chromium (the user's engine).
#![cfg(target_arch = "wasm32")]

wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

#[path = "kernels.rs"]
mod kernels;
