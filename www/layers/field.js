// The gradient field −∇F as arrows on a coarse mesh: the way inference moves a
// point. The engine sized them (src/views/field.rs): x0, y0, x1, y1 per arrow.

export function drawField(heat, view, arrows) {
  const ctx = heat.ctx;
  const { px, py, clip } = heat.mapper(view);
  ctx.save();
  clip();
  ctx.strokeStyle = 'rgba(255, 255, 255, 0.85)';
  ctx.fillStyle = 'rgba(255, 255, 255, 0.85)';
  ctx.lineWidth = 1.1;
  ctx.beginPath();
  const heads = [];
  for (let i = 0; i + 3 < arrows.length; i += 4) {
    const [x0, y0, x1, y1] = [px(arrows[i]), py(arrows[i + 1]), px(arrows[i + 2]), py(arrows[i + 3])];
    ctx.moveTo(x0, y0);
    ctx.lineTo(x1, y1);
    heads.push([x0, y0, x1, y1]);
  }
  ctx.stroke();
  // Heads: a small triangle at each tip, along the shaft (in pixels: drawing, not maths of the model).
  ctx.beginPath();
  for (const [x0, y0, x1, y1] of heads) {
    const len = Math.hypot(x1 - x0, y1 - y0);
    if (len < 2) continue;
    const [ux, uy] = [(x1 - x0) / len, (y1 - y0) / len];
    const size = Math.min(4, len / 2);
    ctx.moveTo(x1, y1);
    ctx.lineTo(x1 - size * ux - 0.6 * size * uy, y1 - size * uy + 0.6 * size * ux);
    ctx.lineTo(x1 - size * ux + 0.6 * size * uy, y1 - size * uy - 0.6 * size * ux);
    ctx.closePath();
  }
  ctx.fill();
  ctx.restore();
}
