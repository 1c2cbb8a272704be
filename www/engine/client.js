// The page's handle on one pane's engine worker (engine/worker.js): typed
// messages in, promises and callbacks out.
//
// Page → worker
//   init {engine, lut}            load the wasm build ('auto' | 'simd' | 'scalar'), the colour map
//   create {query, settings}      a new Playground from a config query; settings {chains, backend, res}
//   settings {settings}           new sampler / heat-map settings for the running scene
//   views {query}                 the view keys of the pane's link (layers, panel, …): no rebuild
//   run {until}                   train while step < until (the page grants steps)
//   phase                         the next phase of a step taken phase by phase (src/train/phases.rs)
//   frame                         the last frame is drawn: the worker may post the next
//   call {id, name, args}         hash | evaluate | energyGrid | finiteGrid | freshSeed | readPoints | theta
//                                 | pytorchHeader | configQuery | memory | testPanic, answered by reply
//   crash                         test hook: the worker dies as a crashed one would
// Worker → page
//   ready {flavour, reason, kernels, schema, viewSchema}
//   created {configQuery, problems, reads, plane, view, data, active, catalogue, heatLabel, viewQuery}
//   views {problems, active, catalogue, heatLabel, viewQuery}   after a views message
//   reads {reads}                 after settings (sampling from the model reads the sampler's keys)
//   frame {step, until, n, rgba, stats, negatives, provenance, segments, layers, panel, samples,
//          metrics, history, nll, rate, error, sampler, grid, frameMs, phase}   (rgba, the overlays and layers transferred)
//          layers {contours?, field?, push?, paths?, infer?: {paths, tapped}}: packed as src/wasm/views.rs says;
//          panel: the open panel's JSON (src/views/), or null
//   reply {id, value} or {id, error}   (a refused call rejects its promise)
//   error {message}               a failed message; the engine goes on
//   dead {message}                the wasm instance trapped (a panic, out of memory): restart

export class EngineClient {
  /** handlers: { created, reads, views, frame, error, dead } */
  constructor(engine, lut, handlers) {
    this.engine = engine;
    this.lut = lut;
    this.handlers = handlers;
    this.calls = new Map();
    this.nextId = 1;
    this.worker = null;
    this.ready = null;
  }

  /** Starts the worker; resolves with { flavour, reason, kernels, schema }. */
  start() {
    this.worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
    let resolveReady;
    let rejectReady;
    let started = false;
    this.ready = new Promise((ok, no) => { resolveReady = ok; rejectReady = no; });
    this.worker.onmessage = (ev) => {
      const msg = ev.data;
      switch (msg.type) {
        case 'ready': started = true; resolveReady(msg); break;
        case 'reply': {
          const c = this.calls.get(msg.id);
          this.calls.delete(msg.id);
          if ('error' in msg) c?.reject(new Error(msg.error));
          else c?.resolve(msg.value);
          break;
        }
        case 'dead': this.#died(msg.message); break;
        // An error before 'ready' is the engine failing to load (no wasm, no WebAssembly).
        case 'error': if (started) this.handlers.error?.(msg); else rejectReady(new Error(msg.message.replace(/^Error: /, ''))); break;
        default: this.handlers[msg.type]?.(msg);
      }
    };
    // An error no handler caught inside the worker (it may be dead): report it, and let the pane restart.
    this.worker.onerror = (ev) => {
      ev.preventDefault();
      rejectReady(new Error(ev.message || 'the engine worker failed to start'));
      this.#died(ev.message || 'the engine worker stopped');
    };
    this.post({ type: 'init', engine: this.engine, lut: this.lut });
    return this.ready;
  }

  #died(message) {
    for (const c of this.calls.values()) c.reject(new Error(`the engine stopped: ${message}`));
    this.calls.clear();
    this.terminate();
    this.handlers.dead?.(message);
  }

  post(msg, transfer = []) {
    this.worker?.postMessage(msg, transfer);
  }

  create(query, settings) {
    this.post({ type: 'create', query, settings });
  }

  settings(settings) {
    this.post({ type: 'settings', settings });
  }

  views(query) {
    this.post({ type: 'views', query });
  }

  phase() {
    this.post({ type: 'phase' });
  }

  run(until) {
    this.post({ type: 'run', until });
  }

  /** The last frame is drawn: the worker may send the next. */
  drawn() {
    this.post({ type: 'frame' });
  }

  /** A key the engine changes in place (`config::IN_PLACE`): no new scene. */
  inPlace(key, value) {
    this.post({ type: 'inPlace', key, value });
  }

  /** The share of its time the worker may spend on frames (schedule.js, frameShare). */
  share(value) {
    this.post({ type: 'share', value });
  }

  /** Asks the engine for a value (hash, evaluate, energyGrid, finiteGrid). */
  call(name, args = []) {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.calls.set(id, { resolve, reject });
      this.post({ type: 'call', id, name, args });
    });
  }

  crash() {
    this.post({ type: 'crash' });
  }

  terminate() {
    this.worker?.terminate();
    this.worker = null;
  }
}
