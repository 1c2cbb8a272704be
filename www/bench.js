// The peer-benchmark workloads (shared/bench/peers) in the browser, for one
// build flavour (?engine=simd|scalar). bench/chromium.mjs passes the data in
// and reads the samples back; timing lives here, in JS, never in Rust.
import { loadEngine } from './engine.js';

const SIZES = new Uint32Array([2, 64, 64, 1]);
const median = (a) => [...a].sort((x, y) => x - y)[a.length >> 1];

function timeIt(fn, { warmup, reps, inner = 1 }) {
  for (let i = 0; i < warmup; i++) fn();
  const samples = [];
  for (let r = 0; r < reps; r++) {
    const t = performance.now();
    for (let i = 0; i < inner; i++) fn();
    samples.push((performance.now() - t) / inner);
  }
  return samples;
}

async function run(data, { quick = false } = {}) {
  const flavour = new URLSearchParams(location.search).get('engine') ?? 'simd';
  const { pkg, kernels } = await loadEngine(flavour);
  const f = (k) => Float32Array.from(data[k]);
  const params = f('params');
  const model = new pkg.MlpEnergy(SIZES, 'silu', params);
  const reps = quick ? 2 : 9;
  const out = new Float32Array(256 * 256);
  const w1 = timeIt(() => model.heatmap(256, -3, 3, out), { warmup: 2, reps });
  const init = f('chains_init');
  let seed = 1;
  const w2 = timeIt(() => model.langevin(init.slice(), 100, 0.005, 1, seed++), { warmup: 1, reps: quick ? 1 : 5 });
  const m = new Float32Array(params.length);
  const v = new Float32Array(params.length);
  const pos = f('train_pos');
  const neg = f('train_neg');
  let t = 0;
  const w3 = timeIt(() => model.adamStep(m, v, ++t, pos, neg, 0.1, 1e-3), { warmup: 20, reps: quick ? 2 : 7, inner: quick ? 5 : 50 });
  model.free();
  const result = { flavour, kernels, userAgent: navigator.userAgent, w1, w2, w3, w1_median: median(w1), w3_median: median(w3) };
  document.getElementById('out').textContent = JSON.stringify(result, null, 1);
  return result;
}

/**
 * The sampler on the GPU against the CPU (this build's kernels): W2's MLP and
 * Langevin step, chain-steps per second at 10³ to 10⁶ chains. Each backend runs
 * one warm-up dispatch (up to 10⁴ chains: beyond, one step on SwiftShader takes
 * a minute and the warm-up would dominate), then timed runs until 1 s has passed
 * (at least one).
 */
async function gpuSampler(data, { quick = false } = {}) {
  const { pkg } = await loadEngine('simd');
  const theta = Float32Array.from(data.params);
  const rows = [];
  let adapter = '';
  for (const chains of quick ? [1000, 10000] : [1000, 10000, 100000, 1000000]) {
    const spec = JSON.stringify({ energy: 'mlp', sizes: [2, 64, 64, 1], act: 'silu', sampler: 'langevin', chains, eps: 0.005, seed: 1 });
    const row = { chains };
    for (const backend of ['gpu', 'cpu']) {
      const s = await pkg.ChainSampler.create(spec, theta, backend);
      if (s.backend !== backend) { row.gpuReason = s.reason; s.free(); continue; }
      adapter ||= s.adapter;
      const steps = Math.max(1, Math.min(100, Math.round(1e6 / chains)));
      if (chains <= 10000) {
        s.run(1);
        await s.done();
      }
      let done = 0;
      const t0 = performance.now();
      do {
        s.run(steps);
        await s.done();
        done += steps;
      } while (performance.now() - t0 < (quick ? 100 : 1000));
      row[backend] = (chains * done * 1000) / (performance.now() - t0);
      s.free();
    }
    rows.push(row);
  }
  return { adapter, rows };
}

window.__bench = { run, gpuSampler };
