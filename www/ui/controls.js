// Builds the scene's controls from the Rust schema. A change calls onChange(key,
// value); Rust validates, and showProblems puts each message next to its control.

export const CONTROL_KEYS = ['data', 'model', 'loss', 'neg', 'sampler', 'k', 'eps', 'zloss', 'rule', 'free', 'clusters', 'lambda',
  'hx', 'beta', 'lr', 'margin', 'kick', 'score_sigma', 'seed'];
const LABELS = {
  data: 'data set', model: 'model', loss: 'loss', neg: 'negatives', sampler: 'sampler', k: 'steps k', eps: 'step ε', beta: 'β',
  lr: 'learning rate', margin: 'margin m', score_sigma: 'noise \u03c3', zloss: 'latent loss', clusters: 'prototypes K',
  lambda: '\u03bb', hx: 'horn x', rule: 'training rule', free: 'plane shows', kick: 'contrast noise \u03c3', seed: 'seed',
};

const LATENT = ['ellipse', 'latent', 'codes', 'horn'];

/**
 * The controls that matter for the running config (the rest are hidden, not
 * reset): each key here is one that src/models/build.rs or the Trainer reads
 * for this model, loss and rule. `chains` > 0 (page sampling) needs the sampler.
 */
export function relevantKeys(values, chains = 0) {
  const model = values.get('model') ?? 'mlp';
  const loss = values.get('loss') ?? 'ml';
  const get = (k, d) => values.get(k) ?? d;
  const keys = new Set(['data', 'model', 'seed']);
  const add = (...ks) => ks.forEach((k) => keys.add(k));
  if (chains > 0) add('sampler', 'eps', 'beta');
  if (model === 'mlp') {
    add('loss', 'lr', 'beta');
    if (!['exact', 'nce', 'dsm', 'ssm'].includes(loss)) add('neg', 'sampler', 'k', 'eps');
    if (['corrupt', 'kick'].includes(get('neg', 'short_run')) && keys.has('neg')) add('kick');
    if (['square_square', 'hinge'].includes(loss)) add('margin');
    if (['dsm', 'ssm'].includes(loss)) add('score_sigma');
    return keys;
  }
  if (LATENT.includes(model)) {
    add('zloss', 'free', 'lr');
    const zloss = get('zloss', 'argmin');
    if (get('free', 'min') === 'beta' || zloss !== 'argmin') add('beta');
    if (zloss === 'hinge') add('margin');
    if (['hinge', 'log'].includes(zloss)) add('kick');
  }
  if (model === 'kmeans') {
    add('clusters', 'rule', 'free');
    if (get('free', 'min') === 'beta') add('beta');
  }
  if (model === 'pca') add('rule');
  if (['kmeans', 'pca'].includes(model) && get('rule', 'batch') === 'stochastic') add('lr');
  if (['codes', 'sparse'].includes(model)) add('clusters');
  if (['sparse', 'latent'].includes(model)) add('lambda');
  if (['sparse', 'dae', 'mae', 'regression'].includes(model)) add('lr');
  if (model === 'dae') add('score_sigma');
  if (model === 'horn') add('hx');
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
export function syncControls(form, values, chains = 0) {
  const shown = relevantKeys(values, chains);
  for (const key of CONTROL_KEYS) {
    const input = form.elements.namedItem(key);
    if (!input) continue;
    if (values.has(key)) input.value = values.get(key);
    input.closest('label').hidden = !shown.has(key);
  }
}
