#!/usr/bin/env node
// The scenes' engine side, checked natively with the CLI: each pane's config,
// its views, and the state hash of a pre-trained start (`step=N`). Used by
// tests/js/scenes.test.mjs; run as `node scripts/scenes.mjs --pin` after
// changing a scene's link to write its panes' hashes into it (the same hashes
// the page checks when it replays the scene: native = wasm, bit for bit).
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { parseUrl } from '../www/state.js';

export const DIR = 'www/scenes';
const CLI = process.env.EBM_CLI ?? 'target/release/ebm';

/** The registry and every scene file, parsed: { index, scenes: Map(name → scene) , files }. */
export function readScenes() {
  const index = JSON.parse(readFileSync(`${DIR}/index.json`, 'utf8'));
  const files = readdirSync(DIR).filter((f) => f.endsWith('.json') && f !== 'index.json').map((f) => f.slice(0, -5));
  const scenes = new Map(files.map((n) => [n, JSON.parse(readFileSync(`${DIR}/${n}.json`, 'utf8'))]));
  return { index, scenes, files };
}

/** Runs the CLI; { json, warnings, error }. */
export function cli(args) {
  const r = spawnSync(CLI, args, { encoding: 'utf8', maxBuffer: 1 << 28 });
  const warnings = r.stderr.split('\n').filter((l) => l.startsWith('warning: '));
  if (r.status !== 0) return { json: null, warnings, error: r.stderr.trim() || `exit ${r.status}` };
  return { json: JSON.parse(r.stdout), warnings, error: null };
}

/**
 * Each pane of a scene's link as the page opens it: { query (engine and view
 * keys), step, hash, panel }.
 */
export function panesOf(scene) {
  const { panes } = parseUrl(scene.link);
  return panes.map((p) => ({
    query: p.engineQuery,
    step: p.page.step,
    hash: p.page.hash,
    panel: new URLSearchParams(p.engineQuery).get('panel'),
  }));
}

/** The native state hash of a pane's config after `step` steps. */
export function nativeHash(pane) {
  const r = cli(['train', '--query', pane.query, '--steps', String(pane.step)]);
  if (r.error) throw new Error(`${pane.query}: ${r.error}`);
  return r.json.state_hash;
}

/** Writes every pre-trained pane's hash into its scene's link. */
function pin() {
  const { scenes } = readScenes();
  for (const [name, scene] of scenes) {
    const panes = panesOf(scene);
    if (!panes.some((p) => p.step > 0)) continue;
    const link = new URLSearchParams(scene.link);
    for (const k of [...link.keys()]) if (/^(p\d+\.)?hash$/.test(k)) link.delete(k);
    panes.forEach((p, i) => {
      if (p.step > 0) link.set(panes.length === 1 ? 'hash' : `p${i + 1}.hash`, nativeHash(p));
    });
    scene.link = decodeURIComponent(link.toString());
    writeFileSync(`${DIR}/${name}.json`, `${JSON.stringify(scene, null, 2)}\n`);
    console.log(`${name}: ${scene.link}`);
  }
}

if (process.argv[1]?.endsWith('scenes.mjs') && process.argv.includes('--pin')) pin();
