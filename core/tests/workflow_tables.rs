//! Compiled workflows cost memory in proportion to their config text
//! (cost finding 3, RELIABILITY.md#cost): an action offered from every open
//! stage (`"from": "*"`) is stored once, not once per stage, and one offered
//! from a list of stages once per listed stage. Counted by a global
//! allocator, so this file is its own test binary and its tests take
//! turns.
//!
//! And the compiled tables answer as the dense `stage × action` table
//! did: every move checked against a model of the documented rules, and
//! every answer, warning and load problem over a set of generated
//! workflows hashed against the value the dense table gave.

use std::alloc::System;
use std::sync::{Mutex, MutexGuard};

use leadrules::Engine;
use serde_json::{json, Value};
use stats_alloc::{Region, StatsAlloc, INSTRUMENTED_SYSTEM};

#[global_allocator]
static GLOBAL: &StatsAlloc<System> = &INSTRUMENTED_SYSTEM;

/// The allocator counts every thread: the tests of this file run one at
/// a time.
static TURN: Mutex<()> = Mutex::new(());

fn turn() -> MutexGuard<'static, ()> {
    TURN.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Bytes allocated while building an engine from `text`, per byte of
/// text: in all (which bounds the peak), and still held by the engine.
fn bytes_per_config_byte(text: &str) -> (f64, f64) {
    let region = Region::new(GLOBAL);
    let engine = Engine::from_json(text);
    let stats = region.change();
    assert!(
        engine.as_ref().is_ok_and(|e| e.warnings().is_empty()),
        "{engine:?}"
    );
    // A reallocation counts its growth as allocated, its shrinking as
    // deallocated.
    let held = stats.bytes_allocated.saturating_sub(stats.bytes_deallocated);
    drop(engine);
    let len = text.len() as f64;
    (stats.bytes_allocated as f64 / len, held as f64 / len)
}

/// `count` workflows of the largest size, `stages` stages and as many
/// actions, nearly all offered from every open stage (the audit's shape),
/// one in eight from a list of three stages; no warnings.
fn wide_config(count: usize, stages: usize) -> String {
    let stage_list: Vec<Value> = (0..stages)
        .map(|i| match i {
            0 => json!({"id": format!("s{i}"), "initial": true}),
            i if i + 1 == stages => json!({"id": format!("s{i}"), "terminal": true}),
            _ => json!({"id": format!("s{i}")}),
        })
        .collect();
    let actions: Vec<Value> = (0..stages)
        .map(|i| {
            let id = format!("a{i}");
            match i % 8 {
                0 => json!({"id": id, "from": "*", "to": {"step": 1}}),
                1 => json!({"id": id, "from": "*", "to": null}),
                7 => json!({"id": id, "from": [format!("s{}", i / 2), format!("s{}", i / 4), format!("s{}", i / 8)],
                            "to": {"step": -1}}),
                _ => json!({"id": id, "from": "*", "to": format!("s{}", (i * 7) % stages)}),
            }
        })
        .collect();
    let workflows: serde_json::Map<String, Value> = (0..count)
        .map(|w| (format!("w{w}"), json!({"stages": stage_list, "actions": actions})))
        .collect();
    json!({"policy": {"workflows": workflows}}).to_string()
}

/// With a dense `stage × action` table each workflow of this config held
/// 16 MB of moves for 54 KB of text: 894 bytes allocated and 302 held
/// per byte of config. Now 33 and 5.6; of the 33, the policy's JSON value
/// tree, read before the workflows, takes ~19.
#[test]
fn full_size_workflows_cost_memory_in_proportion_to_their_text() {
    let _turn = turn();
    let text = wide_config(3, leadrules::workflow::MAX_WORKFLOW_ITEMS);
    let (total, held) = bytes_per_config_byte(&text);
    println!(
        "{} bytes of config: {total:.1} bytes allocated and {held:.1} held per byte",
        text.len()
    );
    assert!(total <= 48.0, "{total:.1} bytes allocated per config byte");
    assert!(held <= 8.0, "{held:.1} bytes held per config byte");
}

/// The cost per byte does not grow with the workflow: a small one and a
/// full-size one cost about the same per byte of text.
#[test]
fn memory_per_config_byte_does_not_grow_with_the_workflow() {
    let _turn = turn();
    let (small_total, small_held) = bytes_per_config_byte(&wide_config(30, 100));
    let (large_total, large_held) = bytes_per_config_byte(&wide_config(3, 1_000));
    assert!(
        large_total <= small_total * 1.5 && large_held <= small_held * 1.5,
        "100 stages: {small_total:.1} / {small_held:.1}, 1,000 stages: {large_total:.1} / {large_held:.1}"
    );
}

