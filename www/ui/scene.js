// The scene's part of the page: its lesson (title, text with formulas, what to
// try), the way to the previous and next scene, "back to the scene", and the
// picker (every scene by the lecture's sections, with a preview).

import { renderText, loadMath } from '../lesson/render.js';
import { loadRegistry, loadScene, sceneOrder } from '../scenes/registry.js';

const $ = (id) => document.getElementById(id);

/** A link to a scene: its own link, nothing changed. */
export const sceneHref = (name) => `?scene=${name}`;

/** The lesson box's parts, the same on both pages (the embed page drops the ways to other scenes). */
const LESSON_HTML = `
<summary><span id="lesson-section" class="lesson-section"></span> <span id="lesson-title" class="lesson-title"></span></summary>
<div id="lesson-text" class="lesson-text"></div>
<button id="lesson-more" class="lesson-more" type="button" aria-controls="lesson" aria-expanded="false">Read the rest, and what to try</button>
<p class="try-head" id="try-head">Try</p>
<ul id="lesson-try" class="lesson-try"></ul>
<nav class="lesson-nav" aria-label="scenes">
  <a id="scene-prev" class="scene-link" hidden></a>
  <button id="scene-back" type="button" hidden title="undo your changes: the scene as it opens">Back to the scene</button>
  <a id="scene-next" class="scene-link" hidden></a>
</nav>`;

/** Fills the page's empty lesson box (<details id="lesson">); `browse`: with the ways to the previous and next scene. */
function buildLessonBox(browse) {
  const template = document.createElement('template');
  template.innerHTML = LESSON_HTML.trim();
  if (!browse) {
    template.content.querySelectorAll('.scene-link').forEach((a) => a.remove());
    template.content.querySelector('nav').setAttribute('aria-label', 'scene');
  }
  $('lesson').replaceChildren(template.content);
}

export class SceneView {
  constructor() {
    // The embed page has no picker, and no way to other scenes.
    buildLessonBox(Boolean($('scenes')));
    this.scene = null;
    this.math = null;
    this.paragraphs = [];
    $('scenes')?.addEventListener('click', () => this.openPicker());
    $('picker-close')?.addEventListener('click', () => $('picker').close());
    // A click on the backdrop (outside the dialog's box) closes it too.
    $('picker')?.addEventListener('click', (e) => { if (e.target === $('picker')) $('picker').close(); });
    // On a phone the lesson opens at its first paragraph, so the figure is near; the rest is one tap away.
    $('lesson-more').addEventListener('click', () => {
      $('lesson').classList.add('expanded');
      $('lesson-more').setAttribute('aria-expanded', 'true');
    });
  }

  /** Shows `scene`'s lesson; `valueOf(key)` gives running values for {{key}}. */
  async show(scene, valueOf) {
    this.scene = scene;
    this.valueOf = valueOf;
    $('lesson').hidden = false;
    $('lesson-section').textContent = scene.section;
    $('lesson-title').textContent = scene.title;
    document.title = `${scene.title} · EBM Playground`;
    const text = $('lesson-text');
    this.paragraphs = scene.lesson.map(() => document.createElement('p'));
    text.replaceChildren(...this.paragraphs);
    const tries = (scene.try ?? []).map(() => document.createElement('li'));
    $('lesson-try').replaceChildren(...tries);
    $('try-head').hidden = tries.length === 0;
    this.tries = tries;
    await this.#renderMath();
    if (!$('scene-prev')) return; // the embed page: no way to other scenes
    const index = await loadRegistry();
    const order = sceneOrder(index);
    const at = order.indexOf(scene.name);
    await Promise.all([[$('scene-prev'), order[at - 1], '← '], [$('scene-next'), order[at + 1], '']].map(async ([a, name, arrow]) => {
      a.hidden = !name;
      if (!name) return;
      a.href = sceneHref(name);
      const next = await loadScene(name).catch(() => null);
      a.textContent = arrow ? `${arrow}${next?.title ?? name}` : `${next?.title ?? name} →`;
    }));
  }

  async #renderMath() {
    this.render(); // as TeX source first, so the words show at once
    this.math = await loadMath();
    this.render();
  }

  /** Re-renders the lesson (its live numbers changed). */
  render() {
    if (!this.scene) return;
    this.scene.lesson.forEach((t, i) => renderText(this.paragraphs[i], t, this.math, this.valueOf));
    (this.scene.try ?? []).forEach((t, i) => renderText(this.tries[i], t, this.math, this.valueOf));
  }

  /** Shows "back to the scene" when the user changed something. */
  changed(yes) {
    $('scene-back').hidden = !yes;
  }

  onBack(f) {
    $('scene-back').addEventListener('click', f);
  }

  /** The picker: every scene under its section, with its preview and summary. */
  async openPicker() {
    const dialog = $('picker');
    const list = $('picker-list');
    if (!list.childElementCount) {
      const index = await loadRegistry();
      const sections = await Promise.all(index.sections.map(async (s) => {
        const box = document.createElement('section');
        const h = document.createElement('h3');
        h.textContent = s.title;
        const cards = document.createElement('ul');
        cards.className = 'cards';
        const scenes = await Promise.all(s.scenes.map((n) => loadScene(n).catch(() => null)));
        s.scenes.forEach((name, i) => cards.append(card(name, scenes[i], name === this.scene?.name)));
        box.append(h, cards);
        return box;
      }));
      list.replaceChildren(...sections);
    }
    dialog.showModal();
  }
}

function card(name, scene, current) {
  const li = document.createElement('li');
  const a = document.createElement('a');
  a.href = sceneHref(name);
  if (current) a.setAttribute('aria-current', 'page');
  const img = document.createElement('img');
  img.src = `scenes/previews/${name}.webp`;
  img.alt = '';
  img.loading = 'lazy';
  img.width = 160;
  img.height = 120;
  img.addEventListener('error', () => img.remove());
  const title = document.createElement('strong');
  title.textContent = scene?.title ?? name;
  const summary = document.createElement('span');
  summary.textContent = scene?.summary ?? 'this scene could not be read';
  a.append(img, title, summary);
  li.append(a);
  return li;
}
