// The JS fuzz inputs' generator: a small seeded PRNG (mulberry32 over a
// splitmix32 hash of seed, parser and index), so input i of a parser is a pure
// function of (seed, parser, i) and any failure replays alone
// (`node scripts/fuzz-js.mjs --only NAME --index I`). Hostile values, byte-level
// mutations of valid examples, and links built from keys and values.

import { PAGE_KEYS } from '../../www/state.js';

/** splitmix32's finaliser: a well-mixed 32-bit hash of x. */
function mix(x) {
  x = (x + 0x9e3779b9) >>> 0;
  x = Math.imul(x ^ (x >>> 16), 0x85ebca6b) >>> 0;
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35) >>> 0;
  return (x ^ (x >>> 16)) >>> 0;
}

/** The same hostile values as the Rust side (src/bin/fuzz/draw.rs), plus JS's own. */
export const HOSTILE = [
  'NaN', 'nan', 'inf', '-inf', 'Infinity', '-Infinity', '1e308', '-1e308', '1e39', '3.4028236e38', '1e-45', '1e-320',
  '-0', '-0.0', '+0', '0', '00', '007', '4294967295', '4294967296', '18446744073709551616', '9007199254740993',
  '99999999999999999999999999', '-1', '1e2', '1e', '.', '-', '+', '+1', '.5', '0x10', '0b1', '1_000', '1,5', '',
  ' ', '\t', '\n', ' 1 ', 'auto', '%', '%2', '%zz', '%ff%fe', '%ff', '%c0%80', '%ed%a0%80', '%00', '%%', '%25',
  '%26', '%3D', '%2B', '+%2B+', '&', '=', '==', '&&', '?', '#', ';', ',', "'", '"', '\\', '<script>alert(1)</script>',
  'javascript:alert(1)', '\u0000', '\ufeff1', '\u200b', 'é', '１', '٣', '𝟏', '🦀', '\u202e', '\ud800', '\udc00x',
  'null', 'true', '[]', '{}', '__proto__', 'constructor', 'toString', 'hasOwnProperty', 'prototype', 'p1.', 'p9.lr',
];

export const PANE_PREFIXES = ['p0.', 'p1.', 'p2.', 'p3.', 'p4.', 'p5.', 'p9.', 'p01.', 'p-1.', 'p.', 'P1.', 'p1.p2.', 'p99999999999999999999.'];

/** Keys a link holds: engine, view and page keys (a sample of each). */
export const ENGINE_KEYS = ['v', 'data', 'n', 'noise', 'test', 'pts', 'seed', 'model', 'target', 'depth', 'width', 'act', 'loss', 'neg', 'sampler', 'k', 'eps', 'beta', 'lr', 'opt', 'clip', 'l2', 'batch', 'grid', 'clusters', 'free'];
export const VIEW_KEYS = ['layers', 'shown', 'pbeta', 'levels', 'panel', 'x0', 'cut', 'pick', 'from', 'restarts'];
/** Every page key the page knows (state.js): a new one is fuzzed from the day it is added. */
export const PAGE_KEY_NAMES = Object.keys(PAGE_KEYS);

/** Good values of the page keys, to mix with hostile ones. */
const PAGE_VALUES = {
  step: ['0', '1', '500', '10000000', '10000001'], hash: ['0123456789abcdef', '0123456789ABCDEF', '0123'],
  engine: ['auto', 'simd', 'scalar'], play: ['0', '1'], linked: ['0', '1'], panes: ['1', '2', '4', '5'],
  chains: ['0', '1000', '1000000', '1e3'], backend: ['auto', 'gpu', 'cpu'], res: ['128', '256', '512', '64'],
  scene: ['i-broke-it', 'draw-your-own', 'Not-A-Name', '../x'], hide: ['lr,seed', 'lr,,seed', 'be ta', ''],
  lock: ['beta', 'lr,beta,lr'], lesson: ['0', '1'], autoplay: ['0', '1'], embed: ['0', '1'],
  origins: ['*', 'https://a.org', 'https://a.org/x', 'http://localhost:8080,https://b.org', 'javascript:alert(1)'],
  points: ['0123456789abcdef', 'ffffffffffffffff', '0123456789abcde', '__proto__'],
};

export class Draw {
  constructor(seed, parser, index) {
    this.state = mix(mix(mix(seed) ^ parser) ^ index);
    this.calm = this.oneIn(3);
  }

  /** mulberry32: 32 random bits. */
  u32() {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }

  below(n) { return Math.floor((this.u32() / 2 ** 32) * n); }
  oneIn(n) { return this.below(n) === 0; }
  pick(list) { return list[this.below(list.length)]; }
  hostile() { return this.pick(HOSTILE); }

  /** A number as text: in range, at a bound, random bits, many digits, or hostile. */
  number(lo = -10, hi = 10) {
    switch (this.calm ? this.below(2) : this.below(8)) {
      case 0: return String(lo + (hi - lo) * (this.u32() / 2 ** 32));
      case 1: return String(this.pick([lo, hi]));
      case 2: return String(this.pick([lo - 1, hi + 1, -0, 2 ** 53 + 1, 1e21, 5e-324]));
      case 3: return String(new Float64Array(new Uint32Array([this.u32(), this.u32()]).buffer)[0]);
      case 4: return String(this.u32() >>> this.below(32));
      case 5: return Array.from({ length: 1 + this.below(40) }, () => this.below(10)).join('');
      default: return this.hostile();
    }
  }

