// PNG export: a pane's figure as the page draws it (the heat map with its axes
// and colour bar, its caption, the open panel under it), or every pane side by
// side. Pixels are copied from the canvases at their device resolution; no
// number is computed here.

const BG = '#101418';
const FG = '#e8edf2';
const PAD = 12;

/** One pane's figure on one canvas: caption, heat map, panel (when open). */
export function paneFigure(pane) {
  const heat = pane.el('energy');
  const panel = pane.el('panel');
  const parts = [heat, ...(panel.hidden ? [] : [panel])];
  const scale = heat.width / heat.clientWidth || 1;
  const font = Math.round(14 * scale);
  const caption = pane.el('plane').textContent;
  const width = Math.max(...parts.map((c) => c.width)) + 2 * PAD;
  const height = parts.reduce((h, c) => h + c.height + PAD, font * 1.6 + PAD) + PAD;
  const out = document.createElement('canvas');
  out.width = width;
  out.height = Math.round(height);
  const g = out.getContext('2d');
  g.fillStyle = BG;
  g.fillRect(0, 0, out.width, out.height);
  g.fillStyle = FG;
  g.font = `${font}px system-ui, sans-serif`;
  g.textBaseline = 'top';
  g.fillText(caption, PAD, PAD);
  let y = PAD + font * 1.6;
  for (const c of parts) {
    g.drawImage(c, PAD, y);
    y += c.height + PAD;
  }
  return out;
}

/** Every pane's figure side by side, top-aligned. */
export function pageFigure(panes) {
  const figures = panes.map(paneFigure);
  const out = document.createElement('canvas');
  out.width = figures.reduce((w, f) => w + f.width, 0);
  out.height = Math.max(...figures.map((f) => f.height));
  const g = out.getContext('2d');
  g.fillStyle = BG;
  g.fillRect(0, 0, out.width, out.height);
  let x = 0;
  for (const f of figures) {
    g.drawImage(f, x, 0);
    x += f.width;
  }
  return out;
}

/** Saves `canvas` as `name`.png through a download link. */
export function savePng(canvas, name) {
  canvas.toBlob((blob) => {
    if (blob) download(blob, `${name}.png`);
  }, 'image/png');
}

/** Saves `blob` as a file named `name`, through a download link. */
export function download(blob, name) {
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
}

/** A file name for the state shown: the scene (or data set) and the step. */
export function figureName(scene, pane) {
  const what = scene ?? pane.values.get('data') ?? 'playground';
  return `ebm-${what}-step${pane.step}`;
}
