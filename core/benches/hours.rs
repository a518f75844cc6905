//! Business hours (BENCHMARKS.md targets: `Calendar::add` of PT72H over a
//! split-shift calendar with holidays in a DST zone ≤ 300 ns;
//! `open_between` over 30 days ≤ 300 ns; a column sweep of 1 M partner
//! leads whose template names a calendar ≥ 10 M leads/s). The fixture is
//! `common/hours.rs`: Europe/Berlin, Monday to Friday 09:00–12:30 and
//! 13:30–18:00, seven holidays; each per-call case cycles through 256
//! starts over 2026, the DST weekends among them.
//!
//! Names: `hours/<add_pt72h|open_between_30d|open_between_365d|is_open|
//! next_open|sla_two_pauses>`, `hours/sweep_columns/1000000` (throughput
//! in leads).

use std::hint::black_box;

use chrono::TimeDelta;
use criterion::{criterion_group, criterion_main, Criterion, Throughput};

#[allow(dead_code, reason = "each bench uses part of the shared fixture")]
mod common;

use common::hours::{book, columns, sla, target, HoursFixture, ROWS, SWEEP_NOW};

fn bench(c: &mut Criterion) {
    let fixture = match HoursFixture::new() {
        Ok(fixture) => fixture,
        Err(e) => {
            eprintln!("the hours fixture does not load: {e}");
            return;
        }
    };
    let Some(office) = fixture.calendar() else {
        eprintln!("no calendar `office`");
        return;
    };
    let mut group = c.benchmark_group("hours");
    let mut i = 0usize;
    group.bench_function("add_pt72h", |b| {
        b.iter(|| {
            i = i.wrapping_add(1);
            office.add(black_box(fixture.start(i)), target())
        })
    });
    for (name, days) in [("open_between_30d", 30), ("open_between_365d", 365)] {
        group.bench_function(name, |b| {
            b.iter(|| {
                i = i.wrapping_add(1);
                let from = black_box(fixture.start(i));
                office.open_between(from, from + TimeDelta::days(days))
            })
        });
    }
    group.bench_function("is_open", |b| {
        b.iter(|| {
            i = i.wrapping_add(1);
            office.is_open(black_box(fixture.start(i)))
        })
    });
    group.bench_function("next_open", |b| {
        b.iter(|| {
            i = i.wrapping_add(1);
            office.next_open(black_box(fixture.start(i)))
        })
    });
    group.bench_function("sla_two_pauses", |b| {
        b.iter(|| {
            i = i.wrapping_add(1);
            sla(&fixture, black_box(fixture.start(i)))
        })
    });
    group.finish();

    let book = book(&fixture.engine);
    let columns = columns(&book);
    let mut group = c.benchmark_group("hours/sweep_columns");
    group.throughput(Throughput::Elements(ROWS as u64));
    group.sample_size(10);
    group.bench_function(format!("{ROWS}"), |b| {
        b.iter(|| {
            fixture
                .engine
                .sweep_columns("partner_lead", black_box(&columns), SWEEP_NOW)
                .map(|s| (s.due.len(), s.next_deadline))
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
