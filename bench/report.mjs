// One table from one bench run: the peers (Node: plain JS, TF.js wasm, ours),
// our two builds in headless Chromium, and the native criterion benches.
// Median and min times, rates, GFLOP/s (shared FLOP counts) and ratios to
// TF.js wasm-SIMD in Node. Usage: node bench/report.mjs PEERS_RUN_DIR
import { readdirSync, readFileSync, existsSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const shared = process.env.EBM_SHARED ?? '../shared';
// resolve() keeps an absolute EBM_SHARED as it is (join() would glue it onto the working directory).
const { FLOPS, UNITS } = await import(pathToFileURL(resolve(shared, 'bench/peers/src/flops.mjs')).href);
const runDir = process.argv[2];
const W = ['w1', 'w2', 'w3'];
const median = (a) => { const s = [...a].sort((x, y) => x - y); const k = s.length >> 1; return s.length % 2 ? s[k] : (s[k - 1] + s[k]) / 2; };
const rows = []; // { name, where, w: { w1: [ms...], ... } }

// Node peers: every round's samples (ms per unit).
const byPeer = new Map();
for (const f of readdirSync(runDir).filter((f) => /^r\d+_.*\.json$/.test(f))) {
  const r = JSON.parse(readFileSync(join(runDir, f), 'utf8'));
  if (!r.workloads) continue;
  const row = byPeer.get(r.peer) ?? { name: r.peer, where: 'node', w: {} };
  for (const w of W) if (r.workloads[w]) (row.w[w] ??= []).push(...r.workloads[w].samples_ms);
  byPeer.set(r.peer, row);
}
rows.push(...byPeer.values());

const pageRows = [];
let gpuRows = null;
if (existsSync('target/bench/chromium.json')) {
  for (const r of JSON.parse(readFileSync('target/bench/chromium.json', 'utf8'))) {
    rows.push({ name: `ours-${r.flavour}`, where: 'chromium', w: { w1: r.w1, w2: r.w2, w3: r.w3 } });
    if (r.gpu) gpuRows = r.gpu;
    if (r.page) pageRows.push([r.flavour, r.page.firstFrameMs, r.page.stepMs, r.page.drawMs]);
  }
}

// criterion: per-iteration times from sample.json (iters, times in ns).
const crit = { w1: 'w1_heatmap_256', w2: 'w2_langevin_4096x100', w3: 'w3_train_step' };
const native = { name: 'ours-native', where: 'native (criterion)', w: {} };
for (const [w, id] of Object.entries(crit)) {
  const p = `target/criterion/peers/${id}/new/sample.json`;
  if (!existsSync(p)) continue;
  const s = JSON.parse(readFileSync(p, 'utf8'));
  native.w[w] = s.iters.map((n, i) => s.times[i] / n / 1e6);
}
if (Object.keys(native.w).length) rows.push(native);

const ref = rows.find((r) => r.name === 'tfjs-wasm-simd' && r.where === 'node');
const fmtRate = (w, ms) => {
  const v = UNITS[w].rate(ms);
  return w === 'w1' ? `${v.toFixed(1)} ms` : v >= 1e5 ? `${(v / 1e6).toFixed(2)} M` : v.toFixed(0);
};
const head = ['row', 'engine', ...W.flatMap((w) => [`${w} median`, `${w} best`, `${w} GFLOP/s`, `${w} × TF.js`])];
const lines = [head, head.map(() => '---')];
for (const r of rows) {
  const cells = [r.name, r.where];
  for (const w of W) {
    const s = r.w[w];
    if (!s?.length) { cells.push('–', '–', '–', '–'); continue; }
    const med = median(s);
    const min = Math.min(...s);
    const gflops = FLOPS[w] / (med / 1e3) / 1e9;
    const ratio = ref?.w[w] ? median(ref.w[w]) / med : NaN;
    cells.push(fmtRate(w, med), fmtRate(w, min), gflops.toFixed(1), Number.isFinite(ratio) ? ratio.toFixed(2) : '–');
  }
  lines.push(cells);
}
const units = `Units: W1 ms per 256² grid (lower is better); W2 chain-steps/s; W3 train steps/s. "× TF.js" = speed relative to tfjs-wasm-simd in Node, median over median, same run.`;
// Training runs in the pane's worker and drawing on the main thread: the two no longer share a frame's budget.
const page = ['| build | first energy frame (ms after navigation) | one training step, in the worker (ms) | one 128² redraw, on the main thread (ms) |', '| --- | --- | --- | --- |',
  ...pageRows.map(([f, ...v]) => `| ${f} | ${v.map((x) => x.toFixed(1)).join(' | ')} |`)].join('\n');
const perSecond = (v) => (v >= 1e5 ? `${(v / 1e6).toFixed(2)} M` : v.toFixed(0));
const gpu = gpuRows
  ? [`W2's MLP (2→64→64→1, SiLU) under Langevin; adapter: ${gpuRows.adapter || 'none'}. A software adapter measures correctness, not speed.`, '',
    '| chains | GPU chain-steps/s | CPU simd chain-steps/s | GPU ÷ CPU |', '| --- | --- | --- | --- |',
    ...gpuRows.rows.map((g) => `| ${g.chains} | ${g.gpu ? perSecond(g.gpu) : `– (${g.gpuReason})`} | ${perSecond(g.cpu)} | ${g.gpu ? (g.gpu / g.cpu).toFixed(2) : '–'} |`)].join('\n')
  : 'not measured';
const md = [`# Kernel benchmark (${new Date().toISOString()})`, '', lines.map((l) => `| ${l.join(' | ')} |`).join('\n'), '', units, '',
  '## The page in headless Chromium (default scene)', '', page, '',
  '## The sampler on the GPU against the CPU, headless Chromium', '', gpu, '',
  existsSync('target/bench/panes.md') ? readFileSync('target/bench/panes.md', 'utf8') : '## Panes: not measured (bench/panes.mjs)', '',
  existsSync('target/bench/views.md') ? readFileSync('target/bench/views.md', 'utf8') : '## Views: not measured (bench/views.mjs)', '',
  existsSync('target/bench/course.md') ? readFileSync('target/bench/course.md', 'utf8') : '## Course page: not measured (bench/course.mjs)', ''].join('\n');
writeFileSync('target/bench/report.md', md);
console.log(md);
