//! The list views answer what the single question answers, lead by lead:
//! every row of `actions_many` is `actions_prepared`'s `allowed` flags,
//! every bit of `can_edit_many` is `edit_prepared`'s, every entry of
//! `targets_many` is `targets_prepared`'s; the first lead the single
//! question refuses is the many-call's error, at `leads[i]`. Checked over
//! the conformance vectors (every actor of a config against every lead of
//! it, grouped by workflow and `now`) and over generated leads; and a
//! handle of another engine is `foreign_handle` at its argument in every
//! prepared question and list view.

mod vectors;

use std::collections::BTreeMap;

use leadrules::{
    ActionGrid, EditedLead, Engine, Error, ErrorCode, ExpiryClock, PreparedActor, PreparedLead,
    PreparedWorkflowLead, Timestamp, Verdicts, WorkflowLead,
};
use proptest::prelude::*;
use serde_json::{json, Value};

/// `(code, path)` of an error.
type Failure = (ErrorCode, String);

fn failure(error: &Error) -> Failure {
    (error.code, error.path.clone())
}

/// The path a list view gives a lead's error: `lead...` becomes
/// `leads[i]...`; the actor's and the request's stay.
fn at_lead(error: &Error, i: usize) -> Failure {
    let path = match error.path.strip_prefix("lead") {
        Some(rest) if rest.is_empty() || rest.starts_with('.') => format!("leads[{i}]{rest}"),
        _ => error.path.clone(),
    };
    (error.code, path)
}

/// The grid the single question gives, lead by lead, or its first error.
fn actions_one_by_one(
    engine: &Engine,
    actor: &PreparedActor,
    leads: &[PreparedWorkflowLead],
    now: Option<Timestamp>,
) -> Result<Vec<Vec<bool>>, Failure> {
    leads
        .iter()
        .enumerate()
        .map(|(i, lead)| match engine.actions_prepared(actor, lead, now) {
            Ok(options) => Ok(options.iter().map(|o| o.allowed()).collect()),
            Err(error) => Err(at_lead(&error, i)),
        })
        .collect()
}

fn grid_rows(grid: &ActionGrid) -> Vec<Vec<bool>> {
    (0..grid.len())
        .map(|i| (0..grid.action_count()).map(|a| grid.allowed_at(i, a)).collect())
        .collect()
}

/// `actions_many` against the single question; `Err` describes a mismatch.
fn check_actions(
    engine: &Engine,
    actor: &PreparedActor,
    leads: &[PreparedWorkflowLead],
    now: Option<Timestamp>,
) -> Result<(), String> {
    let single = actions_one_by_one(engine, actor, leads, now);
    let many = engine.actions_many(actor, leads, now);
    if let Ok(grid) = &many {
        let words = grid.words_per_lead();
        if grid.words().len() != words * grid.len() || words != grid.action_count().div_ceil(64) {
            return Err(format!("grid shape: {grid:?}"));
        }
    }
    let many = many.map(|grid| grid_rows(&grid)).map_err(|e| failure(&e));
    if leads.is_empty() {
        return match many {
            Ok(rows) if rows.is_empty() => Ok(()),
            other => Err(format!("no leads: {other:?}")),
        };
    }
    if single == many {
        Ok(())
    } else {
        Err(format!("one by one {single:?}\nmany {many:?}"))
    }
}

