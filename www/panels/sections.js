// Free-energy cross-sections (src/views/sections.rs): F_β along a line for the
// practicum's β, coldest (F∞) white, warmest blue, with a legend of the engine's names.

import { fitCanvas, legendRow, plot, title } from '../render/plot.js';

/** Warm β (0.1) blue to cold (10) orange; F∞ white. */
const COLOURS = ['#3d7bff', '#35d0ff', '#b4ff5a', '#ffe14d', '#ff8c1a', '#ffffff'];

export function drawSections(canvas, { sections: s }) {
  const { ctx, w } = fitCanvas(canvas, 280);
  let top = title(ctx, s.title, w);
  const entries = s.names.map((name, i) => ({ name, colour: COLOURS[i % COLOURS.length] }));
  top += legendRow(ctx, 4, top, w - 8, entries);
  plot(ctx, { x: 0, y: top, w, h: 280 - top }, {
    xRange: [s.t[0], s.t[s.t.length - 1]], yRange: s.range, xLabel: s.axis, yLabel: 'F_β',
    lines: s.f.map((f, i) => ({ x: s.t, y: f, colour: COLOURS[i % COLOURS.length], width: i === s.f.length - 1 ? 2 : 1.3 })),
  });
}
