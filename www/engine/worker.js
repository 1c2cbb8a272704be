// One pane's engine, in a Web Worker: the wasm build, the pane's Playground, its
// sampler and its heat-map source. It trains up to the step the page grants,
// and posts frames (the heat map's RGBA and the overlays, as transferable
// buffers) when the page has drawn the last one. The messages are listed in
// engine/client.js, the page's side.

import { loadEngine } from '../engine.js';
import { Sampling } from '../sampling.js';
import { GridSource } from '../heatgrid.js';
import { ViewParts } from './views.js';

/** Longest stretch of training before the worker looks at its messages again. */
const SLICE_MS = 8;
/** Least time between two frames (the page draws at most at 60 Hz). */
const FRAME_MS = 16;
/** Frames take at most `frameShare` of the worker's time (on average): the page
 * sets it (schedule.js, frameShare: half for a pane with a core of its own, less
 * when panes share cores); a 512² map, or a slow machine, gets fewer frames
 * rather than fewer training steps. */
let frameShare = 0.5;
/** How often the exact NLL of the train and held-out points (sums over the grid) is recomputed. */
const NLL_MS = 500;

let pkg = null;
let wasm = null; // typed views of wasm memory
let memory = null; // the wasm instance's memory (its size: the soak's measure)
let pg = null;
let sampling = null;
let grids = null;
let lut = null;
let settings = { chains: 0, backend: 'auto', res: 128 };
let until = 0; // train while pg.step() < until
let credit = true; // the page has drawn the last frame
let dirty = true; // something changed since the last frame
let quick = false; // the next frame is a new scene's first: coarse and without the NLL, so it comes at once
let shownN = 0; // the n of the grid in the Playground's buffers (the last frame's)
let lastFrame = 0;
let frameCost = 0; // ms to make the last frame
let frameCostMean = null; // its running mean (the frame share's measure)
let frameGap = FRAME_MS; // least ms between frames, from that cost
let lastNll = -Infinity;
let nll = [NaN, NaN]; // exact NLL of [train, test]
let lastError = null;
let scheduled = false;
let rate = { steps: 0, ms: 0, value: 0 };
let history = []; // [step, loss, E₊ − E₋] of each step since the last frame
let segments = null; // the model's segments, fetched from the engine once per step
const views = new ViewParts(); // the views' parts of each frame (engine/views.js)
let phaseText = null; // what the last phase of a step taken by phase did

const post = (msg, transfer = []) => self.postMessage(msg, transfer);

// A zero-delay macrotask: lets messages in between slices, without setTimeout's clamping.
const channel = new MessageChannel();
channel.port1.onmessage = tick;
function schedule() {
  if (!scheduled) {
    scheduled = true;
    channel.port2.postMessage(0);
  }
}

self.onmessage = async (ev) => {
  const msg = ev.data;
  try {
    await handle(msg);
  } catch (e) {
    fail(e, msg.type);
  }
  schedule();
};

// A panic's message, which Rust's panic hook writes to the console just before the
// instance traps: the trap itself says only "unreachable".
let panicMessage = null;
const consoleError = console.error.bind(console);
console.error = (...args) => {
  const text = String(args[0] ?? '');
  if (text.startsWith('panicked at')) panicMessage = text.split('\n')[1]?.trim() || text.split('\n')[0];
  consoleError(...args);
};

/** A trap inside wasm (a panic aborts the instance) leaves it unusable: say so and stop. */
function fail(e, during) {
  const message = `${e?.name ?? 'Error'}: ${e?.message ?? e}`;
  if (e instanceof WebAssembly.RuntimeError || e instanceof RangeError) {
    // Running out of memory aborts without a message (wasm has no stderr).
    const what = panicMessage ? `it hit a bug: ${panicMessage}` : `it ran out of memory or hit a bug: ${message}`;
    post({ type: 'dead', message: `${what}, during ${during}` });
    self.close();
  } else {
    post({ type: 'error', message });
  }
}

