// Wiring only: the link (a scene's, with the user's changes on top) -> panes
// (each with its engine in a worker) -> frames drawn once per animation frame;
// the transport buttons (their meaning across panes is schedule.js); the chart
// strip; the banner; the lesson; the link. The same wiring runs the playground
// (index.html) and the embed page (embed.html: no header or strip, computing
// only while in view, scriptable through api/).

import { MAX_PANES, pageDefault, parseUrl, sceneOverrides, serialiseUrl, shortQuery, withValue } from './state.js';
import { openLink, posterOf } from './scenes/registry.js';
import { SceneView, sceneHref } from './ui/scene.js';
import { Pane } from './pane.js';
import { Schedule, frameShare, until } from './schedule.js';
import { Strip } from './ui/strip.js';
import { paneTemplate } from './ui/pane-template.js';
import { figureName, pageFigure, savePng } from './ui/export.js';
import { savePane } from './ui/state-file.js';
import { embedLink, onVisibility } from './embed/visibility.js';
import { announce } from './embed/lifecycle.js';
import { startEmbedApi } from './api/embed-api.js';
import { makeController } from './api/controller.js';
import { wireHeader } from './ui/header.js';
import { fixedProblems } from './ui/fixed.js';
import { linkPoints, wirePoints, withKeptSets } from './ui/points.js';
import { banner, replayStatus, showBanner as showPanesBanner } from './ui/banner.js';

const $ = (id) => document.getElementById(id);
const embedded = document.documentElement.dataset.mode === 'embed';
/** The share of a worker's time that frames may take while it replays a link's steps (the least it accepts). */
const REPLAY_FRAME_SHARE = 0.05;


