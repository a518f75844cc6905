//! The typed Rust face of calendars: `Engine::calendar` and `Engine::sla`
//! answer as the JSON `sla` does, and refuse what it refuses.

use chrono::TimeDelta;
use leadrules::hours::Pause;
use leadrules::{parse_timestamp, Engine, ErrorCode, Timestamp};
use serde_json::json;

fn engine() -> Engine {
    let split = json!([["09:00", "13:00"], ["14:00", "18:00"]]);
    let config = json!({"policy": {"calendars": {"office": {
        "time_zone": "Europe/Berlin",
        "hours": {"mon": split, "tue": split, "wed": split, "thu": split, "fri": split},
        "holidays": ["2026-12-25"],
        "exceptions": {"2026-12-24": [["09:00", "13:00"]]}}}}});
    Engine::from_value(&config).unwrap_or_default()
}

fn at(text: &str) -> Timestamp {
    parse_timestamp(text, "t").unwrap_or_default()
}

#[test]
fn the_handle_answers_the_three_primitives() {
    let engine = engine();
    let office = engine.calendar("office");
    assert!(office.is_ok());
    let Ok(office) = office else { return };
    let (start, end) = (at("2026-12-23T16:00:00+01:00"), at("2026-12-28T10:00:00+01:00"));
    // 16:00-18:00, 09:00-13:00 on the 24th, 09:00-10:00 on the 28th.
    assert_eq!(office.open_between(start, end), TimeDelta::hours(7));
    assert_eq!(office.open_between(end, start), TimeDelta::zero());
    assert_eq!(
        office.add(start, TimeDelta::hours(6)),
        Some(at("2026-12-24T13:00:00+01:00"))
    );
    assert_eq!(office.add(start, TimeDelta::zero()), Some(start));
    assert_eq!(office.add(start, TimeDelta::seconds(-1)), None);
    assert!(office.is_open(at("2026-12-24T12:59:59+01:00")));
    assert!(!office.is_open(at("2026-12-24T13:00:00+01:00")));
    assert_eq!(
        office.next_open(at("2026-12-24T13:00:00+01:00")),
        Some(at("2026-12-28T09:00:00+01:00"))
    );
    assert_eq!(office.next_open(start), Some(start));
}

#[test]
fn sla_answers_as_the_json_entry() {
    let engine = engine();
    let (start, now) = (at("2026-12-23T16:00:00+01:00"), at("2026-12-24T10:00:00+01:00"));
    let pauses = [Pause {
        from: at("2026-12-24T09:30:00+01:00").timestamp(),
        to: None,
    }];
    let typed = engine.sla("office", start.timestamp(), 4 * 3_600, now.timestamp(), &pauses);
    let json = engine.decide(&json!({"kind": "sla", "calendar": "office",
        "start": "2026-12-23T16:00:00+01:00", "target": "PT4H", "now": "2026-12-24T10:00:00+01:00",
        "paused": [{"from": "2026-12-24T09:30:00+01:00", "to": null}]}));
    assert_eq!(
        json.ok(),
        Some(
            json!({"due_at": null, "elapsed": "PT2H30M", "remaining": "PT1H30M", "breached": false,
                    "open_now": true, "next_open": "2026-12-24T09:00:00Z"})
        )
    );
    assert!(typed.is_ok(), "{typed:?}");
    let Ok(typed) = typed else { return };
    assert_eq!(
        (typed.due_at, typed.elapsed, typed.remaining),
        (None, 9_000, 5_400)
    );
}

#[test]
fn typed_calls_refuse_what_the_reader_refuses() {
    let engine = engine();
    let code = |r: Result<_, leadrules::Error>| r.err().map(|e| (e.code, e.path));
    assert_eq!(
        code(engine.calendar("nope").map(|_| ())),
        Some((ErrorCode::UnknownCalendar, "calendar".to_owned()))
    );
    let backwards = [
        Pause {
            from: 10,
            to: Some(20),
        },
        Pause {
            from: 30,
            to: Some(29),
        },
    ];
    assert_eq!(
        code(engine.sla("office", 0, 60, 100, &backwards).map(|_| ())),
        Some((ErrorCode::InvalidRequest, "paused[1].to".to_owned()))
    );
    assert_eq!(
        code(engine.sla("office", 0, -1, 100, &[]).map(|_| ())),
        Some((ErrorCode::InvalidRequest, "target".to_owned()))
    );
    // Instants no answer could write are refused at their fields, in the
    // order the protocol reads them (start, target, now, the pauses).
    let (first, last) = leadrules::TIME_RANGE;
    let far = |from, to| Pause { from, to };
    // (start, target, now, pauses, the error, its path)
    let cases = [
        (
            i64::MIN,
            -1,
            i64::MAX,
            vec![],
            ErrorCode::InvalidTimestamp,
            "start",
        ),
        (last, -1, i64::MAX, vec![], ErrorCode::InvalidRequest, "target"),
        (first, 0, last + 1, vec![], ErrorCode::InvalidTimestamp, "now"),
        (
            0,
            60,
            100,
            vec![far(0, None), far(first - 1, Some(0))],
            ErrorCode::InvalidTimestamp,
            "paused[1].from",
        ),
        (
            0,
            60,
            100,
            vec![far(0, Some(i64::MAX))],
            ErrorCode::InvalidTimestamp,
            "paused[0].to",
        ),
        (
            0,
            60,
            100,
            vec![far(last + 1, None), far(first, Some(last))],
            ErrorCode::InvalidTimestamp,
            "paused[0].from",
        ),
    ];
    for (start, target, now, pauses, error, path) in cases {
        assert_eq!(
            code(engine.sla("office", start, target, now, &pauses).map(|_| ())),
            Some((error, path.to_owned())),
            "{start} {target} {now} {pauses:?}"
        );
    }
    assert!(engine
        .sla("office", first, 60, first + 100, &[far(last, None)])
        .is_ok());
    assert!(engine
        .sla("office", last - 100, 60, last, &[far(first, Some(last))])
        .is_ok());
}
