// The scenes: one JSON file per scene in this folder, and index.json, the
// registry, which lists them by the lecture's sections in lecture order. A scene
// is a link (panes, configs, views, page keys; a pre-trained start is step=N with
// its hash) plus its lesson and which controls it hides or locks. The engine
// validates the link like any other; checkScene validates the rest.

import { SCENE_NAME, parseUrl, withScene } from '../state.js';

/** The fields a scene file may have: [type, required]. */
export const SCENE_FIELDS = {
  title: ['string', true],
  summary: ['string', true],
  version: ['number', true],
  link: ['string', true],
  lesson: ['strings', true],
  try: ['strings', false],
  hide: ['strings', false],
  lock: ['strings', false],
};

/** The scene format this page reads. */
export const SCENE_VERSION = 1;

/** Problems with a parsed scene file (empty: it is fine). */
export function checkScene(scene, name = 'scene') {
  if (!scene || typeof scene !== 'object' || Array.isArray(scene)) return [`${name}: not a JSON object`];
  const problems = [];
  for (const key of Object.keys(scene)) {
    if (!SCENE_FIELDS[key]) problems.push(`${name}: unknown field '${key}' (allowed: ${Object.keys(SCENE_FIELDS).join(', ')})`);
  }
  for (const [key, [type, required]] of Object.entries(SCENE_FIELDS)) {
    const v = scene[key];
    if (v === undefined) {
      if (required) problems.push(`${name}: '${key}' is missing`);
      continue;
    }
    const ok = type === 'strings' ? Array.isArray(v) && v.every((s) => typeof s === 'string') : typeof v === type;
    if (!ok) problems.push(`${name}: '${key}' must be ${type === 'strings' ? 'a list of strings' : `a ${type}`}`);
  }
  if (typeof scene.version === 'number' && scene.version > SCENE_VERSION) {
    problems.push(`${name}: version ${scene.version} is newer than this page reads (${SCENE_VERSION})`);
  }
  if (Array.isArray(scene.lesson) && scene.lesson.length === 0) problems.push(`${name}: 'lesson' is empty`);
  return problems;
}

/** Problems with the registry (index.json). */
export function checkRegistry(index) {
  const problems = [];
  if (!index || !Array.isArray(index.sections)) return ['index.json: needs a list of sections'];
  const seen = new Set();
  for (const s of index.sections) {
    // Any JSON may stand here: a section that is not { title, scenes: [names] } is named, never iterated.
    if (typeof s?.title !== 'string' || !Array.isArray(s.scenes)) {
      problems.push('index.json: each section needs a title and a list of scenes');
      continue;
    }
    for (const n of s.scenes) {
      if (typeof n !== 'string' || !SCENE_NAME.test(n)) problems.push(`index.json: '${String(n).slice(0, 60)}' is not a scene name (lower-case words joined by hyphens)`);
      if (seen.has(n)) problems.push(`index.json: '${String(n).slice(0, 60)}' is listed twice`);
      seen.add(n);
    }
  }
  if (!seen.has(index.start)) problems.push(`index.json: the start scene '${String(index.start).slice(0, 60)}' is not listed`);
  return problems;
}

/** Every scene name in lecture order. */
export function sceneOrder(index) {
  return index.sections.flatMap((s) => s.scenes);
}

const base = new URL('./', import.meta.url);

async function fetchJson(path) {
  const r = await fetch(new URL(path, base));
  if (!r.ok) throw new Error(`${path}: ${r.status} ${r.statusText}`);
  return r.json();
}

let registry = null;

/** The registry, fetched once. */
export function loadRegistry() {
  registry ??= fetchJson('index.json').then((index) => {
    const problems = checkRegistry(index);
    if (problems.length > 0) throw new Error(problems.join('; '));
    return index;
  });
  return registry;
}

/** One scene: { name, section, ...file }; throws with a message naming what is wrong. */
export async function loadScene(name) {
  const index = await loadRegistry();
  const section = index.sections.find((s) => s.scenes.includes(name));
  if (!section) {
    throw new Error(`there is no scene '${name}'; the scenes are ${sceneOrder(index).join(', ')}`);
  }
  const scene = await fetchJson(`${name}.json`);
  const problems = checkScene(scene, `${name}.json`);
  if (problems.length > 0) throw new Error(problems.join('; '));
  return { name, section: section.title, ...scene };
}

/**
 * The link to open and its scene: `?scene=NAME&…` is the scene's link with the
 * rest on top; an empty link opens the registry's start scene. A scene that
 * cannot be read leaves the rest of the link, with a message.
 */
export async function openLink(search) {
  const params = new URLSearchParams(search);
  const asked = params.get('scene');
  params.delete('scene');
  let name = asked;
  try {
    if (!name && search.replace(/^\?/, '') === '') name = (await loadRegistry()).start;
    if (!name) return { search, scene: null, problems: [] };
    const scene = await loadScene(name);
    const merged = withScene(scene.link, params.toString(), scene.lock ?? []);
    return { search: merged.search, scene, problems: merged.problems };
  } catch (e) {
    return { search: params.toString(), scene: null, problems: [`scene: ${e.message ?? e}`] };
  }
}

/**
 * The poster of a pre-trained scene's pane i (its state at the scene's step, as
 * an image: `node scripts/previews.mjs --posters`), or null for a pane that
 * starts untrained. Named by the pinned hash, so a re-pinned scene needs new posters.
 */
export function posterOf(scene, i) {
  const pane = parseUrl(scene.link).panes[i];
  if (!pane || !(pane.page.step > 0) || !pane.page.hash) return null;
  return `scenes/posters/${scene.name}-p${i + 1}-${pane.page.hash}.webp`;
}
