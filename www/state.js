// The page's URL state: pure functions of strings, tested with node --test.
// Engine keys (data, lr, seed, …) are validated by Rust (src/config/); the page
// keys below belong to the page alone.

export const PAGE_KEYS = {
  step: { parse: (v) => parseIntIn(v, 0, 10_000_000), help: 'an integer in [0, 10000000]' },
  hash: { parse: (v) => (/^[0-9a-f]{16}$/.test(v) ? v : null), help: '16 hexadecimal digits' },
  engine: { parse: (v) => (['auto', 'simd', 'scalar'].includes(v) ? v : null), help: 'one of auto, simd, scalar' },
  play: { parse: (v) => (v === '0' || v === '1' ? v === '1' : null), help: '0 or 1' },
  chains: { parse: (v) => (CHAIN_CHOICES.includes(Number(v)) && /^\d+$/.test(v) ? Number(v) : null), help: 'one of 0, 1000, 10000, 100000, 1000000' },
  backend: { parse: (v) => (['auto', 'gpu', 'cpu'].includes(v) ? v : null), help: 'one of auto, gpu, cpu' },
  res: { parse: (v) => (['128', '256', '512'].includes(v) ? Number(v) : null), help: 'one of 128, 256, 512' },
};

/** Sampler sizes the page offers ("samples from the model"); 0 is off. */
export const CHAIN_CHOICES = [0, 1000, 10000, 100000, 1000000];

function parseIntIn(v, lo, hi) {
  if (!/^\d+$/.test(v)) return null;
  const n = Number(v);
  return n >= lo && n <= hi ? n : null;
}

/**
 * Splits a query string into the engine part (a query string for Rust) and the
 * page part ({ step, hash, engine, play }), with messages for bad page values.
 */
export function parseUrl(search) {
  const params = new URLSearchParams(search.replace(/^[?#]/, ''));
  const engine = new URLSearchParams();
  const page = { step: 0, hash: null, engine: 'auto', play: true, chains: 0, backend: 'auto', res: 128 };
  const problems = [];
  for (const [key, value] of params) {
    const spec = PAGE_KEYS[key];
    if (!spec) {
      engine.append(key, value);
      continue;
    }
    const parsed = spec.parse(value);
    if (parsed === null) problems.push(`${key} must be ${spec.help}, got '${value}'; using ${page[key] ?? 'none'}`);
    else page[key] = parsed;
  }
  if (page.step > 0) page.play = false;
  return { engineQuery: engine.toString(), page, problems };
}

/** The shareable query: Rust's canonical config plus the page keys worth keeping. */
export function serialiseUrl(engineQuery, page) {
  const parts = [engineQuery];
  if (page.step > 0) parts.push(`step=${page.step}`);
  // A paused start is the author's choice: keep it (a link with a step starts paused anyway).
  else if (page.play === false) parts.push('play=0');
  if (page.hash) parts.push(`hash=${page.hash}`);
  if (page.engine && page.engine !== 'auto') parts.push(`engine=${page.engine}`);
  if (page.chains > 0) parts.push(`chains=${page.chains}`);
  if (page.backend && page.backend !== 'auto') parts.push(`backend=${page.backend}`);
  if (page.res && page.res !== 128) parts.push(`res=${page.res}`);
  return parts.filter(Boolean).join('&');
}

/** Replaces one key's value in an engine query string (used by the controls). */
export function withValue(engineQuery, key, value) {
  const p = new URLSearchParams(engineQuery);
  p.set(key, value);
  return p.toString();
}
