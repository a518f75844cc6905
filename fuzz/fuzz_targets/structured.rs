//! Well-typed requests of every kind, built from the fuzzer's bytes with
//! the engine's own vocabulary (its orgs, roles, workflows, actions,
//! stages) mixed with stray words, so the rules themselves are explored.
//! Checks: every face answers alike (see `check_faces`), an allowed
//! transfer names its own route, an allowed transition lands on a stage of
//! its workflow, and `actions` agrees with asking `transition` per action.
//!
//! Assignment (`assign` with one lead or a batch, `change_owner`) runs on
//! generated pools and members, and either on a vector's engine or on one
//! built from generated `assignment.rules` (module `assign`): an assignee
//! is an eligible member of the pool named, and a batch answers exactly as
//! its leads asked one by one with each answer applied.

#![no_main]

use arbitrary::Arbitrary;
use leadrules::Engine;
use libfuzzer_sys::fuzz_target;
use serde_json::{json, Map, Value};

#[path = "structured/assign.rs"]
mod assign;

/// Words a CRM sends that are not in the engine's vocabulary.
const STRAY: [&str; 12] = [
    "",
    "x",
    "hq",
    "north",
    "basic",
    "manager",
    "system",
    "default",
    "pending",
    "interested",
    "claimed",
    "P",
];

#[derive(Arbitrary, Debug)]
enum Kind {
    Handover,
    CrossSilo,
    Targets,
    Create,
    Edit,
    Link,
    Transition,
    Actions,
    Expiry,
    Sweep,
    Assign,
    AssignMany,
    ChangeOwner,
}

#[derive(Arbitrary, Debug)]
enum Word {
    Org(u8),
    Role(u8),
    Workflow(u8),
    Action(u8),
    Stage(u8),
    SubStage(u8),
    Stray(u8),
    Text(String),
}

#[derive(Arbitrary, Debug)]
enum Instant {
    /// Seconds around 2026-11-23 (a week either way).
    Near(i32),
    /// Any second, even outside the years a timestamp may name.
    Anywhere(i64),
    Text(String),
}

#[derive(Arbitrary, Debug)]
enum Scalar {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Word(Word),
    Time(Instant),
}

#[derive(Arbitrary, Debug)]
struct Party {
    id: Word,
    org: Option<Word>,
    role: Option<Word>,
    owns: Vec<Word>,
}

#[derive(Arbitrary, Debug)]
struct LeadShape {
    id: Option<Word>,
    org: Option<Word>,
    owner: Option<Option<Word>>,
    creator: Option<Word>,
    stage: Option<Word>,
    sub_stage: Option<Option<Word>>,
    partner: Option<Word>,
    source: Option<Word>,
    template: Option<Option<Word>>,
    created_at: Option<Instant>,
    expires_at: Option<Option<Instant>>,
    accepted_at: Option<Option<Instant>>,
    reassigned_at: Option<Option<Instant>>,
    handed_over: Option<bool>,
    project: Option<Word>,
    status: Option<Word>,
    mobile: Option<Word>,
    events: Option<Vec<(Word, Instant)>>,
    extra: Option<(Word, Scalar)>,
}

#[derive(Arbitrary, Debug)]
struct Input {
    engine: u8,
    kind: Kind,
    /// Early, so that it gets the fuzzer's bytes before they run out.
    routing: assign::Routing,
    actor: Party,
    lead: LeadShape,
    other: LeadShape,
    to: Option<Word>,
    workflow: Word,
    action: Word,
    now: Option<Instant>,
    fields: Option<Vec<(Word, Scalar)>>,
    leads: Vec<LeadShape>,
    assignee: Option<Option<(Word, Word)>>,
}

/// Resolves words against one engine and one workflow.
struct Vocabulary<'e> {
    engine: &'e Engine,
    workflow: String,
}

fn pick<T: AsRef<str>>(items: &[T], index: u8) -> String {
    match items.len() {
        0 => "none".to_owned(),
        n => items[usize::from(index) % n].as_ref().to_owned(),
    }
}

