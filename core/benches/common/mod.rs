//! The fixture the decision benches share: one engine over a small org
//! tree, and for every decision kind an allowed and a denied request, typed
//! (Rust values resolved once) and as JSON text of the size a host sends.
//!
//! `allowed` / `denied` per kind: for `targets`, whether the lists are
//! non-empty (a denied actor gets none); for `actions`, whether any action
//! is allowed; for `expiry`, whether the lead is still running (allowed) or
//! due (denied).

pub mod assign;
pub mod hours;
pub mod matching;
pub mod prepared;

use std::hint::black_box;

use leadrules::{
    parse_timestamp, Actor, EditedLead, Engine, ExpiryClock, HeldLead, LeadEvent, LinkActor, LinkRequest,
    LinkedLead, NewLead, OrgId, Timestamp, WorkflowActor, WorkflowLead, WorkflowRequest,
};
use serde_json::{Map, Value};

/// A small directory: one community of six orgs (handover and cross silo
/// on at the top), plus a partner company outside it.
pub const CONFIG: &str = r#"{"orgs": [
  {"id": "hq", "handover": true, "cross_silo": true},
  {"id": "north", "parent": "hq", "handover": true},
  {"id": "south", "parent": "hq"},
  {"id": "north_a", "parent": "north"},
  {"id": "north_b", "parent": "north"},
  {"id": "south_a", "parent": "south"},
  {"id": "acme"}
]}"#;

/// Which answer a case is built to get.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Allowed (with its effects, if the kind has any).
    Allowed,
    /// Denied (reasons, no effects).
    Denied,
}

impl Outcome {
    /// `"allowed"` or `"denied"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Allowed => "allowed",
            Outcome::Denied => "denied",
        }
    }
}

/// The kinds in the order the benches report them.
pub const KINDS: [&str; 11] = [
    "handover",
    "cross_silo",
    "targets",
    "create",
    "edit",
    "link",
    "transition/partner_lead.accept",
    "transition/creatio_lead.proceed_to_handoff",
    "transition/leadx_pipeline.next",
    "actions",
    "expiry",
];

/// One typed case: the kind, the outcome it is built for, and a call that
/// decides it once, hides the whole answer from the optimiser, drops it
/// and says whether it came out allowed.
pub struct TypedCase {
    /// A name from [`KINDS`].
    pub kind: &'static str,
    /// What the request should get.
    pub outcome: Outcome,
    /// Decides once.
    pub call: Call,
}

/// A typed decision, made once: whether it came out allowed.
pub type Call = fn(&Fixture) -> bool;

/// One JSON case: the request text and the outcome it should get.
pub struct JsonCase {
    /// A name from [`KINDS`].
    pub kind: &'static str,
    /// What the request should get.
    pub outcome: Outcome,
    /// The request, as a host would send it.
    pub text: &'static str,
}

/// The engine and every typed request, resolved once.
pub struct Fixture {
    /// The engine over [`CONFIG`].
    pub engine: Engine,
    hq: OrgId,
    north: OrgId,
    south: OrgId,
    pro_north: Actor<'static>,
    pro_south: Actor<'static>,
    basic_north: Actor<'static>,
    lead_north: HeldLead<'static>,
    link_allowed: LinkRequest<'static>,
    link_denied: LinkRequest<'static>,
    accept: WorkflowRequest<'static>,
    accept_late: WorkflowRequest<'static>,
    handoff: WorkflowRequest<'static>,
    handoff_fields: Map<String, Value>,
    handoff_fields_missing: Map<String, Value>,
    leadx_new: WorkflowRequest<'static>,
    leadx_last: WorkflowRequest<'static>,
    outsider: WorkflowRequest<'static>,
    now_running: Timestamp,
    now_due: Timestamp,
}

type Problem = Box<dyn std::error::Error>;

fn need<T>(value: Option<T>, what: &str) -> Result<T, Problem> {
    value.ok_or_else(|| format!("the bench fixture has no {what}").into())
}

fn time(text: &str) -> Result<Timestamp, Problem> {
    Ok(parse_timestamp(text, "bench")?)
}

fn object(value: Value) -> Map<String, Value> {
    match value {
        Value::Object(map) => map,
        _ => Map::new(),
    }
}

