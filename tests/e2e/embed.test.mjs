// Course pages, end to end: a scene embedded in a host page of another origin
// (a second port) and driven through the embed API; a command from an origin
// the embed does not allow is ignored; a locked key cannot be changed by the
// link, the API or the UI; the example course page under its strict CSP shows
// every widget's poster; a saved state opens again.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { SHOTS, browserForFile, figureFrame, until, watchedPage } from './helpers.mjs';
import { readScenes, nativeHash } from '../../scripts/scenes.mjs';
import { parseUrl, withScene } from '../../www/state.js';

const env = browserForFile();
let host = null; // the host pages' server: another origin than env.base
let hostBase = '';

/** A host page: `body` (HTML) after a script that records every API message it receives. */
const hostPage = (body) => `<!doctype html><meta charset="utf-8"><title>host</title>
<script>window.received = []; addEventListener('message', (e) => window.received.push({ origin: e.origin, data: e.data }));</script>
<body style="margin:0">${body}</body>`;

before(async () => {
  host = createServer((req, res) => {
    const u = new URL(req.url, 'http://x');
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end(hostPage(decodeURIComponent(u.searchParams.get('body') ?? '')));
  });
  await new Promise((ok) => host.listen(0, '127.0.0.1', ok));
  // 'localhost' and '127.0.0.1' are different origins: the host is cross-origin to the playground.
  hostBase = `http://localhost:${host.address().port}/`;
});
after(() => new Promise((ok) => host.close(ok)));

async function openHost(body, viewport) {
  const { page, errors } = await watchedPage(env.browser, viewport);
  await page.goto(`${hostBase}?body=${encodeURIComponent(body)}`);
  return { page, errors };
}

const embedFrame = (page) => page.frames().find((f) => f.url().includes('/embed.html'));
const events = (page, name) => page.evaluate((n) => window.received.filter((m) => m.data?.event === n).map((m) => m.data), name);

test('a scene embedded by <ebm-playground> in another origin is driven through the API: set β, step 10, the hash; events arrive', async () => {
  const tag = `<script type="module" src="${env.base}ebm-playground.js"></script>
    <ebm-playground id="fig" scene="free-energy" hide="seed" height="600"></ebm-playground>`;
  const { page, errors } = await openHost(tag);
  await until(page, () => window.received.some((m) => m.data?.event === 'ready'), Boolean, 'ready event');
  const [ready] = await events(page, 'ready');
  assert.equal(ready.scene, 'free-energy');
  assert.ok(ready.posterMs > 0, 'the embed says how long its poster took');
  // The figure waits for Play (no autoplay=1): still at step 0.
  assert.equal(await page.evaluate(() => document.getElementById('fig').get('beta')), '1');
  assert.equal(await page.evaluate(() => document.getElementById('fig').set('beta', '3')), '3');
  assert.equal(await page.evaluate(() => document.getElementById('fig').step(10)), 10);
  const hash = await page.evaluate(() => document.getElementById('fig').hash());
  // The same state natively: the scene's link with beta=3, 10 steps (the CLI's hash = both wasm builds').
  const scene = readScenes().scenes.get('free-energy');
  const pane = parseUrl(withScene(scene.link, 'beta=3').search).panes[0];
  assert.equal(hash, nativeHash({ query: pane.engineQuery, step: 10 }));
  await until(page, () => window.received.filter((m) => m.data?.event === 'step').length, (n) => n > 0, 'step events');
  // Metrics are throttled (4 a second): the last one comes once its time is up.
  await until(page, () => window.received.filter((m) => m.data?.event === 'metrics').at(-1)?.data.panes[0].step, (s) => s === 10, 'metrics at step 10');
  const [metrics] = (await events(page, 'metrics')).slice(-1);
  assert.ok(Number.isFinite(metrics.panes[0].loss), 'metrics carry the loss');
  // A host command is not the reader's change (a view's answer comes later, and is not either); the reader's is reported.
  assert.equal(await page.evaluate(() => document.getElementById('fig').set('layers', 'contours')), 'contours');
  // A bad view value is refused with the engine's message, once it has answered.
  const badView = await page.evaluate(() => document.getElementById('fig').set('shown', 'colourful').then(() => 'accepted', (e) => e.message));
  assert.match(badView, /^shown must be .*got 'colourful'/);
  await until(embedFrame(page), () => window.__ebm.panes[0].views().active, (a) => a.includes('contours'), 'contours on');
  await new Promise((r) => setTimeout(r, 500));
  assert.deepEqual(await events(page, 'changed'), []);
  const frame = embedFrame(page);
  await frame.selectOption('select[name="free"]', 'min');
  await until(page, () => window.received.filter((m) => m.data?.event === 'changed').length, (n) => n > 0, 'changed event');
  const [changed] = await events(page, 'changed');
  assert.match(changed.link, /^scene=free-energy&/);
  assert.match(changed.link, /free=min/);
  // The snapshot is a PNG.
  const png = await page.evaluate(() => document.getElementById('fig').snapshot());
  assert.match(png, /^data:image\/png;base64,/);
  // Every message the host received came from the playground's origin.
  const origins = await page.evaluate(() => [...new Set(window.received.map((m) => m.origin))]);
  assert.deepEqual(origins, [env.base.slice(0, -1)]);
  await page.screenshot({ path: `${SHOTS}/embed-tag.png` });
  assert.deepEqual(errors, []);
  await page.close();
});

