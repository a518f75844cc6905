//! Rendering answers and errors as protocol JSON, written once against
//! [`Out`] (JSON text or a value tree). Key order is fixed so that output
//! is stable and readable.

use serde_json::Value;

use crate::effect::{Effect, FieldValue};
use crate::engine::Engine;
use crate::error::{Error, Problem};
use crate::expiry::{ExpiryStatus, Sweep};
use crate::handover::{Targets, TransferDecision};
use crate::orgs::OrgId;
use crate::protocol::answer::{named, DetailKey};
use crate::protocol::out::{Out, Tree};
use crate::protocol::Response;
use crate::reason::{DenialCode, Reason};
use crate::time::Timestamp;
use crate::workflow::{ActionOption, TransitionDecision};

/// Writes the response object of any answer.
pub(crate) fn response(engine: &Engine, response: &Response<'_>, out: &mut impl Out) {
    out.open_object();
    match response {
        Response::Transfer(decision) => transfer(engine, decision, out),
        Response::Targets(found) => targets(engine, found, out),
        Response::Decision(decision) => decision_fields(engine, &decision.reasons, &decision.effects, out),
        Response::Transition(decision) => transition(engine, decision, out),
        Response::Actions(options) => actions(engine, options, out),
        Response::Expiry(status) => expiry(status, out),
        Response::Sweep(swept) => sweep(swept, out),
    }
    out.close_object();
}

/// `allowed`, `reasons` and `effects`, the fields every decision starts with.
fn decision_fields(engine: &Engine, reasons: &[Reason<'_>], effects: &[Effect<'_>], out: &mut impl Out) {
    out.key("allowed");
    out.bool(reasons.is_empty());
    out.key("reasons");
    reason_list(engine, reasons, out);
    out.key("effects");
    out.open_array();
    for effect in effects {
        effect_object(engine, effect, out);
    }
    out.close_array();
}

fn transfer(engine: &Engine, decision: &TransferDecision<'_>, out: &mut impl Out) {
    decision_fields(engine, &decision.reasons, &decision.effects, out);
    out.field_or_null("route", decision.route.map(|r| r.as_str()));
}

fn targets(engine: &Engine, targets: &Targets, out: &mut impl Out) {
    for (key, orgs) in [
        ("handover", &targets.handover),
        ("cross_silo", &targets.cross_silo),
    ] {
        out.key(key);
        out.open_array();
        for &org in orgs {
            out.str(engine.org_name(org));
        }
        out.close_array();
    }
}

fn transition(engine: &Engine, decision: &TransitionDecision<'_>, out: &mut impl Out) {
    decision_fields(engine, &decision.reasons, &decision.effects, out);
    out.field("from", decision.from);
    out.field_or_null("to", decision.to);
}

