//! Rendering answers and errors as protocol JSON. Key order is fixed so
//! that output is stable and readable.

use serde_json::{Map, Value};

use crate::decision::Decision;
use crate::effect::Effect;
use crate::effect::FieldValue;
use crate::engine::Engine;
use crate::error::{Error, Problem};
use crate::expiry::{ExpiryStatus, Sweep};
use crate::handover::{Targets, TransferDecision};
use crate::orgs::OrgId;
use crate::reason::{Detail, Reason};
use crate::time::Timestamp;
use crate::workflow::{ActionOption, TransitionDecision};

pub(crate) fn decision(engine: &Engine, decision: &Decision<'_>) -> Value {
    Value::Object(decision_fields(engine, &decision.reasons, &decision.effects))
}

/// `allowed`, `reasons` and `effects`, the fields every decision starts with.
fn decision_fields(engine: &Engine, reasons: &[Reason<'_>], effects: &[Effect<'_>]) -> Map<String, Value> {
    let mut out = Map::new();
    out.insert("allowed".into(), Value::Bool(reasons.is_empty()));
    out.insert(
        "reasons".into(),
        Value::Array(reasons.iter().map(|r| reason_value(engine, r)).collect()),
    );
    out.insert(
        "effects".into(),
        Value::Array(effects.iter().map(|e| effect_value(engine, e)).collect()),
    );
    out
}

pub(crate) fn transfer(engine: &Engine, decision: &TransferDecision<'_>) -> Value {
    let mut out = decision_fields(engine, &decision.reasons, &decision.effects);
    out.insert(
        "route".into(),
        decision.route.map_or(Value::Null, |r| Value::from(r.as_str())),
    );
    Value::Object(out)
}

pub(crate) fn targets(engine: &Engine, targets: &Targets) -> Value {
    let mut out = Map::new();
    out.insert("handover".into(), org_list(engine, &targets.handover));
    out.insert("cross_silo".into(), org_list(engine, &targets.cross_silo));
    Value::Object(out)
}

fn org_list(engine: &Engine, orgs: &[OrgId]) -> Value {
    Value::Array(orgs.iter().map(|&o| org(engine, o)).collect())
}

fn org(engine: &Engine, org: OrgId) -> Value {
    Value::from(engine.org_name(org))
}

/// A reason as `{"code", "message", <detail>}`.
pub fn reason_value(engine: &Engine, reason: &Reason<'_>) -> Value {
    let mut out = Map::new();
    out.insert("code".into(), Value::from(reason.code.as_str()));
    out.insert("message".into(), Value::from(reason.code.message()));
    match reason.detail {
        Detail::None => {}
        Detail::Org(o) => {
            out.insert("org".into(), org(engine, o));
        }
        Detail::Lead(lead) => {
            out.insert("lead".into(), Value::from(lead));
        }
        Detail::Field(field) => {
            out.insert("field".into(), Value::from(field));
        }
        Detail::Capability(capability) => {
            out.insert("capability".into(), Value::from(capability));
        }
    }
    Value::Object(out)
}

fn effect_value(engine: &Engine, effect: &Effect<'_>) -> Value {
    let mut out = Map::new();
    out.insert("kind".into(), Value::from(effect.kind()));
    match *effect {
        Effect::Transfer {
            lead,
            from,
            to,
            pipeline,
        } => {
            out.insert("lead".into(), Value::from(lead));
            out.insert("from".into(), org(engine, from));
            out.insert("to".into(), org(engine, to));
            out.insert("pipeline".into(), Value::from(pipeline.as_str()));
            out.insert("owner".into(), Value::Null);
        }
        Effect::Notify {
            channel,
            org: to,
            lead,
        } => {
            out.insert("channel".into(), Value::from(channel.as_str()));
            out.insert("org".into(), org(engine, to));
            out.insert("lead".into(), Value::from(lead));
        }
        Effect::SetStage {
            lead,
            stage,
            sub_stage,
        } => {
            if let Some(lead) = lead {
                out.insert("lead".into(), Value::from(lead));
            }
            out.insert("stage".into(), Value::from(stage));
            out.insert("sub_stage".into(), sub_stage.map_or(Value::Null, Value::from));
        }
        Effect::SetOwner { lead, owner } => {
            if let Some(lead) = lead {
                out.insert("lead".into(), Value::from(lead));
            }
            out.insert("owner".into(), owner.map_or(Value::Null, Value::from));
        }
        Effect::SetSubStage { lead, sub_stage } => {
            out.insert("lead".into(), Value::from(lead));
            out.insert("sub_stage".into(), sub_stage.map_or(Value::Null, Value::from));
        }
        Effect::NotifyUser { channel, user, lead } => {
            out.insert("channel".into(), Value::from(channel.as_str()));
            out.insert("user".into(), Value::from(user));
            out.insert("lead".into(), Value::from(lead));
        }
        Effect::AddViewer { lead, user } => {
            out.insert("lead".into(), Value::from(lead));
            out.insert("user".into(), Value::from(user));
        }
        Effect::AddAlternateContact { lead, mobile } => {
            out.insert("lead".into(), Value::from(lead));
            out.insert("mobile".into(), Value::from(mobile));
        }
        Effect::CancelEvent { lead, event } => {
            out.insert("lead".into(), Value::from(lead));
            out.insert("event".into(), Value::from(event));
        }
        Effect::SetStatus {
            lead,
            status,
            linked_to,
        } => {
            out.insert("lead".into(), Value::from(lead));
            out.insert("status".into(), Value::from(status));
            out.insert("linked_to".into(), linked_to.map_or(Value::Null, Value::from));
        }
        Effect::SetVisibility { lead, list, tag } => {
            out.insert("lead".into(), Value::from(lead));
            out.insert("list".into(), Value::from(list));
            out.insert("tag".into(), Value::from(tag));
        }
        Effect::SetPipeline {
            pipeline,
            org: at,
            user,
        } => {
            out.insert("pipeline".into(), Value::from(pipeline.as_str()));
            out.insert("org".into(), org(engine, at));
            out.insert("user".into(), user.map_or(Value::Null, Value::from));
        }
        Effect::Lock { user } => {
            out.insert("user".into(), Value::from(user));
            out.insert("access".into(), Value::from("read_only"));
        }
        Effect::Record { lead, field, value } => {
            out.insert("lead".into(), Value::from(lead));
            out.insert("field".into(), Value::from(field));
            out.insert(
                "value".into(),
                match value {
                    FieldValue::Time(at) => instant(at),
                    FieldValue::Text(text) => Value::from(text),
                    FieldValue::Json(json) => json.clone(),
                },
            );
        }
        Effect::SetExpiry { lead, expires_at } => {
            out.insert("lead".into(), Value::from(lead));
            out.insert("expires_at".into(), expires_at.map_or(Value::Null, instant));
        }
        Effect::Archive { lead } | Effect::Unarchive { lead } => {
            out.insert("lead".into(), Value::from(lead));
        }
        Effect::SetMaturity { lead, maturity } => {
            out.insert("lead".into(), Value::from(lead));
            out.insert("maturity".into(), Value::from(maturity));
        }
        Effect::CreateTask {
            lead,
            task,
            subject,
            owner,
            reporter,
            start,
        } => {
            out.insert("lead".into(), Value::from(lead));
            out.insert("task".into(), Value::from(task));
            out.insert("subject".into(), subject.map_or(Value::Null, Value::from));
            out.insert("owner".into(), Value::from(owner));
            out.insert("reporter".into(), Value::from(reporter));
            out.insert("start".into(), instant(start));
        }
        Effect::AddHistory {
            lead,
            section,
            ref values,
        } => {
            out.insert("lead".into(), Value::from(lead));
            out.insert("section".into(), Value::from(section));
            let values = values
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).clone()))
                .collect();
            out.insert("values".into(), Value::Object(values));
        }
        Effect::AddFeedNote { lead, note } => {
            out.insert("lead".into(), Value::from(lead));
            out.insert("note".into(), Value::from(note));
        }
    }
    Value::Object(out)
}

