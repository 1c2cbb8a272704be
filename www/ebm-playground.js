// <ebm-playground>: one script and one tag put a playground figure in any page.
//
//   <script type="module" src="https://…/ebm-playground.js"></script>
//   <ebm-playground scene="free-energy" lock="beta" hide="seed" height="480"></ebm-playground>
//
// Every attribute but height is a key of the link (scene, lock, hide, lesson,
// autoplay, beta, p2.loss, …). The element wraps an iframe of embed.html (its
// own document: the host page's CSP and scripts never meet the playground's),
// lets that iframe take commands from this page's origin, and exposes the embed
// API (api/protocol.js, docs/embed-api.md) as methods that return promises, and
// its events as DOM events: ready, step, metrics, diverged, changed.

import { API_VERSION, EVENTS } from './api/protocol.js';

const BASE = new URL('.', import.meta.url);
/** Attributes that size or name the element rather than set a link key. */
const OWN = new Set(['height', 'width', 'id', 'class', 'style', 'title', 'slot', 'hidden', 'tabindex']);
const DEFAULT_HEIGHT = 520;

class EbmPlayground extends HTMLElement {
  #frame = null;
  #pending = new Map();
  #nextId = 1;
  #ready = null;
  #onMessage = (ev) => this.#received(ev);

  connectedCallback() {
    if (this.#frame) return;
    const root = this.attachShadow({ mode: 'open' });
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(':host { display: block; } iframe { display: block; width: 100%; border: 0; border-radius: 8px; background: #101418; }');
    root.adoptedStyleSheets = [sheet];
    this.#frame = document.createElement('iframe');
    this.#frame.title = this.getAttribute('title') ?? `EBM Playground${this.getAttribute('scene') ? `: ${this.getAttribute('scene')}` : ''}`;
    this.#frame.loading = 'lazy';
    this.#frame.height = String(this.#height() ?? DEFAULT_HEIGHT);
    let resolveReady;
    this.#ready = new Promise((ok) => { resolveReady = ok; });
    this.#ready.resolve = resolveReady;
    window.addEventListener('message', this.#onMessage);
    this.#frame.src = this.src();
    root.append(this.#frame);
  }

  disconnectedCallback() {
    window.removeEventListener('message', this.#onMessage);
  }

  /** The embed page's address for this element's attributes. */
  src() {
    const params = new URLSearchParams();
    for (const { name, value } of this.attributes) if (!OWN.has(name)) params.set(name, value);
    // This page scripts the figure: its origin may command it (unless the author chose origins).
    if (!params.has('origins')) params.set('origins', location.origin);
    return `${new URL('embed.html', BASE).href}?${params}`;
  }

  #height() {
    const h = Number(this.getAttribute('height'));
    return Number.isFinite(h) && h >= 100 ? Math.round(h) : null;
  }

  #received(ev) {
    const d = ev.data;
    if (ev.source !== this.#frame?.contentWindow || ev.origin !== BASE.origin || d?.api !== API_VERSION) return;
    if ('id' in d && this.#pending.has(d.id)) {
      const { ok, fail } = this.#pending.get(d.id);
      this.#pending.delete(d.id);
      if (d.ok) ok(d.value);
      else fail(new Error(d.error));
      return;
    }
    if (d.event === 'ready') this.#ready.resolve(d);
    if (d.event === 'resize' && this.#height() === null) this.#frame.height = String(Math.max(200, Math.min(4000, Math.round(d.height))));
    if (EVENTS.includes(d.event)) {
      const { api, event, ...detail } = d;
      this.dispatchEvent(new CustomEvent(event, { detail }));
    }
  }

  /** Resolves with the ready event's detail once the figure runs (it starts when scrolled into view). */
  get ready() {
    return this.#ready;
  }

  async #send(cmd, args = {}) {
    await this.#ready;
    const id = this.#nextId++;
    return new Promise((ok, fail) => {
      this.#pending.set(id, { ok, fail });
      this.#frame.contentWindow.postMessage({ api: API_VERSION, id, cmd, ...args }, BASE.origin);
    });
  }

  set(key, value, pane) { return this.#send('set', { key, value: String(value), pane }); }
  get(key, pane) { return this.#send('get', { key, pane }); }
  play() { return this.#send('play'); }
  pause() { return this.#send('pause'); }
  step(n = 1) { return this.#send('step', { n }); }
  reset() { return this.#send('reset'); }
  /** The figure as a PNG data URL. */
  snapshot() { return this.#send('snapshot'); }
  hash(pane) { return this.#send('hash', { pane }); }
}

if (!customElements.get('ebm-playground')) customElements.define('ebm-playground', EbmPlayground);
