// A quick look at our own builds only (no peers), for tuning between full runs:
//   node bench/quick.mjs [simd|scalar]   (needs scripts/build-wasm and one scripts/bench run for the data)
import { readFileSync } from 'node:fs';
import { makePeer } from './peer-core.mjs';

const flavour = process.argv[2] ?? 'simd';
const d = JSON.parse(readFileSync('target/bench/peers/data/ebm_data.json', 'utf8'));
const f = (k) => Float32Array.from(d[k]);
const peer = makePeer(flavour);
await peer.init();
const best = (fn, reps) => {
  fn();
  let b = Infinity;
  for (let r = 0; r < reps; r++) {
    const t = performance.now();
    fn();
    b = Math.min(b, performance.now() - t);
  }
  return b;
};
const params = f('params');
const w1 = best(() => peer.heatmap(params, 256, -3, 3), 7);
const w2 = best(() => peer.langevin(params, f('chains_init'), 100, 0.01, 1), 3);
const p = params.slice();
const m = new Float32Array(p.length);
const v = new Float32Array(p.length);
let t = 0;
const w3 = best(() => { for (let i = 0; i < 50; i++) peer.train_step(p, m, v, ++t, f('train_pos'), f('train_neg'), 1e-3); }, 5) / 50;
console.log(`${flavour}: W1 ${w1.toFixed(1)} ms | W2 ${(409600 / w2 / 1e3).toFixed(2)} M chain-steps/s | W3 ${(1000 / w3).toFixed(0)} steps/s`);
