// The panels beside the plane: the frame's `panel.kind` → the function that
// draws it into the pane's panel canvas. A new panel: one file here, one line
// below, and its JSON in src/views/ and Playground.panel (src/wasm/views.rs).

import { drawGradient } from './gradient.js';
import { drawLatent } from './latent.js';
import { drawMarginals } from './marginals.js';
import { drawSections } from './sections.js';
import { drawSlice } from './slice.js';

export const PANELS = {
  slice: drawSlice,
  sections: drawSections,
  latent: drawLatent,
  gradient: drawGradient,
  marginals: drawMarginals,
};
