// The soak's short version (tests/soak/soak.mjs; `scripts/soak` runs the long
// one): every scene trained 300 steps more, one pane rebuilt 30 times, and one
// tab switched through 20 scenes from the picker. No worker is added or lost,
// and wasm memory, which only grows, stops growing after warm-up (a Playground
// not freed on a rebuild would grow it each time).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { browserForFile } from './helpers.mjs';
import { report, soakRebuilds, soakScenes, soakSwitches } from '../soak/soak.mjs';

const env = browserForFile();

test('soak (short): every scene 300 steps on, one pane rebuilt 30 times, 20 scene switches in a tab; workers and memory stay put', async () => {
  const scenes = await soakScenes(env, 300, 30_000);
  const rebuilds = await soakRebuilds(env, 30);
  const switches = await soakSwitches(env, 20);
  console.log(report(scenes, rebuilds, switches).split('\n').map((l) => `# ${l}`).join('\n'));
  for (const r of scenes) {
    assert.equal(r.end.workers, r.start.workers, `${r.name}: workers`);
    // Training grows no pane's memory by more than a few pages (64 kB each) once it runs.
    r.end.wasm.forEach((b, i) => assert.ok(b - r.start.wasm[i] <= 4 * 65_536, `${r.name} pane ${i + 1}: ${r.start.wasm[i]} → ${b} bytes`));
  }
  const warm = rebuilds.find((s) => s.rebuild >= 10);
  const last = rebuilds.at(-1);
  assert.ok(rebuilds.every((s) => s.workers === 1), 'one worker throughout');
  assert.ok(last.wasm - warm.wasm <= 4 * 65_536, `wasm memory after ${warm.rebuild} rebuilds ${warm.wasm}, after ${last.rebuild} ${last.wasm}`);
  // Each switch is a new document: its workers are exactly its panes' (the old ones gone),
  // its heap that of a fresh page (measured 2.4–2.8 MB), and the browser does not grow
  // per switch: a leaked renderer or worker costs tens of MB each, so 18 switches would
  // add far more than the 300 MB allowed for noise (measured: 907 → 927 MB).
  for (const s of switches) assert.equal(s.workers, s.panes, `after ${s.switches} switches: ${s.workers} workers for ${s.panes} panes`);
  assert.ok(switches.every((s) => s.heap < 8 * 2 ** 20), JSON.stringify(switches.map((s) => s.heap)));
  const [first, end] = [switches[0], switches.at(-1)];
  // A spare renderer may come and go (measured: 7 processes throughout); one per switch would be 18 more.
  assert.ok(end.processes - first.processes <= 2, `browser processes ${first.processes} → ${end.processes}: a renderer left behind per switch?`);
  if (first.rss !== null) assert.ok(end.rss - first.rss < 300 * 2 ** 20, `browser memory ${first.rss} → ${end.rss} bytes over ${end.switches - first.switches} switches`);
});
