// The course-page side of the page, as pure functions: the embed keys of a link
// (hide=, lock=, origins=, …), short links, the embed API's messages, the code
// the Share dialog writes, drawn points' storage keys and saved state files.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseUrl, serialiseUrl, shortQuery, withScene, sceneOverrides, pageDefault } from '../../www/state.js';
import { parseCommand, mayCommand, eventTargets, API_VERSION } from '../../www/api/protocol.js';
import { embedCodes } from '../../www/api/embed-code.js';
import { embedLink } from '../../www/embed/visibility.js';
import { farEnough, pointsKey, withPoints } from '../../www/ui/points.js';
import { STATE_FORMAT, stateLink } from '../../www/ui/state-file.js';
import { altText } from '../../www/ui/readouts.js';
import { PROVENANCE_COLOURS, PROVENANCE_SHAPES } from '../../www/render/heatmap.js';

test('hide, lock, lesson, autoplay and origins are page keys, parsed, kept in the link, and never reach the engine', () => {
  const { panes, page, problems } = parseUrl('?scene=free-energy&lock=beta&hide=lr,seed&lesson=1&autoplay=1&origins=https://course.example.org,http://localhost:8000&beta=3');
  assert.deepEqual(problems, []);
  assert.equal(panes[0].engineQuery, 'beta=3');
  assert.deepEqual(page.lock, ['beta']);
  assert.deepEqual(page.hide, ['lr', 'seed']);
  assert.equal(page.lesson, true);
  assert.equal(page.autoplay, true);
  assert.deepEqual(page.origins, ['https://course.example.org', 'http://localhost:8000']);
  const q = serialiseUrl(panes, page);
  assert.equal(q, 'beta=3&hide=lr,seed&lock=beta&origins=https%3A%2F%2Fcourse.example.org,http%3A%2F%2Flocalhost%3A8000&lesson=1&autoplay=1');
  // The scene's name is main.js's to write (with the user's changes on top).
  assert.deepEqual(parseUrl(q).page, { ...page, scene: null });
});

test('bad embed keys are named, with what is allowed, and fall back to nothing hidden, locked or allowed', () => {
  const { page, problems } = parseUrl('?lock=be ta&hide=<script>&origins=javascript:alert(1)&autoplay=yes');
  assert.deepEqual([page.lock, page.hide, page.origins, page.autoplay], [[], [], [], false]);
  assert.equal(problems.length, 4);
  assert.match(problems[0], /^lock must be control names separated by commas, like beta, got 'be ta'; using none$/);
  assert.match(problems[2], /^origins must be '\*' or origins separated by commas/);
  // An origin with a path is not an origin.
  assert.deepEqual(parseUrl('?origins=https://a.org/x').page.origins, []);
  assert.deepEqual(parseUrl('?origins=*').page.origins, ['*']);
});

test('a scene with the link\'s lock: the lock shows in the overrides, and the scene\'s own locks still refuse the link', () => {
  const merged = withScene('data=ellipse&model=ellipse', 'lock=beta&model=kmeans', ['model']);
  assert.match(merged.problems[0], /model: this scene keeps model fixed/);
  const current = serialiseUrl(parseUrl(merged.search).panes, parseUrl(merged.search).page);
  assert.equal(sceneOverrides('data=ellipse&model=ellipse', current, (k) => pageDefault(k)), 'lock=beta');
});

test('a short query keeps v and the keys that differ from the engine\'s defaults, in order', () => {
  const fields = [{ key: 'v', default: '2' }, { key: 'data', default: 'spiral' }, { key: 'lr', default: '0.01' }, { key: 'seed', default: '1' }, { key: 'layers', default: '' }];
  assert.equal(shortQuery('v=2&data=spiral&lr=0.003&seed=1&layers=', fields), 'v=2&lr=0.003');
  assert.equal(shortQuery('v=1&data=moons&lr=0.01&seed=4&layers=push', fields), 'v=1&data=moons&seed=4&layers=push');
  // A key the schema does not know stays (the engine will name it).
  assert.equal(shortQuery('v=2&colour=red', fields), 'v=2&colour=red');
});

test('embed API commands are checked field by field; anything else is ignored with a reason', () => {
  assert.deepEqual(parseCommand({ api: 1, id: 7, cmd: 'set', key: 'beta', value: 3 }), { command: { id: 7, cmd: 'set', args: { key: 'beta', value: '3' } } });
  assert.deepEqual(parseCommand({ api: 1, cmd: 'step', n: 10 }), { command: { id: undefined, cmd: 'step', args: { n: 10 } } });
  // Other protocols' messages (no api field) are ignored silently.
  for (const data of [null, 'set beta', [1], { type: 'webpackOk' }]) assert.deepEqual(parseCommand(data), { ignore: null });
  const reasons = [
    [{ api: 2, cmd: 'play' }, /api version 2 is not known/],
    [{ api: 1, cmd: 'eval', code: 'alert(1)' }, /unknown command 'eval'/],
    [{ api: 1, cmd: 'toString' }, /unknown command 'toString'/],
    [{ api: 1, cmd: 'step', n: 1e9 }, /step: n must be an integer 1 to 100000/],
    [{ api: 1, cmd: 'step', n: 2.5 }, /step: n must be an integer/],
    [{ api: 1, cmd: 'set', key: 'beta', value: NaN }, /set: value must be a string or a finite number/],
    [{ api: 1, cmd: 'set', key: 'x'.repeat(5000), value: '1' }, /set: key must be a key name/],
    [{ api: 1, cmd: 'hash', pane: 9 }, /hash: pane must be a pane number 1 to 4/],
    [{ api: 1, cmd: 'play', id: { toString: 1 } }, /id must be a number or a short string/],
  ];
  for (const [data, reason] of reasons) assert.match(parseCommand(data).ignore, reason, JSON.stringify(data));
  assert.equal(API_VERSION, 1);
});

