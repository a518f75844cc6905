//! The serde faces of the specs a Rust host builds an engine from
//! ([`OrgSpec`], [`WorkflowSpec`], [`Template`]): each serializes to
//! exactly the JSON a config holds at its place (`orgs[i]`,
//! `policy.workflows.<name>`, `policy.templates.<name>`) and deserializes
//! through the config reader itself, so that JSON, a config file and Rust
//! values are read by one set of rules and report the same problems.
//!
//! Reading checks what the config reader checks at that place (types,
//! unknown keys, names of effect kinds, parties, field types, periods, time
//! zones); the structure of a whole engine (duplicate ids, stage
//! references, unknown capabilities) is judged when the engine is built,
//! as for a config.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{json, Map, Value};

use crate::config::{builtin_specs, Reader};
use crate::duration::Period;
use crate::error::{Error, Problem};
use crate::expiry::{BusinessDays, Phase, Template};
use crate::orgs::OrgSpec;
use crate::path::Path;
use crate::workflow::spec::{
    ActionSpec, EffectTemplate, FieldSpec, StageSet, StageSpec, Target, ValueSource, WorkflowSpec,
};

/// Reads `value` with one item reader of the config, at the root.
fn read<T>(
    value: &Value,
    item: impl FnOnce(&mut Reader, &Value, &Path<'_>) -> Option<T>,
) -> Result<T, Vec<Problem>> {
    let mut reader = Reader::default();
    let read = item(&mut reader, value, &Path::Root);
    let problems = std::mem::take(&mut reader.builder.problems);
    match read {
        Some(spec) if problems.is_empty() => Ok(spec),
        _ => Err(problems),
    }
}

/// A serde error listing every problem, `path: message; ...`.
fn problems_error<E: serde::de::Error>(problems: &[Problem]) -> E {
    let listed: Vec<String> = problems
        .iter()
        .map(|p| match p.path.as_str() {
            "" => p.message.clone(),
            path => format!("{path}: {}", p.message),
        })
        .collect();
    E::custom(listed.join("; "))
}

impl WorkflowSpec {
    /// Reads one workflow from the JSON a config holds at
    /// `policy.workflows.<name>`, naming it `name`. Every problem the config
    /// reader finds there is listed in one `invalid_config` error, with
    /// paths from the workflow object (`stages[1].id`). Structure (stage
    /// references, initial stages, duplicates) is judged when an engine is
    /// built from the spec.
    pub fn from_value(name: &str, value: &Value) -> Result<WorkflowSpec, Error> {
        read(value, |reader, value, path| reader.workflow(name, value, path)).map_err(Error::invalid_config)
    }

    /// The JSON of this workflow as a config holds it at
    /// `policy.workflows.<name>` (the name is the key, so it is not part of
    /// the object). Keys at their defaults are left out.
    pub fn to_value(&self) -> Value {
        let mut map = Map::new();
        map.insert(
            "stages".into(),
            Value::Array(self.stages.iter().map(stage_value).collect()),
        );
        if !self.sub_stages.is_empty() {
            map.insert("sub_stages".into(), json!(self.sub_stages));
        }
        if let Some(actions) = &self.actions {
            map.insert(
                "actions".into(),
                Value::Array(actions.iter().map(action_value).collect()),
            );
        }
        Value::Object(map)
    }

    /// A built-in workflow (`leadx_pipeline`, `partner_lead`,
    /// `creatio_lead`) as a spec: a starting point for a workflow of one's
    /// own. `None` for any other name.
    pub fn builtin(name: &str) -> Option<WorkflowSpec> {
        builtin_specs().iter().find(|spec| spec.name == name).cloned()
    }
}

/// Serializes as the config's workflow object ([`WorkflowSpec::to_value`]);
/// the name is left out, as a config writes it as the key.
impl Serialize for WorkflowSpec {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.to_value().serialize(serializer)
    }
}

/// Deserializes a config's workflow object through the config reader
/// ([`WorkflowSpec::from_value`]); the name comes back empty: set it before
/// giving the spec to [`crate::EngineBuilder::workflow`].
impl<'de> Deserialize<'de> for WorkflowSpec {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = Value::deserialize(deserializer)?;
        read(&value, |reader, value, path| reader.workflow("", value, path))
            .map_err(|problems| problems_error(&problems))
    }
}

