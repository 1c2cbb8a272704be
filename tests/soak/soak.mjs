// The soak: every scene trained for many steps; one page whose pane is rebuilt
// again and again (each control change builds a new Playground in the worker);
// and one tab switched from scene to scene through the picker (each switch opens
// the scene's link: a new document, whose old workers must go). Measured: each worker's wasm memory
// (it only grows: a leak shows as growth after warm-up), the page's JS heap
// (Chromium's Performance metrics), the number of workers, and frames drawn per
// second. `node tests/soak/soak.mjs [--quick] [--only a,b] [--minutes M]`; scripts/soak runs the full one,
// tests/e2e/soak.test.mjs the short one with its checks.
import { readFileSync } from 'node:fs';
import { openBrowser, until } from '../e2e/helpers.mjs';
import { readScenes } from '../../scripts/scenes.mjs';

/** The page's JS heap in use (bytes), from the DevTools protocol. */
async function heap(cdp) {
  const { metrics } = await cdp.send('Performance.getMetrics');
  return metrics.find((m) => m.name === 'JSHeapUsedSize').value;
}

const wasm = (page) => page.evaluate(() => Promise.all(window.__ebm.panes.map((p) => p.wasmBytes())));
const drawn = (page) => page.evaluate(() => window.__ebm.panes.reduce((s, p) => s + p.drawn, 0));
const mb = (b) => (b / 2 ** 20).toFixed(1);

/** Trains every scene `steps` steps more than it opens with (after a warm-up); per scene: wasm memory and heap at start, peak, end; frame rate. */
export async function soakScenes(env, steps, timeoutMs, names = readScenes().files) {
  const rows = [];
  for (const name of names) {
    const page = await env.browser.newPage({ viewport: { width: 1100, height: 900 } });
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    await page.goto(`${env.base}?scene=${name}&play=0`);
    await until(page, () => window.__ebm?.ready === true && window.__ebm.panes.every((p) => p.drawn > 0), Boolean, name, 120_000);
    await until(page, () => document.getElementById('banner').textContent, (t) => !t.startsWith('Replaying'), `${name}: replay`, 120_000);
    // Warm-up: the first steps allocate what training needs (grids, buffers); memory is measured from there.
    const opened = await page.evaluate(() => Math.max(...window.__ebm.panes.map((p) => p.step)));
    const warm = Math.max(100, Math.round(steps / 10));
    await page.evaluate((n) => window.__ebm.runTo(n), opened + warm);
    const w0 = Date.now();
    while (Date.now() - w0 < timeoutMs && (await page.evaluate((n) => window.__ebm.panes.some((p) => p.step < n && !p.lastError()), opened + warm))) {
      await new Promise((r) => setTimeout(r, 250));
    }
    const from = await page.evaluate(() => Math.max(...window.__ebm.panes.map((p) => p.step)));
    const start = { wasm: await wasm(page), heap: await heap(cdp), workers: page.workers().length };
    const peak = { wasm: [...start.wasm], heap: start.heap };
    await page.evaluate((n) => window.__ebm.runTo(n), from + steps);
    const t0 = Date.now();
    const d0 = await drawn(page);
    const counts = []; // [seconds, frames drawn] once a second: the frame rate early and late
    let reached = from;
    let still = 0; // seconds without a step: a scene that cannot train (no data) or stopped (diverged)
    let stopped = null;
    while (Date.now() - t0 < timeoutMs) {
      await new Promise((r) => setTimeout(r, 1000));
      const now = await page.evaluate(() => Math.min(...window.__ebm.panes.map((p) => p.step)));
      still = now === reached ? still + 1 : 0;
      reached = now;
      if (still >= 3) {
        stopped = await page.evaluate(() => window.__ebm.panes.map((p) => p.lastError()).find(Boolean) ?? document.getElementById('banner').textContent.split('\n')[0]);
        break;
      }
      counts.push([(Date.now() - t0) / 1000, (await drawn(page)) - d0]);
      const w = await wasm(page);
      peak.wasm = peak.wasm.map((v, i) => Math.max(v, w[i]));
      peak.heap = Math.max(peak.heap, await heap(cdp));
      if (reached >= from + steps) break;
    }
    const seconds = (Date.now() - t0) / 1000;
    const end = { wasm: await wasm(page), heap: await heap(cdp), workers: page.workers().length };
    rows.push({ name, stopped, steps: reached - from, seconds, fps: ((await drawn(page)) - d0) / seconds, ...earlyLate(counts), start, peak, end });
    await page.close();
  }
  return rows;
}