/// `can_edit_many` and `targets_many` against the single questions.
fn check_org_views(engine: &Engine, actor: &PreparedActor, leads: &[PreparedLead]) -> Result<(), String> {
    if leads.is_empty() {
        return Ok(());
    }
    let single: Result<Vec<bool>, Failure> = leads
        .iter()
        .enumerate()
        .map(|(i, lead)| match engine.edit_prepared(actor, lead) {
            Ok(decision) => Ok(decision.allowed()),
            Err(error) => Err(at_lead(&error, i)),
        })
        .collect();
    let many = engine
        .can_edit_many(actor, leads)
        .map(|v: Verdicts| (0..v.len()).map(|i| v.allowed(i)).collect::<Vec<_>>())
        .map_err(|e| failure(&e));
    if single != many {
        return Err(format!("edit one by one {single:?}\nmany {many:?}"));
    }
    let single: Result<Vec<_>, Failure> = leads
        .iter()
        .enumerate()
        .map(|(i, lead)| engine.targets_prepared(actor, lead).map_err(|e| at_lead(&e, i)))
        .collect();
    let many = engine.targets_many(actor, leads).map_err(|e| failure(&e));
    if single != many {
        return Err(format!("targets one by one {single:?}\nmany {many:?}"));
    }
    Ok(())
}

/// The records of the vectors, grouped: actions' by config, workflow and
/// `now`; edit's and targets' by config.
#[derive(Default)]
struct Groups {
    actions: BTreeMap<(String, String, String), Records>,
    org: BTreeMap<String, Records>,
}

/// The actor records and the lead records of a group.
type Records = (Vec<Value>, Vec<Value>);

fn push_unique(list: &mut Vec<Value>, value: Option<&Value>) {
    if let Some(value) = value {
        if !list.contains(value) {
            list.push(value.clone());
        }
    }
}

fn groups() -> Groups {
    let mut groups = Groups::default();
    for case in vectors::cases() {
        let (Ok(config), Some(request)) = (case.config.clone(), case.case.get("request")) else {
            continue;
        };
        let config = config.to_string();
        match request.get("kind").and_then(Value::as_str) {
            Some("actions" | "transition") => {
                let workflow = request
                    .get("workflow")
                    .and_then(Value::as_str)
                    .unwrap_or_default();
                let now = request.get("now").map(Value::to_string).unwrap_or_default();
                let (actors, leads) = groups
                    .actions
                    .entry((config, workflow.to_owned(), now))
                    .or_default();
                push_unique(actors, request.get("actor"));
                push_unique(leads, request.get("lead"));
            }
            Some("edit" | "targets" | "handover" | "cross_silo" | "change_owner") => {
                let (actors, leads) = groups.org.entry(config).or_default();
                push_unique(actors, request.get("actor"));
                push_unique(leads, request.get("lead"));
            }
            _ => {}
        }
    }
    groups
}

#[test]
fn every_vector_lead_gets_the_single_answer_in_a_list_view() -> Result<(), String> {
    let groups = groups();
    let (mut grids, mut verdicts, mut failures) = (0, 0, Vec::new());
    for ((config, workflow, now), (actors, leads)) in &groups.actions {
        let Ok(engine) = Engine::from_json(config) else {
            continue;
        };
        let now: Option<Timestamp> = serde_json::from_str::<Value>(now)
            .ok()
            .and_then(|v| v.as_str().and_then(|t| leadrules::parse_timestamp(t, "now").ok()));
        let leads: Vec<_> = leads
            .iter()
            .filter_map(|lead| engine.read_workflow_lead(workflow, lead, "lead").ok())
            .collect();
        for actor in actors.iter().filter_map(|a| engine.read_actor(a, "actor").ok()) {
            // The whole group, and each lead alone (a lead whose question
            // fails would hide the others' rows).
            grids += 1;
            if let Err(message) = check_actions(&engine, &actor, &leads, now) {
                failures.push(format!("{workflow} {:?}: {message}", actor.id()));
            }
            for lead in &leads {
                if let Err(message) = check_actions(&engine, &actor, std::slice::from_ref(lead), now) {
                    failures.push(format!("{workflow} {} alone: {message}", lead.id()));
                }
            }
        }
    }
    for (config, (actors, leads)) in &groups.org {
        let Ok(engine) = Engine::from_json(config) else {
            continue;
        };
        let leads: Vec<_> = leads
            .iter()
            .filter_map(|l| engine.read_lead(l, "lead").ok())
            .collect();
        for actor in actors.iter().filter_map(|a| engine.read_actor(a, "actor").ok()) {
            verdicts += 1;
            if let Err(message) = check_org_views(&engine, &actor, &leads) {
                failures.push(format!("{:?}: {message}", actor.id()));
            }
            for lead in &leads {
                if let Err(message) = check_org_views(&engine, &actor, std::slice::from_ref(lead)) {
                    failures.push(format!("{} alone: {message}", lead.id()));
                }
            }
        }
    }
    eprintln!("{grids} action grids and {verdicts} verdict lists checked against the single questions");
    assert!(
        grids > 50 && verdicts > 20,
        "{grids} grids, {verdicts} verdict lists"
    );
    if failures.is_empty() {
        Ok(())
    } else {
        Err(format!("{} failures:\n{}", failures.len(), failures.join("\n")))
    }
}

