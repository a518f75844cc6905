//! The answers of a workflow: a transition's decision, and one entry of
//! `actions`. Plain data, so that the rule area (`transition.rs`) and
//! everything that renders or keeps an answer share them without
//! depending on each other.

use crate::decision::Decision;
use crate::reason::Reasons;

/// The answer to a `transition`: a [`Decision`] whose `kind` says where
/// the lead is and where the action takes it.
pub type TransitionDecision<'a> = Decision<'a, TransitionKind<'a>>;

/// What a transition's answer adds to a [`Decision`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct TransitionKind<'a> {
    /// The lead's stage now.
    pub from: &'a str,
    /// The stage the action leads to (`from` for an action that stays);
    /// `None` when it leads nowhere: the stage does not offer it, or the
    /// form names no usable stage.
    pub to: Option<&'a str>,
}

/// One entry of `actions`: may the action be taken now (form fields not
/// looked at), and which fields it requires.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActionOption<'a> {
    /// The action's id.
    pub action: &'a str,
    /// Every failed check; empty when allowed.
    pub reasons: Reasons<'a>,
    /// The required form fields, in order.
    pub requires: Vec<&'a str>,
}

impl ActionOption<'_> {
    /// Whether the action may be taken (given valid fields).
    pub fn allowed(&self) -> bool {
        self.reasons.is_empty()
    }
}
