// End to end, in Debian's Chromium: the served page trains the default scene.
// Assertions read the numbers the page exposes (window.__ebm), not pixels.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SHOTS, browserForFile, watchedPage } from './helpers.mjs';

const env = browserForFile();

async function trainTo(page, steps) {
  await page.waitForFunction(() => window.__ebm?.ready === true, null, { timeout: 20_000 });
  await page.waitForFunction((n) => window.__ebm.step >= n, steps, { timeout: 120_000, polling: 200 });
  await page.evaluate(() => window.__ebm.pause());
  // Linked panes stop at the step they were granted: wait until the engine is there.
  await page.waitForFunction(() => window.__ebm.panes.every((p) => p.step === window.__ebm.panes[0].step), null, { timeout: 10_000 });
}

for (const engine of ['simd', 'scalar']) {
  test(`the default scene trains in the ${engine} build: data energy falls well below the grid's`, async () => {
    const { page, errors } = await watchedPage(env.browser);
    await page.goto(`${env.base}?engine=${engine}`);
    await trainTo(page, 300);
    const ev = await page.evaluate(() => window.__ebm.evaluate());
    const dbg = await page.evaluate(async () => ({ step: window.__ebm.step, finite: await window.__ebm.finiteGrid(), drawn: window.__ebm.drawn, error: window.__ebm.lastError() }));
    assert.equal(await page.getAttribute('html', 'data-engine'), engine);
    assert.match(await page.textContent('#build'), new RegExp(`wasm ${engine}`));
    assert.match(await page.textContent('[data-role="lesson"]'), /learns the course’s spiral by maximum likelihood/);
    assert.ok(dbg.step >= 300, `trained ${dbg.step} steps`);
    assert.ok(dbg.finite, 'every grid energy is finite');
    assert.equal(dbg.error, null);
    assert.ok(Object.values(ev).every(Number.isFinite), JSON.stringify(ev));
    // The same "clear margin" as the native test (src/train/tests.rs): over half a grid
    // standard deviation, for the same scene.
    assert.ok(ev.mean_e_grid - ev.mean_e_data > 0.5 * ev.std_e_grid, JSON.stringify(ev));
    assert.ok(dbg.drawn > 10, `the page redrew ${dbg.drawn} times`);
    // A blank canvas would fail here: the heat map must hold many distinct colours.
    const colours = await page.evaluate(() => {
      const c = document.querySelector('[data-role="energy"]');
      const px = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
      const seen = new Set();
      for (let i = 0; i < px.length; i += 4 * 97) seen.add((px[i] << 16) | (px[i + 1] << 8) | px[i + 2]);
      return seen.size;
    });
    assert.ok(colours > 50, `only ${colours} distinct colours on the canvas`);
    await page.screenshot({ path: `${SHOTS}/playground-${engine}.png` });
    assert.deepEqual(errors, []);
    await page.close();
  });
}

test('a hand-edited link gets clear messages and safe defaults', async () => {
  const { page, errors } = await watchedPage(env.browser);
  await page.goto(`${env.base}?lr=1e9&data=nosuch&bogus=1&play=0`);
  await page.waitForFunction(() => window.__ebm?.ready === true);
  const lrError = await page.textContent('.error[data-for="lr"]');
  assert.match(lrError, /lr must be finite and in \(0, 1\], got '1e9'; using 0.01/);
  assert.match(await page.textContent('.error[data-for="data"]'), /data must be one of spiral/);
  assert.match(await page.textContent('#banner'), /unknown key 'bogus' ignored/);
  assert.equal(await page.inputValue('select[name="data"]'), 'spiral');
  assert.deepEqual(errors, []);
  await page.close();
});

test('a shared link replays to the same step and confirms the state hash', async () => {
  const { page, errors } = await watchedPage(env.browser);
  await page.goto(`${env.base}?data=moons&seed=3&play=0`);
  await page.waitForFunction(() => window.__ebm?.ready === true);
  for (let i = 0; i < 25; i++) await page.click('[data-role="stepbtn"]');
  // The engine runs in a worker: the 25 steps land a moment after the clicks.
  await page.waitForFunction(() => window.__ebm.step === 25, null, { timeout: 30_000 });
  const hash = await page.evaluate(() => window.__ebm.hash());
  const query = await page.evaluate(() => location.search);
  assert.match(query, /step=25/);
  const replay = await browserPage(`${env.base}${query}&hash=${hash}`);
  await replay.page.waitForFunction(() => window.__ebm?.step === 25 && /matches/.test(document.getElementById('banner').textContent), null, { timeout: 30_000 });
  assert.equal(await replay.page.evaluate(() => window.__ebm.hash()), hash);
  assert.deepEqual([...errors, ...replay.errors], []);
  await page.close();
  await replay.page.close();
});

