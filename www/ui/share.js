// The Share dialog: the link of the current state (it replays it exactly), and
// the iframe and <ebm-playground> code that embed it in a course page, with
// which controls the reader may not see (hide) or change (lock), and whether
// the lesson shows. The code is api/embed-code.js's.

import { embedCodes } from '../api/embed-code.js';

const $ = (id) => document.getElementById(id);

export class ShareDialog {
  constructor() {
    this.dialog = $('share-dialog');
    $('share-close').addEventListener('click', () => this.dialog.close());
    this.dialog.addEventListener('click', (e) => { if (e.target === this.dialog) this.dialog.close(); });
    this.dialog.addEventListener('change', () => this.update());
    $('share-height').addEventListener('input', () => this.update());
    for (const button of this.dialog.querySelectorAll('[data-copy]')) {
      button.addEventListener('click', () => this.copy(button));
    }
  }

  /**
   * Opens for link `query` (with its step and hashes), with pane p's controls to
   * choose from. fixed: what is hidden or locked now; scene: what the scene itself
   * hides or locks (it does so in every embed: shown, not written); step: the
   * furthest pane's step.
   */
  open(query, p, { fixed, scene, isScene, step }) {
    this.query = query;
    this.title = document.title;
    const rows = controlsOf(p).map(({ key, label }) => {
      const tr = document.createElement('tr');
      const name = document.createElement('th');
      name.scope = 'row';
      name.textContent = label;
      const cells = ['hide', 'lock'].map((which) => {
        const bySceneToo = scene[which].includes(key);
        const td = box(key, which, fixed[which].includes(key), `${which} ${label}`);
        if (bySceneToo) {
          const input = td.firstChild;
          input.disabled = true;
          input.title = `the scene ${which === 'hide' ? 'hides' : 'locks'} it in every embed`;
          delete input.dataset[which];
        }
        return td;
      });
      tr.append(name, ...cells);
      return tr;
    });
    $('share-controls').replaceChildren(...rows);
    // Points kept in this browser by name (ui/point-store.js) do not travel with the link.
    $('share-points').hidden = ![...new URLSearchParams(query).keys()].some((k) => /^(p\d+\.)?points$/.test(k));
    $('share-lesson').checked = isScene;
    $('share-lesson').disabled = !isScene;
    // An embed opens at the scene's start unless asked: replaying many steps would delay its poster.
    $('share-exact').checked = false;
    $('share-exact').disabled = step === 0;
    $('share-exact-label').textContent = step > 0
      ? `start at this state (step ${step.toLocaleString('en')}, replayed each time it opens)`
      : 'start at this exact state (nothing trained yet)';
    this.update();
    this.dialog.showModal();
  }

  update() {
    const chosen = (which) => [...this.dialog.querySelectorAll(`input[data-${which}]:checked`)].map((i) => i.dataset[which]);
    const base = new URL('.', location.href).href;
    const state = $('share-exact').checked ? this.query : withoutSteps(this.query);
    const codes = embedCodes(base, state, {
      hide: chosen('hide'),
      lock: chosen('lock'),
      lesson: $('share-lesson').checked,
      autoplay: $('share-autoplay').checked,
      height: $('share-height').value,
      title: this.title,
    });
    // The link always replays the exact state; the embed code as chosen.
    $('share-link').value = embedCodes(base, this.query).link;
    $('share-iframe').value = codes.iframe;
    $('share-tag').value = codes.tag;
  }

  async copy(button) {
    const field = $(button.dataset.copy);
    try {
      await navigator.clipboard.writeText(field.value);
      button.textContent = 'Copied';
    } catch {
      // No clipboard (an insecure origin, a refused permission): the text is selected for Ctrl+C.
      field.select();
      button.textContent = 'Selected: press Ctrl+C';
    }
    setTimeout(() => { button.textContent = 'Copy'; }, 2000);
  }
}

/** The controls pane p shows now (config, views, sampler settings), as { key, label }. */
function controlsOf(p) {
  const out = [];
  for (const form of [p.el('controls'), p.el('views')]) {
    for (const input of form.querySelectorAll('[name]')) {
      const label = input.closest('label');
      if (!label || label.hidden) continue;
      out.push({ key: input.name, label: label.querySelector('span')?.textContent ?? input.name });
    }
  }
  if (!p.el('views').querySelector('fieldset.layers')?.hidden) out.push({ key: 'layers', label: 'layers on the plane' });
  out.push({ key: 'chains', label: 'samples from the model' }, { key: 'res', label: 'heat-map resolution' }, { key: 'backend', label: 'GPU or CPU' });
  return out;
}

/** A link without its steps and hashes: the state as it opens, before any training. */
function withoutSteps(query) {
  const params = new URLSearchParams(query);
  for (const k of [...params.keys()]) if (/^(p\d+\.)?(step|hash)$/.test(k)) params.delete(k);
  return params.toString();
}

function box(key, which, checked, label) {
  const td = document.createElement('td');
  const input = document.createElement('input');
  input.type = 'checkbox';
  input.dataset[which] = key;
  input.checked = checked;
  input.setAttribute('aria-label', label);
  td.append(input);
  return td;
}
