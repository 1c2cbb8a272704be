// A small x–y plot for the panels beside the plane: axes with round ticks,
// lines, filled areas, bars, dots and dashed markers, in one rectangle of a
// canvas. Every number it places came from the engine; this maps them to pixels.

import { ticks } from './heatmap.js';

/** Sizes a canvas to its CSS box × devicePixelRatio; returns its 2-D context in CSS pixels. */
export function fitCanvas(canvas, height) {
  const dpr = globalThis.devicePixelRatio || 1;
  const w = Math.max(200, Math.round(canvas.clientWidth || 300));
  if (canvas.width !== Math.round(w * dpr) || canvas.height !== Math.round(height * dpr)) {
    canvas.width = Math.round(w * dpr);
    canvas.height = Math.round(height * dpr);
    canvas.style.height = `${height}px`;
  }
  const ctx = canvas.getContext('2d');
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.clearRect(0, 0, w, height);
  return { ctx, w, h: height };
}

const AXIS = '#9aa7b4';

/**
 * Plots into the rectangle {x, y, w, h} of ctx. spec: { xRange, yRange,
 * xLabel, yLabel, lines: [{x, y, colour, width, fill}], bars: {x, y, colour},
 * dots: [{x, y, colour}], marks: [{x, colour, label}] }.
 */
export function plot(ctx, box, spec) {
  const left = box.x + 40;
  const right = box.x + box.w - 8;
  const top = box.y + 4;
  const bottom = box.y + box.h - 18;
  const [x0, x1] = spec.xRange;
  const [y0, y1] = spec.yRange;
  const px = (v) => left + ((v - x0) / (x1 - x0)) * (right - left);
  const py = (v) => bottom - ((v - y0) / (y1 - y0)) * (bottom - top);
  ctx.save();
  ctx.font = '10px system-ui, sans-serif';
  ctx.strokeStyle = AXIS;
  ctx.fillStyle = AXIS;
  ctx.lineWidth = 1;
  ctx.strokeRect(left, top, right - left, bottom - top);
  for (const v of ticks(x0, x1)) {
    ctx.fillText(tick(v), px(v) - 8, bottom + 12);
  }
  for (const v of ticks(y0, y1)) {
    if (py(v) < top - 1 || py(v) > bottom + 1) continue;
    ctx.fillText(tick(v), box.x + 2, py(v) + 3);
  }
  if (spec.xLabel) ctx.fillText(spec.xLabel, right - ctx.measureText(spec.xLabel).width, bottom + 12);
  if (spec.yLabel) ctx.fillText(spec.yLabel, left + 4, top + 11);
  ctx.beginPath();
  ctx.rect(left, top, right - left, bottom - top);
  ctx.clip();
  if (spec.bars) {
    const { x, y, colour } = spec.bars;
    const width = Math.max(1, ((right - left) / x.length) * 0.8);
    ctx.fillStyle = colour;
    for (let i = 0; i < x.length; i++) {
      if (!Number.isFinite(y[i])) continue;
      ctx.fillRect(px(x[i]) - width / 2, py(y[i]), width, bottom - py(y[i]));
    }
  }
  for (const line of spec.lines ?? []) {
    ctx.beginPath();
    let pen = false;
    for (let i = 0; i < line.x.length; i++) {
      const v = line.y[i];
      if (v === null || !Number.isFinite(v)) { pen = false; continue; }
      if (pen) ctx.lineTo(px(line.x[i]), py(v)); else ctx.moveTo(px(line.x[i]), py(v));
      pen = true;
    }
    if (line.fill) {
      ctx.lineTo(px(line.x[line.x.length - 1]), bottom);
      ctx.lineTo(px(line.x[0]), bottom);
      ctx.closePath();
      ctx.fillStyle = line.fill;
      ctx.fill();
    }
    ctx.strokeStyle = line.colour;
    ctx.lineWidth = line.width ?? 1.5;
    ctx.stroke();
  }
  for (const d of spec.dots ?? []) {
    ctx.beginPath();
    ctx.arc(px(d.x), py(d.y), 3.5, 0, 2 * Math.PI);
    ctx.fillStyle = d.colour;
    ctx.fill();
  }
  ctx.setLineDash([4, 3]);
  for (const m of spec.marks ?? []) {
    ctx.strokeStyle = m.colour;
    ctx.beginPath();
    ctx.moveTo(px(m.x), top);
    ctx.lineTo(px(m.x), bottom);
    ctx.stroke();
    if (m.label) {
      ctx.fillStyle = m.colour;
      ctx.fillText(m.label, Math.min(px(m.x) + 3, right - ctx.measureText(m.label).width - 2), top + 22);
    }
  }
  ctx.restore();
}

/** Rows of coloured names below y (the top of the rows), wrapping within width w; returns the height used. */
export function legendRow(ctx, x, y, w, entries) {
  ctx.save();
  ctx.font = '10px system-ui, sans-serif';
  let cx = x;
  let base = y + 10; // the text's baseline
  for (const { name, colour } of entries) {
    const width = ctx.measureText(name).width + 18;
    if (cx + width > x + w) { cx = x; base += 14; }
    ctx.fillStyle = colour;
    ctx.fillRect(cx, base - 5, 10, 3);
    ctx.fillStyle = AXIS;
    ctx.fillText(name, cx + 13, base);
    cx += width;
  }
  ctx.restore();
  return base - y + 6;
}

/** A title line at the top of a panel, wrapped to width w; returns the height used. */
export function title(ctx, text, w) {
  ctx.save();
  ctx.font = '12px system-ui, sans-serif';
  ctx.fillStyle = '#e6edf3';
  const words = text.split(' ');
  let line = '';
  let y = 14;
  for (const word of words) {
    const next = line ? `${line} ${word}` : word;
    if (ctx.measureText(next).width > w - 8 && line) {
      ctx.fillText(line, 4, y);
      line = word;
      y += 15;
    } else line = next;
  }
  ctx.fillText(line, 4, y);
  ctx.restore();
  return y + 6;
}

function tick(v) {
  return Math.abs(v) < 1e-9 ? '0' : String(Number(v.toPrecision(3)));
}
