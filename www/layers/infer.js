// Inference paths: each descent of the energy from its start to where it lands
// (y̌), the tapped one bold. The engine ran them (src/views/infer.rs) and packed
// [paths, points per path, then each path's y1, y2 pairs].

export function drawInfer(heat, view, { paths: packed, tapped }) {
  const ctx = heat.ctx;
  const { px, py, clip } = heat.mapper(view);
  const [count, len] = [packed[0], packed[1]];
  ctx.save();
  clip();
  for (let p = 0; p < count; p++) {
    const at = 2 + p * len * 2;
    const bold = tapped && p === 0;
    ctx.strokeStyle = bold ? '#ffffff' : 'rgba(255, 255, 255, 0.6)';
    ctx.lineWidth = bold ? 2 : 1;
    ctx.beginPath();
    for (let k = 0; k < len; k++) {
      const [x, y] = [px(packed[at + 2 * k]), py(packed[at + 2 * k + 1])];
      if (k === 0) ctx.moveTo(x, y); else ctx.lineTo(x, y);
    }
    ctx.stroke();
    // Start: a hollow ring; end (y̌): a filled dot.
    const [sx, sy] = [px(packed[at]), py(packed[at + 1])];
    const [ex, ey] = [px(packed[at + 2 * len - 2]), py(packed[at + 2 * len - 1])];
    ctx.beginPath();
    ctx.arc(sx, sy, bold ? 4 : 2.5, 0, 2 * Math.PI);
    ctx.stroke();
    ctx.beginPath();
    ctx.arc(ex, ey, bold ? 4.5 : 3, 0, 2 * Math.PI);
    ctx.fillStyle = bold ? '#ffffff' : '#ffe14d';
    ctx.fill();
  }
  ctx.restore();
}
