//! Reading an [`Answer`] back from its response JSON (how a pickled Python
//! decision loads, with no engine). The text must be a decision core could
//! give, as core renders it, agreeing with itself: allowed exactly when
//! there is no reason, no effect on a denial, each reason a known code with
//! a message and at most one detail, each effect of a known kind, a known
//! route, stages as text. So an answer read back never contradicts itself.
//!
//! A reason's message is prose that may change between versions: it must
//! be text, and the answer renders its code's message of this version.

use std::fmt;

use serde_json::{Map, Value};

use crate::effect::Effect;
use crate::handover::Route;
use crate::json::{self, Refusal};
use crate::protocol::answer::{Answer, AnswerReason, Shape};
use crate::protocol::fields::DetailKey;
use crate::reason::DenialCode;
use crate::unknown_keys::RequestWarning;
use crate::vocabulary::WarningCode;

/// Why a text is no decision's response: where (`reasons[0]`, or empty for
/// the response object) and what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnswerError {
    /// The item the problem is in, as a path (`effects[2]`); empty for the
    /// response object itself.
    pub path: String,
    /// What is wrong with it.
    pub message: String,
}

impl fmt::Display for AnswerError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            f.write_str(&self.message)
        } else {
            write!(f, "{}: {}", self.path, self.message)
        }
    }
}

impl std::error::Error for AnswerError {}

/// The keys of a decision's response.
const RESPONSE_KEYS: [&str; 8] = [
    "allowed",
    "reasons",
    "effects",
    "route",
    "alternative",
    "from",
    "to",
    "warnings",
];

/// The keys of a transfer denial's `alternative`.
const ALTERNATIVE_KEYS: [&str; 3] = ["kind", "allowed", "reasons"];

/// The keys of a warning.
const WARNING_KEYS: [&str; 3] = ["code", "path", "message"];

/// Every key of an effect besides `kind`, of every kind: the keys
/// `render::effect_fields` writes (core/tests/answers.rs reads back every
/// conformance vector's plan through them).
pub(super) const EFFECT_KEYS: [&str; 28] = [
    "lead",
    "from",
    "to",
    "pipeline",
    "owner",
    "channel",
    "org",
    "stage",
    "sub_stage",
    "user",
    "mobile",
    "event",
    "status",
    "linked_to",
    "list",
    "tag",
    "access",
    "field",
    "value",
    "expires_at",
    "maturity",
    "task",
    "subject",
    "reporter",
    "start",
    "section",
    "values",
    "note",
];

/// The routes, by name.
const ROUTES: [Route; 2] = [Route::Handover, Route::CrossSilo];

fn problem(message: impl Into<String>) -> AnswerError {
    AnswerError {
        path: String::new(),
        message: message.into(),
    }
}

fn at(list: &str, index: usize) -> impl FnOnce(String) -> AnswerError + '_ {
    move |message| AnswerError {
        path: format!("{list}[{index}]"),
        message,
    }
}

impl Answer {
    /// The answer whose response JSON `text` is, or why `text` is none:
    /// not JSON (a key repeated in an object included), or not a decision
    /// core could give.
    pub fn read(text: &str) -> Result<Answer, AnswerError> {
        let value = json::parse(text).map_err(|refusal| match refusal {
            Refusal::NotJson(e) => problem(format!("not JSON ({e})")),
            Refusal::Repeated(path) => AnswerError {
                path,
                message: "this key appears twice in its object".to_owned(),
            },
        })?;
        Answer::from_value(&value)
    }

    /// The answer whose response object `value` is (as [`Answer::read`]).
    pub fn from_value(value: &Value) -> Result<Answer, AnswerError> {
        let object = value.as_object().ok_or_else(|| problem("not a JSON object"))?;
        if let Some(key) = object.keys().find(|key| !RESPONSE_KEYS.contains(&key.as_str())) {
            return Err(problem(format!("unknown key `{key}`")));
        }
        let allowed = object
            .get("allowed")
            .and_then(Value::as_bool)
            .ok_or_else(|| problem("`allowed` is not a boolean"))?;
        let reasons = list(object, "reasons")?;
        let effects = list(object, "effects")?;
        if allowed && !reasons.is_empty() {
            return Err(problem("an allowed decision has reasons"));
        }
        if !allowed && reasons.is_empty() {
            return Err(problem("a denial has no reason"));
        }
        if !allowed && !effects.is_empty() {
            return Err(problem("a denial has effects"));
        }
        let mut answer = Answer::new(Shape::Decision);
        for (i, reason) in reasons.iter().enumerate() {
            let reason = reason_parts(reason).map_err(at("reasons", i))?;
            answer.push_reason(reason.code, reason.detail);
        }
        for (i, effect) in effects.iter().enumerate() {
            effect_into(effect, &mut answer).map_err(at("effects", i))?;
        }
        let shape = match (object.contains_key("route"), object.get("from")) {
            (true, Some(_)) => return Err(problem("both `route` and `from`: no decision has both")),
            (true, None) => Shape::Transfer(match text_or_null(object, "route")? {
                None => None,
                Some(name) => Some(
                    ROUTES
                        .into_iter()
                        .find(|r| r.as_str() == name)
                        .ok_or_else(|| problem(format!("`{name}` is no route")))?,
                ),
            }),
            (false, None) if object.contains_key("to") => return Err(problem("`to` without `from`")),
            (false, None) => Shape::Decision,
            (false, Some(from)) => {
                let from = from.as_str().ok_or_else(|| problem("`from` is not a string"))?;
                let to = text_or_null(object, "to")?;
                Shape::Transition {
                    from: answer.push_text(from),
                    to: to.map(|to| answer.push_text(to)),
                }
            }
        };
        match (object.get("alternative"), &shape) {
            (None, _) => {}
            (Some(alternative), Shape::Transfer(Some(route))) if !allowed => {
                alternative_into(alternative, *route, &mut answer).map_err(|message| AnswerError {
                    path: "alternative".to_owned(),
                    message,
                })?;
            }
            (Some(_), _) => return Err(problem("`alternative` beside no transfer denial with a route")),
        }
        answer.set_shape(shape);
        match object.get("warnings") {
            None => Ok(answer),
            Some(warnings) => {
                let warnings = warnings
                    .as_array()
                    .ok_or_else(|| problem("`warnings` is not a list"))?
                    .iter()
                    .enumerate()
                    .map(|(i, warning)| warning_of(warning).map_err(at("warnings", i)))
                    .collect::<Result<Vec<_>, _>>()?;
                if warnings.is_empty() {
                    return Err(problem(
                        "`warnings` is empty: an answer without warnings has none",
                    ));
                }
                Ok(answer.with_warnings(warnings))
            }
        }
    }
}

