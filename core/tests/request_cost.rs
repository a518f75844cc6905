//! What a request costs is bounded by what the protocol reads
//! (RELIABILITY.md#cost): a host's ignored keys are checked but never built,
//! however large or deep (finding 4), and `link`'s repeated-event check is
//! linear (finding 1). Memory is counted by a global allocator, so this file
//! is its own test binary; its tests take turns (the count is global).

use std::alloc::System;
use std::sync::Mutex;

use leadrules::{Engine, ErrorCode, MAX_NESTING};
use stats_alloc::{Region, StatsAlloc, INSTRUMENTED_SYSTEM};

#[global_allocator]
static GLOBAL: &StatsAlloc<System> = &INSTRUMENTED_SYSTEM;

/// One test at a time: another test's allocations would count as ours.
static TURN: Mutex<()> = Mutex::new(());

/// The bytes allocated while `run` runs (growth by reallocation
/// included): an upper bound of the peak it adds.
fn bytes_allocated(run: impl FnOnce()) -> usize {
    let region = Region::new(GLOBAL);
    run();
    let stats = region.change();
    stats.bytes_allocated + usize::try_from(stats.bytes_reallocated).unwrap_or(0)
}

/// `unit` repeated, comma-separated, inside `[` `]`, about `len` bytes.
fn list_of(unit: &str, len: usize) -> String {
    let count = len / (unit.len() + 1);
    format!("[{}]", vec![unit; count].join(","))
}

