//! An answer in words, rendered from the response JSON alone: a decision
//! as ALLOWED or DENIED with its reasons and effects, any other answer as
//! its fields. Nothing here knows a rule, so every kind (and any field a
//! later protocol adds) is shown.

use leadrules::DenialCode;
use serde_json::{Map, Value};

use crate::describe;
use crate::explain_assign::{self, Sources};
use crate::{explain_match, explain_sla};

/// How far each level of detail is indented.
const INDENT: &str = "  ";

/// The keys every decision has, shown as the verdict, reasons and effects
/// rather than as plain fields.
const DECISION_KEYS: [&str; 3] = ["allowed", "reasons", "effects"];

/// The request (as text) and its response, as lines of text without a
/// final newline.
pub fn explain(request: &str, response: &Value) -> String {
    let title = describe::headline(request);
    let mut lines = Vec::new();
    match response.get("error") {
        Some(error) => lines.push(format!("{title}: ERROR {}", error_text(error))),
        None => match response {
            Value::Object(map) => push_response_lines(&title, map, 0, &mut lines),
            other => lines.push(format!("{title}: {other}")),
        },
    }
    lines.join("\n")
}

/// [`explain`], with the words only the engine, the config and the read
/// request give: an `assign` answer rule by rule and member by member, an
/// `sla` clock with the open time it counted, a `match` with the keys each
/// candidate shares, a `change_owner` denial with the facts behind each
/// reason.
pub fn explain_answer(sources: Option<&Sources<'_>>, request: &str, response: &Value) -> String {
    let kind = sources
        .and_then(|s| s.request.get("kind"))
        .and_then(Value::as_str);
    match (sources, kind) {
        (Some(sources), Some("assign")) if response.get("error").is_none() => {
            let title = describe::headline(request);
            match explain_assign::assign(sources, &title, response) {
                Some(lines) => lines.join("\n"),
                None => explain(request, response),
            }
        }
        (Some(sources), Some(kind @ ("sla" | "match"))) if response.get("error").is_none() => {
            let title = describe::headline(request);
            let lines = if kind == "sla" {
                explain_sla::sla(sources, &title, response)
            } else {
                explain_match::matches(sources, &title, response)
            };
            match lines {
                Some(lines) => lines.join("\n"),
                None => explain(request, response),
            }
        }
        (Some(sources), Some("change_owner")) if response.get("error").is_none() => {
            let text = explain(request, response);
            let lines: Vec<String> = text
                .lines()
                .map(|line| match line.strip_prefix("  - ") {
                    Some(reason) => format!("  - {}", with_fact(reason, sources.request)),
                    None => line.to_owned(),
                })
                .collect();
            lines.join("\n")
        }
        _ => explain(request, response),
    }
}

/// A `change_owner` reason line with the request's fact behind its code
/// (`not_lead_owner: ... (owner u2)`).
fn with_fact(reason: &str, request: &Value) -> String {
    let at = |pointer: &str| {
        request
            .pointer(pointer)
            .map_or_else(|| "none".to_owned(), inline_value)
    };
    let code = reason.split(':').next().unwrap_or_default();
    let Some(known) = DenialCode::from_name(code) else {
        return reason.to_owned();
    };
    let fact = match known {
        DenialCode::CapabilityRequired => format!("role {}", at("/actor/role")),
        DenialCode::NotInLeadOrg => format!("actor of {}, lead of {}", at("/actor/org"), at("/lead/org")),
        DenialCode::NotLeadOwner => format!("owner {}, actor {}", at("/lead/owner"), at("/actor/id")),
        DenialCode::AssigneeOutsideOrg => format!(
            "{} of {}, lead of {}",
            at("/to/id"),
            at("/to/org"),
            at("/lead/org")
        ),
        DenialCode::AssigneeNotLicensed => format!("{} has role {}", at("/to/id"), at("/to/role")),
        DenialCode::SameOwner => format!("owner {}", at("/lead/owner")),
        DenialCode::LockedAfterHandover => "handed over to sales".to_owned(),
        _ => return reason.to_owned(),
    };
    match reason.strip_suffix(')') {
        Some(open) if open.contains(" (") => format!("{open}; {fact})"),
        _ => format!("{reason} ({fact})"),
    }
}

/// `code at path: message` (no `at` for the root).
fn error_text(error: &Value) -> String {
    let field = |key| error.get(key).and_then(Value::as_str).unwrap_or_default();
    match field("path") {
        "" => format!("{}: {}", field("code"), field("message")),
        path => format!("{} at {path}: {}", field("code"), field("message")),
    }
}

/// `title: VERDICT (fields)` or `title: fields`, then the reasons, the
/// effects and any list of objects (the options of `actions`), indented.
fn push_response_lines(title: &str, map: &Map<String, Value>, depth: usize, lines: &mut Vec<String>) {
    let indent = INDENT.repeat(depth);
    let fields: Vec<String> = map
        .iter()
        .filter(|(key, value)| !DECISION_KEYS.contains(&key.as_str()) && !is_object_list(value))
        .map(|(key, value)| format!("{key} {}", inline_value(value)))
        .collect();
    let fields = fields.join(", ");
    let line = match map.get("allowed").and_then(Value::as_bool) {
        Some(allowed) => {
            let verdict = if allowed { "ALLOWED" } else { "DENIED" };
            if fields.is_empty() {
                format!("{indent}{title}: {verdict}")
            } else {
                format!("{indent}{title}: {verdict} ({fields})")
            }
        }
        None if fields.is_empty() => format!("{indent}{title}:"),
        None => format!("{indent}{title}: {fields}"),
    };
    lines.push(line);
    let inner = INDENT.repeat(depth + 1);
    for reason in objects(map.get("reasons")) {
        lines.push(format!(
            "{inner}- {}",
            reason_or_effect_line(reason, "code", "message")
        ));
    }
    for effect in objects(map.get("effects")) {
        lines.push(format!("{inner}+ {}", reason_or_effect_line(effect, "kind", "")));
    }
    push_object_lists(map, depth, &[], lines);
}

