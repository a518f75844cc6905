//! Rendering answers and errors as protocol JSON, written once against
//! [`Out`] (JSON text or a value tree). Key order is fixed so that output
//! is stable and readable.

use serde_json::Value;

use crate::assignment::{Assignment, Assignments};
use crate::duration::open_time_text;
use crate::effect::{Effect, FieldValue};
use crate::engine::Engine;
use crate::error::{Error, Problem};
use crate::expiry::ExpiryStatus;
use crate::handover::{Targets, TransferDecision};
use crate::hours::SlaAnswer;
use crate::matching::Matches;
use crate::orgs::OrgId;
use crate::protocol::fields::{named, DetailKey, Fields, OutFields};
use crate::protocol::out::{self, Out, Tree};
use crate::protocol::types::Response;
use crate::reason::{DenialCode, Reason};
use crate::sweep::Sweep;
use crate::time::Timestamp;
use crate::unknown_keys::RequestWarning;
use crate::workflow::{ActionOption, TransitionDecision};

impl Engine {
    /// Renders a response as its JSON object.
    pub fn render(&self, response: &Response<'_>) -> Value {
        self.render_warned(response, &[])
    }

    /// Renders a response into any [`Out`] (a binding's own objects).
    pub fn render_into(&self, response: &Response<'_>, out: &mut impl Out) {
        self::response(self, response, &[], out);
    }

    /// Renders a response as compact JSON text, exactly as
    /// `render(response).to_string()` but without the value tree.
    pub fn render_json(&self, response: &Response<'_>) -> String {
        self.render_json_warned(response, &[])
    }

    /// [`Engine::render`] with the request's warnings (its `warnings` key,
    /// last, when there are any).
    pub fn render_warned(&self, response: &Response<'_>, warnings: &[RequestWarning]) -> Value {
        let mut out = out::Tree::default();
        self::response(self, response, warnings, &mut out);
        out.finish()
    }

    /// [`Engine::render_into`] with the request's warnings.
    pub fn render_into_warned(
        &self,
        response: &Response<'_>,
        warnings: &[RequestWarning],
        out: &mut impl Out,
    ) {
        self::response(self, response, warnings, out);
    }

    /// [`Engine::render_json`] with the request's warnings.
    pub fn render_json_warned(&self, response: &Response<'_>, warnings: &[RequestWarning]) -> String {
        let mut out = out::Text::default();
        self::response(self, response, warnings, &mut out);
        out.finish()
    }
}

/// Writes the response object of any answer, and the request's warnings
/// after its own keys (an answer without warnings has no `warnings` key:
/// it reads exactly as an ignoring engine's).
pub(crate) fn response(
    engine: &Engine,
    response: &Response<'_>,
    warnings: &[RequestWarning],
    out: &mut impl Out,
) {
    out.open_object();
    match response {
        Response::Transfer(decision) => transfer(engine, decision, out),
        Response::Targets(found) => targets(engine, found, out),
        Response::Decision(decision) => decision_fields(engine, &decision.reasons, &decision.effects, out),
        Response::Transition(decision) => transition(engine, decision, out),
        Response::Actions(options) => actions(engine, options, out),
        Response::Expiry(status) => expiry(status, out),
        Response::Sweep(swept) => sweep(swept, out),
        Response::Assignment(assignment) => assignment_fields(engine, assignment, out),
        Response::Assignments(batch) => assignments(engine, batch, out),
        Response::MatchKeys(keys) => {
            out.key("keys");
            text_list(keys, out);
        }
        Response::MatchKeysMany(batch) => {
            out.key("lead_keys");
            out.open_array();
            for keys in batch {
                text_list(keys, out);
            }
            out.close_array();
        }
        Response::Matches(found) => matches(engine, found, out),
        Response::Sla(answer) => sla(answer, out),
    }
    if !warnings.is_empty() {
        out.key("warnings");
        warning_list(warnings, out);
    }
    out.close_object();
}

