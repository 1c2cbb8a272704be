// Where the open panel looks, marked on the plane: the view key its taps set
// (the engine's catalogue), a number as a dashed vertical line at that x
// (the slice's x₀: drag it), a point as a ring (the latent panel's picked y).
// The values are the link's, as the engine canonicalised them.

export function drawPanelMark(heat, view, { catalogue, active, values, viewSchema }) {
  const open = catalogue.find((v) => v.kind === 'panel' && v.tap && active.includes(v.key));
  const value = open && values.get(open.tap);
  if (!value) return;
  const field = viewSchema.find((f) => f.key === open.tap);
  const ctx = heat.ctx;
  const { px, py, f, clip } = heat.mapper(view);
  ctx.save();
  clip();
  ctx.strokeStyle = '#ff8c1a';
  ctx.lineWidth = 2;
  if (field?.type === 'float') {
    const x = px(Number(value));
    ctx.setLineDash([6, 4]);
    ctx.beginPath();
    ctx.moveTo(x, f.y);
    ctx.lineTo(x, f.y + f.size);
    ctx.stroke();
    ctx.setLineDash([]);
    ctx.fillStyle = '#ff8c1a';
    ctx.font = '11px system-ui, sans-serif';
    ctx.fillText(field.label, x + 4, f.y + 12);
  } else {
    const [a, b] = value.split(',').map(Number);
    ctx.beginPath();
    ctx.arc(px(a), py(b), 6, 0, 2 * Math.PI);
    ctx.stroke();
  }
  ctx.restore();
}
