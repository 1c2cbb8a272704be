// The pages' own rules, read from the files: every page has a strict CSP (no
// inline script, no eval, no inline style), no page carries inline script,
// style attributes or event-handler attributes, and no script of ours turns
// text into markup or code (the one template string of pane-template.js is a
// constant). The banner cuts what a hostile link makes (pure).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { cutMessages } from '../../www/ui/banner.js';

/** Every file under `dir` with one of the extensions, skipping built and vendored code. */
function files(dir, exts) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (['pkg', 'vendor'].includes(name)) continue;
    if (statSync(path).isDirectory()) out.push(...files(path, exts));
    else if (exts.some((e) => name.endsWith(e))) out.push(path);
  }
  return out;
}

test('every page: a strict CSP, and no inline script, style attribute or event handler', () => {
  const pages = files('www', ['.html']);
  assert.ok(pages.length >= 4, pages.join(' '));
  for (const path of pages) {
    const html = readFileSync(path, 'utf8');
    const csp = /<meta http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1];
    assert.ok(csp, `${path}: no CSP`);
    assert.match(csp, /script-src 'self'/, path);
    assert.match(csp, /style-src 'self'/, path);
    assert.doesNotMatch(csp, /'unsafe-inline'|'unsafe-eval'|\*/, path); // 'wasm-unsafe-eval' (compiling wasm) is allowed
    for (const m of html.matchAll(/<script\b([^>]*)>/g)) assert.match(m[1], /\bsrc=/, `${path}: an inline script`);
    assert.doesNotMatch(html, /<style\b/, `${path}: a style element`);
    assert.doesNotMatch(html, /\sstyle=/, `${path}: a style attribute`);
    assert.doesNotMatch(html, /\son[a-z]+=/, `${path}: an event-handler attribute`);
  }
});

test('no script of ours evaluates text or inserts it as markup', () => {
  for (const path of files('www', ['.js', '.mjs'])) {
    const js = readFileSync(path, 'utf8');
    assert.doesNotMatch(js, /\beval\(|new Function\(|document\.write|insertAdjacentHTML|outerHTML\s*=/, path);
    for (const m of js.matchAll(/\.innerHTML\s*=\s*([^;]+);/g)) {
      const constants = ['www/ui/pane-template.js: PANE_HTML.trim()', 'www/ui/scene.js: LESSON_HTML.trim()'];
      assert.ok(constants.includes(`${path}: ${m[1].trim()}`), `${path}: ${m[1].trim()}: the only markup set from strings is the page templates' constants`);
    }
  }
});

test('the banner cuts a hostile link\'s messages: at most 12, each at most 300 characters, and says so', () => {
  const many = Array.from({ length: 5000 }, (_, i) => `p${i}: must be a number; using 1`);
  const cut = cutMessages(many);
  assert.equal(cut.length, 13);
  assert.equal(cut[12], '… and 4988 more messages about this link.');
  // The engine's unknown keys are one line, in the place of the first.
  const junk = ['lr must be finite', ...Array.from({ length: 3000 }, (_, i) => `unknown key 'k${i}' ignored`), 'data must be one of …'];
  assert.deepEqual(cutMessages(junk), ['lr must be finite', "3000 unknown keys ignored: 'k0', 'k1', 'k2', 'k3', 'k4', 'k5', 'k6', 'k7', …", 'data must be one of …']);
  assert.deepEqual(cutMessages(["unknown key 'x' ignored"]), ["unknown key 'x' ignored"]);
  const [long] = cutMessages([`data must be one of …, got '${'A'.repeat(400_000)}'`]);
  assert.ok(long.length < 400);
  assert.match(long, /… \(cut: 400\d+ characters\)$/);
  assert.deepEqual(cutMessages(['fine']), ['fine']);
});