fn stage_value(stage: &StageSpec) -> Value {
    let mut map = Map::new();
    map.insert("id".into(), json!(stage.id));
    for (key, set) in [
        ("initial", stage.initial),
        ("terminal", stage.terminal),
        ("archived", stage.archived),
    ] {
        if set {
            map.insert(key.into(), Value::Bool(true));
        }
    }
    if let Some(phase) = stage.expiry {
        map.insert("expiry".into(), json!(Phase::as_str(phase)));
    }
    Value::Object(map)
}

fn action_value(action: &ActionSpec) -> Value {
    let mut map = Map::new();
    map.insert("id".into(), json!(action.id));
    map.insert(
        "from".into(),
        match &action.from {
            StageSet::AnyOpen => json!("*"),
            StageSet::Listed(stages) => json!(stages),
        },
    );
    map.insert(
        "to".into(),
        match &action.to {
            Target::Stay => Value::Null,
            Target::Stage(stage) => json!(stage),
            Target::Step(step) => json!({ "step": step }),
            Target::Field(field) => json!({ "field": field }),
        },
    );
    let mut who = Map::new();
    if let Some(capability) = &action.who.capability {
        who.insert("capability".into(), json!(capability));
    }
    if let Some(party) = action.who.party {
        who.insert("party".into(), json!(party.as_str()));
    }
    if !who.is_empty() {
        map.insert("who".into(), Value::Object(who));
    }
    if let Some(rule) = action.when_due {
        map.insert("when_due".into(), json!(rule.as_str()));
    }
    if !action.fields.is_empty() {
        let fields: Map<String, Value> = action
            .fields
            .iter()
            .map(|field| (field.name.clone(), field_value(field)))
            .collect();
        map.insert("fields".into(), Value::Object(fields));
    }
    if !action.effects.is_empty() {
        map.insert(
            "effects".into(),
            Value::Array(action.effects.iter().map(effect_value).collect()),
        );
    }
    Value::Object(map)
}

fn field_value(field: &FieldSpec) -> Value {
    let mut map = Map::new();
    map.insert("type".into(), json!(field.kind.as_str()));
    if !field.required {
        map.insert("required".into(), Value::Bool(false));
    }
    if let Some(min) = field.min {
        // Whole bounds are written as integers (`0`, as configs write
        // them); a bound that is not finite has no JSON number: null.
        let whole = min.fract() == 0.0 && min.abs() < 9_007_199_254_740_992.0;
        map.insert("min".into(), if whole { json!(min as i64) } else { json!(min) });
    }
    if !field.differs_from.is_empty() {
        map.insert("differs_from".into(), json!(field.differs_from));
    }
    Value::Object(map)
}

fn source_text(source: &ValueSource) -> String {
    match source {
        ValueSource::Now => "now".into(),
        ValueSource::Actor => "actor".into(),
        ValueSource::Field(field) => format!("fields.{field}"),
    }
}

fn effect_value(effect: &EffectTemplate) -> Value {
    match effect {
        EffectTemplate::Record { field, from } => {
            json!({"kind": "record", "field": field, "from": source_text(from)})
        }
        EffectTemplate::SetMaturity { maturity } => json!({"kind": "set_maturity", "maturity": maturity}),
        EffectTemplate::CreateTask {
            task,
            subject,
            owner_from,
        } => {
            let mut map = Map::new();
            map.insert("kind".into(), json!("create_task"));
            map.insert("task".into(), json!(task));
            if let Some(subject) = subject {
                map.insert("subject".into(), json!(subject));
            }
            if let Some(owner_from) = owner_from {
                map.insert("owner_from".into(), json!(owner_from));
            }
            Value::Object(map)
        }
        EffectTemplate::AddHistory { section } => json!({"kind": "add_history", "section": section}),
        EffectTemplate::AddFeedNote { from } => json!({"kind": "add_feed_note", "from": source_text(from)}),
        EffectTemplate::SetSubStage { from: None } => json!({"kind": "set_sub_stage"}),
        EffectTemplate::SetSubStage { from: Some(from) } => {
            json!({"kind": "set_sub_stage", "from": source_text(from)})
        }
    }
}

/// Serializes as an entry of a config's `orgs` list:
/// `{"id", "parent", "handover", "cross_silo"}`.
impl Serialize for OrgSpec {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        json!({
            "id": self.id,
            "parent": self.parent,
            "handover": self.handover,
            "cross_silo": self.cross_silo,
        })
        .serialize(serializer)
    }
}

