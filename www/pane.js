// One pane: a full playground (heat map, readouts, controls, lesson) whose
// engine runs in its own worker (engine/client.js). It draws the frames the
// worker sends and turns input into messages; main.js decides what play, step
// and reset mean across panes (linked or not).

import { paneHook } from './pane-hook.js';
import { EngineClient } from './engine/client.js';
import { HeatMap } from './render/heatmap.js';
import { Series } from './render/chart.js';
import { buildControls, showProblems, syncControls } from './ui/controls.js';
import { describe } from './ui/lesson.js';
import { buildViews, syncViews } from './ui/views.js';
import { wirePlane } from './ui/plane-input.js';
import { LAYERS } from './layers/index.js';
import { drawPanelMark } from './layers/marks.js';
import { PANELS } from './panels/index.js';
import { withValue } from './state.js';
import { mergeFrames } from './engine/frames.js';
import { applyFixed } from './ui/fixed.js';
import { showReadouts } from './ui/readouts.js';

/** Each pane's colour, in its header and its lines of the chart strip. */
export const PANE_COLOURS = ['#ffb000', '#35d0ff', '#ff4fd8', '#b4ff5a'];

export class Pane {
  /**
   * template: the <template> of a pane; query: the config query; page: { step,
   * hash, chains, backend, res }; events: { created, frame, transport, dead,
   * changed, focus } called with this pane.
   */
  constructor({ template, engine, query, page, events, fixed = { hide: [], lock: [] } }) {
    this.root = template.content.firstElementChild.cloneNode(true);
    this.el = (role) => this.root.querySelector(`[data-role="${role}"]`);
    this.engine = engine;
    this.events = events;
    this.query = query;
    this.fixed = fixed; // the controls the scene hides or locks
    this.frameShare = 0.5;
    this.settings = { chains: page.chains, backend: page.backend, res: page.res };
    this.replay = { step: page.step, hash: page.hash };
    this.heat = new HeatMap(this.el('energy'));
    this.series = { loss: new Series(), ePos: new Series(), eNeg: new Series(), nllTrain: new Series(), nllTest: new Series() };
    this.values = new URLSearchParams(query);
    this.step = 0;
    this.until = 0;
    this.rate = 0;
    this.frame = null;
    this.pending = null; // a frame received, not yet drawn
    this.reads = new Set();
    this.plane = { label: 'E(y)', latent_values: 0 };
    this.problems = [];
    this.drawn = 0;
    this.firstFrameMs = null;
    this.drawMs = 0;
    this.schema = null;
    this.viewSchema = null;
    this.active = []; // the views on: layers, then an open panel (the engine's answer)
    this.catalogue = []; // the views this scene offers (the engine's answer)
    this.panelJson = 'null'; // the panel last drawn
    this.kept = {}; // each layer's last part (the slow ones are not in every frame)
    this.waiting = []; // resolvers of the creates the worker has not answered yet
    this.viewAnswers = []; // of the view changes, likewise (setView)
    this.wire();
  }

  /** Starts the engine and the first scene; resolves once it is built. */
  async start() {
    this.waiting.splice(0).forEach((resolve) => resolve()); // creates a dead worker never answered
    this.viewAnswers.splice(0).forEach((resolve) => resolve([]));
    this.client = new EngineClient(this.engine, HeatMap.colourMap(), {
      created: (m) => this.#created(m),
      reads: (m) => this.#showReads(m.reads),
      views: (m) => this.#applyViews(m),
      frame: (m) => this.#received(m),
      error: (m) => this.events.problem?.(this, m.message),
      dead: (message) => this.events.dead(this, message),
    });
    const ready = await this.client.start();
    this.client.share(this.frameShare);
    this.build = ready;
    if (!this.schema) {
      this.schema = JSON.parse(ready.schema);
      buildControls(this.el('controls'), this.schema, this.values, (key, value, inPlace) => {
        if (inPlace) this.setInPlace(key, value);
        else this.events.transport(this, 'scene', withValue(this.query, key, value));
      });
      this.viewSchema = JSON.parse(ready.viewSchema);
      buildViews(this.el('views'), this.viewSchema, (key, value) => this.setView(key, value));
    }
    this.#enable(true);
    return this.create(this.query);
  }

