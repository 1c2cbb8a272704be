// The page's link state: pure functions of strings, tested with node --test.
//
// A link holds one to four panes. Keys without a prefix set every pane;
// `p2.loss=nce` sets pane 2 only. Engine keys (data, lr, seed, …) are validated
// by Rust (src/config/), per pane; the page keys below belong to the page. A
// one-pane link is exactly the link of before panes (no prefixes).

/** Most panes a page shows side by side. */
export const MAX_PANES = 4;

/** Sampler sizes the page offers ("samples from the model"); 0 is off. */
export const CHAIN_CHOICES = [0, 1000, 10000, 100000, 1000000];

/** Page keys a pane may set for itself (`p2.res=256`); the rest apply to the page. */
const PANE_PAGE_KEYS = new Set(['step', 'hash', 'chains', 'backend', 'res', 'points']);

export const PAGE_KEYS = {
  step: { parse: (v) => parseIntIn(v, 0, 10_000_000), help: 'an integer in [0, 10000000]' },
  hash: { parse: (v) => (/^[0-9a-f]{16}$/.test(v) ? v : null), help: '16 hexadecimal digits' },
  engine: { parse: (v) => (['auto', 'simd', 'scalar'].includes(v) ? v : null), help: 'one of auto, simd, scalar' },
  play: { parse: parseBit, help: '0 or 1' },
  linked: { parse: parseBit, help: '0 or 1' },
  panes: { parse: (v) => parseIntIn(v, 1, MAX_PANES), help: `an integer in [1, ${MAX_PANES}]` },
  chains: { parse: (v) => (CHAIN_CHOICES.includes(Number(v)) && /^\d+$/.test(v) ? Number(v) : null), help: 'one of 0, 1000, 10000, 100000, 1000000' },
  backend: { parse: (v) => (['auto', 'gpu', 'cpu'].includes(v) ? v : null), help: 'one of auto, gpu, cpu' },
  res: { parse: (v) => (['128', '256', '512'].includes(v) ? Number(v) : null), help: 'one of 128, 256, 512' },
  // A set of the user's points too long for a link, kept in the browser under this name (ui/point-store.js).
  points: { parse: (v) => (/^[0-9a-f]{16}$/.test(v) ? v : null), help: '16 hexadecimal digits (the name of a set of points kept in the browser)' },
  scene: { parse: (v) => (SCENE_NAME.test(v) ? v : null), help: 'a scene name (lower-case words joined by hyphens)' },
  // Course pages (embed.html, <ebm-playground>): which controls the reader may not see or change, and who may script it.
  hide: { parse: parseKeyList, help: 'control names separated by commas, like lr,seed' },
  lock: { parse: parseKeyList, help: 'control names separated by commas, like beta' },
  lesson: { parse: parseBit, help: '0 or 1' },
  autoplay: { parse: parseBit, help: '0 or 1' },
  embed: { parse: parseBit, help: '0 or 1' },
  origins: { parse: parseOrigins, help: "'*' or origins separated by commas, like https://course.example.org" },
};

const PANE_DEFAULTS = { step: 0, hash: null, chains: 0, backend: 'auto', res: 128, points: null };
const PAGE_DEFAULTS = { engine: 'auto', play: true, linked: true, scene: null, hide: [], lock: [], lesson: null, autoplay: false, embed: false, origins: [] };

const DEFAULTS = { ...PANE_DEFAULTS, ...PAGE_DEFAULTS, panes: 1 };

/** What a link means by leaving a page key out, as link text (undefined: nothing). */
export function pageDefault(key) {
  const v = Object.hasOwn(DEFAULTS, key) ? DEFAULTS[key] : undefined;
  if (v === null || v === undefined) return undefined;
  return typeof v === 'boolean' ? (v ? '1' : '0') : String(v);
}

