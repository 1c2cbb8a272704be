// The example course page (www/course/, eight embedded figures) in Debian's
// headless Chromium: how long each figure takes to show its poster once
// scrolled into view (its first frame, and its start state: a pre-trained
// scene's replayed step), and the CPU the browser burns while nothing plays,
// beside an empty page and one figure playing. CPU is the utime + stime of every
// Chromium process under this one (/proc), over a fixed window. Measured, never
// asserted. Writes target/bench/course.json and course.md.
//   node bench/course.mjs [--quick]
import { readFileSync, readdirSync, writeFileSync, mkdirSync } from 'node:fs';
import { figureFrame, openBrowser } from '../tests/e2e/helpers.mjs';

const quick = process.argv.includes('--quick');
const WINDOW_S = quick ? 2 : 6;
const TICKS = 100; // clock ticks per second (Linux's USER_HZ)

/** CPU seconds used so far by every descendant process of this one. */
function childCpu() {
  const procs = new Map();
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      procs.set(Number(pid), { ppid: Number(f[1]), cpu: (Number(f[11]) + Number(f[12])) / TICKS });
    } catch { /* gone meanwhile */ }
  }
  const mine = new Set([process.pid]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const [pid, p] of procs) if (!mine.has(pid) && mine.has(p.ppid)) { mine.add(pid); grew = true; }
  }
  mine.delete(process.pid);
  return [...mine].reduce((s, pid) => s + procs.get(pid).cpu, 0);
}

/** The browser's CPU use over the window, as a share of one core. */
async function cpuShare(page) {
  const c0 = childCpu();
  const t0 = performance.now();
  await page.waitForTimeout(WINDOW_S * 1000);
  return (childCpu() - c0) / ((performance.now() - t0) / 1000);
}

const env = await openBrowser();
mkdirSync('target/bench', { recursive: true });
const out = { posters: [], cpu: {} };
try {
  const blank = await env.browser.newPage({ viewport: { width: 1100, height: 900 } });
  await blank.goto(`${env.base}favicon.svg`);
  out.cpu.blank = await cpuShare(blank);
  await blank.close();

  const page = await env.browser.newPage({ viewport: { width: 1100, height: 900 } });
  page.on('pageerror', (e) => console.error(`page error: ${e.message}`));
  await page.goto(`${env.base}course/`);
  const count = await page.evaluate(() => document.querySelectorAll('iframe.figure, ebm-playground').length);
  const embeds = () => page.frames().filter((f) => f.url().includes('/embed.html'));
  for (let i = 0; i < count; i++) {
    await page.evaluate((k) => document.querySelectorAll('iframe.figure, ebm-playground')[k].scrollIntoView({ block: 'center' }), i);
    const t0 = Date.now();
    for (;;) {
      const frame = await figureFrame(embeds(), i);
      const done = await frame?.evaluate(() => (window.__ebm?.posterMs ? { url: location.search, poster: window.__ebm.posterMs, first: window.__ebm.firstMs, image: window.__ebm.imagePoster } : null)).catch(() => null);
      if (done) { out.posters.push(done); break; }
      if (Date.now() - t0 > 60_000) throw new Error(`figure ${i + 1} showed no poster within 60 s`);
      await page.waitForTimeout(50);
    }
  }
  // Every figure has shown its poster; none plays.
  out.cpu.idle = await cpuShare(page);
  const driven = embeds().find((f) => f.url().includes('free-energy'));
  await page.evaluate(() => document.getElementById('driven').scrollIntoView({ block: 'center' }));
  await page.evaluate(() => document.getElementById('driven').play());
  await page.waitForTimeout(1000);
  out.cpu.onePlaying = await cpuShare(page);
  out.steps = await driven.evaluate(() => window.__ebm.panes[0].step);
  // Scrolled away, it pauses.
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.waitForTimeout(1000);
  out.cpu.scrolledAway = await cpuShare(page);
  await page.close();
} finally {
  await env.close();
}
writeFileSync('target/bench/course.json', JSON.stringify(out, null, 2));
const pct = (x) => `${(100 * x).toFixed(1)} %`;
const md = [
  '## Course page (www/course/: eight embedded figures)', '',
  'Times from the moment a figure scrolled into view. A pre-trained scene shows its start as an image (scripts/previews.mjs --posters)',
  'from page load, before it is in view, while the live figure replays; "live" is when the replayed state is drawn.', '',
  '| figure | first live frame (ms) | live start state (ms) | image poster |', '|---|---|---|---|',
  ...out.posters.map((p) => `| \`${decodeURIComponent(p.url).replace(/&origins=[^&]*/, '')}\` | ${p.first.toFixed(0)} | ${p.poster.toFixed(0)} | ${p.image === null ? 'none (computed at once)' : 'shown from page load'} |`), '',
  `Browser CPU (share of one core, ${WINDOW_S} s windows): a blank page ${pct(out.cpu.blank)}; the course page with every figure`,
  `shown and none playing ${pct(out.cpu.idle)}; one figure playing ${pct(out.cpu.onePlaying)}; that one scrolled out of view ${pct(out.cpu.scrolledAway)}.`, '',
].join('\n');
writeFileSync('target/bench/course.md', md);
console.log(md);
