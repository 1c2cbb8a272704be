// The colour bar beside the heat map, from lo (bottom) to hi (top); what the
// plane shows is named in the caption above the canvas (#plane).

import { viridis } from './colormap.js';

/** Draws the bar at (x, top) of the given height on ctx. */
export function drawLegend(ctx, x, top, height, lo, hi) {
  const bottom = top + height;
  for (let y = top; y < bottom; y++) {
    const [r, g, b] = viridis(1 - (y - top) / height);
    ctx.fillStyle = `rgb(${r},${g},${b})`;
    ctx.fillRect(x, y, 14, 1);
  }
  ctx.fillStyle = '#9aa7b4';
  ctx.font = '11px system-ui, sans-serif';
  ctx.fillText(fmt(hi) + '+', x + 17, top + 9);
  ctx.fillText(fmt((lo + hi) / 2), x + 17, (top + bottom) / 2 + 4);
  ctx.fillText(fmt(lo), x + 17, bottom);

}

function fmt(v) {
  if (!Number.isFinite(v)) return '–';
  return Math.abs(v) >= 100 ? v.toExponential(1) : v.toFixed(2);
}
