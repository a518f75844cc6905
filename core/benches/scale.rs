//! How cost grows (BENCHMARKS.md, the "Scale" sections):
//!
//! - decisions against org count (10, 1k, 100k, 1M) in a wide tree (one
//!   root, every other org its child) and a deep one (a chain): handover
//!   along an edge, cross silo to a sibling (wide) or to the root (deep, the
//!   longest walk to the nearest common ancestor), targets (every org is a
//!   cross-silo target: the answer itself grows with the tree), an org id
//!   lookup, and the JSON handover (which resolves ids);
//! - engine build at those sizes, from JSON text and from the builder; peak
//!   memory of each build is measured first, one child process per build
//!   (this binary re-run with `LEADRULES_SCALE_CHILD` set), from
//!   `/proc/self/status`: `VmRSS` once the input exists, `VmHWM` after the
//!   build (reset to the current RSS through `/proc/self/clear_refs` just
//!   before it, so the peak is the build's own);
//! - transition and actions against the number of workflow stages and
//!   actions (5, 50, 500);
//! - the column sweep and the slice sweep against the number of leads
//!   (1k … 1M).

use std::hint::black_box;
use std::process::Command;
use std::time::{Duration, Instant};

use criterion::{BatchSize, BenchmarkId, Criterion, Throughput};
use leadrules::{
    Actor, Engine, ExpiryClock, HeldLead, LeadColumns, OrgSpec, WorkflowActor, WorkflowLead, WorkflowRequest,
    NO_TIME,
};

const SIZES: [usize; 4] = [10, 1_000, 100_000, 1_000_000];
const SHAPES: [Shape; 2] = [Shape::Wide, Shape::Deep];
const CHILD_ENV: &str = "LEADRULES_SCALE_CHILD";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape {
    /// One root; every other org is its child.
    Wide,
    /// A chain: each org the child of the one before.
    Deep,
}

impl Shape {
    fn name(self) -> &'static str {
        match self {
            Shape::Wide => "wide",
            Shape::Deep => "deep",
        }
    }

    fn from_name(name: &str) -> Option<Shape> {
        SHAPES.into_iter().find(|s| s.name() == name)
    }

    fn parent(self, i: usize) -> Option<usize> {
        match (self, i) {
            (_, 0) => None,
            (Shape::Wide, _) => Some(0),
            (Shape::Deep, i) => Some(i - 1),
        }
    }
}

fn org_id(i: usize) -> String {
    format!("org{i}")
}

/// Every org with handover and cross silo on.
fn specs(shape: Shape, n: usize) -> Vec<OrgSpec> {
    (0..n)
        .map(|i| {
            let spec = OrgSpec::new(org_id(i)).handover(true).cross_silo(true);
            match shape.parent(i) {
                Some(p) => spec.parent(org_id(p)),
                None => spec,
            }
        })
        .collect()
}

fn config_json(shape: Shape, n: usize) -> String {
    let mut text = String::with_capacity(n * 64 + 16);
    text.push_str("{\"orgs\": [");
    for i in 0..n {
        if i > 0 {
            text.push_str(",\n");
        }
        match shape.parent(i) {
            Some(p) => text.push_str(&format!(
                "{{\"id\": \"org{i}\", \"parent\": \"org{p}\", \"handover\": true, \"cross_silo\": true}}"
            )),
            None => text.push_str(&format!(
                "{{\"id\": \"org{i}\", \"handover\": true, \"cross_silo\": true}}"
            )),
        }
    }
    text.push_str("]}");
    text
}

fn build(specs: Vec<OrgSpec>) -> Result<Engine, leadrules::Error> {
    specs.into_iter().fold(Engine::builder(), |b, s| b.org(s)).build()
}