/// One lead's assignment: the decision's fields, then `rule`, `pool`,
/// `assignee` and `skipped` (`{"member", "pool", "reasons"}`, the reasons
/// without detail keys).
fn assignment_fields(engine: &Engine, assignment: &Assignment<'_>, out: &mut impl Out) {
    decision_fields(engine, &assignment.reasons, &assignment.effects, out);
    out.field_or_null("rule", assignment.rule);
    out.field_or_null("pool", assignment.pool);
    out.field_or_null("assignee", assignment.assignee);
    out.key("skipped");
    out.open_array();
    for skipped in &assignment.skipped {
        out.open_object();
        out.field("member", skipped.member);
        out.field("pool", skipped.pool);
        out.key("reasons");
        out.open_array();
        for code in skipped.reasons.iter() {
            reason_fields(code, None, out);
        }
        out.close_array();
        out.close_object();
    }
    out.close_array();
}

/// A batch: `assignments` (each as one lead's answer) and `cursors` (pool
/// → cursor after the batch, in the order the pools were first used).
fn assignments(engine: &Engine, batch: &Assignments<'_>, out: &mut impl Out) {
    out.key("assignments");
    out.open_array();
    for assignment in &batch.assignments {
        out.open_object();
        assignment_fields(engine, assignment, out);
        out.close_object();
    }
    out.close_array();
    out.key("cursors");
    out.open_object();
    for (pool, cursor) in &batch.cursors {
        out.field(pool, cursor);
    }
    out.close_object();
}

/// `["...", ...]`.
fn text_list(texts: &[String], out: &mut impl Out) {
    out.open_array();
    for text in texts {
        out.str(text);
    }
    out.close_array();
}

/// `match`: `allowed`, `reasons` (`duplicate_blocked` with `lead`) and
/// `matches` (`{"lead", "rules", "action"}` in candidate order); no
/// `effects`, since a match changes nothing.
fn matches(engine: &Engine, found: &Matches<'_>, out: &mut impl Out) {
    out.key("allowed");
    out.bool(found.allowed());
    out.key("reasons");
    reason_list(engine, &found.reasons, out);
    out.key("matches");
    out.open_array();
    for matched in &found.matches {
        out.open_object();
        out.field("lead", matched.lead);
        out.key("rules");
        out.open_array();
        for rule in &matched.rules {
            out.str(rule);
        }
        out.close_array();
        out.field("action", matched.action.as_str());
        out.close_object();
    }
    out.close_array();
}

