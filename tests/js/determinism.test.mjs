// The same config gives bit-identical state natively (the CLI) and in both wasm
// builds (loaded in Node from www/pkg). Needs `scripts/build-wasm` and
// `cargo build --release --features cli` first (scripts/test does both).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';

const CONFIGS = [
  'data=spiral&seed=7&k=10&batch=64',
  // v=1 links draw batches with replacement and keep doing so in every build.
  'v=1&data=moons&neg=pcd&sampler=mala&buffer=500&batch=64&k=5',
  'data=moons&neg=pcd&sampler=mala&buffer=500&batch=64&k=5',
  'data=circle&neg=cd&sampler=hmc&act=tanh&opt=momentum&batch=32&k=3',
  'data=gaussians&loss=exact&grid=32&batch=64',
  // The other losses: score matching runs MlpTaylor, NCE the fitted Gaussian.
  'data=gaussians&loss=ssm&batch=32',
  'data=moons&loss=nce&batch=64',
  'data=circle&loss=hinge&neg=corrupt&batch=32',
  // Models with their own rule: the latent codes (free energies, Net), K-means' F_β, the DAE.
  'model=codes&data=spiral&clusters=6&batch=64&zloss=marginal&free=beta',
  'model=kmeans&data=moons&rule=stochastic&free=beta&beta=3',
  'model=dae&data=rings&batch=32',
];
const STEPS = 12;
const CLI = process.env.EBM_CLI ?? 'target/release/ebm';

async function load(flavour) {
  const pkg = await import(`../../www/pkg/${flavour}/ebm_playground.js`);
  await pkg.default({ module_or_path: readFileSync(`www/pkg/${flavour}/ebm_playground_bg.wasm`) });
  return pkg;
}

for (const query of CONFIGS) {
  test(`native, simd and scalar builds agree bit for bit on ${query}`, async () => {
    const native = JSON.parse(execFileSync(CLI, ['train', '--query', query, '--steps', String(STEPS)], { encoding: 'utf8' }));
    for (const flavour of ['simd', 'scalar']) {
      const pkg = await load(flavour);
      const pg = new pkg.Playground(query);
      pg.train(STEPS);
      assert.equal(pg.stateHash(), native.state_hash, `${flavour} vs native`);
      pg.free();
    }
  });
}

test('the simd package runs SIMD kernels and the scalar one does not', async () => {
  assert.equal((await load('simd')).buildKind(), 'simd128');
  assert.equal((await load('scalar')).buildKind(), 'scalar');
});

test('a different seed gives a different state', async () => {
  const pkg = await load('simd');
  const a = new pkg.Playground('seed=1');
  const b = new pkg.Playground('seed=2');
  a.train(3);
  b.train(3);
  assert.notEqual(a.stateHash(), b.stateHash());
});
