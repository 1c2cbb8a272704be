// One invocation per chain, `P.steps` sampler steps per dispatch: the same
// algorithms, in the same order of operations, as src/sampler/{langevin,mala,
// hmc,rwmh}.rs. Step t of chain i draws its noise at (SamplerNoise, i, step0 + t)
// and its Metropolis uniform at (Accept, i, step0 + t), as on the CPU.

@group(0) @binding(2) var<storage, read_write> pos: array<vec2<f32>>;
@group(0) @binding(3) var<storage, read_write> accepted: array<u32>;

// Conditional models keep y1 (= x) fixed: a 0 in the mask, a false in `free`.
fn free_mask() -> vec2<f32> {
  if (P.freeze_y1 != 0u) { return vec2<f32>(0.0, 1.0); }
  return vec2<f32>(1.0, 1.0);
}

fn free() -> vec2<bool> {
  return vec2<bool>(P.freeze_y1 == 0u, true);
}

// Past 65,535 workgroups the dispatch is 2-D (src/gpu/chains.rs): fold it back.
fn chain_index(id: vec3<u32>, nw: vec3<u32>) -> u32 {
  return id.x + id.y * nw.x * 64u;
}

fn metropolis(i: u32, s: u32, log_alpha: f32) -> bool {
  // A NaN log α compares false: rejected, as on the CPU.
  return log(uniform1(STREAM_ACCEPT, i, s)) < log_alpha;
}

@compute @workgroup_size(64)
fn langevin(@builtin(global_invocation_id) id: vec3<u32>, @builtin(num_workgroups) nw: vec3<u32>) {
  let i = chain_index(id, nw);
  if (i >= P.n_chains) { return; }
  var y = pos[i];
  var eg = energy_grad(y);
  for (var t = 0u; t < P.steps; t++) {
    let xi = normal2(STREAM_SAMPLER_NOISE, i, P.step0 + t);
    // (y − ε·g) + σ·ξ: the association of kernels::drift_diffuse.
    y = select(y, (y - P.eps * eg.yz) + P.noise_sd * xi, free());
    eg = energy_grad(y);
  }
  pos[i] = y;
  accepted[i] += P.steps;
}

@compute @workgroup_size(64)
fn mala(@builtin(global_invocation_id) id: vec3<u32>, @builtin(num_workgroups) nw: vec3<u32>) {
  let i = chain_index(id, nw);
  if (i >= P.n_chains) { return; }
  var y = pos[i];
  var eg = energy_grad(y);
  let m = free_mask();
  let eps = P.eps;
  let k = P.beta / (4.0 * eps);
  var acc = 0u;
  for (var t = 0u; t < P.steps; t++) {
    let s = P.step0 + t;
    let xi = normal2(STREAM_SAMPLER_NOISE, i, s);
    let prop = select(y, (y - eps * eg.yz) + P.noise_sd * xi, free());
    let pg = energy_grad(prop);
    let fwd = m * (prop - y + eps * eg.yz);
    let rev = m * (y - prop + eps * pg.yz);
    let log_alpha = -P.beta * (pg.x - eg.x) - (dot(rev, rev) - dot(fwd, fwd)) * k;
    if (metropolis(i, s, log_alpha)) { y = prop; eg = pg; acc += 1u; }
  }
  pos[i] = y;
  accepted[i] += acc;
}

@compute @workgroup_size(64)
fn hmc(@builtin(global_invocation_id) id: vec3<u32>, @builtin(num_workgroups) nw: vec3<u32>) {
  let i = chain_index(id, nw);
  if (i >= P.n_chains) { return; }
  var y = pos[i];
  var eg = energy_grad(y);
  let m = free_mask();
  let eps = P.eps;
  let half_kick = 0.5 * eps * P.beta;
  let kick = eps * P.beta;
  let steps = max(P.leapfrog, 1u);
  var acc = 0u;
  for (var t = 0u; t < P.steps; t++) {
    let s = P.step0 + t;
    let p0 = m * normal2(STREAM_SAMPLER_NOISE, i, s);
    var p = p0 - half_kick * eg.yz * m;
    var q = y + eps * p * m;
    var qg = eg;
    for (var l = 1u; l <= steps; l++) {
      qg = energy_grad(q);
      var kk = kick;
      if (l == steps) { kk = half_kick; }
      p = p - kk * qg.yz * m;
      if (l != steps) { q = q + eps * p * m; }
    }
    let delta_h = P.beta * (qg.x - eg.x) + (0.5 * dot(p, p) - 0.5 * dot(p0, p0));
    if (metropolis(i, s, -delta_h)) { y = q; eg = qg; acc += 1u; }
  }
  pos[i] = y;
  accepted[i] += acc;
}

@compute @workgroup_size(64)
fn rwmh(@builtin(global_invocation_id) id: vec3<u32>, @builtin(num_workgroups) nw: vec3<u32>) {
  let i = chain_index(id, nw);
  if (i >= P.n_chains) { return; }
  var y = pos[i];
  var e = energy_grad(y).x;
  var acc = 0u;
  for (var t = 0u; t < P.steps; t++) {
    let s = P.step0 + t;
    let prop = select(y, y + P.eps * normal2(STREAM_SAMPLER_NOISE, i, s), free());
    let pe = energy_grad(prop).x;
    if (metropolis(i, s, -P.beta * (pe - e))) { y = prop; e = pe; acc += 1u; }
  }
  pos[i] = y;
  accepted[i] += acc;
}
