//! The complexity driver of `make check-complexity` (bench/complexity.py):
//! performs one operation on one input, a few times, and prints one line
//! of JSON with the CPU time (the fastest and the median run; and the
//! median wall time) and the peak heap of
//! the operation alone (process start, reading the files and building the
//! engine a request needs are left out).
//!
//! ```text
//! leadrules-complexity [--runs N] config CONFIG_FILE
//! leadrules-complexity [--runs N] decide CONFIG_FILE REQUEST_FILE
//! ```
//!
//! `config` builds an engine from the text (`Engine::from_json`, what C,
//! the CLI and Python's `Engine(text)` call); `decide` answers the request
//! text against the engine the config builds (`Engine::decide_json`, the C
//! and CLI entry). The printed `outcome` says how the operation ended
//! (`loaded`, `invalid_config`, `ok` or an error code), so the harness can
//! check that a shape means what it claims.
//!
//! `--runs N` performs the operation exactly N times (0: only the files
//! read and the engine built). The harness counts instructions that way
//! under callgrind, one run minus none: a count a loaded machine cannot
//! move, where CPU time can (a neighbour's cache misses, a hypervisor's
//! stolen time).

mod cpu;
mod peak;

use std::process::ExitCode;
use std::time::{Duration, Instant};

use leadrules::Engine;
use serde_json::json;

#[global_allocator]
static ALLOCATOR: peak::Counting = peak::Counting;

/// Runs are repeated until this much CPU time has been spent (or `MAX_RUNS`)...
const BUDGET: Duration = Duration::from_secs(3);
/// ...but never more often than this: the fastest of nine is stable enough
/// for inputs of a few milliseconds on a shared machine.
const MAX_RUNS: usize = 9;

/// What one run ended with, and how many problems or warnings it carried.
struct Outcome {
    name: String,
    count: usize,
    /// An error's message and path, for a shape that went wrong.
    detail: String,
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(line) => {
            println!("{line}");
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("leadrules-complexity: {message}");
            ExitCode::from(2)
        }
    }
}

fn run(args: &[String]) -> Result<String, String> {
    let (runs, args) = match args {
        [flag, count, rest @ ..] if flag == "--runs" => {
            let count = count
                .parse()
                .map_err(|_| format!("--runs {count}: not a count"))?;
            (Some(count), rest)
        }
        _ => (None, args),
    };
    let read = |path: &String| std::fs::read_to_string(path).map_err(|e| format!("{path}: {e}"));
    match args {
        [op, config] if op == "config" => {
            let text = read(config)?;
            Ok(measure(op, runs, || match Engine::from_json(&text) {
                Ok(engine) => Outcome {
                    name: "loaded".into(),
                    count: engine.warnings().len(),
                    detail: String::new(),
                },
                Err(error) => Outcome {
                    name: error.code.to_string(),
                    count: error.problems.len(),
                    detail: format!("{} at `{}`", error.message, error.path),
                },
            }))
        }
        [op, config, request] if op == "decide" => {
            let engine = Engine::from_json(&read(config)?).map_err(|e| {
                format!(
                    "{config}: the config does not load: {} at `{}`",
                    e.message, e.path
                )
            })?;
            let request = read(request)?;
            Ok(measure(op, runs, || {
                match engine.decide_json(&request).into_result() {
                    Ok(answer) => Outcome {
                        name: "ok".into(),
                        count: answer.len(),
                        detail: String::new(),
                    },
                    Err(error) => Outcome {
                        name: error.code.to_string(),
                        count: 0,
                        detail: format!("{} at `{}`", error.message, error.path),
                    },
                }
            }))
        }
        _ => Err("usage: leadrules-complexity [--runs N] config CONFIG | decide CONFIG REQUEST".into()),
    }
}

/// Times `operation` in CPU time (the fastest and the median of up to
/// `MAX_RUNS` runs within `BUDGET`, or exactly `runs` runs when given) and
/// wall time (the median) and counts the peak heap of its first run above
/// what was live before.
fn measure(op: &str, runs: Option<usize>, mut operation: impl FnMut() -> Outcome) -> String {
    let mut times = Vec::new();
    let mut walls = Vec::new();
    let mut first = None;
    let mut peak_bytes = 0;
    let started = cpu::thread_time();
    let more = |done: usize, spent: Duration| match runs {
        Some(runs) => done < runs,
        None => done < MAX_RUNS && (done == 0 || spent < BUDGET),
    };
    while more(times.len(), cpu::thread_time().saturating_sub(started)) {
        let before = peak::live();
        peak::reset();
        let wall = Instant::now();
        let start = cpu::thread_time();
        let outcome = operation();
        times.push(cpu::thread_time().saturating_sub(start));
        walls.push(wall.elapsed());
        if first.is_none() {
            peak_bytes = peak::peak().saturating_sub(before);
            first = Some(outcome);
        }
    }
    let nanos = |time: Option<&Duration>| {
        u64::try_from(time.copied().unwrap_or_default().as_nanos()).unwrap_or(u64::MAX)
    };
    times.sort();
    walls.sort();
    // The fastest run is the least disturbed by the rest of the machine
    // (caches, a sibling hyperthread): the harness judges it.
    let min_ns = nanos(times.first());
    let median_ns = nanos(times.get(times.len() / 2));
    let median_wall_ns = nanos(walls.get(walls.len() / 2));
    let runs = times.len();
    let outcome = first.unwrap_or(Outcome {
        name: "none".into(),
        count: 0,
        detail: String::new(),
    });
    json!({
        "op": op,
        "outcome": outcome.name,
        "count": outcome.count,
        "detail": outcome.detail,
        "runs": runs,
        "min_ns": min_ns,
        "median_ns": median_ns,
        "median_wall_ns": median_wall_ns,
        "peak_bytes": peak_bytes,
    })
    .to_string()
}
