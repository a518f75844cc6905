//! The column sweep over templates that count a calendar's open time
//! answers for a big book exactly as for each lead alone: a book of
//! hundreds of leads takes the cutoff per template and phase, a book of
//! one lead adds the period itself. Same due rows, same earliest
//! deadline, same first error (a deadline past year 9999), with calendar
//! and plain templates mixed, absent times, host-set deadlines, starts
//! sorted or not, and starts placed on either side of the cutoff second.

use leadrules::{ColumnSweep, Engine, Error, LeadColumns, NO_TIME};
use proptest::prelude::*;
use serde_json::json;

const DAY: i64 = 86_400;
/// 2026-11-20T09:00:00Z.
const T0: i64 = 1_763_629_200 + 365 * DAY;
const TEMPLATES: [&str; 5] = ["office", "night", "sparse", "plain", "second"];

fn engine() -> Engine {
    let split = json!([["09:00", "12:30"], ["13:30", "18:00"]]);
    let night = json!([["00:00", "02:00"], ["22:00", "24:00"]]);
    let config = json!({"policy": {
        "calendars": {
            "berlin": {"time_zone": "Europe/Berlin",
                       "hours": {"mon": split, "tue": split, "wed": split, "thu": split, "fri": split},
                       "holidays": ["2026-12-24", "2026-12-25", "2027-01-01"]},
            "new_york": {"time_zone": "America/New_York",
                         "hours": {"sat": night, "sun": night, "wed": [["09:00", "10:00"]]}},
            "sparse": {"time_zone": "Australia/Lord_Howe", "hours": {},
                       "exceptions": {"2026-12-01": [["09:00", "17:00"]], "2026-12-15": [["10:00", "11:00"]],
                                      "2027-03-01": [["09:00", "17:00"]]}}},
        "templates": {
            "office": {"calendar": "berlin", "pending": "PT72H", "accepted": "PT20H"},
            "night": {"calendar": "new_york", "pending": "PT3H", "accepted": "PT1H30M"},
            "sparse": {"calendar": "sparse", "pending": "PT8H", "accepted": "PT30M"},
            "plain": {"pending": "P2D", "accepted": "P5D", "time_zone": "Europe/Berlin"},
            "second": {"calendar": "berlin", "pending": "PT1S", "accepted": "PT2S"}}}});
    let built = Engine::from_value(&config);
    assert!(built.is_ok(), "{built:?}");
    built.unwrap_or_default()
}

#[derive(Debug, Clone)]
struct Book {
    stages: Vec<u32>,
    created: Vec<i64>,
    expires: Vec<i64>,
    accepted: Vec<i64>,
    reassigned: Vec<i64>,
    templates: Vec<u32>,
}

impl Book {
    fn columns(&self) -> LeadColumns<'_> {
        LeadColumns {
            stages: &self.stages,
            created_at: &self.created,
            expires_at: Some(&self.expires),
            accepted_at: Some(&self.accepted),
            reassigned_at: Some(&self.reassigned),
            templates: Some(&self.templates),
        }
    }

    fn row(&self, i: usize) -> Book {
        let one = |c: &Vec<i64>| c.get(i..=i).map(<[i64]>::to_vec).unwrap_or_default();
        Book {
            stages: self.stages.get(i..=i).map(<[u32]>::to_vec).unwrap_or_default(),
            created: one(&self.created),
            expires: one(&self.expires),
            accepted: one(&self.accepted),
            reassigned: one(&self.reassigned),
            templates: self.templates.get(i..=i).map(<[u32]>::to_vec).unwrap_or_default(),
        }
    }
}

/// The sweep of the book as the sweeps of its leads one by one would
/// answer it: the first error (its row renumbered), else the due rows
/// and the earliest deadline to come.
fn lead_by_lead(engine: &Engine, book: &Book, now: i64) -> Result<ColumnSweep, Error> {
    let mut answer = ColumnSweep::default();
    for i in 0..book.stages.len() {
        let row = book.row(i);
        let swept = engine
            .sweep_columns("partner_lead", &row.columns(), now)
            .map_err(|mut e| {
                e.path = e.path.replace("[0]", &format!("[{i}]"));
                e
            })?;
        if !swept.due.is_empty() {
            answer.due.push(i);
        }
        if let Some(next) = swept.next_deadline {
            answer.next_deadline = Some(answer.next_deadline.map_or(next, |n: i64| n.min(next)));
        }
    }
    Ok(answer)
}

