// The colour bar: energy scale from lo (bottom) to hi (top).

import { viridis } from './colormap.js';

export function drawLegend(canvas, lo, hi) {
  const ctx = canvas.getContext('2d');
  const { width, height } = canvas;
  ctx.clearRect(0, 0, width, height);
  const top = 6;
  const bottom = height - 40;
  for (let y = top; y < bottom; y++) {
    const [r, g, b] = viridis(1 - (y - top) / (bottom - top));
    ctx.fillStyle = `rgb(${r},${g},${b})`;
    ctx.fillRect(4, y, 14, 1);
  }
  ctx.fillStyle = '#9aa7b4';
  ctx.font = '11px system-ui, sans-serif';
  ctx.fillText(fmt(hi) + '+', 21, top + 9);
  ctx.fillText(fmt((lo + hi) / 2), 21, (top + bottom) / 2 + 4);
  ctx.fillText(fmt(lo), 21, bottom);
  ctx.fillText('E(y)', 4, height - 22);
}

function fmt(v) {
  if (!Number.isFinite(v)) return '–';
  return Math.abs(v) >= 100 ? v.toExponential(1) : v.toFixed(2);
}
