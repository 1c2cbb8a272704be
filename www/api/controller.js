// What each embed API command does to the page (api/protocol.js lists them):
// the same paths the reader's controls take, so the host page can do nothing a
// reader could not, and nothing a lock forbids.

import { PAGE_KEYS, withValue } from '../state.js';

/** A pane's sampler and heat-map settings, which the link carries as page keys. */
const SETTINGS = ['chains', 'res', 'backend'];
/** Longest a `step` command waits for the panes (ms). */
const STEP_WAIT_MS = 120_000;

/** The controller of `app` (main.js: panes, schedule, fixed, transport, reset, …). */
export function makeController(app) {
  const { panes, schedule, fixed } = app;
  const paneList = (n) => {
    if (n > panes.length) throw new Error(`there is no pane ${n}: this figure has ${panes.length}`);
    return n ? [panes[n - 1]] : panes;
  };
  const playing = (on) => {
    for (const p of schedule.linked ? panes.slice(0, 1) : panes) app.setPlaying(p, on);
    return on;
  };
  const commands = {
    set: ({ key, value, pane }) => {
      if (fixed.lock.includes(key)) throw new Error(`${key} is locked in this figure: neither the reader nor the page can change it`);
      return app.scripted(() => setKey(app, paneList(pane), key, value));
    },
    get: ({ key, pane }) => valueOf(paneList(pane)[0], key),
    play: () => playing(true),
    pause: () => playing(false),
    async step({ n = 1 }) {
      const target = Math.max(...panes.map((p) => Math.max(p.step, p.until))) + n;
      schedule.runTo(target);
      app.requestDraw();
      const t0 = performance.now();
      while (!panes.every((p) => p.step >= target)) {
        const stuck = panes.find((p) => p.error && p.step < target && p.until <= p.step);
        if (stuck) throw new Error(`pane ${stuck.index + 1} stopped at step ${stuck.step}: ${stuck.error}`);
        if (performance.now() - t0 > STEP_WAIT_MS) throw new Error(`the panes did not reach step ${target} within ${STEP_WAIT_MS / 1000} s`);
        await new Promise((ok) => setTimeout(ok, 20));
      }
      return target;
    },
    reset: () => app.scripted(async () => { await app.reset(panes, new Map()); return 0; }),
    snapshot: () => app.figure().toDataURL('image/png'),
    hash: ({ pane }) => paneList(pane)[0].client.call('hash'),
  };
  // Before the figure runs (it starts when scrolled into view), every command waits for nothing: it says so.
  return Object.fromEntries(Object.entries(commands).map(([name, f]) => [name, (args) => {
    if (!app.started()) throw new Error('the figure is not running yet: it starts when scrolled into view (wait for the ready event)');
    return f(args);
  }]));
}

/** The running value of `key` in pane p: its config, views or settings. */
function valueOf(p, key) {
  if (SETTINGS.includes(key)) return String(p.settings[key]);
  const field = [...p.schema, ...p.viewSchema].find((f) => f.key === key);
  if (!field) throw new Error(unknownKey(p, key));
  return p.values.get(key) ?? field.default;
}

/** Sets `key` in the panes `which` as the reader's control would; refuses with the engine's message. */
async function setKey(app, which, key, value) {
  if (SETTINGS.includes(key)) {
    const v = PAGE_KEYS[key].parse(value);
    if (v === null) throw new Error(`${key} must be ${PAGE_KEYS[key].help}, got '${value}'`);
    for (const p of which) p.setSettings({ [key]: v });
    return value;
  }
  const p = which[0];
  if (p.viewSchema.some((f) => f.key === key)) {
    const answers = which.map((q) => {
      q.scriptedViews = (q.scriptedViews ?? 0) + 1; // its answer is not the reader's change
      return q.setView(key, value);
    });
    const refused = (await Promise.all(answers)).flat().filter((m) => m.startsWith(`${key} `) || m.startsWith(`${key}:`));
    if (refused.length) throw new Error(refused[0]);
    return valueOf(p, key);
  }
  const field = p.schema.find((f) => f.key === key);
  if (!field) throw new Error(unknownKey(p, key));
  if (field.inPlace) {
    for (const q of which) q.setInPlace(key, value);
    return value;
  }
  // A linked page restarts together, as after a control's change.
  const restart = app.schedule.linked ? app.panes : which;
  await app.reset(restart, new Map(which.map((q) => [q, withValue(q.query, key, value)])));
  const refused = which.flatMap((q) => q.allProblems ?? []).filter((m) => m.startsWith(`${key} `) || m.startsWith(`${key}:`));
  if (refused.length) throw new Error(refused[0]);
  return valueOf(p, key);
}

function unknownKey(p, key) {
  const keys = [...p.schema.map((f) => f.key), ...p.viewSchema.map((f) => f.key), ...SETTINGS];
  return `unknown key '${String(key).slice(0, 40)}' (known: ${keys.join(', ')})`;
}
