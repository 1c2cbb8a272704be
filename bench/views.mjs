// What each view costs a pane that trains at 128² in headless Chromium: the
// worker's time per frame (its views computed in Rust), the main thread's
// time per frame (drawing them), and frames drawn per second. Measured, never
// asserted. Writes target/bench/views.json and views.md.
//   node bench/views.mjs [--quick]
import { writeFileSync, mkdirSync } from 'node:fs';
import { cpus } from 'node:os';
import { openBrowser } from '../tests/e2e/helpers.mjs';

const quick = process.argv.includes('--quick');
const SECONDS = quick ? 1.5 : 5;
const CASES = [
  ['none (spiral)', 'data=spiral'],
  ['contours', 'data=spiral&layers=contours'],
  ['gradient field', 'data=spiral&layers=field'],
  ['inference (1 + 8 descents)', 'data=spiral&layers=infer&from=0.5,0.5'],
  ['slice (circle)', 'data=circle&panel=slice&x0=0.5'],
  ['sections (ellipse)', 'model=ellipse&data=ellipse&panel=sections'],
  ['E(y, z) (ellipse)', 'model=ellipse&data=ellipse&panel=latent&pick=1,1'],
  ['push arrows', 'data=spiral&layers=push'],
  ['sampler paths', 'data=spiral&layers=paths'],
  ['gradient check (grid 64)', 'data=spiral&panel=gradient'],
  ['marginals (10³ chains)', 'data=spiral&panel=marginals&chains=1000&backend=cpu'],
  ['density p_β', 'data=spiral&shown=density'],
  ['every layer + slice (circle)', 'data=circle&layers=contours,field,push,paths,infer&from=0.3,0.3&panel=slice&shown=density'],
];
const pct = (a, q) => { const s = [...a].filter(Number.isFinite).sort((x, y) => x - y); return s[Math.min(s.length - 1, Math.floor(q * s.length))]; };
const env = await openBrowser();
const rows = [];
try {
  for (const [name, query] of CASES) {
    const page = await env.browser.newPage({ viewport: { width: 1280, height: 1000 } });
    page.on('pageerror', (e) => console.error(`page error: ${e.message}`));
    await page.goto(`${env.base}?${query}`);
    await page.waitForFunction(() => window.__ebm?.ready === true && window.__ebm.step > 10, null, { timeout: 120_000 });
    await page.evaluate(() => window.__ebm.frameTimes()); // drop the warm-up
    const d0 = await page.evaluate(() => ({ t: performance.now(), drawn: window.__ebm.drawn, step: window.__ebm.step }));
    const worker = [];
    const t0 = Date.now();
    while (Date.now() - t0 < SECONDS * 1000) {
      worker.push(await page.evaluate(() => window.__ebm.views().workerFrameMs));
      await page.waitForTimeout(50);
    }
    const d1 = await page.evaluate(() => ({ t: performance.now(), drawn: window.__ebm.drawn, step: window.__ebm.step }));
    const main = await page.evaluate(() => window.__ebm.frameTimes());
    const seconds = (d1.t - d0.t) / 1000;
    const row = {
      name,
      query,
      workerMedianMs: pct(worker, 0.5),
      mainMedianMs: pct(main, 0.5),
      mainP95Ms: pct(main, 0.95),
      fps: (d1.drawn - d0.drawn) / seconds,
      stepsPerSecond: (d1.step - d0.step) / seconds,
    };
    rows.push(row);
    console.error(`[views] ${name}: worker ${row.workerMedianMs.toFixed(2)} ms, main ${row.mainMedianMs.toFixed(2)} / ${row.mainP95Ms.toFixed(2)} ms, ${row.fps.toFixed(0)} fps, ${row.stepsPerSecond.toFixed(0)} steps/s`);
    await page.close();
  }
} finally {
  await env.close();
}
const lines = [
  `## What each view costs (one pane training at 128²; ${cpus().length} cores, headless Chromium)`,
  '',
  'Worker: the engine\'s time to make one frame (heat map + the views on). Main: the page\'s time to draw one frame. Frames/s: frames drawn (the worker sends at most a fifth of its time\'s worth).',
  '',
  '| views on | worker frame, median (ms) | main-thread frame, median / p95 (ms) | frames/s | steps/s |',
  '|---|---|---|---|---|',
  ...rows.map((r) => `| ${r.name} | ${r.workerMedianMs.toFixed(2)} | ${r.mainMedianMs.toFixed(2)} / ${r.mainP95Ms.toFixed(2)} | ${r.fps.toFixed(0)} | ${r.stepsPerSecond.toFixed(0)} |`),
  '',
];
mkdirSync('target/bench', { recursive: true });
writeFileSync('target/bench/views.json', JSON.stringify({ cores: cpus().length, rows }, null, 1));
writeFileSync('target/bench/views.md', lines.join('\n'));
console.log(lines.join('\n'));
