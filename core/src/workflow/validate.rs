//! The structural checks of a workflow: stages, fields and effect
//! templates. Each finding is reported with its path; none stops the
//! others from being looked for.

use std::collections::HashSet;
use std::fmt;

use crate::workflow::spec::{ActionSpec, EffectTemplate, FieldSpec, FieldType, ValueSource, WorkflowSpec};
use crate::workflow::steps::{EffectStep, Field, Source, LEAD_TEXT_KEYS, MAX_WORKFLOW_ITEMS};

pub(crate) fn check_stages(spec: &WorkflowSpec, base: &str, report: &mut impl FnMut(String, String)) {
    if spec.stages.is_empty() {
        report(
            format!("{base}.stages"),
            "a workflow needs at least one stage".into(),
        );
    }
    if spec.stages.len() > MAX_WORKFLOW_ITEMS {
        report(
            format!("{base}.stages"),
            format!("a workflow may hold at most {MAX_WORKFLOW_ITEMS} stages"),
        );
    }
    // Sets, not scans of the earlier entries: 1,000 stages would cost
    // half a million comparisons.
    let mut seen = HashSet::with_capacity(spec.stages.len());
    for (i, stage) in spec.stages.iter().enumerate() {
        if stage.id.is_empty() {
            report(
                format!("{base}.stages[{i}].id"),
                "a stage id must not be empty".into(),
            );
        } else if !seen.insert(stage.id.as_str()) {
            report(
                format!("{base}.stages[{i}].id"),
                format!("duplicate stage `{}`", stage.id),
            );
        }
        if stage.terminal && stage.initial {
            report(
                format!("{base}.stages[{i}].terminal"),
                format!(
                    "stage `{}` is initial: leads cannot start where their journey ends",
                    stage.id
                ),
            );
        }
        if stage.terminal && stage.expiry.is_some() {
            report(
                format!("{base}.stages[{i}].expiry"),
                format!("stage `{}` is terminal: no expiry runs there", stage.id),
            );
        }
    }
    let initial = spec.stages.iter().filter(|s| s.initial).count();
    if !spec.stages.is_empty() && initial != 1 {
        report(
            format!("{base}.stages"),
            format!("exactly one stage must be initial, found {initial}"),
        );
    }
    let mut seen = HashSet::with_capacity(spec.sub_stages.len());
    for (i, sub_stage) in spec.sub_stages.iter().enumerate() {
        if sub_stage.is_empty() {
            report(
                format!("{base}.sub_stages[{i}]"),
                "a sub-stage must not be empty".into(),
            );
        } else if !seen.insert(sub_stage.as_str()) {
            report(
                format!("{base}.sub_stages[{i}]"),
                format!("duplicate sub-stage `{sub_stage}`"),
            );
        }
    }
}

/// The path of an action, `<base>.actions[<index>]`, written out only
/// when a problem is reported: the workflow's name in `base` may be long
/// (a config may hold 16 MiB of it), and most items have no problem.
#[derive(Debug, Clone, Copy)]
pub(crate) struct ActionPath<'a> {
    pub(crate) base: &'a str,
    pub(crate) index: usize,
}

impl fmt::Display for ActionPath<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.actions[{}]", self.base, self.index)
    }
}

/// `<action>.fields.<name>`, written out when reported.
struct FieldPath<'a> {
    at: &'a ActionPath<'a>,
    name: &'a str,
}

impl fmt::Display for FieldPath<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.fields.{}", self.at, self.name)
    }
}

/// `<action>.effects[<index>]`, written out when reported.
struct EffectPath<'a> {
    at: &'a ActionPath<'a>,
    index: usize,
}

impl fmt::Display for EffectPath<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.effects[{}]", self.at, self.index)
    }
}

pub(crate) fn check_fields(
    action: &ActionSpec,
    spec: &WorkflowSpec,
    at: &ActionPath<'_>,
    report: &mut impl FnMut(String, String),
) -> Vec<Field> {
    let mut fields = Vec::with_capacity(action.fields.len());
    for (i, field) in action.fields.iter().enumerate() {
        let path = FieldPath {
            at,
            name: &field.name,
        };
        if field.name.trim().is_empty() {
            report(
                format!("{at}.fields"),
                "a field name must not be empty or blank".into(),
            );
        } else if action.fields.iter().take(i).any(|f| f.name == field.name) {
            report(path.to_string(), format!("duplicate field `{}`", field.name));
        }
        if field.min.is_some() && field.kind != FieldType::Number {
            report(format!("{path}.min"), "only a number field takes `min`".into());
        }
        if !field.differs_from.is_empty() && field.kind != FieldType::Text {
            report(
                format!("{path}.differs_from"),
                "only a text field takes `differs_from`".into(),
            );
        }
        for key in field
            .differs_from
            .iter()
            .filter(|k| !LEAD_TEXT_KEYS.contains(&k.as_str()))
        {
            report(
                format!("{path}.differs_from"),
                format!(
                    "`{key}` is not a lead key (expected one of: {})",
                    LEAD_TEXT_KEYS.join(", ")
                ),
            );
        }
        if field.kind == FieldType::SubStage && spec.sub_stages.is_empty() {
            report(format!("{path}.type"), "this workflow has no sub-stages".into());
        }
        fields.push(compile_field(field));
    }
    fields
}

