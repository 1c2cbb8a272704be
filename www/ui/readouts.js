// A pane's numbers in words: the readouts under the heat map (step, loss, E₊,
// E₋, the exact NLL, steps/s), the sampler's and the grid's status, and the
// heat map's text alternative, which says what is drawn and the latest numbers
// (screen readers read the canvas as an image with that text).

/** Least time between two updates of the heat map's text alternative (ms). */
const ALT_MS = 1000;

/** Shows frame f's numbers in pane p. */
export function showReadouts(p, f) {
  const [, loss, ePos, eNeg] = f.metrics;
  const trained = f.step > 0;
  const show = (v) => (trained && Number.isFinite(v) ? v.toFixed(3) : '–');
  const [train, test] = f.nll;
  const nll = Number.isFinite(test) ? test.toFixed(3) : Number.isFinite(train) ? `${train.toFixed(3)} (train)` : '–';
  set(p.el('m-step'), String(f.step));
  set(p.el('m-loss'), show(loss));
  set(p.el('m-epos'), show(ePos));
  set(p.el('m-eneg'), show(eNeg));
  set(p.el('m-nll'), nll);
  set(p.el('m-rate'), p.playing && f.rate > 0 ? f.rate.toFixed(0) : '–');
  set(p.el('play'), p.playing ? 'Pause' : 'Play');
  const phase = p.el('phase-text');
  phase.hidden = !f.phase;
  if (f.phase) set(phase, f.phase);
  const d = f.sampler.diagnostics;
  for (const [id, text] of [['sampler-status', f.sampler.status], ['grid-status', f.grid.status],
    ['sampler-diagnostics', d?.summary ?? ''], ['sampler-warning', d?.warnings.join(' ') ?? '']]) {
    set(p.el(id), text);
  }
  // The text alternative at most once a second, and always the latest once the frames stop.
  p.altFacts = {
    heat: p.heatLabel, step: f.step, loss: show(loss), nll, negatives: f.provenance.length, samples: f.samples ? f.samples.length / 2 : 0,
    data: p.data ? p.data.length / 2 : 0, layers: p.active,
  };
  if (!p.altTimer) {
    const wait = Math.max(0, ALT_MS - (performance.now() - (p.altAt ?? -Infinity)));
    p.altTimer = setTimeout(() => {
      p.altTimer = 0;
      p.altAt = performance.now();
      p.el('energy').setAttribute('aria-label', altText(p.altFacts));
    }, wait);
  }
}

/** The heat map's text alternative from its numbers (pure: tested in tests/js/embed.test.mjs). */
export function altText({ heat, step, loss, nll, negatives, samples, data, layers }) {
  const drawn = [`${data} data points (white circles)`];
  if (negatives > 0) drawn.push(`${negatives} negatives or model marks (shaped by where they came from: circles from noise, squares from data, diamonds from the replay buffer, triangles the model's own)`);
  if (samples > 0) drawn.push(`${samples} samples from the model (green)`);
  if (layers?.length) drawn.push(`layers: ${layers.join(', ')}`);
  return `Heat map of ${heat ?? 'the energy'} (dark low, bright high), with ${drawn.join('; ')}. Step ${step}, loss ${loss}, exact held-out NLL ${nll}.`;
}

function set(el, text) {
  if (el.textContent !== text) el.textContent = text;
}
