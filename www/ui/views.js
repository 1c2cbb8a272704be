// The pane's "Views" box: a checkbox per layer, the heat map's quantity, the
// panel, and the keys those need (β of p_β, contour levels, x₀, …). Built from
// the engine's view schema and this scene's catalogue (which views it offers,
// and why not); which keys show is the engine's answer (Playground.viewReads).
// A change calls onChange(key, value); the engine validates it.

import { fieldControl } from './controls.js';

/** Builds the box once per pane; `syncViews` fills it for each scene. */
export function buildViews(form, schema, onChange) {
  form.replaceChildren();
  const layers = document.createElement('fieldset');
  layers.className = 'layers';
  layers.dataset.key = 'layers';
  const legend = document.createElement('legend');
  legend.textContent = 'on the plane';
  layers.append(legend);
  layers.addEventListener('change', () => {
    const on = [...layers.querySelectorAll('input:checked')].map((i) => i.value);
    onChange('layers', on.join(','));
  });
  form.append(layers);
  for (const field of schema) {
    if (field.key !== 'layers') form.append(fieldControl(field, onChange));
  }
}

/**
 * Puts the scene's view values into the box: layers it offers as checkboxes,
 * panels it cannot fill disabled (their reason as the tooltip), and only the
 * keys in `reads` shown.
 */
export function syncViews(form, schema, values, catalogue, reads) {
  const layers = form.querySelector('fieldset.layers');
  const on = new Set((values.get('layers') ?? '').split(',').filter(Boolean));
  layers.querySelectorAll('label').forEach((l) => l.remove());
  for (const v of catalogue.filter((c) => c.kind === 'layer')) {
    const label = document.createElement('label');
    label.className = 'check';
    label.title = v.unavailable || v.help;
    const box = document.createElement('input');
    box.type = 'checkbox';
    box.value = v.key;
    box.checked = on.has(v.key);
    box.disabled = v.unavailable !== '';
    box.dataset.unavailable = v.unavailable ? '1' : '';
    label.append(box, ` ${v.label}`);
    layers.append(label);
  }
  for (const field of schema) {
    if (field.key === 'layers') continue;
    const input = form.elements.namedItem(field.key);
    input.value = values.get(field.key) ?? field.default;
    input.closest('label').hidden = !reads.includes(field.key);
    if (field.key === 'panel') {
      for (const option of input.options) {
        const v = catalogue.find((c) => c.key === option.value);
        option.disabled = Boolean(v?.unavailable);
        option.title = v?.unavailable || v?.help || '';
      }
    }
  }
}
