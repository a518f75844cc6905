//! Invariants of assignment over random pools and leads: a batch answers
//! as the same leads asked one by one with each answer applied; round
//! robin over eligible members is fair (⌊n/k⌋ or ⌈n/k⌉ each) and a member
//! back from `away` gets no catch-up burst; least loaded never picks a
//! member with a larger `open_leads / weight` than another eligible one;
//! answers are deterministic and the typed call answers as the JSON entry.
#![allow(
    clippy::indexing_slicing,
    reason = "test indexes are generated in range; a panic is a test failure"
)]

use leadrules::assignment::{AssignLead, Assignment, LeadFields, Member, Pool};
use leadrules::protocol::Response;
use leadrules::Engine;
use proptest::prelude::*;
use serde_json::{json, Map, Value};

/// Rules over two fields, three pools, both strategies, a fall-through.
fn engine() -> Engine {
    let config = json!({
        "orgs": [{"id": "hq"}, {"id": "north", "parent": "hq"}, {"id": "south", "parent": "hq"}],
        "policy": {"assignment": {"rules": [
            {"id": "big", "when": [{"field": "budget", "min": 50}], "pools": ["a"],
             "strategy": "least_loaded", "fallthrough": true},
            {"id": "web", "when": [{"field": "source", "equals": "web"}], "pools": ["b", "a"],
             "strategy": "round_robin", "fallthrough": true},
            {"id": "north", "org": "north", "pools": ["c"], "strategy": "round_robin"},
            {"id": "rest", "pools": ["a", "c"], "strategy": "least_loaded"}
        ]}}
    });
    Engine::from_value(&config).unwrap_or_default()
}

#[derive(Debug, Clone)]
struct MemberFacts {
    id: usize,
    south: bool,
    role: usize,
    active: bool,
    away: bool,
    open: u64,
    capacity: Option<u64>,
    weight: u64,
    wants_web: bool,
}

fn member_facts() -> impl Strategy<Value = MemberFacts> {
    (
        0..8usize,
        prop::bool::weighted(0.2),
        0..4usize,
        prop::bool::weighted(0.9),
        prop::bool::weighted(0.2),
        0..6u64,
        prop::option::weighted(0.4, 0..8u64),
        0..4u64,
        prop::bool::weighted(0.2),
    )
        .prop_map(
            |(id, south, role, active, away, open, capacity, weight, wants_web)| MemberFacts {
                id,
                south,
                role,
                active,
                away,
                open,
                capacity,
                weight,
                wants_web,
            },
        )
}

#[derive(Debug, Clone)]
struct PoolFacts {
    cursor: Option<usize>,
    members: Vec<MemberFacts>,
}

fn pool_facts() -> impl Strategy<Value = PoolFacts> {
    (
        prop::option::of(0..9usize),
        prop::collection::vec(member_facts(), 0..6),
    )
        .prop_map(|(cursor, mut members)| {
            let mut seen = std::collections::HashSet::new();
            members.retain(|m| seen.insert(m.id));
            PoolFacts { cursor, members }
        })
}

#[derive(Debug, Clone)]
struct LeadFacts {
    north: bool,
    budget: Option<u8>,
    web: bool,
}

fn lead_facts() -> impl Strategy<Value = LeadFacts> {
    (any::<bool>(), prop::option::of(any::<u8>()), any::<bool>()).prop_map(|(north, budget, web)| LeadFacts {
        north,
        budget,
        web,
    })
}

const IDS: [&str; 9] = ["m0", "m1", "m2", "m3", "m4", "m5", "m6", "m7", "gone"];
const POOLS: [&str; 3] = ["a", "b", "c"];
const ROLES: [&str; 4] = ["professional", "manager", "basic", "super_user"];

fn lead_fields(lead: &LeadFacts) -> Map<String, Value> {
    let mut fields = Map::new();
    if let Some(budget) = lead.budget {
        fields.insert("budget".into(), json!(budget));
    }
    fields.insert("source".into(), json!(if lead.web { "web" } else { "phone" }));
    fields
}

/// The JSON request for these facts, with `added` open leads per member
/// id and the cursors given.
fn request(
    pools: &[PoolFacts],
    leads: &[(String, LeadFacts)],
    added: &std::collections::HashMap<usize, u64>,
    cursors: &[Option<String>],
) -> Value {
    let mut pool_map = Map::new();
    for (p, pool) in pools.iter().enumerate() {
        let members: Vec<Value> = pool
            .members
            .iter()
            .map(|m| {
                let mut member = json!({
                    "id": IDS[m.id], "org": if m.south { "south" } else { "north" },
                    "role": ROLES[m.role], "active": m.active, "away": m.away,
                    "open_leads": m.open + added.get(&m.id).copied().unwrap_or(0),
                    "capacity": m.capacity, "weight": m.weight,
                });
                if m.wants_web {
                    member["accepts"] = json!([{"field": "source", "equals": "web"}]);
                }
                member
            })
            .collect();
        pool_map.insert(POOLS[p].into(), json!({"cursor": cursors[p], "members": members}));
    }
    let leads: Vec<Value> = leads
        .iter()
        .map(|(id, lead)| json!({"id": id, "org": if lead.north { "north" } else { "south" }, "fields": lead_fields(lead)}))
        .collect();
    json!({"kind": "assign", "leads": leads, "pools": pool_map})
}

