//! Rendering answers and errors as protocol JSON. Key order is fixed so
//! that output is stable and readable.

use serde_json::{Map, Value};

use crate::effect::Effect;
use crate::engine::Engine;
use crate::error::Error;
use crate::handover::{Targets, TransferDecision};
use crate::orgs::OrgId;
use crate::reason::{Detail, Reason};

pub(crate) fn transfer(engine: &Engine, decision: &TransferDecision<'_>) -> Value {
    let mut out = Map::new();
    out.insert("allowed".into(), Value::Bool(decision.allowed()));
    out.insert(
        "reasons".into(),
        Value::Array(decision.reasons.iter().map(|r| reason_value(engine, r)).collect()),
    );
    out.insert(
        "effects".into(),
        Value::Array(decision.effects.iter().map(|e| effect_value(engine, e)).collect()),
    );
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
    }
    Value::Object(out)
}

/// The error envelope `{"error": {"code", "message", "path"[, "problems"]}}`.
pub fn error_value(error: &Error) -> Value {
    let mut inner = Map::new();
    inner.insert("code".into(), Value::from(error.code.as_str()));
    inner.insert("message".into(), Value::from(error.message.as_str()));
    inner.insert("path".into(), Value::from(error.path.as_str()));
    if !error.problems.is_empty() {
        let problems = error
            .problems
            .iter()
            .map(|p| {
                let mut item = Map::new();
                item.insert("path".into(), Value::from(p.path.as_str()));
                item.insert("message".into(), Value::from(p.message.as_str()));
                Value::Object(item)
            })
            .collect();
        inner.insert("problems".into(), Value::Array(problems));
    }
    let mut out = Map::new();
    out.insert("error".into(), Value::Object(inner));
    Value::Object(out)
}
