// The views in Chromium: each layer and panel on, from a link and from the
// controls, with taps and drags; numbers through the test hook, a screenshot
// per view under target/e2e/ (look at each one).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SHOTS, browserForFile, watchedPage } from './helpers.mjs';

const env = browserForFile();

/** Opens `query` paused, trains to `steps`, and waits for a frame that drew `ready(views)`. */
async function open(query, steps, ready, viewport) {
  const { page, errors } = await watchedPage(env.browser, viewport);
  await page.goto(`${env.base}?${query}&play=0`);
  await page.waitForFunction(() => window.__ebm?.ready === true && window.__ebm.drawn > 0, null, { timeout: 30_000 });
  if (steps > 0) {
    await page.evaluate((n) => window.__ebm.runTo(n), steps);
    await page.waitForFunction((n) => window.__ebm.step >= n, steps, { timeout: 120_000, polling: 200 });
  }
  await waitViews(page, ready);
  return { page, errors };
}

/** Polls the hook from here (the page's CSP forbids evaluating strings) until `ready(views)`. */
async function waitViews(page, ready, timeoutMs = 20_000) {
  const t0 = Date.now();
  for (;;) {
    const v = await page.evaluate(() => window.__ebm.views());
    if (ready(v)) return v;
    if (Date.now() - t0 > timeoutMs) throw new Error(`views never became ready: ${JSON.stringify(v).slice(0, 300)}`);
    await new Promise((ok) => setTimeout(ok, 100));
  }
}

test('contours and the gradient field draw over the heat map, from the link', async () => {
  const { page, errors } = await open('data=circle&loss=exact&grid=32&layers=contours,field&levels=6', 60,
    (v) => v.contours !== null && v.arrows > 0);
  const v = await page.evaluate(() => window.__ebm.views());
  assert.deepEqual(v.active, ['contours', 'field']);
  assert.equal(v.contours.length, 6, 'six levels, as the link asks');
  assert.ok(v.contours.every((c) => c.segments > 0), JSON.stringify(v.contours));
  assert.equal(v.arrows, 17 * 17, 'one arrow per mesh point (src/views/field.rs: MESH = 17)');
  await page.screenshot({ path: `${SHOTS}/views-contours-field.png` });
  assert.deepEqual(errors, []);
  await page.close();
});

test('the slice at x₀ on the circle: P(y | x₀) integrates to 1 and peaks near a branch; dragging moves x₀', async () => {
  const { page, errors } = await open('data=circle&loss=exact&grid=32&panel=slice&x0=0.6', 150,
    (v) => v.panel?.kind === 'slice');
  const s = (await page.evaluate(() => window.__ebm.views())).panel.slice;
  const h = s.y[1] - s.y[0];
  assert.ok(Math.abs(s.p.reduce((a, b) => a + b, 0) * h - 1) < 1e-3);
  const argmax = s.y[s.p.indexOf(Math.max(...s.p))];
  // The circle's branches at x₀ = 0.6 are at ±√(1 − 0.36) = ±0.8 (datasets.md); 150 steps of exact ML find them.
  assert.ok(Math.abs(Math.abs(argmax) - 0.8) < 0.1, `argmax at ${argmax}`);
  await page.screenshot({ path: `${SHOTS}/views-slice.png` });
  // Drag the line to the left: x₀ follows the pointer, into the link.
  const box = await page.locator('[data-role="energy"]').boundingBox();
  const [[x1, y1], [x2, y2]] = await page.evaluate(() => [window.__ebm.pixel([0.6, 0]), window.__ebm.pixel([-0.5, 0])]);
  await page.mouse.move(box.x + x1, box.y + y1);
  await page.mouse.down();
  await page.mouse.move(box.x + x2, box.y + y2, { steps: 5 });
  await page.mouse.up();
  await page.waitForFunction(() => Number(new URL(location.href).searchParams.get('x0')) < 0, null, { timeout: 10_000 });
  const moved = await waitViews(page, (v) => v.panel?.slice.x0 < 0);
  assert.ok(Math.abs(moved.panel.slice.x0 + 0.5) < 0.05, `x₀ follows the pointer to −0.5: ${moved.panel.slice.x0}`);
  assert.deepEqual(errors, []);
  await page.close();
});

