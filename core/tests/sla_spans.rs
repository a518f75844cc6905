//! `Engine::sla_spans`, the explainer's view of an SLA clock, adds up to
//! the clock's own answer: over many starts, targets, pauses and times of
//! the question (across Berlin's DST changes and a holiday week), the
//! unpaused stretches before `now` sum to `elapsed`, those up to the due
//! time to the target, every stretch is open and none overlaps the next.

use chrono::DateTime;
use leadrules::hours::Pause;
use leadrules::Engine;
use serde_json::json;

fn engine() -> Engine {
    let week = json!([["09:00", "13:00"], ["14:00", "18:00"]]);
    let config = json!({"policy": {"calendars": {"office": {"time_zone": "Europe/Berlin",
        "hours": {"mon": week, "tue": week, "wed": week, "thu": week, "fri": week,
                  "sun": [["22:00", "24:00"]]},
        "holidays": ["2026-12-25", "2026-12-26"],
        "exceptions": {"2026-12-24": [["09:00", "13:00"]]}}}}});
    Engine::from_value(&config).unwrap_or_default()
}

fn utc(text: &str) -> i64 {
    DateTime::parse_from_rfc3339(text).map_or(0, |t| t.timestamp())
}

#[test]
fn the_stretches_add_up_to_the_clocks_answer() {
    let engine = engine();
    let calendar = engine.calendar("office");
    assert!(calendar.is_ok(), "{calendar:?}");
    let Ok(calendar) = calendar else { return };
    let hours = calendar.hours();
    let mut checked = 0;
    for base in [
        "2026-03-26T07:10:00Z",
        "2026-10-22T13:45:00Z",
        "2026-12-22T15:20:00Z",
    ] {
        let base = utc(base);
        for step in 0..12_i64 {
            let start = base + step * 4_567;
            for target in [0, 1_800, 4 * 3_600, 13 * 3_600 + 60] {
                for (n, now_after) in [0_i64, 3_600, 30_000, 200_000, 500_000].into_iter().enumerate() {
                    let now = start + now_after;
                    let pauses: Vec<Pause> = match n % 3 {
                        0 => vec![],
                        1 => vec![
                            Pause {
                                from: start + 1_000,
                                to: Some(start + 40_000),
                            },
                            Pause {
                                from: start + 20_000,
                                to: Some(start + 90_000),
                            },
                        ],
                        _ => vec![Pause {
                            from: start + 150_000,
                            to: None,
                        }],
                    };
                    let answer = hours.sla(start, target, now, &pauses);
                    let until = answer.due_at.map_or(now, |due| due.max(now)).max(start);
                    let marks: Vec<i64> = [Some(now), answer.due_at].into_iter().flatten().collect();
                    let spans = engine.sla_spans("office", (start, until), &marks, &pauses, 10_000);
                    assert!(spans.is_ok(), "{spans:?}");
                    let spans = spans.unwrap_or_default();
                    let secs = |s: &leadrules::SlaSpan| s.to.timestamp() - s.from.timestamp();
                    let before_now: i64 = spans
                        .iter()
                        .filter(|s| !s.paused && s.to.timestamp() <= now)
                        .map(secs)
                        .sum();
                    assert_eq!(
                        before_now, answer.elapsed,
                        "start {start} now {now} target {target}"
                    );
                    if let Some(due) = answer.due_at {
                        let to_due: i64 = spans
                            .iter()
                            .filter(|s| !s.paused && s.to.timestamp() <= due)
                            .map(secs)
                            .sum();
                        assert_eq!(to_due, target, "start {start} due {due}");
                    }
                    for pair in spans.windows(2) {
                        if let [a, b] = pair {
                            assert!(a.to <= b.from, "{a:?} {b:?}");
                        }
                    }
                    for span in &spans {
                        let (from, to) = (span.from.timestamp(), span.to.timestamp());
                        assert!(from < to);
                        assert_eq!(hours.open_between(from, to), to - from, "{span:?}");
                    }
                    checked += 1;
                }
            }
        }
    }
    assert_eq!(checked, 3 * 12 * 4 * 5);
}
