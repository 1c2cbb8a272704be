// A pane's state as a JSON file a student keeps: its config, step, state hash
// and weights (for their own tools). Opening the file (a button, or a drop on
// the page) opens its link: the page replays the steps from the seed and checks
// the hash, as for any link, so the state is exactly the one saved.

import { download, figureName, paneFigure, savePng } from './export.js';
import { withKeptPoints } from './point-store.js';

export const STATE_FORMAT = 'ebm-playground-state';

/** The file's object for pane p (paused, at a step it has reached); scene: the scene's name or null. */
export async function stateFile(p, scene) {
  const [hash, config, weights] = await Promise.all([p.client.call('hash'), p.client.call('configQuery'), p.client.call('theta')]);
  return {
    format: STATE_FORMAT,
    version: 1,
    scene,
    config,
    step: p.step,
    hash,
    settings: p.settings,
    weights,
    note: 'Open this file in EBM Playground (Open a saved state, or drop it on the page): it replays `step` steps of `config` and checks `hash`. `weights` are the model\'s parameters in the engine\'s order (W[out][in] then b[out], layer by layer).',
  };
}

/**
 * The link a state file opens (`?config&step=N&hash=H`), or an Error naming
 * what is wrong with the file.
 */
export function stateLink(text) {
  let o;
  try {
    o = JSON.parse(text);
  } catch (e) {
    return new Error(`the file is not JSON (${e.message})`);
  }
  if (o === null || typeof o !== 'object' || o.format !== STATE_FORMAT) return new Error(`the file is not a saved playground state (its "format" is not "${STATE_FORMAT}")`);
  if (o.version !== 1) return new Error(`the file's version ${String(JSON.stringify(o.version)).slice(0, 40)} is not known (this page reads version 1)`);
  // A bound on the text only: the engine checks every value (`pts` alone may be 3 MB).
  if (typeof o.config !== 'string' || o.config.length > 4_000_000) return new Error('the file\'s "config" must be a link query (text, at most 4,000,000 characters)');
  if (!(Number.isInteger(o.step) && o.step >= 0 && o.step <= 10_000_000)) return new Error('the file\'s "step" must be an integer in [0, 10000000]');
  if (typeof o.hash !== 'string' || !/^[0-9a-f]{16}$/.test(o.hash)) return new Error('the file\'s "hash" must be 16 hexadecimal digits');
  const params = new URLSearchParams(o.config);
  for (const k of ['step', 'hash', 'scene', 'panes']) params.delete(k);
  if (o.step > 0) {
    params.set('step', String(o.step));
    params.set('hash', o.hash);
  }
  const s = o.settings ?? {};
  for (const k of ['chains', 'res', 'backend']) if (s[k] !== undefined && String(s[k]).length < 16) params.set(k, String(s[k]));
  return `?${params}`;
}

/** Saves `object` as a JSON file named `name`. */
export function saveJson(object, name) {
  download(new Blob([JSON.stringify(object)], { type: 'application/json' }), name);
}

/**
 * "Open a saved state": the header's button (with its hidden file input) and a
 * file dropped anywhere on the page open the file's link; report(message) says
 * what is wrong with a file that cannot be opened (nothing changes then).
 * Points too many for a link are kept in this browser and named in the link
 * (point-store.js); idOf(pts) is the engine's name for them.
 */
export function wireOpen(button, input, report, idOf) {
  const open = async (file) => {
    let link = stateLink(await file.text());
    if (!(link instanceof Error)) link = await withKeptPoints(link, idOf).catch((e) => e);
    if (link instanceof Error) report(`${file.name}: ${link.message}. Nothing was changed.`);
    else {
      // The page's choice of build stays (the state is the same in both).
      const engine = new URLSearchParams(location.search).get('engine');
      location.assign(engine ? `${link}&engine=${encodeURIComponent(engine)}` : link);
    }
  };
  button.addEventListener('click', () => input.click());
  input.addEventListener('change', () => {
    if (input.files[0]) open(input.files[0]);
    input.value = '';
  });
  document.addEventListener('dragover', (e) => {
    if (e.dataTransfer?.types.includes('Files')) e.preventDefault();
  });
  document.addEventListener('drop', (e) => {
    const file = e.dataTransfer?.files[0];
    if (!file) return;
    e.preventDefault();
    if (/\.json$/i.test(file.name) || file.type === 'application/json') open(file);
    else report(`${file.name}: drop a state saved as JSON here (a CSV of points goes to "Load a CSV file…" under a pane that draws your points).`);
  });
}

/**
 * Pane p's PyTorch script: the engine's header for this state, then the static
 * body it names (served beside the page). Rejects with the engine's message
 * for a pane it does not cover.
 */
export async function pytorchScript(p) {
  const { header, body } = await p.client.call('pytorchHeader');
  const parts = await Promise.all(body.files.map(async (f) => {
    const r = await fetch(new URL(`../${body.dir}${f}`, import.meta.url));
    if (!r.ok) throw new Error(`the script's part ${f} could not be loaded (${r.status})`);
    return r.text();
  }));
  return header + parts.join(body.join);
}

/**
 * Saves pane p as `what`: 'png' (its figure), 'json' (its state) or 'pytorch'
 * (its script); `pause()` first stops it at a step it has reached. Rejects with
 * the engine's message for a pane it does not cover.
 */
export async function savePane(p, what, scene, pause) {
  const name = figureName(scene, p);
  if (what === 'png') return savePng(paneFigure(p), name);
  await pause();
  if (what === 'json') return saveJson(await stateFile(p, scene), `${name}.json`);
  return download(new Blob([await pytorchScript(p)], { type: 'text/x-python' }), `${name}.py`);
}
