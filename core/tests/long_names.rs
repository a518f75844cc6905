//! A long string from the config (a workflow or role name, an initial
//! stage id, a key) named in many problems or warnings costs memory once,
//! not once per problem (cost finding 3′, RELIABILITY.md#cost): each finding
//! is written with a stand-in of the string, which shortens to exactly the
//! text the full string would have (`leadrules::shorten_path`,
//! `shorten_message`). Counted by a global allocator, so this file is its
//! own test binary and its tests take turns.
//!
//! And the findings read as before: each compared with the full text
//! shortened afterwards, over generated names (multi-byte characters,
//! dots and backquotes, lengths around the cut-offs).

use std::alloc::System;
use std::sync::{Mutex, MutexGuard};

use leadrules::{shorten_message, shorten_path, Engine, Error, Problem};
use serde_json::{json, Map, Value};
use stats_alloc::{Region, StatsAlloc, INSTRUMENTED_SYSTEM};

#[global_allocator]
static GLOBAL: &StatsAlloc<System> = &INSTRUMENTED_SYSTEM;

/// The allocator counts every thread: the tests of this file run one at
/// a time.
static TURN: Mutex<()> = Mutex::new(());

fn turn() -> MutexGuard<'static, ()> {
    TURN.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Reading a config allocates about 30 bytes per byte of it (its value
/// tree, the specs, the engine). With a copy of a 1 MB name per finding,
/// these configs allocated 1,000–4,000 bytes per byte.
const MAX_BYTES_PER_CONFIG_BYTE: u64 = 100;

/// The engine or error for `text`, and the bytes allocated meanwhile in
/// all (which bounds the peak), checked against the bound.
fn load_within_bound(text: &str) -> Result<Engine, Error> {
    let region = Region::new(GLOBAL);
    let loaded = Engine::from_json(text);
    let allocated = region.change().bytes_allocated as u64;
    let per_byte = allocated / text.len() as u64;
    assert!(
        per_byte <= MAX_BYTES_PER_CONFIG_BYTE,
        "{allocated} bytes allocated for {} bytes of config ({per_byte} per byte)",
        text.len()
    );
    loaded
}

/// A workflow of `stages` terminal stages after an initial one, and one
/// action from the initial stage to the first of them: every other stage
/// is unreached (a warning each).
fn stages(initial: &str, stages: usize) -> Value {
    let mut list = vec![json!({"id": initial, "initial": true})];
    list.extend((1..stages).map(|i| json!({"id": format!("s{i}"), "terminal": true})));
    json!({"stages": list, "actions": [{"id": "a", "from": [initial], "to": "s1"}]})
}

fn workflow_config(name: &str, workflow: Value) -> String {
    let mut workflows = Map::new();
    workflows.insert(name.to_owned(), workflow);
    json!({"policy": {"workflows": workflows}}).to_string()
}

#[test]
fn a_long_workflow_name_in_a_thousand_warnings() {
    let _turn = turn();
    let name = "w".repeat(1 << 20);
    let engine = load_within_bound(&workflow_config(&name, stages("start", 1_000)));
    let warnings = engine.as_ref().map(Engine::warnings).unwrap_or_default();
    assert_eq!(warnings.len(), 998, "{:?}", engine.err());
    assert!(warnings
        .iter()
        .all(|w| w.path.len() < 200 && w.message.len() < 200));
}

#[test]
fn a_long_initial_stage_id_in_a_thousand_warnings() {
    let _turn = turn();
    let initial = "é".repeat(1 << 19);
    let engine = load_within_bound(&workflow_config("w", stages(&initial, 1_000)));
    let warnings = engine.as_ref().map(Engine::warnings).unwrap_or_default();
    assert_eq!(warnings.len(), 998, "{:?}", engine.err());
    assert!(warnings.iter().all(|w| w.message.len() < 300));
}

#[test]
fn a_long_workflow_name_with_a_problem_per_stage() {
    let _turn = turn();
    let name = "w".repeat(1 << 20);
    // Each stage has an unknown key (read) and the same id (compiled).
    let list: Vec<Value> = (0..1_000)
        .map(|i| json!({"id": "s", "initial": i == 0, "x": 1}))
        .collect();
    let error = load_within_bound(&workflow_config(&name, json!({"stages": list, "actions": []})));
    let problems = error.err().map(|e| e.problems).unwrap_or_default();
    assert!(problems.len() >= 1_999, "{}", problems.len());
    assert!(problems
        .iter()
        .all(|p| p.path.len() < 200 && p.message.len() < 200));
}

#[test]
fn a_long_role_name_with_many_unknown_capabilities() {
    let _turn = turn();
    let name = "r".repeat(1 << 20);
    let mut roles = Map::new();
    roles.insert(name, json!(vec!["nope"; 20_000]));
    let error = load_within_bound(&json!({"policy": {"roles": roles}}).to_string());
    let problems = error.err().map(|e| e.problems).unwrap_or_default();
    assert_eq!(problems.len(), 20_000);
}

/// Names from which each case picks: long and short, one- to four-byte
/// characters, dots (path separators) and backquotes (quote marks).
fn name(case: usize) -> String {
    let pieces = ["a", "é", "€", "😀", ".", "`", "bcd", "x.y"];
    let lens = [3, 60, 70, 1_000, 1_030, 1_100, 3_000, 9_000];
    let len = lens.get(case % lens.len()).copied().unwrap_or_default();
    let mut out = String::new();
    let mut i = case as u64;
    while out.len() < len {
        i = i
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        let piece = (i >> 33) as usize % pieces.len();
        out.push_str(pieces.get(piece).copied().unwrap_or_default());
    }
    out
}

fn shortened(path: String, message: String) -> Problem {
    Problem {
        path: shorten_path(path),
        message: shorten_message(message),
    }
}

#[test]
fn warnings_read_as_the_full_text_shortened() {
    let _turn = turn();
    for case in 0..48 {
        let (workflow, initial) = (name(case), name(case / 8 + 3));
        let engine = Engine::from_json(&workflow_config(&workflow, stages(&initial, 4)));
        let warnings = engine.as_ref().map(Engine::warnings).unwrap_or_default();
        let expected: Vec<Problem> = (2..4)
            .map(|s| {
                shortened(
                    format!("policy.workflows.{workflow}.stages[{s}]"),
                    format!(
                        "no sequence of actions leads from the initial stage `{initial}` to stage `s{s}`"
                    ),
                )
            })
            .collect();
        assert_eq!(warnings, expected.as_slice(), "case {case}");
    }
}

#[test]
fn problems_read_as_the_full_text_shortened() {
    let _turn = turn();
    for case in 0..48 {
        let (workflow, role, template) = (name(case), name(case + 5), name(case + 3));
        let stage_list = [json!({"id": "s", "initial": true, "x": 1}), json!({"id": "s"})];
        let mut workflows = Map::new();
        workflows.insert(workflow.clone(), json!({"stages": stage_list, "actions": []}));
        let mut roles = Map::new();
        roles.insert(role.clone(), json!(["nope"]));
        let mut templates = Map::new();
        templates.insert(template.clone(), json!({"x": 1}));
        let config = json!({"policy": {"roles": roles, "templates": templates, "workflows": workflows}});
        let config = config.to_string();
        let problems = Engine::from_json(&config)
            .err()
            .map(|e| e.problems)
            .unwrap_or_default();
        let base = format!("policy.workflows.{workflow}.stages");
        let stage_keys = "id, initial, terminal, archived, expiry";
        let template_keys = "pending, accepted, time_zone, end_of_day, business_days, calendar";
        // Problems from `from_json` are shortened twice (once when the
        // first reading fails, once in document order).
        let twice = |path: String, message: String| {
            let once = shortened(path, message);
            shortened(once.path, once.message)
        };
        let expected = [
            twice(
                format!("policy.roles.{role}[0]"),
                "unknown capability `nope`".to_owned(),
            ),
            twice(
                format!("{base}[0].x"),
                format!("unknown key `x` (expected one of: {stage_keys})"),
            ),
            twice(format!("{base}[1].id"), "duplicate stage `s`".to_owned()),
            twice(
                format!("policy.templates.{template}.x"),
                format!("unknown key `x` (expected one of: {template_keys})"),
            ),
        ];
        // In document order: roles, templates, workflows.
        let [in_role, in_stage, in_stages, in_template] = expected;
        assert_eq!(
            problems,
            [in_role, in_template, in_stage, in_stages],
            "case {case}"
        );
    }
}
