//! Where an action takes a lead, stored at the size the config writes it (cost
//! finding 3, RELIABILITY.md#cost): an action offered from every open stage
//! (`"from": "*"`) holds no entry per stage, one offered from a list holds the
//! listed stages, sorted. A dense `stage × action` table cost ~290 bytes per
//! byte of config (a 60 KB workflow of 1,000 stages and actions held 16 MB);
//! this costs at most 4 bytes per listed stage, which the config spells in at
//! least 4 (`"s",`). A move is still found in a few steps: the action's offer
//! (a flag, or a binary search of its list), then its goal.

/// Where an allowed action takes the lead from one stage.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Move {
    /// The stage does not offer the action.
    Illegal,
    /// The lead stays where it is.
    Stay,
    /// To the stage at this index.
    To(usize),
    /// To the stage named by the action's field at this index.
    FromField(usize),
}

/// The stages that offer an action.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Offer {
    /// Every stage that is not terminal (`"from": "*"`).
    AnyOpen,
    /// These stage indexes, ascending, each once (none terminal).
    Listed(Box<[u32]>),
}

impl Offer {
    /// Whether the stage at `stage` (terminal or not) offers the action.
    pub(crate) fn offers(&self, stage: usize, terminal: bool) -> bool {
        match self {
            Offer::AnyOpen => !terminal,
            Offer::Listed(stages) => u32::try_from(stage).is_ok_and(|s| stages.binary_search(&s).is_ok()),
        }
    }
}

/// Where an action goes, whichever stage it leaves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Goal {
    /// A target that names no stage or field: only in a workflow that
    /// does not load, whose problems say why.
    Nowhere,
    /// The lead stays where it is.
    Stay,
    /// To the stage at this index.
    To(usize),
    /// This many stages later (earlier when negative) in order; illegal
    /// past either end.
    Step(isize),
    /// To the stage named by the action's field at this index.
    FromField(usize),
}

impl Goal {
    /// The move from the stage at `stage` (one that offers the action) of
    /// a workflow of `stages` stages.
    pub(crate) fn move_from(self, stage: usize, stages: usize) -> Move {
        match self {
            Goal::Nowhere => Move::Illegal,
            Goal::Stay => Move::Stay,
            Goal::To(to) => Move::To(to),
            Goal::Step(step) => stage
                .checked_add_signed(step)
                .filter(|&to| to < stages)
                .map_or(Move::Illegal, Move::To),
            Goal::FromField(field) => Move::FromField(field),
        }
    }
}