test('an embed takes no command from an origin it does not allow, and says so in its console', async () => {
  const { page, errors } = await openHost(`<iframe id="f" src="${env.base}embed.html?scene=horn" width="700" height="600"></iframe>`);
  const warnings = [];
  page.on('console', (m) => { if (m.type() === 'warning') warnings.push(m.text()); });
  await until(page, () => window.received.some((m) => m.data?.event === 'ready'), Boolean, 'ready event');
  await page.evaluate(() => document.getElementById('f').contentWindow.postMessage({ api: 1, id: 1, cmd: 'play' }, '*'));
  await until(page, () => 0, () => true, 'a moment');
  await new Promise((r) => setTimeout(r, 1500));
  assert.deepEqual(await page.evaluate(() => window.received.filter((m) => m.data?.id === 1)), [], 'no reply');
  const frame = embedFrame(page);
  assert.equal(await frame.evaluate(() => window.__ebm.panes[0].step), 0, 'still at step 0: play was ignored');
  assert.ok(warnings.some((w) => /command from http:\/\/localhost:\d+ was ignored/.test(w)), warnings.join('\n'));
  assert.deepEqual(errors, []);
  await page.close();
});

test('a locked key cannot be changed from the link, the API or the UI', async () => {
  const tag = `<script type="module" src="${env.base}ebm-playground.js"></script>
    <ebm-playground id="fig" scene="free-energy" lock="beta" model="kmeans" height="600"></ebm-playground>`;
  const { page, errors } = await openHost(tag);
  await until(page, () => window.received.some((m) => m.data?.event === 'ready'), Boolean, 'ready event');
  const frame = embedFrame(page);
  // The link: the scene locks the model (free-energy keeps the ellipse), and says so.
  assert.equal(await page.evaluate(() => document.getElementById('fig').get('model')), 'ellipse');
  assert.match(await frame.textContent('#banner'), /model: this scene keeps model fixed \(locked\); ignored/);
  // The API: β, locked by the link, and the model, locked by the scene.
  for (const key of ['beta', 'model']) {
    const refused = await page.evaluate((k) => document.getElementById('fig').set(k, '3').then(() => 'accepted', (e) => e.message), key);
    assert.match(refused, new RegExp(`^${key} is locked in this figure`));
  }
  // The UI: shown, disabled, marked.
  assert.equal(await frame.isDisabled('input[name="beta"]'), true);
  assert.match(await frame.textContent('label.locked'), /\(fixed\)|data set|model|β/);
  assert.equal(await page.evaluate(() => document.getElementById('fig').get('beta')), '1');
  // The link's lock is kept in the link the reader takes away ("Open in EBM Playground" drops embed-only keys).
  assert.doesNotMatch(await frame.getAttribute('#open-full', 'href'), /lock=|origins=/);
  assert.equal(errors.filter((e) => !/locked/.test(e)).length, 0, errors.join('\n'));
  await page.close();
});