const TREE: &str = r#"{"orgs": [
    {"id": "hq", "parent": null, "handover": true, "cross_silo": true},
    {"id": "north", "parent": "hq", "handover": true},
    {"id": "south", "parent": "hq", "handover": true, "cross_silo": true},
    {"id": "n1", "parent": "north", "handover": true},
    {"id": "other", "parent": null, "handover": true, "cross_silo": true}
]}"#;

const ORGS: [&str; 5] = ["hq", "north", "south", "n1", "other"];
const ROLES: [&str; 5] = ["basic", "professional", "manager", "super_user", "system"];
const USERS: [&str; 3] = ["u1", "u2", "u3"];

/// A generated workflow lead: stage (by index), the party keys, the clock
/// (hours before `now`), a template name.
type GenLead = (
    usize,
    Option<usize>,
    Option<usize>,
    Option<i64>,
    Option<i64>,
    bool,
);

fn instant(hours_before: i64) -> Option<Timestamp> {
    let base = leadrules::parse_timestamp("2026-11-23T09:30:00Z", "t").ok()?;
    base.checked_sub_signed(chrono::TimeDelta::hours(hours_before))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn actions_many_is_actions_prepared_over_generated_leads(
        workflow in prop::sample::select(vec!["leadx_pipeline", "partner_lead", "creatio_lead"]),
        role in prop::sample::select(ROLES.to_vec()),
        org in prop::option::of(prop::sample::select(vec!["acme", "vendor", "other"])),
        with_now in any::<bool>(),
        leads in prop::collection::vec(
            (0usize..8, prop::option::of(0usize..3), prop::option::of(0usize..3),
             prop::option::of(0i64..3000), prop::option::of(0i64..3000), any::<bool>()),
            0..12),
    ) {
        let engine = Engine::from_json(TREE).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let view = engine.workflow(workflow).ok_or_else(|| TestCaseError::fail("workflow"))?;
        let stages: Vec<&str> = view.stages().map(|s| s.name()).collect();
        let companies = ["acme", "vendor", "other"];
        let actor = engine.prepare_actor("u1", org, role).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let ids: Vec<String> = (0..leads.len()).map(|i| format!("L{i}")).collect();
        let mut prepared = Vec::new();
        for ((stage, partner, source, created, accepted, owned), id) in leads.iter().zip(&ids) {
            let (stage, partner, source, created, accepted, owned): GenLead =
                (*stage, *partner, *source, *created, *accepted, *owned);
            let lead = WorkflowLead {
                owner: owned.then_some("u1"),
                partner: partner.and_then(|p| companies.get(p).copied()),
                source: source.and_then(|s| companies.get(s).copied()),
                clock: ExpiryClock {
                    created_at: created.and_then(instant),
                    accepted_at: accepted.and_then(instant),
                    ..ExpiryClock::default()
                },
                ..WorkflowLead::new(id, stages.get(stage % stages.len()).copied().unwrap_or_default())
            };
            prepared.push(engine.prepare_workflow_lead(workflow, &lead).map_err(|e| TestCaseError::fail(e.to_string()))?);
        }
        let now = if with_now { instant(0) } else { None };
        prop_assert_eq!(check_actions(&engine, &actor, &prepared, now), Ok(()));
    }

    #[test]
    fn can_edit_many_and_targets_many_are_the_single_questions_over_generated_leads(
        actor_org in prop::option::of(0usize..6),
        role in prop::sample::select(ROLES.to_vec()),
        leads in prop::collection::vec(
            (0usize..5, prop::option::of(0usize..3), prop::option::of(0usize..3), any::<bool>()),
            0..20),
    ) {
        let engine = Engine::from_json(TREE).map_err(|e| TestCaseError::fail(e.to_string()))?;
        // Index 5 names an org outside the directory.
        let org = actor_org.map(|i| ORGS.get(i).copied().unwrap_or("elsewhere"));
        let actor = engine.prepare_actor("u1", org, role).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let ids: Vec<String> = (0..leads.len()).map(|i| format!("L{i}")).collect();
        let mut prepared = Vec::new();
        for ((org, owner, creator, handed), id) in leads.iter().zip(&ids) {
            let lead = EditedLead {
                id,
                org: engine.org(ORGS.get(*org).copied().unwrap_or("hq")).ok_or_else(|| TestCaseError::fail("org"))?,
                owner: owner.and_then(|u| USERS.get(u).copied()),
                creator: creator.and_then(|u| USERS.get(u).copied()),
                handed_over_to_sales: *handed,
            };
            prepared.push(engine.prepare_lead(&lead).map_err(|e| TestCaseError::fail(e.to_string()))?);
        }
        prop_assert_eq!(check_org_views(&engine, &actor, &prepared), Ok(()));
    }
}