/// A `kB` line of `/proc/self/status`.
fn status_kb(key: &str) -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with(key))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// The child side: build one engine, print
/// `build_ms input_rss_kb peak_kb reset_ok`.
fn child(spec: &str) -> Result<(), String> {
    let mut parts = spec.split(':');
    let (Some(source), Some(shape), Some(n)) = (parts.next(), parts.next(), parts.next()) else {
        return Err(format!("bad {CHILD_ENV}: {spec}"));
    };
    let shape = Shape::from_name(shape).ok_or("unknown shape")?;
    let n: usize = n.parse().map_err(|_| "bad size")?;
    let (json, list) = match source {
        "json" => (Some(config_json(shape, n)), None),
        _ => (None, Some(specs(shape, n))),
    };
    let input_rss = status_kb("VmRSS:").unwrap_or(0);
    // Writing 5 resets VmHWM to the current RSS (Linux ≥ 4.0).
    let reset = std::fs::write("/proc/self/clear_refs", "5").is_ok();
    let start = Instant::now();
    let engine = match (json, list) {
        (Some(text), _) => Engine::from_json(&text),
        (_, Some(list)) => build(list),
        _ => return Err("no input".into()),
    }
    .map_err(|e| e.to_string())?;
    let elapsed = start.elapsed();
    let peak = status_kb("VmHWM:").unwrap_or(0);
    black_box(engine.org_count());
    println!("{} {input_rss} {peak} {reset}", elapsed.as_secs_f64() * 1e3);
    Ok(())
}

/// Runs one child per build and prints the table.
fn memory_table() {
    let Ok(exe) = std::env::current_exe() else {
        eprintln!("scale bench: cannot find its own executable; memory table skipped");
        return;
    };
    println!(
        "Engine build: one child process per build, single cold run (criterion times the warm builds below)"
    );
    println!();
    println!("| source | shape | orgs | build (ms) | RSS with input (MB) | peak during build (MB) | build's own peak (MB) |");
    println!("| --- | --- | --- | --- | --- | --- | --- |");
    let mut resets = true;
    for source in ["json", "builder"] {
        for shape in SHAPES {
            for n in SIZES {
                let output = Command::new(&exe)
                    .env(CHILD_ENV, format!("{source}:{}:{n}", shape.name()))
                    .output();
                let line = match output {
                    Ok(o) if o.status.success() => String::from_utf8_lossy(&o.stdout).trim().to_owned(),
                    Ok(o) => format!("failed: {}", String::from_utf8_lossy(&o.stderr).trim()),
                    Err(e) => format!("failed: {e}"),
                };
                let fields: Vec<&str> = line.split_whitespace().collect();
                let mb = |kb: u64| kb as f64 / 1024.0;
                match fields.as_slice() {
                    [ms, input, peak, reset] => {
                        let (ms, input, peak): (f64, u64, u64) = (
                            ms.parse().unwrap_or(0.0),
                            input.parse().unwrap_or(0),
                            peak.parse().unwrap_or(0),
                        );
                        resets &= *reset == "true";
                        println!(
                            "| {source} | {} | {n} | {ms:.1} | {:.1} | {:.1} | {:.1} |",
                            shape.name(),
                            mb(input),
                            mb(peak),
                            mb(peak.saturating_sub(input))
                        );
                    }
                    _ => println!("| {source} | {} | {n} | {line} | | | |", shape.name()),
                }
            }
        }
    }
    if !resets {
        println!();
        println!("(clear_refs could not be written: the peak includes building the input)");
    }
    println!();
}

