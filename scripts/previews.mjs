#!/usr/bin/env node
// Writes the scene picker's previews (www/scenes/previews/NAME.webp): each scene
// opened in Chromium as a student would open it, given a few seconds to train
// or sample, then its panes' heat maps side by side, 240 px wide. Run after
// changing a scene's look: `node scripts/previews.mjs [NAME…]` (needs the wasm
// built: scripts/build-wasm). tests/js/scenes.test.mjs checks every scene has one.
import { mkdirSync, writeFileSync } from 'node:fs';
import { openBrowser } from '../tests/e2e/helpers.mjs';
import { readScenes } from './scenes.mjs';
import { posterOf } from '../www/scenes/registry.js';

// `--posters`: the pre-trained scenes' posters instead (www/scenes/posters/): each
// pane's heat map at the scene's step, as the embed page draws it, shown by an
// embedded scene at once while it replays. Run after `scenes.mjs --pin`.
if (process.argv.includes('--posters')) {
  const { scenes } = readScenes();
  mkdirSync('www/scenes/posters', { recursive: true });
  const env = await openBrowser();
  try {
    for (const [name, file] of scenes) {
      const scene = { ...file, name };
      if (posterOf(scene, 0) === null && posterOf(scene, 1) === null) continue;
      const page = await env.browser.newPage({ viewport: { width: 800, height: 640 } });
      await page.goto(`${env.base}embed.html?scene=${name}`);
      await page.waitForFunction(() => window.__ebm?.posterMs > 0, null, { timeout: 120_000, polling: 250 });
      const urls = await page.evaluate(() => [...document.querySelectorAll('canvas.energy')].map((c) => c.toDataURL('image/webp', 0.85)));
      urls.forEach((url, i) => {
        const path = posterOf(scene, i);
        if (!path) return;
        const bytes = Buffer.from(url.split(',')[1], 'base64');
        writeFileSync(`www/${path}`, bytes);
        console.log(`${path}: ${bytes.length} bytes`);
      });
      await page.close();
    }
  } finally {
    await env.close();
  }
  process.exit(0);
}

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
