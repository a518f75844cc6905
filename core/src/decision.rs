//! The one shape of a decision: allowed or not, every reason why not, the
//! plan when allowed, and what the question's kind adds (`K`): nothing for
//! `create`, `edit` and `link`, the route for a transfer
//! ([`TransferDecision`](crate::TransferDecision)), the stages for a
//! transition ([`TransitionDecision`](crate::TransitionDecision)).

use crate::effect::Effect;
use crate::reason::Reasons;

/// Allowed or not, every reason why not, the plan when allowed, and the
/// kind's own fields in `kind` (`()` for none).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Decision<'a, K = ()> {
    /// Every failed check, in the documented order; empty when allowed.
    pub reasons: Reasons<'a>,
    /// The plan to apply when allowed; empty on a denial.
    pub effects: Vec<Effect<'a>>,
    /// What the question's kind answers besides (the route of a transfer,
    /// the stages of a transition); also on a denial.
    pub kind: K,
}

impl<K> Decision<'_, K> {
    /// Whether the request may go ahead.
    pub fn allowed(&self) -> bool {
        self.reasons.is_empty()
    }
}

impl<'a> Decision<'a> {
    /// A decision from its reasons, with `effects` computed only if none failed.
    pub(crate) fn from_checks(reasons: Reasons<'a>, effects: impl FnOnce() -> Vec<Effect<'a>>) -> Self {
        let effects = if reasons.is_empty() { effects() } else { Vec::new() };
        Decision {
            reasons,
            effects,
            kind: (),
        }
    }
}
