// Panes side by side, each engine in its own worker: linked training, links that
// hold every pane, adding and removing panes, and a worker that dies.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SHOTS, browserForFile, watchedPage } from './helpers.mjs';

const env = browserForFile();

const ready = (page) => page.waitForFunction(() => window.__ebm?.ready === true, null, { timeout: 30_000 });
const steps = (page) => page.evaluate(() => window.__ebm.panes.map((p) => p.step));

test('two linked panes (short-run ML and exact ML on the spiral) reach the same step with different energies', async () => {
  const { page, errors } = await watchedPage(env.browser, { width: 1280, height: 900 });
  await page.goto(`${env.base}?data=spiral&p2.loss=exact`);
  await ready(page);
  assert.equal(await page.locator('.pane').count(), 2);
  await page.waitForFunction(() => window.__ebm.panes.every((p) => p.step >= 100), null, { timeout: 120_000 });
  await page.evaluate(() => window.__ebm.pause());
  // Linked: both stop at the step they were granted together.
  await page.waitForFunction(() => { const s = window.__ebm.panes.map((p) => p.step); return s[0] === s[1]; }, null, { timeout: 30_000 });
  await page.waitForTimeout(500);
  const [a, b] = await steps(page);
  assert.equal(a, b, 'linked panes stop at one step count');
  const grids = await page.evaluate(() => Promise.all(window.__ebm.panes.map((p) => p.energyGrid())));
  // Different methods, the same data, seed and initial weights: different energies. Each is
  // compared in units of its own spread (an energy is defined up to a constant).
  const standardise = (e) => {
    const m = e.reduce((s, v) => s + v, 0) / e.length;
    const sd = Math.sqrt(e.reduce((s, v) => s + (v - m) ** 2, 0) / e.length);
    return e.map((v) => (v - m) / sd);
  };
  const [za, zb] = grids.map((g) => standardise(g.e));
  const rms = Math.sqrt(za.reduce((s, v, i) => s + (v - zb[i]) ** 2, 0) / za.length);
  assert.ok(rms > 0.1, `the two energies agree to ${rms} sd: the panes may be running one method`);
  const lessons = await page.locator('[data-role="lesson"]').allTextContents();
  assert.match(lessons[0], /by maximum likelihood/);
  assert.match(lessons[1], /by exact maximum likelihood/);
  assert.match(await page.evaluate(() => location.search), /^\?panes=2&.*p2\.loss=exact/);
  await page.screenshot({ path: `${SHOTS}/panes-two.png`, fullPage: true });
  assert.deepEqual(errors, []);
  await page.close();
});

test('a link with three panes replays every pane and reports each hash; a one-pane link keeps its old form', async () => {
  const { page, errors } = await watchedPage(env.browser);
  await page.goto(`${env.base}?panes=3&data=moons&seed=3&p2.loss=exact&p3.neg=pcd&play=0`);
  await ready(page);
  for (let i = 0; i < 10; i++) await page.click('.pane[data-pane="2"] [data-role="stepbtn"]');
  await page.waitForFunction(() => window.__ebm.panes.every((p) => p.step === 10), null, { timeout: 60_000 });
  const hashes = await page.evaluate(() => Promise.all(window.__ebm.panes.map((p) => p.hash())));
  assert.equal(new Set(hashes).size, 3, 'three methods, three states');
  await page.click('#share');
  await page.waitForFunction(() => /p3\.hash=/.test(location.search), null, { timeout: 30_000 });
  const link = await page.evaluate(() => location.search);
  assert.match(link, /step=10/);
  for (const [i, h] of hashes.entries()) assert.match(link, new RegExp(`p${i + 1}\\.hash=${h}`));
  const replay = await watchedPage(env.browser);
  await replay.page.goto(`${env.base}${link}`);
  await replay.page.waitForFunction(() => /Replayed every pane/.test(document.getElementById('banner').textContent), null, { timeout: 60_000 });
  const text = await replay.page.textContent('#banner');
  for (const [i, h] of hashes.entries()) assert.match(text, new RegExp(`Pane ${i + 1}: state ${h} matches the link`));
  assert.deepEqual(await steps(replay.page), [10, 10, 10]);
  // A one-pane link (v=1, no prefixes) stays a one-pane link, in its old form.
  await replay.page.goto(`${env.base}?v=1&data=rings&seed=2&play=0`);
  await ready(replay.page);
  assert.equal(await replay.page.locator('.pane').count(), 1);
  const q = await replay.page.evaluate(() => location.search);
  assert.match(q, /^\?v=1&data=rings&/);
  assert.doesNotMatch(q, /panes=|p1\./);
  assert.deepEqual([...errors, ...replay.errors], []);
  await page.close();
  await replay.page.close();
});

