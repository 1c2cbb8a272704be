use super::*;

#[test]
fn the_model_spec_round_trips_into_a_job_with_the_config_settings() {
    let (cfg, _) = crate::config::Config::from_query("sampler=hmc&eps=0.03&leapfrog=7&beta=2&seed=11&data=circle");
    let m = Mlp::new(2, 8, Activation::Tanh, &Rng::new(1));
    let json = spec_for_model(&cfg, &m, Rect::square(2.0), 500);
    let job = SamplingJob::from_spec(&json, m.params()).unwrap();
    assert_eq!((job.params.kind, job.params.leapfrog_steps, job.chains, job.seed), (SamplerKind::Hmc, 7, 500, 11));
    assert_eq!((job.params.step_size, job.params.beta, job.params.freeze_y1), (0.03, 2.0, true));
    assert_eq!(job.view, Rect::square(2.0));
}

#[test]
fn specs_with_bad_fields_name_the_field() {
    let long_key = format!(r#"{{"energy": "banana", "{}": 0}}"#, "k".repeat(400_000));
    let bad = [
        (r#"{"energy": "nosuch"}"#, "energy must be"),
        (r#"{"energy": "banana", "sampler": "gibbs"}"#, "sampler must be"),
        (r#"{"energy": "banana", "chains": 0}"#, "chains must be"),
        (r#"{"energy": "banana", "eps": -1}"#, "eps must be"),
        (r#"{"energy": "banana", "view": [1, 0, 0, 1]}"#, "view must be"),
        (r#"{"energy": "banana", "colour": 1}"#, "unknown field"),
        (r#"{"energy": "mlp", "sizes": [2, 4, 1]}"#, "need 17 parameters, got 0"),
        // Checked before anything is sized: no zero widths, no overflowing parameter counts.
        (r#"{"energy": "mlp", "sizes": [2, 0, 1]}"#, "sizes must be [2, hidden…, 1]"),
        (r#"{"energy": "mlp", "sizes": [2, 4294967295, 4294967295, 1]}"#, "sizes must be"),
        (r#"{"energy": "banana", "chains": 1000001}"#, "chains must be in 1..=1000000"),
        // Found by scripts/fuzz: serde's own messages named the type, not the field.
        (r#"{"energy": "banana", "chains": -1e39}"#, "chains must be an integer in 1..=1000000, got '-1e+39'"),
        (r#"{"energy": 6050.8}"#, "energy must be 'mlp' or a target name, got '6050.8'"),
        (r#"{"energy": "mlp", "sizes": [2, 1e31, 1]}"#, "sizes must be a list of layer sizes"),
        // A value quoted in a message is cut: never the whole 400 kB.
        (long_key.as_str(), "unknown field 'kkk"),
        // Not JSON past an unknown key (no value): serde's message, cut.
        (&long_key[..long_key.len() - 2], "sampling job: unknown field `kkk"),
        (r#"{"energy": "banana", "sampler": 1.5, "sampler": "hmc"}"#, "sampler must be a sampler name, got '1.5'"),
        (r#"{"energy": "banana", "chains": 5, "chains": 6}"#, "chains is given twice"),
        // Found by scripts/fuzz: a view box of finite corners but infinite width started every chain at ±∞.
        (r#"{"energy": "banana", "view": [-3e38, 3e38, 0, 1]}"#, "view must be finite"),
    ];
    for (json, want) in bad {
        let err = SamplingJob::from_spec(json, &[]).unwrap_err();
        assert!(err.contains(want) && err.len() < 300, "{}: {err}", &json[..json.len().min(80)]);
    }
}

#[test]
fn uniforms_carry_the_key_steps_and_float_bits_in_the_shader_layout() {
    let job = SamplingJob::from_spec(
        r#"{"energy": "funnel", "sampler": "mala", "eps": 0.25, "beta": 2, "seed": 9, "chains": 10}"#,
        &[],
    )
    .unwrap();
    let u = job.uniforms(40, 5).words;
    assert_eq!(&u[..6], &[9, 0x5EED_0001, 40, 5, 10, 5]); // key = Rng::new(9), funnel = 5
    assert_eq!(f32::from_bits(u[12]), 0.25);
    assert_eq!(f32::from_bits(u[13]), 2.0);
    // MALA proposal noise √(2ε/β) = √0.25 = 0.5 exactly.
    assert_eq!(f32::from_bits(u[14]), 0.5);
    assert_eq!(job.uniforms(0, 0).to_bytes().len(), 96);
    let g = job.grid_uniforms(4, Rect::square(2.0)).words;
    assert_eq!((g[11], f32::from_bits(g[17]), f32::from_bits(g[19])), (4, -2.0, 1.0));
}

#[test]
fn gpu_support_names_what_is_too_big() {
    let rng = Rng::new(1);
    let big = Mlp::new(6, 128, Activation::Silu, &rng);
    let sizes = format!("{:?}", big.sizes());
    let json = format!(r#"{{"energy": "mlp", "sizes": {sizes}}}"#);
    let job = SamplingJob::from_spec(&json, big.params()).unwrap();
    assert!(job.gpu_unsupported().unwrap().contains("6 × 128"));
    let small = Mlp::new(2, 32, Activation::Silu, &rng);
    let json = r#"{"energy": "mlp", "sizes": [2, 32, 32, 1]}"#;
    assert_eq!(SamplingJob::from_spec(json, small.params()).unwrap().gpu_unsupported(), None);
}

#[test]
fn the_cpu_backend_matches_a_direct_sampler_run_bit_for_bit() {
    // The backend is a thin wrapper: the same seed, start and steps as
    // sampler::run called by hand must give the same bits.
    let job =
        SamplingJob::from_spec(r#"{"energy": "banana", "sampler": "hmc", "chains": 33, "eps": 0.1}"#, &[]).unwrap();
    let mut by_hand = Chains::new(job.initial_positions());
    let params = job.params;
    let mut cpu = CpuSampler::new(job);
    cpu.run(3);
    cpu.run(4);
    super::super::run(&Analytic::Banana, &params, &mut by_hand, &Rng::new(1), 0, 3);
    super::super::run(&Analytic::Banana, &params, &mut by_hand, &Rng::new(1), 3, 4);
    assert_eq!(cpu.chains.pos, by_hand.pos);
    assert_eq!(cpu.step, 7);
}

#[test]
fn starting_points_fill_the_view_and_do_not_depend_on_the_chain_count() {
    let few = SamplingJob::from_spec(r#"{"energy": "banana", "chains": 10, "view": [0, 1, 2, 4]}"#, &[]).unwrap();
    let many = SamplingJob::from_spec(r#"{"energy": "banana", "chains": 1000, "view": [0, 1, 2, 4]}"#, &[]).unwrap();
    let (a, b) = (few.initial_positions(), many.initial_positions());
    assert_eq!(a.y1[..], b.y1[..10]);
    assert!(b.y1.iter().all(|&x| (0.0..1.0).contains(&x)) && b.y2.iter().all(|&y| (2.0..4.0).contains(&y)));
    let mut cpu = CpuSampler::new(many);
    assert!(cpu.set_theta(&[1.0]).is_err());
    let rng = Rng::new(2);
    let m = Mlp::new(1, 4, Activation::Tanh, &rng);
    let job = SamplingJob::from_spec(r#"{"energy": "mlp", "sizes": [2, 4, 1], "act": "tanh"}"#, m.params()).unwrap();
    let mut cpu = CpuSampler::new(job);
    let zeros = vec![0.0; m.params().len()];
    cpu.set_theta(&zeros).unwrap();
    let JobEnergy::Mlp(inner) = &cpu.job.energy else { unreachable!() };
    assert_eq!(inner.params(), &zeros[..]);
}
