// "Samples from the model": the GPU backend where WebGPU works (SwiftShader
// with --enable-unsafe-webgpu), the CPU with a stated reason where it does not.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { openBrowser, watchedPage, meanNearestDistance, lattice } from './helpers.mjs';

const WEBGPU = ['--enable-unsafe-webgpu'];
// Samples that follow the energy sit closer to the spiral than a uniform lattice does
// (measured at step ≥ 150: 0.48 on the CPU, 0.69 on SwiftShader, which runs fewer
// sampler steps per frame); a sampler that ignores the energy stays near 1.
// Checked early on purpose: run long enough, these chains leave the view, because an
// MLP trained by short-run ML is not confining away from the data (measured on the
// CPU with 1,000 chains: 10 of 1,000 outside [−3, 3]² at step 215, 805 at step 583).
const RATIO_BOUND = 0.85;

async function sampledPage(args, query, init = null) {
  const b = await openBrowser(args);
  const { page, errors } = await watchedPage(b.browser);
  if (init) await page.addInitScript(init);
  await page.goto(`${b.base}?${query}`);
  await page.waitForFunction(() => window.__ebm?.sampler?.().drawn > 0, null, { timeout: 90_000 });
  const s = await page.evaluate(() => window.__ebm.sampler());
  return { b, page, errors, s };
}

/**
 * Where the samples land once the model has trained: their mean distance to the
 * nearest training point, as a fraction of the same for a uniform lattice over
 * the view [−3, 3]². Samples of a model that learned the spiral sit near it; a
 * sampler that ignores the energy (or draws garbage) stays near 1.
 */
async function closenessToData(page, trainedSteps) {
  await page.waitForFunction((n) => window.__ebm.step >= n, trainedSteps, { timeout: 120_000 });
  const { samples, data } = await page.evaluate(() => ({ samples: window.__ebm.samples(), data: window.__ebm.data() }));
  return meanNearestDistance(samples.slice(0, 2000), data) / meanNearestDistance(lattice(32, -3, 3), data);
}

test('samples from the model run on the GPU where WebGPU works', async () => {
  const { b, page, errors, s } = await sampledPage(WEBGPU, 'chains=10000&backend=gpu');
  try {
    assert.equal(s.backend, 'gpu', s.status);
    assert.match(s.status, /^GPU · /);
    assert.ok(s.finite);
    assert.equal(s.drawn, 4096); // only the drawn chains come back
    const ratio = await closenessToData(page, 150);
    console.log(`GPU samples: mean distance to the data ${ratio.toFixed(3)} × a uniform lattice's`);
    assert.ok(ratio < RATIO_BOUND, `GPU samples are not near the data: ratio ${ratio}`);
    mkdirSync('target/e2e', { recursive: true });
    await page.screenshot({ path: 'target/e2e/sampling-gpu.png' });
    assert.deepEqual(errors, []);
  } finally {
    await b.close();
  }
});

test('without WebGPU the page samples on the CPU and says why', async () => {
  const noGpu = () => Object.defineProperty(Navigator.prototype, 'gpu', { get: () => undefined });
  const { b, page, errors, s } = await sampledPage(WEBGPU, 'chains=1000', noGpu);
  try {
    assert.equal(s.backend, 'cpu');
    assert.match(s.status, /^CPU · no GPU: this browser has no WebGPU/);
    assert.ok(s.finite);
    const ratio = await closenessToData(page, 150);
    console.log(`CPU samples: mean distance to the data ${ratio.toFixed(3)} × a uniform lattice's`);
    assert.ok(ratio < RATIO_BOUND, `CPU samples are not near the data: ratio ${ratio}`);
    assert.deepEqual(errors, []);
  } finally {
    await b.close();
  }
});

test('with no adapter, or by choice, the CPU runs; on auto the faster backend is picked and named', async () => {
  const plain = await sampledPage([], 'chains=1000&backend=gpu');
  try {
    assert.equal(plain.s.backend, 'cpu');
    assert.match(plain.s.status, /^CPU · no GPU: WebGPU is present but requestAdapter\(\) returned null/);
    assert.deepEqual(plain.errors, []);
  } finally {
    await plain.b.close();
  }
  const auto = await sampledPage(WEBGPU, 'chains=1000');
  try {
    // The only adapter on a machine without a GPU is SwiftShader, measured about 40× slower
    // than the SIMD CPU (README, bench): there auto must pick the CPU and say why. On a real
    // GPU either may win, and the status must name the winner.
    const adapter = await auto.page.evaluate(async () => {
      const a = await navigator.gpu.requestAdapter();
      return { fallback: a.info?.isFallbackAdapter ?? a.isFallbackAdapter, description: `${a.info.vendor} ${a.info.architecture} ${a.info.description}` };
    });
    const software = adapter.fallback || /swiftshader/i.test(adapter.description);
    if (software) assert.equal(auto.s.backend, 'cpu', `${adapter.description}: ${auto.s.status}`);
    const ok = auto.s.backend === 'gpu' ? /^GPU · .* chain-steps\/s$/ : /^CPU · the CPU is faster at this size/;
    assert.match(auto.s.status, ok);
    assert.deepEqual(auto.errors, []);
  } finally {
    await auto.b.close();
  }
});

test('large heat maps come from the GPU where asked, and say where they come from', async () => {
  const b = await openBrowser(WEBGPU);
  try {
    const { page, errors } = await watchedPage(b.browser);
    await page.goto(`${b.base}?res=256&backend=gpu`);
    await page.waitForFunction(() => window.__ebm?.grid?.().fromGpu && window.__ebm.step > 5, null, { timeout: 90_000 });
    const g = await page.evaluate(() => ({ ...window.__ebm.grid(), finite: window.__ebm.finiteGrid() }));
    assert.equal(g.n, 256);
    assert.equal(g.backend, 'gpu');
    assert.match(g.status, /^heat map 256² on the GPU · /);
    assert.ok(g.finite);
    await page.screenshot({ path: 'target/e2e/heatmap-256-gpu.png' });
    assert.deepEqual(errors, []);
    await page.goto(`${b.base}?res=512&backend=cpu`);
    await page.waitForFunction(() => window.__ebm?.grid?.().n === 512 && window.__ebm.step > 2, null, { timeout: 90_000 });
    const c = await page.evaluate(() => ({ ...window.__ebm.grid(), finite: window.__ebm.finiteGrid() }));
    assert.equal(c.backend, 'cpu');
    assert.match(c.status, /^heat map 512² on the CPU · the CPU was asked for/);
    assert.ok(c.finite);
    assert.deepEqual(errors, [], 'console errors after the res=512 navigation');
  } finally {
    await b.close();
  }
});
