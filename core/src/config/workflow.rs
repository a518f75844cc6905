//! Reading a workflow from config JSON into a [`WorkflowSpec`]. Every
//! wrongly typed value, unknown key, unknown effect kind, field type, party
//! or due rule is reported with its path; structure (stage references,
//! duplicates, initial stages) is judged later, by `compile`. The
//! built-in workflows are read here too, once per process.

use std::sync::OnceLock;

use serde_json::{Map, Value};

use crate::config::{type_name, Reader};
use crate::expiry::Phase;
use crate::path::Path;
use crate::workflow::spec::{
    ActionSpec, DueRule, EffectTemplate, FieldSpec, FieldType, Party, StageSet, StageSpec, Target,
    ValueSource, Who, WorkflowSpec,
};
use crate::workflow::BUILTIN_WORKFLOWS;

const WORKFLOW_KEYS: &[&str] = &["stages", "sub_stages", "actions"];
const STAGE_KEYS: &[&str] = &["id", "initial", "terminal", "archived", "expiry"];
const ACTION_KEYS: &[&str] = &["id", "from", "to", "who", "when_due", "fields", "effects"];
const WHO_KEYS: &[&str] = &["capability", "party"];
const FIELD_KEYS: &[&str] = &["type", "required", "min", "differs_from"];

impl Reader {
    /// Reads one workflow; `None` when any of its values could not be read
    /// (its structure would otherwise be judged on a partial reading).
    pub(crate) fn workflow(&mut self, name: &str, value: &Value, path: &Path<'_>) -> Option<WorkflowSpec> {
        let before = self.builder.problems.len();
        let map = self.object(value, path)?;
        self.unknown_keys(map, WORKFLOW_KEYS, path);
        let mut spec = WorkflowSpec {
            name: name.to_owned(),
            ..WorkflowSpec::default()
        };
        if let Some(stages) = map.get("stages") {
            spec.stages = self.list(stages, &path.key("stages"), |reader, stage, at| {
                reader.stage(stage, at)
            });
        }
        if let Some(sub_stages) = map.get("sub_stages") {
            spec.sub_stages = self.list(sub_stages, &path.key("sub_stages"), |reader, item, at| {
                reader.string(item, at)
            });
        }
        if let Some(actions) = map.get("actions") {
            spec.actions = Some(self.list(actions, &path.key("actions"), |reader, action, at| {
                reader.action(action, at)
            }));
        }
        // A workflow whose values did not all read is still judged as a
        // whole when no stage, action, field or effect was dropped: every
        // position is then where the config has it, and no finding can be
        // a knock-on of another.
        if self.builder.problems.len() != before && !keeps_every_item(map, &spec) {
            // Roles may still grant what this workflow's actions require,
            // so that one mistake is not reported twice.
            let required = spec
                .actions
                .iter()
                .flatten()
                .filter_map(|a| a.who.capability.clone());
            self.builder.unread_capabilities.extend(required);
            return None;
        }
        Some(spec)
    }

    fn stage(&mut self, value: &Value, path: &Path<'_>) -> Option<StageSpec> {
        let map = self.object(value, path)?;
        self.unknown_keys(map, STAGE_KEYS, path);
        let id = self.required_string(map, "id", path)?;
        let expiry = match map.get("expiry") {
            None | Some(Value::Null) => None,
            Some(Value::String(name)) if Phase::from_name(name).is_some() => Phase::from_name(name),
            Some(other) => {
                self.problem(
                    &path.key("expiry"),
                    format!(
                        "expected \"pending\", \"accepted\" or null, found {}",
                        shown(other)
                    ),
                );
                None
            }
        };
        Some(StageSpec {
            id,
            initial: self.flag(map, "initial", path),
            terminal: self.flag(map, "terminal", path),
            archived: self.flag(map, "archived", path),
            expiry,
        })
    }

