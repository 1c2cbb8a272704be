// The page with 1, 2 and 4 panes training the default scene at 128² (linked,
// as a link opens), in Debian's headless Chromium: the main thread's time per
// frame (median, 95th percentile), steps per second per pane and in total, and
// the latency from a control change to the first frame of the new scene.
// Measured, never asserted. Writes target/bench/panes.json and panes.md.
//   node bench/panes.mjs [--quick]
import { writeFileSync, mkdirSync } from 'node:fs';
import { cpus } from 'node:os';
import { openBrowser } from '../tests/e2e/helpers.mjs';

const quick = process.argv.includes('--quick');
const SECONDS = quick ? 2 : 8;
const env = await openBrowser();
const rows = [];
const pct = (a, q) => { const s = [...a].sort((x, y) => x - y); return s[Math.min(s.length - 1, Math.floor(q * s.length))]; };
try {
  for (const n of [1, 2, 4]) {
    const page = await env.browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on('pageerror', (e) => console.error(`page error: ${e.message}`));
    await page.goto(`${env.base}?panes=${n}`);
    await page.waitForFunction((k) => window.__ebm?.ready === true && window.__ebm.panes.length === k && window.__ebm.panes.every((p) => p.step > 20), n, { timeout: 120_000 });
    await page.evaluate(() => window.__ebm.frameTimes()); // drop the warm-up
    const s0 = await page.evaluate(() => ({ t: performance.now(), steps: window.__ebm.panes.map((p) => p.step) }));
    await page.waitForTimeout(SECONDS * 1000);
    const s1 = await page.evaluate(() => ({ t: performance.now(), steps: window.__ebm.panes.map((p) => p.step) }));
    const frames = await page.evaluate(() => window.__ebm.frameTimes());
    const perPane = s1.steps.map((s, i) => ((s - s0.steps[i]) * 1000) / (s1.t - s0.t));
    // Input latency: change pane 1's data set; time to the first drawn frame of the new scene.
    const latencies = [];
    for (const data of ['moons', 'rings', 'spiral']) {
      latencies.push(await page.evaluate(async (d) => {
        const select = document.querySelector('.pane select[name="data"]');
        const t0 = performance.now();
        select.value = d;
        select.dispatchEvent(new Event('change'));
        const p = window.__ebm.panes[0];
        while (!(p.sceneShownAt > t0)) {
          if (performance.now() - t0 > 10_000) throw new Error('no frame of the new scene within 10 s');
          await new Promise((r) => setTimeout(r, 2));
        }
        return p.sceneShownAt - t0;
      }, data));
    }
    const row = {
      panes: n,
      frameMedianMs: pct(frames, 0.5),
      frameP95Ms: pct(frames, 0.95),
      frames: frames.length,
      stepsPerSecond: perPane,
      total: perPane.reduce((a, b) => a + b, 0),
      latencyMs: pct(latencies, 0.5),
    };
    rows.push(row);
    console.error(`[panes ${n}] frame ${row.frameMedianMs.toFixed(2)} / p95 ${row.frameP95Ms.toFixed(2)} ms, steps/s ${perPane.map((v) => v.toFixed(0)).join(' + ')} = ${row.total.toFixed(0)}, input → frame ${row.latencyMs.toFixed(0)} ms`);
    await page.close();
  }
} finally {
  await env.close();
}
const cores = cpus().length;
const one = rows[0].total;
const lines = [
  `## The page with 1, 2 and 4 panes (default scene, 128², linked; ${cores} cores, headless Chromium)`,
  '',
  '| panes | main-thread frame, median / p95 (ms) | steps/s per pane | total steps/s | total / one pane | control change → first frame (ms) |',
  '|---|---|---|---|---|---|',
  ...rows.map((r) => `| ${r.panes} | ${r.frameMedianMs.toFixed(2)} / ${r.frameP95Ms.toFixed(2)} | ${r.stepsPerSecond.map((v) => v.toFixed(0)).join(', ')} | ${r.total.toFixed(0)} | ${(r.total / one).toFixed(2)}× | ${r.latencyMs.toFixed(0)} |`),
  '',
];
mkdirSync('target/bench', { recursive: true });
writeFileSync('target/bench/panes.json', JSON.stringify({ cores, rows }, null, 1));
writeFileSync('target/bench/panes.md', lines.join('\n'));
console.log(lines.join('\n'));
