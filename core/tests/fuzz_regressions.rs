//! Every finding of the fuzz targets (fuzz/), kept as a test: the input
//! that showed it, reduced by hand, and the answer it must get.

use leadrules::{Engine, ExpiryClock, LeadColumns, WorkflowLead, NO_TIME};

fn at(seconds: i64) -> Option<leadrules::Timestamp> {
    chrono::DateTime::from_timestamp(seconds, 0).map(|t| t.fixed_offset())
}

/// sweep_columns, crash-d06d6db8: a lead at rest (a stage without an
/// expiry period) with `expires_at` before `created_at` was refused by the
/// column sweep but answered by the struct sweep. Both now check the order
/// only where a period runs, and agree.
#[test]
fn a_lead_at_rest_with_an_early_host_deadline_is_swept_alike_by_columns_and_structs() {
    let engine = Engine::default();
    let (created, expires, now) = (1_795_426_200, 1_795_000_000, 1_795_500_000);
    let lead = WorkflowLead {
        clock: ExpiryClock {
            created_at: at(created),
            expires_at: at(expires),
            ..ExpiryClock::default()
        },
        ..WorkflowLead::new("L0", "closed_converted")
    };
    let by_structs = engine.sweep("partner_lead", &[lead], at(now).unwrap_or_default());
    let stage = engine.stage_code("partner_lead", "closed_converted");
    let stages = [stage.unwrap_or(u32::MAX)];
    let columns = LeadColumns {
        stages: &stages,
        created_at: &[created],
        expires_at: Some(&[expires]),
        accepted_at: Some(&[NO_TIME]),
        reassigned_at: None,
        templates: None,
    };
    let by_columns = engine.sweep_columns("partner_lead", &columns, now);
    assert!(
        by_structs
            .as_ref()
            .is_ok_and(|s| s.due.is_empty() && s.next_deadline.is_none()),
        "{by_structs:?}"
    );
    assert!(
        by_columns
            .as_ref()
            .is_ok_and(|s| s.due.is_empty() && s.next_deadline.is_none()),
        "{by_columns:?}"
    );

    // Where the pending period runs, both refuse the same book.
    let pending = [engine.stage_code("partner_lead", "pending").unwrap_or(u32::MAX)];
    let refused = engine.sweep_columns(
        "partner_lead",
        &LeadColumns {
            stages: &pending,
            ..columns
        },
        now,
    );
    assert_eq!(refused.map_err(|e| e.path), Err("expires_at[0]".to_owned()));
    let lead = WorkflowLead {
        clock: ExpiryClock {
            created_at: at(created),
            expires_at: at(expires),
            ..ExpiryClock::default()
        },
        ..WorkflowLead::new("L0", "pending")
    };
    let refused = engine.sweep("partner_lead", &[lead], at(now).unwrap_or_default());
    assert_eq!(refused.map_err(|e| e.path), Err("leads[0].expires_at".to_owned()));
}

/// decide, crash-96fb9e9a: a form value with a long mantissa (a budget of
/// 124 digits) came back one unit in the last place different after a
/// round trip through the text answer: serde_json parsed numbers on a
/// best-effort basis. Numbers are now read correctly rounded
/// (`float_roundtrip`), so the value read is the one Rust's and Python's own
/// parsers give, and it survives being written and read again.
#[test]
fn long_numbers_are_read_correctly_rounded_and_survive_the_text_answer() {
    let digits = format!("25044{}00", "4".repeat(117));
    let exact: f64 = digits.parse().unwrap_or_default();
    let request = format!(
        r#"{{"kind": "transition", "workflow": "creatio_lead", "action": "proceed_to_handoff",
            "now": "2026-11-23T09:30:00Z", "actor": {{"id": "m1", "org": "hq", "role": "manager"}},
            "lead": {{"id": "C3", "stage": "handoff_to_sales", "owner": "m1"}},
            "fields": {{"need_type": "new_equipment", "budget": {digits}, "sales_owner": "u7",
                        "sales_division": "direct", "meeting_at": "2026-12-01T10:00:00+01:00",
                        "decision_at": "2026-12-15T17:00:00Z", "notes": "n"}}}}"#
    );
    let engine = Engine::from_json(r#"{"orgs": [{"id": "hq"}]}"#).unwrap_or_default();
    let budget = |answer: &serde_json::Value| {
        answer
            .get("effects")
            .and_then(|e| e.get(1))
            .and_then(|e| e.get("values"))
            .and_then(|v| v.get("budget"))
            .and_then(serde_json::Value::as_f64)
    };
    let by_value = leadrules::protocol::request_value(&request)
        .and_then(|v| engine.decide(&v))
        .ok();
    let by_text = engine
        .decide_json(&request)
        .into_result()
        .ok()
        .and_then(|text| serde_json::from_str::<serde_json::Value>(&text).ok());
    assert_eq!(by_value.as_ref().and_then(budget), Some(exact));
    assert_eq!(by_text.as_ref().and_then(budget), Some(exact));
}

/// hours (found while writing the target's out-of-range checks): the raw
/// Unix-second primitives overflowed on instants far outside the years
/// 0000–9999 (`i64::MIN`, `i64::MAX`), which NumPy's NaT or a host's
/// sentinel can carry. The calendar is closed outside those years.
#[test]
fn business_hours_far_outside_the_years_are_closed_not_an_overflow() -> Result<(), String> {
    let config = r#"{"policy": {"calendars": {"c": {"time_zone": "Europe/Berlin",
        "hours": {"mon": [["09:00", "17:00"]]}}}}}"#;
    let engine = Engine::from_json(config).map_err(|e| e.to_string())?;
    let calendar = engine.calendar("c").map_err(|e| e.to_string())?;
    let hours = calendar.hours();
    let first_monday_2026 = 1_767_600_000; // 2026-01-05T08:00:00Z = 09:00 in Berlin
    assert_eq!(hours.open_between(i64::MIN, i64::MIN + 10), 0);
    assert_eq!(hours.open_between(i64::MAX - 10, i64::MAX), 0);
    assert_eq!(
        hours.open_between(i64::MIN, i64::MAX),
        hours.open_between(-62_167_219_200, 253_402_300_800)
    );
    assert_eq!(
        hours.open_between(i64::MIN, first_monday_2026 + 3600),
        hours.open_between(-62_167_219_200, first_monday_2026) + 3600
    );
    for (at, open) in [(i64::MIN, 60), (i64::MIN, 0), (i64::MAX, 60), (i64::MAX - 1, 0)] {
        let due = hours.add(at, open);
        if open == 0 {
            assert_eq!(due, Some(at));
        } else if at > 0 {
            assert_eq!(due, None);
        } else {
            let due = due.ok_or_else(|| format!("no deadline from {at}"))?;
            assert_eq!(hours.open_between(at, due), open);
        }
    }
    assert!(!hours.is_open(i64::MIN) && !hours.is_open(i64::MAX));
    assert_eq!(hours.next_open(i64::MIN), None);
    assert_eq!(hours.next_open(i64::MAX), None);
    assert_eq!(hours.next_open(first_monday_2026 - 60), Some(first_monday_2026));
    for (start, now) in [
        (i64::MIN, 0),
        (0, i64::MAX),
        (i64::MIN, i64::MAX),
        (i64::MAX, i64::MIN),
    ] {
        let answer = hours.sla(start, 60, now, &[]);
        assert!(
            answer.elapsed >= 0 && answer.remaining >= 0 && answer.breached == (answer.elapsed >= 60),
            "{answer:?}"
        );
    }
    Ok(())
}
