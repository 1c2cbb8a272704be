//! A sampling job on the GPU: one invocation per chain, `steps` sampler steps
//! per dispatch. Buffers and the pipeline are made once; `run` only writes
//! the uniform block and submits; `read` copies the first `m` positions into a
//! reused staging buffer and maps it without blocking.

use std::cell::Cell;
use std::rc::Rc;

use wasm_bindgen_futures::JsFuture;
use web_sys::{
    GpuAutoLayoutMode, GpuBindGroup, GpuBindGroupDescriptor, GpuBindGroupEntry, GpuBuffer, GpuComputePipeline,
    GpuComputePipelineDescriptor, GpuProgrammableStage, GpuShaderModuleDescriptor, gpu_buffer_usage as usage,
    gpu_map_mode,
};

use super::{CHAINS_WGSL, Gpu, buffer, describe, floats_to_bytes};
use crate::sampler::job::SamplingJob;

const WORKGROUP: u32 = 64;
/// Most chains per dispatch along x (the WebGPU limit is 65,535 workgroups per dimension).
const MAX_GROUPS_X: u32 = 65_535;

pub struct GpuChains {
    pub gpu: Gpu,
    pub job: SamplingJob,
    /// Global sampler steps submitted so far.
    pub step: u32,
    pipeline: GpuComputePipeline,
    bind_group: GpuBindGroup,
    uniforms: GpuBuffer,
    theta: GpuBuffer,
    pos: GpuBuffer,
    accepted: GpuBuffer,
    staging: GpuBuffer,
    staging_len: usize,
    busy: Rc<Cell<bool>>,
}

/// What one read brought back.
pub struct Readback {
    /// Interleaved (y1, y2) of the first chains.
    pub positions: Vec<f32>,
    /// Accepted moves summed over those chains.
    pub accepted: u64,
}

impl GpuChains {
    /// Uploads the job's starting points and parameters and builds the pipeline.
    pub fn new(gpu: Gpu, job: SamplingJob) -> Result<Self, String> {
        if let Some(why) = job.gpu_unsupported() {
            return Err(why);
        }
        let d = &gpu.device;
        let n = job.chains as usize;
        let module = d.create_shader_module(&GpuShaderModuleDescriptor::new(CHAINS_WGSL));
        let stage = GpuProgrammableStage::new(&module);
        stage.set_entry_point(job.entry_point());
        let pipeline = d.create_compute_pipeline(&GpuComputePipelineDescriptor::new_with_gpu_auto_layout_mode(
            GpuAutoLayoutMode::Auto,
            &stage,
        ));
        let uniforms = buffer(d, "uniforms", 96, usage::UNIFORM | usage::COPY_DST)?;
        let theta_vals = match &job.energy {
            crate::sampler::job::JobEnergy::Mlp(m) => crate::energy::Trainable::params(m).to_vec(),
            crate::sampler::job::JobEnergy::Analytic(_) => vec![0.0; 4],
        };
        let theta = buffer(d, "theta", theta_vals.len() * 4, usage::STORAGE | usage::COPY_DST)?;
        let pos = buffer(d, "positions", n * 8, usage::STORAGE | usage::COPY_SRC | usage::COPY_DST)?;
        let accepted = buffer(d, "accepted", n * 4, usage::STORAGE | usage::COPY_SRC | usage::COPY_DST)?;
        let start = job.initial_positions();
        let interleaved: Vec<f32> = (0..n).flat_map(|i| start.get(i)).collect();
        let write = |b: &GpuBuffer, bytes: &[u8]| {
            gpu.queue.write_buffer_with_u32_and_u8_slice(b, 0, bytes).map_err(|e| describe(&e))
        };
        write(&theta, &floats_to_bytes(&theta_vals))?;
        write(&pos, &floats_to_bytes(&interleaved))?;
        write(&accepted, &vec![0u8; n * 4])?;
        let entries = [
            GpuBindGroupEntry::new_with_gpu_buffer(0, &uniforms),
            GpuBindGroupEntry::new_with_gpu_buffer(1, &theta),
            GpuBindGroupEntry::new_with_gpu_buffer(2, &pos),
            GpuBindGroupEntry::new_with_gpu_buffer(3, &accepted),
        ];
        let bind_group =
            d.create_bind_group(&GpuBindGroupDescriptor::new(&entries, &pipeline.get_bind_group_layout(0)));
        let staging_len = n.min(1 << 16);
        let staging = buffer(d, "staging", staging_len * 12, usage::MAP_READ | usage::COPY_DST)?;
        Ok(Self {
            gpu,
            job,
            step: 0,
            pipeline,
            bind_group,
            uniforms,
            theta,
            pos,
            accepted,
            staging,
            staging_len,
            busy: Rc::new(Cell::new(false)),
        })
    }

