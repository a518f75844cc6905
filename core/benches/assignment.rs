//! Assignment (BENCHMARKS.md targets: a typed `assign` with 20 rules and a
//! pool of 50 ≤ 500 ns, nothing allocated on a denial; a batch of 10,000
//! leads over a pool of 50 ≥ 5 M leads/s). The fixture is
//! `common/assign.rs`: the lead matches the last of 20 rules; `allowed`
//! picks round robin from the middle of the pool past two ineligible
//! members, `denied` finds every member away, `no_match` matches no rule.
//!
//! Names: `assignment/assign/typed/<allowed|denied|no_match>`,
//! `assignment/assign_many/typed/10000` (throughput in leads).

use criterion::{criterion_group, criterion_main, Criterion, Throughput};

#[allow(dead_code, reason = "each bench uses part of the shared fixture")]
mod common;

use common::assign::{assign_many, check, AssignFixture, ASSIGN_CASES, BATCH};

fn bench(c: &mut Criterion) {
    let fixture = match AssignFixture::new() {
        Ok(fixture) => fixture,
        Err(error) => {
            eprintln!("assignment bench: {error}");
            std::process::exit(1);
        }
    };
    let wrong = check(&fixture);
    if !wrong.is_empty() {
        eprintln!("assignment bench: cases do not get the answer they were built for: {wrong:?}");
        std::process::exit(1);
    }
    let mut group = c.benchmark_group("assignment/assign");
    for (name, call, _) in ASSIGN_CASES {
        group.bench_function(format!("typed/{name}"), |b| b.iter(|| call(&fixture)));
    }
    group.finish();
    let mut group = c.benchmark_group("assignment/assign_many");
    group.throughput(Throughput::Elements(BATCH as u64));
    group.bench_function(format!("typed/{BATCH}"), |b| b.iter(|| assign_many(&fixture)));
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