test('"Add a pane" copies the pane last used; a change then sets that pane alone; Remove reflows', async () => {
  const { page, errors } = await watchedPage(env.browser, { width: 1280, height: 900 });
  await page.goto(`${env.base}?data=rings&seed=4&play=0`);
  await ready(page);
  await page.click('#add');
  await page.waitForFunction(() => window.__ebm.panes.length === 2 && window.__ebm.panes[1].query() !== '');
  await page.waitForFunction(() => window.__ebm.panes[0].query() === window.__ebm.panes[1].query());
  assert.equal(await page.getAttribute('#panes', 'data-count'), '2');
  await page.selectOption('.pane[data-pane="2"] select[name="loss"]', 'nce');
  await page.waitForFunction(() => /p2\.loss=nce/.test(location.search), null, { timeout: 10_000 });
  // A short link: pane 1's loss is the default (ml), so only pane 2's is written.
  assert.match(await page.evaluate(() => location.search), /^\?panes=2&v=2&data=rings.*p2\.loss=nce/);
  assert.doesNotMatch(await page.evaluate(() => location.search), /p1\.loss/);
  await page.screenshot({ path: `${SHOTS}/panes-added.png` });
  await page.click('.pane[data-pane="1"] [data-role="remove"]');
  await page.waitForFunction(() => window.__ebm.panes.length === 1);
  assert.equal(await page.getAttribute('#panes', 'data-count'), '1');
  assert.match(await page.evaluate(() => location.search), /loss=nce/);
  assert.doesNotMatch(await page.evaluate(() => location.search), /panes=/);
  assert.deepEqual(errors, []);
  await page.close();
});

test('scene changes while training never stall a pane (a dropped frame returns its credit)', async () => {
  const { page, errors } = await watchedPage(env.browser);
  await page.goto(`${env.base}?data=moons`);
  await ready(page);
  for (const data of ['rings', 'spiral', 'moons', 'gaussians', 'rings', 'moons', 'spiral', 'pinwheel']) {
    await page.waitForFunction(() => window.__ebm.step > 2, null, { timeout: 30_000 });
    const t0 = await page.evaluate(() => performance.now());
    await page.selectOption('select[name="data"]', data);
    // Play on: the new scene must be drawn, and keep training.
    await page.click('[data-role="play"]');
    await page.waitForFunction((t) => window.__ebm.sceneShownAt > t, t0, { timeout: 10_000 });
  }
  await page.waitForFunction(() => window.__ebm.step > 10, null, { timeout: 30_000 });
  assert.match(await page.evaluate(() => location.search), /data=pinwheel/);
  assert.deepEqual(errors, []);
  await page.close();
});

test('"New seed" draws a fresh seed into the link, for every linked pane', async () => {
  const { page, errors } = await watchedPage(env.browser);
  await page.goto(`${env.base}?panes=2&data=moons&seed=1&p2.loss=exact&play=0`);
  await ready(page);
  await page.click('.pane[data-pane="1"] [data-role="newseed"]');
  await page.waitForFunction(() => !/(^|&)seed=1(&|$)/.test(location.search.slice(1)), null, { timeout: 10_000 });
  const seeds = await page.evaluate(() => window.__ebm.panes.map((p) => new URLSearchParams(p.query()).get('seed')));
  assert.equal(seeds[0], seeds[1], 'linked panes share the seed');
  assert.match(seeds[0], /^\d+$/);
  assert.match(await page.evaluate(() => location.search), new RegExp(`[?&]seed=${seeds[0]}(&|$)`));
  assert.deepEqual(errors, []);
  await page.close();
});

test('a worker that dies (a wasm panic, out of memory, or an uncaught error) restarts its pane at its last state with a message; the other pane goes on', async () => {
  const { page, errors } = await watchedPage(env.browser);
  await page.goto(`${env.base}?panes=2&data=moons&linked=0`);
  await ready(page);
  await page.waitForFunction(() => window.__ebm.panes.every((p) => p.step >= 20), null, { timeout: 60_000 });
  for (const [i, how, why] of [[1, 'panic', /it hit a bug: a panic on purpose \(test hook\), during call/], [1, 'outOfMemory', /it ran out of memory or hit a bug: RuntimeError: unreachable, during call/], [0, 'crash', /stopped on purpose/]]) {
    // Paused at a step, so the state before the death is known.
    await page.evaluate((k) => window.__ebm.panes[k].pause(), i);
    await page.waitForFunction((k) => { const p = window.__ebm.panes[k]; return p.step > 0; }, i);
    await new Promise((r) => setTimeout(r, 300));
    const step = await page.evaluate((k) => window.__ebm.panes[k].step, i);
    const hash = await page.evaluate((k) => window.__ebm.panes[k].hash(), i);
    const other = await page.evaluate((k) => window.__ebm.panes[1 - k].step, i);
    await page.evaluate(([k, h]) => window.__ebm.panes[k][h](), [i, how]);
    const pattern = new RegExp(`Pane ${i + 1}'s engine stopped \\(.*\\); restarted at step ${step}, its last state \\(${hash}\\)`);
    await page.waitForFunction((src) => new RegExp(src).test(document.getElementById('banner').textContent), pattern.source, { timeout: 60_000 });
    assert.match(await page.textContent('#banner'), why);
    assert.equal(await page.evaluate((k) => window.__ebm.panes[k].hash(), i), hash, `${how}: the same state as before`);
    // The other pane was never touched.
    assert.ok(await page.evaluate((k) => window.__ebm.panes[1 - k].step, i) >= other);
  }
  await page.click('.pane[data-pane="2"] [data-role="play"]');
  await page.waitForFunction(() => window.__ebm.panes[1].lastError() === null && window.__ebm.panes[1].step > 30, null, { timeout: 60_000 });
  assert.deepEqual(errors.filter((e) => !/stopped on purpose|panic on purpose|unreachable/.test(e)), []);
  await page.close();
});
