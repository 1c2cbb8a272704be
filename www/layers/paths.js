// The sampler's paths in the last training step: the first six chains, from
// where they started (ring) through every step to their negative (dot), with
// × where a Metropolis proposal was rejected (the chain stayed). The engine
// recorded them (src/sampler/trajectories.rs) and packed [chains, points per
// chain, each chain's y1, y2 pairs, then each chain's moved flags per step].

const COLOURS = ['#ffe14d', '#35d0ff', '#ff4fd8', '#b4ff5a', '#ff8c1a', '#ffffff'];

export function drawSamplerPaths(heat, view, packed) {
  const [chains, len] = [packed[0], packed[1]];
  if (chains === 0) return;
  const ctx = heat.ctx;
  const { px, py, clip } = heat.mapper(view);
  const movedAt = 2 + chains * len * 2;
  ctx.save();
  clip();
  ctx.lineWidth = 1.3;
  for (let c = 0; c < chains; c++) {
    const at = 2 + c * len * 2;
    const x = (k) => px(packed[at + 2 * k]);
    const y = (k) => py(packed[at + 2 * k + 1]);
    ctx.strokeStyle = COLOURS[c % COLOURS.length];
    ctx.beginPath();
    for (let k = 0; k < len; k++) if (k === 0) ctx.moveTo(x(k), y(k)); else ctx.lineTo(x(k), y(k));
    ctx.stroke();
    ctx.beginPath();
    for (let k = 1; k < len; k++) {
      if (packed[movedAt + c * (len - 1) + k - 1] !== 0) continue;
      ctx.moveTo(x(k) - 3, y(k) - 3); ctx.lineTo(x(k) + 3, y(k) + 3);
      ctx.moveTo(x(k) + 3, y(k) - 3); ctx.lineTo(x(k) - 3, y(k) + 3);
    }
    ctx.stroke();
    ctx.beginPath();
    ctx.arc(x(0), y(0), 3, 0, 2 * Math.PI);
    ctx.stroke();
    ctx.beginPath();
    ctx.arc(x(len - 1), y(len - 1), 3.5, 0, 2 * Math.PI);
    ctx.fillStyle = COLOURS[c % COLOURS.length];
    ctx.fill();
  }
  ctx.restore();
}
