// E(y, z) against z for the picked y (src/views/latent_curve.rs): the curve with
// ž marked, and under it the softmin weights that F_β averages with.

import { fitCanvas, plot, title } from '../render/plot.js';

export function drawLatent(canvas, { curve: c }) {
  const { ctx, w } = fitCanvas(canvas, 300);
  const top = title(ctx, c.title, w);
  const xRange = [c.z[0], c.z[c.z.length - 1] > c.z[0] ? c.z[c.z.length - 1] : c.z[0] + 1];
  const height = (300 - top) / 2;
  const zHat = { x: c.z[c.argmin], colour: '#ffffff', label: c.axis === 'z' ? 'ž' : 'best k' };
  plot(ctx, { x: 0, y: top, w, h: height }, {
    xRange, yRange: c.range, yLabel: 'E(y, z)',
    lines: c.axis === 'z' ? [{ x: c.z, y: c.e, colour: '#ffe14d' }] : [],
    dots: c.z.map((z, k) => ({ x: z, y: c.e[k], colour: k === c.argmin ? '#ffffff' : '#ffe14d' })),
    marks: [zHat],
  });
  plot(ctx, { x: 0, y: top + height, w, h: height }, {
    xRange, yRange: [0, Math.max(...c.weights, 1e-6) * 1.1], xLabel: c.axis, yLabel: 'softmin weight',
    bars: { x: c.z, y: c.weights, colour: 'rgba(53, 208, 255, 0.8)' },
    marks: [{ ...zHat, label: '' }],
  });
}
