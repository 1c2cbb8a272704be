// The chart strip under the panes: loss, E₊ and E₋, and the exact NLL against
// step, one colour per pane, with a legend that shows each pane's steps/s. The
// playground has one; the embed page has none (Strip.absent()).

import { Chart } from '../render/chart.js';
import { PANE_COLOURS } from '../pane.js';

const $ = (id) => document.getElementById(id);
/** Least time between two redraws of the strip (ms): it shows trends. */
const CHART_MS = 250;

export class Strip {
  /** The strip of this page, or null when the page has none. */
  static find() {
    return $('chart-loss') ? new Strip() : null;
  }

  constructor() {
    // Each chart: its title and its lines per pane (a second, dashed line where two quantities share it).
    this.charts = [
      [new Chart($('chart-loss'), 'loss'), [['loss', false]]],
      [new Chart($('chart-energy'), 'E₊ (data, solid) and E₋ (negatives, dashed)'), [['ePos', false], ['eNeg', true]]],
      [new Chart($('chart-nll'), 'exact NLL: held out (solid), train (dashed)'), [['nllTest', false], ['nllTrain', true]]],
    ];
    this.drawnAt = -Infinity;
    this.timer = 0;
  }

  /** One legend entry per pane. */
  legend(panes) {
    $('strip-legend').replaceChildren(...panes.map((p, i) => {
      const li = document.createElement('li');
      li.dataset.colour = String(i);
      li.textContent = `Pane ${i + 1}`;
      return li;
    }));
  }

  /** Redraws at most every CHART_MS; `again()` is called when a skipped redraw falls due. */
  draw(panes, now, again) {
    if (now - this.drawnAt > CHART_MS) {
      this.drawnAt = now;
      for (const [chart, keys] of this.charts) {
        chart.draw(panes.flatMap((p, i) => keys.map(([key, dash]) => ({ series: p.series[key], colour: PANE_COLOURS[i], dash }))));
      }
    } else if (!this.timer) {
      // The last frames of a run still reach the strip.
      this.timer = setTimeout(() => { this.timer = 0; again(); }, CHART_MS);
    }
    panes.forEach((p, i) => {
      const li = $('strip-legend').children[i];
      const text = `Pane ${i + 1}${p.playing && p.rate > 0 ? ` · ${p.rate.toFixed(0)} steps/s` : ''}`;
      if (li && li.textContent !== text) li.textContent = text;
    });
  }
}
