//! Native criterion benches of the three peer workloads (shared/bench/peers):
//! W1 energy on a 256² grid, W2 4,096 Langevin chains × 100 steps, W3 one
//! contrastive Adam step on 256 + 256 points. Weights and points come from the
//! peers' data file when EBM_BENCH_DATA names it (scripts/bench does), else
//! from our seeded initialiser (same shapes, same FLOPs).

use criterion::{Criterion, criterion_group, criterion_main};
use ebm_playground::energy::mlp::Mlp;
use ebm_playground::energy::{Energy, Trainable};
use ebm_playground::kernels::Activation;
use ebm_playground::optim::{OptimState, Optimizer};
use ebm_playground::points::Points;
use ebm_playground::rng::{Rng, Stream};
use ebm_playground::sampler::{self, Chains, SamplerKind, SamplerParams};

struct Data {
    params: Vec<f32>,
    chains: Points,
    pos: Points,
    neg: Points,
}

fn points(v: &[f32]) -> Points {
    let pairs: Vec<[f32; 2]> = v.chunks_exact(2).map(|p| [p[0], p[1]]).collect();
    Points::from_pairs(&pairs)
}

fn load() -> Data {
    if let Ok(path) = std::env::var("EBM_BENCH_DATA") {
        let j: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&path).expect("EBM_BENCH_DATA")).unwrap();
        let f = |k: &str| j[k].as_array().unwrap().iter().map(|x| x.as_f64().unwrap() as f32).collect::<Vec<f32>>();
        return Data {
            params: f("params"),
            chains: points(&f("chains_init")),
            pos: points(&f("train_pos")),
            neg: points(&f("train_neg")),
        };
    }
    let rng = Rng::new(1);
    let m = Mlp::new(2, 64, Activation::Silu, &rng);
    let pts = |n: usize, s: u32| {
        let mut p = Points::new();
        for i in 0..n {
            let z = rng.normal4(Stream::Data, i as u32, s);
            p.push(z[0], z[1]);
        }
        p
    };
    Data { params: m.params().to_vec(), chains: pts(4096, 1), pos: pts(256, 2), neg: pts(256, 3) }
}

fn workloads(c: &mut Criterion) {
    let d = load();
    let sizes = [2, 64, 64, 1];
    let mut model = Mlp::from_params(&sizes, Activation::Silu, d.params.clone());
    let mut grid = Points::with_len(256 * 256);
    for r in 0..256 {
        for col in 0..256 {
            let axis = |i: usize| (-3.0 + 6.0 * i as f64 / 255.0) as f32;
            grid.set(r * 256 + col, [axis(col), axis(r)]);
        }
    }
    let mut out = vec![0.0; grid.len()];
    let mut g = c.benchmark_group("peers");
    g.sample_size(10);
    g.bench_function("w1_heatmap_256", |b| b.iter(|| model.energy(&grid, &mut out)));
    let p = SamplerParams { kind: SamplerKind::Langevin, beta: 1.0, step_size: 0.005, ..SamplerParams::default() };
    let mut chains = Chains::new(d.chains.clone());
    g.bench_function("w2_langevin_4096x100", |b| {
        b.iter(|| {
            chains.pos = d.chains.clone();
            sampler::run(&model, &p, &mut chains, &Rng::new(1), 0, 100);
        })
    });
    let mut state = OptimState::new(d.params.len());
    let mut grad = vec![0.0; d.params.len()];
    let (mut e, mut w) = (vec![0.0; 256], vec![0.0; 256]);
    let adam = Optimizer::Adam { beta1: 0.9, beta2: 0.999, eps: 1e-8 };
    g.bench_function("w3_train_step", |b| {
        b.iter(|| {
            grad.fill(0.0);
            for (pts, sign) in [(&d.pos, 1.0f32), (&d.neg, -1.0f32)] {
                model.energy(pts, &mut e);
                for i in 0..256 {
                    w[i] = (sign + 0.2 * e[i]) / 256.0;
                }
                model.accumulate_grad_params(pts, &w, &mut e, &mut grad);
            }
            adam.step(model.params_mut(), &grad, &mut state, 1e-3);
        })
    });
    g.finish();
}

criterion_group!(benches, workloads);
criterion_main!(benches);