test('free-energy cross-sections and E(y, z) against z for the ellipse; a tap picks y', async () => {
  const { page, errors } = await open('model=ellipse&data=ellipse&panel=sections', 50, (v) => v.panel?.kind === 'sections');
  const s = (await page.evaluate(() => window.__ebm.views())).panel.sections;
  assert.deepEqual(s.names, ['β = 0.1', 'β = 0.3', 'β = 1', 'β = 3.2', 'β = 10', 'F∞']);
  assert.equal(s.f.length, 6);
  await page.screenshot({ path: `${SHOTS}/views-sections.png` });
  // The latent panel, chosen in the Views box; then a tap on the plane picks the y it draws.
  await page.selectOption('[data-role="views"] select[name="panel"]', 'latent');
  await waitViews(page, (v) => v.panel?.kind === 'latent');
  const box = await page.locator('[data-role="energy"]').boundingBox();
  const [px, py] = await page.evaluate(() => window.__ebm.pixel([1.5, 1.2]));
  await page.mouse.click(box.x + px, box.y + py);
  const v = await waitViews(page, (w) => w.panel?.kind === 'latent' && Math.abs(w.panel.curve.y[0] - 1.5) < 0.05);
  const c = v.panel.curve;
  assert.equal(c.z.length, 48, "the course's 48 angles");
  assert.ok(Math.abs(c.weights.reduce((a, b) => a + b, 0) - 1) < 1e-4);
  assert.match(new URL(page.url()).searchParams.get('pick'), /^\d/);
  await page.screenshot({ path: `${SHOTS}/views-latent.png` });
  assert.deepEqual(errors, []);
  await page.close();
});

test('inference: a tap drops a descent there, random restarts beside it; on the circle at x = 0 both branches', async () => {
  const { page, errors } = await open('data=circle&loss=exact&grid=32&layers=infer&restarts=16', 150, (v) => v.paths !== null);
  const box = await page.locator('[data-role="energy"]').boundingBox();
  // Tap the plane at (0, 0.3): x = 0, a little above the centre.
  const [px, py] = await page.evaluate(() => window.__ebm.pixel([0, 0.3]));
  await page.mouse.click(box.x + px, box.y + py);
  const v = await waitViews(page, (w) => w.paths && w.paths[0] === 17);
  const [count, len] = v.paths;
  const ends = [];
  for (let p = 0; p < count; p++) ends.push(v.paths[2 + (p * len + len - 1) * 2 + 1]);
  assert.ok(ends.some((y) => y > 0.8) && ends.some((y) => y < -0.8), `ends ${ends.map((y) => y.toFixed(2))}`);
  assert.match(new URL(page.url()).searchParams.get('from'), /^-?[\d.]+,-?[\d.]+$/, 'the tapped start is in the link');
  await page.screenshot({ path: `${SHOTS}/views-infer.png` });
  assert.deepEqual(errors, []);
  await page.close();
});

test('the heat map shows the density, named in the legend; a panel a scene cannot fill is explained', async () => {
  const { page, errors } = await open('data=moons&shown=density&panel=slice', 0, (v) => v.heatLabel?.startsWith('p_β'));
  assert.match(await page.textContent('[data-role="plane"]'), /p_β\(y\) ∝ exp\(−β·E\(y\)\), β = 1 \(per unit area\)/);
  assert.match(await page.textContent('#banner'), /panel: no slice at x₀ here, the slice needs conditional data/);
  const disabled = await page.evaluate(() => document.querySelector('[data-role="views"] select[name="panel"] option[value="slice"]').disabled);
  assert.equal(disabled, true);
  await page.screenshot({ path: `${SHOTS}/views-density.png` });
  assert.deepEqual(errors, []);
  await page.close();
});

test('views are per pane and in the link: p2.panel opens a panel in pane 2 only', async () => {
  const { page, errors } = await watchedPage(env.browser, { width: 1400, height: 1000 });
  await page.goto(`${env.base}?panes=2&model=ellipse&data=ellipse&p2.panel=sections&play=0`);
  await page.waitForFunction(() => window.__ebm?.ready === true && window.__ebm.panes.every((p) => p.drawn > 0), null, { timeout: 30_000 });
  await page.waitForFunction(() => window.__ebm.panes[1].views().panel?.kind === 'sections', null, { timeout: 20_000 });
  assert.equal(await page.evaluate(() => window.__ebm.panes[0].views().panel), null);
  assert.match(new URL(page.url()).search, /p2\.panel=sections/);
  assert.doesNotMatch(new URL(page.url()).search, /(^|&|\?)panel=/);
  await page.screenshot({ path: `${SHOTS}/views-two-panes.png` });
  assert.deepEqual(errors, []);
  await page.close();
});