test('the page works on a phone-sized screen', async () => {
  const { page, errors } = await watchedPage(env.browser, { width: 390, height: 844 });
  await page.goto(`${env.base}?play=0`);
  await page.waitForFunction(() => window.__ebm?.ready === true);
  await page.click('[data-role="play"]');
  await page.waitForFunction(() => window.__ebm.step >= 20, null, { timeout: 60_000 });
  const box = await page.locator('[data-role="energy"]').boundingBox();
  assert.ok(box.width > 250 && box.x >= 0 && box.x + box.width <= 390, JSON.stringify(box));
  // Nothing may stick out sideways: the page must not scroll horizontally on a phone.
  const widths = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, view: window.innerWidth }));
  assert.ok(widths.scroll <= widths.view, `the page is ${widths.scroll} px wide on a ${widths.view} px screen`);
  await page.screenshot({ path: `${SHOTS}/playground-phone.png`, fullPage: true });
  assert.deepEqual(errors, []);
  await page.close();
});

test('with data=points a tap adds a point, the link keeps it, and training runs', async () => {
  const { page, errors } = await watchedPage(env.browser);
  await page.goto(`${env.base}?data=points&play=0`);
  await page.waitForFunction(() => window.__ebm?.ready === true);
  assert.match(await page.textContent('#banner'), /tap the plane to add some/);
  const box = await page.locator('[data-role="energy"]').boundingBox();
  for (const [fx, fy] of [[0.3, 0.3], [0.5, 0.6], [0.7, 0.4]]) {
    await page.mouse.click(box.x + fx * box.height, box.y + fy * box.height);
  }
  // Each tap rebuilds the scene in the worker; the link follows once the last is built.
  await page.waitForFunction(() => (new URLSearchParams(location.search).get('pts') ?? '').split(';').length === 3, null, { timeout: 10_000 }).catch(() => {});
  const pts = await page.evaluate(() => new URLSearchParams(location.search).get('pts'));
  assert.equal(pts.split(';').length, 3, pts);
  // The link keeps play=0, so the reloaded page waits for Play; then training on the three points runs.
  assert.match(await page.evaluate(() => location.search), /play=0/);
  await page.reload();
  await page.waitForFunction(() => window.__ebm?.ready === true);
  assert.equal(await page.evaluate(() => window.__ebm.step), 0);
  await page.click('[data-role="play"]');
  await page.waitForFunction(() => window.__ebm.step >= 5, null, { timeout: 30_000 });
  assert.equal(await page.evaluate(() => window.__ebm.lastError()), null);
  assert.deepEqual(errors, []);
  await page.close();
});

test('the controls shown are the ones the engine says the scene reads; a hidden one\'s problem goes to the banner', async () => {
  const { page, errors } = await watchedPage(env.browser);
  // K-means by Lloyd's rule reads no learning rate: lr=5 is out of range and its control hidden.
  await page.goto(`${env.base}?model=kmeans&lr=5&play=0`);
  await page.waitForFunction(() => window.__ebm?.ready === true);
  const shown = await page.evaluate(() =>
    [...document.querySelectorAll('[data-role="controls"] label')].filter((l) => !l.hidden).map((l) => l.querySelector('[name]').name));
  // The set src/config/relevance.rs gives for K-means (batch rule); tests/relevance.rs checks it natively.
  assert.deepEqual(shown.sort(), ['beta', 'clusters', 'data', 'free', 'model', 'rule', 'seed']);
  assert.match(await page.textContent('#banner'), /lr must be finite and in \(0, 1\], got '5'/);
  // The labels are the engine's (FIELDS), and the lesson names the plane as the engine does.
  assert.equal(await page.textContent('label:has([name="clusters"]) span'), 'number K');
  assert.match(await page.textContent('[data-role="lesson"]'), /^K-means as an energy/);
  // Switching to the stochastic rule brings the learning rate in.
  await page.selectOption('select[name="rule"]', 'stochastic');
  await page.waitForFunction(() => !document.querySelector('[name="lr"]').closest('label').hidden);
  await page.goto(`${env.base}?model=ellipse&data=ellipse&play=0`);
  await page.waitForFunction(() => window.__ebm?.ready === true);
  assert.match(await page.textContent('[data-role="lesson"]'), /free energy F∞\(y\) = min over z, with z on 48 angles/);
  await page.screenshot({ path: `${SHOTS}/controls-ellipse.png` });
  assert.deepEqual(errors, []);
  await page.close();
});

async function browserPage(url) {
  const w = await watchedPage(env.browser);
  await w.page.goto(url);
  return w;
}
