// Marginal histograms of the samples from the model against p_β's exact
// marginals (src/views/marginals.rs): bars drawn, the exact counts as a line.

import { fitCanvas, plot, title } from '../render/plot.js';

export function drawMarginals(canvas, { marginals: m }) {
  const { ctx, w } = fitCanvas(canvas, 300);
  const top = title(ctx, m.title, w);
  const height = (300 - top) / 2;
  [[m.y1, 'y₁'], [m.y2, 'y₂']].forEach(([ax, name], i) => {
    const centres = ax.counts.map((_, k) => (ax.edges[k] + ax.edges[k + 1]) / 2);
    const highest = Math.max(1, ...ax.counts, ...ax.expected);
    plot(ctx, { x: 0, y: top + i * height, w, h: height }, {
      xRange: [ax.edges[0], ax.edges[ax.edges.length - 1]], yRange: [0, highest * 1.1], xLabel: name, yLabel: 'samples',
      bars: { x: centres, y: ax.counts, colour: 'rgba(180, 255, 90, 0.7)' },
      lines: [{ x: centres, y: ax.expected, colour: '#ffffff', width: 1.5 }],
    });
  });
}