test('the sampled ML gradient against the exact one: cosine and relative difference per step', async () => {
  const { page, errors } = await open('data=spiral&loss=ml&neg=cd&k=1&panel=gradient', 30,
    (v) => v.panel?.kind === 'gradient' && v.panel.check.steps.length >= 25);
  const c = (await page.evaluate(() => window.__ebm.views())).panel.check;
  assert.ok(c.cosine.every((x) => x >= -1 && x <= 1), JSON.stringify(c.cosine));
  assert.ok(c.rel.every((x) => Number.isFinite(x) && x >= 0));
  assert.match(c.title, /^Sampled ML gradient against the exact one, last \d+ steps: cosine/);
  await page.screenshot({ path: `${SHOTS}/views-gradient.png` });
  assert.deepEqual(errors, []);
  await page.close();
});

test('push down on the data, pull up on the negatives: one arrow per point of the step', async () => {
  const { page, errors } = await open('data=moons&loss=ml&batch=64&layers=push', 5, (v) => v.arrows === 0 && v.push > 0);
  const v = await page.evaluate(() => window.__ebm.views());
  assert.equal(v.push, 128, '64 data points and 64 negatives');
  await page.screenshot({ path: `${SHOTS}/views-push.png` });
  assert.deepEqual(errors, []);
  await page.close();
});

test('step by phase: negatives, then push down, then pull up and update; the same state as one step', async () => {
  const { page, errors } = await open('data=moons&loss=ml&batch=64&layers=push', 0, (v) => v.active.includes('push'));
  const phaseText = () => page.textContent('[data-role="phase-text"]');
  await page.click('[data-role="phasebtn"]');
  await page.waitForFunction(() => /^1 of 3/.test(document.querySelector('[data-role="phase-text"]').textContent));
  assert.match(await phaseText(), /64 negatives sampled: 20 langevin steps from uniform noise/);
  assert.equal(await page.evaluate(() => window.__ebm.step), 0);
  await page.screenshot({ path: `${SHOTS}/views-phase-1.png` });
  await page.click('[data-role="phasebtn"]');
  await page.waitForFunction(() => /^2 of 3/.test(document.querySelector('[data-role="phase-text"]').textContent));
  await waitViews(page, (v) => v.push === 64);
  await page.screenshot({ path: `${SHOTS}/views-phase-2.png` });
  await page.click('[data-role="phasebtn"]');
  await page.waitForFunction(() => /^3 of 3/.test(document.querySelector('[data-role="phase-text"]').textContent));
  await page.waitForFunction(() => window.__ebm.step === 1);
  await waitViews(page, (v) => v.push === 128);
  await page.screenshot({ path: `${SHOTS}/views-phase-3.png` });
  const phased = await page.evaluate(() => window.__ebm.hash());
  // The same link stepped once the ordinary way.
  const plain = await open('data=moons&loss=ml&batch=64', 0, () => true);
  await plain.page.evaluate(() => window.__ebm.runTo(1));
  await plain.page.waitForFunction(() => window.__ebm.step === 1);
  assert.equal(await plain.page.evaluate(() => window.__ebm.hash()), phased);
  await plain.page.close();
  assert.deepEqual(errors, []);
  await page.close();
});

test('marginals of the samples from the model against the exact ones', async () => {
  const { page, errors } = await open('data=gaussians&loss=exact&grid=32&chains=1000&backend=cpu&panel=marginals', 100,
    (v) => v.panel?.kind === 'marginals' && v.panel.marginals.drawn === 1000);
  const m = (await page.evaluate(() => window.__ebm.views())).panel.marginals;
  const inside = m.drawn - m.outside;
  assert.equal(m.y1.counts.reduce((a, b) => a + b, 0), inside);
  assert.equal(m.y2.counts.reduce((a, b) => a + b, 0), inside);
  assert.ok(Math.abs(m.y1.expected.reduce((a, b) => a + b, 0) - inside) < 1);
  await page.screenshot({ path: `${SHOTS}/views-marginals.png` });
  assert.deepEqual(errors, []);
  await page.close();
});

test('the sampler paths of the last step: six chains of k steps, rejections marked', async () => {
  const { page, errors } = await open('data=moons&loss=ml&sampler=mala&k=15&eps=0.3&layers=paths', 3,
    (v) => v.samplerPaths?.chains === 6);
  const v = await page.evaluate(() => window.__ebm.views());
  assert.equal(v.samplerPaths.points, 16, 'the start and k = 15 steps');
  await page.screenshot({ path: `${SHOTS}/views-paths.png` });
  assert.deepEqual(errors, []);
  await page.close();
});