impl Fixture {
    /// Builds the engine and resolves every request.
    pub fn new() -> Result<Fixture, Problem> {
        let engine = Engine::from_json(CONFIG)?;
        let org = |id: &str| need(engine.org(id), id);
        let role = |name: &str| need(engine.role(name), name);
        let workflow = |name: &str| need(engine.workflow_id(name), name);
        let (hq, north, south) = (org("hq")?, org("north")?, org("south")?);
        let (pro, basic, manager, super_user) = (
            role("professional")?,
            role("basic")?,
            role("manager")?,
            role("super_user")?,
        );
        let pro_north = Actor {
            id: "u1",
            org: north,
            role: pro,
        };
        let link = |role, owner_of: Vec<&'static str>| -> Result<LinkRequest<'static>, Problem> {
            Ok(LinkRequest {
                actor: LinkActor {
                    id: "s1",
                    role,
                    assignment_owner_of: owner_of,
                },
                now: time("2026-11-23T09:30:00Z")?,
                owner: "m1",
                primary: LinkedLead {
                    id: "A",
                    project: "P",
                    status: "interested",
                    owner: Some("m1"),
                    mobile: Some("+911"),
                    alternates: Vec::new(),
                    events: Vec::new(),
                },
                secondary: LinkedLead {
                    id: "B",
                    project: "P",
                    status: "claimed",
                    owner: Some("m2"),
                    mobile: Some("+912"),
                    alternates: Vec::new(),
                    events: vec![LeadEvent {
                        id: "e1",
                        at: time("2026-11-24T10:00:00+05:30")?,
                    }],
                },
            })
        };
        let partner_lead = WorkflowLead {
            partner: Some("acme"),
            source: Some("vendor"),
            clock: ExpiryClock {
                created_at: Some(time("2026-11-20T09:00:00Z")?),
                ..ExpiryClock::default()
            },
            ..WorkflowLead::new("L9", "pending")
        };
        let accept = WorkflowRequest {
            workflow: workflow("partner_lead")?,
            actor: WorkflowActor {
                id: "p7",
                org: Some("acme"),
                role: manager,
            },
            lead: partner_lead,
            now: Some(time("2026-11-23T09:30:00Z")?),
        };
        let handoff = WorkflowRequest {
            workflow: workflow("creatio_lead")?,
            actor: WorkflowActor {
                id: "m1",
                org: Some("hq"),
                role: manager,
            },
            lead: WorkflowLead {
                owner: Some("m1"),
                ..WorkflowLead::new("C3", "handoff_to_sales")
            },
            now: Some(time("2026-11-23T09:30:00Z")?),
        };
        let leadx_new = WorkflowRequest {
            workflow: workflow("leadx_pipeline")?,
            actor: WorkflowActor {
                id: "u1",
                org: Some("north"),
                role: pro,
            },
            lead: WorkflowLead::new("L1", "new"),
            now: None,
        };
        Ok(Fixture {
            hq,
            north,
            south,
            pro_north,
            pro_south: Actor {
                id: "u2",
                org: south,
                role: pro,
            },
            basic_north: Actor {
                id: "b1",
                org: north,
                role: basic,
            },
            lead_north: HeldLead {
                id: "L1",
                org: north,
                owner: Some("u1"),
            },
            link_allowed: link(super_user, Vec::new())?,
            link_denied: link(pro, Vec::new())?,
            accept,
            accept_late: WorkflowRequest {
                now: Some(time("2026-11-27T09:00:00Z")?),
                ..accept
            },
            handoff,
            handoff_fields: object(serde_json::json!({
                "need_type": "new_equipment", "budget": 25000, "sales_owner": "u7",
                "sales_division": "direct", "meeting_at": "2026-12-01T10:00:00+01:00",
                "decision_at": "2026-12-15T17:00:00Z", "notes": "Wants a demo first"})),
            handoff_fields_missing: object(serde_json::json!({
                "need_type": "new_equipment", "sales_owner": "u7", "sales_division": "direct",
                "decision_at": "2026-12-15T17:00:00Z"})),
            leadx_new,
            leadx_last: WorkflowRequest {
                lead: WorkflowLead::new("L1", "negotiation"),
                ..leadx_new
            },
            outsider: WorkflowRequest {
                actor: WorkflowActor {
                    id: "x1",
                    org: Some("elsewhere"),
                    role: manager,
                },
                ..accept
            },
            now_running: time("2026-11-23T09:30:00Z")?,
            now_due: time("2026-11-27T09:00:00Z")?,
            engine,
        })
    }
}

