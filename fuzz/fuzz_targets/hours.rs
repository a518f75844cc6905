//! Business hours and the SLA clock on any calendar and any instants:
//! never a panic, and the answers hold together — `add`'s instant has
//! exactly the open time asked for and is the first that has it,
//! `next_open` is open with nothing open before it, open time adds up
//! over a split, and `sla`'s fields agree with each other and with the
//! primitives (the due time is where the clock reaches the target).
//!
//! The input is bytes read in order, little-endian, missing bytes read as
//! zero (fuzz/seed_corpora.py writes seeds in this layout):
//! - a source byte: even, a calendar of the `sla` conformance configs
//!   (then a byte choosing the config and one choosing the calendar);
//!   odd, a generated calendar (read after the question);
//! - the question: a mode byte (bit 0: the anchor is any i64 instead of
//!   within 2010–2030; bit 1: instants on quarter hours), the anchor
//!   (i64), `start`, `now` (i32 each, seconds from the anchor, within 90
//!   days), the target (u32, seconds, below 200 hours), a pause count
//!   byte (at most 5) and per pause `from`, `to` (i32 each, from the
//!   anchor) and an ongoing byte (odd: `to` is null);
//! - a generated calendar: a zone byte, then for each weekday an interval
//!   count byte and per interval a gap byte (quarter hours after the
//!   last end, mod 96) and a length byte (one more than it, mod 48,
//!   quarter hours, clipped at 24:00), a holiday count byte and per
//!   holiday a day byte (days from the anchor's, −128 to 127), an
//!   exception count byte and per exception a day byte and its
//!   intervals as a weekday's.

#![no_main]

use std::collections::BTreeMap;
use std::sync::OnceLock;

use leadrules::hours::{BusinessHours, Pause, SlaAnswer};
use leadrules::{Engine, ErrorCode, TIME_RANGE};
use libfuzzer_sys::fuzz_target;
use serde_json::{json, Value};

const DAY: i64 = 86_400;
/// 2010-01-01T00:00:00Z: the near anchors fall in the twenty years after.
const NEAR_FROM: i64 = 1_262_304_000;
const NEAR_SPAN: i64 = 20 * 365 * DAY;
const WITHIN: i64 = 90 * DAY;
const MAX_TARGET: u32 = 200 * 3_600;
const ZONES: [&str; 14] = [
    "UTC",
    "Europe/Berlin",
    "America/New_York",
    "Australia/Lord_Howe",
    "America/Santiago",
    "Asia/Kolkata",
    "Pacific/Apia",
    "America/St_Johns",
    "Europe/Dublin",
    "Africa/Casablanca",
    "Asia/Tehran",
    "Pacific/Chatham",
    "Antarctica/Troll",
    "Europe/Moscow",
];
const WEEKDAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

/// The fuzzer's bytes, read in order; zero once they run out.
struct Bytes<'a>(&'a [u8]);

impl Bytes<'_> {
    fn take<const N: usize>(&mut self) -> [u8; N] {
        let mut out = [0; N];
        let n = N.min(self.0.len());
        out[..n].copy_from_slice(&self.0[..n]);
        self.0 = &self.0[n..];
        out
    }
    fn u8(&mut self) -> u8 {
        self.take::<1>()[0]
    }
    fn i32(&mut self) -> i32 {
        i32::from_le_bytes(self.take())
    }
    fn u32(&mut self) -> u32 {
        u32::from_le_bytes(self.take())
    }
    fn i64(&mut self) -> i64 {
        i64::from_le_bytes(self.take())
    }
}

/// The question asked of a calendar, in Unix seconds.
#[derive(Debug)]
struct Question {
    anchor: i64,
    start: i64,
    now: i64,
    target: i64,
    pauses: Vec<Pause>,
}

fn question(bytes: &mut Bytes<'_>) -> Question {
    let mode = bytes.u8();
    let raw = bytes.i64();
    let anchor = if mode & 1 == 1 { raw } else { NEAR_FROM + raw.rem_euclid(NEAR_SPAN) };
    let quarter = mode & 2 == 2;
    let near = |bytes: &mut Bytes<'_>| {
        let at = anchor.saturating_add(i64::from(bytes.i32()) % WITHIN);
        if quarter {
            at.saturating_sub(at.rem_euclid(900))
        } else {
            at
        }
    };
    let start = near(bytes);
    let now = near(bytes);
    let target = i64::from(bytes.u32() % MAX_TARGET);
    let count = bytes.u8() % 6;
    let pauses = (0..count)
        .map(|_| {
            let from = near(bytes);
            let to = near(bytes);
            let ongoing = bytes.u8() % 2 == 1;
            Pause {
                from,
                to: (!ongoing).then_some(to),
            }
        })
        .collect();
    Question {
        anchor,
        start,
        now,
        target,
        pauses,
    }
}

