//! The accepted-period rule of a workflow's actions: an action taking a
//! lead into a stage whose accepted period runs from `accepted_at`, from a
//! stage where it does not, must record `accepted_at` from `now`.
//!
//! Checked per action from what the config writes, never per stage and
//! action: an action offered from every open stage (`"*"`) with a fixed
//! goal goes to the same place from each, so one such stage answers for
//! all; one with a step is tried from all open stages at once, 64 to a
//! word; a listed action once per listed stage.

use crate::expiry::Phase;
use crate::workflow::bits::Bits;
use crate::workflow::moves::{Goal, Move, Offer};
use crate::workflow::spec::{ActionSpec, EffectTemplate, ValueSource, WorkflowSpec};

/// What the rule needs to know of a workflow's stages.
pub(crate) struct AcceptedPeriod<'s> {
    spec: &'s WorkflowSpec,
    /// Some stage runs the accepted period.
    any: bool,
    /// The first open stage that does not run it.
    first_outside: Option<usize>,
    /// The stages that run it, and the open ones that do not.
    inside: Bits,
    outside: Bits,
}

impl<'s> AcceptedPeriod<'s> {
    pub(crate) fn of(spec: &'s WorkflowSpec) -> Self {
        let count = spec.stages.len();
        let mut period = AcceptedPeriod {
            spec,
            any: false,
            first_outside: None,
            inside: Bits::new(count),
            outside: Bits::new(count),
        };
        for s in 0..count {
            if period.runs_at(s) {
                period.inside.insert(s);
            } else if period.open(s) {
                period.outside.insert(s);
            }
        }
        period.any = (0..count).any(|s| period.runs_at(s));
        period.first_outside = (0..count).find(|&s| period.outside.contains(s));
        period
    }

    /// Whether the action enters the accepted period from outside it
    /// without recording `accepted_at` from `now`.
    pub(crate) fn entered_unrecorded(&self, action: &ActionSpec, offer: &Offer, goal: Goal) -> bool {
        !records_acceptance(action) && self.entered(offer, goal)
    }

    fn entered(&self, offer: &Offer, goal: Goal) -> bool {
        match (offer, goal) {
            (Offer::Listed(stages), _) => stages.iter().any(|&s| self.enters(s as usize, goal)),
            // Some open stage `s` outside with `s + step` inside.
            (Offer::AnyOpen, Goal::Step(step)) => (0..self.outside.word_count()).any(|w| {
                let first = isize::try_from(w * 64).unwrap_or(isize::MAX);
                self.outside.word(w) & self.inside.word_at(first.saturating_add(step)) != 0
            }),
            (Offer::AnyOpen, _) => self.first_outside.is_some_and(|s| self.enters(s, goal)),
        }
    }

    /// Whether the action's move from `from` enters the period from
    /// outside it.
    fn enters(&self, from: usize, goal: Goal) -> bool {
        match goal.move_from(from, self.spec.stages.len()) {
            _ if self.runs_at(from) => false,
            Move::To(to) => self.runs_at(to),
            Move::FromField(_) => self.any,
            Move::Illegal | Move::Stay => false,
        }
    }

    fn open(&self, stage: usize) -> bool {
        self.spec.stages.get(stage).is_some_and(|s| !s.terminal)
    }

    fn runs_at(&self, stage: usize) -> bool {
        self.spec
            .stages
            .get(stage)
            .is_some_and(|s| s.expiry == Some(Phase::Accepted))
    }
}

/// Whether an action records `accepted_at` from `now`.
fn records_acceptance(action: &ActionSpec) -> bool {
    action.effects.iter().any(|effect| {
        matches!(effect, EffectTemplate::Record { field, from: ValueSource::Now } if field == "accepted_at")
    })
}