/// Hides `value` from the optimiser (so nothing it holds is elided), drops
/// it, and passes `allowed` on.
fn seen<T>(value: T, allowed: bool) -> bool {
    drop(black_box(value));
    allowed
}

fn handover_allowed(f: &Fixture) -> bool {
    let d = f
        .engine
        .handover(black_box(&f.pro_north), &f.lead_north, black_box(f.hq));
    let ok = d.allowed();
    seen(d, ok)
}

fn handover_denied(f: &Fixture) -> bool {
    let d = f
        .engine
        .handover(black_box(&f.pro_north), &f.lead_north, black_box(f.south));
    let ok = d.allowed();
    seen(d, ok)
}

fn cross_silo_allowed(f: &Fixture) -> bool {
    let d = f
        .engine
        .cross_silo(black_box(&f.pro_north), &f.lead_north, black_box(f.south));
    let ok = d.allowed();
    seen(d, ok)
}

fn cross_silo_denied(f: &Fixture) -> bool {
    let d = f
        .engine
        .cross_silo(black_box(&f.pro_north), &f.lead_north, black_box(f.hq));
    let ok = d.allowed();
    seen(d, ok)
}

fn targets_allowed(f: &Fixture) -> bool {
    let t = f
        .engine
        .targets(black_box(&f.pro_north), black_box(&f.lead_north));
    let ok = !t.handover.is_empty() || !t.cross_silo.is_empty();
    seen(t, ok)
}

fn targets_denied(f: &Fixture) -> bool {
    let t = f
        .engine
        .targets(black_box(&f.pro_south), black_box(&f.lead_north));
    let ok = !t.handover.is_empty() || !t.cross_silo.is_empty();
    seen(t, ok)
}

fn create_allowed(f: &Fixture) -> bool {
    let lead = NewLead {
        handover_to_sales: true,
        ..NewLead::new("leadx_pipeline")
    };
    match f.engine.create(black_box(&f.basic_north), black_box(&lead)) {
        Ok(d) => {
            let ok = d.allowed();
            seen(d, ok)
        }
        Err(e) => seen(e, false),
    }
}

fn create_denied(f: &Fixture) -> bool {
    let lead = NewLead {
        stage: Some("contacted"),
        ..NewLead::new("leadx_pipeline")
    };
    match f.engine.create(black_box(&f.basic_north), black_box(&lead)) {
        Ok(d) => {
            let ok = d.allowed();
            seen(d, ok)
        }
        Err(e) => seen(e, false),
    }
}

fn edited(f: &Fixture) -> EditedLead<'static> {
    EditedLead {
        id: "L1",
        org: f.north,
        owner: Some("u1"),
        creator: Some("b1"),
        handed_over_to_sales: false,
    }
}

fn edit_allowed(f: &Fixture) -> bool {
    let d = f.engine.edit(black_box(&f.pro_north), black_box(&edited(f)));
    let ok = d.allowed();
    seen(d, ok)
}

fn edit_denied(f: &Fixture) -> bool {
    let d = f.engine.edit(black_box(&f.pro_south), black_box(&edited(f)));
    let ok = d.allowed();
    seen(d, ok)
}

fn link_allowed(f: &Fixture) -> bool {
    let d = f.engine.link(black_box(&f.link_allowed));
    let ok = d.allowed();
    seen(d, ok)
}

fn link_denied(f: &Fixture) -> bool {
    let d = f.engine.link(black_box(&f.link_denied));
    let ok = d.allowed();
    seen(d, ok)
}

fn transition(
    f: &Fixture,
    request: &WorkflowRequest<'static>,
    action: &str,
    fields: Option<&Map<String, Value>>,
) -> bool {
    match f.engine.transition(
        black_box(request),
        black_box(action),
        fields.map(leadrules::FormFields::from),
    ) {
        Ok(d) => {
            let ok = d.allowed();
            seen(d, ok)
        }
        Err(e) => seen(e, false),
    }
}

