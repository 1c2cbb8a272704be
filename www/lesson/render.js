// A lesson's text -> DOM, safe under the page's CSP: plain text goes in as text
// nodes (never as HTML), and each $…$ formula becomes MathML built by Temml
// (www/vendor/temml.mjs, copied from npm by scripts/setup) through DOM calls,
// with no style attribute and no inline script. `{{key}}` is replaced by the
// running value of that config key (the current β), so numbers stay live.

let temml = null;
/** What each paragraph element shows now, so an unchanged one is not rendered again. */
const rendered = new WeakMap();

/** Temml, loaded once on first use (≈ 50 KB gzipped); null if it cannot load. */
export function loadMath() {
  temml ??= import('../vendor/temml.mjs').then((m) => m.default, (e) => {
    console.warn(`formulas shown as TeX: ${e.message ?? e}`);
    return null;
  });
  return temml;
}

/**
 * Splits text into parts: { text } and { tex, display } for $…$ (inline) and
 * $$…$$ (display). `\$` is a literal dollar. An unclosed $ stays text.
 */
export function splitMath(text) {
  const parts = [];
  let plain = '';
  let i = 0;
  while (i < text.length) {
    if (text[i] === '\\' && text[i + 1] === '$') {
      plain += '$';
      i += 2;
      continue;
    }
    if (text[i] === '$') {
      const display = text[i + 1] === '$';
      const open = display ? 2 : 1;
      const close = text.indexOf(display ? '$$' : '$', i + open);
      if (close > i + open) {
        if (plain) parts.push({ text: plain });
        plain = '';
        parts.push({ tex: text.slice(i + open, close), display });
        i = close + open;
        continue;
      }
    }
    plain += text[i];
    i += 1;
  }
  if (plain) parts.push({ text: plain });
  return parts;
}

/** `{{key}}` → valueOf(key) where it has one (double braces: TeX's own stay alone). */
export function fill(text, valueOf) {
  return text.replace(/\{\{([a-z_0-9]+)\}\}/g, (whole, key) => valueOf(key) ?? whole);
}

/**
 * Renders `text` (one paragraph) into `el`, replacing what was there; nothing is
 * redone when its live numbers did not change (the page asks on every view
 * change, a slider's move or a drag of x₀ among them).
 */
export function renderText(el, text, math, valueOf = () => undefined) {
  const filled = fill(text, valueOf);
  const shown = `${math ? 'mathml' : 'tex'}:${filled}`;
  if (rendered.get(el) === shown) return;
  rendered.set(el, shown);
  el.replaceChildren();
  for (const part of splitMath(filled)) {
    if (part.text !== undefined) {
      el.append(document.createTextNode(part.text));
    } else if (math) {
      const span = document.createElement('span');
      span.className = part.display ? 'math display' : 'math';
      math.render(part.tex, span, { displayMode: part.display, throwOnError: false });
      // A wide display formula scrolls sideways on a phone: the keyboard can scroll it too.
      if (part.display) span.tabIndex = 0;
      el.append(span);
    } else {
      const code = document.createElement('code');
      code.textContent = part.tex;
      el.append(code);
    }
  }
}
