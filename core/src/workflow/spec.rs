//! A workflow as a config writes it (docs/config.md#writing-a-workflow):
//! stages with flags and actions with who may take them, what they need and
//! what they cause.
//! These are the plain values a Rust host may build directly; the engine
//! validates and compiles them (see `compile`).

use crate::expiry::Phase;
use crate::vocabulary::EffectKind;

/// A workflow before validation.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct WorkflowSpec {
    /// The workflow's name; a built-in name replaces the built-in.
    pub name: String,
    /// The stages, in order (the order `step` targets follow).
    pub stages: Vec<StageSpec>,
    /// The sub-stages a lead may carry at any stage.
    pub sub_stages: Vec<String>,
    /// The actions; `None` gives an ordered pipeline its standard actions
    /// (`next`, `prev`, `set_stage`, and with sub-stages `set_sub_stage`,
    /// `clear_sub_stage`), all needing `manage_lifecycle`.
    pub actions: Option<Vec<ActionSpec>>,
}

/// One stage and its flags.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct StageSpec {
    /// The stage's id, unique in its workflow.
    pub id: String,
    /// New leads start here (exactly one stage is initial).
    pub initial: bool,
    /// The lead's journey ends here: no action leaves, no expiry runs.
    pub terminal: bool,
    /// Entering the stage archives the lead; leaving it unarchives it.
    pub archived: bool,
    /// The expiry period that runs while the lead is here, if any.
    pub expiry: Option<Phase>,
}

impl StageSpec {
    /// A stage with no flags set.
    pub fn new(id: impl Into<String>) -> Self {
        StageSpec {
            id: id.into(),
            ..StageSpec::default()
        }
    }
}

/// One action: from which stages, to where, by whom, with what.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ActionSpec {
    /// The action's id, unique in its workflow.
    pub id: String,
    /// The stages that offer the action.
    pub from: StageSet,
    /// Where the action takes the lead.
    pub to: Target,
    /// Who may take it.
    pub who: Who,
    /// How the lead's deadline bears on the action.
    pub when_due: Option<DueRule>,
    /// The form fields, in the order they are checked.
    pub fields: Vec<FieldSpec>,
    /// The effects beyond those the stage flags imply, in order.
    pub effects: Vec<EffectTemplate>,
}

/// The stages an action is offered from.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum StageSet {
    /// Every stage that is not terminal (`"from": "*"`).
    #[default]
    AnyOpen,
    /// These stages.
    Listed(Vec<String>),
}

/// Where an action takes a lead.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Target {
    /// The lead stays on its stage (`"to": null`).
    #[default]
    Stay,
    /// A named stage.
    Stage(String),
    /// The stage this many places later (`1`) or earlier (`-1`) in order;
    /// illegal where that runs past either end.
    Step(i64),
    /// The stage named by a form field of type `stage`.
    Field(String),
}

/// Who may take an action; both parts must hold when both are given, and
/// anyone may when neither is.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Who {
    /// A capability the actor's role must grant.
    pub capability: Option<String>,
    /// A party of the lead the actor must belong to.
    pub party: Option<Party>,
}

/// A party of a lead, as `who.party` names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Party {
    /// A user of the partner company the lead is assigned to (`lead.partner`).
    Partner,
    /// A user of the company that sourced the lead (`lead.source`).
    Source,
    /// The lead's owner (`lead.owner`).
    Owner,
    /// The reserved `system` actor (automatic transitions).
    System,
}

impl Party {
    /// Every party, in documentation order.
    pub const ALL: [Party; 4] = [Party::Partner, Party::Source, Party::Owner, Party::System];

    /// The stable name used in configs.
    pub const fn as_str(self) -> &'static str {
        match self {
            Party::Partner => "partner",
            Party::Source => "source",
            Party::Owner => "owner",
            Party::System => "system",
        }
    }

    /// Looks a party up by name.
    pub fn from_name(name: &str) -> Option<Party> {
        Party::ALL.into_iter().find(|p| p.as_str() == name)
    }
}

/// How the lead's deadline bears on an action.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DueRule {
    /// Refused once the lead is due (`lead_expired`): accept, convert.
    Deny,
    /// Refused until the lead is due (`not_yet_due`): expire.
    Require,
}

