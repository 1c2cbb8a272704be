// The test hook of one pane (window.__ebm.panes[i]): numbers, not pixels. Tests
// and benches read the pane's state through it and never through the DOM's drawing.

/** The hook of `pane` (a Pane). */
export function paneHook(pane) {
  const f = () => pane.frame;
  return {
    get step() { return pane.step; },
    get drawn() { return pane.drawn; },
    /** How many scenes this pane has built (each control change that rebuilds is one). */
    get creates() { return pane.creates ?? 0; },
    get lo() { return f()?.stats[2]; },
    get hi() { return f()?.stats[3]; },
    get drawMs() { return pane.drawMs; },
    get firstFrameMs() { return pane.firstFrameMs; },
    /** When the first frame of the latest scene was drawn (performance.now()). */
    get sceneShownAt() { return pane.sceneShownAt ?? null; },
    evaluate: () => pane.client.call('evaluate'),
    finiteGrid: () => pane.client.call('finiteGrid'),
    energyGrid: () => pane.client.call('energyGrid'),
    hash: () => pane.client.call('hash'),
    grid: () => f()?.grid ?? { n: pane.settings.res, backend: 'cpu', status: '', fromGpu: false },
    stepMs: () => (pane.rate > 0 ? 1000 / pane.rate : NaN),
    lastError: () => pane.error ?? null,
    overlay: () => ({ marks: f()?.provenance.length ?? 0, segments: (f()?.segments.length ?? 0) / 4 }),
    sampler: () => f()?.sampler ?? { backend: null, status: '', drawn: 0, finite: false, acceptance: NaN, steps: 0, diagnostics: null },
    samples: () => Array.from(f()?.samples ?? []),
    data: () => Array.from(pane.data ?? []),
    query: () => pane.query,
    pause: () => pane.events.transport(pane, 'pause'),
    crash: () => pane.client.crash(),
    /** The bytes of this pane's wasm memory (it grows, never shrinks: a leak shows as growth). */
    wasmBytes: () => pane.client.call('memory'),
    /** Destroys the worker's GPU device, as a driver reset would (its sampler and heat map move to the CPU). */
    loseDevice: () => pane.client.call('loseDevice'),
    /** A panic inside wasm (the worker's instance traps). */
    panic: () => pane.client.call('testPanic').catch(() => null),
    /** An allocation inside wasm that fails (as out of memory: the instance traps too). */
    outOfMemory: () => pane.client.call('testOutOfMemory').catch(() => null),
    /** Where plane point p is on the heat map's canvas, in CSS pixels (for tests that tap it). */
    pixel: (p) => {
      const m = pane.heat.mapper(pane.view);
      return [m.px(p[0]), m.py(p[1])];
    },
    /** The views on, and what the last frame drew of each (counts; the panel's numbers). */
    views: () => {
      const l = f()?.layers ?? {};
      return {
        active: [...pane.active],
        heatLabel: pane.heatLabel,
        contours: l.contours ? contourCounts(l.contours) : null,
        arrows: l.field ? l.field.length / 4 : 0,
        push: l.push ? (l.push.length - 1) / 4 : 0,
        samplerPaths: l.paths ? { chains: l.paths[0], points: l.paths[1] } : null,
        paths: pane.kept.infer ? Array.from(pane.kept.infer.paths) : null,
        panel: JSON.parse(pane.panelJson),
        workerFrameMs: f()?.frameMs ?? NaN,
      };
    },
  };
}

/** Levels and segments per level of a packed contour part (src/wasm/views.rs). */
function contourCounts(packed) {
  const out = [];
  let i = 1;
  for (let l = 0; l < packed[0]; l++) {
    out.push({ level: packed[i], segments: packed[i + 3] });
    i += 4 + 4 * packed[i + 3];
  }
  return out;
}
