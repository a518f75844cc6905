//! The column sweep over leads whose template names a calendar: for books
//! across Berlin's autumn DST change and a Christmas week with holidays
//! and a short day, the rows it finds due and the next deadline are
//! exactly those of the row-wise sweep over lead structs, and each
//! lead's deadline is the calendar's own `Calendar::add` of the period to
//! its anchor. Books both under and over the size at which the sweep keeps
//! a memo of zone offsets are swept, at every deadline and a second before.

use chrono::{DateTime, TimeDelta};
use leadrules::{Engine, ExpiryClock, LeadColumns, Timestamp, WorkflowLead, NO_TIME};
use serde_json::json;

/// A split-shift calendar in Berlin with two holidays and a short day,
/// and templates counting its open time (`first_touch`) beside one that
/// counts plain days (`default`), so a book mixes both paths.
fn engine() -> Engine {
    let week = json!([["09:00", "13:00"], ["14:00", "18:00"]]);
    let config = json!({"policy": {
        "calendars": {"office": {"time_zone": "Europe/Berlin",
            "hours": {"mon": week, "tue": week, "wed": week, "thu": week, "fri": week},
            "holidays": ["2026-12-25", "2026-12-26", "2026-10-26"],
            "exceptions": {"2026-12-24": [["09:00", "13:00"]], "2026-10-24": [["10:00", "12:00"]]}}},
        "templates": {"first_touch": {"calendar": "office", "pending": "PT8H", "accepted": "PT40H"}}}});
    let engine = Engine::from_value(&config);
    assert!(engine.is_ok(), "{engine:?}");
    engine.unwrap_or_default()
}

fn at(seconds: i64) -> Timestamp {
    DateTime::from_timestamp(seconds, 0)
        .unwrap_or_default()
        .fixed_offset()
}

fn utc(text: &str) -> i64 {
    DateTime::parse_from_rfc3339(text)
        .map(|t| t.timestamp())
        .unwrap_or(NO_TIME)
}

/// One lead of the book: its stage, template, and times.
#[derive(Debug, Clone)]
struct Row {
    id: String,
    accepted: bool,
    template: &'static str,
    created: i64,
    accepted_at: i64,
}

/// Leads created every `step` seconds from `from`, alternately pending and
/// accepted (accepted 90 minutes after creation), three in four naming
/// the calendar's template.
fn book(from: &str, count: usize, step: i64) -> Vec<Row> {
    let start = utc(from);
    (0..count)
        .map(|i| {
            let created = start + step * i64::try_from(i).unwrap_or_default();
            Row {
                id: format!("L{i}"),
                accepted: i % 2 == 1,
                template: if i % 4 == 3 { "default" } else { "first_touch" },
                created,
                accepted_at: created + 5_400,
            }
        })
        .collect()
}

fn leads(rows: &[Row]) -> Vec<WorkflowLead<'_>> {
    rows.iter()
        .map(|row| WorkflowLead {
            id: &row.id,
            stage: if row.accepted { "accepted" } else { "pending" },
            template: Some(row.template),
            clock: ExpiryClock {
                created_at: Some(at(row.created)),
                accepted_at: row.accepted.then(|| at(row.accepted_at)),
                ..ExpiryClock::default()
            },
            ..WorkflowLead::default()
        })
        .collect()
}

/// Each row's deadline by hand: the calendar's `add` for the calendar
/// template, plain days for the default (P7D pending, P30D accepted).
fn deadlines(engine: &Engine, rows: &[Row]) -> Vec<i64> {
    let calendar = engine.calendar("office");
    assert!(calendar.is_ok());
    let Ok(calendar) = calendar else { return Vec::new() };
    rows.iter()
        .map(|row| {
            let (anchor, hours, days) = if row.accepted {
                (row.accepted_at, 40, 30)
            } else {
                (row.created, 8, 7)
            };
            if row.template == "default" {
                return anchor + days * 86_400;
            }
            let due = calendar.add(at(anchor), TimeDelta::hours(hours));
            assert!(due.is_some(), "{row:?}");
            due.map_or(NO_TIME, |t| t.timestamp())
        })
        .collect()
}