fn ask(engine: &Engine, request: &Value) -> Value {
    engine
        .decide(request)
        .unwrap_or_else(|e| json!({"error": e.code.as_str()}))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// A batch answers as the leads asked one by one, each answer applied.
    #[test]
    fn a_batch_is_the_leads_one_by_one(
        pools in prop::collection::vec(pool_facts(), 3),
        leads in prop::collection::vec(lead_facts(), 0..12),
    ) {
        let engine = engine();
        let leads: Vec<(String, LeadFacts)> =
            leads.into_iter().enumerate().map(|(i, l)| (format!("L{i}"), l)).collect();
        let mut cursors: Vec<Option<String>> =
            pools.iter().map(|p| p.cursor.map(|c| IDS[c].to_owned())).collect();
        let batch = ask(&engine, &request(&pools, &leads, &Default::default(), &cursors));
        let mut added = std::collections::HashMap::new();
        let mut used: Vec<(String, String)> = Vec::new();
        for (i, lead) in leads.iter().enumerate() {
            let mut single = request(&pools, std::slice::from_ref(lead), &added, &cursors);
            let one = single["leads"][0].take();
            single.as_object_mut().map(|m| m.remove("leads"));
            single["lead"] = one;
            let answer = ask(&engine, &single);
            prop_assert_eq!(&answer, &batch["assignments"][i]);
            if answer["allowed"] == json!(true) {
                let who = answer["assignee"].as_str().unwrap_or_default().to_owned();
                let pool = answer["pool"].as_str().unwrap_or_default().to_owned();
                let id = IDS.iter().position(|x| *x == who).unwrap_or(0);
                *added.entry(id).or_insert(0) += 1;
                let p = POOLS.iter().position(|x| *x == pool).unwrap_or(0);
                cursors[p] = Some(who.clone());
                match used.iter_mut().find(|(name, _)| *name == pool) {
                    Some(slot) => slot.1 = who,
                    None => used.push((pool, who)),
                }
            }
        }
        let expected: Map<String, Value> = used.into_iter().map(|(p, c)| (p, json!(c))).collect();
        prop_assert_eq!(&batch["cursors"], &Value::Object(expected));
    }

    /// Least loaded picks a member whose load per weight is no larger than
    /// any other eligible member's (eligible: not among the skipped).
    #[test]
    fn least_loaded_never_picks_a_heavier_member(pool in pool_facts(), lead in lead_facts()) {
        let engine = engine();
        let lead = LeadFacts { budget: Some(200), ..lead };
        let pools = [pool.clone(), PoolFacts { cursor: None, members: vec![] }, PoolFacts { cursor: None, members: vec![] }];
        let cursors: Vec<Option<String>> = pools.iter().map(|p| p.cursor.map(|c| IDS[c].to_owned())).collect();
        let mut single = request(&pools, &[("L".into(), lead)], &Default::default(), &cursors);
        let one = single["leads"][0].take();
        single.as_object_mut().map(|m| m.remove("leads"));
        single["lead"] = one;
        let answer = ask(&engine, &single);
        if answer["rule"] == json!("big") && answer["allowed"] == json!(true) {
            let skipped: Vec<&str> = answer["skipped"].as_array().into_iter().flatten()
                .filter(|s| s["pool"] == json!("a")).filter_map(|s| s["member"].as_str()).collect();
            let picked = pool.members.iter().find(|m| json!(IDS[m.id]) == answer["assignee"]);
            prop_assert!(picked.is_some());
            if let Some(p) = picked {
                for e in pool.members.iter().filter(|m| !skipped.contains(&IDS[m.id])) {
                    prop_assert!(u128::from(p.open) * u128::from(e.weight) <= u128::from(e.open) * u128::from(p.weight),
                        "{} picked over {}", IDS[p.id], IDS[e.id]);
                }
            }
        }
    }

    /// The same request always gets the same answer, and the typed call
    /// answers as the JSON entry.
    #[test]
    fn answers_are_deterministic_and_typed_equals_json(
        pools in prop::collection::vec(pool_facts(), 3),
        lead in lead_facts(),
    ) {
        let engine = engine();
        let cursors: Vec<Option<String>> = pools.iter().map(|p| p.cursor.map(|c| IDS[c].to_owned())).collect();
        let mut single = request(&pools, &[("L".into(), lead.clone())], &Default::default(), &cursors);
        let one = single["leads"][0].take();
        single.as_object_mut().map(|m| m.remove("leads"));
        single["lead"] = one;
        let first = ask(&engine, &single);
        prop_assert_eq!(&first, &ask(&engine, &single));
        let text = engine.decide_json(&single.to_string()).as_str().to_owned();
        prop_assert_eq!(serde_json::from_str::<Value>(&text).ok(), Some(first.clone()));
        // The typed call over host structs.
        let fields = lead_fields(&lead);
        let Some(org) = engine.org(if lead.north { "north" } else { "south" }) else {
            return Err(TestCaseError::fail("no org"));
        };
        let typed_lead = AssignLead { id: "L", org, fields: LeadFields::Json(&fields) };
        let roles: Vec<_> = ROLES.iter().filter_map(|r| engine.role(r)).collect();
        prop_assert_eq!(roles.len(), ROLES.len());
        let typed_pools: Vec<Pool<'_>> = pools.iter().enumerate().map(|(p, pool)| Pool {
            name: POOLS[p],
            cursor: cursors[p].as_deref(),
            members: pool.members.iter().map(|m| {
                let role = roles[m.role];
                let mut member = Member::new(IDS[m.id], if m.south { "south" } else { "north" }, role);
                member.active = m.active;
                member.away = m.away;
                member.open_leads = m.open;
                member.capacity = m.capacity;
                member.weight = m.weight;
                if m.wants_web {
                    member.accepts = leadrules::assignment::Condition::parse(&json!({"field": "source", "equals": "web"})).into_iter().collect();
                }
                member
            }).collect(),
        }).collect();
        let typed: Result<Assignment<'_>, _> = engine.assign(&typed_lead, &typed_pools, None);
        let rendered = typed.map(|a| engine.render(&Response::Assignment(a))).unwrap_or_default();
        prop_assert_eq!(rendered, first);
    }
}