async function handle(msg) {
  switch (msg.type) {
    case 'init': {
      const e = await loadEngine(msg.engine);
      pkg = e.pkg;
      wasm = e.view;
      memory = e.memory;
      lut = msg.lut;
      sampling = new Sampling(pkg);
      // New samples are worth a frame, paused or not: the chains keep mixing on the current energy.
      sampling.onRead = () => { dirty = true; schedule(); };
      grids = new GridSource(pkg);
      grids.onLost = sampling.onRead;
      post({ type: 'ready', flavour: e.flavour, reason: e.reason, kernels: e.kernels, schema: pkg.schema(), viewSchema: pkg.viewSchema() });
      return;
    }
    case 'create':
      create(msg.query, msg.settings);
      return;
    case 'views': {
      const problems = JSON.parse(pg.setViews(msg.query));
      views.changed(pg);
      dirty = true;
      post({ type: 'views', problems, ...views.state(pg) });
      return;
    }
    case 'settings':
      settings = msg.settings;
      restartSources();
      post({ type: 'reads', reads: pg.reads(settings.chains > 0) });
      return;
    case 'run':
      until = msg.until;
      return;
    case 'phase':
      try {
        phaseText = JSON.parse(pg.stepPhase()).text;
      } catch (e) {
        if (e instanceof WebAssembly.RuntimeError) throw e;
        lastError = String(e.message ?? e);
        phaseText = null;
      }
      until = pg.step();
      dirty = true;
      return;
    case 'frame':
      credit = true;
      return;
    case 'inPlace':
      try {
        pg.setInPlace(msg.key, msg.value);
      } catch (e) {
        if (e instanceof WebAssembly.RuntimeError) throw e;
        post({ type: 'error', message: String(e.message ?? e) });
      }
      segments = null; // the model's marks and lines moved with the plane
      dirty = true;
      post({ type: 'views', problems: [], ...views.state(pg) });
      schedule();
      return;
    case 'share':
      frameShare = Math.min(0.5, Math.max(0.05, Number(msg.value) || 0.5));
      return;
    case 'call': {
      // A refused call (a JsError: no PyTorch script for this model) is its caller's to report.
      let value;
      try {
        value = call(msg.name, msg.args ?? []);
      } catch (e) {
        if (e instanceof WebAssembly.RuntimeError || e instanceof RangeError) throw e;
        post({ type: 'reply', id: msg.id, error: String(e?.message ?? e) });
        return;
      }
      post({ type: 'reply', id: msg.id, value });
      return;
    }
    case 'crash':
      // Test hook: an uncaught error outside any handler, as a dying worker gives.
      setTimeout(() => { throw new Error('the engine was stopped on purpose (test hook)'); });
      return;
    default:
      throw new Error(`unknown message '${msg.type}'`);
  }
}

/** A new Playground for the pane; the old one is freed only once the new one stands. */
function create(query, paneSettings) {
  const next = new pkg.Playground(query);
  pg?.free();
  pg = next;
  pg.setColourMap(lut);
  settings = paneSettings;
  until = pg.step();
  lastFrame = -Infinity; // a new scene shows at once, whatever the frame pacing
  quick = true;
  shownN = 0;
  lastError = null;
  phaseText = null;
  lastNll = -Infinity;
  history = [];
  segments = null;
  rate = { steps: 0, ms: 0, value: 0 };
  restartSources();
  views.changed(pg);
  const data = pg.trainPoints();
  post({
    type: 'created',
    ...views.state(pg),
    configQuery: pg.configQuery(),
    pointsId: pg.pointsId(),
    problems: JSON.parse(pg.problems()),
    reads: pg.reads(settings.chains > 0),
    plane: JSON.parse(pg.plane()),
    view: Array.from(pg.view()),
    data,
  }, [data.buffer]);
  dirty = true;
}

function restartSources() {
  // Each start reports into its own status; one replaced by a newer start says nothing.
  const redraw = () => { dirty = true; schedule(); };
  grids.start(pg, settings.res, settings.backend).then(redraw);
  sampling.start(pg, settings.chains, settings.backend).then(redraw);
  dirty = true;
}

function call(name, args) {
  switch (name) {
    case 'valueAt': return pg.valueAt(Number(args[0]), Number(args[1]));
    case 'hash': return pg.stateHash();
    case 'evaluate': return JSON.parse(pg.evaluate());
    case 'energyGrid': {
      fullGrid();
      const n = grids.n;
      return { n, view: Array.from(pg.view()), e: Array.from(wasm(Float32Array, pg.energyPtr(), n * n)) };
    }
    case 'finiteGrid': fullGrid(); return wasm(Float32Array, pg.energyPtr(), grids.n * grids.n).every(Number.isFinite);
    case 'freshSeed': return pkg.freshSeed();
    case 'readPoints': return JSON.parse(pkg.readPoints(String(args[0])));
    case 'theta': return Array.from(pg.theta());
    case 'pytorchHeader': return { header: pg.pytorchHeader(), body: JSON.parse(pkg.pytorchBody()) };
    case 'configQuery': return pg.configQuery();
    case 'testPanic': return pg.testPanic(); // test hooks: the wasm instance traps
    case 'testOutOfMemory': return pg.testOutOfMemory();
    case 'loseDevice': return sampling.sampler?.loseDevice(); // test hook: as a driver reset (src/wasm/sampler.rs)
    case 'memory': return memory.buffer.byteLength;
    default: throw new Error(`unknown call '${name}'`);
  }
}

/** The Playground's buffers hold the full grid (not a quick first frame's). */
function fullGrid() {
  if (shownN !== grids.n) shownN = grids.frame(pg);
}

