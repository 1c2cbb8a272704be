// Wiring only: URL -> engine -> loop -> renderers and controls.

import { loadEngine } from './engine.js';
import { parseUrl, serialiseUrl, withValue } from './state.js';
import { createLoop } from './loop.js';
import { HeatMap } from './render/heatmap.js';
import { Curve } from './render/curve.js';
import { buildControls, showProblems, syncControls } from './ui/controls.js';
import { describe } from './ui/lesson.js';
import { Sampling } from './sampling.js';
import { GridSource } from './heatgrid.js';

const $ = (id) => document.getElementById(id);

function banner(messages, ok = false) {
  const el = $('banner');
  el.hidden = messages.length === 0;
  el.classList.toggle('ok', ok);
  el.textContent = messages.join('\n');
}

async function main() {
  const url = parseUrl(location.search);
  const { pkg, flavour, reason, kernels, view: wasmView } = await loadEngine(url.page.engine);
  $('build').textContent = `wasm ${flavour} (${kernels})`;
  $('build').title = reason;
  document.documentElement.dataset.engine = flavour;

  const schema = JSON.parse(pkg.schema());
  const heat = new HeatMap($('energy'));
  const curve = new Curve($('losscurve'));
  let pg = null;
  let data = null;
  let view = null;
  let lastError = null;
  let replayTarget = 0;
  let lastEval = -Infinity;
  let segments = { step: -1, xy: [] };
  let plane = null;
  // The controls this scene reads (Rust's answer; sampling from the model reads the sampler's).
  const shownKeys = () => new Set(JSON.parse(pg.reads(url.page.chains > 0)));

  const sampling = new Sampling(pkg);
  const grids = new GridSource(pkg);
  const debug = { ready: false };
  window.__ebm = debug; // the test hook: numbers, not pixels

  function create(engineQuery, pageProblems = []) {
    // Build the new playground first: if that fails, the old one still stands.
    const next = new pkg.Playground(engineQuery);
    pg?.free();
    pg = next;
    pg.setColourMap(HeatMap.colourMap());
    plane = JSON.parse(pg.plane());
    const problems = [...pageProblems, ...JSON.parse(pg.problems())];
    data = pg.trainPoints();
    view = pg.view();
    const values = new URLSearchParams(pg.configQuery());
    // Taps add points only with data=points; elsewhere the canvas must scroll the page.
    $('energy').classList.toggle('drawing', values.get('data') === 'points');
    curve.clear();
    segments = { step: -1, xy: [] };
    lastError = null;
    replayTarget = 0;
    lastEval = -Infinity;
    syncControls($('controls'), values, shownKeys());
    $('lesson').textContent = describe(values, plane);
    $('plane').textContent = `Heat map: ${plane.label} (dark = low, bright = high)`;
    const rest = showProblems($('controls'), problems);
    if (data.length === 0) rest.push('No data points yet: tap the plane to add some, then press Play.');
    banner(rest, rest.length > 0 && problems.length === 0);
    restartSampling();
    updateUrl();
  }

  function restartSampling() {
    $('chains').value = String(url.page.chains);
    $('backend').value = url.page.backend;
    $('res').value = String(url.page.res);
    // Both report their own errors in their status, which draw() shows; a start
    // replaced by a newer one (a control change meanwhile) says nothing.
    grids.start(pg, url.page.res, url.page.backend).then(redrawIfPaused);
    sampling.start(pg, url.page.chains, url.page.backend).then(redrawIfPaused);
  }

  // While paused nothing redraws by itself: show what a finished start changed.
  function redrawIfPaused() {
    if (!loop.running) draw();
  }

  function updateUrl() {
    const q = serialiseUrl(pg.configQuery(), { ...url.page, step: pg.step(), hash: null });
    history.replaceState(null, '', `?${q}`);
  }

  function work() {
    try {
      pg.train(1);
      curve.push(wasmView(Float32Array, pg.metricsPtr(), 5)[1]);
      if (replayTarget > 0 && pg.step() >= replayTarget) {
        replayTarget = 0;
        confirmReplay();
        return false;
      }
      return true;
    } catch (e) {
      lastError = String(e.message ?? e);
      banner([lastError]);
      return false;
    }
  }

  function confirmReplay() {
    const hash = pg.stateHash();
    if (url.page.hash && url.page.hash !== hash) {
      banner([`Replayed ${pg.step()} steps, but the state differs from the link's (${hash} ≠ ${url.page.hash}).`]);
    } else {
      banner([`Replayed ${pg.step()} steps: state ${hash}${url.page.hash ? ' matches the link' : ''}.`], true);
    }
  }

  function draw() {
    const t0 = performance.now();
    grids.frame(pg);
    const n = grids.n;
    const [, , lo, hi] = wasmView(Float32Array, pg.statsPtr(), 4);
    heat.paint(wasmView(Uint8ClampedArray, pg.rgbaPtr(), n * n * 4), n);
    heat.axes(view);
    heat.points(view, data, { colour: '#ffffff', radius: 1.6 });
    if (segments.step !== pg.step()) segments = { step: pg.step(), xy: pg.segments() }; // copied once per step
    if (segments.xy.length > 0) heat.segments(view, segments.xy);
    const count = pg.negativeCount();
    if (count > 0) {
      heat.points(view, wasmView(Float32Array, pg.negativesPtr(), 2 * count), {
        kind: wasmView(Uint8Array, pg.provenancePtr(), count), radius: 1.8, count,
      });
    }
    if ($('sampler-status').textContent !== sampling.status) $('sampler-status').textContent = sampling.status;
    if ($('grid-status').textContent !== grids.status) $('grid-status').textContent = grids.status;
    if (sampling.sampler) {
      sampling.frame(pg);
      const pos = sampling.positions;
      if (pos) heat.points(view, pos, { colour: '#b4ff5a', radius: 1.1, count: pos.length / 2 });
    }
    heat.legend(lo, hi);
    const [, loss, ePos, eNeg] = wasmView(Float32Array, pg.metricsPtr(), 5);
    const trained = pg.step() > 0;
    $('m-step').textContent = pg.step();
    const show = (v) => (trained && Number.isFinite(v) ? v.toFixed(3) : '–');
    $('m-loss').textContent = show(loss);
    $('m-epos').textContent = show(ePos);
    $('m-eneg').textContent = show(eNeg);
    if (performance.now() - lastEval > 500) {
      lastEval = performance.now();
      const [nll, heldOut] = pg.exactNll();
      $('m-nll').textContent = Number.isFinite(nll) ? `${nll.toFixed(3)}${heldOut ? '' : ' (train)'}` : '–';
    }
    $('m-rate').textContent = loop.running ? loop.rate.toFixed(0) : '–';
    curve.draw('loss');
    $('play').textContent = loop.running ? 'Pause' : 'Play';
    debug.step = pg.step();
    debug.lo = lo;
    debug.hi = hi;
    debug.drawn = (debug.drawn ?? 0) + 1;
    debug.drawMs = performance.now() - t0;
    debug.firstFrameMs ??= performance.now();
  }

  const loop = createLoop({ work, draw, budgetMs: 10 });
  debug.evaluate = () => JSON.parse(pg.evaluate());
  debug.finiteGrid = () => wasmView(Float32Array, pg.energyPtr(), grids.n * grids.n).every(Number.isFinite);
  debug.grid = () => ({ n: grids.n, backend: grids.grid ? 'gpu' : 'cpu', status: grids.status, fromGpu: grids.latest !== null });
  debug.stepMs = () => (loop.rate > 0 ? 1000 / loop.rate : NaN);
  debug.hash = () => pg.stateHash();
  debug.pause = () => loop.pause();
  debug.lastError = () => lastError;
  debug.overlay = () => ({ marks: pg.negativeCount(), segments: segments.xy.length / 4 });
  debug.sampler = () => ({
    backend: sampling.sampler?.backend ?? null,
    status: sampling.status,
    drawn: sampling.positions ? sampling.positions.length / 2 : 0,
    finite: sampling.positions ? sampling.positions.every(Number.isFinite) : false,
    acceptance: sampling.acceptance,
    steps: sampling.sampler?.step ?? 0,
  });
  // The drawn samples and the training data, interleaved (y1, y2), for tests that check where samples land.
  debug.samples = () => Array.from(sampling.positions ?? []);
  debug.data = () => Array.from(data ?? []);
  // The heat map's energies (row-major, row 0 at the bottom) and its view box [x_lo, x_hi, y_lo, y_hi].
  debug.energyGrid = () => ({ n: grids.n, view: Array.from(view), e: Array.from(wasmView(Float32Array, pg.energyPtr(), grids.n * grids.n)) });
  for (const id of ['chains', 'backend', 'res']) {
    $(id).addEventListener('change', () => {
      url.page.res = Number($('res').value);
      url.page.chains = Number($('chains').value);
      url.page.backend = $('backend').value;
      syncControls($('controls'), new URLSearchParams(pg.configQuery()), shownKeys());
      restartSampling();
      updateUrl();
      if (!loop.running) draw();
    });
  }

  buildControls($('controls'), schema, new URLSearchParams(url.engineQuery), (key, value) => {
    create(withValue(pg.configQuery(), key, value));
    draw();
  });
  create(url.engineQuery, url.problems);
  // With data=points, a tap on the plane adds a point (kept in the URL).
  $('energy').addEventListener('pointerdown', (ev) => {
    // One point per tap: not the second finger of a pinch, not a right click.
    if (!ev.isPrimary || ev.button !== 0) return;
    const q = new URLSearchParams(pg.configQuery());
    if (q.get('data') !== 'points') return;
    const canvas = $('energy');
    const r = canvas.getBoundingClientRect();
    const k = canvas.width / r.width;
    const p = heat.toPlane(view, (ev.clientX - r.left) * k, (ev.clientY - r.top) * k);
    if (!p) return;
    const pts = q.get('pts');
    q.set('pts', `${pts ? `${pts};` : ''}${p[0].toFixed(3)},${p[1].toFixed(3)}`);
    q.set('test', '0');
    create(q.toString());
    draw();
  });
  $('play').addEventListener('click', () => {
    if (loop.running) loop.pause();
    else loop.play();
    draw();
    updateUrl();
  });
  $('stepbtn').addEventListener('click', () => {
    loop.stepOnce();
    updateUrl();
  });
  $('reset').addEventListener('click', () => {
    loop.pause();
    create(pg.configQuery());
    draw();
  });
  $('share').addEventListener('click', async () => {
    loop.pause();
    draw();
    const q = serialiseUrl(pg.configQuery(), { ...url.page, step: pg.step(), hash: pg.stateHash() });
    const link = `${location.origin}${location.pathname}?${q}`;
    history.replaceState(null, '', `?${q}`);
    try {
      await navigator.clipboard.writeText(link);
      banner(['Link copied: it replays this exact state.'], true);
    } catch {
      banner([`Copy this link: ${link}`], true);
    }
  });

  draw();
  // Live only now: before the engine loaded they had nothing to act on.
  for (const id of ['play', 'stepbtn', 'reset', 'share', 'chains', 'res', 'backend']) $(id).disabled = false;
  debug.ready = true;
  if (url.page.step > 0) {
    replayTarget = url.page.step;
    banner([`Replaying ${replayTarget} steps…`], true);
    loop.play();
  } else if (url.page.play) {
    loop.play();
  }
}

main().catch((e) => {
  banner([`The playground could not start: ${e.message ?? e}. Its buttons stay off; reload the page, or try a browser with WebAssembly.`]);
  console.error(e);
});