/// Deserializes an entry of a config's `orgs` list, as the config reader
/// reads it (`parent`, `handover` and `cross_silo` optional; unknown keys
/// refused). Whether the id is unique and the parent exists is judged when
/// the engine is built.
impl<'de> Deserialize<'de> for OrgSpec {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = Value::deserialize(deserializer)?;
        read(&value, |reader, value, path| reader.org(value, path))
            .map_err(|problems| problems_error(&problems))
    }
}

/// A period as ISO-8601 text that reads back to the same [`Period`]
/// (weeks stay weeks, so that a business-day template still refuses them).
fn period_text(period: Period) -> String {
    let mut text = String::from("P");
    let mut days = period.days;
    if period.has_weeks {
        text.push_str(&format!("{}W", days / 7));
        days %= 7;
    }
    if days != 0 {
        text.push_str(&format!("{days}D"));
    }
    if period.seconds != 0 {
        text.push_str(&format!("T{}S", period.seconds));
    }
    text
}

impl Template {
    /// The JSON of this template as a config holds it at
    /// `policy.templates.<name>`, every key written out.
    pub fn to_value(&self) -> Value {
        let business_days = self.calendar.business_days.as_ref().map(|days: &BusinessDays| {
            let weekdays: Vec<&str> = days.weekdays().map(weekday_name).collect();
            let holidays: Vec<String> = days
                .holidays()
                .iter()
                .map(|d| d.format("%Y-%m-%d").to_string())
                .collect();
            json!({"weekdays": weekdays, "holidays": holidays})
        });
        json!({
            "pending": period_text(self.pending),
            "accepted": period_text(self.accepted),
            "time_zone": self.calendar.zone.map(|zone| zone.name()),
            "end_of_day": self.calendar.end_of_day,
            "business_days": business_days,
            "calendar": self.calendar.hours.as_ref().map(|hours| hours.name.as_str()),
        })
    }

    /// Reads one template from the JSON a config holds at
    /// `policy.templates.<name>`; every problem is listed in one
    /// `invalid_config` error, with paths from the template object
    /// (`pending`, `business_days.holidays[0]`). Rules that span keys
    /// (weeks in a business-day template, no weekday counting) are judged
    /// when an engine is built with it.
    pub fn from_value(value: &Value) -> Result<Template, Error> {
        read(value, |reader, value, path| reader.template(value, path)).map_err(Error::invalid_config)
    }
}

fn weekday_name(day: chrono::Weekday) -> &'static str {
    match day {
        chrono::Weekday::Mon => "mon",
        chrono::Weekday::Tue => "tue",
        chrono::Weekday::Wed => "wed",
        chrono::Weekday::Thu => "thu",
        chrono::Weekday::Fri => "fri",
        chrono::Weekday::Sat => "sat",
        chrono::Weekday::Sun => "sun",
    }
}

/// Serializes as the config's template object ([`Template::to_value`]).
impl Serialize for Template {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.to_value().serialize(serializer)
    }
}

/// Deserializes a config's template object through the config reader
/// ([`Template::from_value`]).
impl<'de> Deserialize<'de> for Template {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = Value::deserialize(deserializer)?;
        read(&value, |reader, value, path| reader.template(value, path))
            .map_err(|problems| problems_error(&problems))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_read_back_as_written() {
        for text in ["P7D", "PT36H", "P2W", "P1W3D", "P1DT12H", "PT1S", "P30D"] {
            let period = Period::parse(text);
            let again = period.clone().and_then(|p| Period::parse(&period_text(p)));
            assert_eq!(period, again, "{text}");
        }
    }

    #[test]
    fn problems_are_listed_with_their_paths() {
        let error = WorkflowSpec::from_value("w", &json!({"stages": [{"id": 5}], "colour": "red"})).err();
        let paths: Vec<String> = error
            .map(|e| e.problems.into_iter().map(|p| p.path).collect())
            .unwrap_or_default();
        assert_eq!(paths, ["colour", "stages[0].id"]);
        let text = serde_json::from_value::<WorkflowSpec>(json!({"stages": 3}))
            .err()
            .map(|e| e.to_string());
        assert_eq!(text.as_deref(), Some("stages: expected an array, found a number"));
    }
}
