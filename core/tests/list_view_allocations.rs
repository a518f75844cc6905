//! A list view allocates its answer once: `actions_many` one grid for 50
//! leads × every action, `can_edit_many` one word list, whatever the
//! leads' answers; an error's path is written only for an error. Counted
//! by an instrumented allocator (its own test binary, so nothing else runs
//! under it; its tests take turns).

use std::alloc::System;
use std::sync::Mutex;

use leadrules::{EditedLead, Engine, ExpiryClock, WorkflowLead, PARTNER_LEAD};
use stats_alloc::{Region, StatsAlloc, INSTRUMENTED_SYSTEM};

#[global_allocator]
static GLOBAL: &StatsAlloc<System> = &INSTRUMENTED_SYSTEM;

/// One test at a time: another test's allocations would count as ours.
static TURN: Mutex<()> = Mutex::new(());

const TREE: &str = r#"{"orgs": [
    {"id": "hq", "parent": null, "handover": true},
    {"id": "north", "parent": "hq", "handover": true}
]}"#;

#[test]
fn actions_many_allocates_one_grid_for_fifty_leads() -> Result<(), String> {
    let _turn = TURN.lock();
    let engine = Engine::from_json(TREE).map_err(|e| e.to_string())?;
    let now = leadrules::parse_timestamp("2026-11-23T09:30:00Z", "now").map_err(|e| e.to_string())?;
    let created = leadrules::parse_timestamp("2026-11-20T09:30:00Z", "t").map_err(|e| e.to_string())?;
    let actor = engine
        .prepare_actor("p7", Some("acme"), "manager")
        .map_err(|e| e.to_string())?;
    let stages = ["pending", "accepted", "pending", "accepted", "pending"];
    let ids: Vec<String> = (0..50).map(|i| format!("P{i}")).collect();
    let mut leads = Vec::new();
    for (i, id) in ids.iter().enumerate() {
        let lead = WorkflowLead {
            partner: Some(if i % 3 == 0 { "other" } else { "acme" }),
            source: Some("vendor"),
            clock: ExpiryClock {
                created_at: Some(created),
                accepted_at: Some(created),
                ..ExpiryClock::default()
            },
            ..WorkflowLead::new(id, stages.get(i % stages.len()).copied().unwrap_or("pending"))
        };
        leads.push(
            engine
                .prepare_workflow_lead(PARTNER_LEAD, &lead)
                .map_err(|e| e.to_string())?,
        );
    }
    // Once first: nothing built lazily is counted.
    let _ = engine.actions_many(&actor, &leads, Some(now));
    let region = Region::new(GLOBAL);
    let grid = engine.actions_many(&actor, &leads, Some(now));
    let change = region.change();
    let grid = grid.map_err(|e| e.to_string())?;
    assert_eq!((grid.len(), grid.action_count()), (50, 6));
    assert!(grid.words().iter().any(|w| *w != 0) && grid.words().contains(&0));
    assert_eq!(change.allocations + change.reallocations, 1, "{change:?}");
    Ok(())
}

#[test]
fn can_edit_many_allocates_one_word_list_for_fifty_leads() -> Result<(), String> {
    let _turn = TURN.lock();
    let engine = Engine::from_json(TREE).map_err(|e| e.to_string())?;
    let north = engine.org("north").ok_or("north")?;
    let actor = engine
        .prepare_actor("u1", Some("north"), "professional")
        .map_err(|e| e.to_string())?;
    let ids: Vec<String> = (0..50).map(|i| format!("L{i}")).collect();
    let mut leads = Vec::new();
    for (i, id) in ids.iter().enumerate() {
        let lead = EditedLead {
            id,
            org: north,
            owner: Some(if i % 2 == 0 { "u1" } else { "u2" }),
            creator: Some("u1"),
            handed_over_to_sales: i % 5 == 0,
        };
        leads.push(engine.prepare_lead(&lead).map_err(|e| e.to_string())?);
    }
    let _ = engine.can_edit_many(&actor, &leads);
    let region = Region::new(GLOBAL);
    let verdicts = engine.can_edit_many(&actor, &leads);
    let change = region.change();
    let verdicts = verdicts.map_err(|e| e.to_string())?;
    assert_eq!(verdicts.len(), 50);
    assert!((0..50).any(|i| verdicts.allowed(i)) && (0..50).any(|i| !verdicts.allowed(i)));
    assert_eq!(change.allocations + change.reallocations, 1, "{change:?}");
    Ok(())
}
