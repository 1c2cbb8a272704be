import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseUrl, serialiseUrl, withValue } from '../../www/state.js';
import { chooseFlavour, simdSupported } from '../../www/engine.js';
import { ticks } from '../../www/render/heatmap.js';
import { viridis } from '../../www/render/colormap.js';

/** The page keys of course pages, as a link without them means them. */
const EMBED_DEFAULTS = { hide: [], lock: [], lesson: null, autoplay: false, embed: false, origins: [] };

test('page keys are split from engine keys and parsed', () => {
  const { panes, page, problems } = parseUrl('?data=moons&step=40&engine=scalar&lr=0.01');
  assert.equal(panes.length, 1);
  assert.equal(panes[0].engineQuery, 'data=moons&lr=0.01');
  assert.deepEqual(panes[0].page, { step: 40, hash: null, chains: 0, backend: 'auto', res: 128, points: null });
  assert.deepEqual(page, { ...EMBED_DEFAULTS, engine: 'scalar', play: false, linked: true, scene: null });
  assert.deepEqual(problems, []);
});

test('bad page values get a message naming the key and the default', () => {
  const { panes, page, problems } = parseUrl('step=-3&engine=gpu&hash=xyz&play=maybe&chains=7&backend=cuda');
  assert.equal(panes[0].page.step, 0);
  assert.equal(page.engine, 'auto');
  assert.equal(panes[0].page.chains, 0);
  assert.equal(panes[0].page.backend, 'auto');
  assert.equal(problems.length, 6);
  assert.match(problems[4], /^chains must be one of 0, 1000, 10000, 100000, 1000000, got '7'; using 0$/);
  assert.match(problems[5], /^backend must be one of auto, gpu, cpu, got 'cuda'; using auto$/);
  assert.match(problems[0], /^step must be an integer in \[0, 10000000\], got '-3'; using 0$/);
  assert.match(problems[1], /^engine must be one of auto, simd, scalar, got 'gpu'/);
});

test('a one-pane link serialises exactly as before panes, and parses back', () => {
  const pane = { step: 12, hash: '0123456789abcdef', chains: 100000, backend: 'cpu', res: 512, points: null };
  const page = { ...EMBED_DEFAULTS, engine: 'simd', play: false, linked: true, scene: null };
  const q = serialiseUrl([{ engineQuery: 'data=rings&seed=4', page: pane }], page);
  assert.equal(q, 'data=rings&seed=4&step=12&hash=0123456789abcdef&engine=simd&chains=100000&backend=cpu&res=512');
  const back = parseUrl(q);
  assert.deepEqual(back.panes, [{ engineQuery: 'data=rings&seed=4', page: pane }]);
  assert.deepEqual(back.page, page);
  assert.equal(withValue('data=rings&seed=4', 'seed', '9'), 'data=rings&seed=9');
});

test('a paused start (play=0) survives serialising', () => {
  const { panes, page } = parseUrl('?data=moons&play=0');
  assert.equal(page.play, false);
  assert.equal(serialiseUrl(panes, page), 'data=moons&play=0');
  assert.equal(serialiseUrl(panes, { ...page, play: true }), 'data=moons');
});

test('prefixed keys set one pane, plain keys every pane, and the link round-trips', () => {
  const { panes, page, problems } = parseUrl('?data=spiral&seed=3&p2.loss=nce&p3.neg=pcd&p3.res=256&step=10&p2.hash=0123456789abcdef&linked=0');
  assert.equal(panes.length, 3);
  assert.deepEqual(panes.map((p) => p.engineQuery), ['data=spiral&seed=3', 'data=spiral&seed=3&loss=nce', 'data=spiral&seed=3&neg=pcd']);
  assert.deepEqual(panes.map((p) => p.page.step), [10, 10, 10]);
  assert.deepEqual(panes.map((p) => p.page.res), [128, 128, 256]);
  assert.equal(panes[1].page.hash, '0123456789abcdef');
  assert.equal(page.linked, false);
  assert.deepEqual(problems, []);
  const q = serialiseUrl(panes, page);
  assert.equal(q, 'panes=3&data=spiral&seed=3&step=10&p2.loss=nce&p2.hash=0123456789abcdef&p3.neg=pcd&p3.res=256&linked=0');
  const back = parseUrl(q);
  assert.deepEqual(back.panes, panes);
  assert.deepEqual(back.page, page);
  // panes=N asks for N panes even when none is prefixed.
  assert.equal(parseUrl('panes=2&data=moons').panes.length, 2);
});

test('pane prefixes out of range, and page-wide keys with a prefix, are named and ignored', () => {
  const { panes, problems } = parseUrl('p5.lr=0.1&p2.engine=simd&p0.seed=2&panes=9');
  assert.equal(panes.length, 1);
  assert.deepEqual(problems, [
    'p5.lr: panes are numbered p1 to p4; ignored',
    "p2.engine: engine applies to the whole page, write it without 'p2.'; ignored",
    'p0.seed: panes are numbered p1 to p4; ignored',
    'panes must be an integer in [1, 4], got \'9\'; using 1',
  ]);
});