    fn action(&mut self, value: &Value, path: &Path<'_>) -> Option<ActionSpec> {
        let map = self.object(value, path)?;
        self.unknown_keys(map, ACTION_KEYS, path);
        let id = self.required_string(map, "id", path);
        let from = match map.get("from") {
            Some(Value::String(star)) if star == "*" => StageSet::AnyOpen,
            Some(value @ Value::Array(_)) => {
                StageSet::Listed(self.list(value, &path.key("from"), |reader, item, at| {
                    reader.string(item, at)
                }))
            }
            Some(other) => {
                self.problem(
                    &path.key("from"),
                    format!(
                        "expected an array of stage ids or \"*\", found {}",
                        type_name(other)
                    ),
                );
                StageSet::Listed(Vec::new())
            }
            None => {
                self.problem(
                    &path.key("from"),
                    "missing `from` (stage ids, or \"*\" for every open stage)",
                );
                StageSet::Listed(Vec::new())
            }
        };
        let to = self.target(map, path);
        let who = match map.get("who") {
            None | Some(Value::Null) => Who::default(),
            Some(value) => self.who(value, &path.key("who")),
        };
        let when_due = match map.get("when_due") {
            None | Some(Value::Null) => None,
            Some(Value::String(name)) if DueRule::from_name(name).is_some() => DueRule::from_name(name),
            Some(other) => {
                self.problem(
                    &path.key("when_due"),
                    format!("expected \"deny\", \"require\" or null, found {}", shown(other)),
                );
                None
            }
        };
        let fields = match map.get("fields") {
            None | Some(Value::Null) => Vec::new(),
            Some(value) => self.fields(value, &path.key("fields")),
        };
        let effects = match map.get("effects") {
            None | Some(Value::Null) => Vec::new(),
            Some(value) => self.list(value, &path.key("effects"), |reader, item, at| {
                reader.effect(item, at)
            }),
        };
        Some(ActionSpec {
            id: id?,
            from,
            to,
            who,
            when_due,
            fields,
            effects,
        })
    }

    fn target(&mut self, map: &Map<String, Value>, path: &Path<'_>) -> Target {
        let at = path.key("to");
        match map.get("to") {
            None => {
                self.problem(&at, "missing `to` (a stage id; null keeps the lead on its stage)");
                Target::Stay
            }
            Some(Value::Null) => Target::Stay,
            Some(Value::String(stage)) => Target::Stage(stage.clone()),
            Some(Value::Object(target)) => match (target.get("step"), target.get("field"), target.len()) {
                (Some(Value::Number(step)), None, 1) if step.as_i64().is_some() => {
                    Target::Step(step.as_i64().unwrap_or(0))
                }
                (None, Some(Value::String(field)), 1) => Target::Field(field.clone()),
                _ => {
                    self.problem(&at, "expected {\"step\": <integer>} or {\"field\": <field name>}");
                    Target::Stay
                }
            },
            Some(other) => {
                self.problem(
                    &at,
                    format!(
                        "expected a stage id, null or an object, found {}",
                        type_name(other)
                    ),
                );
                Target::Stay
            }
        }
    }

    fn who(&mut self, value: &Value, path: &Path<'_>) -> Who {
        let Some(map) = self.object(value, path) else {
            return Who::default();
        };
        self.unknown_keys(map, WHO_KEYS, path);
        let capability = match map.get("capability") {
            None | Some(Value::Null) => None,
            Some(value) => self.string(value, &path.key("capability")),
        };
        let party = match map.get("party") {
            None | Some(Value::Null) => None,
            Some(Value::String(name)) if Party::from_name(name).is_some() => Party::from_name(name),
            Some(other) => {
                let names: Vec<&str> = Party::ALL.iter().map(|p| p.as_str()).collect();
                self.problem(
                    &path.key("party"),
                    format!("expected one of {}, found {}", names.join(", "), shown(other)),
                );
                None
            }
        };
        Who { capability, party }
    }