/// An instant as RFC 3339 in UTC (`2026-11-23T09:30:00Z`), with
/// fractional seconds only when it has them.
pub(crate) fn instant(at: Timestamp) -> Value {
    Value::from(
        at.with_timezone(&chrono::Utc)
            .to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true),
    )
}

/// Config problems or warnings as `[{"path", "message"}, ...]`.
pub fn problems_value(problems: &[Problem]) -> Value {
    let items = problems
        .iter()
        .map(|p| {
            let mut item = Map::new();
            item.insert("path".into(), Value::from(p.path.as_str()));
            item.insert("message".into(), Value::from(p.message.as_str()));
            Value::Object(item)
        })
        .collect();
    Value::Array(items)
}

/// The error envelope `{"error": {"code", "message", "path"[, "problems"]}}`.
pub fn error_value(error: &Error) -> Value {
    let mut inner = Map::new();
    inner.insert("code".into(), Value::from(error.code.as_str()));
    inner.insert("message".into(), Value::from(error.message.as_str()));
    inner.insert("path".into(), Value::from(error.path.as_str()));
    if !error.problems.is_empty() {
        inner.insert("problems".into(), problems_value(&error.problems));
    }
    let mut out = Map::new();
    out.insert("error".into(), Value::Object(inner));
    Value::Object(out)
}

pub(crate) fn transition(engine: &Engine, decision: &TransitionDecision<'_>) -> Value {
    let mut out = decision_fields(engine, &decision.reasons, &decision.effects);
    out.insert("from".into(), Value::from(decision.from));
    out.insert("to".into(), decision.to.map_or(Value::Null, Value::from));
    Value::Object(out)
}

pub(crate) fn actions(engine: &Engine, actions: &[ActionOption<'_>]) -> Value {
    let list = actions
        .iter()
        .map(|option| {
            let mut item = Map::new();
            item.insert("action".into(), Value::from(option.action));
            item.insert("allowed".into(), Value::Bool(option.reasons.is_empty()));
            item.insert(
                "reasons".into(),
                Value::Array(option.reasons.iter().map(|r| reason_value(engine, r)).collect()),
            );
            item.insert(
                "requires".into(),
                Value::Array(option.requires.iter().map(|&f| Value::from(f)).collect()),
            );
            Value::Object(item)
        })
        .collect();
    let mut out = Map::new();
    out.insert("actions".into(), Value::Array(list));
    Value::Object(out)
}

pub(crate) fn expiry(status: &ExpiryStatus) -> Value {
    let mut out = Map::new();
    out.insert(
        "expires_at".into(),
        status.expires_at.map_or(Value::Null, instant),
    );
    out.insert("due".into(), Value::Bool(status.due));
    out.insert(
        "phase".into(),
        status.phase.map_or(Value::Null, |p| Value::from(p.as_str())),
    );
    Value::Object(out)
}

pub(crate) fn sweep(sweep: &Sweep<'_>) -> Value {
    let mut out = Map::new();
    out.insert(
        "due".into(),
        Value::Array(sweep.due.iter().map(|&id| Value::from(id)).collect()),
    );
    out.insert(
        "next_deadline".into(),
        sweep.next_deadline.map_or(Value::Null, instant),
    );
    Value::Object(out)
}
