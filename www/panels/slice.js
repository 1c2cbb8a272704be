// The slice at x₀ (src/views/slice.rs): F(x₀, y) against y with its minima,
// and below it P(y | x₀), with the regression answer E[y | x₀] dashed on both.

import { fitCanvas, plot, title } from '../render/plot.js';

export function drawSlice(canvas, { slice: s }) {
  const { ctx, w } = fitCanvas(canvas, 300);
  const top = title(ctx, s.title, w);
  const xRange = [s.y[0], s.y[s.y.length - 1]];
  const mean = { x: s.mean, colour: '#ff8c1a', label: 'E[y | x₀]' };
  const height = (300 - top) / 2;
  plot(ctx, { x: 0, y: top, w, h: height }, {
    xRange, yRange: s.f_range, yLabel: 'F(x₀, y)',
    lines: [{ x: s.y, y: s.f, colour: '#ffe14d' }],
    dots: s.minima.map((m) => ({ x: m, y: s.f[s.y.findIndex((v) => v === m)], colour: '#ffffff' })),
    marks: [mean],
  });
  const pMax = Math.max(...s.p.filter(Number.isFinite), 1e-12);
  plot(ctx, { x: 0, y: top + height, w, h: height }, {
    xRange, yRange: [0, pMax * 1.1], xLabel: 'y', yLabel: 'P(y | x₀)',
    lines: [{ x: s.y, y: s.p, colour: '#35d0ff', fill: 'rgba(53, 208, 255, 0.25)' }],
    marks: [{ ...mean, label: '' }],
  });
}