test('the SIMD probe validates in Node, and flavour choice follows the request', () => {
  assert.equal(simdSupported(), true); // Node 20's V8 has SIMD-128
  assert.equal(chooseFlavour('auto', true).flavour, 'simd');
  assert.equal(chooseFlavour('auto', false).flavour, 'scalar');
  assert.equal(chooseFlavour('scalar', true).flavour, 'scalar');
  assert.equal(chooseFlavour('simd', false).flavour, 'scalar');
});

test('axis ticks are round numbers inside the range', () => {
  assert.deepEqual(ticks(-3, 3), [-3, -2, -1, 0, 1, 2, 3]);
  assert.deepEqual(ticks(-1.5, 1.5), [-1.5, -1, -0.5, 0, 0.5, 1, 1.5]);
});

test('the colour map runs from viridis purple to yellow and clamps', () => {
  assert.deepEqual(viridis(0), [68, 1, 84]);
  assert.deepEqual(viridis(1), [253, 231, 37]);
  assert.deepEqual(viridis(2), viridis(1));
  assert.deepEqual(viridis(NaN), viridis(1));
});

test('the lesson sentence follows the scene', async () => {
  const { describe } = await import('../../www/ui/lesson.js');
  const q = (s) => new URLSearchParams(s);
  assert.match(describe(q('data=spiral&loss=ml&neg=short_run&sampler=langevin&opt=adam')), /spiral.*short-run Langevin chains from noise.*Adam/);
  assert.match(describe(q('data=circle&loss=ml&neg=pcd&sampler=hmc&opt=sgd')), /conditional energy.*persistent HMC chains/);
  assert.match(describe(q('data=gaussians&loss=exact')), /exact maximum likelihood/);
  assert.match(describe(q('data=moons&loss=hinge&neg=cd&sampler=mala')), /two moons by the hinge loss.*CD-k: MALA chains/);
  assert.match(describe(q('data=gaussians&loss=dsm')), /denoising score matching/);
});

test('the other models get their own lesson sentence', async () => {
  const { describe } = await import('../../www/ui/lesson.js');
  const q = (s) => new URLSearchParams(s);
  assert.match(describe(q('model=kmeans&data=spiral')), /^K-means as an energy.*course’s spiral.*prototypes/);
  assert.match(describe(q('model=regression&data=circle')), /^Squared-error regression.*mean between the branches/);
  // The planes as Playground.plane() reports them (src/train/tests.rs pins those).
  const ellipse = describe(q('model=ellipse&data=ellipse&free=min'), { label: 'F\u221e(y)', latent_values: 48 });
  assert.match(ellipse, /heat map is the free energy F\u221e\(y\) = min over z, with z on 48 angles/);
  const warm = describe(q('model=ellipse&data=ellipse&free=beta'), { label: 'F_\u03b2(y), \u03b2 = 2', latent_values: 48 });
  assert.match(warm, /heat map is the free energy F_\u03b2\(y\), \u03b2 = 2, with z on 48 angles/);
});

test('the lesson names the conditional energy and the L2 regulariser only when it acts', async () => {
  const { describe } = await import('../../www/ui/lesson.js');
  const q = (s) => new URLSearchParams(s);
  assert.match(describe(q('data=circle&loss=ml&neg=cd&sampler=mala&opt=adam&l2=0'), { label: 'E(x, y)', latent_values: 0 }), /An MLP energy E\(x, y\) learns/);
  assert.doesNotMatch(describe(q('data=spiral&loss=ml&neg=cd&sampler=mala&opt=adam&l2=0')), /L2/);
  assert.match(describe(q('data=spiral&loss=ml&neg=cd&sampler=mala&opt=adam&l2=0.1')), /trained by Adam with an L2 energy regulariser\.$/);
});

// Scenes: ?scene=NAME&… is the scene's link with the user's changes on top.
import { withScene, sceneOverrides, pageDefault } from '../../www/state.js';

const SCENE = 'panes=2&data=moons&lr=0.01&p1.loss=ml&p2.loss=nce&layers=contours&step=300&p1.hash=aaaaaaaaaaaaaaaa&p2.hash=bbbbbbbbbbbbbbbb';
// Engine defaults the scene leaves out: view keys off, as the engine's view schema says.
const defaults = (key) => ({ layers: '', panel: 'none', beta: '1' }[key] ?? pageDefault(key));

