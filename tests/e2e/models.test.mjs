// The lecture's other models (model=…) on the page: each trains, draws a
// finite energy and its own marks or lines, and says what it is.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { openBrowser, watchedPage } from './helpers.mjs';

// most: the largest ratio of the data's mean energy after STEPS steps to the untrained
// model's that counts as learning. Measured on the page at step 300 (deterministic:
// the same on every run): kmeans 0.25, pca 0.24, ellipse 0.008, horn 0.006, dae 0.002,
// sparse 0.90 (sparse coding learns slowly; src/models/sparse.rs trains it longer). The
// regression starts at its optimum on the circle: its data energy is E[y²] = 2/3 (closed
// form), measured 0.65 -> 0.64.
/** Training steps before the check. */
const STEPS = 300;
const SCENES = [
  { q: 'model=kmeans&data=spiral&clusters=12', marks: 12, most: 0.5, lesson: /K-means as an energy/ },
  { q: 'model=pca&data=moons', segments: 1, most: 0.5, lesson: /PCA as an energy/ },
  { q: 'model=ellipse&data=ellipse', marks: 48, most: 0.2, lesson: /latent-variable ellipse/ },
  { q: 'model=horn&data=horn&hx=0.7', marks: 48, most: 0.2, lesson: /horn/ },
  { q: 'model=dae&data=rings', segments: 144, most: 0.2, lesson: /denoising autoencoder/ },
  { q: 'model=regression&data=circle', segments: 1, irreducible: 2 / 3, lesson: /regression/ },
  { q: 'model=sparse&data=spiral&clusters=4', marks: 4, most: 0.97, lesson: /Sparse coding/ },
];

/** (mean E on the grid − mean E on the data) / sd of E on the grid: scale-free. */
const normalisedGap = (ev) => (ev.mean_e_grid - ev.mean_e_data) / ev.std_e_grid;

test('each of the other models trains on the page and draws its own geometry', async () => {
  const env = await openBrowser();
  mkdirSync('target/e2e', { recursive: true });
  try {
    for (const s of SCENES) {
      const { page, errors } = await watchedPage(env.browser);
      // The untrained model first (play=0), then train it: the gap must open.
      await page.goto(`${env.base}?${s.q}&play=0`);
      await page.waitForFunction(() => window.__ebm?.ready === true, null, { timeout: 20_000 });
      const before = await page.evaluate(() => window.__ebm.evaluate());
      // Exactly STEPS steps: the same state on every run (the page trains in a worker, at its own pace).
      await page.evaluate((n) => window.__ebm.runTo(n), STEPS);
      await page.waitForFunction((n) => window.__ebm?.step === n, STEPS, { timeout: 60_000 });
      const after = await page.evaluate(() => window.__ebm.evaluate());
      const ratio = after.mean_e_data / before.mean_e_data;
      console.log(`${s.q}: data energy × ${ratio.toFixed(3)}, normalised gap ${normalisedGap(before).toFixed(3)} -> ${normalisedGap(after).toFixed(3)}`);
      if (s.irreducible) {
        assert.ok(Math.abs(after.mean_e_data - s.irreducible) < 0.05 * s.irreducible, `${s.q}: ${after.mean_e_data}`);
      } else {
        assert.ok(ratio < s.most, `${s.q}: the data energy only fell to ${ratio} of the untrained model's`);
        // And the data sits below the grid (the least measured: 0.50 grid sd, the DAE on the rings).
        assert.ok(normalisedGap(after) > 0.4, `${s.q}: gap ${normalisedGap(after)}`);
      }
      const r = await page.evaluate(async () => ({
        finite: await window.__ebm.finiteGrid(), overlay: window.__ebm.overlay(), lastError: window.__ebm.lastError(),
        lesson: document.querySelector('[data-role="lesson"]').textContent, banner: document.getElementById('banner').textContent,
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
