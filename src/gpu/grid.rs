//! The energy of a job on an n × n grid, on the GPU (heat maps of 256² and
//! above). The pipeline and buffers are kept and reused while n stays the same.

use std::cell::Cell;
use std::rc::Rc;

use wasm_bindgen_futures::JsFuture;
use web_sys::{
    GpuAutoLayoutMode, GpuBindGroup, GpuBindGroupDescriptor, GpuBindGroupEntry, GpuBuffer, GpuComputePipeline,
    GpuComputePipelineDescriptor, GpuProgrammableStage, GpuShaderModuleDescriptor, gpu_buffer_usage as usage,
    gpu_map_mode,
};

use super::{GRID_WGSL, Gpu, buffer, describe, floats_to_bytes};
use crate::points::Rect;
use crate::sampler::job::{JobEnergy, SamplingJob};

pub struct GpuGrid {
    pub gpu: Gpu,
    n: u32,
    pipeline: GpuComputePipeline,
    bind_group: GpuBindGroup,
    uniforms: GpuBuffer,
    theta: GpuBuffer,
    out: GpuBuffer,
    staging: GpuBuffer,
    busy: Rc<Cell<bool>>,
}

impl GpuGrid {
    pub fn new(gpu: Gpu, job: &SamplingJob, n: u32) -> Result<Self, String> {
        if let Some(why) = job.gpu_unsupported() {
            return Err(why);
        }
        if !(2..=4096).contains(&n) {
            return Err(format!("grid size must be in 2..=4096, got {n}"));
        }
        let d = &gpu.device;
        let module = d.create_shader_module(&GpuShaderModuleDescriptor::new(GRID_WGSL));
        let stage = GpuProgrammableStage::new(&module);
        stage.set_entry_point("grid_energy");
        let pipeline = d.create_compute_pipeline(&GpuComputePipelineDescriptor::new_with_gpu_auto_layout_mode(
            GpuAutoLayoutMode::Auto,
            &stage,
        ));
        let cells = (n * n) as usize;
        let theta_len = match &job.energy {
            JobEnergy::Mlp(m) => crate::energy::Trainable::params(m).len(),
            JobEnergy::Analytic(_) => 4,
        };
        let uniforms = buffer(d, "grid uniforms", 96, usage::UNIFORM | usage::COPY_DST)?;
        let theta = buffer(d, "grid theta", theta_len * 4, usage::STORAGE | usage::COPY_DST)?;
        let out = buffer(d, "grid energies", cells * 4, usage::STORAGE | usage::COPY_SRC)?;
        let staging = buffer(d, "grid staging", cells * 4, usage::MAP_READ | usage::COPY_DST)?;
        let entries = [
            GpuBindGroupEntry::new_with_gpu_buffer(0, &uniforms),
            GpuBindGroupEntry::new_with_gpu_buffer(1, &theta),
            GpuBindGroupEntry::new_with_gpu_buffer(2, &out),
        ];
        let bind_group =
            d.create_bind_group(&GpuBindGroupDescriptor::new(&entries, &pipeline.get_bind_group_layout(0)));
        Ok(Self { gpu, n, pipeline, bind_group, uniforms, theta, out, staging, busy: Rc::new(Cell::new(false)) })
    }

    /// Submits E at the n² cell centres of `rect` (row-major, row 0 at the
    /// bottom) for `job`'s energy, and returns a future of the values that owns
    /// its own handles: nothing blocks, and the caller may go on meanwhile.
    /// One at a time: a second call while one is pending is an error.
    pub fn energies(
        &self,
        job: &SamplingJob,
        rect: Rect,
    ) -> Result<impl Future<Output = Result<Vec<f32>, String>> + 'static, String> {
        if self.busy.get() {
            return Err("the GPU energy grid is still being computed".into());
        }
        let q = &self.gpu.queue;
        let theta = match &job.energy {
            JobEnergy::Mlp(m) => crate::energy::Trainable::params(m).to_vec(),
            JobEnergy::Analytic(_) => vec![0.0; 4],
        };
        let write =
            |b: &GpuBuffer, bytes: &[u8]| q.write_buffer_with_u32_and_u8_slice(b, 0, bytes).map_err(|e| describe(&e));
        write(&self.theta, &floats_to_bytes(&theta))?;
        write(&self.uniforms, &job.grid_uniforms(self.n, rect).to_bytes())?;
        let cells = self.n * self.n;
        let encoder = self.gpu.device.create_command_encoder();
        let pass = encoder.begin_compute_pass();
        pass.set_pipeline(&self.pipeline);
        pass.set_bind_group(0, Some(&self.bind_group));
        let groups = cells.div_ceil(64);
        let (gx, gy) = if groups <= 65_535 { (groups, 1) } else { (65_535, groups.div_ceil(65_535)) };
        pass.dispatch_workgroups_with_workgroup_count_y(gx, gy);
        pass.end();
        encoder
            .copy_buffer_to_buffer_with_u32_and_u32_and_u32(&self.out, 0, &self.staging, 0, cells * 4)
            .map_err(|e| describe(&e))?;
        q.submit(&[encoder.finish()]);
        self.busy.set(true);
        let (staging, busy) = (self.staging.clone(), self.busy.clone());
        Ok(async move {
            let result = match JsFuture::from(staging.map_async(gpu_map_mode::READ)).await {
                Ok(_) => staging.get_mapped_range().map_err(|e| describe(&e)).map(|range| {
                    let bytes = js_sys::Uint8Array::new(&range).to_vec();
                    staging.unmap();
                    bytes.chunks_exact(4).map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]])).collect()
                }),
                Err(e) => Err(format!("reading the GPU energy grid failed: {}", describe(&e))),
            };
            busy.set(false);
            result
        })
    }
}

impl Drop for GpuGrid {
    fn drop(&mut self) {
        // A pending read still owns the staging buffer.
        let staging = (!self.busy.get()).then_some(&self.staging);
        for b in [&self.uniforms, &self.theta, &self.out].into_iter().chain(staging) {
            // After a panic wasm-bindgen may already have released the handle.
            if !b.is_null() {
                b.destroy();
            }
        }
    }
}
