// What a tap or a drag on the plane means, by what the pane shows: the first
// view on that names a key a tap sets (the engine's catalogue: inference sets
// its start, the latent panel its picked y, the slice its x₀, which can also
// be dragged); else, with data=points, a tap adds a point and a drag paints a
// stroke of them (ui/points.js). One pointer: not the second finger of a pinch,
// not a right click.

/** The view on that taps serve ({tap, drag}), or 'points' for a new data point, or null. */
export function tapMeaning(catalogue, active, values) {
  const view = catalogue.find((v) => v.tap && active.includes(v.key));
  if (view) return view;
  return values.get('data') === 'points' ? 'points' : null;
}

/**
 * Wires the plane canvas of `pane`: pane.heat and pane.view map pixels to the
 * plane; pane.catalogue, pane.active and pane.viewSchema say what a tap sets;
 * pane.setView(key, value) and pane.pointsTools.add(stroke) act.
 */
export function wirePlane(pane, canvas) {
  let dragging = null; // the key a drag sets
  let stroke = null; // the points of a stroke being painted (data=points)
  let pending = null; // the latest dragged point, sent once per animation frame
  const at = (ev) => {
    const r = canvas.getBoundingClientRect();
    return pane.view ? pane.heat.toPlane(pane.view, ev.clientX - r.left, ev.clientY - r.top) : null;
  };
  // A number key takes the tapped y₁, a text key the point "y₁,y₂" (the view schema's types).
  const value = (key, p) => {
    const number = pane.viewSchema.find((f) => f.key === key)?.type === 'float';
    return number ? p[0].toFixed(3) : `${p[0].toFixed(3)},${p[1].toFixed(3)}`;
  };
  canvas.addEventListener('pointerdown', (ev) => {
    if (!ev.isPrimary || ev.button !== 0) return;
    const p = at(ev);
    if (!p) return;
    const meaning = tapMeaning(pane.catalogue ?? [], pane.active ?? [], pane.values);
    if (meaning === 'points') {
      // A tap is a stroke of one point; a drag paints more; the stroke becomes data when the finger lifts.
      stroke = [p];
      pane.heat.points(pane.view, new Float32Array(p), { colour: '#ffffff', radius: 3 });
      canvas.setPointerCapture?.(ev.pointerId);
    } else if (meaning) {
      pane.setView(meaning.tap, value(meaning.tap, p));
      if (meaning.drag) {
        dragging = meaning.tap;
        canvas.setPointerCapture?.(ev.pointerId);
      }
    }
  });
  // Under a mouse (not a finger): the heat map's value at the cursor, one question to the engine at a time.
  let asking = false;
  let latest = null;
  const ask = () => {
    if (asking || !latest) return;
    const p = latest;
    latest = null;
    asking = true;
    pane.cursorValue(p).finally(() => { asking = false; ask(); });
  };
  canvas.addEventListener('pointermove', (ev) => {
    if (ev.pointerType === 'mouse') {
      latest = at(ev);
      ask();
    }
  });
  canvas.addEventListener('pointerleave', () => { latest = null; pane.cursorValue(null); });
  canvas.addEventListener('pointermove', (ev) => {
    if (!stroke || !ev.isPrimary) return;
    const p = at(ev);
    if (p && pane.pointsTools.spacingOk(stroke.at(-1), p)) {
      stroke.push(p);
      pane.heat.points(pane.view, new Float32Array(p), { colour: '#ffffff', radius: 3 });
    }
  });
  canvas.addEventListener('pointermove', (ev) => {
    if (!dragging || !ev.isPrimary) return;
    const p = at(ev);
    if (!p) return;
    if (pending === null) {
      requestAnimationFrame(() => {
        if (dragging) pane.setView(dragging, value(dragging, pending));
        pending = null;
      });
    }
    pending = p;
  });
  canvas.addEventListener('pointerup', () => {
    if (stroke) pane.pointsTools.add(stroke);
    stroke = null;
    dragging = null;
  });
  // A cancelled gesture (a scroll took over) paints nothing.
  canvas.addEventListener('pointercancel', () => { stroke = null; dragging = null; });
}
