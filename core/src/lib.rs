//! # leadrules
//!
//! An embedded rules engine for CRM lead management. The host passes facts
//! in (who acts, on which lead, towards which org) and gets a decision back:
//! allowed or not, every reason why not, and the effects the host must now
//! apply. The engine stores nothing, mutates nothing and reads no clock:
//! time is always an input.
//!
//! The same answers are available from C (crate `leadrules-ffi`) and Python
//! (the `leadrules` package), and through one JSON entry point identical in
//! every language. The repository's `docs/` holds the reference: the rules
//! (`docs/rules.md`), the config format (`docs/config.md`), the JSON
//! protocol with every code (`docs/protocol.md`), and a guide for Rust hosts
//! (`docs/rust.md`). This page gives a worked example per rule area.
//!
//! # Building an engine
//!
//! An [`Engine`] is a validated policy plus a directory of orgs, built once
//! and then shared: it is immutable, `Send` and `Sync`. Build it from config
//! JSON ([`Engine::from_json`], [`Engine::from_value`]) or from Rust values
//! ([`Engine::builder`]). A config that is wrong fails to load with every
//! problem listed ([`Error::problems`], each with its path), never at
//! decision time.
//!
//! ```
//! use leadrules::{Engine, ErrorCode, OrgSpec};
//!
//! let from_json = Engine::from_json(r#"{"orgs": [
//!     {"id": "hq", "handover": true, "cross_silo": true},
//!     {"id": "north", "parent": "hq"},
//!     {"id": "south", "parent": "hq"}]}"#)?;
//! let from_rust = Engine::builder()
//!     .org(OrgSpec::new("hq").handover(true).cross_silo(true))
//!     .org(OrgSpec::new("north").parent("hq"))
//!     .org(OrgSpec::new("south").parent("hq"))
//!     .build()?;
//! assert_eq!(from_json.org_count(), from_rust.org_count());
//!
//! let broken = Engine::from_json(r#"{"orgs": [{"id": "north", "parent": "atlantis"}], "polcy": {}}"#);
//! let error = broken.err().ok_or("a broken config loaded")?;
//! assert_eq!(error.code, ErrorCode::InvalidConfig);
//! let paths: Vec<&str> = error.problems.iter().map(|p| p.path.as_str()).collect();
//! assert_eq!(paths, ["orgs[0].parent", "polcy"]);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! Ids are resolved once ([`Engine::org`], [`Engine::role`]) into integer
//! handles ([`OrgId`], [`RoleId`]), so that a decision compares integers.
//! The examples below share this engine:
//!
//! ```
//! # fn engine() -> leadrules::Engine {
//! leadrules::Engine::from_json(r#"{"orgs": [
//!     {"id": "hq", "handover": true, "cross_silo": true},
//!     {"id": "north", "parent": "hq"},
//!     {"id": "south", "parent": "hq"}]}"#).unwrap_or_default()
//! # }
//! # assert_eq!(engine().org_count(), 3);
//! ```
//!
//! # Handover, cross silo and targets
//!
//! A lead moves along a parent↔child edge by handover, or between any other
//! two orgs of one community by cross silo ([`Engine::handover`],
//! [`Engine::cross_silo`]); [`Engine::targets`] lists where an actor may
//! send a lead. A [`TransferDecision`] carries the [`Route`] that fits the
//! pair, also on a denial, so a UI can offer the other mechanism.
//!
//! ```
//! use leadrules::{Actor, DenialCode, Detail, Effect, HeldLead, Route};
//! # let engine = leadrules::Engine::from_json(r#"{"orgs": [{"id": "hq", "handover": true, "cross_silo": true},
//! #     {"id": "north", "parent": "hq"}, {"id": "south", "parent": "hq"}]}"#)?;
//! let (hq, north, south) = (
//!     engine.org("hq").ok_or("hq")?,
//!     engine.org("north").ok_or("north")?,
//!     engine.org("south").ok_or("south")?,
//! );
//! let actor = Actor { id: "u1", org: north, role: engine.role("professional").ok_or("role")? };
//! let lead = HeldLead { id: "L1", org: north, owner: Some("u1") };
//!
//! // Up the edge to hq: allowed; the lead lands unowned in hq's manager
//! // pipeline and both orgs' sales feeds are told.
//! let up = engine.handover(&actor, &lead, hq);
//! assert!(up.allowed());
//! assert_eq!(up.kind.route, Some(Route::Handover));
//! assert!(matches!(up.effects.first(), Some(Effect::Transfer { to, .. }) if *to == hq));
//! assert_eq!(up.effects.len(), 3); // transfer, notify north, notify hq
//!
//! // To the sibling: not a handover. The answer says which route fits.
//! let sideways = engine.handover(&actor, &lead, south);
//! assert!(!sideways.allowed());
//! assert_eq!(sideways.kind.route, Some(Route::CrossSilo));
//! assert_eq!(sideways.reasons[0].code, DenialCode::CrossSiloRequired);
//! assert_eq!(sideways.reasons[0].detail, Detail::Org(south));
//! assert!(engine.cross_silo(&actor, &lead, south).allowed());
//!
//! // For a drop-down: every org each route would allow, in config order.
//! let targets = engine.targets(&actor, &lead);
//! assert_eq!(targets.handover, [hq]);
//! assert_eq!(targets.cross_silo, [south]);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Creating and editing leads
//!
//! [`Engine::create`] judges a creation form ([`NewLead`]) in a stage
//! pipeline (`leadx_pipeline` unless the host names another);
//! [`Engine::edit`] judges edit rights ([`EditedLead`]). A basic user may
//! only create at the initial stage, for themselves, or hand the lead over
//! to sales, after which they may no longer edit it.
//!
//! ```
//! use leadrules::{Actor, DenialCode, EditedLead, Effect, NewLead, LEADX_PIPELINE};
//! # let engine = leadrules::Engine::from_json(r#"{"orgs": [{"id": "hq", "handover": true, "cross_silo": true},
//! #     {"id": "north", "parent": "hq"}, {"id": "south", "parent": "hq"}]}"#)?;
//! let north = engine.org("north").ok_or("north")?;
//! let basic = Actor { id: "b1", org: north, role: engine.role("basic").ok_or("role")? };
//! let draft = NewLead {
//!     stage: Some("qualified"),
//!     ..NewLead::new(LEADX_PIPELINE)
//! };
//! let denied = engine.create(&basic, &draft)?;
//! assert_eq!(denied.reasons[0].code, DenialCode::StageNotPermitted);
//!
//! // Handing a new lead over to sales: initial stage, no owner, the org's
//! // manager pipeline, read-only for its creator.
//! let handed = engine.create(&basic, &NewLead { stage: None, handover_to_sales: true, ..draft })?;
//! assert!(handed.allowed());
//! let kinds: Vec<&str> = handed.effects.iter().map(Effect::kind).collect();
//! assert_eq!(kinds, ["set_stage", "set_owner", "set_pipeline", "lock"]);
//!
//! let later = EditedLead {
//!     id: "L2",
//!     org: north,
//!     owner: None,
//!     creator: Some("b1"),
//!     handed_over_to_sales: true,
//! };
//! let edit = engine.edit(&basic, &later);
//! assert_eq!(edit.reasons[0].code, DenialCode::LockedAfterHandover);
//!
//! // A partner lead created with its id: every effect names it, and it
//! // starts with its deadline, `now` plus the template's pending period.
//! let manager = Actor { id: "m1", org: north, role: engine.role("manager").ok_or("role")? };
//! let now = leadrules::parse_timestamp("2026-11-23T09:30:00Z", "now")?;
//! let offer = NewLead { id: Some("L9"), now: Some(now), ..NewLead::new("partner_lead") };
//! let offered = engine.create(&manager, &offer)?;
//! let kinds: Vec<&str> = offered.effects.iter().map(Effect::kind).collect();
//! assert_eq!(kinds, ["set_stage", "set_expiry", "set_owner", "set_pipeline"]);
//! let deadline = leadrules::parse_timestamp("2026-11-30T09:30:00Z", "")?;
//! assert_eq!(offered.effects.get(1), Some(&Effect::SetExpiry { lead: Some("L9"), expires_at: Some(deadline) }));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Linking two leads
//!
//! [`Engine::link`] judges a [`LinkRequest`]: who may link, whether the two
//! leads qualify, and the plan that folds the secondary into the primary.
//!
//! ```
//! use leadrules::{
//!     parse_timestamp, DenialCode, Effect, LeadEvent, LinkActor, LinkRequest, LinkedLead,
//! };
//! # let engine = leadrules::Engine::default();
//! let side = |id, owner, mobile| LinkedLead {
//!     id,
//!     project: "P",
//!     status: "interested",
//!     owner: Some(owner),
//!     mobile: Some(mobile),
//!     alternates: Vec::new(),
//!     events: Vec::new(),
//! };
//! let mut request = LinkRequest {
//!     actor: LinkActor {
//!         id: "s1",
//!         role: engine.role("super_user").ok_or("role")?,
//!         assignment_owner_of: Vec::new(),
//!     },
//!     now: parse_timestamp("2026-11-23T09:30:00Z", "now")?,
//!     owner: "m1",
//!     primary: side("A", "m1", "+911"),
//!     secondary: LinkedLead {
//!         events: vec![LeadEvent { id: "e1", at: parse_timestamp("2026-11-24T10:00:00+05:30", "at")? }],
//!         ..side("B", "m2", "+912")
//!     },
//! };
//! let plan = engine.link(&request);
//! let kinds: Vec<&str> = plan.effects.iter().map(Effect::kind).collect();
//! assert_eq!(kinds, [
//!     "set_owner", "add_viewer", "add_alternate_contact", "cancel_event",
//!     "set_status", "set_visibility", "notify", "notify",
//! ]);
//!
//! // A lead that is already linked is never work in progress.
//! request.secondary.status = "linked";
//! let codes: Vec<DenialCode> = engine.link(&request).reasons.iter().map(|r| r.code).collect();
//! assert_eq!(codes, [DenialCode::SecondaryNotWip]);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Workflows: a transition and the buttons
//!
//! A workflow is data: stages and actions ([`workflow::spec`]). Three are
//! built in ([`PARTNER_LEAD`], [`CREATIO_LEAD`], [`LEADX_PIPELINE`]) and a
//! config may replace them or add its own. As orgs are, a workflow and its
//! actions are resolved once into handles ([`Engine::workflow`] gives a
//! read-only [`WorkflowView`]: its stages with their flags, its
//! [`WorkflowId`], its [`ActionId`]s). [`Engine::transition`] asks
//! whether an actor may take one action on a lead now; [`Engine::actions`]
//! answers every action at once, to draw exactly the buttons the actor may
//! press.
//!
//! ```
//! use leadrules::{parse_timestamp, DenialCode, Effect, ExpiryClock, FormFields, Phase, WorkflowActor, WorkflowLead, WorkflowRequest};
//! # let engine = leadrules::Engine::default();
//! let partner_lead = engine.workflow("partner_lead").ok_or("workflow")?;
//! let (accept, decline) = (
//!     partner_lead.action("accept").ok_or("accept")?,
//!     partner_lead.action("decline").ok_or("decline")?,
//! );
//! let request = WorkflowRequest {
//!     workflow: partner_lead.id(),
//!     actor: WorkflowActor { id: "p7", org: Some("acme"), role: engine.role("manager").ok_or("role")? },
//!     lead: WorkflowLead {
//!         partner: Some("acme"),
//!         source: Some("vendor"),
//!         clock: ExpiryClock {
//!             created_at: Some(parse_timestamp("2026-11-20T09:00:00Z", "lead.created_at")?),
//!             ..ExpiryClock::default()
//!         },
//!         ..WorkflowLead::new("L9", "pending")
//!     },
//!     now: Some(parse_timestamp("2026-11-23T09:30:00Z", "now")?),
//! };
//! let accepted = engine.transition(&request, accept, None)?;
//! assert!(accepted.allowed());
//! assert_eq!((accepted.kind.from, accepted.kind.to), ("pending", Some("accepted")));
//! let kinds: Vec<&str> = accepted.effects.iter().map(Effect::kind).collect();
//! assert_eq!(kinds, ["set_stage", "set_expiry", "record"]); // the accepted period starts now
//!
//! // Declining needs a reason: a form field, so a denial, not an error.
//! let declined = engine.transition(&request, decline, None)?;
//! assert_eq!(declined.reasons[0].code, DenialCode::MissingField);
//! let form = serde_json::json!({"reason": "out of territory"});
//! assert!(engine.transition(&request, decline, FormFields::of(&form))?.allowed());
//!
//! // The partner's buttons on a pending lead: accept and decline.
//! let offered: Vec<&str> = engine.actions(&request)?.iter().filter(|a| a.allowed()).map(|a| a.action).collect();
//! assert_eq!(offered, ["accept", "decline"]);
//!
//! // The stages that run an expiry period, for a host that filters its
//! // book before it sweeps.
//! let timed: Vec<(&str, Option<Phase>)> = partner_lead
//!     .stages()
//!     .filter(|s| s.expiry().is_some())
//!     .map(|s| (s.name(), s.expiry()))
//!     .collect();
//! assert_eq!(timed, [("pending", Some(Phase::Pending)), ("accepted", Some(Phase::Accepted))]);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Expiry and sweeping
//!
//! [`Engine::expiry`] tells where one lead stands against its deadline;
//! [`Engine::sweep`] answers which of many leads are due and when the next
//! deadline falls; [`Engine::sweep_columns`] gives the same answers over
//! columns of integers ([`LeadColumns`]: stage codes, Unix seconds with
//! [`NO_TIME`] where absent), for large books.
//!
//! ```
//! use leadrules::{parse_timestamp, ExpiryClock, LeadColumns, Phase, WorkflowLead, NO_TIME};
//! # let engine = leadrules::Engine::default();
//! let created = |at| -> Result<WorkflowLead<'static>, leadrules::Error> {
//!     Ok(WorkflowLead {
//!         clock: ExpiryClock { created_at: Some(parse_timestamp(at, "created_at")?), ..ExpiryClock::default() },
//!         ..WorkflowLead::new("A", "pending")
//!     })
//! };
//! let now = parse_timestamp("2026-11-27T09:00:00Z", "now")?;
//! let a = created("2026-11-20T09:00:00Z")?;
//! let status = engine.expiry("partner_lead", &a, now)?;
//! assert!(status.due); // due at the deadline instant itself: created + P7D
//! assert_eq!(status.phase, Some(Phase::Pending));
//! assert_eq!(status.expires_at, Some(now));
//!
//! let b = WorkflowLead { id: "B", ..created("2026-11-22T09:00:00Z")? };
//! let closed = WorkflowLead::new("C", "closed_converted");
//! let sweep = engine.sweep("partner_lead", &[a, b, closed], now)?;
//! assert_eq!(sweep.due, ["A"]);
//! assert_eq!(sweep.next_deadline, Some(parse_timestamp("2026-11-29T09:00:00Z", "next")?));
//!
//! // The same book as columns: the same answer, by row.
//! let pending = engine.stage_code("partner_lead", "pending").ok_or("stage")?;
//! let closed = engine.stage_code("partner_lead", "closed_converted").ok_or("stage")?;
//! let columns = LeadColumns {
//!     stages: &[pending, pending, closed],
//!     created_at: &[1_795_165_200, 1_795_338_000, NO_TIME], // 20 and 22 November 2026, 09:00Z
//!     expires_at: None,
//!     accepted_at: None,
//!     reassigned_at: None,
//!     templates: None,
//! };
//! let rows = engine.sweep_columns("partner_lead", &columns, now.timestamp())?;
//! assert_eq!(rows.due, [0]);
//! assert_eq!(rows.next_deadline, Some(1_795_942_800));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Assignment
//!
//! [`Engine::assign`] answers who gets a lead: the policy's ordered
//! assignment rules pick a pool, round robin or least loaded picks a
//! member, and the answer ([`assignment::Assignment`]) names the assignee,
//! every member passed over with why, and the effects (new owner, new
//! cursor). Pools are the host's live facts, filled from its own rows
//! without JSON ([`assignment::Pool`], [`assignment::Member`]);
//! [`Engine::assign_many`] assigns a batch as if one by one.
//! [`Engine::change_owner`] decides a manual reassignment.
//!
//! ```
//! use leadrules::assignment::{AssignLead, FieldValue, LeadFields, Member, Pool};
//! let engine = leadrules::Engine::from_json(r#"{"orgs": [{"id": "north"}],
//!     "policy": {"assignment": {"rules": [{"id": "web", "pools": ["inside"], "strategy": "round_robin",
//!         "when": [{"field": "source", "equals": "web"}]}]}}}"#)?;
//! let north = engine.org("north").ok_or("org")?;
//! let rep = engine.role("professional").ok_or("role")?;
//! let fields = [("source", FieldValue::Text("web"))];
//! let lead = AssignLead { id: "L9", org: north, fields: LeadFields::Pairs(&fields) };
//! let away = Member { away: true, ..Member::new("u2", "north", rep) };
//! let members = vec![Member::new("u1", "north", rep), away, Member::new("u3", "north", rep)];
//! let pools = [Pool { name: "inside", cursor: Some("u1"), members }];
//! let answer = engine.assign(&lead, &pools, None)?;
//! assert_eq!((answer.rule, answer.assignee), (Some("web"), Some("u3")));
//! assert_eq!(answer.skipped[0].member, "u2");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Duplicates
//!
//! The policy's `matching` rules say which normalised values make two
//! leads the same customer (phone numbers in E.164, e-mail addresses,
//! folded names and companies) and what follows (`block`, `link`,
//! `alert`). [`Engine::match_keys`] gives the keys a host stores in an
//! indexed column; [`Engine::match_lead`] compares a lead with the
//! candidates the index found ([`Engine::match_keyed`] by their stored
//! keys alone).
//!
//! ```
//! use leadrules::matching::{MatchAction, MatchLead};
//! use leadrules::{DenialCode, Engine};
//!
//! let engine = Engine::from_json(r#"{"policy": {"matching": {"default_region": "IN", "rules": [
//!     {"id": "same-phone", "keys": ["phone"], "action": "block"},
//!     {"id": "same-person", "keys": ["name", "company"], "action": "alert"}]}}}"#)?;
//! let new = MatchLead {
//!     phone: Some("098123 45678"),
//!     name: Some("José Núñez"),
//!     company: Some("Acme Pvt. Ltd."),
//!     ..MatchLead::default()
//! };
//! assert_eq!(
//!     engine.match_keys(&new),
//!     ["same-person:jose nunez|acme", "same-phone:+919812345678"]
//! );
//! let saved = MatchLead { id: Some("L9"), phone: Some("+91 98123 45678"), ..MatchLead::default() };
//! let found = engine.match_lead(&new, &[saved]);
//! assert!(!found.allowed());
//! assert_eq!(found.reasons[0].code, DenialCode::DuplicateBlocked);
//! assert_eq!(found.matches[0].action, MatchAction::Block);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # The JSON entry point
//!
//! Two entries answer any request of the JSON protocol, as the C and
//! Python bindings do: [`Engine::decide`] takes and answers a
//! `serde_json::Value`, [`Engine::decide_json`] takes and answers text (a
//! [`protocol::JsonResponse`]: the response, or for bad input the error
//! envelope, with the typed error at hand). Bad input is an [`Error`] with
//! a stable [`ErrorCode`] and the path of the offending field; a denial is
//! an answer.
//!
//! ```
//! use leadrules::ErrorCode;
//! use serde_json::json;
//! # let engine = leadrules::Engine::from_json(r#"{"orgs": [{"id": "hq", "handover": true, "cross_silo": true},
//! #     {"id": "north", "parent": "hq"}, {"id": "south", "parent": "hq"}]}"#)?;
//! let answer = engine.decide(&json!({
//!     "kind": "cross_silo",
//!     "actor": {"id": "u1", "org": "north", "role": "professional"},
//!     "lead": {"id": "L1", "org": "north", "owner": "u1"},
//!     "to": "south"
//! }))?;
//! assert_eq!(answer["allowed"], true);
//! assert_eq!(answer["route"], "cross_silo");
//! assert_eq!(answer["effects"][0]["kind"], "transfer");
//!
//! let text = engine.decide_json(r#"{"kind": "targets",
//!     "actor": {"id": "u1", "org": "north", "role": "professional"},
//!     "lead": {"id": "L1", "org": "north", "owner": "u1"}}"#);
//! assert_eq!(text, r#"{"handover":["hq"],"cross_silo":["south"]}"#);
//!
//! let refused = engine.decide_json(r#"{"kind": "handover", "actor": {"id": "u1", "org": "mars", "role": "manager"}}"#);
//! let error = refused.error().ok_or("an unknown org was accepted")?;
//! assert_eq!((error.code, error.path.as_str()), (ErrorCode::UnknownOrg, "actor.org"));
//! // Read as text, an error is the protocol's envelope.
//! assert!(engine.decide_json("{").starts_with(r#"{"error":{"code":"invalid_json","#));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! A typed answer becomes protocol JSON through the engine that gave it
//! (org handles need its directory): wrap it in a [`protocol::Response`]
//! and call [`Engine::render`] or [`Engine::render_json`].
//!
//! # Specs and serde
//!
//! The values an engine is built from serialize to, and deserialize from,
//! exactly the JSON a config holds at their place, read by the config's own
//! reader (same checks, same paths): [`OrgSpec`] (an entry of `orgs`),
//! [`WorkflowSpec`] (`policy.workflows.<name>`; the name is the key, so it
//! is not part of the object) and [`Template`] (`policy.templates.<name>`).
//! [`WorkflowSpec::builtin`] gives a built-in workflow to start from.
//! Answers are not `Serialize`: they borrow from the request and hold org
//! handles, and render through the engine as above.
//!
//! ```
//! use leadrules::{Engine, WorkflowSpec};
//! use serde_json::json;
//!
//! // Start from the built-in partner workflow, give partners longer to accept.
//! let mut referral = WorkflowSpec::builtin("partner_lead").ok_or("built in")?;
//! referral.name = "referral".into();
//! let config = json!({"policy": {
//!     "workflows": {"referral": referral},
//!     "templates": {"default": {"pending": "P10D"}}}});
//! let engine = Engine::from_value(&config)?;
//! assert_eq!(engine.workflow_actions("referral").map(|a| a.len()), Some(6));
//!
//! // Reading reports what a config would, with paths inside the workflow.
//! let bad = WorkflowSpec::from_value("w", &json!({"stages": [{"id": "a", "inital": true}]}));
//! let problems = bad.err().map(|e| e.problems).unwrap_or_default();
//! assert_eq!(problems[0].path, "stages[0].inital");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

