// The lecture's other models (model=…) on the page: each trains, draws a
// finite energy and its own marks or lines, and says what it is.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { openBrowser, watchedPage } from './helpers.mjs';

const SCENES = [
  { q: 'model=kmeans&data=spiral&clusters=12', marks: 12, lesson: /K-means as an energy/ },
  { q: 'model=pca&data=moons', segments: 1, lesson: /PCA as an energy/ },
  { q: 'model=ellipse&data=ellipse', marks: 48, lesson: /latent-variable ellipse/ },
  { q: 'model=horn&data=horn&hx=0.7', marks: 48, lesson: /horn/ },
  { q: 'model=dae&data=rings', segments: 144, lesson: /denoising autoencoder/ },
  { q: 'model=regression&data=circle', segments: 1, lesson: /regression/ },
  { q: 'model=sparse&data=spiral&clusters=4', marks: 4, lesson: /Sparse coding/ },
];

test('each of the other models trains on the page and draws its own geometry', async () => {
  const env = await openBrowser();
  mkdirSync('target/e2e', { recursive: true });
  try {
    for (const s of SCENES) {
      const { page, errors } = await watchedPage(env.browser);
      await page.goto(`${env.base}?${s.q}`);
      await page.waitForFunction(() => window.__ebm?.step > 30, null, { timeout: 60_000 });
      const r = await page.evaluate(() => ({
        finite: window.__ebm.finiteGrid(), overlay: window.__ebm.overlay(), lastError: window.__ebm.lastError(),
        lesson: document.getElementById('lesson').textContent, banner: document.getElementById('banner').textContent,
      }));
      assert.ok(r.finite, s.q);
      assert.equal(r.lastError, null, s.q);
      assert.equal(r.banner, '', `${s.q}: ${r.banner}`);
      assert.match(r.lesson, s.lesson);
      if (s.marks) assert.equal(r.overlay.marks, s.marks, s.q);
      if (s.segments) assert.ok(r.overlay.segments >= s.segments, `${s.q}: ${JSON.stringify(r.overlay)}`);
      await page.screenshot({ path: `target/e2e/model-${s.q.split('&')[0].slice(6)}.png` });
      assert.deepEqual(errors, [], s.q);
      await page.close();
    }
  } finally {
    await env.close();
  }
});
