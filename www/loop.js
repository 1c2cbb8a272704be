// Play / pause / step with a per-frame time budget. Rust never reads a clock:
// timing lives here.

/**
 * work() runs one unit of work and returns false to stop; draw() paints.
 * Each frame runs work() until budgetMs is spent (at least once), then draws.
 */
export function createLoop({
  work, draw, budgetMs = 10, now = () => performance.now(),
  frame = (f) => requestAnimationFrame(f), cancel = (id) => cancelAnimationFrame(id),
}) {
  let running = false;
  let rate = 0;
  let pending = 0; // the scheduled frame, cancelled on pause so a quick pause/play never runs two chains
  const tick = () => {
    pending = 0;
    if (!running) return;
    const t0 = now();
    let n = 0;
    do {
      n += 1;
      if (!work()) {
        running = false;
        break;
      }
    } while (now() - t0 < budgetMs);
    const dt = now() - t0;
    rate = dt > 0 ? (n * 1000) / dt : rate;
    draw();
    if (running) pending = frame(tick);
  };
  return {
    play() {
      if (!running) {
        running = true;
        if (!pending) pending = frame(tick);
      }
    },
    pause() {
      running = false;
      if (pending) cancel(pending);
      pending = 0;
    },
    stepOnce() {
      running = false;
      work();
      draw();
    },
    get running() {
      return running;
    },
    /** Work units per second of busy time, over the last frame. */
    get rate() {
      return rate;
    },
  };
}