/// A workflow's name is part of every path under it: written out for each
/// action, field and effect (as it was, whether or not it had a problem),
/// a 256 KB name and 200 actions cost 1,430 bytes allocated per byte of
/// config, and time to match; now the paths are written when reported.
#[test]
fn long_workflow_names_are_not_copied_per_item() {
    let _turn = turn();
    let stages: Vec<Value> = (0..20)
        .map(|i| match i {
            0 => json!({"id": "s0", "initial": true}),
            19 => json!({"id": "s19", "terminal": true}),
            _ => json!({"id": format!("s{i}")}),
        })
        .collect();
    let actions: Vec<Value> = (0..200)
        .map(|i| {
            json!({"id": format!("a{i}"), "from": "*", "to": format!("s{}", i % 20),
                   "fields": {"note": {"type": "text"}, "amount": {"type": "number", "min": 0}},
                   "effects": [{"kind": "add_feed_note", "from": "fields.note"}]})
        })
        .collect();
    let name = "n".repeat(256 * 1024);
    let text = json!({"policy": {"workflows": {name: {"stages": stages, "actions": actions}}}}).to_string();
    let (total, held) = bytes_per_config_byte(&text);
    println!(
        "{} bytes of config: {total:.1} bytes allocated and {held:.1} held per byte",
        text.len()
    );
    assert!(
        total <= 48.0 && held <= 8.0,
        "{total:.1} bytes allocated, {held:.1} held per config byte"
    );
}

/// A small deterministic generator (xorshift), so the generated
/// workflows, and the hash of their answers, never change.
struct Dice(u64);

impl Dice {
    fn roll(&mut self, sides: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        usize::try_from(self.0 % sides.max(1) as u64).unwrap_or(0)
    }

    fn chance(&mut self, percent: usize) -> bool {
        self.roll(100) < percent
    }
}

/// `count` stages `s0`, `s1`, … with `initial` the initial one; each
/// other stage terminal or else running an expiry period by the two
/// chances given, and archived by the third when there is one (no roll
/// otherwise: the recorded hashes depend on the exact rolls).
fn generated_stages(
    dice: &mut Dice,
    count: usize,
    initial: usize,
    [terminal, expiry]: [usize; 2],
    archived: Option<usize>,
) -> Vec<Value> {
    (0..count)
        .map(|i| {
            let mut stage = json!({"id": format!("s{i}")});
            if i == initial {
                set(&mut stage, "initial", json!(true));
            } else if dice.chance(terminal) {
                set(&mut stage, "terminal", json!(true));
            } else if dice.chance(expiry) {
                set(
                    &mut stage,
                    "expiry",
                    json!(if dice.chance(50) { "pending" } else { "accepted" }),
                );
            }
            if archived.is_some_and(|percent| dice.chance(percent)) {
                set(&mut stage, "archived", json!(true));
            }
            stage
        })
        .collect()
}

/// One generated workflow: stages (some terminal, some running an expiry
/// period), actions from `"*"` or from lists (now and then naming a
/// terminal stage or one stage twice: load problems), to a stage, a step,
/// nowhere or a form field.
fn generated_workflow(dice: &mut Dice) -> Value {
    let stage_count = 1 + dice.roll(9);
    let initial = dice.roll(stage_count);
    let stages = generated_stages(dice, stage_count, initial, [20, 25], Some(10));
    let actions: Vec<Value> = (0..1 + dice.roll(12))
        .map(|a| {
            let mut action = json!({"id": format!("a{a}")});
            let from = if dice.chance(50) {
                json!("*")
            } else {
                // Open stages, each once; now and then any stage.
                let mut listed: Vec<String> = Vec::new();
                for _ in 0..dice.roll(5) {
                    let stage = dice.roll(stage_count);
                    let name = format!("s{stage}");
                    let open = stages
                        .get(stage)
                        .is_some_and(|s| s.get("terminal") != Some(&json!(true)));
                    if dice.chance(5) || (open && !listed.contains(&name)) {
                        listed.push(name);
                    }
                }
                json!(listed)
            };
            set(&mut action, "from", from);
            let to = match dice.roll(4) {
                0 => Value::Null,
                1 => json!(format!("s{}", dice.roll(stage_count))),
                2 => {
                    let step = [-3, -2, -1, 1, 2, 3].get(dice.roll(6)).copied().unwrap_or(1);
                    json!({ "step": step })
                }
                _ => {
                    set(&mut action, "fields", json!({"target": {"type": "stage"}}));
                    json!({"field": "target"})
                }
            };
            set(&mut action, "to", to);
            if dice.chance(90) {
                set(
                    &mut action,
                    "effects",
                    json!([{"kind": "record", "field": "accepted_at", "from": "now"}]),
                );
            }
            if dice.chance(15) {
                set(
                    &mut action,
                    "when_due",
                    json!(if dice.chance(50) { "deny" } else { "require" }),
                );
            }
            if dice.chance(10) {
                set(&mut action, "who", json!({"capability": "approve"}));
            }
            action
        })
        .collect();
    json!({"stages": stages, "actions": actions})
}