#![forbid(unsafe_code)]

// The layers, each using only those above it here (tests/lint/module_cycles.py
// checks that no two modules depend on each other):
// base types;
mod decision;
mod duration;
mod effect;
mod error;
mod expiry;
pub mod hours;
mod id_hash;
mod json;
mod model;
mod orgs;
mod path;
mod reason;
mod require;
mod roles;
mod time;
mod unknown_keys;
pub mod vocabulary;
pub mod workflow;
// the builder, the config readers, the policy they build;
pub mod assignment;
mod builder;
mod config;
pub mod matching;
mod policy;
mod policy_build;
mod spec_serde;
// the rule areas, one file each, reading the policy;
mod change_owner;
mod create;
mod edit;
mod handover;
mod link;
mod sweep;
mod sweep_columns;
mod sweep_hours;
mod transition;
// the engine facade, then the JSON protocol.
mod assign;
mod assign_explain;
mod duplicates;
mod engine;
mod engine_prepared;
mod engine_workflow;
mod list_view;
mod prepared;
pub mod protocol;
mod sla;
mod sla_explain;

pub use assign_explain::RuleTrial;
pub use builder::EngineBuilder;
pub use create::{Assignee, NewLead};
pub use decision::Decision;
/// How the protocol writes open time (`PT50H`, `PT4H40M`, `PT0S`): the
/// bindings' answers write theirs with it.
pub use duration::open_time_text;
pub use duration::{Period, MAX_PERIOD_DAYS};
pub use edit::EditedLead;
pub use effect::{Channel, Effect, EffectKind, FieldValue, Pipeline};
pub use engine::{check_config_size, Engine, EngineStamp, MAX_CONFIG_BYTES};
pub use error::{shorten_message, shorten_path, Error, ErrorCode, Problem, MAX_SHOWN_BYTES};
pub use expiry::{
    BusinessDays, Calendar, ExpiryClock, ExpiryStatus, NamedHours, Phase, Template, DEFAULT_TEMPLATE,
    TIME_RANGE,
};
pub use handover::{Alternative, Route, Targets, TransferDecision, TransferKind};
pub use link::{LeadEvent, LinkActor, LinkRequest, LinkedLead};
pub use list_view::{ActionGrid, Verdicts};
pub use model::{Actor, HeldLead};
pub use orgs::{OrgId, OrgSpec, Relation};
pub use policy::{DEFAULT_WIP_STATUSES, LINKED_STATUS};
pub use prepared::{PreparedActor, PreparedLead, PreparedWorkflowLead};
pub use protocol::{check_request_size, MAX_NESTING, MAX_REQUEST_BYTES};
pub use reason::{DenialCode, Detail, Reason, Reasons, ReasonsIntoIter};
pub use require::{
    require_accepts, require_creator_after_handover, require_distinct_leads, require_distinct_members,
    require_id, require_keyed_candidates, require_match_list, require_open_seconds, require_unix_now,
};
pub use roles::{Capability, CapabilitySet, RoleId, MAX_CAPABILITIES, SYSTEM_ROLE};
pub use sla_explain::SlaSpan;
pub use sweep::Sweep;
pub use sweep_columns::{require_column_rows, ColumnSweep, LeadColumns, NO_TIME};
pub use time::{parse_timestamp, require_unix_instant, timestamp_from_parts, utc_text, Timestamp};
pub use unknown_keys::{suggestion, RequestWarning, UnknownKeys};
pub use vocabulary::WarningCode;
pub use workflow::spec::{StageSpec, WorkflowSpec};
pub use workflow::{
    ActionId, ActionOption, ActionRef, FormFields, StageId, StageView, TransitionDecision, TransitionKind,
    WorkflowActor, WorkflowId, WorkflowLead, WorkflowRef, WorkflowRequest, WorkflowView, CREATIO_LEAD,
    LEADX_PIPELINE, PARTNER_LEAD,
};

/// The Rust examples of the README, of `docs/rust.md` and of the crate's own
/// README (what crates.io shows), compiled and run as doctests so that the
/// front door and the guide cannot drift.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
#[doc = include_str!("../../docs/rust.md")]
#[doc = include_str!("../README.md")]
pub struct DocumentationExamples;

/// The crate version, as in Cargo.toml.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

#[cfg(test)]
mod tests {
    use super::Engine;

    #[test]
    fn engine_is_send_and_sync() {
        fn assert_send_sync<T: Send + Sync>() {}
        assert_send_sync::<Engine>();
    }
}
