//! Expiry invariants over random books of leads: the column sweep answers
//! exactly as the sweep over lead structs, in any order of the book; `due`
//! flips exactly at the deadline; a longer period never expires sooner.

use leadrules::{Engine, ExpiryClock, LeadColumns, WorkflowLead, NO_TIME};
use proptest::prelude::*;
use serde_json::json;

const STAGES: [&str; 6] = [
    "pending",
    "accepted",
    "declined",
    "expired",
    "closed_converted",
    "closed_not_converted",
];
const TEMPLATES: [&str; 4] = ["default", "fast", "emea", "office"];

fn engine() -> Engine {
    let config = json!({"policy": {"templates": {
        "fast": {"pending": "PT36H", "accepted": "P2W"},
        "emea": {"pending": "P5D", "time_zone": "Europe/Berlin", "end_of_day": true},
        "office": {"pending": "P3DT4H", "time_zone": "America/New_York",
                   "business_days": {"holidays": ["2026-11-26", "2026-12-25"]}}
    }}});
    Engine::from_value(&config).unwrap_or_default()
}

#[derive(Debug, Clone)]
struct Row {
    stage: usize,
    created: i64,
    expires: Option<i64>,
    accepted: i64,
    reassigned: Option<i64>,
    template: usize,
}

fn row() -> impl Strategy<Value = Row> {
    // Around November–December 2026, across DST changes and holidays.
    let base = 1_761_955_200i64;
    (
        0..STAGES.len(),
        0..5_000_000i64,
        prop::option::of(0..3_000_000i64),
        0..5_000_000i64,
        prop::option::of(-1_000_000..3_000_000i64),
        0..TEMPLATES.len(),
    )
        .prop_map(
            move |(stage, created, expires, accepted, reassigned, template)| Row {
                stage,
                created: base + created,
                expires: expires.map(|e| base + created + e),
                accepted: base + accepted,
                reassigned: reassigned.map(|r| base + created + r),
                template,
            },
        )
}

fn at(seconds: i64) -> Option<leadrules::Timestamp> {
    chrono::DateTime::from_timestamp(seconds, 0).map(|t| t.fixed_offset())
}