/// The value at `pointer`, null where there is none.
fn at<'v>(value: &'v Value, pointer: &str) -> &'v Value {
    value.pointer(pointer).unwrap_or(&Value::Null)
}

fn set(object: &mut Value, key: &str, value: Value) {
    if let Some(map) = object.as_object_mut() {
        map.insert(key.into(), value);
    }
}

/// FNV-1a, 64 bits: a hash that is the same on every platform and release.
fn fnv(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// The move the documented rules give: `Some(None)` for an action that
/// stays, `Some(Some(stage))` for one that moves, `None` where the stage
/// does not offer it or the step runs past an end.
fn modelled_move(workflow: &Value, stage: usize, action: &Value, chosen: usize) -> Option<Option<usize>> {
    let stages = at(workflow, "/stages").as_array().map_or(0, Vec::len);
    let terminal = at(workflow, &format!("/stages/{stage}/terminal")) == &json!(true);
    let name = format!("s{stage}");
    let offered = match at(action, "/from") {
        Value::String(_) => !terminal,
        Value::Array(listed) => listed.iter().any(|s| s.as_str() == Some(&name)),
        _ => false,
    };
    if !offered {
        return None;
    }
    let to = at(action, "/to");
    let stage_named = |value: &Value| value.as_str()?.strip_prefix('s')?.parse::<usize>().ok();
    match to {
        Value::Null => Some(None),
        Value::String(_) => stage_named(to).map(Some),
        _ => match (at(to, "/step").as_i64(), at(to, "/field").as_str()) {
            (Some(step), _) => {
                let target = i64::try_from(stage).ok()? + step;
                let target = usize::try_from(target).ok().filter(|&t| t < stages)?;
                Some(Some(target))
            }
            (None, Some(_)) => Some(Some(chosen)),
            (None, None) => None,
        },
    }
}

/// How many workflows are generated.
const WORKFLOWS: usize = 400;

/// Every answer over 400 generated workflows (moves checked against the
/// documented rules), every warning and every load problem, hashed.
fn answers_of_generated_workflows() -> (String, usize, usize) {
    answers(Dice(0x9e37_79b9_7f4a_7c15), WORKFLOWS, generated_workflow, None)
}

/// The answers, warnings and load problems of `count` workflows from
/// `generate`: every move (and `actions` from every stage) or `sample`
/// moves at random; each move checked against the documented rules.
fn answers(
    mut dice: Dice,
    count: usize,
    generate: fn(&mut Dice) -> Value,
    sample: Option<usize>,
) -> (String, usize, usize) {
    let mut dump = String::new();
    let (mut loaded, mut moves) = (0, 0);
    for w in 0..count {
        let workflow = generate(&mut dice);
        let config = json!({"policy": {"workflows": {"g": workflow},
                                       "roles": {"approver": ["manage_lifecycle"]}}});
        let engine = match Engine::from_json(&config.to_string()) {
            Ok(engine) => engine,
            Err(error) => {
                for problem in &error.problems {
                    dump.push_str(&format!("{w} problem {} {}\n", problem.path, problem.message));
                }
                continue;
            }
        };
        loaded += 1;
        for warning in engine.warnings() {
            dump.push_str(&format!("{w} warning {} {}\n", warning.path, warning.message));
        }
        let stages = at(&workflow, "/stages").as_array().map_or(0, Vec::len);
        let actions = at(&workflow, "/actions").as_array().cloned().unwrap_or_default();
        let pairs: Vec<(usize, Option<usize>)> = match sample {
            None => (0..stages).map(|s| (s, None)).collect(),
            Some(n) => (0..n)
                .map(|_| (dice.roll(stages), Some(dice.roll(actions.len()))))
                .collect(),
        };
        for (stage, only) in pairs {
            let lead = json!({"id": "L", "stage": format!("s{stage}"), "partner": "acme", "source": "vendor",
                              "created_at": "2026-11-01T09:00:00Z", "accepted_at": "2026-11-02T09:00:00Z"});
            let actor = json!({"id": "u1", "org": "acme", "role": "approver"});
            let now = if dice.chance(50) {
                "2026-11-03T09:00:00Z"
            } else {
                "2027-06-01T09:00:00Z"
            };
            if only.is_none() {
                let listed = engine.decide(&json!({"kind": "actions", "workflow": "g", "now": now,
                                                   "actor": actor, "lead": lead}));
                dump.push_str(&format!("{w} s{stage} actions {listed:?}\n"));
            }
            let asked = actions
                .iter()
                .enumerate()
                .filter(|&(a, _)| only.is_none_or(|only| only == a));
            for (a, action) in asked {
                let chosen = dice.roll(stages);
                let answer = engine.decide(&json!({
                    "kind": "transition", "workflow": "g", "action": format!("a{a}"), "now": now,
                    "actor": actor, "lead": lead, "fields": {"target": format!("s{chosen}")}}));
                dump.push_str(&format!("{w} s{stage} a{a} {answer:?}\n"));
                let answer = answer.unwrap_or_default();
                let illegal = at(&answer, "/reasons")
                    .as_array()
                    .is_some_and(|r| r.iter().any(|r| at(r, "/code") == "illegal_transition"));
                let expected = modelled_move(&workflow, stage, action, chosen);
                assert_eq!(
                    illegal,
                    expected.is_none(),
                    "workflow {workflow}, s{stage}, a{a}: {answer}"
                );
                let to = match expected {
                    None => Value::Null,
                    Some(None) => json!(format!("s{stage}")),
                    Some(Some(target)) => json!(format!("s{target}")),
                };
                assert_eq!(
                    at(&answer, "/to"),
                    &to,
                    "workflow {workflow}, s{stage}, a{a}: {answer}"
                );
                moves += 1;
            }
        }
    }
    (dump, loaded, moves)
}

/// A long workflow: 60 to 259 stages (one to five words of bits),
/// actions mostly from `"*"`, most stepping by up to the stage count,
/// either way; half the workflows with a few actions, so that some stages
/// are out of reach or stuck.
fn generated_long_workflow(dice: &mut Dice) -> Value {
    let stage_count = 60 + dice.roll(200);
    let initial = dice.roll(stage_count);
    let stages = generated_stages(dice, stage_count, initial, [10, 20], None);
    let action_count = if dice.chance(50) {
        1 + dice.roll(6)
    } else {
        1 + dice.roll(80)
    };
    let actions: Vec<Value> = (0..action_count)
        .map(|a| {
            let mut action = json!({"id": format!("a{a}")});
            let from = if dice.chance(70) {
                json!("*")
            } else {
                let mut listed: Vec<String> = Vec::new();
                for _ in 0..dice.roll(6) {
                    let stage = dice.roll(stage_count);
                    let name = format!("s{stage}");
                    let open = stages
                        .get(stage)
                        .is_some_and(|s| s.get("terminal") != Some(&json!(true)));
                    if open && !listed.contains(&name) {
                        listed.push(name);
                    }
                }
                json!(listed)
            };
            set(&mut action, "from", from);
            let to = match dice.roll(10) {
                0 => Value::Null,
                1 => json!(format!("s{}", dice.roll(stage_count))),
                9 => {
                    set(&mut action, "fields", json!({"target": {"type": "stage"}}));
                    json!({"field": "target"})
                }
                _ => {
                    let size = i64::try_from(1 + dice.roll(stage_count + 10)).unwrap_or(1);
                    json!({ "step": if dice.chance(50) { size } else { -size } })
                }
            };
            set(&mut action, "to", to);
            if dice.chance(95) {
                set(
                    &mut action,
                    "effects",
                    json!([{"kind": "record", "field": "accepted_at", "from": "now"}]),
                );
            }
            if dice.chance(10) {
                set(
                    &mut action,
                    "when_due",
                    json!(if dice.chance(50) { "deny" } else { "require" }),
                );
            }
            action
        })
        .collect();
    json!({"stages": stages, "actions": actions})
}

/// The hash of the dump the dense table gave for 150 long workflows
/// (e96a1b7): 96 loaded, 2,880 moves, 11,417 warnings, 92 load problems.
const DENSE_TABLE_LONG_HASH: u64 = 7_182_705_262_886_531_350;

#[test]
fn long_workflows_warn_and_answer_as_with_the_dense_table() {
    let _turn = turn();
    let (dump, loaded, moves) = answers(
        Dice(0x2545_f491_4f6c_dd1d),
        150,
        generated_long_workflow,
        Some(30),
    );
    if let Ok(path) = std::env::var("WORKFLOW_TABLES_LONG_DUMP") {
        std::fs::write(path, &dump).unwrap_or_default();
    }
    let count = |kind: &str| dump.lines().filter(|l| l.split(' ').nth(1) == Some(kind)).count();
    println!(
        "{loaded} loaded, {moves} moves, {} warnings, {} problems",
        count("warning"),
        count("problem")
    );
    assert!(loaded >= 60 && count("warning") >= 100, "{loaded} loaded");
    assert_eq!(
        fnv(&dump),
        DENSE_TABLE_LONG_HASH,
        "{loaded} loaded, {moves} moves; {} lines:\n{}",
        dump.lines().count(),
        dump.lines().take(40).collect::<Vec<_>>().join("\n")
    );
}

/// The hash of the dump the dense table gave (e96a1b7): 334 of the 400
/// workflows loaded, 10,346 moves, 1,343 warnings, 78 load problems.
const DENSE_TABLE_HASH: u64 = 1_783_894_047_338_426_278;

#[test]
fn moves_warnings_and_problems_are_those_of_the_dense_table() {
    let _turn = turn();
    let (dump, loaded, moves) = answers_of_generated_workflows();
    // To compare two versions line by line.
    if let Ok(path) = std::env::var("WORKFLOW_TABLES_DUMP") {
        std::fs::write(path, &dump).unwrap_or_default();
    }
    // Enough of both outcomes to mean something.
    assert!(
        loaded >= 120 && moves >= 3_000,
        "{loaded} workflows loaded, {moves} moves"
    );
    assert_eq!(
        fnv(&dump),
        DENSE_TABLE_HASH,
        "{loaded} loaded, {moves} moves; {} lines:\n{}",
        dump.lines().count(),
        dump.lines().take(40).collect::<Vec<_>>().join("\n")
    );
}

/// The audit's shape at full size answers from every stage as the rules
/// say: `"*"` everywhere but the terminal stage, a list only there.
#[test]
fn full_size_workflows_answer_from_every_stage() {
    let _turn = turn();
    let engine = Engine::from_json(&wide_config(1, 1_000));
    assert!(engine.is_ok(), "{engine:?}");
    let engine = engine.unwrap_or_default();
    let ask = |stage: usize, action: usize| {
        engine
            .decide(&json!({"kind": "transition", "workflow": "w0", "action": format!("a{action}"),
                            "actor": {"id": "u", "role": "manager"}, "lead": {"id": "L", "stage": format!("s{stage}")}}))
            .unwrap_or_default()
    };
    assert_eq!(at(&ask(0, 0), "/to"), "s1");
    assert_eq!(at(&ask(998, 0), "/to"), "s999");
    assert_eq!(at(&ask(999, 0), "/reasons/0/code"), "illegal_transition");
    assert_eq!(at(&ask(500, 1), "/to"), "s500");
    assert_eq!(at(&ask(998, 2), "/to"), "s14");
    // a7 is offered from s3, s1 and s0; back one stage, past the start from s0.
    assert_eq!(at(&ask(3, 7), "/to"), "s2");
    assert_eq!(at(&ask(1, 7), "/to"), "s0");
    assert_eq!(at(&ask(0, 7), "/reasons/0/code"), "illegal_transition");
    assert_eq!(at(&ask(2, 7), "/reasons/0/code"), "illegal_transition");
    // a999 is offered from s499, s249 and s124.
    assert_eq!(at(&ask(499, 999), "/to"), "s498");
    assert_eq!(at(&ask(124, 999), "/to"), "s123");
    assert_eq!(at(&ask(998, 999), "/reasons/0/code"), "illegal_transition");
    assert_eq!(
        at(&ask(998, 998), "/to"),
        &json!(format!("s{}", (998 * 7) % 1_000))
    );
    let offered = engine
        .decide(
            &json!({"kind": "actions", "workflow": "w0", "actor": {"id": "u", "role": "manager"},
                        "lead": {"id": "L", "stage": "s3"}}),
        )
        .unwrap_or_default();
    let allowed: Vec<&str> = at(&offered, "/actions")
        .as_array()
        .map(|all| {
            all.iter()
                .filter(|a| at(a, "/allowed") == true)
                .filter_map(|a| at(a, "/action").as_str())
                .collect()
        })
        .unwrap_or_default();
    // Every action from `"*"`, and a7, a15 and a31, which list s3.
    assert_eq!(allowed.len(), 875 + 3, "{allowed:?}");
    assert!(["a7", "a15", "a31"].iter().all(|a| allowed.contains(a)) && !allowed.contains(&"a23"));
}
