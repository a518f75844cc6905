//! Duplicate detection (BENCHMARKS.md targets: `match_keys` of a lead
//! with 2 phones, an e-mail, a name and a company ≤ 3 µs; `match_keyed`
//! against 20 candidates by stored keys ≤ 2 µs). The fixture is
//! `common/matching.rs`; `match_lead` against the 20 candidate records is
//! measured too, for comparison.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion};

#[allow(dead_code, reason = "each bench uses part of the shared fixture")]
mod common;

use common::matching::MatchFixture;

fn bench(c: &mut Criterion) {
    let fixture = match MatchFixture::new() {
        Ok(fixture) => fixture,
        Err(error) => {
            eprintln!("matching bench: {error}");
            std::process::exit(1);
        }
    };
    let engine = &fixture.engine;
    let new = fixture.lead();
    let candidates = fixture.candidates();
    let stored = fixture.stored_keys();
    let keyed = fixture.keyed(&stored);
    let own = engine.match_keys(&new);
    let by_records = engine.match_lead(&new, &candidates);
    let by_keys = engine.match_keyed(Some("NEW"), &own, &keyed);
    if own.len() != 4 || !MatchFixture::expected(&by_records) || by_keys != by_records {
        eprintln!("matching bench: the cases do not get the answers they were built for");
        std::process::exit(1);
    }
    c.bench_function("match_keys: 2 phones, e-mail, name, company", |b| {
        b.iter(|| engine.match_keys(black_box(&new)))
    });
    c.bench_function("match_lead: 20 candidate records", |b| {
        b.iter(|| engine.match_lead(black_box(&new), black_box(&candidates)))
    });
    c.bench_function("match_keyed: 20 candidates by stored keys", |b| {
        b.iter(|| engine.match_keyed(Some("NEW"), black_box(&own), black_box(&keyed)))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
