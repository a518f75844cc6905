//! An SLA clock in words: the verdict (elapsed of the target, remaining,
//! the due time, breached or running), then every open stretch of the
//! calendar from the start to `now` and on to the due time, on the
//! calendar's wall clock, each marked counted, paused or to come, and
//! what the pauses cut out.
//!
//! Nothing here counts: the stretches are the core's
//! (`Engine::sla_spans`), the figures the answer's; the request supplies
//! only the words.

use leadrules::protocol::Request;
use leadrules::{parse_timestamp, SlaSpan, Timestamp};
use serde_json::Value;

use crate::explain_assign::Sources;

/// The most stretches listed (a long target over a sparse calendar would
/// list hundreds; the figures above them stay whole).
const MAX_SPANS: usize = 60;

/// The lines of an `sla` answer after its headline `title`; `None` when
/// the request does not read as an `sla` (the caller then shows the
/// answer's fields).
pub fn sla(sources: &Sources<'_>, title: &str, response: &Value) -> Option<Vec<String>> {
    let Request::Sla {
        calendar,
        start,
        now,
        paused,
        ..
    } = Request::parse(sources.engine, sources.request).ok()?
    else {
        return None;
    };
    let field = |key: &str| response.get(key).and_then(Value::as_str);
    let due = field("due_at").and_then(|t| parse_timestamp(t, "due_at").ok());
    let breached = response.get("breached").and_then(Value::as_bool)?;
    let state = match (breached, due) {
        (true, _) => "BREACHED",
        (false, None) => "PAUSED",
        (false, Some(_)) => "RUNNING",
    };
    let open_now = match response.get("open_now").and_then(Value::as_bool) {
        Some(true) => "open now".to_owned(),
        _ => format!(
            "closed now, opens {}",
            field("next_open").unwrap_or("not within 400 days")
        ),
    };
    let mut lines = vec![
        format!(
            "{title}: {state} (elapsed {} of {}, remaining {}, due {})",
            field("elapsed")?,
            text_of(sources.request, "target"),
            field("remaining")?,
            field("due_at").unwrap_or("none: a pause that has not ended holds the clock"),
        ),
        format!(
            "  calendar {calendar} ({}), started {}; {open_now}",
            sources.engine.calendar(calendar).ok()?.hours().zone(),
            text_of(sources.request, "start")
        ),
    ];
    let due_at = due;
    let due = due.map(|due| due.timestamp());
    let until = due.map_or(now, |due| due.max(now)).max(start);
    let marks: Vec<i64> = [Some(now), due].into_iter().flatten().collect();
    let spans = sources
        .engine
        .sla_spans(calendar, (start, until), &marks, &paused, MAX_SPANS)
        .ok()?;
    if spans.is_empty() {
        lines.push("  no open time between the start and now".to_owned());
    } else {
        lines.push("  open time from the start, on the calendar's clock:".to_owned());
    }
    // The instants marked between the stretches, in time order.
    let zone = sources.engine.calendar(calendar).ok()?.hours().zone();
    let local = |at: Timestamp| at.with_timezone(&zone).format("%a %Y-%m-%d %H:%M").to_string();
    let asked = parse_timestamp(text_of(sources.request, "now"), "now").ok()?;
    let mut markers: Vec<(i64, String)> = vec![(now, format!("now: {}", local(asked)))];
    if let Some(due_at) = due_at {
        markers.push((due_at.timestamp(), format!("due: {}", local(due_at))));
    }
    markers.sort_by_key(|(at, _)| *at);
    let mut markers = markers.into_iter().peekable();
    for span in &spans {
        while let Some((_, text)) = markers.next_if(|(at, _)| *at <= span.from.timestamp()) {
            lines.push(format!("    -- {text}"));
        }
        lines.push(format!("    {}", span_line(span, now)));
    }
    if !spans.is_empty() {
        lines.extend(markers.map(|(_, text)| format!("    -- {text}")));
    }
    if spans.len() == MAX_SPANS {
        lines.push(format!("    ... (the first {MAX_SPANS} stretches shown)"));
    }
    let paused_secs: i64 = spans.iter().filter(|s| s.paused).map(seconds).sum();
    let counted: i64 = spans
        .iter()
        .filter(|s| !s.paused && s.from.timestamp() < now)
        .map(seconds)
        .sum();
    if !paused.is_empty() {
        lines.push(format!(
            "  {} pause{}, cutting out {} of open time{}",
            paused.len(),
            if paused.len() == 1 { "" } else { "s" },
            hm(paused_secs),
            if spans.len() == MAX_SPANS {
                " in the stretches shown"
            } else {
                ""
            },
        ));
    }
    if spans.len() < MAX_SPANS {
        lines.push(format!("  counted {} before now", hm(counted)));
    }
    Some(lines)
}

/// `Mon 2026-12-21 16:00-17:00 (1h) counted` (before `now`), `to come`
/// (after it) or `paused`; a stretch that crosses midnight names both
/// dates.
fn span_line(span: &SlaSpan, now: i64) -> String {
    let from = span.from.format("%a %Y-%m-%d %H:%M");
    let to = if span.from.date_naive() == span.to.date_naive() {
        span.to.format("%H:%M").to_string()
    } else {
        span.to.format("%a %Y-%m-%d %H:%M").to_string()
    };
    let what = match (span.paused, span.from.timestamp() < now) {
        (true, _) => "paused",
        (false, true) => "counted",
        (false, false) => "to come",
    };
    format!("{from}-{to} {:>7}  {what}", format!("({})", hm(seconds(span))))
}

fn seconds(span: &SlaSpan) -> i64 {
    span.to.timestamp() - span.from.timestamp()
}

/// Seconds as `3h`, `1h30m`, `45m`, `20s`, `0m`.
fn hm(seconds: i64) -> String {
    let (h, m, s) = (seconds / 3600, seconds % 3600 / 60, seconds % 60);
    let mut text = String::new();
    if h > 0 {
        text += &format!("{h}h");
    }
    if m > 0 {
        text += &format!("{m}m");
    }
    if s > 0 {
        text += &format!("{s}s");
    }
    if text.is_empty() {
        "0m".to_owned()
    } else {
        text
    }
}

fn text_of<'r>(request: &'r Value, key: &str) -> &'r str {
    request.get(key).and_then(Value::as_str).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::hm;

    #[test]
    fn durations_read_as_hours_and_minutes() {
        assert_eq!(hm(0), "0m");
        assert_eq!(hm(3600), "1h");
        assert_eq!(hm(5400), "1h30m");
        assert_eq!(hm(45 * 60 + 20), "45m20s");
        assert_eq!(hm(72 * 3600), "72h");
    }
}
