// The soak's short version (tests/soak/soak.mjs; `scripts/soak` runs the long
// one): every scene trained 300 steps more, and one pane rebuilt 30 times. No
// worker is added or lost, and wasm memory, which only grows, stops growing
// after warm-up (a Playground not freed on a rebuild would grow it each time).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { browserForFile } from './helpers.mjs';
import { report, soakRebuilds, soakScenes } from '../soak/soak.mjs';

const env = browserForFile();

test('soak (short): every scene 300 steps on, one pane rebuilt 30 times; workers and wasm memory stay put', async () => {
  const scenes = await soakScenes(env, 300, 30_000);
  const rebuilds = await soakRebuilds(env, 30);
  console.log(report(scenes, rebuilds).split('\n').map((l) => `# ${l}`).join('\n'));
  for (const r of scenes) {
    assert.equal(r.end.workers, r.start.workers, `${r.name}: workers`);
    // Training grows no pane's memory by more than a few pages (64 kB each) once it runs.
    r.end.wasm.forEach((b, i) => assert.ok(b - r.start.wasm[i] <= 4 * 65_536, `${r.name} pane ${i + 1}: ${r.start.wasm[i]} → ${b} bytes`));
  }
  const warm = rebuilds.find((s) => s.rebuild >= 10);
  const last = rebuilds.at(-1);
  assert.ok(rebuilds.every((s) => s.workers === 1), 'one worker throughout');
  assert.ok(last.wasm - warm.wasm <= 4 * 65_536, `wasm memory after ${warm.rebuild} rebuilds ${warm.wasm}, after ${last.rebuild} ${last.wasm}`);
});
