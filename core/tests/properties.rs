//! Invariants of handover, cross silo and targets over random org forests.
#![allow(
    clippy::indexing_slicing,
    reason = "test indexes are generated in range; a panic is a test failure"
)]

use leadrules::protocol::{Request, Response};
use leadrules::{Actor, Capability, Engine, HeldLead, OrgId, OrgSpec, Relation, Route};
use proptest::prelude::*;
use serde_json::json;

const ROLES: [&str; 5] = ["basic", "professional", "manager", "super_user", "system"];

#[derive(Debug, Clone)]
struct World {
    specs: Vec<OrgSpec>,
}

/// A forest of up to 12 orgs with random settings: each org's parent is
/// generated before it (so there are no cycles), then the list is shuffled
/// so that configs list children before parents too.
fn world() -> impl Strategy<Value = World> {
    prop::collection::vec(
        (any::<Option<prop::sample::Index>>(), any::<bool>(), any::<bool>()),
        1..12,
    )
    .prop_map(|orgs| {
        let specs = orgs
            .iter()
            .enumerate()
            .map(|(i, (parent, handover, cross_silo))| {
                let mut spec = OrgSpec::new(format!("o{i}"))
                    .handover(*handover)
                    .cross_silo(*cross_silo);
                if let (Some(p), true) = (parent, i > 0) {
                    spec = spec.parent(format!("o{}", p.index(i)));
                }
                spec
            })
            .collect::<Vec<_>>();
        specs
    })
    .prop_flat_map(|specs| Just(specs).prop_shuffle())
    .prop_map(|specs| World { specs })
}

#[derive(Debug, Clone)]
struct Ask {
    actor_org: prop::sample::Index,
    role: prop::sample::Index,
    lead_org: prop::sample::Index,
    owner: Option<bool>,
    to: prop::sample::Index,
}

fn ask() -> impl Strategy<Value = Ask> {
    (
        any::<prop::sample::Index>(),
        any::<prop::sample::Index>(),
        any::<prop::sample::Index>(),
        any::<Option<bool>>(),
        any::<prop::sample::Index>(),
    )
        .prop_map(|(actor_org, role, lead_org, owner, to)| Ask {
            actor_org,
            role,
            lead_org,
            owner,
            to,
        })
}

fn build(world: &World) -> Engine {
    world
        .specs
        .iter()
        .cloned()
        .fold(Engine::builder(), |b, s| b.org(s))
        .build()
        .unwrap_or_default()
}

fn org(engine: &Engine, index: prop::sample::Index) -> OrgId {
    let name = format!("o{}", index.index(engine.org_count()));
    engine
        .org(&name)
        .unwrap_or_else(|| unreachable!("generated org exists"))
}

