// Draws the energy heat map (at grid resolution, scaled by the canvas), the
// axes, and the points over it. Low energy is dark (viridis), high is yellow.

import { lookupTable } from './colormap.js';
import { drawLegend } from './legend.js';

const LUT = lookupTable();
// Negatives from noise, from data, from the replay buffer; then the model's own marks.
export const PROVENANCE_COLOURS = ['#ff8c1a', '#ff4fd8', '#35d0ff', '#ff3b3b'];
/** The shape of each provenance (the legend under the page draws the same): noise, from data, buffer, model. */
export const PROVENANCE_SHAPES = ['circle', 'square', 'diamond', 'triangle'];

/** Sub-paths of one mark of size r at (x, y), added to the current path. */
const MARKS = {
  circle(ctx, x, y, r) {
    ctx.moveTo(x + r, y);
    ctx.arc(x, y, r, 0, 2 * Math.PI);
  },
  square(ctx, x, y, r) {
    ctx.rect(x - r, y - r, 2 * r, 2 * r);
  },
  diamond(ctx, x, y, r) {
    const d = 1.35 * r;
    ctx.moveTo(x, y - d);
    ctx.lineTo(x + d, y);
    ctx.lineTo(x, y + d);
    ctx.lineTo(x - d, y);
    ctx.closePath();
  },
  triangle(ctx, x, y, r) {
    const d = 1.45 * r;
    ctx.moveTo(x, y - d);
    ctx.lineTo(x + d, y + 0.8 * d);
    ctx.lineTo(x - d, y + 0.8 * d);
    ctx.closePath();
  },
};
const MARGIN = 34;
/** Room right of the plot for the colour bar and its labels (CSS pixels). */
const LEGEND_W = 64;
/** The canvas's height over its width. */
const ASPECT = 580 / 640;

export class HeatMap {
  constructor(canvas) {
    this.canvas = canvas;
    this.ctx = canvas.getContext('2d');
    this.cells = document.createElement('canvas');
    this.image = null;
    this.w = canvas.width;
    this.h = canvas.height;
    this.dpr = 1;
  }

  /**
   * Sizes the canvas's pixels to its CSS size × devicePixelRatio, so it is sharp
   * on any screen; drawing and hit-testing then use CSS pixels (one transform).
   */
  fit() {
    const dpr = globalThis.devicePixelRatio || 1;
    const w = Math.max(200, Math.round(this.canvas.clientWidth || this.w));
    // No empty band under a narrow plot: the height follows the square plot plus its axis labels.
    const h = Math.round(Math.min(w * ASPECT, w - MARGIN - LEGEND_W + 34));
    if (w !== this.w || h !== this.h || dpr !== this.dpr || this.canvas.width !== Math.round(w * dpr)) {
      this.w = w;
      this.h = h;
      this.dpr = dpr;
      this.canvas.width = Math.round(w * dpr);
      this.canvas.height = Math.round(h * dpr);
    }
    this.ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  }

  /** The colour map as 256 RGBA entries, for Rust to colour the cells with. */
  static colourMap() {
    return LUT;
  }

  /** The plotting rectangle in canvas pixels. */
  frame() {
    return { x: MARGIN, y: 6, size: Math.min(this.h - 6 - 28, this.w - MARGIN - LEGEND_W) };
  }

  /** Paints an n × n RGBA image (a Uint8ClampedArray, rows top-down) into the plot. */
  paint(rgba, n) {
    if (this.image?.data !== rgba) {
      this.cells.width = n;
      this.cells.height = n;
      this.image = new ImageData(rgba, n, n);
    }
    this.cells.getContext('2d').putImageData(this.image, 0, 0);
    const f = this.frame();
    const ctx = this.ctx;
    ctx.fillStyle = '#101418';
    ctx.fillRect(0, 0, this.w, this.h);
    ctx.imageSmoothingEnabled = true;
    ctx.drawImage(this.cells, f.x, f.y, f.size, f.size);
  }

  /**
   * The axes and the data points, which change only with the scene or the
   * canvas size: drawn once into a cached layer, then one image per frame.
   */
  axesAndData(view, data) {
    const key = `${this.w}:${this.h}:${this.dpr}:${view.join(',')}`;
    if (this.layer?.key !== key || this.layer.data !== data) {
      const canvas = this.layer?.canvas ?? document.createElement('canvas');
      canvas.width = Math.round(this.w * this.dpr);
      canvas.height = Math.round(this.h * this.dpr);
      const main = this.ctx;
      this.ctx = canvas.getContext('2d');
      this.ctx.setTransform(this.dpr, 0, 0, this.dpr, 0, 0);
      this.ctx.clearRect(0, 0, this.w, this.h);
      this.axes(view);
      this.points(view, data, { colour: '#ffffff', radius: 1.6 });
      this.ctx = main;
      this.layer = { key, data, canvas };
    }
    this.ctx.drawImage(this.layer.canvas, 0, 0, this.w, this.h);
  }

  /** The colour bar to the right of the plot. */
  legend(lo, hi) {
    const f = this.frame();
    drawLegend(this.ctx, f.x + f.size + 10, f.y, f.size, lo, hi);
  }

