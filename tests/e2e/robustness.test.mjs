// The defects the pane rewrite left behind (issue "Side by side"), each checked
// as a user meets it: sharp canvases at any device-pixel ratio, one point per
// tap, redraws while paused, and buttons that wait for the engine.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SHOTS, browserForFile, watchedPage } from './helpers.mjs';

const env = browserForFile();

test('on a phone at device-pixel ratio 3 the heat map and the chart are drawn at device resolution', async () => {
  const page = await env.browser.newPage({ viewport: { width: 360, height: 740 }, deviceScaleFactor: 3, isMobile: true, hasTouch: true });
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${env.base}?play=0`);
  await page.waitForFunction(() => window.__ebm?.ready === true && window.__ebm.drawn > 0);
  const sizes = await page.evaluate(() => [...document.querySelectorAll('canvas')]
    .filter((c) => c.clientWidth > 0)
    .map((c) => ({ role: c.dataset.role ?? c.id, css: c.clientWidth, px: c.width })));
  assert.ok(sizes.length >= 2, JSON.stringify(sizes));
  for (const s of sizes) {
    // One canvas pixel per device pixel (rounding aside): nothing is upscaled and blurred.
    assert.ok(Math.abs(s.px - 3 * s.css) <= 3, `${s.role}: ${s.px} px for ${s.css} CSS px at DPR 3`);
  }
  await page.screenshot({ path: `${SHOTS}/robustness-phone-dpr3.png` });
  assert.deepEqual(errors, []);
  await page.close();
});

test('with data=points a right-click and a second finger add no point; a tap adds one', async () => {
  const { page, errors } = await watchedPage(env.browser);
  await page.goto(`${env.base}?data=points&play=0`);
  await page.waitForFunction(() => window.__ebm?.ready === true);
  const box = await page.locator('[data-role="energy"]').boundingBox();
  const at = [box.x + 0.4 * box.height, box.y + 0.4 * box.height];
  const points = () => page.evaluate(() => window.__ebm.data().length / 2);
  await page.mouse.click(at[0], at[1], { button: 'right' });
  // The second finger of a pinch: a pointer that is not the primary one.
  await page.locator('[data-role="energy"]').dispatchEvent('pointerdown', {
    pointerId: 2, pointerType: 'touch', isPrimary: false, button: 0, clientX: at[0], clientY: at[1],
  });
  await page.waitForTimeout(300);
  assert.equal(await points(), 0, 'no point from a right-click or a second finger');
  assert.equal(new URL(page.url()).searchParams.get('pts') ?? '', '');
  await page.mouse.click(at[0], at[1]);
  await page.waitForFunction(() => window.__ebm.data().length === 2, null, { timeout: 10_000 });
  assert.deepEqual(errors, []);
  await page.close();
});

test('while paused, a new heat-map resolution or sampler is drawn at once', async () => {
  const { page, errors } = await watchedPage(env.browser);
  await page.goto(`${env.base}?play=0`);
  await page.waitForFunction(() => window.__ebm?.ready === true && window.__ebm.drawn > 0);
  await page.selectOption('[data-role="res"]', '256');
  await page.waitForFunction(() => window.__ebm.grid().n === 256, null, { timeout: 20_000 });
  await page.selectOption('[data-role="chains"]', '1000');
  await page.waitForFunction(() => window.__ebm.sampler().drawn === 1000, null, { timeout: 20_000 });
  assert.equal(await page.evaluate(() => window.__ebm.step), 0, 'nothing trained: these were redraws of a paused pane');
  assert.deepEqual(errors, []);
  await page.close();
});

test('the buttons wait for the engine, and stay off with a message when it cannot start', async () => {
  const { page, errors } = await watchedPage(env.browser);
  // Hold the wasm back: the page is up, the engine is not.
  let release;
  const held = new Promise((ok) => { release = ok; });
  await page.route('**/*.wasm', async (route) => { await held; await route.continue(); });
  await page.goto(`${env.base}?play=0`);
  await page.waitForSelector('[data-role="play"]');
  assert.equal(await page.isDisabled('[data-role="play"]'), true, 'Play is off before the engine is loaded');
  release();
  await page.waitForFunction(() => window.__ebm?.ready === true);
  assert.equal(await page.isDisabled('[data-role="play"]'), false, 'and on once it is');
  await page.close();
  assert.deepEqual(errors, []);

  // An engine that cannot load at all: the page says so, and nothing is clickable.
  const broken = await env.browser.newPage();
  await broken.route('**/*.wasm', (route) => route.fulfill({ status: 404, body: 'gone' }));
  await broken.goto(`${env.base}?play=0`);
  await broken.waitForFunction(() => /could not start/.test(document.querySelector('#banner')?.textContent ?? ''), null, { timeout: 20_000 });
  for (const role of ['play', 'stepbtn', 'reset', 'newseed']) {
    assert.equal(await broken.isDisabled(`[data-role="${role}"]`), true, `${role} stays off`);
  }
  for (const id of ['add', 'share']) assert.equal(await broken.isDisabled(`#${id}`), true, `${id} stays off`);
  assert.equal(await broken.textContent('#build'), 'no engine');
  await broken.screenshot({ path: `${SHOTS}/robustness-no-engine.png` });
  await broken.close();
});

