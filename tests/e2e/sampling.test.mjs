// "Samples from the model": the GPU backend where WebGPU works (SwiftShader
// with --enable-unsafe-webgpu), the CPU with a stated reason where it does not.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { openBrowser, watchedPage } from './helpers.mjs';

const WEBGPU = ['--enable-unsafe-webgpu'];

async function sampledPage(args, query, init = null) {
  const b = await openBrowser(args);
  const { page, errors } = await watchedPage(b.browser);
  if (init) await page.addInitScript(init);
  await page.goto(`${b.base}?${query}`);
  await page.waitForFunction(() => window.__ebm?.sampler?.().drawn > 0, null, { timeout: 90_000 });
  const s = await page.evaluate(() => window.__ebm.sampler());
  return { b, page, errors, s };
}

test('samples from the model run on the GPU where WebGPU works', async () => {
  const { b, page, errors, s } = await sampledPage(WEBGPU, 'chains=10000&backend=gpu');
  try {
    assert.equal(s.backend, 'gpu', s.status);
    assert.match(s.status, /^GPU · /);
    assert.ok(s.finite);
    assert.equal(s.drawn, 4096); // only the drawn chains come back
    mkdirSync('target/e2e', { recursive: true });
    await page.waitForTimeout(1500);
    await page.screenshot({ path: 'target/e2e/sampling-gpu.png' });
    assert.deepEqual(errors, []);
  } finally {
    await b.close();
  }
});

test('without WebGPU the page samples on the CPU and says why', async () => {
  const noGpu = () => Object.defineProperty(Navigator.prototype, 'gpu', { get: () => undefined });
  const { b, errors, s } = await sampledPage(WEBGPU, 'chains=1000', noGpu);
  try {
    assert.equal(s.backend, 'cpu');
    assert.match(s.status, /^CPU · no GPU: this browser has no WebGPU/);
    assert.ok(s.finite);
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
  } finally {
    await plain.b.close();
  }
  const auto = await sampledPage(WEBGPU, 'chains=1000');
  try {
    // SwiftShader is usually slower than the SIMD CPU; either way the status says which and why.
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
  } finally {
    await b.close();
  }
});