impl Vocabulary<'_> {
    fn word(&self, word: &Word) -> String {
        let engine = self.engine;
        let view = engine.workflow(&self.workflow);
        match word {
            Word::Org(i) => match engine.org_count() {
                0 => "none".to_owned(),
                n => engine
                    .org_at(usize::from(*i) % n)
                    .map_or_else(String::new, |o| engine.org_name(o).to_owned()),
            },
            Word::Role(i) => match engine.role_count() {
                0 => "none".to_owned(),
                n => engine
                    .role_at(usize::from(*i) % n)
                    .map_or_else(String::new, |r| engine.role_name(r).to_owned()),
            },
            Word::Workflow(i) => pick(&engine.workflow_names().collect::<Vec<_>>(), *i),
            Word::Action(i) => pick(
                &view.iter().flat_map(|w| w.action_names()).collect::<Vec<_>>(),
                *i,
            ),
            Word::Stage(i) => pick(
                &view
                    .iter()
                    .flat_map(|w| w.stages())
                    .map(|s| s.name())
                    .collect::<Vec<_>>(),
                *i,
            ),
            Word::SubStage(i) => pick(&view.iter().flat_map(|w| w.sub_stages()).collect::<Vec<_>>(), *i),
            Word::Stray(i) => pick(&STRAY, *i),
            Word::Text(text) => text.clone(),
        }
    }

    fn instant(instant: &Instant) -> Value {
        const NOW: i64 = 1_795_426_200; // 2026-11-23T09:30:00Z
        let seconds = match instant {
            Instant::Near(offset) => NOW + i64::from(*offset) % (7 * 86_400),
            Instant::Anywhere(seconds) => *seconds,
            Instant::Text(text) => return json!(text),
        };
        match chrono::DateTime::from_timestamp(seconds, 0) {
            Some(at) => json!(at.to_rfc3339()),
            None => json!(seconds),
        }
    }

    fn scalar(&self, scalar: &Scalar) -> Value {
        match scalar {
            Scalar::Null => Value::Null,
            Scalar::Bool(b) => json!(b),
            Scalar::Int(n) => json!(n),
            Scalar::Float(x) => serde_json::Number::from_f64(*x).map_or(Value::Null, Value::Number),
            Scalar::Word(word) => json!(self.word(word)),
            Scalar::Time(instant) => Self::instant(instant),
        }
    }

    fn party(&self, party: &Party) -> Value {
        let mut out = Map::new();
        out.insert("id".into(), json!(self.word(&party.id)));
        if let Some(org) = &party.org {
            out.insert("org".into(), json!(self.word(org)));
        }
        if let Some(role) = &party.role {
            out.insert("role".into(), json!(self.word(role)));
        }
        if !party.owns.is_empty() {
            let owns: Vec<String> = party.owns.iter().map(|w| self.word(w)).collect();
            out.insert("assignment_owner_of".into(), json!(owns));
        }
        Value::Object(out)
    }

    fn lead(&self, lead: &LeadShape) -> Value {
        let mut out = Map::new();
        let mut put = |key: &str, value: Value| {
            out.insert(key.to_owned(), value);
        };
        let word = |w: &Word| json!(self.word(w));
        let maybe = |w: &Option<Word>| w.as_ref().map_or(Value::Null, |w| json!(self.word(w)));
        let time = |t: &Option<Instant>| t.as_ref().map_or(Value::Null, Self::instant);
        if let Some(w) = &lead.id {
            put("id", word(w))
        }
        if let Some(w) = &lead.org {
            put("org", word(w))
        }
        if let Some(w) = &lead.owner {
            put("owner", maybe(w))
        }
        if let Some(w) = &lead.creator {
            put("creator", word(w))
        }
        if let Some(w) = &lead.stage {
            put("stage", word(w))
        }
        if let Some(w) = &lead.sub_stage {
            put("sub_stage", maybe(w))
        }
        if let Some(w) = &lead.partner {
            put("partner", word(w))
        }
        if let Some(w) = &lead.source {
            put("source", word(w))
        }
        if let Some(w) = &lead.template {
            put("template", maybe(w))
        }
        if let Some(t) = &lead.created_at {
            put("created_at", Self::instant(t))
        }
        if let Some(t) = &lead.expires_at {
            put("expires_at", time(t))
        }
        if let Some(t) = &lead.accepted_at {
            put("accepted_at", time(t))
        }
        if let Some(t) = &lead.reassigned_at {
            put("reassigned_at", time(t))
        }
        if let Some(b) = lead.handed_over {
            put("handed_over_to_sales", json!(b))
        }
        if let Some(w) = &lead.project {
            put("project", word(w))
        }
        if let Some(w) = &lead.status {
            put("status", word(w))
        }
        if let Some(w) = &lead.mobile {
            put("mobile", word(w))
        }
        if let Some(events) = &lead.events {
            let events: Vec<Value> = events
                .iter()
                .map(|(id, at)| json!({"id": self.word(id), "at": Self::instant(at)}))
                .collect();
            put("events", json!(events));
        }
        if let Some((key, value)) = &lead.extra {
            let key = self.word(key);
            put(&key, self.scalar(value));
        }
        Value::Object(out)
    }
}