fn accept_allowed(f: &Fixture) -> bool {
    transition(f, &f.accept, "accept", None)
}

fn accept_denied(f: &Fixture) -> bool {
    transition(f, &f.accept_late, "accept", None)
}

fn handoff_allowed(f: &Fixture) -> bool {
    transition(f, &f.handoff, "proceed_to_handoff", Some(&f.handoff_fields))
}

fn handoff_denied(f: &Fixture) -> bool {
    transition(
        f,
        &f.handoff,
        "proceed_to_handoff",
        Some(&f.handoff_fields_missing),
    )
}

fn next_allowed(f: &Fixture) -> bool {
    transition(f, &f.leadx_new, "next", None)
}

fn next_denied(f: &Fixture) -> bool {
    transition(f, &f.leadx_last, "next", None)
}

fn actions(f: &Fixture, request: &WorkflowRequest<'static>) -> bool {
    match f.engine.actions(black_box(request)) {
        Ok(list) => {
            let ok = list.iter().any(leadrules::ActionOption::allowed);
            seen(list, ok)
        }
        Err(e) => seen(e, false),
    }
}

fn actions_allowed(f: &Fixture) -> bool {
    actions(f, &f.accept)
}

fn actions_denied(f: &Fixture) -> bool {
    actions(f, &f.outsider)
}

fn expiry(f: &Fixture, now: Timestamp) -> bool {
    match f
        .engine
        .expiry("partner_lead", black_box(&f.accept.lead), black_box(now))
    {
        Ok(status) => seen(status, !status.due),
        Err(e) => seen(e, false),
    }
}

fn expiry_allowed(f: &Fixture) -> bool {
    expiry(f, f.now_running)
}

fn expiry_denied(f: &Fixture) -> bool {
    expiry(f, f.now_due)
}