/**
 * Trains up to `until` for at most SLICE_MS, and stops early when a frame the
 * page can take falls due (so frames leave on time: 60 a second needs it);
 * returns the steps taken.
 */
function train() {
  const t0 = performance.now();
  const frameDue = () => credit && dirty && performance.now() - lastFrame >= frameGap;
  let n = 0;
  while (pg.step() < until && performance.now() - t0 < SLICE_MS && !frameDue()) {
    try {
      pg.train(1);
    } catch (e) {
      if (e instanceof WebAssembly.RuntimeError) throw e;
      // Divergence: rolled back by the engine, explained, and training stops here.
      lastError = String(e.message ?? e);
      until = pg.step();
      dirty = true; // the page learns of it from the next frame, even when no step came before it
      break;
    }
    const m = wasm(Float32Array, pg.metricsPtr(), 5);
    history.push(m[0], m[1], m[2], m[3]);
    n += 1;
  }
  if (n > 0) {
    phaseText = null; // whole steps again
    rate.steps += n;
    rate.ms += performance.now() - t0;
    if (rate.ms > 250 || rate.steps >= 100) {
      rate = { steps: 0, ms: 0, value: (rate.steps * 1000) / rate.ms };
    }
    dirty = true;
  }
  return n;
}

function tick() {
  scheduled = false;
  if (!pg) return;
  try {
    train(); // marks the frame dirty when it took a step
    const now = performance.now();
    if (credit && dirty && now - lastFrame >= frameGap) postFrame(now);
    if (pg.step() < until) schedule(); // keep training; frames go out as the page takes them
    // A change still to show: wait for the frame interval (the page's next 'frame' schedules too).
    else if (dirty && credit) setTimeout(schedule, Math.max(1, frameGap - (now - lastFrame)));
  } catch (e) {
    fail(e, 'training');
  }
}

function postFrame(now) {
  const first = quick;
  quick = false;
  const n = grids.frame(pg, first);
  shownN = n;
  if (sampling.sampler) sampling.frame(pg);
  const rgba = wasm(Uint8Array, pg.rgbaPtr(), n * n * 4).slice(); // the one copy, then transferred
  const stats = Array.from(wasm(Float32Array, pg.statsPtr(), 4));
  const count = pg.negativeCount();
  const negatives = wasm(Float32Array, pg.negativesPtr(), 2 * count).slice();
  const provenance = wasm(Uint8Array, pg.provenancePtr(), count).slice();
  if (segments?.step !== pg.step()) segments = { step: pg.step(), xy: pg.segments() };
  if (!first && now - lastNll > NLL_MS) {
    lastNll = now;
    nll = Array.from(pg.exactNll());
  }
  views.feedSamples(pg, sampling.positions);
  const samples = sampling.positions ? sampling.positions.slice() : null;
  const metrics = Array.from(wasm(Float32Array, pg.metricsPtr(), 5));
  const steps = new Float32Array(history);
  history = [];
  // A quick first frame carries the heat map alone.
  const parts = first ? { layers: {}, panel: null, transfer: [] } : views.frame(pg, now, pg.step() < until, sampling.trace);
  const transfer = [rgba.buffer, negatives.buffer, provenance.buffer, steps.buffer, ...parts.transfer];
  if (samples) transfer.push(samples.buffer);
  post({
    type: 'frame',
    step: pg.step(),
    until,
    n,
    rgba,
    stats,
    negatives,
    provenance,
    segments: segments.xy,
    layers: parts.layers,
    panel: parts.panel,
    frameMs: frameCost, // the previous frame's cost in this worker (the bench reads it)
    phase: phaseText,
    samples,
    metrics,
    history: steps,
    nll: [nll[0], nll[1], pg.step()],
    rate: rate.value,
    error: lastError,
    sampler: {
      backend: sampling.sampler?.backend ?? null,
      status: sampling.status,
      drawn: sampling.positions ? sampling.positions.length / 2 : 0,
      finite: sampling.positions ? sampling.positions.every(Number.isFinite) : false,
      acceptance: sampling.acceptance,
      diagnostics: sampling.diagnostics ?? null,
      steps: sampling.sampler?.step ?? 0,
    },
    grid: { n, backend: grids.grid ? 'gpu' : 'cpu', status: grids.status, fromGpu: grids.latest !== null },
  }, transfer);
  credit = false;
  dirty = first; // after a quick frame, the full one
  lastFrame = now;
  frameCost = performance.now() - now;
  // The share is kept on average: a frame that also recomputed a slow part (a panel,
  // the inference paths) does not hold the next few back.
  frameCostMean = frameCostMean === null ? frameCost : 0.8 * frameCostMean + 0.2 * frameCost;
  frameGap = Math.max(FRAME_MS, frameCostMean / frameShare);
}
