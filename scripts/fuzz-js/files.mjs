// Messages and files from outside under the fuzz: the embed API's commands
// (www/api/protocol.js: objects as postMessage delivers them, structured
// clones), a saved state file (www/ui/state-file.js) and scene files and the
// registry (www/scenes/registry.js).

import { COMMANDS, parseCommand } from '../../www/api/protocol.js';
import { STATE_FORMAT, stateLink } from '../../www/ui/state-file.js';
import { checkRegistry, checkScene } from '../../www/scenes/registry.js';
import { MAX_MESSAGE, expect } from './links.mjs';

/** Any value postMessage can carry (structured-cloneable), nested up to `depth`. */
function anyValue(d, depth) {
  switch (d.below(depth > 0 ? 16 : 12)) {
    case 0: return undefined;
    case 1: return null;
    case 2: return d.oneIn(2);
    case 3: return d.pick([NaN, Infinity, -Infinity, -0, 0, 1, 4, 5, 1.5, 2 ** 53, 1e308, -1, 100_000, 100_001]);
    case 4: return d.below(10);
    case 5: return d.text(12);
    case 6: return d.hostile();
    case 7: return 'x'.repeat(4096 + d.below(3) - 1);
    case 8: return BigInt(d.below(100));
    case 9: return d.pick([new Date(0), /re/g, new Uint8Array(3), new ArrayBuffer(2)]);
    case 10: return new Error(d.text(8));
    case 11: return d.pick(Object.keys(COMMANDS));
    case 12: return Array.from({ length: d.below(4) }, () => anyValue(d, depth - 1));
    case 13: return new Map([[d.text(3), anyValue(d, depth - 1)]]);
    default: return Object.fromEntries(Array.from({ length: d.below(4) }, () => [d.pick(['api', 'cmd', 'id', d.text(4)]), anyValue(d, depth - 1)]));
  }
}

/** A command's field, well-formed. */
const GOOD = { id: [7, 'a', 0], key: ['beta', 'lr', 'p2.lr'], value: ['3', 0.5, ''], pane: [1, 4], n: [1, 10, 100_000] };

/** parseCommand: never throws on anything postMessage delivers; a command passes its checks; a reason names the field. */
export const parseCommandTarget = {
  name: 'parseCommand',
  input(d) {
    if (d.oneIn(10)) return structuredClone(anyValue(d, 2));
    if (d.oneIn(20)) return JSON.parse(`{"api":1,"cmd":"set","__proto__":{"key":"beta","value":"1"},"constructor":${d.below(3)}}`);
    const o = {};
    if (!d.oneIn(10)) o.api = d.oneIn(5) ? anyValue(d, 1) : 1;
    if (!d.oneIn(10)) o.cmd = d.oneIn(5) ? anyValue(d, 1) : d.pick([...Object.keys(COMMANDS), 'eval', '__proto__', 'constructor', 'toString', 'hasOwnProperty']);
    for (const f of Object.keys(GOOD)) if (d.oneIn(2)) o[f] = d.calm || d.oneIn(2) ? d.pick(GOOD[f]) : anyValue(d, 1);
    if (d.oneIn(5)) o[d.text(6)] = anyValue(d, 1);
    return structuredClone(o);
  },
  check(data) {
    const r = parseCommand(data);
    expect(r && typeof r === 'object', 'no answer');
    if ('command' in r) {
      const { id, cmd, args } = r.command;
      expect(Object.hasOwn(COMMANDS, cmd), `command ${String(cmd)}`);
      expect(id === undefined || typeof id === 'number' || (typeof id === 'string' && id.length <= 64), 'id');
      for (const [name, v] of Object.entries(args)) {
        const spec = COMMANDS[cmd][name];
        expect(spec !== undefined, `an argument ${name} that ${cmd} does not take`);
        const original = name === 'value' && typeof data.value === 'number' ? data.value : v;
        expect(spec[0](original) && (name !== 'value' || typeof v === 'string'), `${cmd}'s ${name} passed unchecked`);
      }
      return 'accepted';
    }
    expect(r.ignore === null || typeof r.ignore === 'string', 'ignore');
    if (typeof r.ignore === 'string') {
      expect(r.ignore.length <= MAX_MESSAGE, () => `a reason of ${r.ignore.length} characters`);
      const m = /^(\w+): (\w+) must be /.exec(r.ignore);
      if (m) expect(Object.hasOwn(COMMANDS[m[1]] ?? {}, m[2]), `a reason that names no field: ${r.ignore}`);
      else expect(/^(api version|unknown command|id must be)/.test(r.ignore), () => `a reason that names no field: ${r.ignore}`);
    }
    return 'rejected';
  },
};

/** A saved state's fields, well-formed and hostile. */
function stateObject(d, seeds) {
  const o = { format: STATE_FORMAT, version: 1, scene: null, config: d.pick(seeds.links), step: d.below(3) * 40, hash: '0123456789abcdef', settings: { chains: 1000, res: 256, backend: 'gpu' }, weights: [0.5, -1] };
  if (d.calm) return o;
  for (const k of Object.keys(o)) {
    if (!d.oneIn(3)) continue;
    const r = d.below(4);
    if (r === 0) delete o[k];
    else if (r === 1) o[k] = d.pick([null, -1, 1.5, 10_000_001, '40', [], {}, true, 'x'.repeat(500_001), 2]);
    else if (r === 2) o[k] = d.hostile();
    else o[k] = k === 'settings' ? { chains: d.hostile(), res: d.pick([{}, [], 'x'.repeat(20), null]), backend: d.text(20) } : d.text(10);
  }
  return o;
}

