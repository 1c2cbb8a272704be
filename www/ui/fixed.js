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
