// The colour bar beside the heat map, from lo (bottom) to hi (top); what the
// plane shows is named in the caption above the canvas (#plane).

import { viridis } from './colormap.js';

let ramp = null; // the colour map as a 1 × 256 image, top = high, made once

function colourRamp() {
  if (!ramp) {
    ramp = document.createElement('canvas');
    ramp.width = 1;
    ramp.height = 256;
    const img = ramp.getContext('2d').createImageData(1, 256);
    for (let i = 0; i < 256; i++) img.data.set([...viridis(1 - i / 255), 255], 4 * i);
    ramp.getContext('2d').putImageData(img, 0, 0);
  }
  return ramp;
}

/** Draws the bar at (x, top) of the given height on ctx: one image, stretched. */
export function drawLegend(ctx, x, top, height, lo, hi) {
  const bottom = top + height;
  ctx.imageSmoothingEnabled = true;
  ctx.drawImage(colourRamp(), x, top, 14, height);
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
