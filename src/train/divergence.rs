//! What a diverged step says: which number stopped being finite, in words a
//! student reads ("NaN (not a number)", "infinite"), and what to change, named
//! by the controls this scene shows (`Config::reads`), the learning rate first.
//! `tests/divergence.rs` checks it for every model × loss × negatives ×
//! sampler × optimiser.

use super::Trainer;
use crate::models::FitReport;

impl Trainer {
    /// The message of a step that `report` says diverged (and that was rolled back).
    pub(super) fn divergence_message(&self, report: &FitReport) -> String {
        // A model that measures no gradient norm reports NaN: then it is not named.
        let norm = (report.undone || !report.grad_norm.is_nan()).then_some(report.grad_norm);
        format!(
            "training diverged at step {} — {} — so it was rolled back; try {}",
            self.step + 1,
            what_went_wrong(report.loss, norm),
            self.divergence_fixes()
        )
    }

    /// What to change: only keys this scene reads (whose controls the page shows).
    fn divergence_fixes(&self) -> String {
        let reads = self.cfg.reads(false);
        let mut fixes = vec!["a smaller learning rate (lr)"];
        for (key, fix) in [
            ("eps", "a smaller step ε (eps)"),
            ("l2", "a larger L2 regulariser α (l2)"),
            ("clip", "a gradient clip (clip)"),
        ] {
            if reads.contains(key) && !(key == "clip" && self.cfg.clip > 0.0) {
                fixes.push(fix);
            }
        }
        match fixes.split_last() {
            Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
            _ => fixes.join(""),
        }
    }
}

/// Which number stopped being finite, and how.
fn what_went_wrong(loss: f32, grad_norm: Option<f32>) -> String {
    let words = |x: f32| if x.is_nan() { "NaN (not a number)" } else { "infinite" };
    let mut parts = Vec::new();
    if !loss.is_finite() {
        parts.push(format!("the loss became {}", words(loss)));
    }
    if let Some(n) = grad_norm.filter(|n| !n.is_finite()) {
        parts.push(format!("the gradient became {}", words(n)));
    }
    if parts.is_empty() {
        parts.push("the parameters grew past the largest number a float can hold".into());
    }
    parts.join(" and ")
}

#[cfg(test)]
mod tests {
    use super::super::test_trainer;
    use super::*;

    #[test]
    fn a_diverged_first_step_leaves_the_state_of_step_zero_and_says_what_to_change() {
        // Found by tests/divergence.rs: the replay buffer, filled on first use, stayed filled, so
        // the hash after a rolled-back first step was not the hash of step 0.
        let mut t = test_trainer("data=spiral&opt=sgd&neg=pcd&buffer=300&batch=64&clip=0&l2=0");
        let hash = t.state_hash();
        t.contrastive_mut().unwrap().cfg.lr = f32::INFINITY; // past validation on purpose
        let err = t.step().unwrap_err().to_string();
        assert_eq!((t.state_hash(), t.step), (hash, 0));
        assert!(err.starts_with("training diverged at step 1 — the "), "{err}");
        assert!(
            err.ends_with(
                "so it was rolled back; try a smaller learning rate (lr), a smaller step ε (eps), \
                 a larger L2 regulariser α (l2) or a gradient clip (clip)"
            ),
            "{err}"
        );
        // Score matching reads neither ε nor l2, and the clip is on: only the learning rate.
        let mut t = test_trainer("data=spiral&loss=dsm&batch=64");
        t.contrastive_mut().unwrap().cfg.lr = f32::INFINITY;
        assert!(t.step().unwrap_err().to_string().ends_with("rolled back; try a smaller learning rate (lr)"));
    }

    #[test]
    fn each_number_that_stopped_being_finite_is_named_in_words() {
        assert_eq!(what_went_wrong(f32::NAN, None), "the loss became NaN (not a number)");
        assert_eq!(
            what_went_wrong(f32::INFINITY, Some(f32::INFINITY)),
            "the loss became infinite and the gradient became infinite"
        );
        assert_eq!(what_went_wrong(1.5, Some(2.0)), "the parameters grew past the largest number a float can hold");
    }
}
