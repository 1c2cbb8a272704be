// Builds the scene's controls from the Rust schema (labels, help, choices). A
// change calls onChange(key, value); Rust validates, and showProblems puts each
// message next to its control. Which controls show is Rust's answer too
// (Playground.reads): the page offers CONTROL_KEYS and shows those read.

import { cutMessage } from './banner.js';

/** A menu's change this soon after an arrow key came from the keyboard (ms)… */
const KEY_CHANGE_MS = 150;
/** …and applies once no key has moved it for this long (ms). */
const KEY_REST_MS = 600;

export const CONTROL_KEYS = ['data', 'model', 'target', 'loss', 'neg', 'sampler', 'k', 'eps', 'zloss', 'rule', 'free', 'clusters', 'lambda',
  'hx', 'beta', 'lr', 'margin', 'kick', 'score_sigma', 'seed'];
export function buildControls(form, schema, values, onChange) {
  form.replaceChildren();
  for (const key of CONTROL_KEYS) {
    const field = schema.find((f) => f.key === key);
    if (!field) continue;
    const label = fieldControl(field, onChange);
    label.querySelector('[name]').value = values.get(key) ?? field.default;
    form.append(label);
  }
}

/**
 * One schema field as a labelled control: a menu for a choice (with the
 * engine's words for the choices when it gives them), a slider for a float the
 * engine changes in place (`inPlace`), else a text box; its help as the
 * tooltip, and a slot for its problem. A change calls onChange(key, value,
 * inPlace): in place while a slider moves, else on `change`.
 */
export function fieldControl(field, onChange) {
  const label = document.createElement('label');
  label.title = `${field.help} (${field.allowed})`;
  const name = document.createElement('span');
  name.textContent = field.label;
  let input;
  if (field.type === 'choice') {
    input = document.createElement('select');
    field.choices.forEach((c, i) => input.add(new Option(field.labels?.[i] ?? c, c)));
  } else if (field.inPlace && field.type === 'float') {
    // A key that only picks what the plane shows: a slider, applied as it moves (training goes on).
    input = document.createElement('input');
    input.type = 'range';
    input.min = String(field.min);
    input.max = String(field.max);
    input.step = String((field.max - field.min) / 100);
    input.classList.add('slider');
    input.addEventListener('input', () => onChange(field.key, input.value, true));
  } else {
    input = document.createElement('input');
    input.type = 'text';
    // A phone's decimal keypad has no 'e' and often no '-': floats get the text keyboard (1e-4, -0.5).
    input.inputMode = field.type === 'int' && !/auto/.test(field.allowed) ? 'numeric' : 'text';
    input.spellcheck = false;
    input.autocapitalize = 'off';
  }
  input.name = field.key;
  const apply = () => onChange(field.key, input.value.trim(), Boolean(field.inPlace));
  if (input.tagName === 'SELECT') {
    // On some platforms a closed menu fires `change` at every arrow key: the choice applies once the keys rest.
    let keyed = -Infinity;
    let timer = 0;
    input.addEventListener('keydown', (e) => { if (/^(Arrow|Page|Home|End)/.test(e.key)) keyed = performance.now(); });
    input.addEventListener('change', () => {
      clearTimeout(timer);
      if (performance.now() - keyed < KEY_CHANGE_MS) timer = setTimeout(apply, KEY_REST_MS);
      else apply();
    });
  } else input.addEventListener('change', apply);
  const error = document.createElement('span');
  error.className = 'error';
  error.dataset.for = field.key;
  label.append(name, input, error);
  return label;
}

/**
 * Shows each problem next to the control it names; returns those it could not
 * place (no such control, or one hidden because this scene does not read it).
 */
export function showProblems(form, problems) {
  const rest = [];
  for (const el of form.querySelectorAll('.error')) el.textContent = '';
  for (const p of problems) {
    const key = p.split(/[ :]/)[0];
    const slot = form.querySelector(`.error[data-for="${key}"]`);
    if (slot && !slot.closest('label').hidden) slot.textContent = cutMessage(p);
    else rest.push(p);
  }
  return rest;
}

/**
 * Puts the running config's values back into the controls; shows those in
 * `shown` (a Set of keys) that the scene does not hide, and disables, with a
 * lock mark, those it locks (`fixed`: { hide, lock }, lists of keys).
 */
export function syncControls(form, values, shown, fixed = { hide: [], lock: [] }) {
  for (const key of CONTROL_KEYS) {
    const input = form.elements.namedItem(key);
    if (!input) continue;
    if (values.has(key)) input.value = values.get(key);
    const label = input.closest('label');
    label.hidden = !shown.has(key) || fixed.hide.includes(key);
    const locked = fixed.lock.includes(key);
    input.disabled = locked;
    label.classList.toggle('locked', locked);
    input.title = locked ? 'fixed in this scene' : '';
  }
}