async function main() {
  const opened = await openLink(location.search);
  const { scene } = opened;
  const url = parseUrl(opened.search);
  url.problems.unshift(...opened.problems);
  const missing = withKeptSets(url.panes); // each pane's notes on the point sets its link names
  const sceneView = new SceneView();
  // What the reader may not see or change: the scene's, and the link's (hide=, lock=).
  const fixed = { hide: [...(scene?.hide ?? []), ...url.page.hide], lock: [...(scene?.lock ?? []), ...url.page.lock] };
  const panes = [];
  const template = paneTemplate();
  const schedule = new Schedule(panes, url.page.linked);
  let current = null; // the pane last used: "Add a pane" copies it
  let status = { messages: [], ok: false }; // replay and link messages
  let drawPending = 0;
  let lastUrl = '';
  let api = { emit() {}, throttled() {} }; // the embed API's events (embed page only)
  let scripted = false; // a change is the host page's (through the API), not the reader's
  const strip = Strip.find();

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
      if (embedded) {
        // Only an embed has a host to tell (this runs per frame); from the frames received, drawn or not.
        api.throttled('step', { step: Math.min(...panes.map((q) => q.step)), panes: panes.map((q) => q.step) });
        api.throttled('metrics', { panes: panes.map((q) => q.metrics()) });
      }
      schedule.grant();
      if (p.replay.step > 0 && p.step >= p.replay.step && !p.replay.done) confirmReplay(p);
      if (!anyPlaying() && !replaying()) updateUrl();
    },
    transport,
    dead(p, message) {
      // Its last good state is its config at its last step: training is deterministic, so a replay gets it back.
      const step = p.step;
      p.recovering = { message, step };
      p.disable();
      p.notes = [`Pane ${p.index + 1}'s engine stopped (${message}); restarted${step > 0 ? ` and replaying to step ${step}, its last state` : ''}. The other panes go on.`];
      showBanner();
      p.start().then(() => {
        if (step > 0) {
          p.replay = { step, hash: null };
          p.setFrameShare(REPLAY_FRAME_SHARE);
          p.run(step);
        } else schedule.join(p);
        showBanner();
      });
    },
    changed: (p) => {
      updateUrl();
      sceneView.render();
      // A view the host set comes back later, in the engine's answer: not the reader's change either.
      if (p.scriptedViews > 0) p.scriptedViews -= 1;
      else if (!scripted) api.emit('changed', { pane: p.index + 1, link: link() });
    },
    focus(p) { current = p; },
    save(p, what) {
      const pause = async () => {
        if (anyPlaying()) setPlaying(p, false);
        await until(() => p.step >= p.until);
      };
      savePane(p, what, scene?.name ?? null, pause).catch((e) => {
        p.notes = [`No ${what === 'pytorch' ? 'PyTorch script' : 'file'} for this pane: ${e.message ?? e}`];
        showBanner();
      });
    },
    /** A message that reports what the reader did (points loaded or restored), in the banner's calm colour. */
    info(p, message) {
      status = { messages: [message], ok: true };
      showBanner();
    },
    problem(p, message) {
      p.notes = [message];
      showBanner();
      if (p.error === message) api.emit('diverged', { pane: p.index + 1, step: p.step, message });
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
      case 'scene':
        await reset(schedule.linked ? panes : [p], new Map([[p, arg]]));
        if (!scripted) api.emit('changed', { pane: p.index + 1, link: link() });
        break;
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
      p.posterStep = 0;
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
    wirePoints(p, opened.search);
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
    if (!embedded) {
      $('add').disabled = !extra.ready || panes.length >= MAX_PANES;
      $('add').title = panes.length >= MAX_PANES ? `at most ${MAX_PANES} panes` : 'a copy of the pane you last used, to change one thing and compare';
    }
    strip?.legend(panes);
  }

  function requestDraw() {
    if (!drawPending) drawPending = requestAnimationFrame(draw);
  }

  function draw() {
    drawPending = 0;
    const t0 = performance.now();
    for (const p of panes) p.draw();
    strip?.draw(panes, t0, requestDraw);
    // The main thread's work for this frame, for the bench (bench/panes.mjs).
    frameTimes.push(performance.now() - t0);
    if (frameTimes.length > 2000) frameTimes.splice(0, 1000);
  }

  async function confirmReplay(p) {
    p.replay.done = true;
    const hash = await p.client.call('hash');
    p.replay.result = { hash, matches: !p.replay.hash || p.replay.hash === hash };
    if (p.recovering) {
      // A restarted pane is back at its last state: it says so, and joins the others.
      p.notes = [`Pane ${p.index + 1}'s engine stopped (${p.recovering.message}); restarted at step ${p.recovering.step}, its last state (${hash}).`];
      p.recovering = null;
      schedule.join(p);
      layout();
      showBanner();
      return;
    }
    if (replaying()) return;
    layout(); // frames at their usual share again
    status = replayStatus(panes);
    // A figure in a course page says only what went wrong: its readers did not write the link.
    if (embedded && status.ok) status = { messages: [], ok: true };
    showBanner();
    updateUrl();
  }

  const showBanner = () => showPanesBanner(panes, status);

  function linkState(withHashes = new Map()) {
    const fields = [...(panes[0]?.schema ?? []), ...(panes[0]?.viewSchema ?? [])];
    return serialiseUrl(
      panes.map((p) => linkPoints(shortQuery(p.query, fields), { step: p.step, hash: withHashes.get(p) ?? null, ...p.settings }, p.pointsId)),
      { ...url.page, linked: schedule.linked },
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

  /** The link with every pane's state hash (paused first, at a step every pane has reached). */
  async function exactLink() {
    if (anyPlaying()) setPlaying(panes[0], false);
    for (const p of panes) if (p.playing) setPlaying(p, false);
    await until(() => panes.every((p) => p.step >= p.until));
    const hashes = new Map();
    for (const p of panes) hashes.set(p, await p.client.call('hash'));
    return link(hashes);
  }

  function updateUrl() {
    if (panes.some((p) => !p.query)) return;
    const q = link();
    if (q === lastUrl) return;
    lastUrl = q;
    // An embed keeps its own address (the host page's choice); its "open" link follows the state.
    if (embedded) $('open-full').href = embedLink(q, 'index.html');
    else history.replaceState(null, '', `?${q}`);
  }

  const app = {
    panes, schedule, fixed, embedded, scene, until, hook: extra,
    transport, reset, requestDraw, exactLink, link, setPlaying,
    figure: () => pageFigure(panes),
    started: () => extra.ready,
    /** Runs `f` as the host page's change, not the reader's (no `changed` event). */
    async scripted(f) {
      scripted = true;
      try { return await f(); } finally { scripted = false; }
    },
  };

  const sceneFixed = { hide: scene?.hide ?? [], lock: scene?.lock ?? [] };
  if (!embedded) {
    wireHeader({
      addPane: () => addPane(current ?? panes.at(-1)),
      savePage: () => savePng(pageFigure(panes), figureName(scene?.name, panes[0])),
      linked: schedule.linked,
      setLinked: (on) => { schedule.setLinked(on); requestDraw(); updateUrl(); },
      report: (message) => { status = { messages: [message], ok: false }; showBanner(); },
      pointsId: async (pts) => (await panes[0].client.call('readPoints', [pts])).id,
      share: async () => {
        lastUrl = await exactLink();
        history.replaceState(null, '', `?${lastUrl}`);
        return { query: lastUrl, pane: panes[0], fixed, scene: sceneFixed, isScene: Boolean(scene), step: Math.max(...panes.map((p) => p.step)) };
      },
    });
  }

  if (scene && (!embedded || url.page.lesson === true)) {
    sceneView.show(scene, (key) => panes[0]?.values.get(key) ?? undefined).catch((e) => console.warn(e));
    // An embed's own address is the author's figure: reloading it undoes the reader's changes.
    sceneView.onBack(() => (embedded ? location.reload() : location.assign(sceneHref(scene.name))));
  }
  // The panes of the link, in order; each loads its engine in its own worker.
  for (const spec of url.panes) makePane(spec.engineQuery, spec.page);
  panes.forEach((p, i) => { p.notes = missing[i]; });
  if (embedded) {
    $('open-full').href = embedLink(location.search, 'index.html');
    // A pre-trained scene opened as it is shows its start at once, as an image, while it replays.
    if (scene && embedLink(location.search, '') === `?scene=${scene.name}`) {
      panes.forEach((p, i) => { const url = posterOf(scene, i); if (url) p.showPoster(url, p.replay.step); });
    }
    api = startEmbedApi(makeController(app), url.page.origins);
    // Nothing is computed before the reader scrolls to the figure.
    await onVisibility($('panes'), { first: true });
  }
  const t0 = performance.now();
  await Promise.all(panes.map((p) => p.start()));
  const build = panes[0].build;
  if (!embedded) {
    $('build').textContent = `wasm ${build.flavour} (${build.kernels})`;
    $('build').title = build.reason;
  }
  document.documentElement.dataset.engine = build.flavour;
  const unknown = fixedProblems(fixed, panes[0]);
  if (url.problems.length + unknown.length > 0) panes[0].notes = [...url.problems, ...unknown, ...panes[0].notes];
  showBanner();
  if (!embedded) for (const id of ['linked', 'share', 'png-all']) $(id).disabled = false;
  extra.ready = true;
  layout();
  for (const p of panes) p.pointsTools.restore();
  // An embed plays on its own only with autoplay=1; the playground unless play=0.
  const autoplay = embedded ? url.page.autoplay : url.page.play;
  if (replaying()) {
    status = { messages: [`Replaying ${Math.max(...panes.map((p) => p.replay.step))} steps…`], ok: true };
    showBanner();
    // Each pane to its own step (its hash is of that step); linked play then goes on from the furthest.
    schedule.target = Math.max(...panes.map((p) => p.replay.step));
    // A replay is for its last state: few frames on the way, so it gets there sooner.
    for (const p of panes) p.setFrameShare(REPLAY_FRAME_SHARE);
    for (const p of panes) p.run(p.replay.step);
  } else if (autoplay && matchMedia('(prefers-reduced-motion: reduce)').matches) {
    // Training animates the whole figure: a reader who asked for less motion starts it.
    status = { messages: ['Paused at the start, as your system asks for reduced motion: press Play to train.'], ok: true };
    showBanner();
  } else if (autoplay) {
    for (const p of schedule.linked ? panes.slice(0, 1) : panes) setPlaying(p, true);
  }
  requestDraw();
  if (embedded) await announce(app, api, t0);
}

if (!embedded && new URLSearchParams(location.search).get('embed') === '1') {
  // `index.html?embed=1&…` is the embed page's other name.
  location.replace(`embed.html${location.search}`);
} else main().catch((e) => {
  const badge = document.getElementById('build');
  if (badge) badge.textContent = 'no engine';
  banner([`The playground could not start: ${e.message ?? e}. Its buttons stay off; reload the page, or try a browser with WebAssembly and module workers.`]);
  console.error(e);
});