fn compile_field(field: &FieldSpec) -> Field {
    Field {
        name: field.name.as_str().into(),
        kind: field.kind,
        required: field.required,
        min: field.min,
        differs_from: field.differs_from.iter().map(|k| k.as_str().into()).collect(),
    }
}

/// Lead keys the engine sets itself from the stage flags.
const RESERVED_RECORDS: [&str; 3] = ["stage", "sub_stage", "expires_at"];

pub(crate) fn check_effects(
    action: &ActionSpec,
    has_sub_stages: bool,
    at: &ActionPath<'_>,
    report: &mut impl FnMut(String, String),
) -> Vec<EffectStep> {
    let mut effects = Vec::with_capacity(action.effects.len());
    for (k, effect) in action.effects.iter().enumerate() {
        let path = EffectPath { at, index: k };
        // A source names one of the action's fields, of an expected type.
        let mut field = |from: &ValueSource, wanted: Option<FieldType>| -> Option<usize> {
            let ValueSource::Field(name) = from else {
                report(format!("{path}.from"), "expected \"fields.<name>\" here".into());
                return None;
            };
            let Some(index) = action.fields.iter().position(|f| &f.name == name) else {
                report(
                    format!("{path}.from"),
                    format!("`{name}` is not a field of this action"),
                );
                return None;
            };
            let kind = action.fields.get(index).map(|f| f.kind);
            if wanted.is_some_and(|w| Some(w) != kind) {
                let wanted = wanted.map_or("", FieldType::as_str);
                report(
                    format!("{path}.from"),
                    format!("field `{name}` must be of type `{wanted}`"),
                );
                return None;
            }
            Some(index)
        };
        let compiled = match effect {
            EffectTemplate::Record { field: key, from } => {
                let source = match from {
                    ValueSource::Now => Some(Source::Now),
                    ValueSource::Actor => Some(Source::Actor),
                    ValueSource::Field(_) => field(from, None).map(Source::Field),
                };
                if key.trim().is_empty() {
                    report(format!("{path}.field"), "a record needs a field name".into());
                } else if RESERVED_RECORDS.contains(&key.as_str()) {
                    report(
                        format!("{path}.field"),
                        format!("`{key}` follows from the stage flags (set_stage, set_expiry); it is not recorded"),
                    );
                }
                source.map(|from| EffectStep::Record {
                    field: key.as_str().into(),
                    from,
                })
            }
            EffectTemplate::SetMaturity { maturity } => {
                if maturity.trim().is_empty() {
                    report(format!("{path}.maturity"), "a maturity must not be empty".into());
                }
                Some(EffectStep::SetMaturity {
                    maturity: maturity.as_str().into(),
                })
            }
            EffectTemplate::CreateTask {
                task,
                subject,
                owner_from,
            } => {
                if task.trim().is_empty() {
                    report(format!("{path}.task"), "a task needs a name".into());
                }
                if let Some(key) = owner_from.as_deref().filter(|k| !LEAD_TEXT_KEYS.contains(k)) {
                    report(
                        format!("{path}.owner_from"),
                        format!(
                            "`{key}` is not a lead key (expected one of: {})",
                            LEAD_TEXT_KEYS.join(", ")
                        ),
                    );
                }
                Some(EffectStep::CreateTask {
                    task: task.as_str().into(),
                    subject: subject.as_deref().map(Into::into),
                    owner_from: owner_from.as_deref().map(Into::into),
                })
            }
            EffectTemplate::AddHistory { section } => {
                if section.trim().is_empty() {
                    report(format!("{path}.section"), "a history section needs a name".into());
                }
                Some(EffectStep::AddHistory {
                    section: section.as_str().into(),
                })
            }
            EffectTemplate::AddFeedNote { from } => {
                field(from, Some(FieldType::Text)).map(|field| EffectStep::AddFeedNote { field })
            }
            EffectTemplate::SetSubStage { from: None } => {
                if !has_sub_stages {
                    report(
                        path.to_string(),
                        "this workflow has no sub-stages to clear".into(),
                    );
                }
                Some(EffectStep::SetSubStage { field: None })
            }
            EffectTemplate::SetSubStage { from: Some(from) } => field(from, Some(FieldType::SubStage))
                .map(|field| EffectStep::SetSubStage { field: Some(field) }),
        };
        effects.extend(compiled);
    }
    effects
}
