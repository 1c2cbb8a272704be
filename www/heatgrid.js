// The heat map's energies: the Playground itself at the default 128², or an
// EnergyGrid (src/wasm/grid.rs: the GPU, with the CPU as fallback) for larger
// maps of the MLP energy. Same backend rules as the sampler: `backend=auto`
// keeps the GPU only where it measured faster.

import { within } from './sampling.js';

/** Heat-map sizes the page offers. */
export const RES_CHOICES = [128, 256, 512];
/** The first frame of a new scene is at most this coarse grid, so a change shows at
 * once (a quarter of 128²'s work); the full map follows in the next frame. */
const QUICK_N = 64;

export class GridSource {
  constructor(pkg) {
    this.pkg = pkg;
    this.grid = null;
    this.n = 128;
    this.latest = null;
    this.busy = false;
    this.status = '';
    this.generation = 0;
  }

  /**
   * Chooses where the n² energies of `pg` come from. A newer start cancels this
   * one at its next await: it frees its grid, does not touch `pg` (maybe freed by
   * then) and says nothing, so an old 512² start cannot label a new 128² map.
   */
  async start(pg, n, requested) {
    const generation = ++this.generation;
    let g = null;
    try {
      g = await this.#start(pg, n, requested, () => generation === this.generation);
    } catch (e) {
      if (generation === this.generation) this.status = `heat map on the CPU: ${e.message ?? e}`;
    }
    if (g && g !== this.grid) g.free();
  }

  /** Returns the grid it made, for start() to free unless it was adopted. */
  async #start(pg, n, requested, current) {
    this.stop();
    this.n = n;
    this.status = '';
    if (n <= 128) return null;
    const cpu = (why) => {
      if (current()) this.status = `heat map ${n}² on the CPU · ${why}`;
    };
    if (requested === 'cpu') return cpu('the CPU was asked for (backend=cpu)');
    const spec = pg.samplerSpec(1);
    if (!spec) return cpu('the GPU grid draws the MLP energy (model=mlp)');
    const g = await this.pkg.EnergyGrid.create(spec, pg.theta(), n, 'gpu');
    if (!current()) return g;
    if (g.backend !== 'gpu') {
      g.free();
      return cpu(`no GPU: ${g.reason}`);
    }
    if (requested === 'auto') {
      // A warm-up CPU grid and a timed one, then the GPU's warm-up grid and a timed
      // one, given four times the CPU's time (at least 250 ms): a slow adapter must
      // not hold the page.
      pg.render(n);
      let t0 = performance.now();
      pg.render(n);
      const cpuMs = performance.now() - t0;
      const budget = Math.max(250, 4 * cpuMs);
      const theta = pg.theta(); // read now: after an await, pg may belong to an old scene
      const gpuMs = await within(budget, async () => {
        await g.energies(theta);
        t0 = performance.now();
        await g.energies(theta);
        return performance.now() - t0;
      });
      if (!current()) return g;
      if (gpuMs === null || cpuMs <= gpuMs) {
        g.free();
        const gpu = gpuMs === null ? `over ${budget.toFixed(0)} ms for a warm-up and a timed grid` : `${gpuMs.toFixed(0)} ms`;
        return cpu(`faster here (${cpuMs.toFixed(0)} ms against ${gpu} on the GPU)`);
      }
    }
    this.grid = g;
    this.status = `heat map ${n}² on the GPU · ${g.adapter}`;
    // A lost device never answers a pending grid: the CPU draws from the next frame on.
    const generation = this.generation;
    g.whenLost()?.then((info) => {
      // A pending grid may have failed first (and stopped this one): the loss still names why.
      if (generation !== this.generation) return;
      this.stop();
      this.status = `heat map back on the CPU: the GPU device was lost (${info?.message || 'no reason given'})`;
      this.onLost?.();
    });
    return g;
  }

  /**
   * Fills `pg`'s frame and returns its n: from the GPU's latest grid when there is
   * one, else on the CPU; `quick` (a new scene's first frame): at most QUICK_N².
   */
  frame(pg, quick = false) {
    const g = this.grid;
    if (quick || !g) {
      const n = quick ? Math.min(this.n, QUICK_N) : this.n;
      pg.render(n);
      return n;
    }
    if (!this.busy) {
      this.busy = true;
      g.energies(pg.theta()).then(
        (e) => {
          if (this.grid !== g) return;
          this.latest = e;
          this.busy = false;
        },
        (err) => {
          if (this.grid !== g) return;
          this.status = `heat map back on the CPU: ${err.message ?? err}`;
          this.stop();
        },
      );
    }
    if (this.latest) pg.paint(this.latest);
    else pg.render(this.n);
    return this.n;
  }

  stop() {
    this.grid?.free();
    this.grid = null;
    this.latest = null;
    this.busy = false;
  }
}