fn owner(ask: &Ask) -> Option<&'static str> {
    ask.owner.map(|mine| if mine { "actor" } else { "someone" })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn decisions_hold_their_invariants(world in world(), ask in ask()) {
        let engine = build(&world);
        let role_name = ROLES[ask.role.index(ROLES.len())];
        let role = engine.role(role_name).unwrap_or_else(|| unreachable!());
        let actor = Actor { id: "actor", org: org(&engine, ask.actor_org), role };
        let lead = HeldLead { id: "L", org: org(&engine, ask.lead_org), owner: owner(&ask) };
        let to = org(&engine, ask.to);
        let relation = engine.relation(lead.org, to);
        let caps = engine.capabilities(role);
        let spec = |o: OrgId| &world.specs[o.index()];

        for route in [Route::Handover, Route::CrossSilo] {
            let decision = engine.transfer(route, &actor, &lead, to);
            prop_assert_eq!(decision.kind.route, Route::for_relation(relation));
            prop_assert_eq!(decision.allowed(), !decision.effects.is_empty());
            if decision.allowed() {
                prop_assert!(caps.has(Capability::Handover));
                prop_assert_eq!(actor.org, lead.org);
                prop_assert!(caps.has(Capability::ManageOrgLeads) || lead.owner == Some(actor.id));
                match (route, relation) {
                    (Route::Handover, Relation::Edge { parent }) => prop_assert!(spec(parent).handover),
                    (Route::CrossSilo, Relation::Distant { ancestor }) => prop_assert!(spec(ancestor).cross_silo),
                    other => prop_assert!(false, "allowed on {:?}", other),
                }
            }
        }
    }

    #[test]
    fn targets_are_exactly_the_allowed_orgs(world in world(), ask in ask()) {
        let engine = build(&world);
        let role = engine.role(ROLES[ask.role.index(ROLES.len())]).unwrap_or_else(|| unreachable!());
        let actor = Actor { id: "actor", org: org(&engine, ask.actor_org), role };
        let lead = HeldLead { id: "L", org: org(&engine, ask.lead_org), owner: owner(&ask) };
        let targets = engine.targets(&actor, &lead);
        // In directory (config) order, the order targets promises.
        let every_org = (0..engine.org_count()).map(|i| engine.org_at(i).unwrap_or_else(|| unreachable!()));
        let allowed = |route| every_org.clone().filter(|&to| engine.transfer(route, &actor, &lead, to).allowed()).collect::<Vec<_>>();
        prop_assert_eq!(&targets.handover, &allowed(Route::Handover));
        prop_assert_eq!(&targets.cross_silo, &allowed(Route::CrossSilo));
    }

    #[test]
    fn the_json_face_answers_like_the_typed_face(world in world(), ask in ask()) {
        let engine = build(&world);
        let role_name = ROLES[ask.role.index(ROLES.len())];
        let actor_org = org(&engine, ask.actor_org);
        let lead_org = org(&engine, ask.lead_org);
        let to = org(&engine, ask.to);
        let actor = Actor { id: "actor", org: actor_org, role: engine.role(role_name).unwrap_or_else(|| unreachable!()) };
        let lead = HeldLead { id: "L", org: lead_org, owner: owner(&ask) };
        for (kind, route) in [("handover", Route::Handover), ("cross_silo", Route::CrossSilo)] {
            let request = json!({
                "kind": kind,
                "actor": {"id": "actor", "org": engine.org_name(actor_org), "role": role_name},
                "lead": {"id": "L", "org": engine.org_name(lead_org), "owner": owner(&ask)},
                "to": engine.org_name(to),
            });
            let typed = engine.render(&Response::Transfer(engine.transfer(route, &actor, &lead, to)));
            prop_assert_eq!(engine.decide(&request).ok(), Some(typed.clone()));
            let parsed = Request::parse(&engine, &request).ok();
            prop_assert_eq!(parsed.and_then(|r| engine.answer(&r).ok().map(|a| engine.render(&a))), Some(typed));
        }
    }

    #[test]
    fn relations_are_symmetric(world in world(), a in any::<prop::sample::Index>(), b in any::<prop::sample::Index>()) {
        let engine = build(&world);
        let (a, b) = (org(&engine, a), org(&engine, b));
        let (ab, ba) = (engine.relation(a, b), engine.relation(b, a));
        prop_assert_eq!(ab, ba);
        prop_assert_eq!(ab == Relation::Same, a == b);
    }

    #[test]
    fn arbitrary_request_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..200)) {
        let engine = build(&World { specs: vec![OrgSpec::new("o0")] });
        let text = String::from_utf8_lossy(&bytes);
        let response: serde_json::Value = serde_json::from_str(&engine.decide_json(&text)).unwrap_or_default();
        prop_assert!(response.is_object());
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn edits_are_allowed_exactly_to_owners_and_org_managers_unless_locked(
        world in world(),
        ask in ask(),
        creator_is_actor in any::<bool>(),
        handed_over in any::<bool>(),
    ) {
        let engine = build(&world);
        let role = engine.role(ROLES[ask.role.index(ROLES.len())]).unwrap_or_else(|| unreachable!());
        let actor = Actor { id: "actor", org: org(&engine, ask.actor_org), role };
        let lead = leadrules::EditedLead {
            id: "L",
            org: org(&engine, ask.lead_org),
            owner: owner(&ask),
            creator: Some(if creator_is_actor { "actor" } else { "someone" }),
            handed_over_to_sales: handed_over,
        };
        let decision = engine.edit(&actor, &lead);
        let capabilities = engine.capabilities(role);
        let manages = capabilities.has(Capability::ManageOrgLeads) && actor.org == lead.org;
        // The lock binds a creator whose role lacks `manage_lifecycle`.
        let sales = capabilities.has(Capability::ManageLifecycle);
        let locked = handed_over && creator_is_actor && !sales && !manages;
        prop_assert!(decision.effects.is_empty());
        prop_assert_eq!(decision.allowed(), !locked && (lead.owner == Some("actor") || manages));
    }

    #[test]
    fn a_created_lead_without_lifecycle_rights_starts_at_the_initial_stage(
        world in world(),
        ask in ask(),
        stage in prop::sample::select(vec![None, Some("new"), Some("contacted"), Some("negotiation")]),
        sub_stage in prop::sample::select(vec![None, Some("won"), Some("parked")]),
        to_sales in any::<bool>(),
    ) {
        let engine = build(&world);
        let role = engine.role(ROLES[ask.role.index(ROLES.len())]).unwrap_or_else(|| unreachable!());
        let actor = Actor { id: "actor", org: org(&engine, ask.actor_org), role };
        let draft = leadrules::NewLead {
            stage,
            sub_stage,
            handover_to_sales: to_sales,
            ..leadrules::NewLead::new(leadrules::LEADX_PIPELINE)
        };
        let decision = engine.create(&actor, &draft);
        prop_assert!(decision.is_ok());
        let decision = decision.unwrap_or_default();
        let caps = engine.capabilities(role);
        if decision.allowed() {
            prop_assert!(caps.has(Capability::CreateLead));
            if !caps.has(Capability::ManageLifecycle) {
                prop_assert!(stage.is_none_or(|s| s == "new") && sub_stage.is_none());
            }
            let unowned = decision.effects.contains(&leadrules::Effect::SetOwner { lead: None, owner: None });
            prop_assert_eq!(unowned, to_sales);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn a_link_plan_cancels_exactly_the_future_events_and_notifies_each_manager_once(
        role in prop::sample::select(vec!["super_user", "manager", "basic"]),
        owns_assignment in any::<bool>(),
        statuses in (prop::sample::select(vec!["claimed", "interested", "new", "linked"]),
                     prop::sample::select(vec!["visit_done", "final_negotiation", "lost", "linked"])),
        managers in (prop::option::of(prop::sample::select(vec!["m1", "m2"])),
                     prop::option::of(prop::sample::select(vec!["m1", "m2"]))),
        owner in prop::sample::select(vec!["m1", "m2", "m3"]),
        offsets in prop::collection::vec(-3i64..3, 0..6),
    ) {
        use leadrules::{LeadEvent, LinkActor, LinkRequest, LinkedLead};
        let engine = Engine::default();
        let now = leadrules::parse_timestamp("2026-11-23T09:30:00Z", "now").unwrap_or_else(|_| unreachable!());
        let ids: Vec<String> = (0..offsets.len()).map(|i| format!("e{i}")).collect();
        let events: Vec<LeadEvent<'_>> = ids
            .iter()
            .zip(&offsets)
            .map(|(id, hours)| LeadEvent { id, at: now + chrono::Duration::hours(*hours) })
            .collect();
        let side = |id, status, owner, events| LinkedLead {
            id, project: "P", status, owner, mobile: None, alternates: vec![], events,
        };
        let request = LinkRequest {
            actor: LinkActor {
                id: "a",
                role: engine.role(role).unwrap_or_else(|| unreachable!()),
                assignment_owner_of: if owns_assignment { vec!["P"] } else { vec![] },
            },
            now,
            owner,
            primary: side("A", statuses.0, managers.0, vec![]),
            secondary: side("B", statuses.1, managers.1, events),
        };
        let decision = engine.link(&request);
        let eligible = (role == "super_user" || owns_assignment)
            && engine.is_wip(statuses.0)
            && engine.is_wip(statuses.1)
            && (managers.0 == Some(owner) || managers.1 == Some(owner));
        prop_assert_eq!(decision.allowed(), eligible);
        if decision.allowed() {
            let cancelled = decision.effects.iter().filter(|e| e.kind() == "cancel_event").count();
            prop_assert_eq!(cancelled, offsets.iter().filter(|h| **h > 0).count());
            let notified: Vec<&str> = decision.effects.iter().filter_map(|e| match e {
                leadrules::Effect::NotifyUser { user, .. } => Some(*user),
                _ => None,
            }).collect();
            let mut unique = notified.clone();
            unique.sort_unstable();
            unique.dedup();
            prop_assert_eq!(unique.len(), notified.len());
            prop_assert_eq!(notified.first(), Some(&owner));
        }
    }
}

/// Form values every action of the built-in workflows accepts.
fn valid_fields() -> serde_json::Map<String, serde_json::Value> {
    let fields = json!({
        "stage": "qualified", "sub_stage": "won", "reason": "out of territory",
        "opportunity_id": "OPP-1", "partner": "beta", "need_type": "new_equipment",
        "budget": 0, "sales_owner": "u7", "sales_division": "direct",
        "meeting_at": "2026-12-01T10:00:00Z", "decision_at": "2026-12-15T10:00:00+01:00",
    });
    fields.as_object().cloned().unwrap_or_default()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn actions_agree_with_transition_and_transitions_land_on_listed_stages(
        workflow in prop::sample::select(vec!["leadx_pipeline", "partner_lead", "creatio_lead"]),
        stage_pick in 0usize..8,
        role in prop::sample::select(vec!["basic", "professional", "manager", "system"]),
        org in prop::option::of(prop::sample::select(vec!["acme", "vendor", "other"])),
        age_hours in 0i64..2000,
        sub_stage in prop::option::of(prop::sample::select(vec!["won", "closed", "parked"])),
    ) {
        use leadrules::{ExpiryClock, WorkflowActor, WorkflowLead, WorkflowRequest};
        let engine = Engine::default();
        let view = engine.workflow(workflow);
        let stages: Vec<&str> = view.iter().flat_map(|w| w.stages()).map(|s| s.name()).collect();
        let sub_stages: Vec<&str> = view.iter().flat_map(|w| w.sub_stages()).collect();
        let stage = stages.get(stage_pick % stages.len()).copied().unwrap_or_default();
        let created = leadrules::parse_timestamp("2026-11-01T00:00:00Z", "t").ok();
        let now = created.and_then(|c| c.checked_add_signed(chrono::TimeDelta::hours(age_hours)));
        let request = WorkflowRequest {
            workflow: engine.workflow_id(workflow).unwrap_or_else(|| unreachable!()),
            actor: WorkflowActor { id: "u1", org, role: engine.role(role).unwrap_or_else(|| unreachable!()) },
            lead: WorkflowLead {
                sub_stage: sub_stage.filter(|_| !sub_stages.is_empty()),
                partner: Some("acme"),
                source: Some("vendor"),
                clock: ExpiryClock { created_at: created, accepted_at: created, ..ExpiryClock::default() },
                ..WorkflowLead::new("L", stage)
            },
            now,
        };
        let fields = valid_fields();
        let listed = engine.actions(&request);
        prop_assert!(listed.is_ok(), "{:?}", listed);
        let listed = listed.unwrap_or_default();
        prop_assert_eq!(Some(listed.len()), engine.workflow(workflow).map(|w| w.action_names().len()));
        for option in &listed {
            let decision = engine.transition(&request, option.action, Some(leadrules::FormFields::from(&fields)));
            prop_assert!(decision.is_ok(), "{:?}", decision);
            let decision = decision.unwrap_or_else(|_| unreachable!());
            prop_assert_eq!(option.allowed(), decision.allowed(), "{} {:?}", option.action, decision);
            if decision.allowed() {
                prop_assert!(decision.kind.to.is_some_and(|to| stages.contains(&to)));
                prop_assert!(decision.reasons.is_empty());
            } else {
                prop_assert!(decision.effects.is_empty());
            }
        }
    }
}
