// Where the open panel looks, marked on the plane: the slice's x₀ as a dashed
// vertical line (drag it), the latent panel's picked y as a ring. The values
// are the link's (`x0=`, `pick=`), as the engine canonicalised them.

export function drawPanelMark(heat, view, active, values) {
  const ctx = heat.ctx;
  const { px, py, f, clip } = heat.mapper(view);
  ctx.save();
  clip();
  ctx.strokeStyle = '#ff8c1a';
  ctx.lineWidth = 2;
  if (active.includes('slice')) {
    const x = px(Number(values.get('x0') ?? 0));
    ctx.setLineDash([6, 4]);
    ctx.beginPath();
    ctx.moveTo(x, f.y);
    ctx.lineTo(x, f.y + f.size);
    ctx.stroke();
    ctx.setLineDash([]);
    ctx.fillStyle = '#ff8c1a';
    ctx.font = '11px system-ui, sans-serif';
    ctx.fillText('x₀', x + 4, f.y + 12);
  }
  if (active.includes('latent')) {
    const [a, b] = (values.get('pick') ?? '0,0').split(',').map(Number);
    ctx.beginPath();
    ctx.arc(px(a), py(b), 6, 0, 2 * Math.PI);
    ctx.stroke();
  }
  ctx.restore();
}
