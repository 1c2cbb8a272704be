// The energy at the centres of an n × n grid (src/grid.rs: row-major, row 0 at
// the bottom), one invocation per cell.

@group(0) @binding(2) var<storage, read_write> grid_out: array<f32>;

@compute @workgroup_size(64)
fn grid_energy(@builtin(global_invocation_id) id: vec3<u32>, @builtin(num_workgroups) nw: vec3<u32>) {
  // Past 65,535 workgroups the dispatch is 2-D (src/gpu/grid.rs): fold it back.
  let cell = id.x + id.y * nw.x * 64u;
  let n = P.grid_n;
  if (cell >= n * n) { return; }
  let row = cell / n;
  let col = cell % n;
  let y = vec2<f32>(P.x_lo + (f32(col) + 0.5) * P.cell_w, P.y_lo + (f32(row) + 0.5) * P.cell_h);
  grid_out[cell] = energy_grad(y).x;
}