/// `[{"code", "path", "message"}, ...]`.
pub(super) fn warning_list(warnings: &[RequestWarning], out: &mut impl Out) {
    out.open_array();
    for warning in warnings {
        out.open_object();
        out.field("code", warning.code.as_str());
        out.field("path", &warning.path);
        out.field("message", &warning.message);
        out.close_object();
    }
    out.close_array();
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
    out.field_or_null("route", decision.kind.route.map(|r| r.as_str()));
    if let Some(alternative) = &decision.kind.alternative {
        out.key("alternative");
        out.open_object();
        out.field("kind", alternative.route.as_str());
        out.key("allowed");
        out.bool(alternative.allowed());
        out.key("reasons");
        out.open_array();
        for reason in alternative.reasons(&decision.reasons) {
            reason_object(engine, &reason, out);
        }
        out.close_array();
        out.close_object();
    }
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
    out.field("from", decision.kind.from);
    out.field_or_null("to", decision.kind.to);
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

/// `due_at`, `elapsed`, `remaining`, `breached`, `open_now`, `next_open`.
fn sla(answer: &SlaAnswer, out: &mut impl Out) {
    let instant = |seconds: Option<i64>| {
        seconds
            .and_then(|s| chrono::DateTime::from_timestamp(s, 0))
            .map(|at| at.fixed_offset())
    };
    instant_field("due_at", instant(answer.due_at), out);
    out.key("elapsed");
    out.str(&open_time_text(answer.elapsed));
    out.key("remaining");
    out.str(&open_time_text(answer.remaining));
    out.key("breached");
    out.bool(answer.breached);
    out.key("open_now");
    out.bool(answer.open_now);
    instant_field("next_open", instant(answer.next_open), out);
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

/// An effect as `{"kind", ...}`.
fn effect_object(engine: &Engine, effect: &Effect<'_>, out: &mut impl Out) {
    out.open_object();
    out.field("kind", effect.kind());
    effect_fields(engine, effect, &mut OutFields(out));
    out.close_object();
}

/// The fields of an effect after its `kind`: the one statement of each
/// kind's format, for rendering and for an owned answer alike.
pub(super) fn effect_fields(engine: &Engine, effect: &Effect<'_>, out: &mut impl Fields) {
    let org = |o: OrgId| engine.org_name(o);
    match *effect {
        Effect::Transfer {
            lead,
            from,
            to,
            pipeline,
        } => {
            out.text("lead", lead);
            out.text("from", org(from));
            out.text("to", org(to));
            out.word("pipeline", pipeline.as_str());
            out.text_or_null("owner", None);
        }
        Effect::Notify {
            channel,
            org: to,
            lead,
        } => {
            out.word("channel", channel.as_str());
            out.text("org", org(to));
            out.text("lead", lead);
        }
        Effect::SetStage {
            lead,
            stage,
            sub_stage,
        } => {
            if let Some(lead) = lead {
                out.text("lead", lead);
            }
            out.text("stage", stage);
            out.text_or_null("sub_stage", sub_stage);
        }
        Effect::SetOwner { lead, owner } => {
            if let Some(lead) = lead {
                out.text("lead", lead);
            }
            out.text_or_null("owner", owner);
        }
        Effect::SetSubStage { lead, sub_stage } => {
            out.text("lead", lead);
            out.text_or_null("sub_stage", sub_stage);
        }
        Effect::NotifyUser { channel, user, lead } => {
            out.word("channel", channel.as_str());
            out.text("user", user);
            out.text("lead", lead);
        }
        Effect::AddViewer { lead, user } => {
            out.text("lead", lead);
            out.text("user", user);
        }
        Effect::AddAlternateContact { lead, mobile } => {
            out.text("lead", lead);
            out.text("mobile", mobile);
        }
        Effect::CancelEvent { lead, event } => {
            out.text("lead", lead);
            out.text("event", event);
        }
        Effect::SetStatus {
            lead,
            status,
            linked_to,
        } => {
            out.text("lead", lead);
            out.text("status", status);
            out.text_or_null("linked_to", linked_to);
        }
        Effect::SetVisibility { lead, list, tag } => {
            out.text("lead", lead);
            out.text("list", list);
            out.text("tag", tag);
        }
        Effect::SetPipeline {
            lead,
            pipeline,
            org: at,
            user,
        } => {
            if let Some(lead) = lead {
                out.text("lead", lead);
            }
            out.word("pipeline", pipeline.as_str());
            out.text("org", org(at));
            out.text_or_null("user", user);
        }
        Effect::Lock { lead, user } => {
            if let Some(lead) = lead {
                out.text("lead", lead);
            }
            out.text("user", user);
            out.word("access", "read_only");
        }
        Effect::Record { lead, field, value } => {
            out.text("lead", lead);
            out.text("field", field);
            match value {
                FieldValue::Time(at) => out.instant("value", Some(at)),
                FieldValue::Text(text) => out.text("value", text),
                FieldValue::Json(json) => out.json("value", json),
            }
        }
        Effect::SetExpiry { lead, expires_at } => {
            if let Some(lead) = lead {
                out.text("lead", lead);
            }
            out.instant("expires_at", expires_at);
        }
        Effect::Archive { lead } | Effect::Unarchive { lead } => out.text("lead", lead),
        Effect::SetMaturity { lead, maturity } => {
            out.text("lead", lead);
            out.text("maturity", maturity);
        }
        Effect::CreateTask {
            lead,
            task,
            subject,
            owner,
            reporter,
            start,
        } => {
            out.text("lead", lead);
            out.text("task", task);
            out.text_or_null("subject", subject);
            out.text("owner", owner);
            out.text("reporter", reporter);
            out.instant("start", Some(start));
        }
        Effect::AddHistory {
            lead,
            section,
            ref values,
        } => {
            out.text("lead", lead);
            out.text("section", section);
            out.object("values", values);
        }
        Effect::AddFeedNote { lead, note } => {
            out.text("lead", lead);
            out.text("note", note);
        }
        Effect::AdvanceCursor { pool, cursor } => {
            out.text("pool", pool);
            out.text("cursor", cursor);
        }
    }
}

/// `"key": <instant>` into an [`Out`], as an effect writes it.
fn instant_field(key: &'static str, at: Option<Timestamp>, out: &mut impl Out) {
    OutFields(out).instant(key, at);
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
