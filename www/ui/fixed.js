// What a scene or a link (hide=, lock=) keeps from the reader, beyond the
// config's controls (ui/controls.js does those): the Views box's keys and the
// sampler and heat-map settings. A hidden one is not shown; a locked one shows,
// disabled, with the lock mark "(fixed)".

/** Applies `fixed` ({ hide, lock }: key lists) to pane p's views and settings. */
export function applyFixed(p, fixed) {
  const views = p.el('views');
  for (const input of views.querySelectorAll('[name]')) mark(input.closest('label'), input, input.name, fixed);
  const layers = views.querySelector('fieldset.layers');
  if (layers) {
    layers.hidden = fixed.hide.includes('layers');
    const locked = fixed.lock.includes('layers');
    layers.classList.toggle('locked', locked);
    // A layer the scene cannot draw stays off whatever the lock says.
    for (const box of layers.querySelectorAll('input')) box.disabled = locked || box.dataset.unavailable === '1';
  }
  for (const role of ['chains', 'res', 'backend']) mark(p.el(role).closest('label'), p.el(role), role, fixed);
}

function mark(label, input, key, fixed) {
  if (!label) return;
  if (fixed.hide.includes(key)) label.hidden = true;
  const locked = fixed.lock.includes(key);
  if (locked) input.disabled = true;
  label.classList.toggle('locked', locked);
}

/** Messages for the keys a link hides or locks that no control of the page has. */
export function fixedProblems(fixed, pane) {
  const known = new Set([...pane.schema.map((f) => f.key), ...pane.viewSchema.map((f) => f.key), 'chains', 'res', 'backend']);
  const out = [];
  for (const which of ['hide', 'lock']) {
    const bad = fixed[which].filter((k) => !known.has(k));
    if (bad.length) out.push(`${which}: ${bad.map((k) => `'${k}'`).join(', ')} ${bad.length > 1 ? 'are not controls' : 'is not a control'} of the playground; ignored`);
  }
  return out;
}
