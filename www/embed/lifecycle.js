// An embed once it runs: it times its poster and says it is ready (the host may
// script it from then on), reports its height, and pauses while out of view.

import { onVisibility } from './visibility.js';

/** app: main.js's handle (panes, schedule, setPlaying, link, hook); api: the embed API's events; t0: when it started. */
export async function announce(app, api, t0) {
  const { panes, schedule } = app;
  // The first frame (step 0), then the poster: every pane at its start (a pre-trained scene's replayed step).
  await app.until(() => panes.every((p) => p.drawn > 0));
  app.hook.firstMs = performance.now() - t0;
  await app.until(() => panes.every((p) => p.frame?.step >= p.replay.step));
  const posterMs = performance.now() - t0;
  app.hook.posterMs = posterMs;
  // A pre-trained scene's image poster was up before the figure even started (null: none).
  app.hook.imagePoster = panes.every((p) => p.posterShownAt !== undefined) ? Math.max(...panes.map((p) => p.posterShownAt)) : null;
  api.emit('ready', { scene: app.scene?.name ?? null, panes: panes.length, step: panes[0].step, posterMs, locked: app.fixed.lock, link: app.link() });
  // The host may size the frame to the figure (<ebm-playground> without a height does).
  new ResizeObserver(() => api.emit('resize', { height: Math.ceil(document.body.scrollHeight) })).observe(document.body);
  // Out of view (scrolled away, another tab): paused; back in view: playing again if it was.
  const leaders = () => (schedule.linked ? panes.slice(0, 1) : panes);
  let resume = [];
  onVisibility(document.getElementById('panes'), {
    hidden() {
      resume = schedule.linked ? (schedule.playing ? leaders() : []) : panes.filter((p) => p.playing);
      for (const p of resume) app.setPlaying(p, false);
    },
    shown() {
      for (const p of resume) app.setPlaying(p, true);
      resume = [];
    },
  });
}
