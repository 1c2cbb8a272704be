// The page's link functions under the fuzz (www/state.js, www/ui/points.js):
// how each one's inputs are made and what must hold of its answer. A check
// returns 'accepted' or 'rejected', or throws a Failure; anything else thrown
// is the function's own throw, which the driver counts.

import { CHAIN_CHOICES, MAX_PANES, PAGE_KEYS, SCENE_NAME, pageDefault, parseUrl, sceneOverrides, serialiseUrl, shortQuery, withScene } from '../../www/state.js';
import { linkPoints, pointsKey, withKeptSets, withPoints } from '../../www/ui/points.js';
import { ENGINE_KEYS } from './draw.mjs';

/** Longest message a function may give (it quotes what it read shortened). */
export const MAX_MESSAGE = 300;

export class Failure extends Error {}

export function expect(ok, why) {
  if (!ok) throw new Failure(typeof why === 'function' ? why() : why);
}

const KEY_SHAPE = /^[a-z][a-z0-9_]{0,31}$/;
const isPageKey = (k) => Object.hasOwn(PAGE_KEYS, k);

/** A query's pairs as the engine reads them (the last value of a key wins), sorted: for comparing. */
export function lastValues(q) {
  const m = new Map(new URLSearchParams(q));
  return JSON.stringify([...m].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** A pane's engine query as the engine writes it back: engine-shaped keys, the last value of each. */
function canonical(q) {
  const out = new URLSearchParams();
  for (const [k, v] of new URLSearchParams(q)) if (KEY_SHAPE.test(k) && !isPageKey(k)) out.set(k, v);
  return out.toString();
}

const linkInput = (d, seeds) => (d.oneIn(2) ? d.mutated(seeds.links) : d.query(d.pairs()));

function checkPage(page) {
  const keyList = (l) => Array.isArray(l) && l.every((k) => KEY_SHAPE.test(k));
  expect(['auto', 'simd', 'scalar'].includes(page.engine), `engine ${page.engine}`);
  for (const k of ['play', 'linked', 'autoplay', 'embed']) expect(typeof page[k] === 'boolean', `${k} ${page[k]}`);
  expect(page.lesson === null || typeof page.lesson === 'boolean', `lesson ${page.lesson}`);
  expect(page.scene === null || SCENE_NAME.test(page.scene), `scene ${page.scene}`);
  expect(keyList(page.hide) && keyList(page.lock) && Array.isArray(page.origins), 'hide, lock, origins');
}

function checkPanePage(p) {
  expect(Number.isInteger(p.step) && p.step >= 0 && p.step <= 10_000_000, `step ${p.step}`);
  expect(p.hash === null || /^[0-9a-f]{16}$/.test(p.hash), `hash ${p.hash}`);
  expect(CHAIN_CHOICES.includes(p.chains) && ['auto', 'gpu', 'cpu'].includes(p.backend) && [128, 256, 512].includes(p.res), `pane page ${JSON.stringify(p)}`);
}

/** parseUrl: valid panes and page, every problem names its key (and what a page key allows), and the
 * link written back (serialiseUrl, engine queries as the engine writes them) reads as the same state. */
export const parseUrlTarget = {
  name: 'parseUrl',
  input: linkInput,
  check(search) {
    const r = parseUrl(search);
    expect(r.panes.length >= 1 && r.panes.length <= MAX_PANES, `${r.panes.length} panes`);
    r.panes.forEach((p) => { expect(typeof p.engineQuery === 'string', 'engineQuery'); checkPanePage(p.page); });
    checkPage(r.page);
    const names = [...new URLSearchParams(search.replace(/^[?#]/, ''))].map(([k]) => k);
    for (const p of r.problems) {
      expect(p.length <= MAX_MESSAGE, () => `a message of ${p.length} characters: ${p.slice(0, 120)}…`);
      const name = names.find((n) => p.startsWith(`${n.slice(0, 20)}`) && n !== '');
      expect(name !== undefined, () => `a problem that names no key of the link: ${p}`);
      const key = name.replace(/^p\d+\./, '');
      if (/ must be /.test(p) && isPageKey(key)) expect(p.includes(PAGE_KEYS[key].help), () => `'${p}' does not say what ${key} allows`);
    }
    const panes = r.panes.map((p) => ({ engineQuery: canonical(p.engineQuery), page: p.page }));
    const link = serialiseUrl(panes, r.page);
    const back = parseUrl(link);
    expect(back.problems.length === 0, () => `the link written back has problems: ${back.problems.slice(0, 2)} (${link.slice(0, 200)})`);
    expect(back.panes.length === panes.length, () => `${back.panes.length} panes back, not ${panes.length}: ${link.slice(0, 200)}`);
    back.panes.forEach((p, i) => {
      expect(lastValues(canonical(p.engineQuery)) === lastValues(panes[i].engineQuery), () => `pane ${i + 1}'s config does not read back: ${link.slice(0, 200)}`);
      expect(JSON.stringify(p.page) === JSON.stringify(panes[i].page), () => `pane ${i + 1}'s page keys do not read back: ${link.slice(0, 200)}`);
    });
    // Not written back: the scene (main.js writes it) and embed; linked only means something with panes.
    const pageOf = (pg) => JSON.stringify({ ...pg, scene: null, embed: null, linked: panes.length > 1 ? pg.linked : null });
    expect(pageOf(back.page) === pageOf(r.page), () => `the page keys do not read back: ${link.slice(0, 200)}`);
    return r.problems.length ? 'rejected' : 'accepted';
  },
};

/** Pane i's value of `key` in a link: its own (`pN.key`, the last one), else the shared one (the last). */
function valueIn(search, i, key) {
  const p = new URLSearchParams(search);
  const last = (k) => p.getAll(k).at(-1);
  return last(`p${i + 1}.${key}`) ?? last(key);
}

const LOCKABLE = ['beta', 'lr', 'model', 'data', 'seed', 'loss', 'eps', 'layers', 'panel'];

/** withScene: locked keys keep the scene's values (a problem names each refused pair), an
 * unprefixed override sets that key in every pane, and no problem is long. */
export const withSceneTarget = {
  name: 'withScene',
  input(d, seeds) {
    const locked = LOCKABLE.filter(() => d.oneIn(4));
    const scene = d.oneIn(4) ? d.mutated(seeds.links) : d.pick(seeds.links);
    const pairs = d.pairs();
    if (d.oneIn(2)) pairs.push([d.pick(LOCKABLE), d.number()]);
    return { scene, overrides: d.oneIn(3) ? d.mutated(seeds.links) : d.query(pairs), locked };
  },
  check({ scene, overrides, locked }) {
    const { search, problems } = withScene(scene, overrides, locked);
    expect(typeof search === 'string' && Array.isArray(problems), 'the answer\'s shape');
    const names = [...new URLSearchParams(overrides)].map(([k]) => k);
    for (const p of problems) {
      expect(p.length <= MAX_MESSAGE, () => `a message of ${p.length} characters`);
      expect(names.some((n) => p.startsWith(`${n.slice(0, 20)}`)) && p.includes('locked'), () => `a problem that names no refused key: ${p}`);
    }
    // Every pane the link opens keeps the scene's locked values (a pane dropped goes with them).
    const count = parseUrl(search).panes.length;
    for (const key of locked) {
      for (let i = 0; i < count; i++) expect(valueIn(search, i, key) === valueIn(scene, i, key), () => `locked ${key} changed in pane ${i + 1}`);
    }
    const last = new Map(new URLSearchParams(overrides));
    const prefixed = new Set([...last.keys()].map((k) => /^p\d+\.(.+)$/.exec(k)?.[1]));
    for (const [k, v] of last) {
      if (!KEY_SHAPE.test(k) || locked.includes(k) || prefixed.has(k) || ['panes', 'step', 'hash'].includes(k)) continue;
      for (let i = 0; i < count; i++) expect(valueIn(search, i, k) === v, () => `override ${k} not in pane ${i + 1}`);
    }
    return problems.length ? 'rejected' : 'accepted';
  },
};

/** The engine's defaults of the keys the generator uses most (src/config/fields.rs). */
const ENGINE_DEFAULTS = { v: '2', data: 'spiral', n: 'auto', noise: 'auto', test: '0.2', pts: '', seed: '1', model: 'mlp', lr: '0.01', beta: '1', eps: '0.05', layers: '', panel: 'none' };
const defaultOf = (k) => pageDefault(k) ?? ENGINE_DEFAULTS[k];

/** The state a link opens, as the page reads it (parseUrl), each engine key's value or its default;
 * a pane's hash only where `hashes` (the current link's panes) has one. */
function opened(search, hashes, lesson) {
  const r = parseUrl(search);
  const panes = r.panes.map((p, i) => {
    const m = new Map(new URLSearchParams(p.engineQuery));
    for (const [k, v] of m) if (v === defaultOf(k)) m.delete(k);
    return JSON.stringify([[...m].sort(), { ...p.page, hash: hashes?.[i] ? p.page.hash : null }]);
  });
  return JSON.stringify([panes, { ...r.page, scene: null, lesson: lesson === null ? null : r.page.lesson }]);
}

/** The link the page writes for a state (serialiseUrl of the engine's canonical queries). */
function written(search) {
  const r = parseUrl(search);
  return serialiseUrl(r.panes.map((p) => ({ engineQuery: canonical(p.engineQuery), page: p.page })), r.page);
}

/** sceneOverrides: null, or overrides that reopen the current state exactly (withScene, then parseUrl).
 * `current` is a link as the page writes it (its contract); now and then a raw one, which must only not throw. */
export const sceneOverridesTarget = {
  name: 'sceneOverrides',
  input(d, seeds) {
    // The scene's link is a bundled one (scene files are checked on their own); the user's changes are anything.
    const scene = d.pick(seeds.links);
    const current = withScene(scene, d.oneIn(3) ? d.mutated(seeds.links) : d.query(d.pairs())).search;
    return d.oneIn(5) ? { scene, current, raw: true } : { scene, current: written(current) };
  },
  check({ scene, current, raw }) {
    const got = sceneOverrides(scene, current, defaultOf);
    if (got === null) return 'rejected';
    expect(typeof got === 'string', `a ${typeof got}`);
    if (raw) return 'accepted';
    // A hash is written only when the current link has one (the scene's own stays otherwise),
    // and so is the lesson's: a link leaves it out to mean the page's choice, and cannot say so over a scene's.
    const now = parseUrl(current);
    const hashes = now.panes.map((p) => p.page.hash);
    const [a, b] = [opened(withScene(scene, got).search, hashes, now.page.lesson), opened(current, hashes, now.page.lesson)];
    const at = [...a].findIndex((ch, i) => ch !== b[i]);
    expect(a === b, () => `'${got.slice(0, 100)}' reopens …${a.slice(Math.max(0, at - 80), at + 80)}\n      not …${b.slice(Math.max(0, at - 80), at + 80)}`);
    return 'accepted';
  },
};

/** shortQuery: the short query, its left-out keys read as their defaults, opens as the full one. */
export const shortQueryTarget = {
  name: 'shortQuery',
  input(d, seeds) {
    const fields = Object.entries(ENGINE_DEFAULTS).filter(() => !d.oneIn(5)).map(([key, def]) => ({ key, default: def }));
    if (d.oneIn(4)) fields.push({ key: d.pick(ENGINE_KEYS), default: d.number() });
    const pairs = d.pairs().map(([k, v]) => (d.oneIn(2) && Object.hasOwn(ENGINE_DEFAULTS, k) ? [k, ENGINE_DEFAULTS[k]] : [k, v]));
    return { query: d.oneIn(3) ? d.mutated(seeds.links) : d.query(pairs), fields };
  },
  check({ query, fields }) {
    const short = shortQuery(query, fields);
    const defaults = new Map(fields.map((f) => [f.key, f.default]));
    const full = new Map(new URLSearchParams(query));
    const kept = new Map(new URLSearchParams(short));
    for (const [k, v] of full) expect((kept.get(k) ?? defaults.get(k)) === v, () => `${k}=${v} opens as ${kept.get(k) ?? defaults.get(k)} from '${short.slice(0, 120)}'`);
    for (const k of kept.keys()) expect(full.has(k), `${k} is not in the full query`);
    if (full.has('v')) expect(kept.has('v'), 'v is left out');
    return kept.size < full.size ? 'rejected' : 'accepted';
  },
};

/** pointsKey and withPoints: a storage key that ignores points and steps; points in the link's form. */
export const pointsTarget = {
  name: 'points',
  input(d, seeds) {
    const opened = d.oneIn(2) ? d.mutated(seeds.links) : d.query(d.pairs());
    const stroke = Array.from({ length: d.below(6) }, () => [Number(d.number(-1e6, 1e6)), Number(d.number(-1e6, 1e6))]);
    return { opened, index: d.below(4), pts: d.oneIn(2) ? '' : d.text(20), stroke };
  },
  check({ opened, index, pts, stroke }) {
    const key = pointsKey(opened, index);
    expect(key.startsWith('ebm-points:') && key.endsWith(`:p${index + 1}`), key.slice(0, 80));
    expect(pointsKey(`${opened}&pts=1,2&p2.step=5&hash=0123456789abcdef&points=0123456789abcdef`, index) === key, 'points or steps change the key');
    // A pane's part of the link: long points leave it for their name, short ones stay; and
    // a link naming a set this process has no storage for says so, once per pane.
    const long = `${pts};${'1.5,-2.5;'.repeat(1000)}`;
    const part = linkPoints(new URLSearchParams({ data: 'points', pts: long }).toString(), { step: 0 }, '0123456789abcdef');
    expect(!new URLSearchParams(part.engineQuery).has('pts') && part.page.points === '0123456789abcdef', 'long points stayed in the link');
    const specs = parseUrl(opened).panes;
    const named = specs.filter((sp) => sp.page.points).length;
    expect(withKeptSets(specs).flat().length === named, 'a missing set is not named');
    const finite = stroke.filter(([a, b]) => Number.isFinite(a) && Number.isFinite(b) && Math.abs(a) < 1e6 && Math.abs(b) < 1e6);
    const added = withPoints(pts, finite);
    const tail = finite.map(() => '-?\\d+\\.\\d{3},-?\\d+\\.\\d{3}').join(';');
    expect(new RegExp(`${tail}$`).test(added) && added.startsWith(pts), () => `withPoints wrote '${added.slice(-80)}'`);
    return finite.length < stroke.length ? 'rejected' : 'accepted';
  },
};
