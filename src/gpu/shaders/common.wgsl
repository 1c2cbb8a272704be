// Shared by every EBM Playground compute shader: the uniform block, the
// counter-based generator (the same Philox4x32-10 as src/rng/mod.rs) and the
// energies (the same formulas as src/energy/). Layout of `Params`:
// src/sampler/job.rs, `JobUniforms` (keep the two in sync).

struct Params {
  key0: u32, key1: u32, step0: u32, steps: u32,
  n_chains: u32, energy_kind: u32, depth: u32, width: u32,
  act: u32, leapfrog: u32, freeze_y1: u32, grid_n: u32,
  eps: f32, beta: f32, noise_sd: f32, s1: f32,
  s2: f32, x_lo: f32, y_lo: f32, cell_w: f32,
  cell_h: f32, pad0: u32, pad1: u32, pad2: u32,
}

@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read> theta: array<f32>;

// ---- Philox4x32-10 (Salmon et al. 2011), bit-identical to src/rng/mod.rs ----

// The 64-bit product a·b as (hi, lo) from 16-bit halves: WGSL has no u64.
fn mul_wide(a: u32, b: u32) -> vec2<u32> {
  let a0 = a & 0xffffu; let a1 = a >> 16u;
  let b0 = b & 0xffffu; let b1 = b >> 16u;
  let p00 = a0 * b0; let p01 = a0 * b1; let p10 = a1 * b0; let p11 = a1 * b1;
  let mid = (p00 >> 16u) + (p01 & 0xffffu) + (p10 & 0xffffu);
  return vec2<u32>(p11 + (p01 >> 16u) + (p10 >> 16u) + (mid >> 16u), a * b);
}

fn philox(counter: vec4<u32>) -> vec4<u32> {
  var c = counter;
  var k = vec2<u32>(P.key0, P.key1);
  for (var round = 0u; round < 10u; round++) {
    if (round > 0u) { k += vec2<u32>(0x9E3779B9u, 0xBB67AE85u); }
    let p0 = mul_wide(0xD2511F53u, c.x);
    let p1 = mul_wide(0xCD9E8D57u, c.z);
    c = vec4<u32>(p1.x ^ c.y ^ k.x, p1.y, p0.x ^ c.w ^ k.y, p0.y);
  }
  return c;
}

// Streams of src/rng/mod.rs.
const STREAM_SAMPLER_NOISE: u32 = 6u;
const STREAM_ACCEPT: u32 = 7u;

fn unit_open(bits: u32) -> f32 {
  return (f32(bits >> 9u) + 0.5) * (1.0 / 8388608.0);
}

// (cos, sin) of 2π·t for t in [−½, ½] turns, to ~1e-7: WGSL promises its own
// sin and cos only to 2^-11 absolute. Reduce to the nearest quarter turn q,
// then Taylor series on [−π/4, π/4] (next terms below 3e-8).
fn cos_sin_turns(t: f32) -> vec2<f32> {
  let q = round(4.0 * t);
  let x = 6.28318530717958647 * (t - 0.25 * q);
  let x2 = x * x;
  let s = x * (1.0 - x2 / 6.0 * (1.0 - x2 / 20.0 * (1.0 - x2 / 42.0 * (1.0 - x2 / 72.0))));
  let c = 1.0 - x2 / 2.0 * (1.0 - x2 / 12.0 * (1.0 - x2 / 30.0 * (1.0 - x2 / 56.0)));
  switch (i32(q) + 4) % 4 {
    case 0: { return vec2<f32>(c, s); }
    case 1: { return vec2<f32>(-s, c); }
    case 2: { return vec2<f32>(-c, -s); }
    default: { return vec2<f32>(s, -c); }
  }
}

// Rng::normal2: Box–Muller on the first two words. The bits match the CPU;
// log and sqrt are the GPU's, so the normals agree to float rounding. The angle
// 2πu is taken as 2π(u − ½) + π: cos(θ + π) = −cos θ, likewise sin.
fn normal2(stream: u32, a: u32, b: u32) -> vec2<f32> {
  let w = philox(vec4<u32>(a, b, stream, 0u));
  let r = sqrt(-2.0 * log(unit_open(w.x)));
  return -r * cos_sin_turns(unit_open(w.y) - 0.5);
}

fn uniform1(stream: u32, a: u32, b: u32) -> f32 {
  return unit_open(philox(vec4<u32>(a, b, stream, 0u)).x);
}

// ---- Energies: (E, ∂E/∂y1, ∂E/∂y2) ----

const MAX_DEPTH: u32 = 4u;
const MAX_WIDTH: u32 = 64u;

fn sigmoid(z: f32) -> f32 { return 1.0 / (1.0 + exp(-z)); }

// act(z) and act'(z); the order of kernels::Activation::ALL.
fn activate(z: f32) -> vec2<f32> {
  switch P.act {
    case 0u: { let s = sigmoid(z); return vec2<f32>(z * s, s * (1.0 + z * (1.0 - s))); }
    case 1u: { return vec2<f32>(max(z, 0.0) + log(1.0 + exp(-abs(z))), sigmoid(z)); }
    case 2u: { let t = 2.0 * sigmoid(2.0 * z) - 1.0; return vec2<f32>(t, 1.0 - t * t); }
    case 3u: { if (z > 0.0) { return vec2<f32>(z, 1.0); } return vec2<f32>(0.0, 0.0); }
    default: { if (z > 0.0) { return vec2<f32>(z, 1.0); } let e = exp(z); return vec2<f32>(e - 1.0, e); }
  }
}