/**
 * Frames per second in the first and the last tenth of a run (at least 5 s
 * each) from [seconds, frames] samples; null for a run too short to tell.
 */
function earlyLate(counts) {
  const end = counts.at(-1)?.[0] ?? 0;
  if (end < 20) return { early: null, late: null };
  const span = Math.max(5, end / 10);
  const at = (t) => counts.reduce((best, c) => (Math.abs(c[0] - t) < Math.abs(best[0] - t) ? c : best));
  const rate = (a, b) => (b[1] - a[1]) / (b[0] - a[0]);
  return { early: rate(counts[0], at(counts[0][0] + span)), late: rate(at(end - span), counts.at(-1)) };
}

/** One page, its pane rebuilt `n` times (the data set switched back and forth); memory after warm-up and at the end. */
export async function soakRebuilds(env, n) {
  const page = await env.browser.newPage({ viewport: { width: 1100, height: 900 } });
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  await page.goto(`${env.base}?data=moons&play=0`);
  await until(page, () => window.__ebm?.ready === true && window.__ebm.panes[0].drawn > 0, Boolean, 'page');
  const sets = ['moons', 'rings', 'spiral', 'gaussians'];
  const samples = [];
  for (let i = 1; i <= n; i++) {
    const creates = await page.evaluate(() => window.__ebm.panes[0].creates);
    await page.selectOption('select[name="data"]', sets[i % sets.length]);
    await until(page, (c) => window.__ebm.panes[0].creates > c && window.__ebm.panes[0].drawn > 0, Boolean, `rebuild ${i}`, 30_000, creates);
    if (i === Math.ceil(n / 10) || i === n || i % Math.ceil(n / 5) === 0) {
      await cdp.send('HeapProfiler.collectGarbage').catch(() => null);
      samples.push({ rebuild: i, wasm: (await wasm(page))[0], heap: await heap(cdp), workers: page.workers().length });
    }
  }
  await page.close();
  return samples;
}

/**
 * The browser's resident memory (bytes): every process it reports over the
 * DevTools protocol, read from /proc (Linux); null elsewhere.
 */