fn leads(rows: &[Row], ids: &[String]) -> Vec<WorkflowLead<'static>> {
    rows.iter()
        .zip(ids)
        .map(|(row, id)| WorkflowLead {
            id: Box::leak(id.clone().into_boxed_str()),
            stage: STAGES.get(row.stage).copied().unwrap_or("pending"),
            template: TEMPLATES.get(row.template).copied(),
            clock: ExpiryClock {
                created_at: at(row.created),
                expires_at: row.expires.and_then(at),
                accepted_at: at(row.accepted),
                reassigned_at: row.reassigned.and_then(at),
            },
            ..WorkflowLead::default()
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn column_sweep_equals_lead_sweep_in_any_order(
        rows in prop::collection::vec(row(), 0..40),
        now_offset in 0..9_000_000i64,
        rotate in 0usize..40,
    ) {
        let engine = engine();
        let now = 1_761_955_200 + now_offset;
        let ids: Vec<String> = (0..rows.len()).map(|i| format!("L{i}")).collect();
        let book = leads(&rows, &ids);
        let swept = engine.sweep("partner_lead", &book, at(now).unwrap_or_default());
        prop_assert!(swept.is_ok(), "{:?}", swept);
        let swept = swept.unwrap_or_default();

        let stage_codes: Vec<u32> = rows
            .iter()
            .filter_map(|r| engine.stage_code("partner_lead", STAGES.get(r.stage)?))
            .collect();
        let template_codes: Vec<u32> =
            rows.iter().filter_map(|r| engine.template_code(TEMPLATES.get(r.template)?)).collect();
        let column = |f: &dyn Fn(&Row) -> Option<i64>| rows.iter().map(|r| f(r).unwrap_or(NO_TIME)).collect::<Vec<_>>();
        let (created, expires, accepted, reassigned) = (
            column(&|r| Some(r.created)),
            column(&|r| r.expires),
            column(&|r| Some(r.accepted)),
            column(&|r| r.reassigned),
        );
        let columns = LeadColumns {
            stages: &stage_codes,
            created_at: &created,
            expires_at: Some(&expires),
            accepted_at: Some(&accepted),
            reassigned_at: Some(&reassigned),
            templates: Some(&template_codes),
        };
        let by_columns = engine.sweep_columns("partner_lead", &columns, now);
        prop_assert!(by_columns.is_ok(), "{:?}", by_columns);
        let by_columns = by_columns.unwrap_or_default();
        let due_ids: Vec<&str> = by_columns.due.iter().filter_map(|&i| ids.get(i).map(String::as_str)).collect();
        prop_assert_eq!(&due_ids, &swept.due);
        prop_assert_eq!(by_columns.next_deadline, swept.next_deadline.map(|t| t.timestamp()));

        // Order changes nothing but the order of `due`.
        let mut rotated = book.clone();
        if !rotated.is_empty() {
            let by = rotate % rotated.len();
            rotated.rotate_left(by);
        }
        let again = engine.sweep("partner_lead", &rotated, at(now).unwrap_or_default()).unwrap_or_default();
        let mut first = swept.due.clone();
        let mut second = again.due.clone();
        first.sort_unstable();
        second.sort_unstable();
        prop_assert_eq!(first, second);
        prop_assert_eq!(again.next_deadline, swept.next_deadline);
    }

    #[test]
    fn due_flips_exactly_at_the_deadline(row in row()) {
        let engine = engine();
        let ids = vec!["L".to_owned()];
        let book = leads(std::slice::from_ref(&row), &ids);
        let Some(lead) = book.first() else { return Ok(()) };
        let probe = engine.expiry("partner_lead", lead, at(row.created).unwrap_or_default());
        prop_assert!(probe.is_ok(), "{:?}", probe);
        let Some(deadline) = probe.ok().and_then(|s| s.expires_at) else { return Ok(()) };
        let before = deadline - chrono::TimeDelta::seconds(1);
        let status = |now| engine.expiry("partner_lead", lead, now).map(|s| s.due).unwrap_or_default();
        prop_assert!(status(deadline));
        prop_assert!(!status(before));
    }

    #[test]
    fn a_longer_period_never_expires_sooner(
        created in 1_761_955_200i64..1_770_000_000,
        days in 1i64..60,
        extra in 0i64..30,
        zone in prop::sample::select(vec!["UTC", "Europe/Berlin", "America/New_York", "Australia/Sydney"]),
        end_of_day in any::<bool>(),
        business in any::<bool>(),
    ) {
        let template = |d: i64| {
            let business_days = business.then(|| json!({"holidays": ["2026-12-24", "2026-12-25", "2027-01-01"]}));
            json!({"pending": format!("P{d}D"), "time_zone": zone, "end_of_day": end_of_day,
                   "business_days": business_days})
        };
        let config = json!({"policy": {"templates": {"short": template(days), "long": template(days + extra)}}});
        let engine = Engine::from_value(&config);
        prop_assert!(engine.is_ok(), "{:?}", engine);
        let engine = engine.unwrap_or_default();
        let deadline = |name| {
            let lead = WorkflowLead {
                template: Some(name),
                clock: ExpiryClock { created_at: at(created), ..ExpiryClock::default() },
                ..WorkflowLead::new("L", "pending")
            };
            engine.expiry("partner_lead", &lead, at(created).unwrap_or_default()).ok().and_then(|s| s.expires_at)
        };
        let (short, long) = (deadline("short"), deadline("long"));
        prop_assert!(short.is_some() && long.is_some());
        prop_assert!(short <= long);
        prop_assert!(short > at(created));
    }
}