// The MLP energy (src/energy/mlp.rs): layers [2, width × depth, 1], parameters
// W[out][in] then b[out] per layer; ∇_y by backpropagation through act'(z).
fn mlp_energy(y: vec2<f32>) -> vec3<f32> {
  let w = P.width;
  var slope: array<f32, 256>; // MAX_DEPTH × MAX_WIDTH
  var a: array<f32, 64>;
  var next: array<f32, 64>;
  // First hidden layer: W is w × 2.
  for (var o = 0u; o < w; o++) {
    let z = theta[2u * w + o] + theta[2u * o] * y.x + theta[2u * o + 1u] * y.y;
    let av = activate(z);
    a[o] = av.x;
    slope[o] = av.y;
  }
  var at = 3u * w;
  for (var l = 1u; l < P.depth; l++) {
    for (var o = 0u; o < w; o++) {
      var z = theta[at + w * w + o];
      for (var i = 0u; i < w; i++) { z += theta[at + o * w + i] * a[i]; }
      let av = activate(z);
      next[o] = av.x;
      slope[l * MAX_WIDTH + o] = av.y;
    }
    for (var o = 0u; o < w; o++) { a[o] = next[o]; }
    at += w * w + w;
  }
  // Output layer: 1 × w, then the bias.
  var e = theta[at + w];
  for (var i = 0u; i < w; i++) { e += theta[at + i] * a[i]; }
  // Backward: delta = ∂E/∂z of the last hidden layer, then down the stack.
  var delta: array<f32, 64>;
  let last = P.depth - 1u;
  for (var i = 0u; i < w; i++) { delta[i] = theta[at + i] * slope[last * MAX_WIDTH + i]; }
  for (var l = last; l > 0u; l--) {
    at -= w * w + w;
    for (var i = 0u; i < w; i++) {
      var s = 0.0;
      for (var o = 0u; o < w; o++) { s += theta[at + o * w + i] * delta[o]; }
      next[i] = s * slope[(l - 1u) * MAX_WIDTH + i];
    }
    for (var i = 0u; i < w; i++) { delta[i] = next[i]; }
  }
  var g = vec2<f32>(0.0, 0.0);
  for (var o = 0u; o < w; o++) { g += delta[o] * vec2<f32>(theta[2u * o], theta[2u * o + 1u]); }
  return vec3<f32>(e, g);
}

// The analytic targets of src/energy/analytic.rs.
fn analytic_energy(y: vec2<f32>) -> vec3<f32> {
  let a = y.x; let b = y.y;
  switch P.energy_kind {
    case 1u: {
      let i1 = 1.0 / (P.s1 * P.s1); let i2 = 1.0 / (P.s2 * P.s2);
      return vec3<f32>(0.5 * (a * a * i1 + b * b * i2), a * i1, b * i2);
    }
    case 2u: {
      // The 8-Gaussians mixture: centres at radius 2, angles kπ/4, σ = 0.15.
      let inv = 1.0 / (2.0 * 0.15 * 0.15);
      // Centres (2cos(kπ/4), 2sin(kπ/4)) as constants: WGSL's own cos is too coarse.
      let c = 1.41421356;
      let centres = array<vec2<f32>, 8>(vec2(2.0, 0.0), vec2(c, c), vec2(0.0, 2.0), vec2(-c, c),
                                        vec2(-2.0, 0.0), vec2(-c, -c), vec2(0.0, -2.0), vec2(c, -c));
      var d2: array<f32, 8>;
      var dmin = 1e30;
      for (var k = 0u; k < 8u; k++) {
        d2[k] = dot(y - centres[k], y - centres[k]);
        dmin = min(dmin, d2[k]);
      }
      var s = 0.0; var g = vec2<f32>(0.0, 0.0);
      for (var k = 0u; k < 8u; k++) {
        let wk = exp(-(d2[k] - dmin) * inv);
        s += wk;
        g += wk * (y - centres[k]);
      }
      return vec3<f32>(dmin * inv - log(s / 8.0), g * (2.0 * inv / s));
    }
    case 3u: {
      let u = b - (a * a - 4.0) / 4.0;
      return vec3<f32>(a * a / 8.0 + 2.0 * u * u, a / 4.0 - 2.0 * a * u, 4.0 * u);
    }
    case 4u: {
      let r = sqrt(a * a + b * b);
      let d = (r - 2.6) / 0.3;
      var k = 0.0;
      if (r > 0.0) { k = d / (0.3 * r); }
      return vec3<f32>(0.5 * d * d, k * a, k * b);
    }
    case 5u: {
      let ev = exp(-b);
      return vec3<f32>(b * b / 18.0 + 0.5 * a * a * ev + 0.5 * b, a * ev, b / 9.0 - 0.5 * a * a * ev + 0.5);
    }
    case 7u: {
      // The lecture's implicit circle (x² + y² − 1)².
      let q = a * a + b * b - 1.0;
      return vec3<f32>(q * q, 4.0 * a * q, 4.0 * b * q);
    }
    default: {
      let q = a * a - 1.0;
      return vec3<f32>(2.0 * q * q + 0.5 * b * b, 8.0 * a * q, b);
    }
  }
}

fn energy_grad(y: vec2<f32>) -> vec3<f32> {
  if (P.energy_kind == 0u) { return mlp_energy(y); }
  return analytic_energy(y);
}