/** stateLink: an Error naming the field at fault, or a link holding the file's step and hash, nothing else of a page. */
export const stateLinkTarget = {
  name: 'stateLink',
  input(d, seeds) {
    const text = JSON.stringify(stateObject(d, seeds));
    if (d.oneIn(3)) return d.mutate(text, d.pick(seeds.links));
    return d.oneIn(30) ? d.text(40) : text;
  },
  check(text) {
    const link = stateLink(text);
    if (link instanceof Error) {
      expect(link.message.length <= MAX_MESSAGE, () => `a message of ${link.message.length} characters`);
      expect(/not JSON|"(format|version|config|step|hash)"|version/.test(link.message), () => `a message that names no field: ${link.message}`);
      return 'rejected';
    }
    expect(typeof link === 'string' && link.startsWith('?'), `a ${typeof link}`);
    const o = JSON.parse(text);
    const p = new URLSearchParams(link);
    expect(!p.has('scene') && !p.has('panes'), () => `the link keeps scene or panes: ${link.slice(0, 120)}`);
    if (o.step > 0) expect(p.get('step') === String(o.step) && p.get('hash') === o.hash && p.getAll('step').length === 1, () => `step and hash not the file's: ${link.slice(0, 120)}`);
    else expect(!p.has('step') && !p.has('hash'), 'a step-0 state replays nothing');
    return 'accepted';
  },
};

/** A scene file's object: a bundled one, changed field by field, or a mutated file's text parsed. */
function sceneInput(d, seeds) {
  const [name, text] = d.pick(seeds.sceneFiles);
  if (d.oneIn(3)) {
    const t = d.mutate(text);
    try { return { scene: JSON.parse(t), name, valid: t === text }; } catch { return { scene: d.oneIn(2) ? t : null, name, valid: false }; }
  }
  const scene = JSON.parse(text);
  const valid = d.calm;
  if (!valid) {
    for (const k of [...Object.keys(scene), 'extra', 'version']) {
      if (!d.oneIn(3)) continue;
      if (d.oneIn(3)) delete scene[k];
      else scene[k] = d.oneIn(2) ? structuredClone(anyValue(d, 2)) : d.pick([[], [1], ['a', 2], 2, 1e9, '']);
    }
  }
  return { scene, name: d.oneIn(10) ? d.text(10) : name, valid };
}

/** checkScene: a list of problems, each starting with the file's name and naming the field. */
export const checkSceneTarget = {
  name: 'checkScene',
  input: sceneInput,
  check({ scene, name, valid }) {
    const problems = checkScene(scene, name);
    expect(Array.isArray(problems) && problems.every((p) => typeof p === 'string'), 'not a list of problems');
    if (valid) expect(problems.length === 0, () => `a valid scene refused: ${problems}`);
    for (const p of problems) {
      expect(p.startsWith(`${name}: `) && p.length <= MAX_MESSAGE + name.length, () => `a problem without the file's name: ${p}`);
      expect(/'[a-z]+'|not a JSON object|version/.test(p), () => `a problem that names no field: ${p}`);
    }
    return problems.length ? 'rejected' : 'accepted';
  },
};

/** checkRegistry: a list of problems, each starting "index.json:", on any JSON value. */
export const checkRegistryTarget = {
  name: 'checkRegistry',
  input(d, seeds) {
    if (d.oneIn(3)) {
      const t = d.mutate(seeds.indexText);
      try { return { index: JSON.parse(t), valid: t === seeds.indexText }; } catch { return { index: d.oneIn(2) ? t : null, valid: false }; }
    }
    const index = JSON.parse(seeds.indexText);
    if (d.calm) return { index, valid: true };
    const bad = () => structuredClone(anyValue(d, 2));
    const r = d.below(5);
    if (r === 0) index.sections = bad();
    else if (r === 1) index.sections[d.below(index.sections.length)] = d.oneIn(2) ? bad() : { title: bad(), scenes: bad() };
    else if (r === 2) index.sections[0].scenes.push(bad());
    else if (r === 3) index.start = bad();
    else index.sections.push(...index.sections.slice(0, 1 + d.below(2)));
    return { index, valid: false };
  },
  check({ index, valid }) {
    const problems = checkRegistry(index);
    expect(Array.isArray(problems) && problems.every((p) => typeof p === 'string' && p.startsWith('index.json: ')), () => `problems ${JSON.stringify(problems).slice(0, 200)}`);
    if (valid) expect(problems.length === 0, () => `a valid registry refused: ${problems}`);
    for (const p of problems) expect(p.length <= MAX_MESSAGE, () => `a problem of ${p.length} characters`);
    return problems.length ? 'rejected' : 'accepted';
  },
};