  /** A short random text: printable ASCII, separators, escapes and unicode (lone surrogates too). */
  text(max) {
    let s = '';
    for (let n = this.below(max + 1); n > 0; n--) {
      const r = this.below(10);
      if (r === 0) s += this.pick(['&', '=', '%', '+', ';', ',', ' ', '\n', '#', '?', '.']);
      else if (r === 1) s += this.pick(['é', '🦀', '\u0000', '\ufeff', '\ud800', '一', '\u202e', '\udfff']);
      else s += String.fromCharCode(32 + this.below(95));
    }
    return s;
  }

  /** A value of about 400 kB. */
  huge() {
    const unit = this.pick(['1', '0.5,0.5;', '%', '%ff', '%zz', 'é', 'x', '&', '=', 'p1.lr=1&']);
    return unit.repeat(Math.ceil((400_000 + this.below(3) - 1) / unit.length));
  }

  /** A key: engine, view or page, pane-prefixed, or garbage. */
  key() {
    const r = this.calm ? this.below(6) : this.below(12);
    if (r < 3) return this.pick(ENGINE_KEYS);
    if (r < 4) return this.pick(VIEW_KEYS);
    if (r < 6) return this.pick(PAGE_KEY_NAMES);
    if (r < 9) return this.pick(PANE_PREFIXES) + this.pick([...ENGINE_KEYS, ...PAGE_KEY_NAMES]);
    if (r < 10) return this.hostile();
    return this.text(12);
  }

  /** A value for `key` (its prefix aside): a page key's good values, a number, or hostile text. */
  valueFor(key) {
    const bare = key.replace(/^p\d+\./, '');
    if (PAGE_VALUES[bare] && (this.calm || this.oneIn(2))) return this.pick(PAGE_VALUES[bare]);
    if (!this.calm && this.oneIn(4)) return this.hostile();
    return this.oneIn(3) ? this.text(12) : this.number(-2, 2);
  }

  /** A link's pairs: a few, or thousands; repeated keys now and then; one 400 kB value in 2,000 links. */
  pairs() {
    const n = this.oneIn(1000) ? 1000 + this.below(4000) : this.below(10);
    const out = [];
    while (out.length < n) {
      const k = this.key();
      if (this.oneIn(10)) out.push([k, this.valueFor(k)]);
      out.push([k, this.valueFor(k)]);
    }
    if (this.oneIn(2000)) out.splice(this.below(out.length + 1), 0, [this.key(), this.huge()]);
    if (this.oneIn(2000)) out.splice(this.below(out.length + 1), 0, [this.pick(['', ...PANE_PREFIXES]) + this.huge(), this.number()]);
    return out;
  }

  /** `pairs` as a link: encoded (or raw, or with broken escapes), odd separators now and then. */
  query(pairs) {
    const enc = (s, how) => {
      if (how === 0) return s;
      if (how === 1) return new URLSearchParams({ s }).toString().slice(2);
      let t;
      try { t = encodeURIComponent(s); } catch { t = s; } // a lone surrogate cannot be encoded
      if (how === 2) return t;
      const at = this.below(t.length + 1);
      return t.slice(0, at) + this.pick(['%zz', '%ff', '%', '%e2%82', '+']) + t.slice(at);
    };
    const lead = !this.calm && this.oneIn(8) ? this.pick(['?', '#', '&']) : '';
    return lead + pairs.map(([k, v]) => {
      const how = this.below(this.calm ? 3 : 4);
      return !this.calm && this.oneIn(40) ? enc(k, how) : `${enc(k, how)}=${enc(v, how)}`;
    }).join(this.calm || !this.oneIn(30) ? '&' : this.pick(['&&', '&=&']));
  }

  /** A few byte-level mutations of `seed` (UTF-16 code units, so lone surrogates appear), spliced with `other`. */
  mutate(seed, other = '') {
    let s = seed;
    for (let n = 1 + this.below(8); n > 0; n--) {
      const at = this.below(s.length + 1);
      switch (this.below(9)) {
        case 0: if (s.length) s = s.slice(0, at) + String.fromCharCode(s.charCodeAt(Math.min(at, s.length - 1)) ^ (1 << this.below(16))) + s.slice(at + 1); break;
        case 1: s = s.slice(0, at) + this.hostile() + s.slice(at); break;
        case 2: s = s.slice(0, at) + s.slice(at + this.below(16)); break;
        case 3: { const piece = s.slice(at, at + 1 + this.below(32)); s = s.slice(0, at) + piece.repeat(this.below(8)) + s.slice(at); break; }
        case 4: s = s.slice(0, at) + this.pick(['&', '=', '%', '+', ';', ',', '#', '?', '.', '"', '{', '}', '[', ']', ':', '0', '-']) + s.slice(at); break;
        case 5: s = s.slice(0, at); break;
        case 6: { const from = this.below(other.length + 1); s = s.slice(0, at) + other.slice(from, from + this.below(64)) + s.slice(at); break; }
        case 7: s = s.slice(0, at) + String.fromCharCode(this.u32() & 0xffff) + s.slice(at); break;
        default: s = s.slice(0, at) + this.text(6) + s.slice(at);
      }
    }
    return s;
  }

  /** A mutation of one of `seeds`. */
  mutated(seeds) { return this.mutate(this.pick(seeds), this.pick(seeds)); }
}