  /**
   * The readout under the cursor: the heat map's energy at plane point p (asked
   * of the engine), or nothing when p is null. Resolves once it is shown.
   */
  async cursorValue(p) {
    const el = this.el('cursor');
    if (!p || !this.client) {
      el.textContent = '';
      return;
    }
    const v = await this.client.call('valueAt', p);
    const name = (this.plane?.label ?? 'E(y)').split('(')[0];
    el.textContent = `at (${p[0].toFixed(2)}, ${p[1].toFixed(2)}): ${name} = ${Number.isFinite(v) ? v.toPrecision(4) : v}`;
  }

  /** A key that only picks what the plane shows (the horn's x): the engine moves the plane, training goes on. */
  setInPlace(key, value) {
    this.query = withValue(this.query, key, value);
    this.values = new URLSearchParams(this.query);
    this.client.inPlace(key, value);
    this.events.changed(this);
  }

  /**
   * A pre-trained scene's start as an image (scripts/previews.mjs --posters),
   * painted at once and kept until the replay reaches `step`.
   */
  showPoster(url, step) {
    this.posterStep = step;
    const img = new Image();
    img.addEventListener('load', () => {
      if (!(this.posterStep > (this.frame?.step ?? 0))) return;
      this.heat.fit();
      this.heat.ctx.drawImage(img, 0, 0, this.heat.w, this.heat.h);
      this.posterShownAt = performance.now();
    });
    // No image (not made yet, offline): the live frames show as they come.
    img.addEventListener('error', () => { this.posterStep = 0; });
    img.src = url;
  }

  /** The share of its worker's time that frames may take (schedule.js, frameShare). */
  setFrameShare(value) {
    this.frameShare = value;
    this.client?.share(value);
  }

  /** A new scene from `query` (step 0); resolves once the engine has built it. */
  create(query) {
    this.creates = (this.creates ?? 0) + 1;
    this.#enable(true);
    // The next change (a second tap, a quick edit) builds on this one, before Rust's canonical form is back.
    this.query = query;
    return new Promise((resolve) => {
      // The worker answers creates in order: one resolver each, first in first out.
      this.waiting.push(resolve);
      this.client.create(query, this.settings);
    });
  }

