#!/usr/bin/env node
// The JS half of scripts/fuzz: N seeded inputs per pure function that reads
// outside input (the link, scene files, a saved state, the embed API's
// messages), each answer checked (scripts/fuzz-js/). Prints inputs, rejects,
// throws, failed checks and seconds per function; exits 1 on any throw or
// failed check.
//
//   node scripts/fuzz-js.mjs [--n N | --quick] [--seed S] [--only NAME] [--index I]
// N defaults to $FUZZ_N, else 1,000,000 (--quick: 20,000). `--only NAME --index I`
// replays one input (a pure function of seed, function and index) and prints it.

import { readFileSync, readdirSync } from 'node:fs';
import { Draw } from './fuzz-js/draw.mjs';
import { Failure, parseUrlTarget, pointsTarget, sceneOverridesTarget, shortQueryTarget, withSceneTarget } from './fuzz-js/links.mjs';
import { checkRegistryTarget, checkSceneTarget, parseCommandTarget, stateLinkTarget } from './fuzz-js/files.mjs';

const TARGETS = [
  [parseUrlTarget, 'www/state.js'],
  [withSceneTarget, 'www/state.js'],
  [sceneOverridesTarget, 'www/state.js'],
  [shortQueryTarget, 'www/state.js'],
  [pointsTarget, 'www/ui/points.js'],
  [parseCommandTarget, 'www/api/protocol.js'],
  [stateLinkTarget, 'www/ui/state-file.js'],
  [checkSceneTarget, 'www/scenes/registry.js'],
  [checkRegistryTarget, 'www/scenes/registry.js'],
];
const EXAMPLES = 3;

function args() {
  const a = { n: process.env.FUZZ_N ? Number(process.env.FUZZ_N) : 1_000_000, seed: 1, only: null, index: null };
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    if (flag === '--quick') { a.n = 20_000; continue; }
    const v = argv[++i];
    if (flag === '--n') a.n = Number(v);
    else if (flag === '--seed') a.seed = Number(v);
    else if (flag === '--index') a.index = Number(v);
    else if (flag === '--only' && TARGETS.some(([t]) => t.name === v)) a.only = v;
    else throw new Error(`unknown flag or value: ${flag} ${v ?? ''} (--only takes ${TARGETS.map(([t]) => t.name).join(', ')})`);
  }
  if (!(Number.isInteger(a.n) && a.n >= 0)) throw new Error(`N must be a count, got ${a.n}`);
  return a;
}

/** Valid examples: every scene file and its link, the registry, and links written by hand. */
function seeds() {
  const dir = 'www/scenes';
  const sceneFiles = readdirSync(dir).filter((f) => f.endsWith('.json') && f !== 'index.json').sort()
    .map((f) => [f.replace(/\.json$/, ''), readFileSync(`${dir}/${f}`, 'utf8')]);
  const links = [
    ...sceneFiles.map(([, text]) => JSON.parse(text).link),
    'panes=3&p1.lr=0.1&p3.model=pca&step=20&p2.hash=0123456789abcdef&chains=1000&p2.res=256&backend=gpu',
    'scene=free-energy&lock=beta&hide=lr,seed&lesson=1&autoplay=1&origins=https://course.example.org,http://localhost:8000&beta=3',
    'engine=scalar&linked=0&play=0&embed=1&v=1&data=moons&seed=4&layers=push',
  ];
  return { links, sceneFiles, indexText: readFileSync(`${dir}/index.json`, 'utf8') };
}

function preview(input) {
  let text;
  try { text = typeof input === 'string' ? input : JSON.stringify(input, (k, v) => (typeof v === 'bigint' ? `${v}n` : v)) ?? String(input); } catch { text = String(input); }
  return `${JSON.stringify(text.slice(0, 160))}${text.length > 160 ? '…' : ''} (${text.length} characters)`;
}

function run(a, id, target, s) {
  const stats = { inputs: 0, rejected: 0, throws: 0, failed: 0, examples: [] };
  const t0 = process.hrtime.bigint();
  const [from, to] = a.index === null ? [0, a.n] : [a.index, a.index + 1];
  for (let i = from; i < to; i++) {
    stats.inputs += 1;
    let input;
    let failure = null;
    try {
      // Making an input may call the functions too (sceneOverrides' inputs are links withScene wrote).
      input = target.input(new Draw(a.seed, id + 1, i), s);
      if (a.index !== null) console.log(`input ${preview(input)}`);
      if (target.check(input) === 'rejected') stats.rejected += 1;
    } catch (e) {
      const failed = e instanceof Failure;
      if (failed) stats.failed += 1; else stats.throws += 1;
      failure = `index ${i}: ${failed ? '' : 'THROW '}${failed ? e.message : (e.stack ?? e).toString().split('\n').slice(0, 3).join(' | ')}\n      input ${preview(input)}`;
    }
    if (failure && (stats.examples.length < EXAMPLES || a.index !== null)) stats.examples.push(failure);
  }
  return [stats, Number(process.hrtime.bigint() - t0) / 1e9];
}

const a = args();
const s = seeds();
console.log(`fuzz-js: ${a.n} inputs per function, seed ${a.seed} (node ${process.version})`);
console.log(`${'function'.padEnd(15)} ${'file'.padEnd(24)} ${'inputs'.padStart(9)} ${'rejects'.padStart(9)} ${'throws'.padStart(7)} ${'failed'.padStart(7)} ${'seconds'.padStart(8)}`);
let bad = 0;
let total = 0;
TARGETS.forEach(([target, file], id) => {
  if (a.only && a.only !== target.name) return;
  const [st, secs] = run(a, id, target, s);
  console.log(`${target.name.padEnd(15)} ${file.padEnd(24)} ${String(st.inputs).padStart(9)} ${String(st.rejected).padStart(9)} ${String(st.throws).padStart(7)} ${String(st.failed).padStart(7)} ${secs.toFixed(1).padStart(8)}`);
  for (const e of st.examples) console.log(`    ${e}`);
  bad += st.throws + st.failed;
  total += st.inputs;
});
console.log(`${total} inputs, ${bad} throws or failed checks`);
process.exitCode = bad === 0 ? 0 : 1;