/// `(code, path)` of a result's error, if any.
fn error_of<T>(result: Result<T, Error>) -> Option<(ErrorCode, String)> {
    result.err().map(|e| failure(&e))
}

fn foreign(path: &str) -> Option<(ErrorCode, String)> {
    Some((ErrorCode::ForeignHandle, path.to_owned()))
}

#[test]
fn a_handle_of_another_engine_is_refused_at_its_argument_everywhere() -> Result<(), String> {
    let mine = Engine::from_json(TREE).map_err(|e| e.to_string())?;
    let theirs = Engine::from_json(TREE).map_err(|e| e.to_string())?;
    let e = |e: Error| e.to_string();
    let actor_record = json!({"id": "u1", "org": "north", "role": "manager"});
    let lead_record = json!({"id": "L1", "org": "north", "owner": "u1"});
    let workflow_record = json!({"id": "P1", "stage": "pending", "partner": "acme", "source": "vendor",
        "created_at": "2026-11-20T09:30:00Z"});
    let (actor, their_actor) = (
        mine.read_actor(&actor_record, "actor").map_err(e)?,
        theirs.read_actor(&actor_record, "actor").map_err(e)?,
    );
    let (lead, their_lead) = (
        mine.read_lead(&lead_record, "lead").map_err(e)?,
        theirs.read_lead(&lead_record, "lead").map_err(e)?,
    );
    let wf = "partner_lead";
    let (wlead, their_wlead) = (
        mine.read_workflow_lead(wf, &workflow_record, "lead").map_err(e)?,
        theirs
            .read_workflow_lead(wf, &workflow_record, "lead")
            .map_err(e)?,
    );
    let hq = mine.org("hq").ok_or("hq")?;
    let now = leadrules::parse_timestamp("2026-11-23T09:30:00Z", "now").ok();
    for (actor, lead, path) in [(&their_actor, &lead, "actor"), (&actor, &their_lead, "lead")] {
        assert_eq!(error_of(mine.handover_prepared(actor, lead, hq)), foreign(path));
        assert_eq!(error_of(mine.cross_silo_prepared(actor, lead, hq)), foreign(path));
        assert_eq!(error_of(mine.targets_prepared(actor, lead)), foreign(path));
        assert_eq!(error_of(mine.edit_prepared(actor, lead)), foreign(path));
        assert_eq!(
            error_of(mine.change_owner_prepared(actor, lead, &actor_clone(&mine, &actor_record)?)),
            foreign(path)
        );
    }
    assert_eq!(
        error_of(mine.change_owner_prepared(&actor, &lead, &their_actor)),
        foreign("to")
    );
    for (actor, lead, path) in [(&their_actor, &wlead, "actor"), (&actor, &their_wlead, "lead")] {
        assert_eq!(
            error_of(mine.transition_prepared(actor, lead, "accept", None, now)),
            foreign(path)
        );
        assert_eq!(error_of(mine.actions_prepared(actor, lead, now)), foreign(path));
    }
    let leads = [lead.clone(), lead.clone(), their_lead.clone()];
    assert_eq!(error_of(mine.can_edit_many(&actor, &leads)), foreign("leads[2]"));
    assert_eq!(error_of(mine.targets_many(&actor, &leads)), foreign("leads[2]"));
    assert_eq!(
        error_of(mine.can_edit_many(&their_actor, &leads[..1])),
        foreign("actor")
    );
    assert_eq!(
        error_of(mine.targets_many(&their_actor, &leads[..1])),
        foreign("actor")
    );
    let wleads = [wlead.clone(), their_wlead.clone(), wlead.clone()];
    assert_eq!(
        error_of(mine.actions_many(&actor, &wleads, now)),
        foreign("leads[1]")
    );
    assert_eq!(
        error_of(mine.actions_many(&actor, &wleads[1..], now)),
        foreign("leads[0]")
    );
    assert_eq!(
        error_of(mine.actions_many(&their_actor, &wleads[..1], now)),
        foreign("actor")
    );
    // Each answers for its own engine.
    assert!(theirs.actions_many(&their_actor, &wleads[1..2], now).is_ok());
    Ok(())
}