/// Sweeps `rows` both ways at every deadline and a second before each,
/// and checks both against the deadlines by hand.
fn sweep_agrees(rows: &[Row]) {
    let engine = engine();
    let expected = deadlines(&engine, rows);
    let stages: Vec<u32> = rows
        .iter()
        .map(|row| {
            let stage = if row.accepted { "accepted" } else { "pending" };
            engine.stage_code("partner_lead", stage).unwrap_or(u32::MAX)
        })
        .collect();
    let templates: Vec<u32> = rows
        .iter()
        .map(|row| engine.template_code(row.template).unwrap_or(u32::MAX))
        .collect();
    let created: Vec<i64> = rows.iter().map(|row| row.created).collect();
    let accepted: Vec<i64> = rows
        .iter()
        .map(|row| if row.accepted { row.accepted_at } else { NO_TIME })
        .collect();
    let columns = LeadColumns {
        stages: &stages,
        created_at: &created,
        accepted_at: Some(&accepted),
        templates: Some(&templates),
        ..LeadColumns::default()
    };
    let structs = leads(rows);
    let mut probes: Vec<i64> = expected.iter().flat_map(|&d| [d - 1, d]).collect();
    probes.push(created.iter().copied().min().unwrap_or_default());
    for now in probes {
        let by_columns = engine.sweep_columns("partner_lead", &columns, now);
        assert!(by_columns.is_ok(), "{by_columns:?}");
        let by_columns = by_columns.unwrap_or_default();
        let by_rows = engine.sweep("partner_lead", &structs, at(now));
        assert!(by_rows.is_ok(), "{by_rows:?}");
        let by_rows = by_rows.unwrap_or_default();

        let due: Vec<usize> = (0..rows.len())
            .filter(|&i| expected.get(i).is_some_and(|&d| now >= d))
            .collect();
        let next = expected.iter().copied().filter(|&d| d > now).min();
        assert_eq!(by_columns.due, due, "columns at {}", at(now));
        assert_eq!(by_columns.next_deadline, next, "columns at {}", at(now));
        let due_ids: Vec<&str> = due
            .iter()
            .filter_map(|&i| rows.get(i).map(|row| row.id.as_str()))
            .collect();
        assert_eq!(by_rows.due, due_ids, "rows at {}", at(now));
        assert_eq!(
            by_rows.next_deadline.map(|t| t.timestamp()),
            next,
            "rows at {}",
            at(now)
        );
    }
}

#[test]
fn a_dst_week_swept_by_columns_answers_as_by_rows_and_by_the_calendar() {
    // From Thursday 22 October 2026 to Thursday 29th, every 97 minutes:
    // Berlin leaves summer time on Sunday the 25th; Saturday the 24th has
    // its own short hours, Monday the 26th is closed.
    let rows = book("2026-10-22T06:13:00Z", 104, 97 * 60);
    assert!(rows.len() > 16, "a book large enough for the offset memo");
    sweep_agrees(&rows);
}

#[test]
fn a_holiday_week_swept_by_columns_answers_as_by_rows_and_by_the_calendar() {
    // From Monday 21 December 2026, every 131 minutes: the 24th closes at
    // 13:00, the 25th and 26th are holidays.
    sweep_agrees(&book("2026-12-21T07:30:00Z", 90, 131 * 60));
}

#[test]
fn a_small_book_takes_the_path_without_the_memo_and_agrees_too() {
    sweep_agrees(&book("2026-10-23T13:45:00Z", 7, 11 * 3_600 + 17 * 60));
    sweep_agrees(&book("2026-12-23T15:00:00Z", 5, 9 * 3_600));
}

#[test]
fn deadlines_by_hand_across_the_dst_change_and_the_holidays() {
    let engine = engine();
    let rows = [
        // Friday 23 October 16:00 CEST, 8 hours pending: Friday 16–18,
        // Saturday's short day 10–12, Monday a holiday, Tuesday 09–13:
        // due at 13:00 CET, 12:00 UTC.
        ("2026-10-23T14:00:00Z", "2026-10-27T12:00:00Z"),
        // Thursday 24 December 10:00 CET, 8 hours: 3 that morning, the
        // holidays and the weekend, then Monday 28th 09–13 and 14–15.
        ("2026-12-24T09:00:00Z", "2026-12-28T14:00:00Z"),
        // Used up at a closing time: Thursday 17 December 14:00, 8 hours,
        // is 14–18 and Friday 09–13, so 13:00 CET (not 14:00).
        ("2026-12-17T13:00:00Z", "2026-12-18T12:00:00Z"),
    ];
    let book: Vec<Row> = rows
        .iter()
        .enumerate()
        .map(|(i, (created, _))| Row {
            id: format!("H{i}"),
            accepted: false,
            template: "first_touch",
            created: utc(created),
            accepted_at: NO_TIME,
        })
        .collect();
    let found = deadlines(&engine, &book);
    let wanted: Vec<i64> = rows.iter().map(|(_, due)| utc(due)).collect();
    assert_eq!(found, wanted);
    sweep_agrees(&book);
}