  /**
   * A frame from the worker. When the page has drawn the last one, the worker may
   * start the next at once (so a new frame is ready by the next repaint: 60 fps
   * needs that overlap); when the page is behind, the two are merged (no step's
   * history is lost) and the worker waits until this one is drawn.
   */
  #received(m) {
    const behind = this.pending !== null;
    this.pending = behind ? mergeFrames(this.pending, m) : m;
    this.step = m.step;
    this.until = m.until;
    if (behind) this.owed = true;
    else this.client.drawn();
    this.events.frame(this);
  }

  #created(m) {
    // Rust's canonical form, unless a newer create (a tap that came meanwhile) is on its way.
    if (this.waiting.length <= 1) this.query = m.configQuery;
    this.values = new URLSearchParams(m.configQuery);
    this.pointsId = m.pointsId; // names a set of points too many for a link (ui/point-store.js)
    this.plane = m.plane;
    this.view = m.view;
    this.data = m.data;
    this.step = 0;
    this.until = 0;
    this.frame = null;
    this.kept = {};
    // A frame of the old scene, still undrawn: never shown, but a credit it still owes goes back.
    this.pending = null;
    if (this.owed) {
      this.owed = false;
      this.client.drawn();
    }
    this.error = null;
    for (const s of Object.values(this.series)) s.clear();
    const drawing = this.values.get('data') === 'points';
    this.el('energy').classList.toggle('drawing', drawing);
    this.el('points').hidden = !drawing;
    // Only the reader's own change is kept (a fresh start with no points must not erase saved ones).
    if (drawing && this.pointsChanged) this.pointsTools?.save();
    this.pointsChanged = false;
    if (this.pointsNote) this.events.info?.(this, this.pointsNote);
    this.pointsNote = null;
    this.el('lesson').textContent = describe(this.values, this.plane);
    this.#showReads(m.reads, m.problems);
    this.#applyViews(m);
    this.fresh = true; // the next frame drawn is the first of this scene
    this.events.created(this);
    this.waiting.shift()?.();
  }

  /** Shows the controls the scene reads; problems of hidden controls go to the page's banner. */
  #showReads(readsJson, problems = this.allProblems ?? []) {
    this.reads = new Set(JSON.parse(readsJson));
    this.allProblems = problems;
    syncControls(this.el('controls'), this.values, this.reads, this.fixed);
    applyFixed(this, this.fixed);
    this.problems = showProblems(this.el('controls'), problems);
    if (this.data && this.data.length === 0 && this.reads.has('data')) this.problems.push('No data points yet: tap the plane to add some, then press Play.');
  }

  /**
   * A view key changed (a control, a tap, a drag): the engine redraws, nothing is
   * rebuilt. Resolves with the engine's problems with the views, once it answers.
   */
  setView(key, value) {
    this.query = withValue(this.query, key, value);
    this.values = new URLSearchParams(this.query);
    this.client.views(this.query);
    return new Promise((ok) => this.viewAnswers.push(ok));
  }

  /** The pane's own points (data=points) become `pts`: a new scene; `note` is said once it stands. */
  setPoints(pts, note = null) {
    const q = new URLSearchParams(this.query);
    q.set('pts', pts);
    q.set('test', '0');
    this.pointsNote = note;
    this.pointsChanged = true;
    this.events.transport(this, 'scene', q.toString());
  }

  /** The engine's answer to new view keys (or a new scene): its canonical keys, what is on, what the heat map shows. */
  #applyViews(m) {
    const q = new URLSearchParams(this.query);
    for (const f of this.viewSchema ?? []) q.delete(f.key);
    for (const [k, v] of new URLSearchParams(m.viewQuery)) q.set(k, v);
    this.query = q.toString();
    this.values = new URLSearchParams(this.query);
    this.active = m.active;
    this.catalogue = m.catalogue;
    this.heatLabel = m.heatLabel;
    this.el('plane').textContent = `Heat map: ${m.heatLabel} (dark = low, bright = high)`;
    syncViews(this.el('views'), this.viewSchema, this.values, m.catalogue, m.viewReads);
    applyFixed(this, this.fixed);
    // A new scene's problems (the views' among them) went to the banner with the config's;
    // a change of view puts its problem next to its control.
    const rest = showProblems(this.el('views'), m.type === 'views' ? m.problems : []);
    if (m.type === 'views') {
      this.viewAnswers.shift()?.(m.problems); // the worker answers views in order
      if (rest.length > 0) this.events.problem?.(this, rest.join(' '));
      this.events.changed(this);
    }
    // Step by phase: offered by the engine for contrastive ML only.
    this.el('phasebtn').hidden = !m.catalogue.some((v) => v.key === 'phases' && v.unavailable === '');
    const panelOpen = this.active.some((k) => k in PANELS);
    this.el('panel').hidden = !panelOpen;
    this.panelJson = 'null';
  }

  /** Sampler and heat-map settings of this pane. */
  setSettings(settings) {
    this.settings = { ...this.settings, ...settings };
    this.client.settings(this.settings);
  }

  run(until) {
    this.until = until;
    this.client.run(until);
  }

  /** Draws the pending frame, if any, then lets the worker send the next. */
  draw() {
    const f = this.pending;
    if (!f || !this.view) return;
    const t0 = performance.now();
    this.pending = null;
    this.frame = f;
    if (this.posterStep > f.step) {
      // The poster stays until the replay reaches its step (the frames on the way would undo it).
      if (this.owed) {
        this.owed = false;
        this.client.drawn();
      }
      return;
    }
    // history: [step, loss, E₊, E₋] per step since the last frame.
    for (let i = 0; i + 3 < f.history.length; i += 4) {
      this.series.loss.push(f.history[i], f.history[i + 1]);
      this.series.ePos.push(f.history[i], f.history[i + 2]);
      this.series.eNeg.push(f.history[i], f.history[i + 3]);
    }
    const nllAt = this.series.nllTrain.x[this.series.nllTrain.count - 1];
    if (Number.isFinite(f.nll[0]) && f.step > 0 && nllAt !== f.nll[2]) {
      this.series.nllTrain.push(f.nll[2], f.nll[0]);
      this.series.nllTest.push(f.nll[2], f.nll[1]);
    }
    this.rate = f.rate;
    if (f.error && f.error !== this.error) {
      this.error = f.error;
      this.events.problem?.(this, f.error);
    }
    const heat = this.heat;
    heat.fit();
    heat.paint(new Uint8ClampedArray(f.rgba.buffer, f.rgba.byteOffset, f.rgba.length), f.n);
    heat.axesAndData(this.view, this.data);
    if (f.segments.length > 0) heat.segments(this.view, f.segments);
    const count = f.provenance.length;
    if (count > 0) heat.points(this.view, f.negatives, { kind: f.provenance, radius: 2.1, count });
    if (f.samples) heat.points(this.view, f.samples, { colour: '#b4ff5a', radius: 1.1, count: f.samples.length / 2 });
    // A slow layer (inference) comes only when recomputed: the last one is drawn meanwhile.
    for (const [key, drawLayer] of LAYERS) {
      const part = this.active.includes(key) ? (f.layers?.[key] ?? this.kept[key]) : null;
      this.kept[key] = part;
      if (part) drawLayer(heat, this.view, part);
    }
    drawPanelMark(heat, this.view, this);
    heat.legend(f.stats[2], f.stats[3]);
    if (f.panel && f.panel !== this.panelJson) {
      this.panelJson = f.panel;
      const panel = JSON.parse(f.panel);
      PANELS[panel.kind]?.(this.el('panel'), panel);
      // Its text alternative: the engine's title of what the panel shows.
      if (panel.title) this.el('panel').setAttribute('aria-label', `Panel: ${panel.title}`);
    }
    showReadouts(this, f);
    if (this.owed) {
      this.owed = false;
      this.client.drawn();
    }
    this.drawn += 1;
    this.drawMs = performance.now() - t0;
    this.firstFrameMs ??= performance.now();
    if (this.fresh) {
      this.fresh = false;
      this.sceneShownAt = performance.now();
    }
  }

  /** This pane's latest numbers (the embed API's `metrics` event); null where there is none yet. */
  metrics() {
    const f = this.pending ?? this.frame;
    const [, loss, ePos, eNeg] = f?.metrics ?? [];
    const num = (v) => (Number.isFinite(v) && this.step > 0 ? v : null);
    return { pane: this.index + 1, step: this.step, loss: num(loss), ePos: num(ePos), eNeg: num(eNeg), nllTest: num(f?.nll[1]), nllTrain: num(f?.nll[0]) };
  }

  /** Labels the pane (its number and colour) and whether it may be removed. */
  label(index, removable) {
    this.index = index;
    this.root.dataset.pane = String(index + 1);
    this.el('title').textContent = `Pane ${index + 1}`;
    this.el('swatch').dataset.colour = String(index);
    this.el('remove').hidden = !removable;
  }

  wire() {
    const on = (role, type, f) => this.el(role).addEventListener(type, f);
    on('play', 'click', () => this.events.transport(this, this.playing ? 'pause' : 'play'));
    on('stepbtn', 'click', () => this.events.transport(this, 'step'));
    on('reset', 'click', () => this.events.transport(this, 'reset'));
    on('newseed', 'click', () => this.events.transport(this, 'seed'));
    on('png', 'click', () => this.events.save?.(this, 'png'));
    on('json', 'click', () => this.events.save?.(this, 'json'));
    on('pytorch', 'click', () => this.events.save?.(this, 'pytorch'));
    on('phasebtn', 'click', () => this.events.transport(this, 'phase'));
    on('remove', 'click', () => this.events.transport(this, 'remove'));
    this.root.addEventListener('pointerdown', () => this.events.focus(this), { capture: true });
    for (const role of ['chains', 'backend', 'res']) {
      const select = this.el(role);
      select.value = String(this.settings[role]);
      on(role, 'change', () => {
        this.setSettings({ [role]: role === 'backend' ? select.value : Number(select.value) });
        this.events.changed(this);
      });
    }
    wirePlane(this, this.el('energy'));
  }

  #enable(on) {
    for (const role of ['play', 'stepbtn', 'reset', 'newseed', 'phasebtn', 'chains', 'res', 'backend']) this.el(role).disabled = !on;
  }

  /** The engine died: buttons off until the restart. */
  disable() {
    this.#enable(false);
  }

  /** The test hook of this pane: numbers, not pixels (window.__ebm.panes[i]; pane-hook.js). */
  hook() {
    return paneHook(this);
  }
}
