//! One contrastive ML step in three phases, each drawn with a sentence (as GAN
//! Lab shows its steps): (1) sample the negatives, (2) push down on the data,
//! (3) pull up on the negatives and update θ. The phases are the normal step's
//! own code, in its order, so three phases give exactly one step: the same
//! state hash (tested). A normal step or Play after phase 1 or 2 finishes the
//! step from where it stands.

use super::Trainer;
use crate::config::LossKind;
use crate::error::Result;

/// How far the step in progress has got.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Phase {
    Idle,
    Sampled,
    DataPushed,
}

/// What one call of [`Trainer::step_phase`] did.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct PhaseReport {
    /// 1, 2 or 3.
    pub phase: u8,
    /// The sentence under the plane.
    pub text: String,
}

impl Trainer {
    /// Whether this scene can be stepped by phase (model=mlp with loss=ml).
    pub fn has_phases(&self) -> bool {
        self.contrastive().is_some() && self.cfg.loss == LossKind::Ml
    }

    /// Runs the next phase of the step in progress (starting one if none is).
    /// Scenes without phases take a whole step and report phase 3.
    pub fn step_phase(&mut self) -> Result<PhaseReport> {
        let step = self.step;
        let (sampler, k) = (self.cfg.get("sampler"), self.cfg.k);
        let phase = match self.contrastive_mut().filter(|c| c.cfg.loss == LossKind::Ml) {
            Some(c) => c.phase,
            None => Phase::DataPushed,
        };
        match phase {
            Phase::Idle => {
                let c = self.contrastive_mut().expect("checked above");
                c.step = step;
                c.begin_step();
                c.make_negatives();
                c.phase = Phase::Sampled;
                let n = c.negatives.len();
                self.take_negatives();
                let how = match self.cfg.get("neg").as_str() {
                    "short_run" => format!("{k} {sampler} steps from uniform noise"),
                    "cd" => format!("{k} {sampler} steps from the data (CD-{k})"),
                    "pcd" => format!("{k} {sampler} steps from the persistent chains"),
                    "corrupt" => "the data plus Gaussian noise".to_string(),
                    "descent" => format!("{k} steps of gradient descent on E from the data"),
                    _ => format!("a random kick from the data, then {k} steps of descent"),
                };
                Ok(PhaseReport {
                    phase: 1,
                    text: format!(
                        "1 of 3 · {n} negatives sampled: {how}. They are where the model puts probability now."
                    ),
                })
            }
            Phase::Sampled => {
                let c = self.contrastive_mut().expect("checked above");
                c.push_down();
                c.phase = Phase::DataPushed;
                Ok(PhaseReport {
                    phase: 2,
                    text: "2 of 3 · push down: the gradient lowers E at each data point of the batch (white arrows, as long as its weight).".into(),
                })
            }
            Phase::DataPushed => {
                self.step()?;
                Ok(PhaseReport {
                    phase: 3,
                    text: format!(
                        "3 of 3 · pull up: E rises at each negative (orange arrows); θ takes the step, and the surface moves (step {} done).",
                        self.step
                    ),
                })
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::train::test_trainer as trainer;

    #[test]
    fn three_phases_are_one_step_bit_for_bit() {
        for q in ["data=moons&loss=ml&batch=64&k=5", "data=spiral&loss=ml&neg=pcd&sampler=mala&batch=32&k=3&l2=0.1"] {
            let (mut phased, mut plain) = (trainer(q), trainer(q));
            for s in 0..4 {
                let phases: Vec<u8> = (0..3).map(|_| phased.step_phase().unwrap().phase).collect();
                assert_eq!(phases, [1, 2, 3]);
                plain.step().unwrap();
                assert_eq!(phased.step, s + 1);
                assert_eq!(phased.state_hash(), plain.state_hash(), "{q}: step {}", s + 1);
            }
            // A plain step after phase 1 finishes that step the same way.
            phased.step_phase().unwrap();
            phased.step().unwrap();
            plain.step().unwrap();
            assert_eq!(phased.state_hash(), plain.state_hash(), "{q}: a step finished by step()");
        }
    }

    #[test]
    fn each_phase_shows_what_it_did() {
        let mut t = trainer("data=moons&loss=ml&batch=64&k=5");
        t.contrastive_mut().unwrap().push = Some(Default::default()); // the push layer on
        let one = t.step_phase().unwrap();
        assert!(
            one.text.starts_with("1 of 3 · 64 negatives sampled: 5 langevin steps from uniform noise"),
            "{}",
            one.text
        );
        assert_eq!((t.negatives.len(), t.step), (64, 0), "the negatives are there, the step is not taken");
        let push = |t: &crate::train::Trainer| t.contrastive().unwrap().push.clone().unwrap();
        assert!(push(&t).data.is_empty(), "no arrows before phase 2");
        t.step_phase().unwrap();
        assert_eq!((push(&t).data.len(), push(&t).negatives.len()), (64, 0), "phase 2: the data's arrows only");
        let three = t.step_phase().unwrap();
        assert!(three.text.contains("step 1 done"), "{}", three.text);
        // Scenes without phases take whole steps.
        let mut other = trainer("data=moons&loss=exact&grid=16");
        assert!(!other.has_phases());
        assert_eq!(other.step_phase().unwrap().phase, 3);
        assert_eq!(other.step, 1);
    }
}