fn request(vocabulary: &Vocabulary<'_>, input: &Input) -> Value {
    let kind = match input.kind {
        Kind::Handover => "handover",
        Kind::CrossSilo => "cross_silo",
        Kind::Targets => "targets",
        Kind::Create => "create",
        Kind::Edit => "edit",
        Kind::Link => "link",
        Kind::Transition => "transition",
        Kind::Actions => "actions",
        Kind::Expiry => "expiry",
        Kind::Sweep => "sweep",
        Kind::Assign | Kind::AssignMany => "assign",
        Kind::ChangeOwner => "change_owner",
    };
    let mut out = Map::new();
    out.insert("kind".into(), json!(kind));
    out.insert("actor".into(), vocabulary.party(&input.actor));
    out.insert("workflow".into(), json!(vocabulary.workflow));
    out.insert("action".into(), json!(vocabulary.word(&input.action)));
    if let Some(to) = &input.to {
        out.insert("to".into(), json!(vocabulary.word(to)));
    }
    if let Some(now) = &input.now {
        out.insert("now".into(), Vocabulary::instant(now));
    }
    if let Some(fields) = &input.fields {
        let fields: Map<String, Value> = fields
            .iter()
            .map(|(k, v)| (vocabulary.word(k), vocabulary.scalar(v)))
            .collect();
        out.insert("fields".into(), Value::Object(fields));
    }
    match input.kind {
        Kind::Link => {
            out.insert("primary".into(), vocabulary.lead(&input.lead));
            out.insert("secondary".into(), vocabulary.lead(&input.other));
            out.insert("owner".into(), json!(vocabulary.word(&input.actor.id)));
        }
        Kind::Sweep => {
            let leads: Vec<Value> = input.leads.iter().map(|l| vocabulary.lead(l)).collect();
            out.insert("leads".into(), json!(leads));
        }
        Kind::Assign | Kind::AssignMany => {
            let scalar = |s: &Scalar| vocabulary.scalar(s);
            // The lead from the routing's bytes: an id, an org of the
            // engine, fields the rules test (the rules, not the reader, are
            // what this explores; the reader has the `decide` target).
            let lead = |i: usize| {
                let mut lead =
                    json!({"id": format!("L{i}"), "org": vocabulary.word(&Word::Org(input.routing.org))});
                if let Some(fields) = input.routing.fields(i, &scalar) {
                    lead["fields"] = fields;
                }
                lead
            };
            let first = lead(0);
            let lead_org = first.get("org").cloned().unwrap_or_default();
            if matches!(input.kind, Kind::Assign) {
                out.insert("lead".into(), first);
            } else {
                let count = usize::from(input.routing.leads % 16) + 1;
                let leads: Vec<Value> = (0..count).map(lead).collect();
                out.insert("leads".into(), json!(leads));
            }
            let pools = input
                .routing
                .pools(&|w| vocabulary.word(w), &|s| vocabulary.scalar(s), &lead_org);
            out.insert("pools".into(), pools);
        }
        Kind::ChangeOwner => {
            out.insert("lead".into(), vocabulary.lead(&input.lead));
            out.insert("to".into(), vocabulary.party(&input.routing.to));
        }
        _ => {
            let mut lead = vocabulary.lead(&input.lead);
            if let (Some(assignee), Value::Object(lead)) = (&input.assignee, &mut lead) {
                let assignee = assignee.as_ref().map_or(
                    Value::Null,
                    |(id, org)| json!({"id": vocabulary.word(id), "org": vocabulary.word(org)}),
                );
                lead.insert("assignee".into(), assignee);
            }
            out.insert("lead".into(), lead);
        }
    }
    // Keys a kind does not read are refused, so drop the ones it never takes.
    let keep: &[&str] = match input.kind {
        Kind::Handover | Kind::CrossSilo => &["kind", "actor", "lead", "to"],
        Kind::Targets => &["kind", "actor", "lead"],
        Kind::Create => &["kind", "workflow", "actor", "lead"],
        Kind::Edit => &["kind", "actor", "lead"],
        Kind::Link => &["kind", "actor", "now", "owner", "primary", "secondary"],
        Kind::Transition => &["kind", "workflow", "action", "now", "actor", "lead", "fields"],
        Kind::Actions => &["kind", "workflow", "actor", "lead", "now"],
        Kind::Expiry => &["kind", "workflow", "lead", "now"],
        Kind::Sweep => &["kind", "workflow", "leads", "now"],
        Kind::Assign | Kind::AssignMany => &["kind", "lead", "leads", "pools"],
        Kind::ChangeOwner => &["kind", "actor", "lead", "to"],
    };
    out.retain(|key, _| keep.contains(&key.as_str()));
    Value::Object(out)
}