test('a scene with overrides: shared keys replace every pane, pN keys one, a new step drops the hashes', () => {
  const { search, problems } = withScene(SCENE, 'lr=0.1&p2.loss=dsm&step=500', []);
  const p = parseUrl(search);
  assert.deepEqual(problems, []);
  assert.equal(p.panes.length, 2);
  assert.match(p.panes[0].engineQuery, /lr=0\.1/);
  assert.match(p.panes[1].engineQuery, /loss=dsm/);
  assert.match(p.panes[0].engineQuery, /loss=ml/);
  assert.deepEqual(p.panes.map((q) => [q.page.step, q.page.hash]), [[500, null], [500, null]]);
  // Untouched, the scene's step keeps its hashes (they are the hashes of that step).
  const same = parseUrl(withScene(SCENE, '', []).search);
  assert.deepEqual(same.panes.map((q) => q.page.hash), ['aaaaaaaaaaaaaaaa', 'bbbbbbbbbbbbbbbb']);
});

test('a locked key keeps the scene\'s value and says so; panes=1 drops the second pane', () => {
  const { search, problems } = withScene(SCENE, 'lr=5&panes=1', ['lr']);
  assert.deepEqual(problems, ['lr: this scene keeps lr fixed (locked); ignored']);
  const p = parseUrl(search);
  assert.equal(p.panes.length, 1);
  assert.match(p.panes[0].engineQuery, /lr=0\.01/);
});

test('the overrides of a changed scene open back to exactly the changed state', () => {
  const cases = [
    // [what the page now shows, the overrides it should write]
    [SCENE, ''],
    ['panes=2&data=moons&lr=0.01&p1.loss=ml&p2.loss=nce&layers=contours&step=300', ''],
    ['panes=2&data=moons&lr=0.2&p1.loss=ml&p2.loss=nce&layers=contours&step=300', 'lr=0.2'],
    ['panes=2&data=moons&lr=0.01&p1.loss=ml&p2.loss=hinge&layers=contours&step=300', 'p2.loss=hinge'],
    ['panes=2&data=moons&lr=0.01&loss=nce&layers=contours&step=300', 'p1.loss=nce'],
    // A layer switched off: the engine leaves `layers` out, the override says it.
    ['panes=2&data=moons&lr=0.01&p1.loss=ml&p2.loss=nce&step=300', 'layers='],
    // Trained on, and reset to step 0.
    ['panes=2&data=moons&lr=0.01&p1.loss=ml&p2.loss=nce&layers=contours&step=700', 'step=700'],
    ['panes=2&data=moons&lr=0.01&p1.loss=ml&p2.loss=nce&layers=contours', 'step=0'],
    ['data=moons&lr=0.01&loss=ml&layers=contours&step=300', 'panes=1'],
    ['panes=2&data=moons&lr=0.01&p1.loss=ml&p2.loss=nce&layers=contours&step=300&play=0', 'play=0'],
    // A page key written for one pane is no pane's (parseUrl says so and ignores it): not an override.
    ['panes=2&data=moons&lr=0.01&p1.loss=ml&p2.loss=nce&layers=contours&step=300&p2.lesson=1', ''],
  ];
  for (const [now, want] of cases) {
    const got = sceneOverrides(SCENE, now, defaults);
    assert.equal(got, want, now);
    // Opening the overrides gives the pane states of `now` (hashes aside: those of the step).
    const a = parseUrl(withScene(SCENE, got, []).search);
    const b = parseUrl(now);
    const strip = (p) => p.panes.map((q) => [new URLSearchParams(q.engineQuery).toString(), q.page.step]);
    const norm = (p) => strip(p).map(([q, s]) => [[...new URLSearchParams(q)].filter(([k, v]) => (defaults(k) ?? '') !== v).sort().join('&'), s]);
    assert.deepEqual(norm(a), norm(b), now);
  }
});

import { frameShare } from '../../www/schedule.js';

test('frames take half of a worker with a core of its own, less when panes share cores', () => {
  // 2 cores: one for the page, one for the panes.
  assert.equal(frameShare(1, 2), 0.5);
  assert.equal(frameShare(2, 2), 0.25);
  assert.equal(frameShare(4, 2), 0.125);
  // 8 cores: four panes each have one.
  assert.equal(frameShare(4, 8), 0.5);
  // Unknown core count (older browsers): as 2.
  assert.equal(frameShare(2, undefined), 0.25);
});

import { mergeFrames } from '../../www/engine/frames.js';

test('two undrawn frames merge: histories joined, the newer parts win, slow parts kept', () => {
  const older = { step: 3, history: new Float32Array([1, 0.5, 0, 0, 2, 0.4, 0, 0]), layers: { infer: 'paths' }, panel: '{"kind":"slice"}', error: null, phase: null, samples: null };
  const newer = { step: 4, history: new Float32Array([3, 0.3, 0, 0]), layers: { contours: 'c' }, panel: null, error: null, phase: null, samples: null };
  const m = mergeFrames(older, newer);
  assert.equal(m.step, 4);
  assert.deepEqual(Array.from(m.history), [1, 0.5, 0, 0, 2, 0.4, 0, 0, 3, 0.3, 0, 0].map(Math.fround));
  assert.deepEqual(m.layers, { infer: 'paths', contours: 'c' });
  assert.equal(m.panel, '{"kind":"slice"}');
});
