import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Sampling, chooseBackend, formatRate, stepsPerFrame, within } from '../../www/sampling.js';

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

/** A stand-in for the wasm ChainSampler: records its runs, frees and backend. */
function fakeSampler(backend, { loseOnRun = false } = {}) {
  return {
    backend, reason: '', adapter: 'fake', runs: [], freed: false, step: 0,
    replayTo: 0,
    get behind() { return this.backend === 'cpu' ? Math.max(0, this.replayTo - this.step) : 0; },
    run(steps) {
      if (loseOnRun && this.backend === 'gpu') {
        // As src/wasm/sampler.rs does: a lost device moves the job to the CPU, no step run,
        // and the CPU replays the GPU's steps (here 40) from the first.
        this.backend = 'cpu';
        this.reason = 'the GPU device was lost';
        this.replayTo = 40;
        this.step = 0;
        return;
      }
      this.runs.push(steps);
      this.step += steps;
    },
    whenLost: () => (backend === 'gpu' ? new Promise(() => {}) : undefined),
    read: async () => ({ positions: new Float32Array(2), acceptance: 1 }),
    setTheta() {},
    free() { this.freed = true; },
  };
}

/** A stand-in for the wasm SamplerTrace. */
class FakeTrace {
  push() {}
  report() { return '{}'; }
  free() {}
}

test('after a lost GPU device the next frame runs one CPU step, not a GPU-sized plan, then replays the GPU\'s steps', async () => {
  const s = new Sampling({ SamplerTrace: FakeTrace });
  const gpu = fakeSampler('gpu', { loseOnRun: true });
  Object.assign(s, { sampler: gpu, chains: 1e6, rate: 5e9 }); // a fast GPU's measured rate
  const pg = { theta: () => new Float32Array(0) };
  s.frame(pg);
  assert.equal(s.status, 'CPU · the GPU device was lost');
  await new Promise((ok) => setTimeout(ok, 0)); // the read settles
  s.frame(pg);
  // At 5e9 chain-steps/s the 4 ms plan would be 20 steps over 10⁶ chains: seconds on a CPU.
  assert.deepEqual(gpu.runs, [1]);
  // Then the replay, measured: never past the GPU's step 40, then the usual CPU plan.
  Object.assign(s, { chains: 1000 });
  for (let i = 0; i < 6; i++) {
    await new Promise((ok) => setTimeout(ok, 0));
    s.rate = 2e6; // 2,000 steps/s of 1,000 chains: 24 steps in the replay's 12 ms, 8 in the usual 4 ms
    s.frame(pg);
  }
  assert.deepEqual(gpu.runs, [1, 24, 15, 8, 8, 8, 8]);
  assert.equal(s.status, 'CPU · the GPU device was lost');
});

test('a newer start cancels an older one at its next await: the older sampler is freed, its status never shown', async () => {
  const made = [];
  const pkg = {
    ChainSampler: {
      create: async (spec, theta, backend) => {
        await new Promise((ok) => setTimeout(ok, 20));
        const f = fakeSampler(backend);
        made.push(f);
        return f;
      },
    },
  };
  const s = new Sampling(pkg);
  const pg = { samplerSpec: () => '{}', theta: () => new Float32Array(0) };
  const first = s.start(pg, 1000, 'cpu');
  const second = s.start(pg, 0, 'cpu'); // the user switched sampling off meanwhile
  await Promise.all([first, second]);
  assert.equal(made.length, 1);
  assert.equal(made[0].freed, true, 'the superseded start frees what it made');
  assert.equal(s.sampler, null);
  assert.equal(s.status, '');
});
