//! The assignment fixture the assignment benches and the instruction
//! driver share: an engine with 20 rules (the lead matches the last), a
//! pool of 50 members, and a batch of 10,000 leads over it. Typed values
//! only (`LeadFields::Pairs`), as a host fills them from its rows.
//!
//! Cases (`ASSIGN_CASES`): `allowed` (round robin from the middle of the
//! pool, two members passed over), `denied` (every member away:
//! `no_eligible_member` with 50 skipped), `no_match` (no rule applies:
//! `no_rule_matched`).

use std::hint::black_box;

use leadrules::assignment::{AssignLead, FieldValue, LeadFields, Member, Number, Pool};
use leadrules::Engine;
use serde_json::{json, Value};

/// Rules in the policy; the lead of `allowed` and `denied` matches the last.
pub const RULES: usize = 20;
/// Members in the pool.
pub const MEMBERS: usize = 50;
/// Leads in the batch.
pub const BATCH: usize = 10_000;

/// The fields of a web lead: only the last rule's conditions hold.
static WEB: [(&str, FieldValue<'static>); 3] = [
    ("source", FieldValue::Text("web")),
    ("budget", FieldValue::Number(Number(500.0))),
    ("country", FieldValue::Text("IN")),
];

/// The fields of a lead no rule takes.
static FAX: [(&str, FieldValue<'static>); 3] = [
    ("source", FieldValue::Text("fax")),
    ("budget", FieldValue::Number(Number(500.0))),
    ("country", FieldValue::Text("IN")),
];

/// The engine, the leads and the pools, resolved once.
pub struct AssignFixture {
    /// The engine over [`config`].
    pub engine: Engine,
    /// A lead the last rule takes.
    pub web: AssignLead<'static>,
    /// A lead no rule takes.
    pub fax: AssignLead<'static>,
    /// `inside`: 50 members, cursor at the 25th, the two after it away and
    /// at capacity.
    pub pools: Vec<Pool<'static>>,
    /// `inside` with every member away.
    pub away: Vec<Pool<'static>>,
    /// `inside` with every member eligible, cursor unset (the batch's).
    pub open: Vec<Pool<'static>>,
    /// 10,000 web leads, distinct ids.
    pub batch: Vec<AssignLead<'static>>,
}

/// The config: three orgs and 20 rules; rules 0–18 each test a source the
/// leads do not have and a budget, the last takes web leads.
pub fn config() -> Value {
    let mut rules: Vec<Value> = (0..RULES - 1)
        .map(|i| {
            json!({"id": format!("r{i}"), "pools": [format!("p{i}")], "strategy": "round_robin", "when": [
                {"field": "source", "equals": format!("s{i}")},
                {"field": "budget", "min": 1000}]})
        })
        .collect();
    rules.push(
        json!({"id": "web", "pools": ["inside"], "strategy": "round_robin",
        "when": [{"field": "source", "equals": "web"}]}),
    );
    json!({"orgs": [{"id": "hq"}, {"id": "north", "parent": "hq"}, {"id": "south", "parent": "hq"}],
        "policy": {"assignment": {"rules": rules}}})
}

fn leak(text: String) -> &'static str {
    Box::leak(text.into_boxed_str())
}

impl AssignFixture {
    /// Builds the engine, the pools and the batch.
    pub fn new() -> Result<AssignFixture, Box<dyn std::error::Error>> {
        let engine = Engine::from_value(&config())?;
        let north = engine.org("north").ok_or("no org north")?;
        let rep = engine.role("professional").ok_or("no role professional")?;
        let ids: Vec<&'static str> = (0..MEMBERS).map(|i| leak(format!("u{i}"))).collect();
        let members: Vec<Member<'static>> = ids.iter().map(|&id| Member::new(id, "north", rep)).collect();
        let inside = |cursor, members| {
            vec![Pool {
                name: "inside",
                cursor,
                members,
            }]
        };
        let mut busy = members.clone();
        if let Some(member) = busy.get_mut(25) {
            member.away = true;
        }
        if let Some(member) = busy.get_mut(26) {
            member.open_leads = 10;
            member.capacity = Some(10);
        }
        let everyone_away = members
            .iter()
            .map(|m| Member {
                away: true,
                ..m.clone()
            })
            .collect();
        let lead = |id, fields: &'static [(&'static str, FieldValue<'static>)]| AssignLead {
            id,
            org: north,
            fields: LeadFields::Pairs(fields),
        };
        Ok(AssignFixture {
            web: lead("L1", &WEB),
            fax: lead("L2", &FAX),
            pools: inside(ids.get(24).copied(), busy),
            away: inside(ids.get(24).copied(), everyone_away),
            open: inside(None, members),
            batch: (0..BATCH).map(|i| lead(leak(format!("B{i}")), &WEB)).collect(),
            engine,
        })
    }
}

/// One typed `assign`: whether it assigned (`false` for an error too).
pub type AssignCall = fn(&AssignFixture) -> bool;

fn assign(f: &AssignFixture, lead: &AssignLead<'static>, pools: &[Pool<'static>]) -> bool {
    let answer = f.engine.assign(black_box(lead), black_box(pools), None);
    black_box(&answer);
    answer.is_ok_and(|a| a.allowed())
}

fn allowed(f: &AssignFixture) -> bool {
    assign(f, &f.web, &f.pools)
}

fn denied(f: &AssignFixture) -> bool {
    assign(f, &f.web, &f.away)
}

fn no_match(f: &AssignFixture) -> bool {
    assign(f, &f.fax, &f.pools)
}

/// The cases: name, call, whether it assigns.
pub const ASSIGN_CASES: [(&str, AssignCall, bool); 3] = [
    ("allowed", allowed, true),
    ("denied", denied, false),
    ("no_match", no_match, false),
];

/// The batch of 10,000 leads, once: how many were assigned.
pub fn assign_many(f: &AssignFixture) -> usize {
    let answer = f
        .engine
        .assign_many(black_box(&f.batch), black_box(&f.open), None);
    black_box(&answer);
    answer.map_or(0, |a| a.assignments.iter().filter(|a| a.allowed()).count())
}

/// Checks every case gets the answer it was built for, and the batch
/// assigns every lead; the mismatches, empty when all is well.
pub fn check(f: &AssignFixture) -> Vec<String> {
    let mut wrong: Vec<String> = ASSIGN_CASES
        .iter()
        .filter(|(_, call, assigns)| call(f) != *assigns)
        .map(|(name, ..)| format!("assign {name}"))
        .collect();
    let picked = f
        .engine
        .assign(&f.web, &f.pools, None)
        .ok()
        .and_then(|a| a.assignee);
    if picked != Some("u27") {
        wrong.push(format!("assign allowed picked {picked:?}, not u27"));
    }
    if assign_many(f) != BATCH {
        wrong.push("assign_many did not assign every lead".into());
    }
    wrong
}