    /// Submits `steps` sampler steps for every chain and returns at once.
    pub fn run(&mut self, steps: u32) -> Result<(), String> {
        if steps == 0 {
            return Ok(());
        }
        let u = self.job.uniforms(self.step, steps);
        self.gpu
            .queue
            .write_buffer_with_u32_and_u8_slice(&self.uniforms, 0, &u.to_bytes())
            .map_err(|e| describe(&e))?;
        let encoder = self.gpu.device.create_command_encoder();
        let pass = encoder.begin_compute_pass();
        pass.set_pipeline(&self.pipeline);
        pass.set_bind_group(0, Some(&self.bind_group));
        let groups = self.job.chains.div_ceil(WORKGROUP);
        // 2-D dispatch past 65,535 groups; the shader folds (x, y) back into a chain index.
        let (gx, gy) = if groups <= MAX_GROUPS_X { (groups, 1) } else { (MAX_GROUPS_X, groups.div_ceil(MAX_GROUPS_X)) };
        pass.dispatch_workgroups_with_workgroup_count_y(gx, gy);
        pass.end();
        self.gpu.queue.submit(&[encoder.finish()]);
        self.step = self.step.wrapping_add(steps);
        Ok(())
    }

    /// New MLP parameters (the page keeps training while it samples).
    pub fn set_theta(&self, theta: &[f32]) -> Result<(), String> {
        match &self.job.energy {
            crate::sampler::job::JobEnergy::Mlp(m) if crate::energy::Trainable::params(m).len() == theta.len() => self
                .gpu
                .queue
                .write_buffer_with_u32_and_u8_slice(&self.theta, 0, &floats_to_bytes(theta))
                .map_err(|e| describe(&e)),
            _ => Err("these parameters do not fit the sampled energy".into()),
        }
    }

    /// A future for the first `m` positions and their acceptance counts: it
    /// owns clones of the JS handles, so the caller may keep running meanwhile.
    /// One read at a time: a second while one is pending is an error.
    pub fn read(&self, m: usize) -> Result<impl Future<Output = Result<Readback, String>> + 'static, String> {
        if self.busy.get() {
            return Err("a read of the GPU chains is already pending".into());
        }
        let m = m.min(self.staging_len).min(self.job.chains as usize);
        let encoder = self.gpu.device.create_command_encoder();
        encoder
            .copy_buffer_to_buffer_with_u32_and_u32_and_u32(&self.pos, 0, &self.staging, 0, (m * 8) as u32)
            .map_err(|e| describe(&e))?;
        encoder
            .copy_buffer_to_buffer_with_u32_and_u32_and_u32(
                &self.accepted,
                0,
                &self.staging,
                (m * 8) as u32,
                (m * 4) as u32,
            )
            .map_err(|e| describe(&e))?;
        self.gpu.queue.submit(&[encoder.finish()]);
        self.busy.set(true);
        let (staging, busy) = (self.staging.clone(), self.busy.clone());
        Ok(async move {
            let mapped =
                JsFuture::from(staging.map_async_with_u32_and_u32(gpu_map_mode::READ, 0, (m * 12) as u32)).await;
            let result = match mapped {
                Ok(_) => staging
                    .get_mapped_range_with_u32_and_u32(0, (m * 12) as u32)
                    .map(|range| {
                        let bytes = js_sys::Uint8Array::new(&range).to_vec();
                        staging.unmap();
                        let word = |k: usize| [bytes[4 * k], bytes[4 * k + 1], bytes[4 * k + 2], bytes[4 * k + 3]];
                        let positions = (0..2 * m).map(|k| f32::from_le_bytes(word(k))).collect();
                        let accepted = (0..m).map(|k| u64::from(u32::from_le_bytes(word(2 * m + k)))).sum();
                        Readback { positions, accepted }
                    })
                    .map_err(|e| describe(&e)),
                Err(e) => Err(format!("reading the GPU chains failed: {}", describe(&e))),
            };
            busy.set(false);
            result
        })
    }

    /// Resolves when the GPU has finished everything submitted so far (for timing).
    pub fn done(&self) -> impl Future<Output = ()> + 'static {
        let p = self.gpu.queue.on_submitted_work_done();
        async move {
            let _ = JsFuture::from(p).await;
        }
    }
}

impl Drop for GpuChains {
    fn drop(&mut self) {
        for b in [&self.uniforms, &self.theta, &self.pos, &self.accepted] {
            // After a panic wasm-bindgen may already have released the handle.
            if !b.is_null() {
                b.destroy();
            }
        }
        // A pending read still owns the staging buffer; destroying it would fail that read.
        if !self.busy.get() && !self.staging.is_null() {
            self.staging.destroy();
        }
    }
}
