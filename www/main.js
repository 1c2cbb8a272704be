// Wiring only: the link (a scene's, with the user's changes on top) -> panes
// (each with its engine in a worker) -> frames drawn once per animation frame;
// the transport buttons (their meaning across panes is schedule.js); the chart
// strip; the banner; the lesson; the link.

import { MAX_PANES, pageDefault, parseUrl, sceneOverrides, serialiseUrl, withScene, withValue } from './state.js';
import { loadRegistry, loadScene } from './scenes/registry.js';
import { SceneView, sceneHref } from './ui/scene.js';
import { PANE_COLOURS, Pane } from './pane.js';
import { Schedule, frameShare } from './schedule.js';
import { Chart } from './render/chart.js';
import { figureName, pageFigure, paneFigure, savePng } from './ui/export.js';

const $ = (id) => document.getElementById(id);
/** Least time between two redraws of the chart strip (ms). */
const CHART_MS = 250;

function banner(messages, ok = false) {
  const el = $('banner');
  el.hidden = messages.length === 0;
  el.classList.toggle('ok', ok);
  el.textContent = messages.join('\n');
}

/**
 * The link to open and its scene: `?scene=NAME&…` is the scene's link with the
 * rest on top; an empty link opens the registry's start scene. A scene that
 * cannot be read leaves the rest of the link, with a message.
 */
async function resolveLink(search) {
  const params = new URLSearchParams(search);
  const asked = params.get('scene');
  params.delete('scene');
  let name = asked;
  try {
    if (!name && search.replace(/^\?/, '') === '') name = (await loadRegistry()).start;
    if (!name) return { search, scene: null, problems: [] };
    const scene = await loadScene(name);
    const merged = withScene(scene.link, params.toString(), scene.lock ?? []);
    return { search: merged.search, scene, problems: merged.problems };
  } catch (e) {
    return { search: params.toString(), scene: null, problems: [`scene: ${e.message ?? e}`] };
  }
}