async function browserMemory(browserCdp) {
  const { processInfo } = await browserCdp.send('SystemInfo.getProcessInfo');
  let rss = 0;
  for (const p of processInfo) {
    try {
      const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${p.id}/status`, 'utf8'))?.[1];
      rss += Number(kb ?? 0) * 1024;
    } catch {
      rss = null; // not Linux, or the process has just gone
      break;
    }
  }
  return { rss, processes: processInfo.length };
}

/**
 * One tab, `n` scene switches as a student makes them (the Scenes button, then a
 * scene's card: each opens that scene's link), round the scenes in the picker's
 * order; every tenth of the way: the tab's workers, the new page's JS heap
 * after garbage collection, and the browser's processes and resident memory.
 */
export async function soakSwitches(env, n) {
  const page = await env.browser.newPage({ viewport: { width: 1100, height: 900 } });
  const browserCdp = await env.browser.newBrowserCDPSession();
  await page.goto(`${env.base}?scene=horn&play=0`);
  await until(page, () => window.__ebm?.ready === true, Boolean, 'first scene');
  const names = await page.evaluate(async () => {
    document.getElementById('scenes').click();
    await new Promise((r) => setTimeout(r, 500));
    document.getElementById('picker').close();
    return [...document.querySelectorAll('#picker-list a')].map((a) => new URL(a.href).searchParams.get('scene'));
  });
  const samples = [];
  const t0 = Date.now();
  for (let i = 1; i <= n; i++) {
    const name = names[i % names.length];
    await page.click('#scenes');
    await Promise.all([page.waitForURL((u) => u.searchParams.get('scene') === name), page.click(`#picker-list a[href="?scene=${name}"]`)]);
    await until(page, () => window.__ebm?.ready === true && window.__ebm.panes.every((p) => p.drawn > 0), Boolean, `switch ${i} to ${name}`, 60_000);
    if (i === Math.ceil(n / 10) || i === n || i % Math.ceil(n / 5) === 0) {
      const cdp = await page.context().newCDPSession(page);
      await cdp.send('Performance.enable');
      await cdp.send('HeapProfiler.collectGarbage').catch(() => null);
      samples.push({
        switches: i,
        scene: name,
        panes: await page.evaluate(() => window.__ebm.panes.length),
        workers: page.workers().length,
        heap: await heap(cdp),
        ...(await browserMemory(browserCdp)),
        seconds: (Date.now() - t0) / 1000,
      });
      await cdp.detach();
    }
  }
  await page.close();
  return samples;
}

export function report(scenes, rebuilds, switches = []) {
  const lines = ['## Soak', '', '| scene | steps | s | frames/s (first / last tenth) | wasm MB start / peak / end | JS heap MB start / peak / end | workers start / end |', '|---|---|---|---|---|---|---|'];
  const fps = (r) => `${r.fps.toFixed(0)}${r.early === null || r.early === undefined ? '' : ` (${r.early.toFixed(0)} / ${r.late.toFixed(0)})`}`;
  for (const r of scenes) {
    const w = (x) => x.map(mb).join('+');
    lines.push(`| ${r.name} | ${r.steps}${r.stopped ? ` (stopped: ${r.stopped.slice(0, 60)})` : ''} | ${r.seconds.toFixed(0)} | ${fps(r)} | ${w(r.start.wasm)} / ${w(r.peak.wasm)} / ${w(r.end.wasm)} | ${mb(r.start.heap)} / ${mb(r.peak.heap)} / ${mb(r.end.heap)} | ${r.start.workers} / ${r.end.workers} |`);
  }
  lines.push('', 'One page, its pane rebuilt again and again (garbage collected before each sample):', '', '| rebuilds | wasm MB | JS heap MB | workers |', '|---|---|---|---|');
  for (const s of rebuilds) lines.push(`| ${s.rebuild} | ${mb(s.wasm)} | ${mb(s.heap)} | ${s.workers} |`);
  if (switches.length) {
    lines.push('', 'One tab, scene after scene from the picker (garbage collected before each sample):', '', '| switches | scene | panes | workers | JS heap MB | browser processes | browser resident MB | s |', '|---|---|---|---|---|---|---|---|');
    for (const s of switches) lines.push(`| ${s.switches} | ${s.scene} | ${s.panes} | ${s.workers} | ${mb(s.heap)} | ${s.processes} | ${s.rss === null ? 'n/a' : mb(s.rss)} | ${s.seconds.toFixed(0)} |`);
  }
  return lines.join('\n');
}

if (process.argv[1]?.endsWith('soak.mjs')) {
  // --only a,b: those scenes alone (no rebuilds or switches); --minutes M: each scene's cap (default 3).
  const arg = (name) => process.argv[process.argv.indexOf(name) + 1];
  const quick = process.argv.includes('--quick');
  const only = process.argv.includes('--only') ? arg('--only').split(',') : null;
  const capMs = process.argv.includes('--minutes') ? Number(arg('--minutes')) * 60_000 : quick ? 30_000 : 180_000;
  const env = await openBrowser();
  try {
    const scenes = await soakScenes(env, quick ? 300 : 10_000, capMs, only ?? undefined);
    const rebuilds = only ? [] : await soakRebuilds(env, quick ? 20 : 200);
    const switches = only ? [] : await soakSwitches(env, quick ? 20 : 200);
    console.log(report(scenes, rebuilds, switches));
  } finally {
    await env.close();
  }
}
