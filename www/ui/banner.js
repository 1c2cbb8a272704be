// The banner under the header: the page's own messages (a replay's result, a
// link copied, points loaded) above each pane's problems (shared ones said
// once); calm green when all is well, red when something needs the reader.

const $ = (id) => document.getElementById(id);

/** Most messages the banner shows at once, and the longest each may be (a hostile link can make thousands, 400 kB long). */
const MAX_MESSAGES = 12;
const MAX_MESSAGE_CHARS = 300;

/** Shows `messages` (one per line, as text, never markup), or hides the banner when there are none. */
export function banner(messages, ok = false) {
  const el = $('banner');
  el.hidden = messages.length === 0;
  el.classList.toggle('ok', ok);
  el.textContent = cutMessages(messages).join('\n');
}

/** One message of at most MAX_MESSAGE_CHARS characters (a 400 kB value is quoted in part). */
export function cutMessage(m) {
  return m.length > MAX_MESSAGE_CHARS ? `${m.slice(0, MAX_MESSAGE_CHARS)}… (cut: ${m.length} characters)` : m;
}

/**
 * At most MAX_MESSAGES messages of at most MAX_MESSAGE_CHARS each, saying what
 * was cut; the engine's "unknown key 'k' ignored" lines become one line (so a
 * link with thousands of junk keys still shows what matters).
 */
export function cutMessages(all) {
  const unknown = [];
  const messages = [];
  for (const m of all) {
    const key = /^(?:Pane \d+: )?unknown key '(.*)' ignored$/.exec(m)?.[1];
    if (key === undefined) messages.push(m);
    else if (unknown.push(key) === 1) messages.push(null); // its place in the list
  }
  const i = messages.indexOf(null);
  if (i >= 0) {
    const names = unknown.slice(0, 8).map((k) => `'${k.length > 40 ? `${k.slice(0, 40)}…` : k}'`).join(', ');
    messages[i] = unknown.length === 1 ? all.find((m) => m.includes('unknown key')) : `${unknown.length} unknown keys ignored: ${names}${unknown.length > 8 ? ', …' : ''}`;
  }
  const shown = messages.slice(0, MAX_MESSAGES).map(cutMessage);
  if (messages.length > MAX_MESSAGES) shown.push(`… and ${messages.length - MAX_MESSAGES} more messages about this link.`);
  return shown;
}

/** The banner of a page of `panes` (each with problems and notes) under `status`: { messages, ok }. */
export function showBanner(panes, status) {
  // Notes (the link's, a restart's) first: they often say why a problem is there.
  const perPane = panes.map((p) => [...p.notes, ...p.problems]);
  const messages = [...status.messages];
  if (panes.length === 1) messages.push(...perPane[0]);
  else {
    const everywhere = perPane[0].filter((m) => perPane.every((list) => list.includes(m)));
    messages.push(...everywhere);
    perPane.forEach((list, i) => list.filter((m) => !everywhere.includes(m)).forEach((m) => messages.push(`Pane ${i + 1}: ${m}`)));
  }
  const problems = messages.length - status.messages.length;
  const onlyEmptyData = perPane.flat().every((m) => /^No data points yet/.test(m));
  banner(messages, problems === 0 ? status.ok : onlyEmptyData && status.messages.length === 0);
}

/** What a finished replay says: each pane's state hash against the link's ({ messages, ok }). */
export function replayStatus(panes) {
  const done = panes.filter((q) => q.replay.result);
  if (panes.length === 1) {
    const [p] = panes;
    const { hash: h, matches } = p.replay.result;
    return matches
      ? { messages: [`Replayed ${p.step} steps: state ${h}${p.replay.hash ? ' matches the link' : ''}.`], ok: true }
      : { messages: [`Replayed ${p.step} steps, but the state differs from the link's (${h} ≠ ${p.replay.hash}).`], ok: false };
  }
  const lines = done.map((q) => {
    const r = q.replay.result;
    if (!q.replay.hash) return `Pane ${q.index + 1}: state ${r.hash} (the link has no hash to check).`;
    return r.matches ? `Pane ${q.index + 1}: state ${r.hash} matches the link.` : `Pane ${q.index + 1}: state ${r.hash} differs from the link's ${q.replay.hash}.`;
  });
  return { messages: ['Replayed every pane to its step:', ...lines], ok: done.every((q) => q.replay.result.matches) };
}
