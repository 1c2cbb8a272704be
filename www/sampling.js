// "Samples from the model": one ChainSampler (GPU or CPU backend, see
// src/wasm/sampler.rs) running the scene's sampler on the current energy, a few
// steps per frame, reading back only the chains that are drawn.

/** Chains read back and drawn, whatever the number sampled. */
export const DRAWN = 4096;
/** Frame budget for the CPU backend's steps, in ms (training has the rest). */
const CPU_BUDGET_MS = 4;
/** The same while the CPU replays a lost GPU device's steps (src/wasm/sampler.rs), and its most steps per frame. */
const REPLAY_BUDGET_MS = 12;
const REPLAY_MOST = 500;
/** How long a failed GPU read waits for the device's loss to be reported before it stops the sampler. */
const LOST_WAIT_MS = 2000;

/**
 * Which backend to keep. `requested` is 'auto', 'gpu' or 'cpu'; `gpuReason` is
 * why the GPU backend could not start (empty if it did); `rates` are measured
 * chain-steps per second ({ gpu, cpu }, either may be missing).
 */
export function chooseBackend(requested, gpuReason, rates = {}) {
  if (requested === 'cpu') return { backend: 'cpu', reason: 'the CPU was asked for (backend=cpu)' };
  if (gpuReason) return { backend: 'cpu', reason: `no GPU: ${gpuReason}` };
  if (requested === 'gpu' || !(rates.cpu > 0) || !(rates.gpu > 0)) return { backend: 'gpu', reason: '' };
  if (rates.gpu >= rates.cpu) return { backend: 'gpu', reason: '' };
  const gpu = `${rates.gpuAtMost ? 'under ' : ''}${formatRate(rates.gpu)}`;
  return {
    backend: 'cpu',
    reason: `the CPU is faster at this size (${formatRate(rates.cpu)} vs ${gpu} chain-steps/s on the GPU)`,
  };
}

/**
 * Resolves with `work()`'s value, or with `null` once `ms` have passed: a slow
 * backend (one step of 10⁶ chains takes a minute on a software adapter) must
 * not hold the choice up. A late rejection of the abandoned work is swallowed.
 */
export function within(ms, work) {
  const p = work();
  p.catch(() => {});
  return Promise.race([p, new Promise((ok) => setTimeout(() => ok(null), ms))]);
}

export function formatRate(r) {
  if (r >= 1e6) return `${(r / 1e6).toFixed(1)} M`;
  if (r >= 1e3) return `${(r / 1e3).toFixed(0)} k`;
  return r.toFixed(0);
}

/** Steps per frame that fit `budgetMs` at `rate` chain-steps/s (1 to `most`). */
export function stepsPerFrame(rate, chains, budgetMs, most = 20) {
  if (!(rate > 0)) return 1;
  return Math.max(1, Math.min(most, Math.floor((rate * budgetMs) / 1000 / chains)));
}

/** Chain-steps per second of `steps` steps: the CPU's work ends with `run`, the GPU's when `done()` resolves. */
async function timeRun(sampler, chains, steps) {
  const t0 = performance.now();
  sampler.run(steps); // throws once a slow, abandoned sampler has been freed: within() swallows it
  if (sampler.backend === 'gpu') await sampler.done();
  return (chains * steps * 1000) / Math.max(performance.now() - t0, 0.01);
}

/** Thrown inside a start that a newer start has replaced. */
const SUPERSEDED = Symbol('superseded');

export class Sampling {
  constructor(pkg) {
    this.pkg = pkg;
    this.sampler = null;
    this.positions = null;
    this.acceptance = NaN;
    this.status = '';
    this.busy = false;
    this.frames = 0;
    this.generation = 0;
    this.trace = null; // SamplerTrace: live diagnostics of the reads
    this.diagnostics = null;
  }

  /**
   * (Re)starts sampling `chains` chains of `pg`'s model; 0 stops. A newer start
   * (a control change) cancels this one at its next await: what it made is freed,
   * `pg` (maybe freed by then) is not touched again, and it reports nothing.
   */
  async start(pg, chains, requested) {
    const generation = ++this.generation;
    const owned = new Set();
    // After every await: still the current start? If not, free what this one made and stop quietly.
    const current = (...made) => {
      made.forEach((o) => owned.add(o));
      if (generation === this.generation) return;
      owned.forEach((o) => o.free());
      throw SUPERSEDED;
    };
    try {
      await this.#start(pg, chains, requested, current, owned);
    } catch (e) {
      if (e === SUPERSEDED) return;
      owned.forEach((o) => { if (o !== this.sampler) o.free(); });
      if (generation === this.generation) this.status = `sampler unavailable: ${e.message ?? e}`;
    }
  }

