// The embed page's side of the API (protocol.js): commands from the hosting page
// are checked, then passed to the controller (main.js); events go to the host.
// Only origins named by the link's `origins=` may command (none by default: an
// embed is a figure, and the page that hosts it decides who scripts it);
// events, which carry only what the reader sees anyway, go to any host unless
// `origins=` names some.

import { event, eventTargets, mayCommand, parseCommand, refusal, reply } from './protocol.js';

/** Least time between two `step` or `metrics` events (ms). */
const THROTTLE_MS = 250;

/**
 * Listens for commands; controller: { [cmd](args) → value or promise }. Returns
 * { emit(name, data), throttled(name, data) } to send events to the host.
 */
export function startEmbedApi(controller, allowed, target = window.parent) {
  const hosted = target && target !== window;
  window.addEventListener('message', async (ev) => {
    const parsed = parseCommand(ev.data);
    if (parsed.ignore === null) return;
    if (!mayCommand(ev.origin, allowed)) {
      console.warn(`EBM embed: a command from ${ev.origin} was ignored: this embed takes commands only from ${allowed.length ? allowed.join(', ') : 'no origin'} (origins= in its link)`);
      return;
    }
    if (parsed.ignore) {
      console.warn(`EBM embed: a message was ignored: ${parsed.ignore}`);
      return;
    }
    const { id, cmd, args } = parsed.command;
    let answer;
    try {
      answer = reply(id, await controller[cmd](args));
    } catch (e) {
      answer = refusal(id, String(e?.message ?? e));
    }
    ev.source?.postMessage(answer, { targetOrigin: ev.origin });
  });
  const last = new Map();
  const pending = new Map();
  const emit = (name, data = {}) => {
    if (!hosted) return;
    for (const origin of eventTargets(allowed)) target.postMessage(event(name, data), origin);
  };
  return {
    emit,
    /** At most one event of `name` per THROTTLE_MS; the latest data wins, and is sent once the time is up. */
    throttled(name, data) {
      const now = performance.now();
      const wait = THROTTLE_MS - (now - (last.get(name) ?? -Infinity));
      if (wait <= 0) {
        last.set(name, now);
        emit(name, data);
        return;
      }
      const due = pending.has(name);
      pending.set(name, data);
      if (!due) {
        setTimeout(() => {
          last.set(name, performance.now());
          emit(name, pending.get(name));
          pending.delete(name);
        }, wait);
      }
    },
  };
}