fn actor_clone(engine: &Engine, record: &Value) -> Result<PreparedActor, String> {
    engine.read_actor(record, "to").map_err(|e| e.to_string())
}

#[test]
fn a_list_view_refuses_a_lead_of_another_workflow_and_a_missing_now() -> Result<(), String> {
    let engine = Engine::from_json(TREE).map_err(|e| e.to_string())?;
    let actor = engine
        .prepare_actor("u1", Some("acme"), "manager")
        .map_err(|e| e.to_string())?;
    let now = leadrules::parse_timestamp("2026-11-23T09:30:00Z", "now").ok();
    let lead = |workflow: &str, stage: &str, created_at: Option<Timestamp>| {
        let mut lead = WorkflowLead::new("L", stage);
        lead.partner = Some("acme");
        lead.source = Some("vendor");
        lead.clock.created_at = created_at;
        engine
            .prepare_workflow_lead(workflow, &lead)
            .map_err(|e| e.to_string())
    };
    let partner = lead("partner_lead", "pending", now)?;
    let leadx = lead("leadx_pipeline", "new", now)?;
    let undated = lead("partner_lead", "pending", None)?;
    let error = engine
        .actions_many(&actor, &[partner.clone(), leadx], now)
        .err()
        .ok_or("accepted")?;
    assert_eq!(
        failure(&error),
        (ErrorCode::InvalidRequest, "leads[1]".to_owned())
    );
    let error = engine
        .actions_many(&actor, std::slice::from_ref(&partner), None)
        .err()
        .ok_or("accepted")?;
    assert_eq!(failure(&error), (ErrorCode::InvalidRequest, "now".to_owned()));
    // A deadline input the question needs is the lead's, at its path.
    let error = engine
        .actions_many(&actor, &[partner, undated], now)
        .err()
        .ok_or("accepted")?;
    assert_eq!(
        failure(&error),
        (ErrorCode::InvalidRequest, "leads[1].created_at".to_owned())
    );
    let empty = engine
        .actions_many(&actor, &[], None)
        .map_err(|e| e.to_string())?;
    assert_eq!(
        (empty.len(), empty.action_count(), empty.words().len()),
        (0, 0, 0)
    );
    Ok(())
}
