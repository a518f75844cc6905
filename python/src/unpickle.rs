//! A decision read back from its response text: how a pickled `Decision`
//! loads. The text is checked to be a decision core could give, as core
//! renders it, and agreeing with itself: allowed exactly when there is no
//! reason, no effect on a denial, each reason a known code with a message
//! and at most one detail, each effect of a known kind, a known route,
//! stages as text. So a snapshot never contradicts itself, and reading its
//! reasons or effects later never fails.

use leadrules::{DenialCode, Route};
use serde_json::{Map, Value};

use crate::codes::{effect_kind_named, route_named};

/// What a decision shows without rendering, read from its response text.
pub(crate) struct Parts {
    pub(crate) allowed: bool,
    pub(crate) route: Option<Route>,
    pub(crate) codes: Vec<DenialCode>,
    pub(crate) effect_kinds: Vec<&'static str>,
    pub(crate) stages: Option<(String, Option<String>)>,
}

impl Parts {
    /// The parts of the decision `text` renders, or what makes `text` no
    /// decision's response.
    pub(crate) fn read(text: &str) -> Result<Self, String> {
        let value: Value = serde_json::from_str(text).map_err(|e| format!("not JSON ({e})"))?;
        let object = value.as_object().ok_or("not a JSON object")?;
        if let Some(key) = object.keys().find(|key| !RESPONSE_KEYS.contains(&key.as_str())) {
            return Err(format!("unknown key `{key}`"));
        }
        let allowed = object
            .get("allowed")
            .and_then(Value::as_bool)
            .ok_or("`allowed` is not a boolean")?;
        let reasons = list(object, "reasons")?;
        let effects = list(object, "effects")?;
        if allowed && !reasons.is_empty() {
            return Err("an allowed decision has reasons".to_owned());
        }
        if !allowed && reasons.is_empty() {
            return Err("a denial has no reason".to_owned());
        }
        if !allowed && !effects.is_empty() {
            return Err("a denial has effects".to_owned());
        }
        let codes = reasons
            .iter()
            .enumerate()
            .map(|(i, reason)| reason_code(reason).map_err(|e| format!("reasons[{i}]: {e}")))
            .collect::<Result<Vec<_>, _>>()?;
        let effect_kinds = effects
            .iter()
            .enumerate()
            .map(|(i, effect)| effect_kind(effect).map_err(|e| format!("effects[{i}]: {e}")))
            .collect::<Result<Vec<_>, _>>()?;
        let route = match text_or_null(object, "route")? {
            None => None,
            Some(name) => Some(route_named(name).ok_or_else(|| format!("`{name}` is no route"))?),
        };
        let stages = match object.get("from") {
            None if object.contains_key("to") => return Err("`to` without `from`".to_owned()),
            None => None,
            Some(from) => {
                let from = from.as_str().ok_or("`from` is not a string")?;
                Some((from.to_owned(), text_or_null(object, "to")?.map(str::to_owned)))
            }
        };
        Ok(Parts {
            allowed,
            route,
            codes,
            effect_kinds,
            stages,
        })
    }
}

/// The keys of a decision's response.
const RESPONSE_KEYS: [&str; 6] = ["allowed", "reasons", "effects", "route", "from", "to"];

/// The keys of a reason besides `code` and `message`: its detail.
const DETAIL_KEYS: [&str; 4] = ["org", "lead", "field", "capability"];

/// The list at `key` of a response.
fn list<'a>(object: &'a Map<String, Value>, key: &str) -> Result<&'a [Value], String> {
    object
        .get(key)
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .ok_or_else(|| format!("`{key}` is not a list"))
}

/// The text at `key`, `None` if it is null or absent.
fn text_or_null<'a>(object: &'a Map<String, Value>, key: &str) -> Result<Option<&'a str>, String> {
    match object.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(value) => value
            .as_str()
            .map(Some)
            .ok_or_else(|| format!("`{key}` is not a string")),
    }
}

/// The code of a reason as core renders it: `code` and `message` text, at
/// most one detail key, also text.
fn reason_code(reason: &Value) -> Result<DenialCode, String> {
    let reason = reason.as_object().ok_or("not an object")?;
    let code = reason
        .get("code")
        .and_then(Value::as_str)
        .ok_or("`code` is not a string")?;
    let code = DenialCode::from_name(code).ok_or_else(|| format!("`{code}` is no denial code"))?;
    if !reason.get("message").is_some_and(Value::is_string) {
        return Err("`message` is not a string".to_owned());
    }
    let mut details = 0;
    for (key, value) in reason {
        if key == "code" || key == "message" {
            continue;
        }
        if !DETAIL_KEYS.contains(&key.as_str()) {
            return Err(format!("unknown key `{key}`"));
        }
        if !value.is_string() {
            return Err(format!("`{key}` is not a string"));
        }
        details += 1;
    }
    if details > 1 {
        return Err("more than one detail key".to_owned());
    }
    Ok(code)
}

/// The kind of an effect: an object whose `kind` is one of core's.
fn effect_kind(effect: &Value) -> Result<&'static str, String> {
    let kind = effect
        .as_object()
        .ok_or("not an object")?
        .get("kind")
        .and_then(Value::as_str)
        .ok_or("`kind` is not a string")?;
    effect_kind_named(kind).ok_or_else(|| format!("`{kind}` is no effect kind"))
}
