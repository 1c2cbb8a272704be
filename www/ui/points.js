// Data a student brings, in a pane whose data set is their own points
// (data=points): a tap adds one point, press and drag paints a stroke (sent as
// one change when the finger lifts), Undo and Clear, and a CSV pasted or
// uploaded (read by the engine: Playground readPoints names every bad line).
// The points are kept in this browser too (ui/point-store.js: each set under the
// engine's name for it, and which set a pane showed for the link the page opened
// with), so a reload brings them back; a set too long for a link leaves it for
// its name.

import { keepPoints, keptPoints, rememberSet, rememberedPoints, tooLongForLink } from './point-store.js';

/** Least distance between two painted points, as a share of the view's width. */
const BRUSH_SPACING = 0.025;
/** Most undo steps kept per pane, and most characters they hold together (100,000 points are ~2 MB of text). */
const UNDO_DEPTH = 50;
const UNDO_CHARS = 8_000_000;

/** The storage key of pane p's points for the link `opened` (without its points and steps). */
export function pointsKey(opened, index) {
  const params = new URLSearchParams(opened.replace(/^\?/, ''));
  for (const k of [...params.keys()]) if (/^(p\d+\.)?(pts|points|step|hash)$/.test(k)) params.delete(k);
  params.sort();
  return `ebm-points:${params}:p${index + 1}`;
}

/**
 * A pane's part of the link, { engineQuery, page }: points too many for a link
 * leave it, named by `id` (the engine's pointsId; the set is kept in this browser).
 */
export function linkPoints(engineQuery, page, id) {
  const q = new URLSearchParams(engineQuery);
  if (!tooLongForLink(q.get('pts')) || !id) return { engineQuery, page };
  q.delete('pts');
  return { engineQuery: q.toString(), page: { ...page, points: id } };
}

/**
 * Puts the kept sets a link names (`points=ID`) back into its panes' engine
 * queries, before the panes start (so a replay of steps trains on them);
 * returns each pane's notes: why its set is missing, for a set this browser does not have.
 */
export function withKeptSets(specs) {
  return specs.map((spec) => {
    const id = spec.page.points;
    if (!id) return [];
    const pts = keptPoints(id);
    if (!pts) return ['This link\'s points (too many for a link) were kept in the browser that made it, not in this one, so they are missing here. To share many points, use Save → state (a JSON file) and open that file.'];
    const q = new URLSearchParams(spec.engineQuery);
    q.set('pts', pts);
    spec.engineQuery = q.toString();
    return [];
  });
}

/** Adds `stroke` ([[y1, y2], …]) to a `pts` value: the link's form, three decimals. */
export function withPoints(pts, stroke) {
  const added = stroke.map(([a, b]) => `${a.toFixed(3)},${b.toFixed(3)}`).join(';');
  return [pts, added].filter(Boolean).join(';');
}

/** Whether a painted point at `p` is far enough from the last one. */
export function farEnough(last, p, view) {
  if (!last) return true;
  const spacing = BRUSH_SPACING * (view[2] - view[0]);
  return Math.hypot(p[0] - last[0], p[1] - last[1]) >= spacing;
}

/**
 * Wires pane p's drawing tools. app.opened: the link the page opened with;
 * p.setPoints(pts, note) starts a new scene with those points.
 */
export function wirePoints(p, opened) {
  const undo = [];
  const tools = p.el('points');
  const key = pointsKey(opened, p.index);
  // The pane's query, not its values: a second tap builds on the first before the engine answers.
  const current = () => new URLSearchParams(p.query).get('pts') ?? '';
  const set = (pts, note) => {
    undo.push(current());
    let chars = undo.reduce((n, u) => n + u.length, 0);
    while (undo.length > UNDO_DEPTH || (undo.length > 1 && chars > UNDO_CHARS)) chars -= undo.shift().length;
    p.setPoints(pts, note);
  };
  p.pointsTools = {
    /** A stroke (one tap: one point) from the plane. */
    add: (stroke) => set(withPoints(current(), stroke)),
    spacingOk: (last, q) => farEnough(last, q, p.view),
    /**
     * Keeps the pane's points in this browser, by name, and remembers them for
     * a reload of the link it opened with; a set too long for the link that
     * cannot be kept is said to be at risk.
     */
    save() {
      const pts = p.values.get('pts') ?? '';
      if (!pts || !p.pointsId) {
        rememberSet(key, '');
        return;
      }
      const why = keepPoints(p.pointsId, pts);
      rememberSet(key, why ? '' : p.pointsId);
      if (why && tooLongForLink(pts)) {
        p.events.problem?.(p, `Your ${pts.split(';').length.toLocaleString('en')} points are too many for a link, and ${why}: they will be gone after a reload. Keep them with Save → state (a JSON file).`);
      }
    },
    /** The saved points of this link, when the link itself carries none. */
    restore() {
      if (p.values.get('data') !== 'points' || p.values.get('pts')) return;
      const saved = rememberedPoints(key);
      if (saved) p.setPoints(saved, `Restored your ${saved.split(';').length.toLocaleString('en')} points from this browser (Clear removes them).`);
    },
  };
  tools.querySelector('[data-act="undo"]').addEventListener('click', () => {
    if (undo.length) p.setPoints(undo.pop());
  });
  tools.querySelector('[data-act="clear"]').addEventListener('click', () => set(''));
  const file = tools.querySelector('input[type="file"]');
  tools.querySelector('[data-act="upload"]').addEventListener('click', () => file.click());
  file.addEventListener('change', async () => {
    const f = file.files[0];
    file.value = '';
    if (f) await load(await f.text(), f.name);
  });
  const paste = tools.querySelector('textarea');
  tools.querySelector('[data-act="paste"]').addEventListener('click', () => load(paste.value, 'the pasted text'));
  async function load(text, what) {
    const read = await p.client.call('readPoints', [text]);
    const shown = read.problems.slice(0, 5);
    const more = read.problems.length - shown.length;
    const skipped = read.problems.length
      ? ` ${read.problems.length} line${read.problems.length > 1 ? 's were' : ' was'} left out: ${shown.join('; ')}${more > 0 ? `; and ${more} more` : ''}.`
      : '';
    if (read.count === 0) {
      p.events.problem?.(p, `No points in ${what}: expected lines of two numbers like "0.5, -1.2" (a header line such as "x,y" is fine).${skipped}`);
      return;
    }
    set(read.pts, `Loaded ${read.count.toLocaleString('en')} points from ${what}.${skipped}`);
  }
}
