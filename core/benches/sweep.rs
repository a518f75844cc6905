//! Sweep throughput: a book of partner leads as columns (the batch path)
//! and as lead structs (the slice path), in plain UTC days and in a zoned
//! template with end of day. Reported as leads per second.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use leadrules::{Engine, ExpiryClock, LeadColumns, WorkflowLead, NO_TIME};
use serde_json::json;

const ROWS: usize = 1_000_000;
const T0: i64 = 1_763_629_200;

struct Book {
    stages: Vec<u32>,
    created: Vec<i64>,
    accepted: Vec<i64>,
    templates: Vec<u32>,
}

fn book(engine: &Engine, template: &str) -> Book {
    let pending = engine.stage_code("partner_lead", "pending").unwrap_or(0);
    let accepted = engine.stage_code("partner_lead", "accepted").unwrap_or(1);
    let closed = engine.stage_code("partner_lead", "closed_converted").unwrap_or(4);
    let code = engine.template_code(template).unwrap_or(0);
    let mut book = Book {
        stages: Vec::with_capacity(ROWS),
        created: Vec::with_capacity(ROWS),
        accepted: Vec::with_capacity(ROWS),
        templates: vec![code; ROWS],
    };
    for i in 0..ROWS {
        let spread = i64::try_from(i % 1_000_000).unwrap_or(0) * 13;
        let (stage, accepted_at) = match i % 10 {
            0..=5 => (pending, NO_TIME),
            6..=8 => (accepted, T0 + spread),
            _ => (closed, NO_TIME),
        };
        book.stages.push(stage);
        book.created.push(T0 + spread);
        book.accepted.push(accepted_at);
    }
    book
}

fn bench(c: &mut Criterion) {
    let config = json!({"policy": {"templates": {
        "emea": {"pending": "P5D", "time_zone": "Europe/Berlin", "end_of_day": true}
    }}});
    let engine = Engine::from_value(&config).unwrap_or_default();
    let now = T0 + 8 * 86_400;
    let mut group = c.benchmark_group("sweep");
    group.throughput(Throughput::Elements(ROWS as u64));
    group.sample_size(20);
    for template in ["default", "emea"] {
        let book = book(&engine, template);
        let columns = LeadColumns {
            stages: &book.stages,
            created_at: &book.created,
            expires_at: None,
            accepted_at: Some(&book.accepted),
            reassigned_at: None,
            templates: Some(&book.templates),
        };
        group.bench_function(format!("columns/{template}"), |b| {
            b.iter(|| {
                engine
                    .sweep_columns("partner_lead", &columns, now)
                    .map(|s| s.due.len())
            })
        });
        let ids: Vec<String> = (0..ROWS).map(|i| format!("L{i}")).collect();
        let stage_names: Vec<&str> = engine
            .workflow("partner_lead")
            .map(|w| w.stages().map(|s| s.name()).collect())
            .unwrap_or_default();
        let leads: Vec<WorkflowLead<'_>> = (0..ROWS)
            .map(|i| {
                let at = |t: i64| chrono::DateTime::from_timestamp(t, 0).map(|t| t.fixed_offset());
                let stage = book
                    .stages
                    .get(i)
                    .and_then(|&s| stage_names.get(s as usize))
                    .copied();
                WorkflowLead {
                    id: ids.get(i).map_or("", String::as_str),
                    stage: stage.unwrap_or("pending"),
                    template: Some(template),
                    clock: ExpiryClock {
                        created_at: book.created.get(i).copied().and_then(at),
                        accepted_at: book
                            .accepted
                            .get(i)
                            .copied()
                            .filter(|&t| t != NO_TIME)
                            .and_then(at),
                        ..ExpiryClock::default()
                    },
                    ..WorkflowLead::default()
                }
            })
            .collect();
        let now_at = chrono::DateTime::from_timestamp(now, 0)
            .map(|t| t.fixed_offset())
            .unwrap_or_default();
        group.bench_function(format!("leads/{template}"), |b| {
            b.iter(|| engine.sweep("partner_lead", &leads, now_at).map(|s| s.due.len()))
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
