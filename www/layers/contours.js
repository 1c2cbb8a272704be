// Contour lines of what the heat map shows, labelled with their level. The
// engine traced them (src/views/contours.rs) and packed them:
// [levels, then per level: level, label x, label y, segments, x0, y0, x1, y1, …].

export function drawContours(heat, view, packed) {
  const ctx = heat.ctx;
  const { px, py, clip } = heat.mapper(view);
  ctx.save();
  clip();
  ctx.strokeStyle = 'rgba(255, 255, 255, 0.55)';
  ctx.lineWidth = 1;
  ctx.font = '10px system-ui, sans-serif';
  const labels = [];
  let i = 1;
  for (let l = 0; l < packed[0]; l++) {
    const [level, lx, ly, count] = packed.subarray(i, i + 4);
    i += 4;
    ctx.beginPath();
    for (let s = 0; s < count; s++, i += 4) {
      ctx.moveTo(px(packed[i]), py(packed[i + 1]));
      ctx.lineTo(px(packed[i + 2]), py(packed[i + 3]));
    }
    ctx.stroke();
    if (Number.isFinite(lx)) labels.push([px(lx), py(ly), level]);
  }
  // Labels on a dark chip, so they read on bright and dark cells alike.
  for (const [x, y, level] of labels) {
    const text = level.toPrecision(3).replace(/\.?0+$/, '');
    const w = ctx.measureText(text).width + 4;
    ctx.fillStyle = 'rgba(16, 20, 24, 0.75)';
    ctx.fillRect(x - w / 2, y - 6, w, 12);
    ctx.fillStyle = '#ffffff';
    ctx.fillText(text, x - w / 2 + 2, y + 4);
  }
  ctx.restore();
}
