// The embed API's messages (version 1), pure functions shared by the embed page
// (api/embed-api.js, which obeys) and <ebm-playground> (ebm-playground.js, which
// asks). Documented in docs/embed-api.md. Nothing received is ever evaluated:
// a message is a plain object whose fields are checked against COMMANDS.
//
// Host → embed: { api: 1, id, cmd, ...args }    id: a number or string the reply carries back
// Embed → host: { api: 1, id, ok: true, value } or { api: 1, id, ok: false, error }
//               { api: 1, event, ...data }      ready, step, metrics, diverged, changed, resize

export const API_VERSION = 1;

/** Longest text a command's string argument may carry. */
const MAX_TEXT = 4096;
const text = (v) => typeof v === 'string' && v.length <= MAX_TEXT;
const paneNumber = (v) => v === undefined || (Number.isInteger(v) && v >= 1 && v <= 4);

/** Each command: its arguments' checks (name → [check, what it must be]). */
export const COMMANDS = {
  set: { key: [text, 'a key name'], value: [(v) => text(v) || Number.isFinite(v), 'a string or a finite number'], pane: [paneNumber, 'a pane number 1 to 4, or absent'] },
  get: { key: [text, 'a key name'], pane: [paneNumber, 'a pane number 1 to 4, or absent'] },
  play: {},
  pause: {},
  step: { n: [(v) => v === undefined || (Number.isInteger(v) && v >= 1 && v <= 100_000), 'an integer 1 to 100000, or absent (1)'] },
  reset: {},
  snapshot: {},
  hash: { pane: [paneNumber, 'a pane number 1 to 4, or absent'] },
};

export const EVENTS = ['ready', 'step', 'metrics', 'diverged', 'changed', 'resize'];

/**
 * A received message as a command: { command: { id, cmd, args } }, or
 * { ignore: reason } for anything else (a message of another protocol is
 * ignored silently: { ignore: null }).
 */
export function parseCommand(data) {
  if (data === null || typeof data !== 'object' || Array.isArray(data) || !('api' in data)) return { ignore: null };
  if (data.api !== API_VERSION) return { ignore: `api version ${String(data.api).slice(0, 20)} is not known (this page speaks api 1)` };
  if (!(typeof data.cmd === 'string' && Object.hasOwn(COMMANDS, data.cmd))) {
    return { ignore: `unknown command '${String(data.cmd).slice(0, 40)}' (known: ${Object.keys(COMMANDS).join(', ')})` };
  }
  if (!(data.id === undefined || typeof data.id === 'number' || (typeof data.id === 'string' && data.id.length <= 64))) {
    return { ignore: 'id must be a number or a short string' };
  }
  const spec = COMMANDS[data.cmd];
  const args = {};
  for (const [name, [check, what]] of Object.entries(spec)) {
    if (!check(data[name])) return { ignore: `${data.cmd}: ${name} must be ${what}` };
    if (data[name] !== undefined) args[name] = typeof data[name] === 'number' && name === 'value' ? String(data[name]) : data[name];
  }
  return { command: { id: data.id, cmd: data.cmd, args } };
}

/** Whether `origin` may command the embed, given the link's `origins=` list ('*': any). */
export function mayCommand(origin, allowed) {
  return allowed.includes('*') || allowed.includes(origin);
}

/** Where events go: every origin when none are named or '*' is, else each named one. */
export function eventTargets(allowed) {
  return allowed.length === 0 || allowed.includes('*') ? ['*'] : allowed;
}

/** A reply to command `id`. */
export const reply = (id, value) => ({ api: API_VERSION, id, ok: true, value });
export const refusal = (id, error) => ({ api: API_VERSION, id, ok: false, error });
export const event = (name, data) => ({ api: API_VERSION, event: name, ...data });
