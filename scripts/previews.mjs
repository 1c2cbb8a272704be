#!/usr/bin/env node
// Writes the scene picker's previews (www/scenes/previews/NAME.webp): each scene
// opened in Chromium as a student would open it, given a few seconds to train
// or sample, then its panes' heat maps side by side, 240 px wide. Run after
// changing a scene's look: `node scripts/previews.mjs [NAME…]` (needs the wasm
// built: scripts/build-wasm). tests/js/scenes.test.mjs checks every scene has one.
import { mkdirSync, writeFileSync } from 'node:fs';
import { openBrowser } from '../tests/e2e/helpers.mjs';
import { readScenes } from './scenes.mjs';

const WIDTH = 240;
const HEIGHT = 180;
const { files } = readScenes();
const names = process.argv.slice(2).length ? process.argv.slice(2) : files;
mkdirSync('www/scenes/previews', { recursive: true });
const env = await openBrowser();
try {
  for (const name of names) {
    const page = await env.browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${env.base}?scene=${name}`);
    await page.waitForFunction(() => window.__ebm?.ready === true && window.__ebm.panes.every((p) => p.drawn > 0), null, { timeout: 60_000 });
    // Pre-trained scenes replay first; then a few seconds of play (or of sampling).
    await page.waitForFunction(() => !document.getElementById('banner').textContent.startsWith('Replaying'), null, { timeout: 120_000, polling: 250 });
    await page.waitForTimeout(5000);
    const url = await page.evaluate(([w, h]) => {
      const maps = [...document.querySelectorAll('canvas.energy')];
      const out = document.createElement('canvas');
      out.width = w;
      out.height = h;
      const g = out.getContext('2d');
      g.fillStyle = '#101418';
      g.fillRect(0, 0, w, h);
      const cell = w / maps.length;
      maps.forEach((c, i) => {
        const s = Math.min(cell / c.width, h / c.height);
        g.drawImage(c, i * cell + (cell - c.width * s) / 2, (h - c.height * s) / 2, c.width * s, c.height * s);
      });
      return out.toDataURL('image/webp', 0.8);
    }, [WIDTH, HEIGHT]);
    const bytes = Buffer.from(url.split(',')[1], 'base64');
    writeFileSync(`www/scenes/previews/${name}.webp`, bytes);
    console.log(`${name}: ${bytes.length} bytes`);
    await page.close();
  }
} finally {
  await env.close();
}