    fn fields(&mut self, value: &Value, path: &Path<'_>) -> Vec<FieldSpec> {
        let Some(map) = self.object(value, path) else {
            return Vec::new();
        };
        let mut fields = Vec::with_capacity(map.len());
        for (name, spec) in map {
            let at = path.key(name);
            let Some(spec) = self.object(spec, &at) else {
                continue;
            };
            self.unknown_keys(spec, FIELD_KEYS, &at);
            let kind = match spec.get("type") {
                Some(Value::String(t)) if FieldType::from_name(t).is_some() => FieldType::from_name(t),
                Some(other) => {
                    let names: Vec<&str> = FieldType::ALL.iter().map(|t| t.as_str()).collect();
                    self.problem(
                        &at.key("type"),
                        format!(
                            "unknown field type {} (expected one of: {})",
                            shown(other),
                            names.join(", ")
                        ),
                    );
                    None
                }
                None => {
                    self.problem(&at.key("type"), "missing field `type`");
                    None
                }
            };
            let required = match spec.get("required") {
                None => true,
                Some(_) => self.flag(spec, "required", &at),
            };
            let min = match spec.get("min") {
                None | Some(Value::Null) => None,
                Some(Value::Number(n)) => n.as_f64(),
                Some(other) => {
                    self.problem(
                        &at.key("min"),
                        format!("expected a number, found {}", type_name(other)),
                    );
                    None
                }
            };
            // One lead key, or a list of them.
            let differs_from = match spec.get("differs_from") {
                None | Some(Value::Null) => Vec::new(),
                Some(list @ Value::Array(_)) => {
                    self.list(list, &at.key("differs_from"), |reader, item, path| {
                        reader.string(item, path)
                    })
                }
                Some(value) => self.string(value, &at.key("differs_from")).into_iter().collect(),
            };
            if let Some(kind) = kind {
                fields.push(FieldSpec {
                    name: name.clone(),
                    kind,
                    required,
                    min,
                    differs_from,
                });
            }
        }
        fields
    }

    fn effect(&mut self, value: &Value, path: &Path<'_>) -> Option<EffectTemplate> {
        let map = self.object(value, path)?;
        let kind = match map.get("kind") {
            Some(Value::String(kind)) => kind.as_str(),
            Some(other) => {
                self.problem(
                    &path.key("kind"),
                    format!("expected a string, found {}", type_name(other)),
                );
                return None;
            }
            None => {
                self.problem(&path.key("kind"), "missing effect `kind`");
                return None;
            }
        };
        let keys: &[&str] = match kind {
            "record" => &["kind", "field", "from"],
            "set_maturity" => &["kind", "maturity"],
            "create_task" => &["kind", "task", "subject", "owner_from"],
            "add_history" => &["kind", "section"],
            "add_feed_note" | "set_sub_stage" => &["kind", "from"],
            other => {
                self.problem(
                    &path.key("kind"),
                    format!(
                        "unknown effect kind `{other}` (an action may list: {})",
                        EffectTemplate::KINDS.join(", ")
                    ),
                );
                return None;
            }
        };
        self.unknown_keys(map, keys, path);
        Some(match kind {
            "record" => EffectTemplate::Record {
                field: self.required_string(map, "field", path)?,
                from: self.source(map, path)?,
            },
            "set_maturity" => EffectTemplate::SetMaturity {
                maturity: self.required_string(map, "maturity", path)?,
            },
            "create_task" => EffectTemplate::CreateTask {
                task: self.required_string(map, "task", path)?,
                subject: self.optional_string(map, "subject", path),
                owner_from: self.optional_string(map, "owner_from", path),
            },
            "add_history" => EffectTemplate::AddHistory {
                section: self.required_string(map, "section", path)?,
            },
            "add_feed_note" => EffectTemplate::AddFeedNote {
                from: self.source(map, path)?,
            },
            _ => EffectTemplate::SetSubStage {
                from: match map.get("from") {
                    None | Some(Value::Null) => None,
                    Some(_) => Some(self.source(map, path)?),
                },
            },
        })
    }

