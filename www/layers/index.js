// The layers drawn over the heat map, in drawing order: key (as in the link's
// `layers=` and the frame's `layers`) → the function that draws its part.
// A new layer: one file here, one line below, and its part of the frame in
// src/views/ and src/wasm/views.rs.

import { drawContours } from './contours.js';
import { drawField } from './field.js';
import { drawInfer } from './infer.js';
import { drawPush } from './push.js';
import { drawSamplerPaths } from './paths.js';

export const LAYERS = [
  ['contours', drawContours],
  ['field', drawField],
  ['push', drawPush],
  ['paths', drawSamplerPaths],
  ['infer', drawInfer],
];
