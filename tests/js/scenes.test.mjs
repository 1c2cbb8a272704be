// The registry test: every scene file parses, is listed once, names only known
// keys (engine, view and page keys, each in the engine's canonical form), offers
// the panel it opens, starts pre-trained at the state its hash says (native
// CLI; the page checks the same hash in wasm), and every formula parses.
// Needs `cargo build --release --features cli` and scripts/setup (www/vendor).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkRegistry, checkScene, posterOf, sceneOrder } from '../../www/scenes/registry.js';
import { existsSync } from 'node:fs';
import { CONTROL_KEYS } from '../../www/ui/controls.js';
import { parseUrl, shortQuery } from '../../www/state.js';
import { splitMath } from '../../www/lesson/render.js';
import { readScenes, panesOf, cli, nativeHash } from '../../scripts/scenes.mjs';
import temml from '../../www/vendor/temml.mjs';

const { index, scenes, files } = readScenes();

test('the registry lists every scene file once, in sections, and starts on one of them', () => {
  assert.deepEqual(checkRegistry(index), []);
  assert.deepEqual([...sceneOrder(index)].sort(), [...files].sort());
  // The 17 figures, at least.
  assert.ok(files.length >= 17, `${files.length} scenes`);
});

for (const [name, scene] of scenes) {
  test(`scene ${name}: its file, its link and its lesson`, () => {
    assert.deepEqual(checkScene(scene, name), []);
    // A pre-trained pane's poster, named by its pinned hash (node scripts/previews.mjs --posters).
    panesOf(scene).forEach((_, i) => {
      const poster = posterOf({ ...scene, name }, i);
      if (poster) assert.ok(existsSync(`www/${poster}`), `${poster} is missing: run node scripts/previews.mjs --posters`);
    });
    const { problems } = parseUrl(scene.link);
    assert.deepEqual(problems, [], 'page keys');
    for (const key of [...(scene.hide ?? []), ...(scene.lock ?? [])]) {
      assert.ok(CONTROL_KEYS.includes(key), `hide/lock names '${key}', which is not a control`);
    }
    for (const [i, pane] of panesOf(scene).entries()) {
      const where = `${name} pane ${i + 1}: ${pane.query}`;
      // Engine and view keys: the CLI warns about any unknown key or bad value.
      const r = cli(['view', 'contours', '--query', pane.query]);
      assert.equal(r.error, null, where);
      assert.deepEqual(r.warnings, [], where);
      // Written as the engine writes them, so the page's link of an untouched scene is just ?scene=NAME.
      const trained = cli(['train', '--query', pane.query, '--steps', '0']);
      for (const [k, v] of new URLSearchParams(pane.query)) {
        if (k in trained.json.config) assert.equal(String(trained.json.config[k]), v, `${where}: ${k} is not in canonical form`);
      }
      if (pane.panel && pane.panel !== 'none') {
        const few = pane.panel === 'marginals' ? ['--chains', '256', '--sampler-steps', '5'] : [];
        const p = cli(['view', pane.panel, '--query', pane.query, ...few]);
        assert.equal(p.error, null, `${where}: the scene does not offer its panel ${pane.panel}`);
      }
      if (pane.step > 0) {
        assert.ok(pane.hash, `${where}: a pre-trained start needs its hash (node scripts/scenes.mjs --pin)`);
        assert.equal(nativeHash(pane), pane.hash, `${where}: the state after ${pane.step} steps`);
      }
    }
    for (const text of [...scene.lesson, ...(scene.try ?? [])]) {
      for (const part of splitMath(text)) {
        if (part.tex === undefined) continue;
        // Every formula parses (the page renders it with temml.render, whose DOM calls set
        // styles through the CSSOM, which the CSP allows; tests/e2e/scenes.test.mjs checks
        // that no style is refused).
        const ml = temml.renderToString(part.tex, { displayMode: part.display, throwOnError: true });
        assert.match(ml, /^<math/, part.tex);
      }
    }
  });
}

// Short links: what the page writes (only the keys that differ from the frozen
// defaults, and v) opens the same state as the full canonical link. The defaults
// are the engine's own: the full query of an empty link.
test('every scene pane: its full canonical link and its short link train to the same state hash', () => {
  const empty = cli(['view', 'contours', '--query', '']);
  assert.equal(empty.error, null);
  const fields = [...new URLSearchParams(empty.json.query)].map(([key, v]) => ({ key, default: v }));
  let checked = 0;
  for (const [name, scene] of scenes) {
    for (const [i, pane] of panesOf(scene).entries()) {
      const view = cli(['view', 'contours', '--query', pane.query]);
      const full = view.json.query;
      const short = shortQuery(full, fields);
      assert.ok(short.startsWith('v='), `${name} pane ${i + 1}: a short link keeps its version (${short})`);
      assert.ok(short.length < full.length, `${name} pane ${i + 1}: shorter`);
      // Pre-trained panes at their step; the others after 20 steps, so training is compared too.
      const steps = String(pane.step || 20);
      const a = cli(['train', '--query', full, '--steps', steps]);
      const b = cli(['train', '--query', short, '--steps', steps]);
      // (An empty plane, draw-your-own, cannot train: both links must say so alike.)
      assert.equal(b.error, a.error, `${name} pane ${i + 1}`);
      if (!a.error) assert.equal(b.json.state_hash, a.json.state_hash, `${name} pane ${i + 1}: ${short}`);
      checked += 1;
    }
  }
  assert.ok(checked >= files.length, `${checked} panes checked`);
});
