// Shared set-up for the browser tests: a static server on a free port and
// Debian's Chromium driven by playwright-core (never a downloaded browser).
import { before, after } from 'node:test';
import { mkdirSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { startServer } from '../../scripts/serve.mjs';

export const CHROMIUM_ARGS = [
  '--headless=new', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
  '--disable-sync', '--no-first-run', '--disable-quic', '--disable-dev-shm-usage',
];

export async function openBrowser(extraArgs = []) {
  const server = await startServer({ port: 0, root: 'www' });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: [...CHROMIUM_ARGS, ...extraArgs],
  });
  const base = `http://127.0.0.1:${server.address().port}/`;
  return {
    base,
    browser,
    async close() {
      await browser.close();
      await new Promise((ok) => server.close(ok));
    },
  };
}

/** A page that records every console error and page error. */
export async function watchedPage(browser, viewport = { width: 1100, height: 900 }) {
  const page = await browser.newPage({ viewport });
  const errors = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(`console: ${m.text()}`); });
  page.on('pageerror', (e) => errors.push(`page: ${e.message}`));
  return { page, errors };
}

/** Where the end-to-end screenshots go. */
export const SHOTS = 'target/e2e';

/**
 * One browser for a whole test file: opened before its first test, closed after
 * its last. Returns an object whose `browser` and `base` are set by then.
 */
export function browserForFile(extraArgs = []) {
  const env = {};
  before(async () => {
    mkdirSync(SHOTS, { recursive: true });
    Object.assign(env, await openBrowser(extraArgs));
  });
  after(async () => env.close?.());
  return env;
}

/** The frame of a course page's i-th figure (an iframe.figure, or the iframe inside an <ebm-playground>). */
export async function figureFrame(frames, i) {
  for (const f of frames) {
    const el = await f.frameElement().catch(() => null);
    const at = await el?.evaluate((e) => [...document.querySelectorAll('iframe.figure, ebm-playground')].indexOf(e.getRootNode().host ?? e));
    if (at === i) return f;
  }
  return null;
}

/**
 * Polls `read(arg)` in `target` (a page or a frame) until `ok(value)`, from here:
 * the pages' CSP forbids evaluating strings, so waitForFunction cannot poll.
 */
export async function until(target, read, ok, what, timeoutMs = 60_000, arg = null) {
  const t0 = Date.now();
  for (;;) {
    const v = await target.evaluate(read, arg);
    if (ok(v)) return v;
    if (Date.now() - t0 > timeoutMs) throw new Error(`${what}: never ready; last ${JSON.stringify(v).slice(0, 400)}`);
    await new Promise((r) => setTimeout(r, 150));
  }
}