test('the course page: strict CSP, no console error, every widget shows its poster once scrolled to, and nothing trains until asked', async () => {
  const { page, errors } = await watchedPage(env.browser, { width: 1100, height: 900 });
  await page.goto(`${env.base}course/`);
  const csp = await page.getAttribute('meta[http-equiv="Content-Security-Policy"]', 'content');
  assert.match(csp, /script-src 'self';/);
  assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
  const count = await page.evaluate(() => document.querySelectorAll('iframe.figure, ebm-playground').length);
  assert.equal(count, 8);
  // Before scrolling, the widgets below the first screen have not started.
  const frames = () => page.frames().filter((f) => f.url().includes('/embed.html'));
  const posters = [];
  for (let i = 0; i < count; i++) {
    await page.evaluate((k) => document.querySelectorAll('iframe.figure, ebm-playground')[k].scrollIntoView({ block: 'center' }), i);
    let shown = null;
    for (let t = 0; t < 600 && !shown; t++) {
      const frame = await figureFrame(frames(), i);
      shown = await frame?.evaluate(() => (window.__ebm?.posterMs ? { url: location.search, ms: window.__ebm.posterMs } : null)).catch(() => null);
      if (!shown) await new Promise((r) => setTimeout(r, 100));
    }
    assert.ok(shown, `widget ${i + 1} showed its poster`);
    posters.push(shown);
  }
  for (const p of posters) console.log(`poster ${p.ms.toFixed(0)} ms: ${p.url}`);
  // Nothing plays (no autoplay on this page): every figure stays at its start.
  const before = await Promise.all(frames().map((f) => f.evaluate(() => window.__ebm.panes.map((p) => p.step))));
  await new Promise((r) => setTimeout(r, 1000));
  const later = await Promise.all(frames().map((f) => f.evaluate(() => window.__ebm.panes.map((p) => p.step))));
  assert.deepEqual(later, before);
  // The driven figure: its button sets β and steps.
  await page.evaluate(() => document.getElementById('driven').scrollIntoView({ block: 'center' }));
  await until(page, () => !document.getElementById('cold').disabled, Boolean, 'driven figure ready');
  await page.click('#cold');
  await until(page, () => document.getElementById('driven-status').textContent, (t) => /step \d+: state [0-9a-f]{16}/.test(t), 'driven');
  await page.screenshot({ path: `${SHOTS}/course.png` });
  assert.deepEqual(errors, []);
  await page.close();
});

test('a state saved as JSON opens again at the same hash, in the other wasm build', async () => {
  const { page, errors } = await watchedPage(env.browser);
  await page.goto(`${env.base}?data=moons&seed=3&play=0&engine=simd`);
  await until(page, () => window.__ebm?.ready === true && window.__ebm.panes[0].drawn > 0, Boolean, 'page');
  await page.evaluate(() => window.__ebm.runTo(15));
  await until(page, () => window.__ebm.panes[0].step, (s) => s === 15, 'step 15');
  const hash = await page.evaluate(() => window.__ebm.panes[0].hash());
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-role="json"]')]);
  const path = await download.path();
  const saved = JSON.parse(readFileSync(path, 'utf8'));
  assert.equal(saved.hash, hash);
  assert.equal(saved.step, 15);
  assert.ok(saved.weights.length > 1000, 'the MLP\'s weights');
  await page.goto(`${env.base}?engine=scalar&play=0`);
  await until(page, () => window.__ebm?.ready === true, Boolean, 'scalar page');
  await Promise.all([page.waitForURL(/hash=/), page.setInputFiles('#open-file', path)]);
  await until(page, () => document.getElementById('banner').textContent, (t) => /Replayed 15 steps/.test(t), 'replay');
  assert.match(await page.textContent('#banner'), new RegExp(`state ${hash} matches the link`));
  assert.equal(await page.evaluate(() => document.documentElement.dataset.engine), 'scalar');
  // A file that is not a state is named, and nothing changes.
  await page.setInputFiles('#open-file', { name: 'notes.json', mimeType: 'application/json', buffer: Buffer.from('{"hello": 1}') });
  await until(page, () => document.getElementById('banner').textContent, (t) => /notes\.json: the file is not a saved playground state/.test(t), 'bad file');
  assert.deepEqual(errors, []);
  await page.close();
});

test('the PyTorch script a pane saves is the CLI\'s export, byte for byte; a model it does not cover is named', async () => {
  const { page, errors } = await watchedPage(env.browser);
  await page.goto(`${env.base}?data=moons&seed=3&width=16&play=0`);
  await until(page, () => window.__ebm?.ready === true && window.__ebm.panes[0].drawn > 0, Boolean, 'page');
  await page.evaluate(() => window.__ebm.runTo(20));
  await until(page, () => window.__ebm.panes[0].step, (s) => s === 20, 'step 20');
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-role="pytorch"]')]);
  assert.match(download.suggestedFilename(), /^ebm-moons-step20\.py$/);
  const script = readFileSync(await download.path(), 'utf8');
  // The same state natively (tests/pytorch_export.rs runs such scripts under a real PyTorch).
  const r = spawnSync(process.env.EBM_CLI ?? 'target/release/ebm', ['export-py', '--query', 'data=moons&seed=3&width=16', '--steps', '20'], { encoding: 'utf8', maxBuffer: 1 << 26 });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(script, r.stdout);
  await page.goto(`${env.base}?model=kmeans&play=0`);
  await until(page, () => window.__ebm?.ready === true && window.__ebm.panes[0].drawn > 0, Boolean, 'kmeans');
  await page.click('[data-role="pytorch"]');
  await until(page, () => document.getElementById('banner').textContent, (t) => /No PyTorch script for this pane: the PyTorch export covers the MLP energy \(model=mlp\); this scene's model is kmeans/.test(t), 'refusal');
  assert.deepEqual(errors, []);
  await page.close();
});
