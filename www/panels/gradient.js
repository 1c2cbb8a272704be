// The sampled ML gradient against the exact one (src/train/gradient_check.rs):
// their cosine and relative difference at each step, with the running mean
// ± one standard deviation over the last steps as a band.

import { fitCanvas, plot, title } from '../render/plot.js';

export function drawGradient(canvas, { check: c }) {
  const { ctx, w } = fitCanvas(canvas, 300);
  const top = title(ctx, c.title, w);
  if (c.steps.length === 0) return;
  const xRange = [c.steps[0], Math.max(c.steps[c.steps.length - 1], c.steps[0] + 1)];
  const height = (300 - top) / 2;
  const band = (mean, sd) => {
    const x = [c.steps[Math.max(0, c.steps.length - c.window)], xRange[1]];
    return [
      { x, y: [mean, mean], colour: '#ffffff', width: 1 },
      { x, y: [mean + sd, mean + sd], colour: 'rgba(255, 255, 255, 0.35)', width: 1 },
      { x, y: [mean - sd, mean - sd], colour: 'rgba(255, 255, 255, 0.35)', width: 1 },
    ];
  };
  plot(ctx, { x: 0, y: top, w, h: height }, {
    xRange, yRange: [-1, 1], yLabel: 'cosine',
    lines: [{ x: c.steps, y: c.cosine, colour: '#35d0ff' }, ...band(c.mean_cosine, c.sd_cosine)],
  });
  plot(ctx, { x: 0, y: top + height, w, h: height }, {
    xRange, yRange: [0, c.rel_range], xLabel: 'step', yLabel: '‖g_mc − g‖ / ‖g‖',
    lines: [{ x: c.steps, y: c.rel, colour: '#ffb000' }, ...band(c.mean_rel, c.sd_rel)],
  });
}
