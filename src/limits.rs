//! Bounds on what one call from outside (the page's JS today, a worker's
//! messages next) may ask of the engine, checked at the boundary with a message
//! that names the argument. A call is one frame's work: it must never hang the
//! page or abort the instance (`panic = "abort"`: a panic kills every object).

/// Most training or sampler steps one call may run.
pub const MAX_STEPS_PER_CALL: u32 = 10_000;
/// Largest Adam step count `MlpEnergy.adamStep` accepts (its bias correction
/// multiplies β₁, β₂ t − 1 times).
pub const MAX_ADAM_T: u32 = 10_000_000;

/// Most hidden layers and units per hidden layer of an MLP given from outside:
/// the config's `depth` and `width` ranges (a test keeps them equal).
pub const MAX_HIDDEN_LAYERS: usize = 6;
pub const MAX_UNITS: usize = 256;

/// An MLP's layer sizes from outside, checked before anything is sized from
/// them: 2 inputs, 1 output, 1 to 6 hidden layers of 1 to 256 units (so the
/// parameter count stays far from overflow, even with 32-bit `usize`).
pub fn mlp_sizes(sizes: &[usize]) -> Result<(), String> {
    let hidden = sizes.len().saturating_sub(2);
    let ok = sizes.len() >= 3
        && sizes[0] == 2
        && sizes[sizes.len() - 1] == 1
        && hidden <= MAX_HIDDEN_LAYERS
        && sizes[1..=hidden].iter().all(|&w| (1..=MAX_UNITS).contains(&w));
    if ok {
        Ok(())
    } else {
        Err(format!(
            "sizes must be [2, hidden…, 1] with 1 to {MAX_HIDDEN_LAYERS} hidden layers of 1 to {MAX_UNITS} units, got {sizes:?}"
        ))
    }
}

/// `n` steps of `what` for one call, or why not.
pub fn steps(what: &str, n: u32) -> Result<u32, String> {
    if n <= MAX_STEPS_PER_CALL {
        Ok(n)
    } else {
        Err(format!("{what} runs at most {MAX_STEPS_PER_CALL} steps per call, got {n}: call it again for more"))
    }
}

/// Adam's step count t (1-based), or why not.
pub fn adam_t(t: u32) -> Result<u32, String> {
    if (1..=MAX_ADAM_T).contains(&t) {
        Ok(t)
    } else {
        Err(format!("adamStep's t must be in [1, {MAX_ADAM_T}], got {t}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn step_counts_are_bounded_with_a_message_that_names_the_call() {
        assert_eq!(steps("train", 0), Ok(0));
        assert_eq!(steps("train", MAX_STEPS_PER_CALL), Ok(MAX_STEPS_PER_CALL));
        let e = steps("train", u32::MAX).unwrap_err();
        assert!(e.starts_with("train runs at most 10000 steps per call, got 4294967295"), "{e}");
        assert!(adam_t(0).unwrap_err().contains("got 0"));
        assert_eq!(adam_t(1), Ok(1));
        assert!(adam_t(MAX_ADAM_T + 1).is_err());
    }

    #[test]
    fn mlp_sizes_match_the_configs_depth_and_width_ranges() {
        use crate::config::{Kind, field};
        let max = |key| match field(key).expect("a config field").kind {
            Kind::Int { max, .. } => max as usize,
            _ => panic!("{key} is an integer field"),
        };
        assert_eq!((max("depth"), max("width")), (MAX_HIDDEN_LAYERS, MAX_UNITS));
        assert!(mlp_sizes(&[2, 64, 64, 1]).is_ok());
        assert!(mlp_sizes(&[2, 256, 256, 256, 256, 256, 256, 1]).is_ok());
        for bad in [
            &[2, 1][..],
            &[2, 0, 1],
            &[2, 257, 1],
            &[3, 8, 1],
            &[2, 8, 2],
            &[2, 8, 8, 8, 8, 8, 8, 8, 1],
            &[2, usize::MAX, 1],
        ] {
            let e = mlp_sizes(bad).unwrap_err();
            assert!(e.contains(&format!("got {bad:?}")), "{e}");
        }
    }
}
