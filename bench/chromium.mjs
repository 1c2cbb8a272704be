// Runs www/bench.html in Debian's headless Chromium for the simd and scalar
// builds and writes target/bench/chromium.json. Usage:
//   node bench/chromium.mjs DATA.json [--quick]
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { openBrowser } from '../tests/e2e/helpers.mjs';

const [dataPath] = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const quick = process.argv.includes('--quick');
const data = JSON.parse(readFileSync(dataPath, 'utf8'));
const env = await openBrowser(['--enable-unsafe-webgpu']);
const results = [];
try {
  for (const flavour of ['simd', 'scalar']) {
    const page = await env.browser.newPage();
    page.on('pageerror', (e) => console.error(`page error: ${e.message}`));
    await page.goto(`${env.base}bench.html?engine=${flavour}`);
    await page.waitForFunction(() => window.__bench !== undefined);
    const r = await page.evaluate(([d, q]) => window.__bench.run(d, { quick: q }), [data, quick]);
    console.error(`[chromium ${flavour}] W1 ${r.w1_median.toFixed(1)} ms, W3 ${r.w3_median.toFixed(2)} ms/step`);
    // The page itself, default scene: time to the first energy frame, and the
    // cost of one training step and of one 128² redraw, sampled while it plays.
    await page.goto(`${env.base}?engine=${flavour}`);
    await page.waitForFunction(() => window.__ebm?.drawn > 30, null, { timeout: 60_000 });
    const frames = [];
    for (let i = 0; i < 20; i++) {
      frames.push(await page.evaluate(() => ({ step: window.__ebm.stepMs(), draw: window.__ebm.drawMs })));
      await page.waitForTimeout(100);
    }
    const med = (a) => [...a].sort((x, y) => x - y)[a.length >> 1];
    r.page = {
      firstFrameMs: await page.evaluate(() => window.__ebm.firstFrameMs),
      stepMs: med(frames.map((f) => f.step)),
      drawMs: med(frames.map((f) => f.draw)),
    };
    console.error(`[chromium ${flavour}] page: first frame ${r.page.firstFrameMs.toFixed(0)} ms, step ${r.page.stepMs.toFixed(2)} ms, redraw ${r.page.drawMs.toFixed(2)} ms`);
    if (flavour === 'simd') {
      await page.goto(`${env.base}bench.html?engine=simd`);
      await page.waitForFunction(() => window.__bench !== undefined);
      r.gpu = await page.evaluate(([d, q]) => window.__bench.gpuSampler(d, { quick: q }), [data, quick]);
      for (const g of r.gpu.rows) {
        console.error(`[chromium gpu] ${g.chains} chains: GPU ${g.gpu?.toFixed(0) ?? g.gpuReason} vs CPU simd ${g.cpu.toFixed(0)} chain-steps/s (${r.gpu.adapter})`);
      }
    }
    results.push(r);
    await page.close();
  }
} finally {
  await env.close();
}
mkdirSync('target/bench', { recursive: true });
writeFileSync('target/bench/chromium.json', JSON.stringify(results, null, 1));