  /**
   * The one plane → pixel transform (CSS pixels) for the view box [x0, x1, y0, y1]:
   * px(x), py(y), the plot rectangle f, and clip() to keep drawing inside it.
   * toPlane is its inverse.
   */
  mapper(view) {
    const f = this.frame();
    const sx = f.size / (view[1] - view[0]);
    const sy = f.size / (view[3] - view[2]);
    const ctx = this.ctx;
    return {
      f,
      px: (x) => f.x + (x - view[0]) * sx,
      py: (y) => f.y + f.size - (y - view[2]) * sy,
      clip() {
        ctx.beginPath();
        ctx.rect(f.x, f.y, f.size, f.size);
        ctx.clip();
      },
    };
  }

  /** A point in CSS pixels from the canvas's top left -> plane point in the view box, or null outside the plot. */
  toPlane(view, px, py) {
    const f = this.frame();
    const tx = (px - f.x) / f.size;
    const ty = 1 - (py - f.y) / f.size;
    if (tx < 0 || tx > 1 || ty < 0 || ty > 1) return null;
    return [view[0] + tx * (view[1] - view[0]), view[2] + ty * (view[3] - view[2])];
  }

  /** Axis ticks and labels for the view box [x0, x1, y0, y1]. */
  axes(view) {
    const ctx = this.ctx;
    const f = this.frame();
    ctx.strokeStyle = '#9aa7b4';
    ctx.fillStyle = '#9aa7b4';
    ctx.font = '11px system-ui, sans-serif';
    ctx.strokeRect(f.x, f.y, f.size, f.size);
    for (const [axis, lo, hi] of [['x', view[0], view[1]], ['y', view[2], view[3]]]) {
      for (const v of ticks(lo, hi)) {
        const t = (v - lo) / (hi - lo);
        if (axis === 'x') {
          const px = f.x + t * f.size;
          ctx.fillText(label(v), px - 8, f.y + f.size + 16);
          ctx.beginPath(); ctx.moveTo(px, f.y + f.size); ctx.lineTo(px, f.y + f.size + 4); ctx.stroke();
        } else {
          const py = f.y + (1 - t) * f.size;
          ctx.fillText(label(v), 2, py + 4);
          ctx.beginPath(); ctx.moveTo(f.x - 4, py); ctx.lineTo(f.x, py); ctx.stroke();
        }
      }
    }
  }

  /**
   * Draws `count` interleaved points in one colour, or each by its provenance
   * kind[i]: PROVENANCE_COLOURS and, so that colour is never the only carrier,
   * PROVENANCE_SHAPES. Each mark has a thin dark rim, so light marks stay
   * visible on the bright end of the colour map. One path per kind, so a
   * thousand points cost a few fills, not a thousand.
   */
  points(view, xy, { colour = '#fff', radius = 2, kind = null, count = xy.length / 2 } = {}) {
    const ctx = this.ctx;
    const { f, px: toX, py: toY } = this.mapper(view);
    const groups = kind ? PROVENANCE_COLOURS.length : 1;
    for (let g = 0; g < groups; g++) {
      ctx.beginPath();
      let any = false;
      const mark = MARKS[kind ? PROVENANCE_SHAPES[g] : 'circle'];
      for (let i = 0; i < count; i++) {
        if (kind && kind[i] !== g) continue;
        const px = toX(xy[2 * i]);
        const py = toY(xy[2 * i + 1]);
        if (px < f.x || px > f.x + f.size || py < f.y || py > f.y + f.size) continue;
        mark(ctx, px, py, radius);
        any = true;
      }
      if (!any) continue;
      ctx.fillStyle = kind ? PROVENANCE_COLOURS[g] : colour;
      ctx.fill();
      ctx.lineWidth = 0.6;
      ctx.strokeStyle = 'rgba(0, 0, 0, 0.75)';
      ctx.stroke();
    }
  }
}

/** Segments x0, y0, x1, y1 (plane coordinates): a principal line, reconstruction arrows. */
HeatMap.prototype.segments = function segments(view, seg, colour = '#ff3b3b') {
  const ctx = this.ctx;
  const { px, py, clip } = this.mapper(view);
  ctx.save();
  clip();
  ctx.strokeStyle = colour;
  ctx.lineWidth = 1.2;
  ctx.beginPath();
  for (let i = 0; i + 3 < seg.length; i += 4) {
    ctx.moveTo(px(seg[i]), py(seg[i + 1]));
    ctx.lineTo(px(seg[i + 2]), py(seg[i + 3]));
  }
  ctx.stroke();
  ctx.restore();
};

/** Round tick values between lo and hi (about five). */
export function ticks(lo, hi) {
  const span = hi - lo;
  const step = [1, 2, 5, 10].map((m) => m * 10 ** Math.floor(Math.log10(span / 5))).find((s) => span / s <= 6);
  const out = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + 1e-9; v += step) out.push(Math.round(v / step) * step);
  return out;
}

function label(v) {
  return Math.abs(v) < 1e-9 ? '0' : String(Number(v.toPrecision(3)));
}