fn actions(engine: &Engine, options: &[ActionOption<'_>], out: &mut impl Out) {
    out.key("actions");
    out.open_array();
    for option in options {
        out.open_object();
        out.field("action", option.action);
        out.key("allowed");
        out.bool(option.reasons.is_empty());
        out.key("reasons");
        reason_list(engine, &option.reasons, out);
        out.key("requires");
        out.open_array();
        for field in &option.requires {
            out.str(field);
        }
        out.close_array();
        out.close_object();
    }
    out.close_array();
}

fn expiry(status: &ExpiryStatus, out: &mut impl Out) {
    instant_field("expires_at", status.expires_at, out);
    out.key("due");
    out.bool(status.due);
    out.field_or_null("phase", status.phase.map(|p| p.as_str()));
}

fn sweep(swept: &Sweep<'_>, out: &mut impl Out) {
    out.key("due");
    out.open_array();
    for id in &swept.due {
        out.str(id);
    }
    out.close_array();
    instant_field("next_deadline", swept.next_deadline, out);
}

fn reason_list(engine: &Engine, reasons: &[Reason<'_>], out: &mut impl Out) {
    out.open_array();
    for reason in reasons {
        reason_object(engine, reason, out);
    }
    out.close_array();
}

/// A reason as `{"code", "message", <detail>}`.
fn reason_object(engine: &Engine, reason: &Reason<'_>, out: &mut impl Out) {
    reason_fields(reason.code, named(engine, reason.detail), out);
}

/// A reason object from its code and named detail, borrowed or owned alike.
pub(super) fn reason_fields(code: DenialCode, detail: Option<(DetailKey, &str)>, out: &mut impl Out) {
    out.open_object();
    out.field("code", code.as_str());
    out.field("message", code.message());
    if let Some((key, text)) = detail {
        out.field(key.as_str(), text);
    }
    out.close_object();
}

/// An effect as `{"kind", ...}`: also how an [`crate::protocol::Answer`]
/// records it.
pub(super) fn effect_object(engine: &Engine, effect: &Effect<'_>, out: &mut impl Out) {
    let org = |o: OrgId| engine.org_name(o);
    out.open_object();
    out.field("kind", effect.kind());
    match *effect {
        Effect::Transfer {
            lead,
            from,
            to,
            pipeline,
        } => {
            out.field("lead", lead);
            out.field("from", org(from));
            out.field("to", org(to));
            out.field("pipeline", pipeline.as_str());
            out.field_or_null("owner", None);
        }
        Effect::Notify {
            channel,
            org: to,
            lead,
        } => {
            out.field("channel", channel.as_str());
            out.field("org", org(to));
            out.field("lead", lead);
        }
        Effect::SetStage {
            lead,
            stage,
            sub_stage,
        } => {
            if let Some(lead) = lead {
                out.field("lead", lead);
            }
            out.field("stage", stage);
            out.field_or_null("sub_stage", sub_stage);
        }
        Effect::SetOwner { lead, owner } => {
            if let Some(lead) = lead {
                out.field("lead", lead);
            }
            out.field_or_null("owner", owner);
        }
        Effect::SetSubStage { lead, sub_stage } => {
            out.field("lead", lead);
            out.field_or_null("sub_stage", sub_stage);
        }
        Effect::NotifyUser { channel, user, lead } => {
            out.field("channel", channel.as_str());
            out.field("user", user);
            out.field("lead", lead);
        }
        Effect::AddViewer { lead, user } => {
            out.field("lead", lead);
            out.field("user", user);
        }
        Effect::AddAlternateContact { lead, mobile } => {
            out.field("lead", lead);
            out.field("mobile", mobile);
        }
        Effect::CancelEvent { lead, event } => {
            out.field("lead", lead);
            out.field("event", event);
        }
        Effect::SetStatus {
            lead,
            status,
            linked_to,
        } => {
            out.field("lead", lead);
            out.field("status", status);
            out.field_or_null("linked_to", linked_to);
        }
        Effect::SetVisibility { lead, list, tag } => {
            out.field("lead", lead);
            out.field("list", list);
            out.field("tag", tag);
        }
        Effect::SetPipeline {
            pipeline,
            org: at,
            user,
        } => {
            out.field("pipeline", pipeline.as_str());
            out.field("org", org(at));
            out.field_or_null("user", user);
        }
        Effect::Lock { user } => {
            out.field("user", user);
            out.field("access", "read_only");
        }
        Effect::Record { lead, field, value } => {
            out.field("lead", lead);
            out.field("field", field);
            match value {
                FieldValue::Time(at) => instant_field("value", Some(at), out),
                FieldValue::Text(text) => out.field("value", text),
                FieldValue::Json(json) => {
                    out.key("value");
                    out.value(json);
                }
            }
        }
        Effect::SetExpiry { lead, expires_at } => {
            out.field("lead", lead);
            instant_field("expires_at", expires_at, out);
        }
        Effect::Archive { lead } | Effect::Unarchive { lead } => out.field("lead", lead),
        Effect::SetMaturity { lead, maturity } => {
            out.field("lead", lead);
            out.field("maturity", maturity);
        }
        Effect::CreateTask {
            lead,
            task,
            subject,
            owner,
            reporter,
            start,
        } => {
            out.field("lead", lead);
            out.field("task", task);
            out.field_or_null("subject", subject);
            out.field("owner", owner);
            out.field("reporter", reporter);
            instant_field("start", Some(start), out);
        }
        Effect::AddHistory {
            lead,
            section,
            ref values,
        } => {
            out.field("lead", lead);
            out.field("section", section);
            out.key("values");
            out.open_object();
            for (name, value) in values {
                out.key(name);
                out.value(value);
            }
            out.close_object();
        }
        Effect::AddFeedNote { lead, note } => {
            out.field("lead", lead);
            out.field("note", note);
        }
    }
    out.close_object();
}

/// `"key": <instant>`: RFC 3339 in UTC (`2026-11-23T09:30:00Z`), with
/// fractional seconds only when it has them; null for none.
fn instant_field(key: &str, at: Option<Timestamp>, out: &mut impl Out) {
    let text = at.map(|at| {
        at.with_timezone(&chrono::Utc)
            .to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true)
    });
    out.field_or_null(key, text.as_deref());
}

/// A reason as `{"code", "message", <detail>}`.
pub fn reason_value(engine: &Engine, reason: &Reason<'_>) -> Value {
    let mut out = Tree::default();
    reason_object(engine, reason, &mut out);
    out.finish()
}

/// Config problems or warnings as `[{"path", "message"}, ...]`.
pub fn problems_value(problems: &[Problem]) -> Value {
    let mut out = Tree::default();
    problem_list(problems, &mut out);
    out.finish()
}

fn problem_list(problems: &[Problem], out: &mut impl Out) {
    out.open_array();
    for problem in problems {
        out.open_object();
        out.field("path", &problem.path);
        out.field("message", &problem.message);
        out.close_object();
    }
    out.close_array();
}

/// The error envelope `{"error": {"code", "message", "path"[, "problems"]}}`.
pub fn error_value(error: &Error) -> Value {
    let mut out = Tree::default();
    out.open_object();
    out.key("error");
    out.open_object();
    out.field("code", error.code.as_str());
    out.field("message", &error.message);
    out.field("path", &error.path);
    if !error.problems.is_empty() {
        out.key("problems");
        problem_list(&error.problems, &mut out);
    }
    out.close_object();
    out.close_object();
    out.finish()
}