/// The latest start with `period` open seconds of `calendar` before
/// `now`, by bisection over `open_between` (the reference only places
/// starts around it; the answers compared come from `add`).
fn cutoff(engine: &Engine, calendar: &str, period: i64, now: i64) -> Option<i64> {
    let hours = engine.calendar(calendar).ok()?.hours();
    let (mut lo, mut hi) = (now - 400 * DAY, now - period + 1);
    if hours.open_between(lo, now) < period {
        return None;
    }
    while hi - lo > 1 {
        let mid = lo + (hi - lo) / 2;
        if hours.open_between(mid, now) >= period {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    Some(lo)
}

#[derive(Debug, Clone)]
struct Drawn {
    stage: usize,
    template: usize,
    created: i64,
    expires: Option<i64>,
    accepted: i64,
    reassigned: Option<i64>,
    near_cut: Option<i64>,
}

fn drawn() -> impl Strategy<Value = Drawn> {
    (
        prop_oneof![6 => Just(0usize), 3 => Just(1usize), 1 => Just(4usize)],
        prop_oneof![4 => Just(0usize), 2 => Just(1usize), 1 => Just(2usize), 1 => Just(3usize), 1 => Just(4usize)],
        -40 * DAY..10 * DAY,
        prop::option::weighted(0.05, 0..20 * DAY),
        0..5 * DAY,
        prop::option::weighted(0.1, 0..3 * DAY),
        prop::option::weighted(0.2, -2i64..=2),
    )
        .prop_map(|(stage, template, created, expires, accepted, reassigned, near_cut)| Drawn {
            stage,
            template,
            created,
            expires,
            accepted,
            reassigned,
            near_cut,
        })
}

fn book(engine: &Engine, drawn: &[Drawn], now: i64, sorted: bool) -> Book {
    let stage_names = ["pending", "accepted", "declined", "expired", "closed_converted"];
    let mut rows: Vec<Drawn> = drawn.to_vec();
    if sorted {
        rows.sort_by_key(|d| d.created);
    }
    let mut book = Book {
        stages: Vec::new(),
        created: Vec::new(),
        expires: Vec::new(),
        accepted: Vec::new(),
        reassigned: Vec::new(),
        templates: Vec::new(),
    };
    for d in rows {
        let template = TEMPLATES.get(d.template).copied().unwrap_or("plain");
        let stage = stage_names.get(d.stage).copied().unwrap_or("pending");
        let mut created = now + d.created;
        let mut accepted = created + d.accepted;
        if let Some(shift) = d.near_cut {
            // On either side of the second that divides due from not due.
            let calendar = match template {
                "office" | "second" => Some("berlin"),
                "night" => Some("new_york"),
                "sparse" => Some("sparse"),
                _ => None,
            };
            let period = match (template, stage) {
                ("office", "accepted") => 20 * 3_600,
                ("office", _) => 72 * 3_600,
                ("night", "accepted") => 5_400,
                ("night", _) => 3 * 3_600,
                ("sparse", "accepted") => 1_800,
                ("sparse", _) => 8 * 3_600,
                ("second", "accepted") => 2,
                _ => 1,
            };
            if let Some(cut) = calendar.and_then(|c| cutoff(engine, c, period, now)) {
                if stage == "accepted" {
                    accepted = cut + shift;
                    created = created.min(accepted);
                } else {
                    created = cut + shift;
                }
            }
        }
        book.stages
            .push(engine.stage_code("partner_lead", stage).unwrap_or(0));
        book.created.push(created);
        book.expires.push(d.expires.map_or(NO_TIME, |e| created + e));
        book.accepted
            .push(if stage == "accepted" { accepted } else { NO_TIME });
        book.reassigned
            .push(d.reassigned.map_or(NO_TIME, |r| created + r));
        book.templates.push(engine.template_code(template).unwrap_or(0));
    }
    book
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn a_big_book_answers_as_its_leads_one_by_one(
        drawn in prop::collection::vec(drawn(), 1..400),
        now in 0i64..60 * DAY,
        sorted in any::<bool>(),
    ) {
        let engine = engine();
        let now = T0 + now;
        let book = book(&engine, &drawn, now, sorted);
        let whole = engine.sweep_columns("partner_lead", &book.columns(), now);
        prop_assert_eq!(whole, lead_by_lead(&engine, &book, now));
    }
}

#[test]
fn a_deadline_past_year_9999_is_the_error_of_its_row_after_the_cutoff() {
    let engine = engine();
    // Sparse opens on three days, the last 2027-03-01: a lead created
    // later has no deadline at all, the first such row is the error.
    let now = T0 + 20 * DAY;
    let drawn: Vec<Drawn> = (0..600)
        .map(|i| Drawn {
            stage: 0,
            template: 2,
            created: -30 * DAY + i * 3_600 * 6,
            expires: None,
            accepted: 0,
            reassigned: None,
            near_cut: None,
        })
        .collect();
    let book = book(&engine, &drawn, now, true);
    let whole = engine.sweep_columns("partner_lead", &book.columns(), now);
    assert!(whole.is_err(), "{whole:?}");
    assert_eq!(whole, lead_by_lead(&engine, &book, now));
}