/// Every typed case, in [`KINDS`] order, allowed before denied.
pub fn typed_cases() -> Vec<TypedCase> {
    use Outcome::{Allowed, Denied};
    let table: [(&'static str, Call, Call); 11] = [
        ("handover", handover_allowed, handover_denied),
        ("cross_silo", cross_silo_allowed, cross_silo_denied),
        ("targets", targets_allowed, targets_denied),
        ("create", create_allowed, create_denied),
        ("edit", edit_allowed, edit_denied),
        ("link", link_allowed, link_denied),
        ("transition/partner_lead.accept", accept_allowed, accept_denied),
        (
            "transition/creatio_lead.proceed_to_handoff",
            handoff_allowed,
            handoff_denied,
        ),
        ("transition/leadx_pipeline.next", next_allowed, next_denied),
        ("actions", actions_allowed, actions_denied),
        ("expiry", expiry_allowed, expiry_denied),
    ];
    table
        .into_iter()
        .flat_map(|(kind, allowed, denied)| {
            [
                TypedCase {
                    kind,
                    outcome: Allowed,
                    call: allowed,
                },
                TypedCase {
                    kind,
                    outcome: Denied,
                    call: denied,
                },
            ]
        })
        .collect()
}

/// Every JSON case, in [`KINDS`] order, allowed before denied.
pub fn json_cases() -> Vec<JsonCase> {
    use Outcome::{Allowed, Denied};
    let case = |kind, outcome, text| JsonCase { kind, outcome, text };
    vec![
        case(
            "handover",
            Allowed,
            r#"{"kind": "handover", "actor": {"id": "u1", "org": "north", "role": "professional"}, "lead": {"id": "L1", "org": "north", "owner": "u1"}, "to": "hq"}"#,
        ),
        case(
            "handover",
            Denied,
            r#"{"kind": "handover", "actor": {"id": "u1", "org": "north", "role": "professional"}, "lead": {"id": "L1", "org": "north", "owner": "u1"}, "to": "south"}"#,
        ),
        case(
            "cross_silo",
            Allowed,
            r#"{"kind": "cross_silo", "actor": {"id": "u1", "org": "north", "role": "professional"}, "lead": {"id": "L1", "org": "north", "owner": "u1"}, "to": "south"}"#,
        ),
        case(
            "cross_silo",
            Denied,
            r#"{"kind": "cross_silo", "actor": {"id": "u1", "org": "north", "role": "professional"}, "lead": {"id": "L1", "org": "north", "owner": "u1"}, "to": "hq"}"#,
        ),
        case(
            "targets",
            Allowed,
            r#"{"kind": "targets", "actor": {"id": "u1", "org": "north", "role": "professional"}, "lead": {"id": "L1", "org": "north", "owner": "u1"}}"#,
        ),
        case(
            "targets",
            Denied,
            r#"{"kind": "targets", "actor": {"id": "u2", "org": "south", "role": "professional"}, "lead": {"id": "L1", "org": "north", "owner": "u1"}}"#,
        ),
        case(
            "create",
            Allowed,
            r#"{"kind": "create", "workflow": "leadx_pipeline", "actor": {"id": "b1", "org": "north", "role": "basic"}, "lead": {"stage": "new", "sub_stage": null, "assignee": null, "handover_to_sales": true}}"#,
        ),
        case(
            "create",
            Denied,
            r#"{"kind": "create", "workflow": "leadx_pipeline", "actor": {"id": "b1", "org": "north", "role": "basic"}, "lead": {"stage": "contacted", "sub_stage": null, "assignee": null, "handover_to_sales": false}}"#,
        ),
        case(
            "edit",
            Allowed,
            r#"{"kind": "edit", "actor": {"id": "u1", "org": "north", "role": "professional"}, "lead": {"id": "L1", "org": "north", "owner": "u1", "creator": "b1", "handed_over_to_sales": false}}"#,
        ),
        case(
            "edit",
            Denied,
            r#"{"kind": "edit", "actor": {"id": "u2", "org": "south", "role": "professional"}, "lead": {"id": "L1", "org": "north", "owner": "u1", "creator": "b1", "handed_over_to_sales": false}}"#,
        ),
        case(
            "link",
            Allowed,
            r#"{"kind": "link", "actor": {"id": "s1", "org": "hq", "role": "super_user"}, "now": "2026-11-23T09:30:00Z", "owner": "m1", "primary": {"id": "A", "project": "P", "status": "interested", "owner": "m1", "mobile": "+911", "alternates": []}, "secondary": {"id": "B", "project": "P", "status": "claimed", "owner": "m2", "mobile": "+912", "events": [{"id": "e1", "at": "2026-11-24T10:00:00+05:30"}]}}"#,
        ),
        case(
            "link",
            Denied,
            r#"{"kind": "link", "actor": {"id": "s1", "org": "hq", "role": "professional"}, "now": "2026-11-23T09:30:00Z", "owner": "m1", "primary": {"id": "A", "project": "P", "status": "interested", "owner": "m1", "mobile": "+911", "alternates": []}, "secondary": {"id": "B", "project": "P", "status": "claimed", "owner": "m2", "mobile": "+912", "events": [{"id": "e1", "at": "2026-11-24T10:00:00+05:30"}]}}"#,
        ),
        case(
            "transition/partner_lead.accept",
            Allowed,
            r#"{"kind": "transition", "workflow": "partner_lead", "action": "accept", "now": "2026-11-23T09:30:00Z", "actor": {"id": "p7", "org": "acme", "role": "manager"}, "lead": {"id": "L9", "stage": "pending", "partner": "acme", "source": "vendor", "created_at": "2026-11-20T09:00:00Z"}}"#,
        ),
        case(
            "transition/partner_lead.accept",
            Denied,
            r#"{"kind": "transition", "workflow": "partner_lead", "action": "accept", "now": "2026-11-27T09:00:00Z", "actor": {"id": "p7", "org": "acme", "role": "manager"}, "lead": {"id": "L9", "stage": "pending", "partner": "acme", "source": "vendor", "created_at": "2026-11-20T09:00:00Z"}}"#,
        ),
        case(
            "transition/creatio_lead.proceed_to_handoff",
            Allowed,
            r#"{"kind": "transition", "workflow": "creatio_lead", "action": "proceed_to_handoff", "now": "2026-11-23T09:30:00Z", "actor": {"id": "m1", "org": "hq", "role": "manager"}, "lead": {"id": "C3", "stage": "handoff_to_sales", "owner": "m1"}, "fields": {"need_type": "new_equipment", "budget": 25000, "sales_owner": "u7", "sales_division": "direct", "meeting_at": "2026-12-01T10:00:00+01:00", "decision_at": "2026-12-15T17:00:00Z", "notes": "Wants a demo first"}}"#,
        ),
        case(
            "transition/creatio_lead.proceed_to_handoff",
            Denied,
            r#"{"kind": "transition", "workflow": "creatio_lead", "action": "proceed_to_handoff", "now": "2026-11-23T09:30:00Z", "actor": {"id": "m1", "org": "hq", "role": "manager"}, "lead": {"id": "C3", "stage": "handoff_to_sales", "owner": "m1"}, "fields": {"need_type": "new_equipment", "sales_owner": "u7", "sales_division": "direct", "decision_at": "2026-12-15T17:00:00Z"}}"#,
        ),
        case(
            "transition/leadx_pipeline.next",
            Allowed,
            r#"{"kind": "transition", "workflow": "leadx_pipeline", "action": "next", "actor": {"id": "u1", "org": "north", "role": "professional"}, "lead": {"id": "L1", "stage": "new"}}"#,
        ),
        case(
            "transition/leadx_pipeline.next",
            Denied,
            r#"{"kind": "transition", "workflow": "leadx_pipeline", "action": "next", "actor": {"id": "u1", "org": "north", "role": "professional"}, "lead": {"id": "L1", "stage": "negotiation"}}"#,
        ),
        case(
            "actions",
            Allowed,
            r#"{"kind": "actions", "workflow": "partner_lead", "now": "2026-11-23T09:30:00Z", "actor": {"id": "p7", "org": "acme", "role": "manager"}, "lead": {"id": "L9", "stage": "pending", "partner": "acme", "source": "vendor", "created_at": "2026-11-20T09:00:00Z"}}"#,
        ),
        case(
            "actions",
            Denied,
            r#"{"kind": "actions", "workflow": "partner_lead", "now": "2026-11-23T09:30:00Z", "actor": {"id": "x1", "org": "elsewhere", "role": "manager"}, "lead": {"id": "L9", "stage": "pending", "partner": "acme", "source": "vendor", "created_at": "2026-11-20T09:00:00Z"}}"#,
        ),
        case(
            "expiry",
            Allowed,
            r#"{"kind": "expiry", "workflow": "partner_lead", "now": "2026-11-23T09:30:00Z", "lead": {"id": "L9", "stage": "pending", "created_at": "2026-11-20T09:00:00Z"}}"#,
        ),
        case(
            "expiry",
            Denied,
            r#"{"kind": "expiry", "workflow": "partner_lead", "now": "2026-11-27T09:00:00Z", "lead": {"id": "L9", "stage": "pending", "created_at": "2026-11-20T09:00:00Z"}}"#,
        ),
    ]
}

/// Whether a JSON response is the allowed side of its kind (see the module
/// docs); `None` for an error response.
pub fn json_allowed(engine: &Engine, text: &str) -> Option<bool> {
    let response = leadrules::protocol::request_value(text)
        .and_then(|v| engine.decide(&v))
        .ok()?;
    let non_empty = |key: &str| {
        response
            .get(key)
            .and_then(Value::as_array)
            .is_some_and(|a| !a.is_empty())
    };
    Some(
        if let Some(allowed) = response.get("allowed").and_then(Value::as_bool) {
            allowed
        } else if let Some(due) = response.get("due").and_then(Value::as_bool) {
            !due
        } else if let Some(list) = response.get("actions").and_then(Value::as_array) {
            list.iter().any(|a| a.get("allowed") == Some(&Value::Bool(true)))
        } else {
            non_empty("handover") || non_empty("cross_silo")
        },
    )
}

/// Checks that every case gets the outcome it was built for; the list of
/// mismatches, empty when all is well.
pub fn check(fixture: &Fixture) -> Vec<String> {
    let mut wrong = Vec::new();
    for case in typed_cases() {
        if (case.call)(fixture) != (case.outcome == Outcome::Allowed) {
            wrong.push(format!("typed {} {}", case.kind, case.outcome.as_str()));
        }
    }
    for case in json_cases() {
        if json_allowed(&fixture.engine, case.text) != Some(case.outcome == Outcome::Allowed) {
            wrong.push(format!("json {} {}", case.kind, case.outcome.as_str()));
        }
    }
    wrong
}
