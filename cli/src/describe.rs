//! The headline of an explained answer: what was asked, read from the
//! request's common fields (kind, action, lead, orgs, workflow, actor,
//! time). Any kind gets one; a field a kind does not have is left out.

use serde_json::Value;

/// The longest piece of raw request text quoted in a headline.
const QUOTED: usize = 60;

/// `handover L1 north → hq by u1`, `transition accept L9 (partner_lead:
/// pending) by p7 at 2026-11-23T09:30:00Z`, `sweep 3 leads (partner_lead)
/// at ...`; for text that is not a JSON object, the text itself.
pub fn headline(text: &str) -> String {
    match serde_json::from_str::<Value>(text) {
        Ok(request @ Value::Object(_)) => of_request(&request),
        _ => format!("request `{}`", quoted(text.trim())),
    }
}

fn of_request(request: &Value) -> String {
    let text = |pointer: &str| request.pointer(pointer).and_then(Value::as_str);
    let mut parts: Vec<String> = vec![text("/kind").unwrap_or("request").to_owned()];
    parts.extend(text("/action").map(str::to_owned));
    // The subject: one lead, two leads (link), or a book of leads (sweep).
    if let Some(lead) = text("/lead/id") {
        parts.push(lead.to_owned());
    } else if let (Some(primary), Some(secondary)) = (text("/primary/id"), text("/secondary/id")) {
        parts.push(format!("{primary} + {secondary}"));
    } else if let Some(leads) = request.get("leads").and_then(Value::as_array) {
        parts.push(format!(
            "{} lead{}",
            leads.len(),
            if leads.len() == 1 { "" } else { "s" }
        ));
    }
    match (text("/lead/org"), text("/to")) {
        (Some(from), Some(to)) => parts.push(format!("{from} → {to}")),
        (None, Some(to)) => parts.push(format!("→ {to}")),
        (Some(org), None) => parts.push(format!("in {org}")),
        (None, None) => {}
    }
    // A user the lead is given to (`change_owner`).
    parts.extend(text("/to/id").map(|user| format!("to {user}")));
    match (text("/workflow"), text("/lead/stage")) {
        (Some(workflow), Some(stage)) => parts.push(format!("({workflow}: {stage})")),
        (Some(workflow), None) => parts.push(format!("({workflow})")),
        (None, _) => {}
    }
    parts.extend(text("/calendar").map(|calendar| format!("on {calendar}")));
    if let Some(candidates) = request.get("candidates").and_then(Value::as_array) {
        parts.push(format!(
            "against {} candidate{}",
            candidates.len(),
            if candidates.len() == 1 { "" } else { "s" }
        ));
    }
    parts.extend(text("/actor/id").map(|actor| format!("by {actor}")));
    parts.extend(text("/now").map(|now| format!("at {now}")));
    parts.join(" ")
}

/// At most [`QUOTED`] characters of `text`, marked when cut.
fn quoted(text: &str) -> String {
    match text.char_indices().nth(QUOTED) {
        Some((cut, _)) => format!("{}…", text.get(..cut).unwrap_or(text)),
        None => text.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::headline;

    #[test]
    fn headlines_name_what_was_asked() {
        assert_eq!(
            headline(
                r#"{"kind": "handover", "actor": {"id": "u1", "org": "north"},
                    "lead": {"id": "L1", "org": "north"}, "to": "hq"}"#
            ),
            "handover L1 north → hq by u1"
        );
        assert_eq!(
            headline(
                r#"{"kind": "transition", "workflow": "partner_lead", "action": "accept",
                    "now": "2026-11-23T09:30:00Z", "actor": {"id": "p7"},
                    "lead": {"id": "L9", "stage": "pending"}}"#
            ),
            "transition accept L9 (partner_lead: pending) by p7 at 2026-11-23T09:30:00Z"
        );
        assert_eq!(
            headline(r#"{"kind": "sweep", "workflow": "partner_lead", "leads": [{}, {}]}"#),
            "sweep 2 leads (partner_lead)"
        );
        assert_eq!(
            headline(r#"{"kind": "link", "primary": {"id": "A"}, "secondary": {"id": "B"}}"#),
            "link A + B"
        );
        assert_eq!(
            headline(
                r#"{"kind": "change_owner", "actor": {"id": "m1"}, "lead": {"id": "L9", "org": "north"},
                    "to": {"id": "u1", "org": "north"}}"#
            ),
            "change_owner L9 in north to u1 by m1"
        );
        assert_eq!(
            headline(r#"{"kind": "sla", "calendar": "office", "now": "2026-12-22T15:00:00+01:00"}"#),
            "sla on office at 2026-12-22T15:00:00+01:00"
        );
        assert_eq!(
            headline(r#"{"kind": "match", "lead": {"id": "L1"}, "candidates": [{}, {}]}"#),
            "match L1 against 2 candidates"
        );
        assert_eq!(headline("{oops"), "request `{oops`");
        assert_eq!(headline("[1]"), "request `[1]`");
        let long = "x".repeat(100);
        assert_eq!(headline(&long), format!("request `{}…`", "x".repeat(60)));
    }
}