    /// `from`: `"now"`, `"actor"` or `"fields.<name>"`.
    fn source(&mut self, map: &Map<String, Value>, path: &Path<'_>) -> Option<ValueSource> {
        let text = self.required_string(map, "from", path)?;
        match text.as_str() {
            "now" => Some(ValueSource::Now),
            "actor" => Some(ValueSource::Actor),
            other => match other.strip_prefix("fields.") {
                Some(field) if !field.is_empty() => Some(ValueSource::Field(field.to_owned())),
                _ => {
                    self.problem(
                        &path.key("from"),
                        format!("`{other}` is not a value source (expected \"now\", \"actor\" or \"fields.<name>\")"),
                    );
                    None
                }
            },
        }
    }

    fn required_string(&mut self, map: &Map<String, Value>, key: &str, path: &Path<'_>) -> Option<String> {
        match map.get(key) {
            Some(value) => self.string(value, &path.key(key)),
            None => {
                self.problem(&path.key(key), format!("missing `{key}`"));
                None
            }
        }
    }

    fn optional_string(&mut self, map: &Map<String, Value>, key: &str, path: &Path<'_>) -> Option<String> {
        match map.get(key) {
            None | Some(Value::Null) => None,
            Some(value) => self.string(value, &path.key(key)),
        }
    }
}

/// Whether reading kept one spec item per config item at every level.
fn keeps_every_item(map: &Map<String, Value>, spec: &WorkflowSpec) -> bool {
    // A value of the wrong kind (`"stages": 5`) was dropped whole.
    let count = |value: Option<&Value>| match value {
        Some(Value::Array(items)) => items.len(),
        Some(Value::Object(entries)) => entries.len(),
        None | Some(Value::Null) => 0,
        Some(_) => usize::MAX,
    };
    let actions = spec.actions.as_deref().unwrap_or_default();
    count(map.get("stages")) == spec.stages.len()
        && count(map.get("sub_stages")) == spec.sub_stages.len()
        && count(map.get("actions")) == actions.len()
        && match map.get("actions") {
            Some(Value::Array(items)) => items.iter().zip(actions).all(|(item, action)| {
                count(item.get("fields")) == action.fields.len()
                    && count(item.get("effects")) == action.effects.len()
            }),
            _ => true,
        }
}

/// A value for a message: strings quoted, other values by their type.
fn shown(value: &Value) -> String {
    match value {
        Value::String(s) => format!("`{s}`"),
        other => type_name(other).to_owned(),
    }
}

/// The built-in workflows as specs. A built-in text that does not read is
/// a bug caught by the test below; it is left out rather than panic.
pub(crate) fn builtin_specs() -> &'static [WorkflowSpec] {
    static SPECS: OnceLock<Vec<WorkflowSpec>> = OnceLock::new();
    SPECS.get_or_init(|| {
        BUILTIN_WORKFLOWS
            .iter()
            .filter_map(|(name, text)| {
                let value: Value = serde_json::from_str(text).ok()?;
                let mut reader = Reader::default();
                let spec = reader.workflow(name, &value, &Path::Root)?;
                reader.builder.problems.is_empty().then_some(spec)
            })
            .collect()
    })
}

#[cfg(test)]
mod tests {
    use super::builtin_specs;
    use crate::workflow::BUILTIN_WORKFLOWS;
    use crate::Engine;

    #[test]
    fn every_builtin_reads_compiles_and_warns_of_nothing() {
        assert_eq!(builtin_specs().len(), BUILTIN_WORKFLOWS.len());
        let engine = Engine::builder().build();
        assert!(
            engine.as_ref().is_ok_and(|e| e.warnings().is_empty()),
            "{engine:?}"
        );
    }
}
