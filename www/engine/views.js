// The views' parts of a frame, on the worker's side: which views are on (the
// engine says, Playground.activeViews), their numbers for this frame, and when
// the slow ones are due again. Layers come as flat Float32Arrays (transferred),
// an open panel as JSON (src/wasm/views.rs says the layouts).

/** How often an open panel and the inference paths are recomputed while training
 * (a changed view: at once). Between, the page keeps drawing the last ones. */
const SLOW_MS = 150;

/** Reads of the samples from the model that their paths show. */
const SAMPLE_READS = 10;

/**
 * Layer key → the getter of its part (src/wasm/views.rs): from the Playground,
 * or (the paths, when training draws none) from the samples' trace.
 */
const LAYER_PARTS = {
  contours: (pg) => pg.contours(),
  field: (pg) => pg.fieldArrows(),
  push: (pg) => pg.pushArrows(),
  paths: (pg, trace) => {
    const own = pg.samplerPaths();
    return own[0] > 0 || !trace ? own : trace.paths(SAMPLE_READS);
  },
  infer: (pg) => ({ paths: pg.inferPaths(), tapped: pg.inferTapped() }),
};
/** Layers recomputed only when due (a descent per start, per frame, is too much). */
const SLOW_LAYERS = new Set(['infer']);

export class ViewParts {
  constructor() {
    this.active = []; // the views on (layers, then an open panel)
    this.catalogue = []; // the views this scene offers
    this.panel = { json: 'null', at: -Infinity, step: -1 }; // the open panel's last numbers
    this.slow = {}; // when each slow layer was last sent
  }

  /** After a new scene or new view keys: what is on now; every part is due. */
  changed(pg) {
    this.active = JSON.parse(pg.activeViews());
    this.catalogue = JSON.parse(pg.viewCatalogue());
    this.open = this.catalogue.find((v) => v.kind === 'panel' && this.active.includes(v.key)) ?? null;
    this.panel = { json: 'null', at: -Infinity, step: -1 };
    this.slow = {};
  }

  /** What the page needs after a change: which views are on, what the heat map shows. */
  state(pg) {
    return {
      active: this.active,
      catalogue: this.catalogue,
      viewReads: JSON.parse(pg.viewReads()),
      heatLabel: pg.heatLabel(),
      viewQuery: pg.viewQuery(),
    };
  }

  /** The open panel reads the samples from the model: hand them over. */
  feedSamples(pg, positions) {
    if (positions && this.open?.refresh === 'samples') pg.setSamples(positions);
  }

  /**
   * The layers' parts for this frame (the slow ones only when due) and the
   * open panel's JSON; `training`: steps are still being taken; `trace`: the
   * samples from the model's SamplerTrace, if they run. Returns
   * { layers, panel, transfer } (transfer: the buffers to move to the page).
   */
  frame(pg, now, training, trace = null) {
    // A slow part is due on a new step once SLOW_MS have passed, or at once when training stops.
    const due = (last) => last.step !== pg.step() && (now - last.at > SLOW_MS || !training);
    const layers = {};
    for (const key of this.active) {
      const get = LAYER_PARTS[key];
      if (!get) continue;
      if (SLOW_LAYERS.has(key)) {
        const last = this.slow[key] ?? { at: -Infinity, step: -1 };
        if (!due(last)) continue;
        this.slow[key] = { at: now, step: pg.step() };
      }
      layers[key] = get(pg, trace);
    }
    if (this.open) {
      // A panel of the samples follows their reads, which go on while training is paused.
      const stale = this.open.refresh === 'samples' ? now - this.panel.at > SLOW_MS : due(this.panel);
      if (stale) this.panel = { json: pg.panel(), at: now, step: pg.step() };
    }
    const transfer = Object.values(layers).map((p) => (p.paths ?? p).buffer);
    return { layers, panel: this.open ? this.panel.json : null, transfer };
  }
}