/// Every list of objects of `map` (or object) but the decision's own and
/// those `shown` already, as lines indented one level below `depth`: the
/// options of `actions`, a denial's `alternative`, the warnings.
pub fn push_object_lists(map: &Map<String, Value>, depth: usize, shown: &[&str], lines: &mut Vec<String>) {
    for (key, value) in map {
        if DECISION_KEYS.contains(&key.as_str()) || shown.contains(&key.as_str()) || !is_object_list(value) {
            continue;
        }
        for (i, object) in objects(Some(value)).enumerate() {
            // An option is titled by its first field (`action` of
            // `actions`) and shown without it; an object by its key too
            // (`alternative cross_silo`).
            let mut rest = object.clone();
            let title = match object.iter().next() {
                Some((first, Value::String(name))) => {
                    rest.shift_remove(first);
                    if value.is_object() {
                        format!("{key} {name}")
                    } else {
                        name.clone()
                    }
                }
                _ if value.is_object() => key.clone(),
                _ => format!("{key}[{i}]"),
            };
            push_response_lines(&title, &rest, depth + 1, lines);
        }
    }
}

/// A reason or an effect: `head: lead text (other fields)` for a reason
/// (`code: message (org hq)`), `head: fields` for an effect
/// (`transfer: lead L1, from north, to hq`).
pub fn reason_or_effect_line(object: &Map<String, Value>, head: &str, text: &str) -> String {
    let head_value = object.get(head).map(inline_value).unwrap_or_default();
    let text_value = object.get(text).map(inline_value);
    let rest: Vec<String> = object
        .iter()
        .filter(|(key, _)| *key != head && *key != text)
        .map(|(key, value)| format!("{key} {}", inline_value(value)))
        .collect();
    match (text_value, rest.is_empty()) {
        (Some(text), true) => format!("{head_value}: {text}"),
        (Some(text), false) => format!("{head_value}: {text} ({})", rest.join(", ")),
        (None, true) => head_value,
        (None, false) => format!("{head_value}: {}", rest.join(", ")),
    }
}

/// The objects of a list, or an object itself.
fn objects(value: Option<&Value>) -> impl Iterator<Item = &Map<String, Value>> {
    let one = value.and_then(Value::as_object);
    value
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_object)
        .chain(one)
}

/// A non-empty array of objects, or an object (a denial's `alternative`):
/// shown as lines, not inline.
fn is_object_list(value: &Value) -> bool {
    value.is_object()
        || value
            .as_array()
            .is_some_and(|items| !items.is_empty() && items.iter().all(Value::is_object))
}

/// A value inline: text bare, null and empty lists as `none`, other lists
/// in brackets, objects as compact JSON.
pub fn inline_value(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        Value::Null => "none".to_owned(),
        Value::Array(items) if items.is_empty() => "none".to_owned(),
        Value::Array(items) => format!(
            "[{}]",
            items.iter().map(inline_value).collect::<Vec<_>>().join(", ")
        ),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::explain;
    use serde_json::json;

    const HANDOVER: &str =
        r#"{"kind": "handover", "actor": {"id": "u1"}, "lead": {"id": "L1", "org": "north"}, "to": "hq"}"#;

    #[test]
    fn decisions_show_verdict_reasons_and_effects() {
        let allowed = json!({"allowed": true, "reasons": [], "effects": [
            {"kind": "transfer", "lead": "L1", "from": "north", "to": "hq", "owner": null}], "route": "handover"});
        assert_eq!(
            explain(HANDOVER, &allowed),
            "handover L1 north → hq by u1: ALLOWED (route handover)\n  \
             + transfer: lead L1, from north, to hq, owner none"
        );
        let denied = json!({"allowed": false, "reasons": [
            {"code": "cross_silo_required", "message": "use cross silo", "org": "hq"},
            {"code": "not_lead_owner", "message": "not yours"}], "effects": [], "route": null});
        assert_eq!(
            explain(HANDOVER, &denied),
            "handover L1 north → hq by u1: DENIED (route none)\n  \
             - cross_silo_required: use cross silo (org hq)\n  \
             - not_lead_owner: not yours"
        );
    }

    #[test]
    fn other_answers_show_their_fields_and_options() {
        let sweep = json!({"due": ["A", "C"], "next_deadline": "2026-11-30T00:00:00Z"});
        assert_eq!(
            explain(r#"{"kind": "sweep", "leads": []}"#, &sweep),
            "sweep 0 leads: due [A, C], next_deadline 2026-11-30T00:00:00Z"
        );
        let actions = json!({"actions": [
            {"action": "accept", "allowed": true, "reasons": [], "requires": []},
            {"action": "decline", "allowed": false,
             "reasons": [{"code": "not_partner_user", "message": "no"}], "requires": ["reason"]}]});
        assert_eq!(
            explain(r#"{"kind": "actions"}"#, &actions),
            "actions:\n  accept: ALLOWED (requires none)\n  decline: DENIED (requires [reason])\n    \
             - not_partner_user: no"
        );
        let error = json!({"error": {"code": "unknown_org", "message": "unknown org `mars`", "path": "to"}});
        assert_eq!(
            explain(HANDOVER, &error),
            "handover L1 north → hq by u1: ERROR unknown_org at to: unknown org `mars`"
        );
    }
}
