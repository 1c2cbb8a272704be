// Colour maps are pure functions: t in [0, 1] -> [r, g, b] in 0..255.

// Viridis, sampled at nine evenly spaced stops (matplotlib's table).
const VIRIDIS = [
  [68, 1, 84], [71, 44, 122], [59, 81, 139], [44, 113, 142], [33, 144, 141],
  [39, 173, 129], [92, 200, 99], [170, 220, 50], [253, 231, 37],
];

export function viridis(t) {
  const x = Math.min(1, Math.max(0, Number.isFinite(t) ? t : 1)) * (VIRIDIS.length - 1);
  const i = Math.min(VIRIDIS.length - 2, Math.floor(x));
  const f = x - i;
  const a = VIRIDIS[i];
  const b = VIRIDIS[i + 1];
  return [0, 1, 2].map((k) => Math.round(a[k] + (b[k] - a[k]) * f));
}

/** A 256-entry lookup table, packed RGBA for ImageData (built once). */
export function lookupTable(map = viridis) {
  const lut = new Uint8ClampedArray(256 * 4);
  for (let i = 0; i < 256; i++) {
    const [r, g, b] = map(i / 255);
    lut.set([r, g, b, 255], i * 4);
  }
  return lut;
}