  async #start(pg, chains, requested, current, owned) {
    this.stop();
    this.status = '';
    if (chains === 0) return;
    const spec = pg.samplerSpec(chains);
    if (!spec) {
      this.status = 'sampling runs on the MLP energy (model=mlp)';
      return;
    }
    this.status = 'starting the sampler…';
    const theta = pg.theta();
    let s = await this.pkg.ChainSampler.create(spec, theta, requested === 'cpu' ? 'cpu' : 'gpu');
    current(s);
    const rates = {};
    if (requested === 'auto' && s.backend === 'gpu') {
      // The CPU first, on up to 2,048 chains (its cost is linear in the chains);
      // then the GPU at this size, one warm-up dispatch and a timed one, given
      // twice the time the CPU would need for the same four steps (≥ 250 ms).
      const few = Math.min(chains, 2048);
      // A fresh sampler's first run is several times slower (measured ~10 ms
      // against 2–4 ms for 2 steps of 2,048 chains): warm it, then keep the best of three.
      const probe = await this.pkg.ChainSampler.create(pg.samplerSpec(few), theta, 'cpu');
      current(probe);
      await timeRun(probe, few, 1);
      rates.cpu = Math.max(await timeRun(probe, few, 2), await timeRun(probe, few, 2), await timeRun(probe, few, 2));
      current();
      probe.free();
      owned.delete(probe);
      const budget = Math.max(250, (2 * 4 * chains * 1000) / rates.cpu);
      const gpu = s;
      rates.gpu = await within(budget, async () => {
        await timeRun(gpu, chains, 1);
        return timeRun(gpu, chains, 3);
      });
      current();
      if (rates.gpu === null) Object.assign(rates, { gpu: (4 * chains * 1000) / budget, gpuAtMost: true });
    }
    const choice = chooseBackend(requested, s.backend === 'gpu' ? '' : s.reason, rates);
    if (choice.backend === 'cpu' && s.backend === 'gpu') {
      s.free(); // its GPU device goes with it, now rather than at garbage collection
      owned.delete(s);
      s = await this.pkg.ChainSampler.create(spec, theta, 'cpu');
      current(s);
    }
    this.sampler = s;
    this.chains = chains;
    // A lost device leaves a pending read unsettled: stop waiting for it, and let the
    // next frame's run() move the chains to the CPU (src/wasm/sampler.rs).
    s.whenLost()?.then(() => {
      if (this.sampler !== s) return;
      this.busy = false;
      this.onRead?.();
    });
    this.spec = spec;
    this.trace = new this.pkg.SamplerTrace(spec); // live acceptance, ESS/s and R̂ of its reads
    this.rate = choice.backend === 'gpu' ? rates.gpu : rates.cpu;
    this.status = s.backend === 'gpu'
      ? `GPU · ${s.adapter}${rates.gpu ? ` · ${formatRate(rates.gpu)} chain-steps/s` : ''}`
      : `CPU · ${choice.reason || s.reason}`;
  }

  /** One frame: fresh parameters now and then, a few steps, one read when the last is in. */
  frame(pg) {
    const s = this.sampler;
    if (!s || this.busy) return;
    if (this.frames++ % 10 === 0) {
      const theta = pg.theta(); // empty for a fixed target energy: nothing to refresh
      if (theta.length > 0) s.setTheta(theta);
    }
    const t0 = performance.now();
    const onGpu = s.backend === 'gpu';
    const behind = onGpu ? 0 : s.behind;
    const steps = onGpu ? 5
      : behind > 0 ? Math.min(behind, stepsPerFrame(this.rate, this.chains, REPLAY_BUDGET_MS, REPLAY_MOST))
        : stepsPerFrame(this.rate, this.chains, CPU_BUDGET_MS);
    s.run(steps);
    if (onGpu && s.backend === 'cpu') {
      // A lost GPU device moved the sampler to the CPU inside run(), which then ran
      // no step: say so, and let the next frame measure the CPU with one step.
      this.status = `CPU · ${s.reason}`;
      this.rate = 0;
      // The diagnostics start again with the replayed chains (reads during the replay are not traced).
      this.trace?.free();
      this.trace = new this.pkg.SamplerTrace(this.spec);
      this.diagnostics = null;
    } else if (s.backend === 'cpu') {
      this.rate = (this.chains * steps * 1000) / Math.max(performance.now() - t0, 0.01);
      if (behind > 0) this.status = `CPU · ${s.reason}`; // the replay's progress, then its end
    }
    this.busy = true;
    // A read of a sampler replaced meanwhile settles late: it must not touch the new one;
    // nor one of a GPU lost meanwhile (the chains are on the CPU now).
    const fromGpu = s.backend === 'gpu';
    s.read(DRAWN).then(
      (r) => {
        if (this.sampler !== s || (fromGpu && s.backend === 'cpu')) return; // a lost device's late read
        this.positions = r.positions;
        this.acceptance = r.acceptance;
        if (this.trace && s.behind === 0) {
          this.trace.push(r.positions, performance.now());
          this.diagnostics = JSON.parse(this.trace.report(r.acceptance));
        }
        this.busy = false;
        this.onRead?.();
      },
      (e) => {
        // A read the lost device failed: the chains went on on the CPU.
        if (this.sampler !== s || (fromGpu && s.backend === 'cpu')) return;
        const stop = () => {
          if (this.sampler !== s) return;
          this.status = `sampler stopped: ${e.message ?? e}`;
          this.stop();
          this.onRead?.();
        };
        // A lost device fails its pending read before its `lost` promise settles:
        // give that a moment, and let it move the chains to the CPU instead.
        const lost = fromGpu ? s.whenLost() : null;
        if (lost) within(LOST_WAIT_MS, () => lost).then((info) => { if (info === null) stop(); });
        else stop();
      },
    );
  }

  stop() {
    // Safe while a read is pending: the read owns its own handles (src/gpu/chains.rs).
    this.sampler?.free();
    this.sampler = null;
    this.trace?.free();
    this.trace = null;
    this.diagnostics = null;
    this.positions = null;
    this.acceptance = NaN;
    this.busy = false;
  }
}