/// A weekday's or an exception's intervals, `HH:MM` text.
fn intervals(bytes: &mut Bytes<'_>, most: u8) -> Value {
    let clock = |q: u32| format!("{:02}:{:02}", q / 4, q % 4 * 15);
    let mut out = Vec::new();
    let mut end = 0u32;
    for _ in 0..bytes.u8() % most {
        let start = end + u32::from(bytes.u8() % 96);
        let stop = (start + 1 + u32::from(bytes.u8() % 48)).min(96);
        if start >= stop {
            break;
        }
        out.push(json!([clock(start), clock(stop)]));
        end = stop;
    }
    Value::Array(out)
}

/// A generated calendar's config; its dates lie around the anchor's.
fn generated(bytes: &mut Bytes<'_>, anchor: i64) -> Value {
    let zone = ZONES[usize::from(bytes.u8()) % ZONES.len()];
    let mut hours = serde_json::Map::new();
    for day in WEEKDAYS {
        hours.insert(day.to_owned(), intervals(bytes, 4));
    }
    let date = |bytes: &mut Bytes<'_>| {
        let day = anchor.div_euclid(DAY).checked_add(i64::from(bytes.u8() as i8))?;
        chrono::DateTime::from_timestamp(day.checked_mul(DAY)?, 0).map(|t| t.date_naive().to_string())
    };
    let holidays: Vec<String> = (0..bytes.u8() % 4).filter_map(|_| date(bytes)).collect();
    let mut exceptions = BTreeMap::new();
    for _ in 0..bytes.u8() % 4 {
        let day = date(bytes);
        let list = intervals(bytes, 3);
        if let Some(day) = day {
            exceptions.insert(day, list);
        }
    }
    json!({"policy": {"calendars": {"c": {
        "time_zone": zone, "hours": hours, "holidays": holidays, "exceptions": exceptions,
    }}}})
}

/// The engines of the `sla` vectors that load, each with its calendars.
fn conformance() -> &'static [(Engine, Vec<String>)] {
    static ENGINES: OnceLock<Vec<(Engine, Vec<String>)>> = OnceLock::new();
    ENGINES.get_or_init(|| {
        let file: Value =
            serde_json::from_str(include_str!("../../tests/conformance/sla.json")).expect("sla.json is JSON");
        let configs = file["configs"].as_object().cloned().unwrap_or_default();
        configs
            .values()
            .filter_map(|config| {
                let names: Vec<String> = config["policy"]["calendars"].as_object()?.keys().cloned().collect();
                let engine = Engine::from_value(config).ok()?;
                (!names.is_empty()).then_some((engine, names))
            })
            .collect()
    })
}

fuzz_target!(|data: &[u8]| {
    let mut bytes = Bytes(data);
    let source = bytes.u8();
    let choice = if source % 2 == 0 { Some((bytes.u8(), bytes.u8())) } else { None };
    let asked = question(&mut bytes);
    let built;
    let (engine, name) = match choice {
        Some((config, calendar)) => {
            let engines = conformance();
            let (engine, names) = &engines[usize::from(config) % engines.len()];
            (engine, names[usize::from(calendar) % names.len()].as_str())
        }
        None => match Engine::from_value(&generated(&mut bytes, asked.anchor)) {
            Ok(engine) => {
                built = engine;
                (&built, "c")
            }
            Err(error) => {
                // Every generated interval list is valid: only the
                // calendar as a whole may be refused (it never opens).
                assert_eq!(error.code, ErrorCode::InvalidConfig, "{error:?}");
                assert!(error.path.starts_with("policy.calendars.c"), "{error:?}");
                return;
            }
        },
    };
    let hours = engine.calendar(name).expect("the calendar exists").hours();
    check_sla(engine, name, hours, &asked);
    // The raw primitives take instants RFC 3339 can write: the engine's
    // calls (fuzzed above with any i64) refuse the others first.
    let in_range = |t: i64| (TIME_RANGE.0..=TIME_RANGE.1).contains(&t);
    if in_range(asked.start) && in_range(asked.now) {
        check_primitives(hours, asked.start.min(asked.now), asked.start.max(asked.now), asked.target);
    }
});

