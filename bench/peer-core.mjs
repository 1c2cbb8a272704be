// Our wasm package behind the peer contract of shared/bench/peers (its README):
// heatmap, langevin, train_step, energy_grad, loss_grad over the fixed MLP
// 2 -> 64 -> 64 -> 1 (SiLU). One factory, one module per build flavour.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const SIZES = new Uint32Array([2, 64, 64, 1]);
const ALPHA = 0.1; // the contract's L2 energy regulariser

export function makePeer(flavour) {
  let pkg = null;
  let model = null;
  let out = null;
  const energy = (weights) => {
    if (!model) model = new pkg.MlpEnergy(SIZES, 'silu', weights);
    else model.setParams(weights);
    return model;
  };
  return {
    info: { name: `ours-${flavour}`, kind: 'wasm', threads: 1, notes: `EBM Playground wasm, ${flavour} build` },
    async init() {
      pkg = await import(join(ROOT, 'www/pkg', flavour, 'ebm_playground.js'));
      await pkg.default({ module_or_path: readFileSync(join(ROOT, 'www/pkg', flavour, 'ebm_playground_bg.wasm')) });
      return { notes: `kernels: ${pkg.buildKind()}` };
    },
    heatmap(weights, n, lo, hi) {
      if (!out || out.length !== n * n) out = new Float32Array(n * n);
      energy(weights).heatmap(n, lo, hi, out);
      return out;
    },
    // Contract: y <- y - (eps/2) grad E + sqrt(eps) xi, i.e. our Langevin at step eps/2, beta 1.
    langevin(weights, chains, steps, eps, seed) {
      energy(weights).langevin(chains, steps, eps / 2, 1, seed);
      return chains;
    },
    train_step(params, m, v, t, pos, neg, lr) {
      const e = energy(params);
      const loss = e.adamStep(m, v, t, pos, neg, ALPHA, lr);
      e.copyParams(params);
      return loss;
    },
    energy_grad(weights, points) {
      const g = new Float32Array(points.length);
      energy(weights).energyGrad(points, g);
      return g;
    },
    loss_grad(weights, pos, neg) {
      const g = new Float32Array(weights.length);
      const loss = energy(weights).lossGrad(pos, neg, ALPHA, g);
      const res = new Float32Array(1 + g.length);
      res[0] = loss;
      res.set(g, 1);
      return res;
    },
  };
}
