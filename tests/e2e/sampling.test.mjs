// "Samples from the model": the GPU backend where WebGPU works (SwiftShader
// with --enable-unsafe-webgpu), the CPU with a stated reason where it does not.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { openBrowser, watchedPage } from './helpers.mjs';

const WEBGPU = ['--enable-unsafe-webgpu'];
// A sampler that follows exp(−E) puts most of its chains where the energy is low:
// the share of drawn samples (inside the view) on heat-map cells below the grid's
// median energy is well above ½; a sampler that ignores the energy gives ≈ ½.
// Measured at training step ≥ 150 after 100 sampler steps, 1,000 chains: 0.75 on
// SwiftShader, 0.78–0.93 on the CPU; uniform samples of ~1,000 give 0.5 ± 0.016. Where the samples are relative to the *data* is
// no test of the sampler: run long, these chains leave the view, because an MLP
// trained by short-run ML is not confining away from the data (measured on the CPU
// with 1,000 chains: 10 of 1,000 outside [−3, 3]² at training step 215, 805 at 583).
const LOW_SHARE_BOUND = 0.65;
// Sampler steps (Langevin, ε = 0.05) before the check: the chains start uniform.
const SAMPLER_STEPS = 100;

/**
 * A page sampling `query`; `workerInit` (source text) runs first in the engine's
 * worker, where the engine, and so WebGPU, lives (an init script reaches only the page).
 */
async function sampledPage(args, query, workerInit = null) {
  const b = await openBrowser(args);
  const { page, errors } = await watchedPage(b.browser);
  if (workerInit) {
    await page.route('**/engine/worker.js', async (route) => {
      const res = await route.fetch();
      await route.fulfill({ response: res, body: `${workerInit}\n${await res.text()}` });
    });
  }
  await page.goto(`${b.base}?${query}`);
  await page.waitForFunction(() => window.__ebm?.sampler?.().drawn > 0, null, { timeout: 90_000 });
  const s = await page.evaluate(() => window.__ebm.sampler());
  return { b, page, errors, s };
}

/** The share of in-view samples on cells below the median grid energy, and how many were in view. */
async function shareOnLowEnergy(page, trainedSteps) {
  await page.waitForFunction((n) => window.__ebm?.step >= n, trainedSteps, { timeout: 120_000 });
  await page.waitForFunction((n) => window.__ebm?.sampler?.().steps >= n, SAMPLER_STEPS, { timeout: 120_000 });
  const { samples, grid } = await page.evaluate(async () => ({ samples: window.__ebm.samples(), grid: await window.__ebm.energyGrid() }));
  const [x0, x1, y0, y1] = grid.view;
  const median = [...grid.e].sort((a, b) => a - b)[Math.floor(grid.e.length / 2)];
  let inView = 0;
  let low = 0;
  for (let i = 0; i < samples.length; i += 2) {
    const c = Math.floor(((samples[i] - x0) / (x1 - x0)) * grid.n);
    const r = Math.floor(((samples[i + 1] - y0) / (y1 - y0)) * grid.n);
    if (c < 0 || c >= grid.n || r < 0 || r >= grid.n) continue;
    inView += 1;
    if (grid.e[r * grid.n + c] < median) low += 1;
  }
  return { share: low / inView, inView };
}

test('samples from the model run on the GPU where WebGPU works', async () => {
  const { b, page, errors, s } = await sampledPage(WEBGPU, 'chains=10000&backend=gpu');
  try {
    assert.equal(s.backend, 'gpu', s.status);
    assert.match(s.status, /^GPU · /);
    assert.ok(s.finite);
    assert.equal(s.drawn, 4096); // only the drawn chains come back
    // 10⁴ chains on SwiftShader reach 100 sampler steps only when training is far along
    // (step ≈ 1,800), where this model no longer holds them in the view: check where the
    // GPU's samples land with 10³ chains, which keep pace with training.
    await page.goto(page.url().replace('chains=10000', 'chains=1000'));
    const low = await shareOnLowEnergy(page, 150);
    console.log(`GPU samples: ${low.share.toFixed(3)} of ${low.inView} in view sit below the median energy`);
    assert.ok(low.inView >= 100 && low.share > LOW_SHARE_BOUND, `GPU samples do not follow the energy: ${JSON.stringify(low)}`);
    mkdirSync('target/e2e', { recursive: true });
    await page.screenshot({ path: 'target/e2e/sampling-gpu.png' });
    assert.deepEqual(errors, []);
  } finally {
    await b.close();
  }
});