/// `sla` through the engine: refused exactly when an instant is out of
/// range, and otherwise consistent with itself and the primitives.
fn check_sla(engine: &Engine, name: &str, hours: &BusinessHours, q: &Question) {
    let in_range = |t: i64| (TIME_RANGE.0..=TIME_RANGE.1).contains(&t);
    let instants_ok = in_range(q.start)
        && in_range(q.now)
        && q.pauses.iter().all(|p| in_range(p.from) && p.to.is_none_or(in_range));
    let ordered = q.pauses.iter().all(|p| p.to.is_none_or(|to| to >= p.from));
    let answer = match engine.sla(name, q.start, q.target, q.now, &q.pauses) {
        Ok(answer) => answer,
        Err(error) => {
            assert!(!instants_ok || !ordered, "refused a good question {q:?}: {error:?}");
            assert!(
                matches!(error.code, ErrorCode::InvalidTimestamp | ErrorCode::InvalidRequest),
                "{error:?}"
            );
            return;
        }
    };
    assert!(instants_ok && ordered, "answered a bad question {q:?}: {answer:?}");
    let SlaAnswer {
        due_at,
        elapsed,
        remaining,
        breached,
        open_now,
        next_open,
    } = answer;
    assert!(elapsed >= 0 && remaining >= 0, "{q:?} {answer:?}");
    assert_eq!(breached, elapsed >= q.target, "{q:?} {answer:?}");
    assert_eq!(remaining, (q.target - elapsed).max(0), "{q:?} {answer:?}");
    if !breached {
        assert_eq!(elapsed + remaining, q.target, "{q:?} {answer:?}");
    }
    assert_eq!(open_now, hours.is_open(q.now), "{q:?} {answer:?}");
    assert_eq!(next_open, hours.next_open(q.now), "{q:?} {answer:?}");
    let open = if q.start < q.now { hours.open_between(q.start, q.now) } else { 0 };
    assert!(elapsed <= open, "paused time counted: {q:?} {answer:?} (open {open})");
    if q.pauses.is_empty() {
        assert_eq!(elapsed, open, "{q:?} {answer:?}");
        assert_eq!(due_at, hours.add(q.start, q.target), "{q:?} {answer:?}");
    }
    let elapsed_at = |t: i64| {
        engine
            .sla(name, q.start, q.target, t, &q.pauses)
            .expect("the same question at another instant")
            .elapsed
    };
    match due_at {
        Some(due) if q.target > 0 => {
            assert!(due > q.start, "{q:?} {answer:?}");
            assert_eq!(elapsed_at(due), q.target, "not used up at due_at: {q:?} {answer:?}");
            assert_eq!(elapsed_at(due - 1), q.target - 1, "used up before due_at: {q:?} {answer:?}");
            assert_eq!(breached, q.now >= due, "{q:?} {answer:?}");
        }
        Some(due) => assert_eq!(due, q.start, "{q:?} {answer:?}"),
        None => assert!(!breached, "breached with no due time: {q:?} {answer:?}"),
    }
}

/// The three primitives on `[a, b]` and `target` seconds of open time.
fn check_primitives(hours: &BusinessHours, a: i64, b: i64, target: i64) {
    let open = hours.open_between(a, b);
    assert!((0..=b - a).contains(&open), "open_between({a}, {b}) = {open}");
    let mid = a + (b - a) / 2;
    assert_eq!(
        open,
        hours.open_between(a, mid) + hours.open_between(mid, b),
        "open time does not add up over [{a}, {mid}, {b})"
    );
    match hours.add(a, target) {
        Some(due) => {
            assert!(due >= a, "add({a}, {target}) = {due}");
            assert_eq!(hours.open_between(a, due), target, "add({a}, {target}) = {due}");
            if target > 0 {
                assert_eq!(hours.open_between(a, due - 1), target - 1, "add({a}, {target}) = {due} is late");
            } else {
                assert_eq!(due, a);
            }
        }
        None => {
            let horizon = a.saturating_add(400 * DAY).min(TIME_RANGE.1);
            assert!(hours.open_between(a, horizon) < target, "add({a}, {target}) found nothing");
        }
    }
    for at in [a, b] {
        let next = hours.next_open(at);
        assert_eq!(hours.is_open(at), next == Some(at), "is_open({at}) against next_open {next:?}");
        match next {
            Some(n) => {
                assert!(n >= at && n - at <= 400 * DAY, "next_open({at}) = {n}");
                assert!(hours.is_open(n), "next_open({at}) = {n} is closed");
                assert_eq!(hours.open_between(at, n), 0, "next_open({at}) = {n} is late");
            }
            None => {
                let last = at.saturating_add(400 * DAY).min(TIME_RANGE.1);
                assert_eq!(hours.open_between(at, last.saturating_add(1)), 0, "next_open({at}) missed an opening");
            }
        }
    }
}