/// Sets the answer's other mechanism from its JSON: `{"kind", "allowed",
/// "reasons"}`, the kind the answer's route, allowed exactly when there is
/// no reason.
fn alternative_into(alternative: &Value, route: Route, answer: &mut Answer) -> Result<(), String> {
    let object = alternative.as_object().ok_or("not an object")?;
    if let Some(key) = object
        .keys()
        .find(|key| !ALTERNATIVE_KEYS.contains(&key.as_str()))
    {
        return Err(format!("unknown key `{key}`"));
    }
    if object.get("kind").and_then(Value::as_str) != Some(route.as_str()) {
        return Err(format!("`kind` is not the route `{}`", route.as_str()));
    }
    let allowed = object
        .get("allowed")
        .and_then(Value::as_bool)
        .ok_or("`allowed` is not a boolean")?;
    let reasons = object
        .get("reasons")
        .and_then(Value::as_array)
        .ok_or("`reasons` is not a list")?;
    if allowed != reasons.is_empty() {
        return Err("`allowed` disagrees with its reasons".to_owned());
    }
    let mut held = smallvec::SmallVec::new();
    for (i, reason) in reasons.iter().enumerate() {
        let reason = reason_parts(reason).map_err(|message| format!("reasons[{i}]: {message}"))?;
        held.push(answer.held_reason(reason.code, reason.detail));
    }
    answer.set_alternative(route, held);
    Ok(())
}

/// A warning as core renders it: `code`, `path` and `message`, all text.
fn warning_of(warning: &Value) -> Result<RequestWarning, String> {
    let warning = warning.as_object().ok_or("not an object")?;
    if let Some(key) = warning.keys().find(|key| !WARNING_KEYS.contains(&key.as_str())) {
        return Err(format!("unknown key `{key}`"));
    }
    let text = |key: &str| {
        warning
            .get(key)
            .and_then(Value::as_str)
            .ok_or_else(|| format!("`{key}` is not a string"))
    };
    let code = text("code")?;
    Ok(RequestWarning {
        code: WarningCode::from_name(code).ok_or_else(|| format!("`{code}` is no warning code"))?,
        path: text("path")?.to_owned(),
        message: text("message")?.to_owned(),
    })
}

/// The list at `key` of a response.
fn list<'a>(object: &'a Map<String, Value>, key: &str) -> Result<&'a [Value], AnswerError> {
    object
        .get(key)
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .ok_or_else(|| problem(format!("`{key}` is not a list")))
}

/// The text at `key`, `None` if it is null or absent.
fn text_or_null<'a>(object: &'a Map<String, Value>, key: &str) -> Result<Option<&'a str>, AnswerError> {
    match object.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(value) => value
            .as_str()
            .map(Some)
            .ok_or_else(|| problem(format!("`{key}` is not a string"))),
    }
}

/// The code and detail of a reason as core renders it: `code` and
/// `message` text, at most one detail key, also text.
fn reason_parts(reason: &Value) -> Result<AnswerReason<'_>, String> {
    let reason = reason.as_object().ok_or("not an object")?;
    let code = reason
        .get("code")
        .and_then(Value::as_str)
        .ok_or("`code` is not a string")?;
    let code = DenialCode::from_name(code).ok_or_else(|| format!("`{code}` is no denial code"))?;
    if !reason.get("message").is_some_and(Value::is_string) {
        return Err("`message` is not a string".to_owned());
    }
    let mut detail = None;
    for (key, value) in reason {
        if key == "code" || key == "message" {
            continue;
        }
        let key = DetailKey::from_name(key).ok_or_else(|| format!("unknown key `{key}`"))?;
        let text = value
            .as_str()
            .ok_or_else(|| format!("`{}` is not a string", key.as_str()))?;
        if detail.replace((key, text)).is_some() {
            return Err("more than one detail key".to_owned());
        }
    }
    Ok(AnswerReason { code, detail })
}

/// Pushes an effect: an object whose `kind` is one of core's; its other
/// keys, each one an effect has, are its fields, in order.
fn effect_into(effect: &Value, answer: &mut Answer) -> Result<(), String> {
    let effect = effect.as_object().ok_or("not an object")?;
    let kind = effect
        .get("kind")
        .and_then(Value::as_str)
        .ok_or("`kind` is not a string")?;
    let kind = Effect::KINDS
        .into_iter()
        .find(|&k| k == kind)
        .ok_or_else(|| format!("`{kind}` is no effect kind"))?;
    answer.push_effect(kind);
    for (key, value) in effect {
        if key != "kind" {
            let key = EFFECT_KEYS
                .into_iter()
                .find(|&k| k == key)
                .ok_or_else(|| format!("unknown key `{key}`"))?;
            answer.read_field(key, value);
        }
    }
    Ok(())
}
