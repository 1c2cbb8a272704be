// Builds the scene's controls from the Rust schema. A change calls onChange(key,
// value); Rust validates, and showProblems puts each message next to its control.

export const CONTROL_KEYS = ['data', 'model', 'loss', 'neg', 'sampler', 'k', 'eps', 'zloss', 'clusters', 'lambda', 'hx', 'beta',
  'lr', 'margin', 'score_sigma', 'seed'];
const LABELS = {
  data: 'data set', model: 'model', loss: 'loss', neg: 'negatives', sampler: 'sampler', k: 'steps k', eps: 'step ε', beta: 'β',
  lr: 'learning rate', margin: 'margin m', score_sigma: 'noise \u03c3', zloss: 'latent loss', clusters: 'prototypes K',
  lambda: '\u03bb', hx: 'horn x', seed: 'seed',
};

const LATENT = ['ellipse', 'latent', 'codes', 'horn'];

/** The controls that matter for the running config (the rest are hidden, not reset). */
export function relevantKeys(values) {
  const model = values.get('model') ?? 'mlp';
  const loss = values.get('loss') ?? 'ml';
  const keys = new Set(['data', 'model', 'lr', 'seed']);
  if (model === 'mlp') {
    keys.add('loss');
    if (!['exact', 'nce', 'dsm', 'ssm'].includes(loss)) ['neg', 'sampler', 'k', 'eps'].forEach((k) => keys.add(k));
    if (['square_square', 'hinge'].includes(loss)) keys.add('margin');
    if (['dsm', 'ssm'].includes(loss)) keys.add('score_sigma');
    keys.add('beta');
    return keys;
  }
  if (LATENT.includes(model)) {
    keys.add('zloss').add('beta');
    if (values.get('zloss') === 'hinge') keys.add('margin');
  }
  if (['codes', 'kmeans', 'sparse'].includes(model)) keys.add('clusters');
  if (['sparse', 'latent'].includes(model)) keys.add('lambda');
  if (model === 'kmeans') keys.add('beta');
  if (['dae', 'mae'].includes(model)) keys.add('score_sigma');
  if (model === 'horn') keys.add('hx');
  return keys;
}

export function buildControls(form, schema, values, onChange) {
  form.replaceChildren();
  for (const key of CONTROL_KEYS) {
    const field = schema.find((f) => f.key === key);
    if (!field) continue;
    const label = document.createElement('label');
    label.title = `${field.help} (${field.allowed})`;
    const name = document.createElement('span');
    name.textContent = LABELS[key] ?? key;
    let input;
    if (field.type === 'choice') {
      input = document.createElement('select');
      for (const c of field.choices) input.add(new Option(c, c));
    } else {
      input = document.createElement('input');
      input.type = 'text';
      input.inputMode = 'decimal';
    }
    input.name = key;
    input.value = values.get(key) ?? field.default;
    input.addEventListener('change', () => onChange(key, input.value.trim()));
    const error = document.createElement('span');
    error.className = 'error';
    error.dataset.for = key;
    label.append(name, input, error);
    form.append(label);
  }
}

/** Shows each problem next to the control it names; returns those it could not place. */
export function showProblems(form, problems) {
  const rest = [];
  for (const el of form.querySelectorAll('.error')) el.textContent = '';
  for (const p of problems) {
    const key = p.split(/[ :]/)[0];
    const slot = form.querySelector(`.error[data-for="${key}"]`);
    if (slot) slot.textContent = p;
    else rest.push(p);
  }
  return rest;
}

/** Puts the running config's values back into the controls and shows the relevant ones. */
export function syncControls(form, values) {
  const shown = relevantKeys(values);
  for (const key of CONTROL_KEYS) {
    const input = form.elements.namedItem(key);
    if (!input) continue;
    if (values.has(key)) input.value = values.get(key);
    input.closest('label').hidden = !shown.has(key);
  }
}
