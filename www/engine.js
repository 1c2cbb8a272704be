// The only importer of the wasm package. Picks the SIMD or the scalar build:
// a SIMD probe through WebAssembly.validate, overridden by ?engine=scalar|simd.

// A minimal module whose one function returns i32x4.splat(0): it validates only
// where the engine supports SIMD-128.
const SIMD_PROBE = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, // magic, version
  0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7b,       // type: () -> v128
  0x03, 0x02, 0x01, 0x00,                         // one function of type 0
  0x0a, 0x08, 0x01, 0x06, 0x00, 0x41, 0x00, 0xfd, 0x11, 0x0b, // i32.const 0; i32x4.splat
]);

export function simdSupported() {
  try {
    return typeof WebAssembly === 'object' && WebAssembly.validate(SIMD_PROBE);
  } catch {
    return false;
  }
}

/** Chooses 'simd' or 'scalar'; returns { flavour, reason }. */
export function chooseFlavour(requested, hasSimd = simdSupported()) {
  if (requested === 'scalar') return { flavour: 'scalar', reason: 'forced by ?engine=scalar' };
  if (requested === 'simd' && hasSimd) return { flavour: 'simd', reason: 'forced by ?engine=simd' };
  if (requested === 'simd') return { flavour: 'scalar', reason: 'this browser has no WebAssembly SIMD' };
  return hasSimd ? { flavour: 'simd', reason: 'SIMD-128 detected' } : { flavour: 'scalar', reason: 'no WebAssembly SIMD' };
}

/** Loads the chosen build; resolves to the package's exports, `flavour`, and
 *  `view(Type, ptr, length)`: a typed array over wasm memory (no copy). */
export async function loadEngine(requested) {
  const { flavour, reason } = chooseFlavour(requested);
  const pkg = await import(`./pkg/${flavour}/ebm_playground.js`);
  const wasm = await pkg.default();
  return { pkg, flavour, reason, kernels: pkg.buildKind(), view: memoryViews(wasm.memory), memory: wasm.memory };
}

/**
 * Typed-array views of wasm memory, kept while the memory does not grow (a
 * grown memory detaches its old buffer, and the views are made anew).
 */
export function memoryViews(memory) {
  let buffer = null;
  const cache = new Map();
  return (Type, ptr, length) => {
    if (memory.buffer !== buffer || cache.size > 64) {
      buffer = memory.buffer;
      cache.clear();
    }
    const key = `${Type.name}:${ptr}:${length}`;
    let v = cache.get(key);
    if (!v) {
      v = new Type(buffer, ptr, length);
      cache.set(key, v);
    }
    return v;
  };
}