test('only the origins a link names may command; events go to every host unless origins are named', () => {
  assert.equal(mayCommand('https://evil.example', []), false, 'none by default');
  assert.equal(mayCommand('https://course.example.org', ['https://course.example.org']), true);
  assert.equal(mayCommand('https://course.example.org.evil', ['https://course.example.org']), false);
  assert.equal(mayCommand('https://any.example', ['*']), true);
  assert.deepEqual(eventTargets([]), ['*']);
  assert.deepEqual(eventTargets(['https://a.org']), ['https://a.org']);
});

test('the Share dialog\'s code: the state, the embed keys chosen, attributes escaped', () => {
  const codes = embedCodes('https://x.org/ebm/', 'scene=free-energy&beta=3&lock=lr', { hide: ['seed'], lock: ['beta'], lesson: true, height: 480, title: 'Free "energy" <1>' });
  assert.equal(codes.link, 'https://x.org/ebm/?scene=free-energy&beta=3');
  assert.equal(codes.iframe, '<iframe src="https://x.org/ebm/embed.html?scene=free-energy&amp;beta=3&amp;hide=seed&amp;lock=beta&amp;lesson=1" title="Free &quot;energy&quot; &lt;1&gt;" width="100%" height="480" loading="lazy"></iframe>');
  assert.equal(codes.tag, '<script type="module" src="https://x.org/ebm/ebm-playground.js"></script>\n<ebm-playground scene="free-energy" beta="3" hide="seed" lock="beta" lesson="1" height="480"></ebm-playground>');
  assert.match(embedCodes('https://x.org/', 'data=moons', { height: 1e9 }).iframe, /height="4000"/);
  // The "open in the playground" link drops what only an embed reads.
  assert.equal(embedLink('?scene=horn&hide=seed&lock=beta&origins=*&autoplay=1&hx=0.7', 'index.html'), 'index.html?scene=horn&hx=0.7');
});

test('drawn points: a stroke in the link\'s form, spacing of a painted stroke, one storage key per opened link and pane', () => {
  assert.equal(withPoints('', [[0.1234, -1], [2, 0.5]]), '0.123,-1.000;2.000,0.500');
  assert.equal(withPoints('1,2', [[0, 0]]), '1,2;0.000,0.000');
  const view = [-3, -3, 3, 3];
  assert.equal(farEnough(null, [0, 0], view), true);
  assert.equal(farEnough([0, 0], [0.1, 0], view), false, '0.1 < 2.5 % of 6');
  assert.equal(farEnough([0, 0], [0.2, 0], view), true);
  const a = pointsKey('?scene=draw-your-own&pts=1,2&step=5&hash=0123456789abcdef', 0);
  assert.equal(a, pointsKey('?scene=draw-your-own', 0), 'points and steps are not part of the key');
  assert.notEqual(a, pointsKey('?scene=draw-your-own', 1));
  assert.notEqual(a, pointsKey('?scene=draw-your-own&loss=nce', 0));
});

test('a saved state file opens as its link (replayed and hash-checked); a bad file is named, field by field', () => {
  const file = { format: STATE_FORMAT, version: 1, config: 'v=2&data=moons&seed=3&step=9', step: 40, hash: '0123456789abcdef', settings: { chains: 1000, res: 128, backend: 'auto' }, weights: [0.1] };
  assert.equal(stateLink(JSON.stringify(file)), '?v=2&data=moons&seed=3&step=40&hash=0123456789abcdef&chains=1000&res=128&backend=auto');
  assert.equal(stateLink(JSON.stringify({ ...file, step: 0, settings: undefined })), '?v=2&data=moons&seed=3');
  const bad = [
    ['{', /not JSON/],
    ['[]', /not a saved playground state/],
    [JSON.stringify({ ...file, version: 9 }), /version 9 is not known/],
    [JSON.stringify({ ...file, step: -1 }), /"step" must be an integer/],
    [JSON.stringify({ ...file, hash: 'nope' }), /"hash" must be 16 hexadecimal digits/],
    [JSON.stringify({ ...file, config: 5 }), /"config" must be a link query/],
  ];
  for (const [text, reason] of bad) assert.match(stateLink(text).message, reason, text);
});

test('the heat map\'s text alternative names what is drawn; every provenance has its own shape as well as colour', () => {
  const t = altText({ heat: 'F_β(y)', step: 12, loss: '0.500', nll: '1.234', negatives: 256, samples: 1000, data: 800, layers: ['contours'] });
  assert.equal(t, 'Heat map of F_β(y) (dark low, bright high), with 800 data points (white circles); 256 negatives or model marks (shaped by where they came from: circles from noise, squares from data, diamonds from the replay buffer, triangles the model\'s own); 1000 samples from the model (green); layers: contours. Step 12, loss 0.500, exact held-out NLL 1.234.');
  assert.equal(PROVENANCE_SHAPES.length, PROVENANCE_COLOURS.length);
  assert.equal(new Set(PROVENANCE_SHAPES).size, PROVENANCE_SHAPES.length);
});
