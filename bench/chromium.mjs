// Runs www/bench.html in Debian's headless Chromium for the simd and scalar
// builds and writes target/bench/chromium.json. Usage:
//   node bench/chromium.mjs DATA.json [--quick]
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { openBrowser } from '../tests/e2e/helpers.mjs';

const [dataPath] = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const quick = process.argv.includes('--quick');
const data = JSON.parse(readFileSync(dataPath, 'utf8'));
const env = await openBrowser();
const results = [];
try {
  for (const flavour of ['simd', 'scalar']) {
    const page = await env.browser.newPage();
    page.on('pageerror', (e) => console.error(`page error: ${e.message}`));
    await page.goto(`${env.base}bench.html?engine=${flavour}`);
    await page.waitForFunction(() => window.__bench !== undefined);
    const r = await page.evaluate(([d, q]) => window.__bench.run(d, { quick: q }), [data, quick]);
    console.error(`[chromium ${flavour}] W1 ${r.w1_median.toFixed(1)} ms, W3 ${r.w3_median.toFixed(2)} ms/step`);
    results.push(r);
    await page.close();
  }
} finally {
  await env.close();
}
mkdirSync('target/bench', { recursive: true });
writeFileSync('target/bench/chromium.json', JSON.stringify(results, null, 1));
