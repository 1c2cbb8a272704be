// Where a student's points live besides the engine. A few hundred go in the
// link itself (`pts=`); a larger set (a CSV of 20,000 points is half a
// megabyte of text) would make a link no server, chat or address bar takes, so
// the link names it instead (`points=ID`, the engine's points_id of the set)
// and this browser keeps the set under that name (localStorage). The state
// file (Save → state) carries any set whole, to share it with another browser.

/**
 * Longest `pts` a link carries (about 300 to 500 points); longer sets are kept
 * by name. Chosen so a whole link stays well under 8 kB, the request-line limit
 * of common static hosts (our own server refuses over 16 kB).
 */
export const LINK_PTS_CHARS = 6000;
/**
 * Sets kept at most (the oldest used go first). Each may be 2–3 MB of text, and
 * a browser gives a page about 5–10 MB of localStorage: a few sets, not dozens.
 */
const KEPT_SETS = 6;
const SET = 'ebm-points:set:';
const ORDER = 'ebm-points:order';

const storage = () => {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null; // storage off: reading localStorage itself throws
  }
};

function order(s) {
  try {
    const o = JSON.parse(s.getItem(ORDER) ?? '[]');
    return Array.isArray(o) ? o.filter((id) => typeof id === 'string') : [];
  } catch {
    return [];
  }
}

/** Whether a pane's `pts` is too long for a link. */
export const tooLongForLink = (pts) => (pts ?? '').length > LINK_PTS_CHARS;

/**
 * Keeps `pts` under `id`, dropping the least recently used sets when full.
 * Returns '' when kept, else why not (storage off or full), for the reader.
 */
export function keepPoints(id, pts) {
  const s = storage();
  if (!s) return 'this browser does not allow the page to keep data (private mode or storage off)';
  const ids = order(s).filter((k) => k !== id); // the other sets, most recent first
  for (;;) {
    try {
      s.setItem(SET + id, pts);
      const kept = [id, ...ids];
      for (const old of kept.splice(KEPT_SETS)) s.removeItem(SET + old);
      s.setItem(ORDER, JSON.stringify(kept));
      return '';
    } catch {
      const oldest = ids.pop();
      if (oldest === undefined) {
        s.removeItem(SET + id); // none left to drop: keep no set the order does not list
        return 'this browser\'s storage for the page is full';
      }
      s.removeItem(SET + oldest);
    }
  }
}

/** The set kept under `id`, or null. */
export function keptPoints(id) {
  const s = storage();
  if (!s || !/^[0-9a-f]{16}$/.test(id ?? '')) return null;
  try {
    return s.getItem(SET + id);
  } catch {
    return null;
  }
}

/** Remembers which set pane `key` showed last (a small entry: the set's id). */
export function rememberSet(key, id) {
  const s = storage();
  try {
    if (id) s?.setItem(key, id);
    else s?.removeItem(key);
  } catch {
    // Full: the link (or the kept set) still has the points.
  }
}

/**
 * The points pane `key` showed last, or null. An entry of before named sets
 * holds the points themselves.
 */
export function rememberedPoints(key) {
  const s = storage();
  let v = null;
  try {
    v = s?.getItem(key) ?? null;
  } catch {
    return null;
  }
  if (v === null) return null;
  return /^[0-9a-f]{16}$/.test(v) ? keptPoints(v) : v;
}

/**
 * A link (`?…`) whose `pts` values are too long, with each kept by name
 * (`idOf(pts)` is the engine's id, async) and replaced by `points=ID`; throws
 * with the reason when the browser cannot keep one.
 */
export async function withKeptPoints(link, idOf) {
  const params = new URLSearchParams(link.replace(/^\?/, ''));
  for (const [k, v] of [...params]) {
    const m = /^(p\d+\.)?pts$/.exec(k);
    if (!m || !tooLongForLink(v)) continue;
    const id = await idOf(v);
    const why = keepPoints(id, v);
    if (why) throw new Error(`its ${v.split(';').length.toLocaleString('en')} points are too many for a link, and ${why}`);
    params.delete(k);
    params.set(`${m[1] ?? ''}points`, id);
  }
  return `?${params}`;
}