/// The three hostile values of the audit, about `len` bytes each: arrays
/// nested as deep as a request allows, a long list of `[0]`, and objects
/// nested as deep.
fn hostile_values(len: usize, depth: usize) -> [(&'static str, String); 3] {
    let arrays = format!("{}0{}", "[".repeat(depth), "]".repeat(depth));
    let objects = format!("{}0{}", "{\"a\":".repeat(depth), "}".repeat(depth));
    [
        ("deep arrays", list_of(&arrays, len)),
        ("lists of [0]", list_of("[0]", len)),
        ("nested objects", list_of(&objects, len)),
    ]
}

/// Requests that carry `value` where the protocol ignores it or reads only
/// its type: beside the request's keys, inside the lead, in a sweep's lead,
/// as a transition's form field, and where a string is wanted.
fn carriers(value: &str) -> Vec<String> {
    let targets = |lead_extra: &str, extra: &str| {
        format!(
            r#"{{"kind": "targets", "actor": {{"id": "u1", "org": "north", "role": "manager"}},
                "lead": {{"id": "L1", "org": "north"{lead_extra}}}{extra}}}"#
        )
    };
    vec![
        targets("", &format!(r#", "host": {value}"#)),
        targets(&format!(r#", "host": {value}"#), ""),
        targets(&format!(r#", "owner": {value}"#), ""),
        format!(
            r#"{{"kind": "sweep", "workflow": "partner_lead", "now": "2026-01-01T00:00:00Z",
                "leads": [{{"id": "L1", "stage": "pending", "host": {value}}}]}}"#
        ),
        format!(
            r#"{{"kind": "transition", "workflow": "partner_lead", "action": "decline",
                "now": "2026-01-01T00:00:00Z", "actor": {{"id": "p7", "org": "acme", "role": "manager"}},
                "lead": {{"id": "L9", "stage": "pending", "partner": "acme", "source": "vendor",
                          "created_at": "2026-01-01T00:00:00Z"}},
                "fields": {{"reason": {value}, "host": {value}}}}}"#
        ),
    ]
}

#[test]
fn ignored_values_are_checked_but_not_built() {
    let _turn = TURN.lock();
    let engine = Engine::default();
    // The carriers nest the value at most four levels down, in a list.
    let len = 1 << 20;
    for (shape, value) in hostile_values(len, MAX_NESTING - 5) {
        for request in carriers(&value) {
            let mut answer = None;
            let bytes = bytes_allocated(|| answer = Some(engine.decide_json(&request).into_result()));
            let answer = answer.unwrap_or_else(|| Ok(String::new()));
            assert!(
                !answer.as_ref().is_err_and(|e| e.code == ErrorCode::InvalidJson),
                "{shape}: {answer:?}"
            );
            // Building the value took 40 to 90 bytes per byte of text; the
            // reader needs the few keys it reads and the answer (1 to 5 kB,
            // whatever the size of the text).
            assert!(
                bytes < request.len() / 64,
                "{shape}: {bytes} bytes allocated for {} bytes of request",
                request.len()
            );
        }
    }
}

#[test]
fn a_list_is_not_built_past_the_item_its_reader_refuses() {
    let _turn = TURN.lock();
    let engine = Engine::default();
    let zeros = list_of("0", 1 << 20);
    let requests = [
        format!(
            r#"{{"kind": "sweep", "workflow": "partner_lead", "now": "2026-01-01T00:00:00Z", "leads": {zeros}}}"#
        ),
        link_with_events(std::iter::empty()).replace(r#""events": []"#, &format!(r#""events": {zeros}"#)),
        link_with_events(std::iter::empty()).replace(
            r#""owner": "m2","#,
            &format!(r#""owner": "m2", "alternates": {zeros},"#),
        ),
    ];
    for (request, path) in requests
        .iter()
        .zip(["leads[0]", "secondary.events[0]", "secondary.alternates[0]"])
    {
        let mut answer = None;
        let bytes = bytes_allocated(|| answer = engine.decide_json(request).into_result().err());
        assert_eq!(answer.map(|e| e.path), Some(path.to_owned()));
        // Each item was an 80-byte value: 40 bytes per byte of text.
        assert!(
            bytes < request.len() / 64,
            "{path}: {bytes} bytes allocated for {} bytes of request",
            request.len()
        );
    }
}

#[test]
fn ignored_values_keep_the_nesting_limit_and_repeat_check() {
    let _turn = TURN.lock();
    let engine = Engine::default();
    for value in [
        format!("{}{}", "[".repeat(MAX_NESTING), "]".repeat(MAX_NESTING)),
        format!("{}0{}", "{\"a\":".repeat(MAX_NESTING), "}".repeat(MAX_NESTING)),
    ] {
        for request in carriers(&value) {
            let answer = engine.decide_json(&request).into_result();
            assert!(
                answer.is_err_and(|e| e.code == ErrorCode::InvalidJson && e.path.is_empty()),
                "{request}"
            );
        }
    }
    let repeated = r#"[{"a": 1}, {"b": [{"c": {"d": 1, "e": 2, "d": 3}}]}]"#;
    let paths = [
        "host[1].b[0].c.d",
        "lead.host[1].b[0].c.d",
        "lead.owner[1].b[0].c.d",
        "leads[0].host[1].b[0].c.d",
        "fields.reason[1].b[0].c.d",
    ];
    for (request, path) in carriers(repeated).iter().zip(paths) {
        let error = engine.decide_json(request).into_result().err();
        assert_eq!(
            error.map(|e| (e.code, e.path)),
            Some((ErrorCode::InvalidRequest, path.to_owned()))
        );
    }
}

/// A `link` request whose secondary has `ids` as its events.
fn link_with_events(ids: impl Iterator<Item = String>) -> String {
    let events: Vec<String> = ids
        .map(|id| format!(r#"{{"id": "{id}", "at": "2026-01-01T00:00:00Z"}}"#))
        .collect();
    format!(
        r#"{{"kind": "link", "actor": {{"id": "m1", "role": "super_user"}}, "now": "2025-01-01T00:00:00Z",
            "owner": "m1", "primary": {{"id": "A", "project": "P", "status": "interested", "owner": "m1"}},
            "secondary": {{"id": "B", "project": "P", "status": "claimed", "owner": "m2",
                           "events": [{}]}}}}"#,
        events.join(",")
    )
}

#[test]
fn link_reads_two_hundred_thousand_events_in_linear_time() {
    let _turn = TURN.lock();
    let engine = Engine::default();
    // Each event was compared with every earlier one: 2·10¹⁰ comparisons
    // here, minutes of a debug build; a set makes it one lookup each.
    let count = 200_000;
    let answer = leadrules::protocol::request_value(&link_with_events((0..count).map(|i| format!("e{i}"))))
        .and_then(|v| engine.decide(&v));
    let effects = answer
        .ok()
        .and_then(|a| a.get("effects").and_then(|e| e.as_array().map(Vec::len)));
    // set_owner, add_viewer, a cancel_event per event, set_status,
    // set_visibility, two notifications.
    assert_eq!(effects, Some(count + 6));

    // A repeat is still refused at the second one.
    let ids = ["e1", "e2", "e3", "e2", "e1"].map(str::to_owned);
    let error = leadrules::protocol::request_value(&link_with_events(ids.into_iter()))
        .and_then(|v| engine.decide(&v))
        .err();
    assert_eq!(
        error.map(|e| (e.code, e.path, e.message)),
        Some((
            ErrorCode::InvalidRequest,
            "secondary.events[3].id".to_owned(),
            "duplicate event id `e2`".to_owned()
        ))
    );
}
