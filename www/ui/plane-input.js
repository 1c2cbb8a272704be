// What a tap or a drag on the plane means, by what the pane shows: with the
// inference layer on, a tap starts a descent there; with the latent panel, it
// picks the y whose E(y, z) is drawn; with the slice panel, a tap or a drag
// moves x₀; with data=points, a tap adds a point. One point per tap: not the
// second finger of a pinch, not a right click.

/** The view key a tap sets, or 'points' for a new data point, or null. */
export function tapMeaning(active, values) {
  if (active.includes('infer')) return 'from';
  if (active.includes('latent')) return 'pick';
  if (active.includes('slice')) return 'x0';
  if (values.get('data') === 'points') return 'points';
  return null;
}

/**
 * Wires the plane canvas of `pane`: pane.heat and pane.view map pixels to the
 * plane; pane.setView(key, value) and pane.addPoint([y1, y2]) act.
 */
export function wirePlane(pane, canvas) {
  let dragging = false;
  let pendingX0 = null;
  const at = (ev) => {
    const r = canvas.getBoundingClientRect();
    return pane.view ? pane.heat.toPlane(pane.view, ev.clientX - r.left, ev.clientY - r.top) : null;
  };
  const fmt = (v) => v.toFixed(3);
  canvas.addEventListener('pointerdown', (ev) => {
    if (!ev.isPrimary || ev.button !== 0) return;
    const p = at(ev);
    if (!p) return;
    const meaning = tapMeaning(pane.active ?? [], pane.values);
    if (meaning === 'points') pane.addPoint(p);
    else if (meaning === 'x0') {
      dragging = true;
      canvas.setPointerCapture?.(ev.pointerId);
      pane.setView('x0', fmt(p[0]));
    } else if (meaning) pane.setView(meaning, `${fmt(p[0])},${fmt(p[1])}`);
  });
  // Dragging x₀: one change per animation frame, however fast the pointer moves.
  canvas.addEventListener('pointermove', (ev) => {
    if (!dragging || !ev.isPrimary) return;
    const p = at(ev);
    if (!p) return;
    if (pendingX0 === null) {
      requestAnimationFrame(() => {
        pane.setView('x0', fmt(pendingX0));
        pendingX0 = null;
      });
    }
    pendingX0 = p[0];
  });
  const stop = () => { dragging = false; };
  canvas.addEventListener('pointerup', stop);
  canvas.addEventListener('pointercancel', stop);
}
