//! One decision, every kind: the typed Rust API and the JSON entry
//! (`Engine::decide` over `protocol::request_value` of request text of the
//! size a host sends), each for an allowed and a denied request. Reported per call (targets in
//! BENCHMARKS.md: a typed decision ≤ 100 ns, a JSON decision ≤ 2 µs).
//!
//! Names: `decisions/<kind>/<typed|json>/<allowed|denied>`.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion};

#[allow(dead_code, reason = "each bench uses part of the shared fixture")]
mod common;

use common::{json_cases, typed_cases, Fixture, KINDS};

fn bench(c: &mut Criterion) {
    let fixture = match Fixture::new() {
        Ok(fixture) => fixture,
        Err(error) => {
            eprintln!("decisions bench: {error}");
            std::process::exit(1);
        }
    };
    let wrong = common::check(&fixture);
    if !wrong.is_empty() {
        eprintln!("decisions bench: cases do not get the answer they were built for: {wrong:?}");
        std::process::exit(1);
    }
    let typed = typed_cases();
    let json = json_cases();
    for kind in KINDS {
        let mut group = c.benchmark_group(format!("decisions/{kind}"));
        for case in typed.iter().filter(|c| c.kind == kind) {
            let call = case.call;
            group.bench_function(format!("typed/{}", case.outcome.as_str()), |b| {
                b.iter(|| call(&fixture))
            });
        }
        for case in json.iter().filter(|c| c.kind == kind) {
            let engine = &fixture.engine;
            group.bench_function(format!("json/{}", case.outcome.as_str()), |b| {
                b.iter(|| {
                    leadrules::protocol::request_value(black_box(case.text))
                        .and_then(|v| engine.decide(&v))
                        .map(|v| black_box(v).is_object())
                })
            });
        }
        group.finish();
    }
    // The C JSON entry answers text: `decide_json` adds the serialisation.
    let mut group = c.benchmark_group("decisions/handover");
    if let Some(case) = json.first() {
        let engine = &fixture.engine;
        group.bench_function("json_text/allowed", |b| {
            b.iter(|| engine.decide_json(black_box(case.text)))
        });
    }
    group.finish();
}

fn config() -> Criterion {
    // Decisions take nanoseconds to microseconds: short runs are stable.
    Criterion::default()
        .warm_up_time(std::time::Duration::from_millis(300))
        .measurement_time(std::time::Duration::from_millis(800))
        .sample_size(30)
}

criterion_group! {
    name = benches;
    config = config();
    targets = bench
}
criterion_main!(benches);
