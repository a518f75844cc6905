//! What an action compiles to besides its moves: its form fields and its
//! effect steps, and the limits on how many of each a workflow holds.
//! Validation builds them (`validate`), the compiled workflow keeps them.

use crate::workflow::spec::FieldType;

/// The most stages, sub-stages and actions one workflow may hold each.
pub const MAX_WORKFLOW_ITEMS: usize = 1_000;

/// The most fields, and the most effects, one action may hold.
pub const MAX_ACTION_ITEMS: usize = 100;

/// Lead keys an action may compare a field with, or take a task owner from.
pub const LEAD_TEXT_KEYS: [&str; 4] = ["owner", "partner", "source", "distribution_owner"];

#[derive(Debug, Clone)]
pub(crate) struct Field {
    pub(crate) name: Box<str>,
    pub(crate) kind: FieldType,
    pub(crate) required: bool,
    pub(crate) min: Option<f64>,
    pub(crate) differs_from: Vec<Box<str>>,
}

/// A compiled effect template; field sources are indexes into the
/// action's fields.
#[derive(Debug, Clone)]
pub(crate) enum EffectStep {
    Record {
        field: Box<str>,
        from: Source,
    },
    SetMaturity {
        maturity: Box<str>,
    },
    CreateTask {
        task: Box<str>,
        subject: Option<Box<str>>,
        owner_from: Option<Box<str>>,
    },
    AddHistory {
        section: Box<str>,
    },
    AddFeedNote {
        field: usize,
    },
    SetSubStage {
        field: Option<usize>,
    },
}

#[derive(Debug, Clone, Copy)]
pub(crate) enum Source {
    Now,
    Actor,
    Field(usize),
}
