//! Heap allocations per decision, counted by a global allocator that
//! wraps the system one. BENCHMARKS.md's targets ask for none on a decision
//! that has no effects to return (every denial, an allowed edit); this prints
//! what the engine does today, per typed call and per JSON call
//! (`decide` over `protocol::request_value`), for the allowed and the denied request of every kind. A
//! table, not an assertion: nothing here fails.
//!
//! Each call is made once first (nothing lazily built is counted), then
//! `CALLS` times inside a counting region; the counts are per call.

use stats_alloc::{Region, StatsAlloc, INSTRUMENTED_SYSTEM};
use std::alloc::System;
use std::hint::black_box;

#[allow(dead_code, reason = "each bench uses part of the shared fixture")]
mod common;

use common::{json_cases, typed_cases, Fixture, Outcome, KINDS};

#[global_allocator]
static GLOBAL: &StatsAlloc<System> = &INSTRUMENTED_SYSTEM;

const CALLS: usize = 1_000;

/// Allocations (including reallocations) and bytes requested per call.
fn per_call(mut call: impl FnMut()) -> (f64, f64) {
    call();
    let region = Region::new(GLOBAL);
    for _ in 0..CALLS {
        call();
    }
    let stats = region.change();
    let calls = CALLS as f64;
    (
        (stats.allocations + stats.reallocations) as f64 / calls,
        stats.bytes_allocated as f64 / calls,
    )
}

fn main() {
    // `cargo bench` passes `--bench`; a filter is not supported.
    let fixture = match Fixture::new() {
        Ok(fixture) => fixture,
        Err(error) => {
            eprintln!("allocations bench: {error}");
            std::process::exit(1);
        }
    };
    let wrong = common::check(&fixture);
    if !wrong.is_empty() {
        eprintln!("allocations bench: cases do not get the answer they were built for: {wrong:?}");
        std::process::exit(1);
    }
    let typed = typed_cases();
    let json = json_cases();
    println!("Heap allocations per decision (allocations + reallocations per call, bytes per call)");
    println!();
    println!("| kind | typed allowed | typed denied | JSON allowed | JSON denied |");
    println!("| --- | --- | --- | --- | --- |");
    let mut zero_denials = 0;
    let mut denials = 0;
    for kind in KINDS {
        let mut cells = Vec::new();
        for outcome in [Outcome::Allowed, Outcome::Denied] {
            let cell = typed
                .iter()
                .find(|c| c.kind == kind && c.outcome == outcome)
                .map(|case| {
                    let (count, bytes) = per_call(|| {
                        black_box((case.call)(&fixture));
                    });
                    if outcome == Outcome::Denied {
                        denials += 1;
                        if count == 0.0 {
                            zero_denials += 1;
                        }
                    }
                    format!("{count} ({bytes:.0} B)")
                });
            cells.push(cell.unwrap_or_else(|| "—".into()));
        }
        for outcome in [Outcome::Allowed, Outcome::Denied] {
            let cell = json
                .iter()
                .find(|c| c.kind == kind && c.outcome == outcome)
                .map(|case| {
                    let (count, bytes) = per_call(|| {
                        drop(black_box(
                            leadrules::protocol::request_value(black_box(case.text))
                                .and_then(|v| fixture.engine.decide(&v)),
                        ));
                    });
                    format!("{count} ({bytes:.0} B)")
                });
            cells.push(cell.unwrap_or_else(|| "—".into()));
        }
        println!("| {kind} | {} |", cells.join(" | "));
    }
    println!();
    println!("typed denials with zero allocations: {zero_denials} of {denials}");
}