impl DueRule {
    /// The stable name used in configs.
    pub const fn as_str(self) -> &'static str {
        match self {
            DueRule::Deny => "deny",
            DueRule::Require => "require",
        }
    }

    /// Looks a rule up by name.
    pub fn from_name(name: &str) -> Option<DueRule> {
        [DueRule::Deny, DueRule::Require]
            .into_iter()
            .find(|r| r.as_str() == name)
    }
}

/// A form field an action reads.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldSpec {
    /// The key in the request's `fields`.
    pub name: String,
    /// What a usable value looks like.
    pub kind: FieldType,
    /// Whether a missing value denies the action (`missing_field`).
    pub required: bool,
    /// For numbers: the least usable value (`budget` ≥ 0).
    pub min: Option<f64>,
    /// For text: lead keys whose values the field must differ from (a
    /// reassigned lead goes to another partner, not back to its source).
    pub differs_from: Vec<String>,
}

impl FieldSpec {
    /// A required field of `kind` with no further constraint.
    pub fn new(name: impl Into<String>, kind: FieldType) -> Self {
        FieldSpec {
            name: name.into(),
            kind,
            required: true,
            min: None,
            differs_from: Vec::new(),
        }
    }
}

/// The type of a form field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FieldType {
    /// Non-blank text.
    Text,
    /// A finite number.
    Number,
    /// An RFC 3339 timestamp with an offset.
    Timestamp,
    /// `true` or `false`.
    Boolean,
    /// The id of a stage of this workflow.
    Stage,
    /// One of this workflow's sub-stages.
    SubStage,
}

impl FieldType {
    /// Every type, in documentation order.
    pub const ALL: [FieldType; 6] = [
        FieldType::Text,
        FieldType::Number,
        FieldType::Timestamp,
        FieldType::Boolean,
        FieldType::Stage,
        FieldType::SubStage,
    ];

    /// The stable name used in configs.
    pub const fn as_str(self) -> &'static str {
        match self {
            FieldType::Text => "text",
            FieldType::Number => "number",
            FieldType::Timestamp => "timestamp",
            FieldType::Boolean => "boolean",
            FieldType::Stage => "stage",
            FieldType::SubStage => "sub_stage",
        }
    }

    /// Looks a type up by name.
    pub fn from_name(name: &str) -> Option<FieldType> {
        FieldType::ALL.into_iter().find(|t| t.as_str() == name)
    }
}

/// Where an effect takes a value from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ValueSource {
    /// The request's `now` (`"from": "now"`).
    Now,
    /// The acting user's id (`"from": "actor"`).
    Actor,
    /// A form field of the action (`"from": "fields.reason"`).
    Field(String),
}

/// An effect an action lists; the engine fills in the lead, the time and
/// the values when the action is allowed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EffectTemplate {
    /// Store a value on the lead (`record`): an audit time, a reason.
    Record {
        /// The lead field to store into.
        field: String,
        /// Where the value comes from.
        from: ValueSource,
    },
    /// Set the lead's need maturity (`set_maturity`).
    SetMaturity {
        /// The maturity, e.g. `sales_ready`.
        maturity: String,
    },
    /// Create a task (`create_task`): reporter the actor, start `now`.
    CreateTask {
        /// The task's name, e.g. `handoff`.
        task: String,
        /// Its subject line, if any.
        subject: Option<String>,
        /// A lead key naming the task's owner, falling back to the actor
        /// when the lead leaves it empty.
        owner_from: Option<String>,
    },
    /// Record the action's form values in the lead's history (`add_history`).
    AddHistory {
        /// The history section, e.g. `proceed_to_handoff`.
        section: String,
    },
    /// Post a text field to the lead's feed, when it was filled in
    /// (`add_feed_note`).
    AddFeedNote {
        /// The form field holding the note.
        from: ValueSource,
    },
    /// Set the sub-stage from a field, or clear it (`set_sub_stage`).
    SetSubStage {
        /// The field naming the sub-stage; `None` clears it.
        from: Option<ValueSource>,
    },
}

impl EffectTemplate {
    /// The kinds an action may list, in documentation order.
    pub const KINDS: [&'static str; 6] = [
        EffectKind::Record.as_str(),
        EffectKind::SetMaturity.as_str(),
        EffectKind::CreateTask.as_str(),
        EffectKind::AddHistory.as_str(),
        EffectKind::AddFeedNote.as_str(),
        EffectKind::SetSubStage.as_str(),
    ];
}
