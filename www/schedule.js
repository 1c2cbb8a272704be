// What play, pause and step mean across panes: each worker trains while its
// step is below the `until` the page grants. Linked, every pane is granted the
// slowest pane's step plus a little of its work, so all stay at one step count
// and a pause stops them together; unlinked, a playing pane is granted
// "forever" and runs alone.

/** A step count no run reaches: "train until paused". */
const FOREVER = 2 ** 31;
/** Linked panes are granted this much of the slowest pane's work at a time (seconds). */
const LINKED_LEAD_S = 0.1;
/** The rate assumed for a pane that has not measured its own yet (steps/s). */
const UNMEASURED_RATE = 60;

export class Schedule {
  /** panes: the page's live array of panes (each with step, until, rate, playing, run(n)). */
  constructor(panes, linked) {
    this.panes = panes;
    this.linked = linked;
    this.playing = false; // linked: the whole page plays
    this.target = 0; // linked: the step every pane trains to
  }

  anyPlaying() {
    return this.linked ? this.playing : this.panes.some((p) => p.playing);
  }

  /** Play or pause: every pane when linked, else `p` alone. */
  setPlaying(p, on) {
    if (this.linked) {
      this.playing = on;
      for (const q of this.panes) q.playing = on;
      if (on) this.grant();
    } else {
      p.playing = on;
      p.run(on ? FOREVER : p.step);
    }
  }

  /** Linked and playing: let every pane train to the slowest one's step plus a little of its work. */
  grant() {
    if (!this.linked || !this.playing) return;
    const slowest = Math.min(...this.panes.map((p) => p.step));
    const rate = Math.min(...this.panes.map((p) => p.rate || UNMEASURED_RATE));
    const next = Math.max(this.target, slowest + Math.max(1, Math.round(rate * LINKED_LEAD_S)));
    if (next !== this.target) {
      this.target = next;
      for (const p of this.panes) p.run(this.target);
    }
  }

  /** One step more: of every pane when linked (paused first), else of `p`. */
  step(p) {
    if (this.linked) {
      this.setPlaying(p, false);
      this.target = Math.max(this.target, ...this.panes.map((q) => Math.max(q.step, q.until))) + 1;
      for (const q of this.panes) q.run(this.target);
    } else {
      p.playing = false;
      p.run(Math.max(p.step, p.until) + 1);
    }
  }

  /** Pauses, then trains every pane to exactly step n. */
  runTo(n) {
    this.playing = false;
    this.target = n;
    for (const p of this.panes) {
      p.playing = false;
      p.run(n);
    }
  }

  /** `which` restart at step 0, paused; a linked page restarts together. */
  restart(which) {
    if (this.linked) {
      this.playing = false;
      this.target = 0;
    }
    for (const p of which) p.playing = false;
  }

  /** A pane that joins (added, or restarted after its engine died) catches up with linked panes. */
  join(p) {
    p.playing = this.linked && this.playing;
    if (this.linked) p.run(Math.max(this.target, ...this.panes.map((q) => q.step)));
  }

  /** Linking lines every pane up at the furthest step; unlinking leaves each where it is. */
  setLinked(on) {
    const wasPlaying = this.anyPlaying();
    for (const p of this.panes) {
      p.playing = false;
      p.run(p.step);
    }
    this.playing = false;
    this.linked = on;
    this.target = Math.max(...this.panes.map((p) => p.step));
    if (on) for (const p of this.panes) p.run(this.target);
    if (wasPlaying) {
      if (on) this.setPlaying(this.panes[0], true);
      else for (const p of this.panes) this.setPlaying(p, true);
    }
  }
}

/**
 * The share of a pane's worker time that frames may take. A pane with a core
 * of its own (the page's main thread keeps one) gets half: 60 frames a second
 * with every view on at 128² (bench/views.mjs). Panes that share cores get
 * less, so that training keeps its pace: measured on 2 cores, two panes at a
 * share of 0.5 made 1.13× the steps of one pane, at 0.3 1.39×.
 */
export function frameShare(panes, cores) {
  const spare = Math.max(1, (cores || 2) - 1);
  return Math.max(0.1, 0.5 * Math.min(1, spare / panes));
}

/** Resolves once `ok()` holds (checked every 50 ms), or after 10 s. */
export function until(ok) {
  return new Promise((resolve) => {
    const t0 = performance.now();
    const check = () => (ok() || performance.now() - t0 > 10_000 ? resolve() : setTimeout(check, 50));
    check();
  });
}