fuzz_target!(|input: Input| {
    let built;
    let words = Vocabulary {
        engine: fuzz_support::engine(0),
        workflow: String::new(),
    };
    let engine = match input.routing.config(&|s| words.scalar(s)) {
        Some(config) if matches!(input.kind, Kind::Assign | Kind::AssignMany) => {
            let Ok(engine) = Engine::from_value(&config) else {
                return;
            };
            built = engine;
            &built
        }
        _ => fuzz_support::engine(input.engine),
    };
    let workflow = Vocabulary {
        engine,
        workflow: String::new(),
    }
    .word(&input.workflow);
    let vocabulary = Vocabulary { engine, workflow };
    let request = request(&vocabulary, &input);
    let text = request.to_string();
    fuzz_support::check_faces(engine, &text);

    let Ok(answer) = engine.decide(&request) else {
        return;
    };
    let allowed = answer.get("allowed") == Some(&Value::Bool(true));
    match input.kind {
        Kind::Handover | Kind::CrossSilo if allowed => {
            assert_eq!(
                answer.get("route"),
                request.get("kind"),
                "allowed on another route: {answer}"
            );
        }
        Kind::Assign | Kind::AssignMany => assign::check(engine, &request, &answer),
        Kind::ChangeOwner if allowed => {
            let owner = answer.pointer("/effects/0/owner");
            assert_eq!(
                owner,
                request.pointer("/to/id"),
                "the new owner is not `to`: {answer}"
            );
        }
        Kind::Transition if allowed => {
            let view = engine.workflow(&vocabulary.workflow);
            let stages: Vec<&str> = view.iter().flat_map(|w| w.stages()).map(|s| s.name()).collect();
            let to = answer.get("to").and_then(Value::as_str).unwrap_or_default();
            assert!(
                stages.contains(&to),
                "landed on `{to}`, not a stage of its workflow: {answer}"
            );
        }
        Kind::Actions => {
            // Each listed action, asked as a transition without fields, is
            // allowed exactly when `actions` says so, unless it needs fields.
            let listed = answer
                .get("actions")
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default();
            for entry in listed {
                let needs_fields = entry
                    .get("requires")
                    .and_then(Value::as_array)
                    .is_some_and(|r| !r.is_empty());
                let mut ask = request.clone();
                if let Value::Object(ask) = &mut ask {
                    ask.insert("kind".into(), json!("transition"));
                    ask.insert(
                        "action".into(),
                        entry.get("action").cloned().unwrap_or(Value::Null),
                    );
                }
                let Ok(single) = engine.decide(&ask) else {
                    assert!(needs_fields, "actions listed {entry} but transition failed");
                    continue;
                };
                if !needs_fields {
                    assert_eq!(
                        single.get("allowed"),
                        entry.get("allowed"),
                        "actions {entry} vs transition {single}"
                    );
                }
            }
        }
        _ => {}
    }
});
