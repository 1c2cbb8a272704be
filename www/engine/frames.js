// Frames from a pane's worker, as the page keeps them.

/**
 * Two undrawn frames as one: the newer one, with the older one's step history
 * in front of its own, and the older one's layers, panel, error and phase
 * where the newer one has none (slow parts are not in every frame).
 */
export function mergeFrames(older, newer) {
  const history = new Float32Array(older.history.length + newer.history.length);
  history.set(older.history);
  history.set(newer.history, older.history.length);
  return {
    ...newer,
    history,
    layers: { ...older.layers, ...newer.layers },
    panel: newer.panel ?? older.panel,
    error: newer.error ?? older.error,
    phase: newer.phase ?? older.phase,
    samples: newer.samples ?? older.samples,
  };
}