// A server refuses a request line past its limit (Node's is 16 kB), so a link
// reaches the page at most that long: here a 9 kB value and 500 unknown keys; the
// banner's cut of a 400 kB value is tests/js/security.test.mjs's.
test('a hostile link (markup in values, a 9 kB value, 500 unknown keys) is shown as text, cut, and the page still runs', async () => {
  const { page, errors } = await watchedPage(env.browser);
  let dialogs = 0;
  page.on('dialog', (d) => { dialogs += 1; d.dismiss(); });
  const keys = Array.from({ length: 500 }, (_, i) => `k${i}=1`).join('&');
  const hostile = `?data=${encodeURIComponent('<img src=x onerror=alert(1)>')}&lr=${'9'.repeat(9_000)}&scene=${encodeURIComponent('"><script>alert(2)</script>')}&${keys}&play=0`;
  await page.goto(`${env.base}${hostile}`);
  await page.waitForFunction(() => window.__ebm?.ready === true && window.__ebm.panes[0].drawn > 0, null, { timeout: 60_000 });
  const banner = await page.evaluate(() => ({ text: document.getElementById('banner').textContent, elements: document.getElementById('banner').children.length }));
  assert.equal(banner.elements, 0, 'the banner holds text only');
  // The link's own problem first, then the engine's; junk keys are one line; the scene name is quoted as text.
  assert.match(banner.text, /^scene: there is no scene '"><script>alert\(2\)<\/script>'/);
  assert.match(banner.text, /^500 unknown keys ignored: 'k0', 'k1'/m);
  assert.ok(banner.text.length < 13 * 400, `${banner.text.length} characters`);
  // A bad value's message sits by its control, as text, cut to a readable length.
  const slots = await page.evaluate(() => ['data', 'lr'].map((k) => document.querySelector(`.error[data-for="${k}"]`).textContent));
  assert.match(slots[0], /got '<img src=x onerror=alert\(1\)>'/);
  // The engine quotes at most 40 characters of a value (the page would cut a longer message too).
  assert.match(slots[1], /^lr must be .*, got '9{40}…'; using 0\.01$/);
  assert.ok(slots[1].length < 400);
  assert.equal(await page.evaluate(() => document.querySelectorAll('img').length), 0, 'no element came from the link');
  // The defaults stand in: the page trains.
  await page.click('[data-role="stepbtn"]');
  await page.waitForFunction(() => window.__ebm.panes[0].step === 1, null, { timeout: 30_000 });
  assert.equal(dialogs, 0);
  assert.deepEqual(errors, []);
  await page.close();
});
