// Points too many for a link (ui/point-store.js): kept in the browser by the
// engine's name for them, the link naming the set; a full storage drops the
// least recently used sets; a link naming a set this browser lacks says so.
import { test, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { LINK_PTS_CHARS, keepPoints, keptPoints, rememberSet, rememberedPoints, withKeptPoints } from '../../www/ui/point-store.js';
import { linkPoints, withKeptSets } from '../../www/ui/points.js';
import { parseUrl, serialiseUrl } from '../../www/state.js';

/** A localStorage of `quota` characters (keys and values), as browsers refuse past theirs. */
function fakeStorage(quota) {
  const m = new Map();
  const used = () => [...m].reduce((s, [k, v]) => s + k.length + v.length, 0);
  return {
    getItem: (k) => (m.has(k) ? m.get(k) : null),
    setItem(k, v) {
      const before = m.get(k);
      m.set(k, String(v));
      if (used() > quota) {
        if (before === undefined) m.delete(k);
        else m.set(k, before);
        throw new Error('QuotaExceededError');
      }
    },
    removeItem: (k) => m.delete(k),
    keys: () => [...m.keys()],
  };
}

const ID = (n) => n.toString(16).padStart(16, '0');
const big = (n) => Array.from({ length: n }, (_, i) => `${i},${-i}`).join(';');

beforeEach(() => { globalThis.localStorage = fakeStorage(1_000_000); });

test('a kept set comes back by its id; a full storage drops the oldest sets first, and says so when even one does not fit', () => {
  assert.equal(keepPoints(ID(1), big(10)), '');
  assert.equal(keptPoints(ID(1)), big(10));
  assert.equal(keptPoints('not-an-id'), null);
  // Three sets of ~400 kB: the third pushes out the first (the least recently kept).
  globalThis.localStorage = fakeStorage(1_000_000);
  const set = 'x'.repeat(400_000);
  for (const n of [1, 2, 3]) assert.equal(keepPoints(ID(n), set), '');
  assert.deepEqual([ID(1), ID(2), ID(3)].map((id) => keptPoints(id) !== null), [false, true, true]);
  // Keeping a set again makes it the newest.
  assert.equal(keepPoints(ID(2), set), '');
  assert.equal(keepPoints(ID(4), set), '');
  assert.deepEqual([ID(2), ID(3), ID(4)].map((id) => keptPoints(id) !== null), [true, false, true]);
  assert.match(keepPoints(ID(5), 'x'.repeat(2_000_000)), /storage for the page is full/);
  // Storage off altogether (reading localStorage throws in some private modes).
  Object.defineProperty(globalThis, 'localStorage', { configurable: true, get() { throw new Error('SecurityError'); } });
  assert.match(keepPoints(ID(1), 'a'), /does not allow the page to keep data/);
  assert.equal(keptPoints(ID(1)), null);
  delete globalThis.localStorage;
});

test('a full storage met while writing the order of the sets drops the oldest set once, and lists each set once', () => {
  const store = fakeStorage(1_000_000);
  globalThis.localStorage = store;
  let refuse = 0;
  const setItem = store.setItem;
  store.setItem = (k, v) => {
    if (k === 'ebm-points:order' && refuse-- > 0) throw new Error('QuotaExceededError');
    setItem(k, v);
  };
  keepPoints(ID(1), 'a');
  refuse = 1;
  assert.equal(keepPoints(ID(2), 'b'), '');
  assert.equal(keptPoints(ID(1)), null, 'the oldest set went to make room');
  assert.deepEqual(JSON.parse(store.getItem('ebm-points:order')), [ID(2)]);
  assert.equal(keepPoints(ID(3), 'c'), '');
  assert.deepEqual(JSON.parse(store.getItem('ebm-points:order')), [ID(3), ID(2)]);
  // Refused with nothing left to drop: no set stays behind that the order does not list.
  refuse = 5;
  assert.match(keepPoints(ID(4), 'd'), /full/);
  assert.equal(keptPoints(ID(4)), null);
});

test('a pane remembers its set by id; an entry of before holds the points themselves', () => {
  keepPoints(ID(7), big(3));
  rememberSet('ebm-points:k:p1', ID(7));
  assert.equal(rememberedPoints('ebm-points:k:p1'), big(3));
  globalThis.localStorage.setItem('ebm-points:old:p1', '1,2;3,4');
  assert.equal(rememberedPoints('ebm-points:old:p1'), '1,2;3,4');
  rememberSet('ebm-points:k:p1', '');
  assert.equal(rememberedPoints('ebm-points:k:p1'), null);
});

test('a pane\'s long points leave its link for their id, and come back into its engine query', () => {
  const short = 'data=points&pts=1,2;3,4';
  assert.deepEqual(linkPoints(short, { step: 0 }, ID(9)), { engineQuery: short, page: { step: 0 } });
  const long = big(2000);
  assert.ok(long.length > LINK_PTS_CHARS);
  const part = linkPoints(`data=points&pts=${long}&lr=0.1`, { step: 5 }, ID(9));
  assert.deepEqual(part, { engineQuery: 'data=points&lr=0.1', page: { step: 5, points: ID(9) } });
  // Through the link and back: the page key parses, and the set returns when kept.
  const link = serialiseUrl([part], {});
  assert.equal(link, `data=points&lr=0.1&step=5&points=${ID(9)}`);
  const url = parseUrl(link);
  assert.deepEqual(url.problems, []);
  assert.deepEqual(withKeptSets(url.panes), [[
    "This link's points (too many for a link) were kept in the browser that made it, not in this one, so they are missing here. To share many points, use Save → state (a JSON file) and open that file.",
  ]]);
  keepPoints(ID(9), long);
  const again = parseUrl(link);
  assert.deepEqual(withKeptSets(again.panes), [[]]);
  assert.equal(new URLSearchParams(again.panes[0].engineQuery).get('pts'), long);
  assert.match(parseUrl('points=xyz').problems[0], /points.*16 hexadecimal digits/);
});

test('a state file\'s long points are kept and named in the link it opens; a browser that cannot keep them is told why', async () => {
  const long = big(2000);
  const link = await withKeptPoints(`?data=points&pts=${long}&step=3&hash=${ID(1)}`, async () => ID(11));
  assert.equal(link, `?data=points&step=3&hash=${ID(1)}&points=${ID(11)}`);
  assert.equal(keptPoints(ID(11)), long);
  assert.equal(await withKeptPoints('?data=points&pts=1,2', async () => ID(12)), '?data=points&pts=1%2C2');
  globalThis.localStorage = fakeStorage(100);
  await assert.rejects(withKeptPoints(`?pts=${long}`, async () => ID(13)), /its 2,000 points are too many for a link, and this browser's storage for the page is full/);
});
