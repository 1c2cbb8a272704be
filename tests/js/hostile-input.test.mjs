// What scripts/fuzz found in the page's pure functions, kept as regressions:
// each input here once threw, froze the page for seconds, lost the scene or
// came back as a message hundreds of kilobytes long.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pageDefault, parseUrl, sceneOverrides, shortQuery, withScene } from '../../www/state.js';
import { stateLink, STATE_FORMAT } from '../../www/ui/state-file.js';
import { checkRegistry } from '../../www/scenes/registry.js';

test('keys named like Object\'s own properties are engine keys, not page keys', () => {
  // Threw "spec.parse is not a function": PAGE_KEYS['toString'] is Object.prototype.toString.
  const { panes, problems } = parseUrl('?toString=1&constructor=2&__proto__=3&hasOwnProperty=4&p1.valueOf=5');
  assert.deepEqual(problems, []);
  assert.equal(panes[0].engineQuery, 'toString=1&constructor=2&__proto__=3&hasOwnProperty=4&valueOf=5');
  assert.equal(pageDefault('constructor'), undefined);
  assert.equal(pageDefault('play'), '1');
});

test('a bad pane count in a scene\'s overrides drops nothing of the scene', () => {
  // panes=-2 dropped every shared key of the scene (j >= −2), panes=0 every pane's own key.
  const scene = 'panes=2&data=moons&lr=0.01&p1.loss=ml&p2.loss=nce';
  for (const bad of ['-2', '0', 'Infinity', '9', 'x']) {
    const { search } = withScene(scene, `panes=${bad}&beta=2`);
    const p = new URLSearchParams(search);
    assert.deepEqual([p.get('data'), p.get('lr'), p.get('p1.loss'), p.get('p2.loss'), p.get('beta')], ['moons', '0.01', 'ml', 'nce', '2'], bad);
  }
  assert.equal(new URLSearchParams(withScene(scene, 'panes=1').search).get('p2.loss'), null);
});

test('a prefix of no pane sets nothing, in a scene as in a plain link', () => {
  // p0.lr was read as lr for every pane (splitKey gave pane −1); parseUrl ignores it with a message.
  const { search } = withScene('panes=2&lr=0.01', 'p0.lr=5&p9.lr=6');
  const { panes, problems } = parseUrl(search);
  assert.deepEqual(panes.map((p) => new URLSearchParams(p.engineQuery).get('lr')), ['0.01', '0.01']);
  assert.equal(problems.length, 2);
  // sceneOverrides reads such a key the same way: never as a shared value.
  assert.equal(sceneOverrides('lr=0.01', 'lr=0.01&p9.lr=6', pageDefault), 'p9.lr=6');
});

test('a link of thousands of keys opens a scene in well under a second', () => {
  // withScene went over every key of the link for every override: 20,000 keys took 14 s.
  const many = Array.from({ length: 20_000 }, (_, i) => `k${i}=${i}`).join('&');
  const t0 = performance.now();
  const { search } = withScene('data=spiral&lr=0.1&p2.loss=nce', `${many}&lr=0.2&p2.loss=ml`);
  assert.ok(performance.now() - t0 < 1000, `${performance.now() - t0} ms`);
  const p = new URLSearchParams(search);
  assert.deepEqual([p.get('lr'), p.get('p2.loss'), p.get('k19999')], ['0.2', 'ml', '19999']);
});

test('a pane count past the page\'s panes in the current link does not throw', () => {
  // Threw "Invalid array length" (panes=Infinity) or read pane 5 of 4.
  for (const n of ['Infinity', '9', '1e9']) assert.doesNotThrow(() => sceneOverrides('data=spiral', `data=moons&panes=${n}`, pageDefault));
});

test('a short query keeps the value the engine reads when a key comes twice: the last', () => {
  const fields = [{ key: 'lr', default: '0.01' }, { key: 'v', default: '2' }];
  // Kept lr=0.5 and dropped lr=0.01 as a default: the short link opened with lr=0.5, the full one with 0.01.
  assert.equal(shortQuery('v=2&lr=0.5&lr=0.01', fields), 'v=2');
  assert.equal(shortQuery('v=2&lr=0.01&lr=0.5', fields), 'v=2&lr=0.5');
});

test('a saved state\'s bad version is quoted shortened', () => {
  const file = { format: STATE_FORMAT, version: 'x'.repeat(500_000), config: 'v=2', step: 0, hash: '0123456789abcdef' };
  const e = stateLink(JSON.stringify(file));
  assert.ok(e instanceof Error && e.message.length < 200, e.message.length);
  assert.match(e.message, /^the file's version "xxx/);
});

test('a registry of any JSON is named, never iterated blindly', () => {
  // Threw "object is not iterable" (scenes: {}) and "Cannot read properties of null" (a null section).
  for (const sections of [[null], [5], [{ title: 'a', scenes: {} }], [{ title: 'a', scenes: 5 }], [{ title: 'a', scenes: [null, 7, 'x'] }]]) {
    const problems = checkRegistry({ start: 'x', sections });
    assert.ok(problems.length > 0 && problems.every((p) => p.startsWith('index.json: ')), JSON.stringify(sections));
  }
});

test('a 400 kB key comes back in its message cut, like a 400 kB value', () => {
  const long = `p9.${'k'.repeat(400_000)}`;
  const { problems } = parseUrl(`?${long}=1&p0${'0'.repeat(400_000)}1.step=x`);
  assert.equal(problems.length, 2);
  assert.ok(problems.every((p) => p.length < 200), problems.map((p) => p.length));
  assert.match(problems[0], /^p9\.k+…: panes are numbered p1 to p4; ignored$/);
  assert.match(problems[1], /^p0+… must be an integer in \[0, 10000000\], got 'x'; using 0$/);
});

test('a locked key of a pane stays the scene\'s when a link drops that pane and brings it back', () => {
  // Found by scripts/fuzz: panes=1 dropped pane 2's locked model, and panes=2 (or any p2. key)
  // brought pane 2 back with the default model instead.
  const scene = 'panes=2&data=circle&p1.model=regression&p2.model=mlp&p2.loss=exact';
  for (const over of ['panes=1&panes=2', 'p2.panes=1&p2.panes=2', 'panes=1&p2.lr=5']) {
    const { panes } = parseUrl(withScene(scene, over, ['model']).search);
    assert.deepEqual(panes.map((p) => new URLSearchParams(p.engineQuery).get('model')), ['regression', 'mlp'], over);
  }
  // Dropped for good, the pane goes with its locked keys.
  assert.equal(parseUrl(withScene(scene, 'panes=1', ['model']).search).panes.length, 1);
});
