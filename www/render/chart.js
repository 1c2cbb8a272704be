// A small line chart of one quantity against the training step, one line per
// pane in the pane's colour (the strip under the panes). Series are flat typed
// arrays the engine sent; this file only maps them to pixels.

/** Most points a series keeps: beyond, every other point is dropped (the curve keeps its shape). */
const CAPACITY = 4000;

/** One pane's (step, value) pairs, appended as training runs. */
export class Series {
  constructor() {
    this.x = new Float64Array(CAPACITY);
    this.y = new Float64Array(CAPACITY);
    this.count = 0;
  }

  clear() {
    this.count = 0;
  }

  push(step, value) {
    if (this.count === CAPACITY) {
      for (let i = 0; i < CAPACITY / 2; i++) {
        this.x[i] = this.x[2 * i];
        this.y[i] = this.y[2 * i];
      }
      this.count = CAPACITY / 2;
    }
    this.x[this.count] = step;
    this.y[this.count] = value;
    this.count += 1;
  }
}

export class Chart {
  constructor(canvas, title) {
    this.canvas = canvas;
    this.title = title;
  }

  /** lines: [{ series, colour, dash }]; draws at device resolution, in CSS pixels. */
  draw(lines) {
    const dpr = globalThis.devicePixelRatio || 1;
    const w = Math.max(120, Math.round(this.canvas.clientWidth || 300));
    const h = Math.round(this.canvas.clientHeight || 110);
    if (this.canvas.width !== Math.round(w * dpr) || this.canvas.height !== Math.round(h * dpr)) {
      this.canvas.width = Math.round(w * dpr);
      this.canvas.height = Math.round(h * dpr);
    }
    const ctx = this.canvas.getContext('2d');
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, w, h);
    ctx.font = '12px system-ui, sans-serif';
    ctx.fillStyle = '#9aa7b4';
    ctx.fillText(this.title, 6, 14);
    let x0 = Infinity; let x1 = -Infinity; let y0 = Infinity; let y1 = -Infinity;
    for (const { series: s } of lines) {
      for (let i = 0; i < s.count; i++) {
        if (!Number.isFinite(s.y[i])) continue;
        x0 = Math.min(x0, s.x[i]); x1 = Math.max(x1, s.x[i]);
        y0 = Math.min(y0, s.y[i]); y1 = Math.max(y1, s.y[i]);
      }
    }
    if (!(x1 > x0) || !Number.isFinite(y0)) return;
    if (!(y1 > y0)) y1 = y0 + 1;
    const px = (x) => 4 + ((x - x0) / (x1 - x0)) * (w - 8);
    const py = (y) => h - 16 - ((y - y0) / (y1 - y0)) * (h - 36);
    for (const { series: s, colour, dash } of lines) {
      ctx.strokeStyle = colour;
      ctx.lineWidth = 1.2;
      ctx.setLineDash(dash ? [4, 3] : []);
      ctx.beginPath();
      let pen = false;
      for (let i = 0; i < s.count; i++) {
        if (!Number.isFinite(s.y[i])) { pen = false; continue; }
        if (pen) ctx.lineTo(px(s.x[i]), py(s.y[i])); else ctx.moveTo(px(s.x[i]), py(s.y[i]));
        pen = true;
      }
      ctx.stroke();
    }
    ctx.setLineDash([]);
    ctx.fillStyle = '#9aa7b4';
    ctx.textAlign = 'right';
    ctx.fillText(fmt(y1), w - 4, 14);
    ctx.fillText(fmt(y0), w - 4, h - 20);
    ctx.fillText(`step ${Math.round(x1)}`, w - 4, h - 3);
    ctx.textAlign = 'left';
    ctx.fillText(`${Math.round(x0)}`, 4, h - 3);
  }
}

function fmt(v) {
  return Math.abs(v) >= 1000 ? v.toExponential(1) : v.toFixed(3);
}
