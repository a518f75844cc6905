//! Cost finding 9 (RELIABILITY.md#cost): a column sweep refuses what the JSON
//! `sweep` refuses instead of coercing it — a `now` outside the years
//! 0000–9999 (an `INT64_MAX`, a NaT read as `NO_TIME`) and a time outside them
//! in any column, on any row, whether or not that row's period reads it.

use leadrules::{Engine, ErrorCode, LeadColumns, NO_TIME, TIME_RANGE};

const NOV_20: i64 = 1_795_165_200;

fn refusal(engine: &Engine, columns: &LeadColumns<'_>, now: i64) -> Option<(ErrorCode, String)> {
    engine
        .sweep_columns("partner_lead", columns, now)
        .err()
        .map(|e| (e.code, e.path))
}

#[test]
fn a_now_outside_the_calendar_is_refused_as_the_json_sweep_refuses_it() {
    let engine = Engine::default();
    let pending = engine.stage_code("partner_lead", "pending").unwrap_or(u32::MAX);
    let (stages, created) = ([pending], [NOV_20]);
    let columns = LeadColumns {
        stages: &stages,
        created_at: &created,
        ..LeadColumns::default()
    };
    for now in [i64::MAX, NO_TIME, TIME_RANGE.1 + 1, TIME_RANGE.0 - 1] {
        assert_eq!(
            refusal(&engine, &columns, now),
            Some((ErrorCode::InvalidTimestamp, "now".to_owned())),
            "{now}"
        );
        // Even with no rows: `now` itself is bad input.
        assert!(engine
            .sweep_columns("partner_lead", &LeadColumns::default(), now)
            .is_err());
    }
    let json = engine.decide_json(
        r#"{"kind": "sweep", "workflow": "partner_lead", "now": "10000-01-01T00:00:00Z", "leads": []}"#,
    );
    assert!(
        json.contains(r#""code":"invalid_timestamp""#) && json.contains(r#""path":"now""#),
        "{json}"
    );
    // The first and last second of the calendar are times like any other.
    for (now, due) in [(TIME_RANGE.0, vec![]), (TIME_RANGE.1, vec![0])] {
        let swept = engine.sweep_columns("partner_lead", &columns, now);
        assert_eq!(swept.map(|s| s.due).ok(), Some(due));
    }
}

#[test]
fn a_time_outside_the_calendar_is_refused_in_every_column_on_every_row() {
    let engine = Engine::default();
    let pending = engine.stage_code("partner_lead", "pending").unwrap_or(u32::MAX);
    let accepted = engine.stage_code("partner_lead", "accepted").unwrap_or(u32::MAX);
    let stages = [pending, accepted];
    let created = [NOV_20, NOV_20];
    for bad in [TIME_RANGE.1 + 1, i64::MAX, TIME_RANGE.0 - 1, NO_TIME + 1] {
        // Row 0 is pending: its `accepted_at` is not read, yet refused.
        let accepted_at = [bad, NOV_20];
        let columns = LeadColumns {
            stages: &stages,
            created_at: &created,
            accepted_at: Some(&accepted_at),
            ..LeadColumns::default()
        };
        assert_eq!(
            refusal(&engine, &columns, NOV_20),
            Some((ErrorCode::InvalidRequest, "accepted_at[0]".to_owned())),
            "{bad}"
        );
        // Row 1 is accepted: its `reassigned_at` is not read, yet refused.
        let accepted_at = [NO_TIME, NOV_20];
        let reassigned_at = [NO_TIME, bad];
        let columns = LeadColumns {
            stages: &stages,
            created_at: &created,
            accepted_at: Some(&accepted_at),
            reassigned_at: Some(&reassigned_at),
            ..LeadColumns::default()
        };
        assert_eq!(
            refusal(&engine, &columns, NOV_20),
            Some((ErrorCode::InvalidRequest, "reassigned_at[1]".to_owned())),
            "{bad}"
        );
    }
}
