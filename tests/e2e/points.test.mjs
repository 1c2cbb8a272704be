// The student's own points (data=points), end to end: strokes, undo, clear, a
// CSV with bad lines; a set too large for a link (100,000 points) kept by name
// in the browser; and none of it lost to a reload, a crash, a scene switch or a
// state file opened in another browser.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { SHOTS, browserForFile, until, watchedPage } from './helpers.mjs';

const env = browserForFile();

test('your points: a brushed stroke, undo, clear, a CSV with bad lines, and they survive a reload of the link', async () => {
  const { page, errors } = await watchedPage(env.browser);
  await page.goto(`${env.base}?scene=draw-your-own`);
  await until(page, () => window.__ebm?.ready === true && window.__ebm.panes[0].drawn > 0, Boolean, 'page');
  const box = await page.locator('canvas.energy').boundingBox();
  // A stroke: press, drag across, lift: one change with several points.
  await page.mouse.move(box.x + box.width * 0.3, box.y + box.height * 0.5);
  await page.mouse.down();
  for (let k = 1; k <= 10; k++) await page.mouse.move(box.x + box.width * (0.3 + 0.04 * k), box.y + box.height * 0.5);
  await page.mouse.up();
  const stroke = await until(page, () => window.__ebm.panes[0].data().length / 2, (n) => n > 3, 'stroke');
  await page.click('[data-act="undo"]');
  await until(page, () => window.__ebm.panes[0].data().length, (n) => n === 0, 'undo');
  // A CSV file with a header and two bad lines: the good lines load, the bad ones are named.
  await page.setInputFiles('.points-tools input[type="file"]', { name: 'mine.csv', mimeType: 'text/csv', buffer: Buffer.from('x,y\n0.5,0.5\noops\n1,-1\nnan,2\n-0.5,0.25\n') });
  await until(page, () => window.__ebm.panes[0].data().length / 2, (n) => n === 3, 'csv');
  const banner = await page.textContent('#banner');
  assert.match(banner, /Loaded 3 points from mine\.csv\. 2 lines were left out: line 3: expected two numbers/);
  assert.match(banner, /line 5: values must be finite/);
  // A crash of the pane's engine keeps them (they are in its config; it restarts with it).
  await page.evaluate(() => window.__ebm.panes[0].panic());
  await until(page, () => document.getElementById('banner').textContent, (t) => /engine stopped/.test(t), 'restarted');
  await until(page, () => window.__ebm.panes[0].data().length, (n) => n === 6, 'points after the crash');
  // Another scene and back: the link it opened with brings them back.
  await page.goto(`${env.base}?scene=horn`);
  await until(page, () => window.__ebm?.ready === true, Boolean, 'horn');
  // A reload of the link the page opened with brings them back.
  await page.goto(`${env.base}?scene=draw-your-own`);
  await until(page, () => window.__ebm?.ready === true && window.__ebm.panes[0].data().length === 6, Boolean, 'restored');
  assert.match(await page.textContent('#banner'), /Restored your 3 points from this browser/);
  await page.click('[data-act="clear"]');
  await until(page, () => window.__ebm.panes[0].data().length, (n) => n === 0, 'clear');
  await page.goto(`${env.base}?scene=draw-your-own`);
  await until(page, () => window.__ebm?.ready === true && window.__ebm.panes[0].drawn > 0, Boolean, 'reopened');
  assert.equal(await page.evaluate(() => window.__ebm.panes[0].data().length), 0, 'cleared stays cleared');
  console.log(`stroke: ${stroke} points`);
  assert.deepEqual(errors.filter((e) => !/panic on purpose|unreachable/.test(e)), []);
  await page.close();
});

/** n points in awkward decimals, one per line, after a header. */
function bigCsv(n) {
  const lines = ['y1,y2'];
  for (let i = 0; i < n; i++) lines.push(`${(2.5 * Math.sin(i * 0.7)).toFixed(7)},${(2.5 * Math.cos(i * 1.3)).toFixed(7)}`);
  return lines.join('\n');
}

test('100,000 points: loaded, kept by name (not in the link), back after a reload; a state file carries them to another browser', async () => {
  const { page, errors } = await watchedPage(env.browser);
  await page.goto(`${env.base}?scene=draw-your-own&play=0`);
  await until(page, () => window.__ebm?.ready === true && window.__ebm.panes[0].drawn > 0, Boolean, 'page');
  // Two lines past the engine's limit of 100,000 (src/data/user.rs MAX_POINTS): one message for the rest.
  const csv = bigCsv(100_002);
  await page.setInputFiles('.points-tools input[type="file"]', { name: 'big.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await until(page, () => window.__ebm.panes[0].data().length / 2, (n) => n === 100_000, 'loaded', 120_000);
  assert.match(await page.textContent('#banner'), /Loaded 100,000 points from big\.csv\. 1 line was left out: line 100002: too many points \(at most 100000\)/);
  // The link names the set; the set is in this browser.
  await until(page, () => location.search, (s) => /points=[0-9a-f]{16}/.test(s), 'link names the set');
  const link = await page.evaluate(() => location.search);
  assert.ok(!/(^|&)pts=/.test(link.slice(1)) && link.length < 500, link.slice(0, 300));
  await page.evaluate(() => window.__ebm.runTo(3));
  await until(page, () => window.__ebm.panes[0].step, (s) => s === 3, 'step 3');
  const hash = await page.evaluate(() => window.__ebm.panes[0].hash());
  // Share says the points do not travel with the link.
  await page.click('#share');
  await until(page, () => !document.getElementById('share-points').hidden, Boolean, 'share note');
  await page.screenshot({ path: `${SHOTS}/points-share.png` });
  await page.click('#share-close');
  // A reload of that link: the same 100,000 points, trained to the same state.
  await page.reload();
  await until(page, () => window.__ebm?.ready === true && window.__ebm.panes[0].data().length / 2, (n) => n === 100_000, 'after reload', 120_000);
  await until(page, () => document.getElementById('banner').textContent, (t) => new RegExp(`state ${hash} matches the link`).test(t), 'replayed', 120_000);
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-role="json"]')]);
  const path = await download.path();
  assert.equal(JSON.parse(readFileSync(path, 'utf8')).hash, hash);

  // Another browser (a fresh context: its own storage) without the file: the link says what is missing.
  const other = await watchedPage(env.browser);
  await other.page.goto(`${env.base}${link}`);
  await until(other.page, () => window.__ebm?.ready === true, Boolean, 'other browser');
  assert.match(await other.page.textContent('#banner'), /This link's points \(too many for a link\) were kept in the browser that made it, not in this one/);
  // With the file: the same state.
  await Promise.all([other.page.waitForURL(/points=/), other.page.setInputFiles('#open-file', path)]);
  await until(other.page, () => document.getElementById('banner').textContent, (t) => new RegExp(`state ${hash} matches the link`).test(t), 'file replayed', 120_000);
  assert.equal(await other.page.evaluate(() => window.__ebm.panes[0].data().length / 2), 100_000);
  assert.deepEqual(errors, []);
  assert.deepEqual(other.errors, []);
  await other.page.close();
  await page.close();
});