/// The engine of `config`, which must load.
fn loaded(config: &Value) -> Option<Engine> {
    let engine = Engine::from_value(config).map_err(|e| e.message);
    assert_eq!(engine.as_ref().err(), None);
    engine.ok()
}

/// One pool of `k` eligible members, round robin, `n` leads in a batch:
/// each member gets ⌊n/k⌋ or ⌈n/k⌉, whatever the cursor.
#[test]
fn round_robin_is_fair() {
    let config = json!({"orgs": [{"id": "north"}], "policy": {"assignment": {"rules": [
        {"id": "r", "pools": ["p"], "strategy": "round_robin"}]}}});
    let Some(engine) = loaded(&config) else { return };
    for k in 1..7usize {
        for n in 0..20usize {
            for cursor in [None, Some(0usize), Some(k - 1), Some(k / 2)] {
                let members: Vec<Value> = (0..k)
                    .map(|i| json!({"id": format!("u{i}"), "org": "north", "role": "professional"}))
                    .collect();
                let leads: Vec<Value> = (0..n)
                    .map(|i| json!({"id": format!("L{i}"), "org": "north"}))
                    .collect();
                let request = json!({"kind": "assign", "leads": leads,
                    "pools": {"p": {"cursor": cursor.map(|c| format!("u{c}")), "members": members}}});
                let answer = engine.decide(&request).unwrap_or_default();
                let mut counts = vec![0usize; k];
                for a in answer["assignments"].as_array().into_iter().flatten() {
                    let who = a["assignee"].as_str().unwrap_or_default();
                    let i: usize = who.trim_start_matches('u').parse().unwrap_or(usize::MAX);
                    counts[i] += 1;
                }
                let (lo, hi) = (n / k, n.div_ceil(k));
                assert!(
                    counts.iter().all(|&c| c == lo || c == hi),
                    "n={n} k={k} cursor={cursor:?} {counts:?}"
                );
            }
        }
    }
}

/// A member away for a while gets, once back, no more than its turn: in
/// every run of k leads after its return it gets at most one.
#[test]
fn a_member_back_from_away_gets_no_catch_up_burst() {
    let config = json!({"orgs": [{"id": "north"}], "policy": {"assignment": {"rules": [
        {"id": "r", "pools": ["p"], "strategy": "round_robin"}]}}});
    let Some(engine) = loaded(&config) else { return };
    let k = 4;
    for away_for in 0..10usize {
        let mut cursor: Option<String> = None;
        let mut open = vec![0u64; k];
        let mut picks = Vec::new();
        for lead in 0..30usize {
            let members: Vec<Value> = (0..k)
                .map(|i| {
                    json!({"id": format!("u{i}"), "org": "north", "role": "manager",
                                "away": i == 0 && lead < away_for, "open_leads": open[i]})
                })
                .collect();
            let request = json!({"kind": "assign", "lead": {"id": format!("L{lead}"), "org": "north"},
                "pools": {"p": {"cursor": cursor, "members": members}}});
            let answer = engine.decide(&request).unwrap_or_default();
            let who = answer["assignee"].as_str().unwrap_or_default().to_owned();
            let i: usize = who.trim_start_matches('u').parse().unwrap_or(usize::MAX);
            open[i] += 1;
            cursor = Some(who);
            picks.push(i);
        }
        for window in picks[away_for..].windows(k) {
            let returning = window.iter().filter(|&&i| i == 0).count();
            assert!(returning <= 1, "away for {away_for}: {picks:?}");
        }
    }
}
