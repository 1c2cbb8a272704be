// Accessibility, checked by axe-core (from npm, injected into the page through
// the DevTools protocol, which the pages' CSP does not govern): every scene, the
// embed page and the course page, WCAG 2 A and AA rules, zero serious or
// critical violations. Each page's counts are printed. Then what axe cannot
// see: the heat map's text alternative follows training, marks differ by shape,
// a menu moved by arrow keys rebuilds once, the keyboard reaches Play, and a
// reader who asks for reduced motion is not shown an animation they did not start.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { browserForFile, until, watchedPage } from './helpers.mjs';
import { readScenes } from '../../scripts/scenes.mjs';

const env = browserForFile();
const AXE = readFileSync('node_modules/axe-core/axe.min.js', 'utf8');
const { files } = readScenes();

/** axe's serious and critical violations on the page (and its same-origin frames), as lines. */
async function audit(page) {
  await page.evaluate(AXE);
  const result = await page.evaluate(() => window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } }));
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  return {
    lines: bad.map((v) => `${v.impact} ${v.id}: ${v.help} (${v.nodes.length}×, e.g. ${v.nodes[0].target.join(' ')})`),
    counts: { passes: result.passes.length, violations: result.violations.length, serious: bad.length },
  };
}

async function open(path, ready) {
  const { page, errors } = await watchedPage(env.browser);
  await page.goto(`${env.base}${path}`);
  await until(page, ready, Boolean, path, 120_000);
  return { page, errors };
}

const playgroundReady = () => window.__ebm?.ready === true && window.__ebm.panes.every((p) => p.drawn > 0);

for (const name of files) {
  test(`scene ${name}: no serious or critical accessibility violation`, async () => {
    const { page, errors } = await open(`?scene=${name}`, playgroundReady);
    const { lines, counts } = await audit(page);
    console.log(`${name}: ${JSON.stringify(counts)}`);
    assert.deepEqual(lines, []);
    assert.deepEqual(errors, []);
    await page.close();
  });
}

test('the embed page and the course page: no serious or critical accessibility violation', async () => {
  const embed = await open('embed.html?scene=free-energy&lesson=1&lock=beta', playgroundReady);
  const e = await audit(embed.page);
  console.log(`embed: ${JSON.stringify(e.counts)}`);
  assert.deepEqual(e.lines, []);
  await embed.page.close();
  const course = await open('course/', () => document.querySelectorAll('ebm-playground').length === 4);
  const c = await audit(course.page);
  console.log(`course: ${JSON.stringify(c.counts)}`);
  assert.deepEqual(c.lines, []);
  assert.deepEqual([...embed.errors, ...course.errors], []);
  await course.page.close();
});

test('the heat map is an image whose text says what is drawn and follows training', async () => {
  const { page, errors } = await open('?data=moons&seed=2&play=0', playgroundReady);
  assert.equal(await page.getAttribute('canvas.energy', 'role'), 'img');
  await page.evaluate(() => window.__ebm.runTo(30));
  await until(page, () => window.__ebm.panes[0].step, (s) => s === 30, 'step 30');
  const alt = await until(page, () => document.querySelector('canvas.energy').getAttribute('aria-label'), (t) => /Step 30,/.test(t), 'alt text', 10_000);
  assert.match(alt, /^Heat map of E\(y\) \(dark low, bright high\), with \d+ data points \(white circles\); \d+ negatives or model marks \(shaped by where they came from/);
  assert.match(alt, /exact held-out NLL \d+\.\d{3}\.$/);
  assert.deepEqual(errors, []);
  await page.close();
});

test('a menu moved by arrow keys rebuilds the scene once, when the keys rest; the keyboard reaches Play', async () => {
  const { page, errors } = await open('?data=moons&play=0', playgroundReady);
  const before = await page.evaluate(() => window.__ebm.panes[0].creates);
  await page.focus('select[name="data"]');
  for (let i = 0; i < 3; i++) {
    // As a closed menu does on some platforms: each arrow key moves the choice and fires change.
    await page.evaluate(() => {
      const s = document.querySelector('select[name="data"]');
      s.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowDown', bubbles: true }));
      s.selectedIndex += 1;
      s.dispatchEvent(new Event('change', { bubbles: true }));
    });
  }
  const want = await page.evaluate(() => document.querySelector('select[name="data"]').value);
  await until(page, () => window.__ebm.panes[0].query(), (q) => q.includes(`data=${want}`), 'the last choice applied', 10_000);
  await new Promise((r) => setTimeout(r, 800));
  assert.equal(await page.evaluate(() => window.__ebm.panes[0].creates), before + 1, 'one rebuild for three key presses');
  // Tab from the top reaches the pane's Play button.
  await page.evaluate(() => document.activeElement?.blur());
  const seen = [];
  for (let i = 0; i < 40 && !seen.includes('play'); i++) {
    await page.keyboard.press('Tab');
    seen.push(await page.evaluate(() => document.activeElement?.dataset.role ?? document.activeElement?.id ?? ''));
  }
  assert.ok(seen.includes('play'), seen.join(' '));
  await page.keyboard.press('Enter');
  await until(page, () => window.__ebm.panes[0].step, (s) => s > 0, 'Enter on Play trains');
  assert.deepEqual(errors, []);
  await page.close();
});

test('points can be added by keyboard alone: Tab to "Paste points", type them, Enter', async () => {
  const { page, errors } = await open('?scene=draw-your-own&play=0', playgroundReady);
  await page.evaluate(() => document.activeElement?.blur());
  let at = '';
  for (let i = 0; i < 60 && at !== 'Paste points'; i++) {
    await page.keyboard.press('Tab');
    at = await page.evaluate(() => document.activeElement?.textContent.trim() ?? '');
  }
  assert.equal(at, 'Paste points', 'Tab reaches "Paste points"');
  await page.keyboard.press('Enter'); // opens it
  await page.keyboard.press('Tab');
  await page.keyboard.type('0.5, 0.5\n-1, 1.25\n');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement?.dataset.act), 'paste');
  await page.keyboard.press('Enter');
  await until(page, () => window.__ebm.panes[0].data(), (d) => d.length === 4, 'two points typed');
  assert.deepEqual(await page.evaluate(() => window.__ebm.panes[0].data()), [0.5, 0.5, -1, 1.25]);
  assert.match(await page.textContent('#banner'), /Loaded 2 points from the pasted text/);
  assert.deepEqual(errors, []);
  await page.close();
});

test('with reduced motion asked for, a link that would play opens paused and says why', async () => {
  const { page, errors } = await watchedPage(env.browser);
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await page.goto(`${env.base}?data=moons`);
  await until(page, playgroundReady, Boolean, 'page');
  await new Promise((r) => setTimeout(r, 1000));
  assert.equal(await page.evaluate(() => window.__ebm.panes[0].step), 0);
  assert.match(await page.textContent('#banner'), /reduced motion: press Play/);
  assert.equal(await page.getAttribute('#banner', 'role'), 'status');
  assert.deepEqual(errors, []);
  await page.close();
});
