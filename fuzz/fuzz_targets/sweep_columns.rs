//! Any book of leads as columns (stage and template codes, instants
//! anywhere in i64, absent ones included): never a panic, and the column
//! sweep answers exactly as the sweep over lead structs of the same book.

#![no_main]

use arbitrary::Arbitrary;
use leadrules::{ExpiryClock, LeadColumns, Timestamp, WorkflowLead, NO_TIME, TIME_RANGE};
use libfuzzer_sys::fuzz_target;

#[derive(Arbitrary, Debug)]
struct Row {
    stage: u32,
    template: u32,
    created_at: i64,
    expires_at: i64,
    accepted_at: i64,
    reassigned_at: i64,
}

#[derive(Arbitrary, Debug)]
struct Book {
    engine: u8,
    workflow: u8,
    now: i64,
    near: bool,
    rows: Vec<Row>,
}

/// Most instants near `now` (so deadlines fall on both sides), some anywhere.
fn instant(near: bool, now: i64, raw: i64) -> i64 {
    if near && raw != NO_TIME {
        now.saturating_add(raw % (40 * 86_400))
    } else {
        raw
    }
}

/// The instant as the struct sweep takes it: only within the years RFC 3339
/// can write, as every instant a host can send in JSON is.
fn at(seconds: i64) -> Option<Timestamp> {
    (TIME_RANGE.0..=TIME_RANGE.1)
        .contains(&seconds)
        .then(|| chrono::DateTime::from_timestamp(seconds, 0).map(|t| t.fixed_offset()))
        .flatten()
}

fuzz_target!(|book: Book| {
    let engine = fuzz_support::engine(book.engine);
    let workflows: Vec<&str> = engine.workflow_names().collect();
    let Some(&workflow) = workflows.get(usize::from(book.workflow) % workflows.len().max(1)) else {
        return;
    };
    let now = if book.near {
        1_795_426_200 + book.now % (40 * 86_400)
    } else {
        book.now
    };
    let column = |f: &dyn Fn(&Row) -> i64| -> Vec<i64> {
        book.rows.iter().map(|r| instant(book.near, now, f(r))).collect()
    };
    let stages: Vec<u32> = book.rows.iter().map(|r| r.stage % 8).collect();
    let templates: Vec<u32> = book.rows.iter().map(|r| r.template % 8).collect();
    let created = column(&|r| r.created_at);
    let expires = column(&|r| r.expires_at);
    let accepted = column(&|r| r.accepted_at);
    let reassigned = column(&|r| r.reassigned_at);
    let columns = LeadColumns {
        stages: &stages,
        created_at: &created,
        expires_at: Some(&expires),
        accepted_at: Some(&accepted),
        reassigned_at: Some(&reassigned),
        templates: Some(&templates),
    };
    let by_columns = engine.sweep_columns(workflow, &columns, now);

    // The same book as lead structs, where every code and instant names something.
    let view = engine.workflow(workflow);
    let stage_names: Vec<&str> = view.iter().flat_map(|w| w.stages()).map(|s| s.name()).collect();
    let template_names: Vec<&str> = engine.template_names().collect();
    let ids: Vec<String> = (0..book.rows.len()).map(|i| format!("L{i}")).collect();
    let mut leads = Vec::with_capacity(book.rows.len());
    for i in 0..book.rows.len() {
        let stage = stage_names.get(stages[i] as usize);
        let template = template_names.get(templates[i] as usize);
        let times = [created[i], expires[i], accepted[i], reassigned[i]];
        let representable = times.iter().all(|&t| t == NO_TIME || at(t).is_some());
        let (Some(stage), Some(template), true) = (stage, template, representable) else {
            // Not expressible as lead structs: the column sweep only had
            // to answer without panicking.
            return;
        };
        leads.push(WorkflowLead {
            id: &ids[i],
            stage,
            template: Some(template),
            clock: ExpiryClock {
                created_at: at(created[i]),
                expires_at: at(expires[i]),
                accepted_at: at(accepted[i]),
                reassigned_at: at(reassigned[i]),
            },
            ..WorkflowLead::default()
        });
    }
    let Some(now_at) = at(now) else { return };
    let by_leads = engine.sweep(workflow, &leads, now_at);
    match (&by_columns, &by_leads) {
        (Ok(columns), Ok(leads)) => {
            let due: Vec<&str> = columns.due.iter().map(|&row| ids[row].as_str()).collect();
            assert_eq!(due, leads.due, "due rows differ");
            assert_eq!(
                columns.next_deadline,
                leads.next_deadline.map(|t| t.timestamp()),
                "next deadlines differ"
            );
        }
        (Err(_), Err(_)) => {}
        _ => panic!("one sweep answered, the other failed: {by_columns:?} / {by_leads:?}"),
    }
});