test('without WebGPU the page samples on the CPU and says why', async () => {
  const noGpu = "Object.defineProperty(WorkerNavigator.prototype, 'gpu', { get: () => undefined });";
  const { b, page, errors, s } = await sampledPage(WEBGPU, 'chains=1000', noGpu);
  try {
    assert.equal(s.backend, 'cpu');
    assert.match(s.status, /^CPU · no GPU: this browser has no WebGPU/);
    assert.ok(s.finite);
    const low = await shareOnLowEnergy(page, 150);
    console.log(`CPU samples: ${low.share.toFixed(3)} of ${low.inView} in view sit below the median energy`);
    assert.ok(low.inView >= 100 && low.share > LOW_SHARE_BOUND, `CPU samples do not follow the energy: ${JSON.stringify(low)}`);
    // Live diagnostics of the reads (src/sampler/live.rs): after 8 reads, ESS per second and R̂.
    await page.waitForFunction(() => /ESS \d+ \(\d+\/s\) · R̂ \d/.test(window.__ebm.sampler().diagnostics?.summary ?? ''), null, { timeout: 30_000 });
    assert.match(await page.textContent('[data-role="sampler-diagnostics"]'), /R̂/);
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
    const g = await page.evaluate(async () => ({ ...window.__ebm.grid(), finite: await window.__ebm.finiteGrid() }));
    assert.equal(g.n, 256);
    assert.equal(g.backend, 'gpu');
    assert.match(g.status, /^heat map 256² on the GPU · /);
    assert.ok(g.finite);
    await page.screenshot({ path: 'target/e2e/heatmap-256-gpu.png' });
    assert.deepEqual(errors, []);
    await page.goto(`${b.base}?res=512&backend=cpu`);
    await page.waitForFunction(() => window.__ebm?.grid?.().n === 512 && window.__ebm.step > 2, null, { timeout: 90_000 });
    const c = await page.evaluate(async () => ({ ...window.__ebm.grid(), finite: await window.__ebm.finiteGrid() }));
    assert.equal(c.backend, 'cpu');
    assert.match(c.status, /^heat map 512² on the CPU · the CPU was asked for/);
    assert.ok(c.finite);
    assert.deepEqual(errors, [], 'console errors after the res=512 navigation');
  } finally {
    await b.close();
  }
});

test('a control change during a sampler or heat-map start cancels it: no stale status, no error', async () => {
  const b = await openBrowser(WEBGPU);
  try {
    const { page, errors } = await watchedPage(b.browser);
    // auto on the GPU measures both backends over several awaits: change the scene
    // twice meanwhile, then drop to 128² (which has no GPU start at all).
    await page.goto(`${b.base}?chains=10000&res=512&backend=auto&play=0`);
    await page.waitForFunction(() => window.__ebm?.ready === true);
    await page.selectOption('select[name="data"]', 'moons');
    await page.selectOption('select[name="data"]', 'rings');
    await page.selectOption('[data-role="res"]', '128');
    // The last start (10⁴ chains, 128²) settles; the superseded ones must stay silent.
    await page.waitForFunction(() => /^(CPU|GPU) · /.test(window.__ebm.sampler().status) && window.__ebm.sampler().drawn > 0, null, { timeout: 90_000 });
    await page.waitForTimeout(3000); // time for any stale start to report, if it wrongly could
    const s = await page.evaluate(() => ({ sampler: window.__ebm.sampler(), grid: window.__ebm.grid() }));
    assert.equal(s.grid.n, 128);
    assert.equal(s.grid.status, '', `a 128² map needs no status, got '${s.grid.status}'`);
    assert.doesNotMatch(s.sampler.status, /unavailable|stopped|null pointer/, s.sampler.status);
    assert.doesNotMatch(await page.textContent('#banner'), /error|null pointer/i);
    assert.match(await page.evaluate(() => location.search), /data=rings/);
    assert.deepEqual(errors, []);
  } finally {
    await b.close();
  }
});

test('a lost GPU device mid-run: the sampler replays its chains on the CPU and goes on, the heat map moves to the CPU, and the pane says so', async () => {
  // play=0: the energy stays put while the chains run, so the replay retraces them.
  const { b, page, errors, s } = await sampledPage(WEBGPU, 'chains=1000&backend=gpu&res=256&play=0');
  try {
    assert.equal(s.backend, 'gpu', s.status);
    await page.waitForFunction(() => window.__ebm.sampler().steps >= 30 && window.__ebm.grid().fromGpu, null, { timeout: 90_000 });
    const lostAt = await page.evaluate(() => window.__ebm.sampler().steps);
    await page.evaluate(() => window.__ebm.panes[0].loseDevice());
    // The CPU replays the GPU's steps from the same seed (tests/gpu.rs: within 1e-5 of its chains), then goes on.
    const done = /^CPU · the GPU device was lost \(.*\); its chains were replayed on the CPU to step (\d+) and go on there$/;
    await page.waitForFunction((re) => new RegExp(re).test(window.__ebm.sampler().status), done.source, { timeout: 90_000 });
    const after = await page.evaluate(() => ({ sampler: window.__ebm.sampler(), grid: window.__ebm.grid() }));
    const replayedTo = Number(done.exec(after.sampler.status)[1]);
    console.log(`lost at sampler step ${lostAt}; ${after.sampler.status}; ${after.grid.status}`);
    assert.ok(replayedTo >= lostAt, `replayed to ${replayedTo}, lost at ${lostAt}`);
    assert.equal(after.sampler.backend, 'cpu');
    assert.match(await page.textContent('[data-role="sampler-status"]'), /GPU device was lost/);
    await page.waitForFunction(() => window.__ebm.grid().backend === 'cpu' && !window.__ebm.grid().fromGpu, null, { timeout: 30_000 });
    assert.match(await page.evaluate(() => window.__ebm.grid().status), /^heat map back on the CPU: /);
    assert.ok(await page.evaluate(() => window.__ebm.finiteGrid()));
    // Training goes on, and the CPU's samples still follow the energy (the bound of the tests above).
    await page.click('[data-role="play"]');
    const low = await shareOnLowEnergy(page, 150);
    console.log(`after the lost device: ${low.share.toFixed(3)} of ${low.inView} in view sit below the median energy`);
    assert.ok(low.inView >= 100 && low.share > LOW_SHARE_BOUND, JSON.stringify(low));
    await page.screenshot({ path: 'target/e2e/sampling-lost-device.png' });
    assert.deepEqual(errors, []);
  } finally {
    await b.close();
  }
});
