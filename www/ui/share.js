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

  /** Opens for link `query`, with pane p's controls to choose from; `fixed`: what is hidden or locked now. */
  open(query, p, fixed, isScene) {
    this.query = query;
    this.title = document.title;
    const rows = controlsOf(p).map(({ key, label }) => {
      const tr = document.createElement('tr');
      const name = document.createElement('th');
      name.scope = 'row';
      name.textContent = label;
      tr.append(name, box(key, 'hide', fixed.hide.includes(key), `hide ${label}`), box(key, 'lock', fixed.lock.includes(key), `lock ${label}`));
      return tr;
    });
    $('share-controls').replaceChildren(...rows);
    $('share-lesson').checked = isScene;
    $('share-lesson').disabled = !isScene;
    this.update();
    this.dialog.showModal();
  }

  update() {
    const chosen = (which) => [...this.dialog.querySelectorAll(`input[data-${which}]:checked`)].map((i) => i.dataset[which]);
    const base = new URL('.', location.href).href;
    const codes = embedCodes(base, this.query, {
      hide: chosen('hide'),
      lock: chosen('lock'),
      lesson: $('share-lesson').checked,
      autoplay: $('share-autoplay').checked,
      height: $('share-height').value,
      title: this.title,
    });
    $('share-link').value = codes.link;
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
