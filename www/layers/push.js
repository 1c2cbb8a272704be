// Push down here, pull up there: the last training step's data points (white
// arrows down: their energy is lowered) and negatives (orange arrows up: raised),
// each as long as its weight in the update. The engine sized them
// (src/views/push.rs) and packed [data arrows, then x0, y0, x1, y1 each].

export function drawPush(heat, view, packed) {
  const ctx = heat.ctx;
  const { px, py, clip } = heat.mapper(view);
  const down = packed[0];
  ctx.save();
  clip();
  ctx.lineWidth = 1.4;
  for (const [from, to, colour] of [[0, down, '#ffffff'], [down, (packed.length - 1) / 4, '#ff8c1a']]) {
    ctx.strokeStyle = colour;
    ctx.fillStyle = colour;
    ctx.beginPath();
    const tips = [];
    for (let i = from; i < to; i++) {
      const at = 1 + 4 * i;
      const [x, y0, y1] = [px(packed[at]), py(packed[at + 1]), py(packed[at + 3])];
      ctx.moveTo(x, y0);
      ctx.lineTo(x, y1);
      if (Math.abs(y1 - y0) > 3) tips.push([x, y1, Math.sign(y1 - y0)]);
    }
    ctx.stroke();
    ctx.beginPath();
    for (const [x, y, dir] of tips) {
      ctx.moveTo(x, y);
      ctx.lineTo(x - 3, y - 4 * dir);
      ctx.lineTo(x + 3, y - 4 * dir);
      ctx.closePath();
    }
    ctx.fill();
  }
  ctx.restore();
}