fn orgs(c: &mut Criterion) {
    for shape in SHAPES {
        let mut group = c.benchmark_group(format!("scale/orgs/{}", shape.name()));
        for n in SIZES {
            let Ok(engine) = build(specs(shape, n)) else {
                eprintln!("scale bench: {} tree of {n} does not build", shape.name());
                continue;
            };
            let (Some(last), Some(first), Some(pro)) = (
                engine.org_at(n - 1),
                engine.org_at(1),
                engine.role("professional"),
            ) else {
                continue;
            };
            let Some(root) = engine.org_at(0) else { continue };
            let parent = match shape {
                Shape::Wide => root,
                Shape::Deep => engine.org_at(n - 2).unwrap_or(root),
            };
            // Wide: a sibling (ancestor one step up). Deep: the root, the
            // longest walk to the nearest common ancestor.
            let distant = match shape {
                Shape::Wide => first,
                Shape::Deep => root,
            };
            let actor = Actor {
                id: "u1",
                org: last,
                role: pro,
            };
            let lead = HeldLead {
                id: "L1",
                org: last,
                owner: Some("u1"),
            };
            group.bench_with_input(BenchmarkId::new("handover", n), &n, |b, _| {
                b.iter(|| engine.handover(black_box(&actor), black_box(&lead), black_box(parent)))
            });
            group.bench_with_input(BenchmarkId::new("cross_silo", n), &n, |b, _| {
                b.iter(|| engine.cross_silo(black_box(&actor), black_box(&lead), black_box(distant)))
            });
            group.bench_with_input(BenchmarkId::new("targets", n), &n, |b, _| {
                b.iter(|| engine.targets(black_box(&actor), black_box(&lead)))
            });
            let last_id = org_id(n - 1);
            group.bench_with_input(BenchmarkId::new("org_lookup", n), &n, |b, _| {
                b.iter(|| engine.org(black_box(&last_id)))
            });
            let request = format!(
                "{{\"kind\": \"handover\", \"actor\": {{\"id\": \"u1\", \"org\": \"{last_id}\", \"role\": \"professional\"}}, \
                 \"lead\": {{\"id\": \"L1\", \"org\": \"{last_id}\", \"owner\": \"u1\"}}, \"to\": \"{}\"}}",
                engine.org_name(parent)
            );
            group.bench_with_input(BenchmarkId::new("json_handover", n), &n, |b, _| {
                b.iter(|| {
                    leadrules::protocol::request_value(black_box(&request)).and_then(|v| engine.decide(&v))
                })
            });
        }
        group.finish();
    }
}

fn builds(c: &mut Criterion) {
    for shape in SHAPES {
        let mut group = c.benchmark_group(format!("scale/build/{}", shape.name()));
        for n in SIZES {
            group.throughput(Throughput::Elements(n as u64));
            let text = config_json(shape, n);
            group.bench_with_input(BenchmarkId::new("from_json", n), &text, |b, text| {
                b.iter(|| Engine::from_json(text).map(|e| e.org_count()))
            });
            let list = specs(shape, n);
            group.bench_with_input(BenchmarkId::new("builder", n), &list, |b, list| {
                b.iter_batched(
                    || list.clone(),
                    |list| build(list).map(|e| e.org_count()),
                    BatchSize::PerIteration,
                )
            });
        }
        group.finish();
    }
}

/// A ring of `n` stages, `s0` initial, and `n` actions: `a<i>` moves from
/// `s<i>` to the next stage (the last back to `s0`).
fn ring_config(n: usize) -> serde_json::Value {
    let stages: Vec<serde_json::Value> = (0..n)
        .map(|i| serde_json::json!({"id": format!("s{i}"), "initial": i == 0}))
        .collect();
    let actions: Vec<serde_json::Value> = (0..n)
        .map(|i| {
            serde_json::json!({"id": format!("a{i}"), "from": [format!("s{i}")], "to": format!("s{}", (i + 1) % n),
                               "who": {"capability": "manage_lifecycle"}})
        })
        .collect();
    serde_json::json!({"policy": {"workflows": {"ring": {"stages": stages, "actions": actions}}}})
}

fn workflows(c: &mut Criterion) {
    let mut group = c.benchmark_group("scale/workflow");
    for n in [5usize, 50, 500] {
        let engine = match Engine::from_value(&ring_config(n)) {
            Ok(engine) => engine,
            Err(e) => {
                eprintln!("scale bench: ring of {n} does not load: {e}");
                continue;
            }
        };
        let (Some(pro), Some(ring)) = (engine.role("professional"), engine.workflow_id("ring")) else {
            continue;
        };
        let (stage, action) = (format!("s{}", n - 1), format!("a{}", n - 1));
        let request = WorkflowRequest {
            workflow: ring,
            actor: WorkflowActor {
                id: "u1",
                org: Some("north"),
                role: pro,
            },
            lead: WorkflowLead::new("L1", &stage),
            now: None,
        };
        // The last stage and action: the end of every list a lookup scans.
        group.bench_with_input(BenchmarkId::new("transition", n), &n, |b, _| {
            b.iter(|| engine.transition(black_box(&request), black_box(&action), None))
        });
        group.bench_with_input(BenchmarkId::new("actions", n), &n, |b, _| {
            b.iter(|| engine.actions(black_box(&request)))
        });
    }
    group.finish();
}