async function main() {
  const opened = await resolveLink(location.search);
  const { scene } = opened;
  const url = parseUrl(opened.search);
  url.problems.unshift(...opened.problems);
  const sceneView = new SceneView();
  const fixed = { hide: scene?.hide ?? [], lock: scene?.lock ?? [] };
  const panes = [];
  const template = $('pane-template');
  const schedule = new Schedule(panes, url.page.linked);
  let current = null; // the pane last used: "Add a pane" copies it
  let status = { messages: [], ok: false }; // replay and link messages
  let drawPending = 0;
  let chartsDrawn = -Infinity;
  let chartTimer = 0;
  let lastUrl = '';
  // Each chart: its title and its lines per pane (a second, dashed line where two quantities share it).
  const charts = [
    [new Chart($('chart-loss'), 'loss'), [['loss', false]]],
    [new Chart($('chart-energy'), 'E₊ (data, solid) and E₋ (negatives, dashed)'), [['ePos', false], ['eNeg', true]]],
    [new Chart($('chart-nll'), 'exact NLL: held out (solid), train (dashed)'), [['nllTest', false], ['nllTrain', true]]],
  ];

  const frameTimes = [];
  const extra = {
    ready: false, panes: [], scene: scene?.name ?? null, linked: () => schedule.linked, addPane: () => addPane(current ?? panes.at(-1)),
    /** The main thread's time per drawn frame (ms) since the last call. */
    frameTimes: () => frameTimes.splice(0),
    /** Pauses, then trains every pane to exactly step n (tests compare states at one step). */
    runTo: (n) => schedule.runTo(n),
  };
  // The test hook: pane 1's numbers at the top level (as before panes), every pane in `panes`.
  window.__ebm = new Proxy(extra, { get: (o, k) => (k in o ? o[k] : panes[0]?.hookObj[k]) });

  const events = {
    created(p) {
      if (!replaying()) updateUrl();
      showBanner();
      sceneView.render();
    },
    frame(p) {
      requestDraw();
      schedule.grant();
      if (p.replay.step > 0 && p.step >= p.replay.step && !p.replay.done) confirmReplay(p);
      if (!anyPlaying() && !replaying()) updateUrl();
    },
    transport,
    dead(p, message) {
      p.disable();
      p.notes = [`Pane ${p.index + 1}'s engine stopped (${message}); restarted from its scene at step 0.`];
      showBanner();
      p.start().then(() => {
        schedule.join(p);
        showBanner();
      });
    },
    changed: () => {
      updateUrl();
      sceneView.render();
    },
    focus(p) { current = p; },
    savePng: (p) => savePng(paneFigure(p), figureName(scene?.name, p)),
    problem(p, message) {
      p.notes = [message];
      showBanner();
    },
  };

  const anyPlaying = () => schedule.anyPlaying();
  const replaying = () => panes.some((p) => p.replay.step > 0 && !p.replay.done);

  function setPlaying(p, on) {
    schedule.setPlaying(p, on);
    requestDraw();
    if (!on) updateUrl();
  }

  async function transport(p, action, arg) {
    current = p;
    switch (action) {
      case 'play': setPlaying(p, true); break;
      case 'pause': setPlaying(p, false); break;
      case 'step': schedule.step(p); requestDraw(); break;
      // One phase of a step, in this pane: paused first, so the phases can be read one by one.
      case 'phase': setPlaying(p, false); p.client.phase(); break;
      case 'reset': await reset(schedule.linked ? panes : [p], new Map()); break;
      // A new scene in one pane (a control, a tapped point); linked panes all restart with it.
      case 'scene': await reset(schedule.linked ? panes : [p], new Map([[p, arg]])); break;
      case 'remove': removePane(p); break;
      case 'seed': {
        // From the platform's secure generator, into the link; linked panes share it.
        const seed = String(await p.client.call('freshSeed'));
        const which = schedule.linked ? panes : [p];
        await reset(which, new Map(which.map((q) => [q, withValue(q.query, 'seed', seed)])));
        break;
      }
      default: break;
    }
  }

  /** New scenes (step 0) for `which`, from `queries` or their own; a linked page restarts together. */
  async function reset(which, queries) {
    schedule.restart(which);
    for (const p of which) {
      p.notes = [];
      p.replay = { step: 0, hash: null };
    }
    status = { messages: [], ok: false };
    await Promise.all(which.map((p) => p.create(queries.get(p) ?? p.query)));
    requestDraw();
  }

  function addPane(from) {
    if (panes.length >= MAX_PANES) return null;
    const page = { step: 0, hash: null, ...(from?.settings ?? { chains: 0, backend: 'auto', res: 128 }) };
    const p = makePane(from?.query ?? '', page);
    p.start().then(() => {
      // A linked pane catches up with the others (same config and seed: the same states).
      schedule.join(p);
      updateUrl();
    });
    return p;
  }

  function makePane(query, page) {
    const p = new Pane({ template, engine: url.page.engine, query, page, events, fixed });
    // Three or four panes from a link: settings folded, so the heat maps sit close together.
    if (url.panes.length >= 3) p.el('settings').open = false;
    p.hookObj = p.hook();
    p.playing = schedule.linked && schedule.playing;
    p.notes = [];
    panes.push(p);
    $('panes').append(p.root);
    layout();
    return p;
  }

  function removePane(p) {
    if (panes.length === 1) return;
    p.client.terminate();
    p.root.remove();
    panes.splice(panes.indexOf(p), 1);
    if (current === p) current = null;
    layout();
    updateUrl();
    showBanner();
  }

  function layout() {
    $('panes').dataset.count = String(panes.length);
    const share = frameShare(panes.length, navigator.hardwareConcurrency);
    for (const p of panes) p.setFrameShare(share);
    panes.forEach((p, i) => p.label(i, panes.length > 1));
    extra.panes = panes.map((p) => p.hookObj);
    // No pane can be copied before the engine is up; none is added past the last.
    $('add').disabled = !extra.ready || panes.length >= MAX_PANES;
    $('add').title = panes.length >= MAX_PANES ? `at most ${MAX_PANES} panes` : 'a copy of the pane you last used, to change one thing and compare';
    const legend = $('strip-legend');
    legend.replaceChildren(...panes.map((p, i) => {
      const li = document.createElement('li');
      li.dataset.colour = String(i);
      li.textContent = `Pane ${i + 1}`;
      return li;
    }));
  }

  function requestDraw() {
    if (!drawPending) drawPending = requestAnimationFrame(draw);
  }

  function draw() {
    drawPending = 0;
    const t0 = performance.now();
    for (const p of panes) p.draw();
    // The strip shows trends: four redraws a second are plenty, and keep the main thread free.
    if (t0 - chartsDrawn > CHART_MS) {
      chartsDrawn = t0;
      for (const [chart, keys] of charts) {
        chart.draw(panes.flatMap((p, i) => keys.map(([key, dash]) => ({ series: p.series[key], colour: PANE_COLOURS[i], dash }))));
      }
    } else if (!chartTimer) {
      // The last frames of a run still reach the strip.
      chartTimer = setTimeout(() => { chartTimer = 0; requestDraw(); }, CHART_MS);
    }
    panes.forEach((p, i) => {
      const li = $('strip-legend').children[i];
      const text = `Pane ${i + 1}${p.playing && p.rate > 0 ? ` · ${p.rate.toFixed(0)} steps/s` : ''}`;
      if (li && li.textContent !== text) li.textContent = text;
    });
    // The main thread's work for this frame, for the bench (bench/panes.mjs).
    frameTimes.push(performance.now() - t0);
    if (frameTimes.length > 2000) frameTimes.splice(0, 1000);
  }

  async function confirmReplay(p) {
    p.replay.done = true;
    const hash = await p.client.call('hash');
    p.replay.result = { hash, matches: !p.replay.hash || p.replay.hash === hash };
    if (replaying()) return;
    const done = panes.filter((q) => q.replay.result);
    if (panes.length === 1) {
      const { hash: h, matches } = p.replay.result;
      status = matches
        ? { messages: [`Replayed ${p.step} steps: state ${h}${p.replay.hash ? ' matches the link' : ''}.`], ok: true }
        : { messages: [`Replayed ${p.step} steps, but the state differs from the link's (${h} ≠ ${p.replay.hash}).`], ok: false };
    } else {
      const lines = done.map((q) => {
        const r = q.replay.result;
        if (!q.replay.hash) return `Pane ${q.index + 1}: state ${r.hash} (the link has no hash to check).`;
        return r.matches ? `Pane ${q.index + 1}: state ${r.hash} matches the link.` : `Pane ${q.index + 1}: state ${r.hash} differs from the link's ${q.replay.hash}.`;
      });
      status = { messages: [`Replayed every pane to its step:`, ...lines], ok: done.every((q) => q.replay.result.matches) };
    }
    showBanner();
    updateUrl();
  }

  /** The banner: replay results, then each pane's problems (shared ones once). */
  function showBanner() {
    const perPane = panes.map((p) => [...p.problems, ...p.notes]);
    const messages = [...status.messages];
    if (panes.length === 1) messages.push(...perPane[0]);
    else {
      const everywhere = perPane[0].filter((m) => perPane.every((list) => list.includes(m)));
      messages.push(...everywhere);
      perPane.forEach((list, i) => list.filter((m) => !everywhere.includes(m)).forEach((m) => messages.push(`Pane ${i + 1}: ${m}`)));
    }
    const problems = messages.length - status.messages.length;
    const onlyEmptyData = perPane.flat().every((m) => /^No data points yet/.test(m));
    banner(messages, problems === 0 ? status.ok : onlyEmptyData && status.messages.length === 0);
  }

  function linkState(withHashes = new Map()) {
    return serialiseUrl(
      panes.map((p) => ({ engineQuery: p.query, page: { step: p.step, hash: withHashes.get(p) ?? null, ...p.settings } })),
      { engine: url.page.engine, play: url.page.play, linked: schedule.linked },
    );
  }

  /** What a link means by leaving `key` out: the page's, the engine's or the views' default. */
  function defaultOf(key) {
    const schemas = [...(panes[0]?.schema ?? []), ...(panes[0]?.viewSchema ?? [])];
    return pageDefault(key) ?? schemas.find((f) => f.key === key)?.default;
  }

  /** The link of this state: the scene's name and what the user changed, or the whole state. */
  function link(withHashes = new Map()) {
    const plain = linkState(withHashes);
    if (!scene) return plain;
    const changes = sceneOverrides(scene.link, plain, defaultOf);
    sceneView.changed(changes !== '');
    if (changes === null) return plain;
    return `scene=${scene.name}${changes ? `&${changes}` : ''}`;
  }

  function updateUrl() {
    if (panes.some((p) => !p.query)) return;
    const q = link();
    if (q !== lastUrl) {
      lastUrl = q;
      history.replaceState(null, '', `?${q}`);
    }
  }

  $('add').addEventListener('click', () => addPane(current ?? panes.at(-1)));
  $('png-all').addEventListener('click', () => savePng(pageFigure(panes), figureName(scene?.name, panes[0])));
  $('linked').checked = schedule.linked;
  $('linked').addEventListener('change', () => {
    schedule.setLinked($('linked').checked);
    requestDraw();
    updateUrl();
  });
  $('share').addEventListener('click', async () => {
    for (const p of panes) if (anyPlaying()) setPlaying(p, false);
    // Wait until every pane has stopped at the step it was granted, then take its hash.
    await until(() => panes.every((p) => p.step >= p.until));
    const hashes = new Map();
    for (const p of panes) hashes.set(p, await p.client.call('hash'));
    const q = link(hashes);
    const href = `${location.origin}${location.pathname}?${q}`;
    history.replaceState(null, '', `?${q}`);
    lastUrl = q;
    try {
      await navigator.clipboard.writeText(href);
      status = { messages: ['Link copied: it replays this exact state.'], ok: true };
    } catch {
      status = { messages: [`Copy this link: ${href}`], ok: true };
    }
    showBanner();
  });

  if (scene) {
    sceneView.show(scene, (key) => panes[0]?.values.get(key) ?? undefined).catch((e) => console.warn(e));
    sceneView.onBack(() => location.assign(sceneHref(scene.name)));
  }
  // The panes of the link, in order; each loads its engine in its own worker.
  for (const spec of url.panes) makePane(spec.engineQuery, spec.page);
  for (const p of panes) p.notes = [];
  const started = await Promise.all(panes.map((p) => p.start()));
  void started;
  const build = panes[0].build;
  $('build').textContent = `wasm ${build.flavour} (${build.kernels})`;
  $('build').title = build.reason;
  document.documentElement.dataset.engine = build.flavour;
  if (url.problems.length > 0) panes[0].notes = [...url.problems];
  showBanner();
  for (const id of ['linked', 'share', 'png-all']) $(id).disabled = false;
  extra.ready = true;
  layout();
  if (replaying()) {
    status = { messages: [`Replaying ${Math.max(...panes.map((p) => p.replay.step))} steps…`], ok: true };
    showBanner();
    // Each pane to its own step (its hash is of that step); linked play then goes on from the furthest.
    schedule.target = Math.max(...panes.map((p) => p.replay.step));
    for (const p of panes) p.run(p.replay.step);
  } else if (url.page.play) {
    for (const p of schedule.linked ? panes.slice(0, 1) : panes) setPlaying(p, true);
  }
  requestDraw();
}

/** Resolves once `ok()` holds (checked every 50 ms), or after 10 s. */
function until(ok) {
  return new Promise((resolve) => {
    const t0 = performance.now();
    const check = () => (ok() || performance.now() - t0 > 10_000 ? resolve() : setTimeout(check, 50));
    check();
  });
}

main().catch((e) => {
  document.getElementById('build').textContent = 'no engine';
  banner([`The playground could not start: ${e.message ?? e}. Its buttons stay off; reload the page, or try a browser with WebAssembly and module workers.`]);
  console.error(e);
});
