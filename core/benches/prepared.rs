//! Prepared facts and list views (the list-view target: a page of
//! 50 partner_lead leads × 6 actions in one call ≤ 10 µs; aimed at ≤ 2 µs
//! in Rust). The fixture is `common/prepared.rs`.
//!
//! Names: `prepared/handover_<allowed|denied>`,
//! `prepared/transition_<allowed|denied>` (partner_lead `accept`),
//! `prepared/actions_many/50`, `prepared/can_edit_many/50`,
//! `prepared/targets_many/50`, and for scale `prepared/actions_one_by_one/50`
//! (the page asked with `actions_prepared` lead by lead).

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion};

#[allow(dead_code, reason = "each bench uses part of the shared fixture")]
mod common;

use common::prepared::PreparedFixture;

fn bench(c: &mut Criterion) {
    let fixture = match PreparedFixture::new() {
        Ok(fixture) => fixture,
        Err(e) => {
            eprintln!("the prepared fixture does not load: {e}");
            return;
        }
    };
    let checks = [
        fixture.handover(true),
        !fixture.handover(false),
        fixture.transition(true),
        !fixture.transition(false),
        fixture.actions_many().is_some(),
        fixture.can_edit_many().is_some(),
    ];
    if checks.contains(&false) {
        eprintln!("the prepared fixture's cases do not get their answers: {checks:?}");
        return;
    }
    let mut group = c.benchmark_group("prepared");
    for allowed in [true, false] {
        let outcome = if allowed { "allowed" } else { "denied" };
        group.bench_function(format!("handover_{outcome}"), |b| {
            b.iter(|| black_box(&fixture).handover(black_box(allowed)))
        });
        group.bench_function(format!("transition_{outcome}"), |b| {
            b.iter(|| black_box(&fixture).transition(black_box(allowed)))
        });
    }
    group.bench_function("actions_many/50", |b| {
        b.iter(|| black_box(&fixture).actions_many())
    });
    group.bench_function("can_edit_many/50", |b| {
        b.iter(|| black_box(&fixture).can_edit_many())
    });
    group.bench_function("targets_many/50", |b| {
        b.iter(|| {
            fixture
                .engine
                .targets_many(&fixture.pro, black_box(&fixture.held))
                .ok()
        })
    });
    group.bench_function("actions_one_by_one/50", |b| {
        b.iter(|| {
            black_box(&fixture.page)
                .iter()
                .filter_map(|lead| {
                    fixture
                        .engine
                        .actions_prepared(&fixture.partner, lead, Some(fixture.early))
                        .ok()
                })
                .count()
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
