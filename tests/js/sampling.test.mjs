import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chooseBackend, formatRate, stepsPerFrame, within } from '../../www/sampling.js';

test('the GPU is kept only where it is faster, unless a backend is asked for', () => {
  assert.deepEqual(chooseBackend('auto', '', { gpu: 2e6, cpu: 1e6 }), { backend: 'gpu', reason: '' });
  const slow = chooseBackend('auto', '', { gpu: 2e5, cpu: 1.3e6 });
  assert.equal(slow.backend, 'cpu');
  assert.match(slow.reason, /CPU is faster at this size \(1\.3 M vs 200 k chain-steps\/s on the GPU\)/);
  assert.equal(chooseBackend('gpu', '', { gpu: 1, cpu: 1e9 }).backend, 'gpu');
  assert.equal(chooseBackend('cpu', '', { gpu: 1e9, cpu: 1 }).backend, 'cpu');
});

test('without a GPU the reason says why, whatever was asked', () => {
  for (const asked of ['auto', 'gpu']) {
    const c = chooseBackend(asked, 'this browser has no WebGPU (navigator.gpu is missing)');
    assert.equal(c.backend, 'cpu');
    assert.match(c.reason, /^no GPU: this browser has no WebGPU/);
  }
});

test('steps per frame fit the budget and stay in 1..20', () => {
  // 1.2 M chain-steps/s, 4 ms: 4,800 chain-steps, so 4 steps of 1,000 chains.
  assert.equal(stepsPerFrame(1.2e6, 1000, 4), 4);
  assert.equal(stepsPerFrame(1.2e6, 1e6, 4), 1);
  assert.equal(stepsPerFrame(1e9, 10, 4), 20);
  assert.equal(stepsPerFrame(NaN, 10, 4), 1);
  assert.equal(formatRate(950), '950');
});

test('a slow backend is abandoned after its time budget, and its late failure is swallowed', async () => {
  const slow = () => new Promise((_, fail) => setTimeout(() => fail(new Error('device destroyed')), 60));
  assert.equal(await within(10, slow), null);
  assert.equal(await within(100, async () => 7), 7);
  await new Promise((ok) => setTimeout(ok, 80)); // the rejection lands here, unhandled would fail the run
  const bound = chooseBackend('auto', '', { cpu: 1.2e6, gpu: 4e4, gpuAtMost: true });
  assert.match(bound.reason, /1\.2 M vs under 40 k chain-steps\/s on the GPU/);
});