fn sweeps(c: &mut Criterion) {
    const T0: i64 = 1_763_629_200;
    let engine = Engine::default();
    const STAGES: [&str; 3] = ["pending", "accepted", "closed_converted"];
    let codes: Vec<u32> = STAGES
        .iter()
        .filter_map(|s| engine.stage_code("partner_lead", s))
        .collect();
    let now = T0 + 8 * 86_400;
    let Some(now_at) = chrono::DateTime::from_timestamp(now, 0).map(|t| t.fixed_offset()) else {
        return;
    };
    let mut group = c.benchmark_group("scale/sweep");
    for rows in [1_000usize, 10_000, 100_000, 1_000_000] {
        group.throughput(Throughput::Elements(rows as u64));
        // Six in ten pending, three accepted, one closed, as in benches/sweep.rs.
        let pick = |i: usize| match i % 10 {
            0..=5 => 0,
            6..=8 => 1,
            _ => 2,
        };
        let stages: Vec<u32> = (0..rows)
            .map(|i| codes.get(pick(i)).copied().unwrap_or(0))
            .collect();
        let created: Vec<i64> = (0..rows).map(|i| T0 + (i as i64 % 1_000_000) * 13).collect();
        let accepted: Vec<i64> = (0..rows)
            .map(|i| {
                if pick(i) == 1 {
                    T0 + (i as i64 % 1_000_000) * 13
                } else {
                    NO_TIME
                }
            })
            .collect();
        let columns = LeadColumns {
            stages: &stages,
            created_at: &created,
            expires_at: None,
            accepted_at: Some(&accepted),
            reassigned_at: None,
            templates: None,
        };
        group.bench_with_input(BenchmarkId::new("columns", rows), &rows, |b, _| {
            b.iter(|| {
                engine
                    .sweep_columns("partner_lead", black_box(&columns), now)
                    .map(|s| s.due.len())
            })
        });
        let ids: Vec<String> = (0..rows).map(|i| format!("L{i}")).collect();
        let at = |t: i64| chrono::DateTime::from_timestamp(t, 0).map(|t| t.fixed_offset());
        let leads: Vec<WorkflowLead<'_>> = (0..rows)
            .map(|i| WorkflowLead {
                id: ids.get(i).map_or("", String::as_str),
                stage: STAGES.get(pick(i)).copied().unwrap_or("pending"),
                clock: ExpiryClock {
                    created_at: created.get(i).copied().and_then(at),
                    accepted_at: accepted.get(i).copied().filter(|&t| t != NO_TIME).and_then(at),
                    ..ExpiryClock::default()
                },
                ..WorkflowLead::default()
            })
            .collect();
        group.bench_with_input(BenchmarkId::new("leads", rows), &rows, |b, _| {
            b.iter(|| {
                engine
                    .sweep("partner_lead", black_box(&leads), now_at)
                    .map(|s| s.due.len())
            })
        });
    }
    group.finish();
}

fn main() {
    if let Ok(spec) = std::env::var(CHILD_ENV) {
        if let Err(e) = child(&spec) {
            eprintln!("{e}");
            std::process::exit(1);
        }
        return;
    }
    // `cargo bench -- <filter>` still prints the memory table unless the
    // filter is given and does not mention memory.
    let filter = std::env::args().skip(1).find(|a| !a.starts_with('-'));
    if filter
        .as_deref()
        .is_none_or(|f| "memory".contains(f) || f.contains("memory"))
    {
        memory_table();
    }
    let mut c = Criterion::default()
        .warm_up_time(Duration::from_millis(300))
        .measurement_time(Duration::from_secs(1))
        .sample_size(10)
        .configure_from_args();
    orgs(&mut c);
    builds(&mut c);
    workflows(&mut c);
    sweeps(&mut c);
    c.final_summary();
}
