//! The answer to a yes/no question that has no kind-specific fields
//! (`create`, `edit`).

use crate::effect::Effect;
use crate::reason::Reasons;

/// Allowed or not, every reason why not, and the plan when allowed.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Decision<'a> {
    /// Every failed check, in the documented order; empty when allowed.
    pub reasons: Reasons<'a>,
    /// The plan to apply when allowed; empty on a denial.
    pub effects: Vec<Effect<'a>>,
}

impl<'a> Decision<'a> {
    /// Whether the request may go ahead.
    pub fn allowed(&self) -> bool {
        self.reasons.is_empty()
    }

    /// A decision from its reasons, with `effects` computed only if none failed.
    pub(crate) fn from_checks(reasons: Reasons<'a>, effects: impl FnOnce() -> Vec<Effect<'a>>) -> Self {
        let effects = if reasons.is_empty() { effects() } else { Vec::new() };
        Decision { reasons, effects }
    }
}
