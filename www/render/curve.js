// A line plot of the recent loss values (a ring of the last `capacity`).

export class Curve {
  constructor(canvas, capacity = 600) {
    this.canvas = canvas;
    this.values = new Float32Array(capacity);
    this.count = 0;
  }

  clear() {
    this.count = 0;
  }

  push(v) {
    this.values[this.count % this.values.length] = v;
    this.count += 1;
  }

  draw(title) {
    const ctx = this.canvas.getContext('2d');
    const { width, height } = this.canvas;
    ctx.clearRect(0, 0, width, height);
    const n = Math.min(this.count, this.values.length);
    ctx.fillStyle = '#9aa7b4';
    ctx.font = '11px system-ui, sans-serif';
    ctx.fillText(title, 6, 14);
    if (n < 2) return;
    const start = this.count - n;
    const at = (i) => this.values[(start + i) % this.values.length];
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = 0; i < n; i++) {
      const v = at(i);
      if (Number.isFinite(v)) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
    }
    if (!(hi > lo)) hi = lo + 1;
    ctx.strokeStyle = '#ffb000';
    ctx.beginPath();
    for (let i = 0; i < n; i++) {
      const x = 4 + (i / (n - 1)) * (width - 8);
      const y = height - 6 - ((at(i) - lo) / (hi - lo)) * (height - 26);
      if (i === 0) ctx.moveTo(x, y); else ctx.lineTo(x, y);
    }
    ctx.stroke();
    ctx.fillText(`${hi.toFixed(3)}`, width - 60, 14);
    ctx.fillText(`${lo.toFixed(3)}`, width - 60, height - 4);
  }
}