/** `lr,seed` → ['lr', 'seed'] (an empty value is an empty list); null when a name is not a key's shape. */
function parseKeyList(v) {
  const keys = v.split(',').map((k) => k.trim()).filter(Boolean);
  return keys.every((k) => /^[a-z][a-z0-9_]{0,31}$/.test(k)) && keys.length <= 64 ? [...new Set(keys)] : null;
}

/** `*` or `https://a.org,http://localhost:8080` → a list of origins; null when one is not an origin. */
function parseOrigins(v) {
  const list = v.split(',').map((o) => o.trim()).filter(Boolean);
  const origin = (o) => o === '*' || (/^https?:\/\/[^/?#\s]+$/.test(o) && new URL(o).origin === o);
  return list.length <= 16 && list.every((o) => { try { return origin(o); } catch { return false; } }) ? list : null;
}

function parseBit(v) {
  return v === '0' || v === '1' ? v === '1' : null;
}

/** Link text as a message quotes it: a 400 kB key or value comes back as its first 60 characters. */
const cut = (s) => (s.length > 60 ? `${s.slice(0, 60)}…` : s);

function parseIntIn(v, lo, hi) {
  if (!/^\d+$/.test(v)) return null;
  const n = Number(v);
  return n >= lo && n <= hi ? n : null;
}

/**
 * Splits a link into its panes and the page: { panes: [{ engineQuery, page }],
 * page: { engine, play, linked }, problems }. Each pane's engineQuery is a query
 * string for Rust (the shared keys, then its own); its page holds step, hash,
 * chains, backend and res. A link with a step starts paused (it replays).
 */
export function parseUrl(search) {
  const params = new URLSearchParams(search.replace(/^[?#]/, ''));
  const shared = { engine: new URLSearchParams(), page: {} };
  const own = Array.from({ length: MAX_PANES }, () => ({ engine: new URLSearchParams(), page: {} }));
  const page = { ...PAGE_DEFAULTS };
  const problems = [];
  let count = 1;
  for (const [name, value] of params) {
    const m = /^p(\d+)\.(.+)$/.exec(name);
    let key = name;
    let target = shared;
    if (m) {
      const n = Number(m[1]);
      key = m[2];
      if (!(n >= 1 && n <= MAX_PANES)) {
        problems.push(`${cut(name)}: panes are numbered p1 to p${MAX_PANES}; ignored`);
        continue;
      }
      if (Object.hasOwn(PAGE_KEYS, key) && !PANE_PAGE_KEYS.has(key)) {
        problems.push(`${cut(name)}: ${key} applies to the whole page, write it without 'p${n}.'; ignored`);
        continue;
      }
      target = own[n - 1];
      count = Math.max(count, n);
    }
    // Own keys only: a link's `toString=1` or `__proto__=1` is an engine key like any other.
    const spec = Object.hasOwn(PAGE_KEYS, key) ? PAGE_KEYS[key] : undefined;
    if (!spec) {
      target.engine.append(key, value);
      continue;
    }
    const parsed = spec.parse(value);
    const fallback = { ...PANE_DEFAULTS, ...PAGE_DEFAULTS, panes: 1 }[key];
    const shown = cut(value);
    const using = Array.isArray(fallback) ? (fallback.length ? fallback.join(',') : 'none') : (fallback ?? 'none');
    if (parsed === null) problems.push(`${cut(name)} must be ${spec.help}, got '${shown}'; using ${using}`);
    else if (key === 'panes') count = Math.max(count, parsed);
    else if (PANE_PAGE_KEYS.has(key)) target.page[key] = parsed;
    else page[key] = parsed;
  }
  const panes = own.slice(0, count).map((o) => {
    const engine = new URLSearchParams(shared.engine);
    for (const [k, v] of o.engine) engine.set(k, v);
    return { engineQuery: engine.toString(), page: { ...PANE_DEFAULTS, ...shared.page, ...o.page } };
  });
  if (panes.some((p) => p.page.step > 0)) page.play = false;
  return { panes, page, problems };
}

/** The page keys of one pane worth keeping, as [key, text] pairs. */
function panePairs(p) {
  const out = [];
  if (p.step > 0) out.push(['step', String(p.step)]);
  if (p.hash) out.push(['hash', p.hash]);
  if (p.chains > 0) out.push(['chains', String(p.chains)]);
  if (p.backend && p.backend !== 'auto') out.push(['backend', p.backend]);
  if (p.res && p.res !== 128) out.push(['res', String(p.res)]);
  if (p.points) out.push(['points', p.points]);
  return out;
}

/**
 * The shareable link of `panes` ([{ engineQuery: Rust's canonical config, page }])
 * and the page. One pane: its config, then its page keys (the link of before
 * panes). Several: `panes=N`, the keys every pane agrees on without a prefix,
 * then each pane's own values as `pN.key`.
 */
export function serialiseUrl(panes, page) {
  const tail = [];
  if (page.engine && page.engine !== 'auto') tail.push(`engine=${page.engine}`);
  if (page.linked === false) tail.push('linked=0');
  // A paused start is the author's choice: keep it (a link with a step starts paused anyway).
  const stepped = panes.some((p) => p.page.step > 0);
  if (page.play === false && !stepped) tail.push('play=0');
  for (const key of ['hide', 'lock', 'origins']) if (page[key]?.length) tail.push(`${key}=${page[key].map(encode).join(',')}`);
  if (page.lesson === true || page.lesson === false) tail.push(`lesson=${page.lesson ? 1 : 0}`);
  if (page.autoplay) tail.push('autoplay=1');
  if (panes.length === 1) {
    // The link of before panes, in its order: config, step, hash, engine, chains, backend, res, play.
    const [p] = panes;
    const own = panePairs(p.page).map(([k, v]) => `${k}=${v}`);
    const first = own.filter((s) => /^(step|hash)=/.test(s));
    const last = own.filter((s) => !/^(step|hash)=/.test(s));
    const engine = tail.filter((s) => s.startsWith('engine='));
    const rest = tail.filter((s) => !s.startsWith('engine=') && !s.startsWith('linked='));
    return [p.engineQuery, ...first, ...engine, ...last, ...rest].filter(Boolean).join('&');
  }
  const rows = panes.map((p) => [...new URLSearchParams(p.engineQuery), ...panePairs(p.page)]);
  const keys = [];
  for (const row of rows) for (const [k] of row) if (!keys.includes(k)) keys.push(k);
  const value = (row, k) => row.find(([key]) => key === k)?.[1];
  const common = [];
  const ownParts = panes.map(() => []);
  for (const k of keys) {
    const values = rows.map((row) => value(row, k));
    if (values.every((v) => v === values[0]) && values[0] !== undefined) common.push(`${k}=${encode(values[0])}`);
    else values.forEach((v, i) => { if (v !== undefined) ownParts[i].push(`p${i + 1}.${k}=${encode(v)}`); });
  }
  return [`panes=${panes.length}`, ...common, ...ownParts.flat(), ...tail].join('&');
}

function encode(v) {
  return new URLSearchParams({ v }).toString().slice(2);
}

/** Replaces one key's value in an engine query string (used by the controls). */
export function withValue(engineQuery, key, value) {
  const p = new URLSearchParams(engineQuery);
  p.set(key, value);
  return p.toString();
}

// Scenes: `?scene=NAME&…` is the scene's own link with the user's changes on top.

/** A scene's name: lower-case words joined by hyphens (it is also its file name). */
export const SCENE_NAME = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** Keys that act on the whole page, never per pane. */
const PAGE_WIDE = new Set(['engine', 'play', 'linked', 'scene', 'hide', 'lock', 'lesson', 'autoplay', 'embed', 'origins']);

/**
 * Pane number and key of a link key: `p2.lr` → [1, 'lr'], `lr` → [-1, 'lr']. A prefix of
 * no pane (`p0.lr`, `p9.lr`) stays part of the name, a key parseUrl ignores: it sets nothing.
 */
function splitKey(name) {
  const m = /^p(\d+)\.(.+)$/.exec(name);
  const n = m ? Number(m[1]) : 0;
  return n >= 1 && n <= MAX_PANES ? [n - 1, m[2]] : [-1, name];
}

/** A link as values: { count, shared, own: [Map per pane], page }. Later values win. */
function expand(search) {
  const out = { count: 1, shared: new Map(), own: Array.from({ length: MAX_PANES }, () => new Map()), page: new Map() };
  for (const [name, value] of new URLSearchParams(search.replace(/^[?#]/, ''))) {
    const [i, key] = splitKey(name);
    if (i >= 0 && PAGE_WIDE.has(key)) continue; // as parseUrl: a page key is never a pane's (it says so)
    if (i >= 0 && i < MAX_PANES) {
      out.own[i].set(key, value);
      out.count = Math.max(out.count, i + 1);
    } else if (key === 'panes') out.count = Math.max(out.count, parseIntIn(value, 1, MAX_PANES) ?? 1);
    else if (PAGE_WIDE.has(key)) out.page.set(key, value);
    else out.shared.set(key, value);
  }
  return out;
}

/** Pane i's value of `key` in an expanded link (its own, else the shared one). */
const valueIn = (x, i, key) => x.own[i].get(key) ?? x.shared.get(key);

/**
 * The link a scene opens with: its own link (`sceneLink`), then `overrides` (the
 * user's changes, as link pairs) on top. An unprefixed key replaces that key in
 * every pane; `pN.key` in pane N; `panes=N` drops the scene's panes past N; a new
 * step drops the scene's hash of that pane (it was the hash of the scene's step).
 * Keys in `locked` stay as the scene has them, with a problem naming each.
 * Returns { search, problems }.
 */
export function withScene(sceneLink, overrides, locked = []) {
  // The link's pairs in order; each override drops the pairs it replaces and goes last. Indexed by
  // key and by pane, so a link of thousands of keys takes milliseconds, not seconds (scripts/fuzz).
  const pairs = [];
  const byKey = new Map();
  const byPane = Array.from({ length: MAX_PANES }, () => []);
  const add = (name, value) => {
    const [pane, key] = splitKey(name);
    const p = { name, value, pane, key, live: true };
    pairs.push(p);
    if (!byKey.has(key)) byKey.set(key, []);
    byKey.get(key).push(p);
    if (pane >= 0) byPane[pane].push(p);
  };
  const drop = (list, which) => {
    for (const p of list) if (which(p)) p.live = false;
    return list.filter((p) => p.live);
  };
  for (const [name, value] of new URLSearchParams(sceneLink)) add(name, value);
  const problems = [];
  const lockedSet = new Set(locked);
  for (const [name, value] of new URLSearchParams(overrides)) {
    const [i, key] = splitKey(name);
    if (lockedSet.has(key)) {
      problems.push(`${cut(name)}: this scene keeps ${key} fixed (locked); ignored`);
      continue;
    }
    if (key === 'panes') {
      // A bad count (panes=0, panes=-2) drops no pane: parseUrl names it and keeps the scene's.
      const n = parseIntIn(value, 1, MAX_PANES) ?? MAX_PANES;
      byKey.set('panes', drop(byKey.get('panes') ?? [], () => true));
      for (let j = n; j < MAX_PANES; j++) byPane[j] = drop(byPane[j], () => true);
    } else {
      for (const k of key === 'step' ? [key, 'hash'] : [key]) {
        if (byKey.has(k)) byKey.set(k, drop(byKey.get(k), (p) => i < 0 || p.pane === i));
      }
    }
    // A pane's own value over a shared one: the shared value stays for the other panes.
    add(i >= 0 && key !== 'panes' ? name : key, value);
  }
  // A pane dropped by `panes=1` and brought back (`panes=2`, `p2.lr=…`) keeps the scene's locked values.
  const live = pairs.filter((p) => p.live);
  const panesOf = (p) => (p.key === 'panes' ? parseIntIn(p.value, 1, MAX_PANES) ?? 1 : PAGE_WIDE.has(p.key) ? 1 : p.pane + 1);
  const count = Math.max(1, ...live.map(panesOf));
  const gone = (p) => !p.live && p.pane >= 0 && p.pane < count && lockedSet.has(p.key);
  const back = new Set(pairs.filter(gone).map((p) => p.name).filter((name) => !live.some((q) => q.name === name)));
  live.push(...pairs.filter((p) => gone(p) && back.has(p.name)));
  return { search: new URLSearchParams(live.map((p) => [p.name, p.value])).toString(), problems };
}

/**
 * The user's changes to a scene, as link pairs: what turns `sceneLink` into
 * `current` (both links as the page writes them) under `withScene`. `defaultOf(key)`
 * is the value a link means by leaving `key` out. A state hash is written only when
 * `current` has one (a copied link). Returns null when no overrides can say it
 * (then the page writes the plain link).
 */
export function sceneOverrides(sceneLink, current, defaultOf) {
  const s = expand(sceneLink);
  const c = expand(current);
  const out = [];
  if (c.count !== s.count) out.push(['panes', String(c.count)]);
  const norm = (key, v) => v ?? defaultOf(key);
  for (const key of new Set([...s.page.keys(), ...c.page.keys()])) {
    if (key === 'scene') continue;
    const [a, b] = [norm(key, s.page.get(key)), norm(key, c.page.get(key))];
    if (a !== b && b !== undefined) out.push([key, b]);
  }
  const keys = new Set();
  for (const x of [s, c]) {
    for (const k of x.shared.keys()) keys.add(k);
    for (const m of x.own) for (const k of m.keys()) keys.add(k);
  }
  keys.delete('panes');
  for (const key of keys) {
    const now = Array.from({ length: c.count }, (_, i) => norm(key, valueIn(c, i, key)));
    if (key === 'hash' && now.every((v) => v === undefined || v === null)) continue;
    const was = Array.from({ length: c.count }, (_, i) => norm(key, i < s.count ? valueIn(s, i, key) : s.shared.get(key)));
    const differ = now.map((v, i) => v !== was[i] && v !== undefined);
    if (!differ.some(Boolean)) continue;
    if (now.every((v) => v === now[0]) && (c.count === 1 || differ.filter(Boolean).length > 1)) out.push([key, now[0]]);
    else differ.forEach((d, i) => { if (d) out.push([c.count === 1 ? key : `p${i + 1}.${key}`, now[i]]); });
  }
  const pairs = out.map(([k, v]) => `${k}=${encode(v)}`).join('&');
  // The overrides must say exactly `current`: checked by opening them, else none.
  const back = expand(withScene(sceneLink, pairs).search);
  for (let i = 0; i < c.count; i++) {
    for (const key of keys) {
      if (key === 'hash' && valueIn(c, i, key) === undefined) continue;
      if (norm(key, valueIn(back, i, key)) !== norm(key, valueIn(c, i, key))) return null;
    }
  }
  return back.count === c.count ? pairs : null;
}

/**
 * The short form of a pane's config query: only the keys whose value differs
 * from the engine's default (`fields`: the engine's schemas, each { key, default }),
 * and always `v`, the version whose frozen defaults the left-out keys mean
 * (src/config/fields.rs, `frozen_defaults` test). Opens exactly as the full one.
 */
export function shortQuery(query, fields) {
  const defaults = new Map(fields.map((f) => [f.key, f.default]));
  const out = new URLSearchParams();
  // A key given twice means its last value (the engine reads them in order), in the first one's place.
  for (const [k, v] of new Map(new URLSearchParams(query))) {
    if (k === 'v' || !defaults.has(k) || defaults.get(k) !== v) out.set(k, v);
  }
  return out.toString();
}
