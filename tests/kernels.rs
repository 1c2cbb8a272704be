//! The SIMD-128 kernels against their scalar twins, bit for bit. One body runs
//! natively (scalar vs scalar: the harness itself is checked) and under
//! wasm-bindgen-test in both wasm builds (there: SIMD vs scalar).

use ebm_playground::kernels::{self, Activation, scalar};
use ebm_playground::rng::{Rng, Stream};
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test;

fn seeded(n: usize, salt: u32) -> Vec<f32> {
    let rng = Rng::new(salt);
    (0..n).map(|i| rng.normal4(Stream::Data, i as u32, salt)[0] * 3.0).collect()
}

fn bits(v: &[f32]) -> Vec<u32> {
    v.iter().map(|x| x.to_bits()).collect()
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test(unsupported = test))]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn dense_kernels_match_the_scalar_twin_bit_for_bit_for_every_shape() {
    for n_in in [1usize, 2, 3, 5, 8] {
        for n_out in [1usize, 2, 3, 7] {
            // Widths 0..=68 in steps of 4 (the lane axis); the feature counts hit every tail.
            for width in (0..=68).step_by(4) {
                let w = seeded(n_in * n_out, 1);
                let b = seeded(n_out, 2);
                let x = seeded(n_in * width, 3);
                let d = seeded(n_out * width, 4);
                let (mut fast, mut slow) = (vec![0.0; n_out * width], vec![0.0; n_out * width]);
                kernels::dense_forward(&w, &b, &x, &mut fast, n_in, n_out, width);
                scalar::dense_forward(&w, &b, &x, &mut slow, n_in, n_out, width);
                assert_eq!(bits(&fast), bits(&slow), "forward {n_in}->{n_out} width {width}");
                let (mut fast, mut slow) = (vec![0.0; n_in * width], vec![0.0; n_in * width]);
                kernels::dense_backward_input(&w, &d, &mut fast, n_in, n_out, width);
                scalar::dense_backward_input(&w, &d, &mut slow, n_in, n_out, width);
                assert_eq!(bits(&fast), bits(&slow), "backward input {n_in}->{n_out} width {width}");
                let (mut gw_f, mut gb_f) = (seeded(n_in * n_out, 5), seeded(n_out, 6));
                let (mut gw_s, mut gb_s) = (gw_f.clone(), gb_f.clone());
                kernels::dense_backward_params(&d, &x, &mut gw_f, &mut gb_f, n_in, n_out, width);
                scalar::dense_backward_params(&d, &x, &mut gw_s, &mut gb_s, n_in, n_out, width);
                assert_eq!(bits(&gw_f), bits(&gw_s), "grad w {n_in}->{n_out} width {width}");
                assert_eq!(bits(&gb_f), bits(&gb_s), "grad b {n_in}->{n_out} width {width}");
            }
        }
    }
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test(unsupported = test))]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn activations_match_the_scalar_twin_bit_for_bit_including_extremes() {
    let mut z = seeded(64, 7);
    z.extend([0.0, -0.0, 1e-30, -1e-30, 88.5, -88.5, 200.0, -200.0]);
    for (name, act) in Activation::ALL {
        let (mut fast, mut slow) = (vec![0.0; z.len()], vec![0.0; z.len()]);
        kernels::activate(act, &z, &mut fast);
        scalar::activate(act, &z, &mut slow);
        assert_eq!(bits(&fast), bits(&slow), "{name} value");
        let (mut fast, mut slow) = (seeded(z.len(), 8), seeded(z.len(), 8));
        kernels::activate_backward(act, &z, &mut fast);
        scalar::activate_backward(act, &z, &mut slow);
        assert_eq!(bits(&fast), bits(&slow), "{name} slope");
        // The fused pass gives the same value and slope bits as the two separate ones.
        let (mut a, mut slope) = (vec![0.0; z.len()], vec![0.0; z.len()]);
        kernels::activate_with_slope(act, &z, &mut a, &mut slope);
        let mut want_a = vec![0.0; z.len()];
        scalar::activate(act, &z, &mut want_a);
        let mut want_slope = vec![1.0; z.len()];
        scalar::activate_backward(act, &z, &mut want_slope);
        assert_eq!(bits(&a), bits(&want_a), "{name} fused value");
        assert_eq!(bits(&slope), bits(&want_slope), "{name} fused slope");
    }
}

/// The guard: a job that builds with EBM_EXPECT_BUILD=simd128 must run SIMD code.
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test(unsupported = test))]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn the_build_runs_the_kernels_it_was_built_for() {
    if let Some(want) = option_env!("EBM_EXPECT_BUILD") {
        assert_eq!(kernels::BUILD, want, "this job expected the {want} kernels");
    }
    if !cfg!(target_arch = "wasm32") {
        assert_eq!(kernels::BUILD, "scalar", "native builds use the scalar reference");
    }
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test(unsupported = test))]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn sampler_updates_and_reductions_match_the_scalar_twin_for_every_length_0_to_67() {
    for n in 0..=67usize {
        let (x, g, xi) = (seeded(n, 11), seeded(n, 12), seeded(n, 13));
        let (mut fast, mut slow) = (seeded(n, 14), seeded(n, 14));
        kernels::axpy(&mut fast, -0.37, &x);
        scalar::axpy(&mut slow, -0.37, &x);
        assert_eq!(bits(&fast), bits(&slow), "axpy n = {n}");
        kernels::scaled_sum(&mut fast, &x, 0.05, &g);
        scalar::scaled_sum(&mut slow, &x, 0.05, &g);
        assert_eq!(bits(&fast), bits(&slow), "scaled_sum n = {n}");
        kernels::drift_diffuse(&mut fast, &g, &xi, 0.01, 0.14);
        scalar::drift_diffuse(&mut slow, &g, &xi, 0.01, 0.14);
        assert_eq!(bits(&fast), bits(&slow), "drift_diffuse n = {n}");
        assert_eq!(kernels::log_sum_exp(&x).to_bits(), scalar::log_sum_exp(&x).to_bits(), "log_sum_exp n = {n}");
        assert_eq!(kernels::sum(&x).to_bits(), scalar::sum(&x).to_bits(), "sum n = {n}");
    }
}
