//! The conformance vectors (`tests/conformance/*.json`) through the typed
//! Rust API: each request the reader reads is asked again by the typed
//! calls a Rust host makes (workflows by handle and by name, actions by
//! `ActionId` and by name), and rendered; the text must be the JSON
//! entry's, which `conformance.rs` holds to the vectors. Requests the
//! reader refuses have no typed form and are counted, not compared.

mod vectors;

use leadrules::protocol::{request_value, Request, Response};
use leadrules::{Engine, Error, UnknownKeys};

use vectors::Case;

/// The typed answers to a read request, one per way a host may name its
/// workflow and action; the names are looked up through the engine's view.
fn typed_answers(engine: &Engine, request: &Request<'_>) -> Result<Vec<String>, Error> {
    let render = |response: Response<'_>| engine.render_json(&response);
    let name_of = |id| engine.workflow_by_id(id).map(|w| w.name()).unwrap_or_default();
    Ok(match request {
        Request::Transfer {
            route,
            actor,
            lead,
            to,
        } => vec![render(Response::Transfer(
            engine.transfer(*route, actor, lead, *to),
        ))],
        Request::Targets { actor, lead } => vec![render(Response::Targets(engine.targets(actor, lead)))],
        Request::Create { actor, lead } => vec![render(Response::Decision(engine.create(actor, lead)?))],
        Request::Edit { actor, lead } => vec![render(Response::Decision(engine.edit(actor, lead)))],
        Request::Link(link) => vec![render(Response::Decision(engine.link(link)))],
        Request::Transition {
            request,
            action,
            fields,
        } => {
            let view = engine.workflow_by_id(request.workflow);
            let name = view.and_then(|w| w.action_name(*action)).unwrap_or_default();
            vec![
                render(Response::Transition(
                    engine.transition(request, *action, *fields)?,
                )),
                render(Response::Transition(engine.transition(request, name, *fields)?)),
            ]
        }
        Request::Actions(request) => vec![render(Response::Actions(engine.actions(request)?))],
        Request::Expiry { workflow, now, lead } => vec![
            render(Response::Expiry(engine.expiry(*workflow, lead, *now)?)),
            render(Response::Expiry(engine.expiry(name_of(*workflow), lead, *now)?)),
        ],
        Request::Sweep { workflow, now, leads } => vec![
            render(Response::Sweep(engine.sweep(*workflow, leads, *now)?)),
            render(Response::Sweep(engine.sweep(name_of(*workflow), leads, *now)?)),
        ],
        Request::Assign { now, lead, pools } => {
            vec![render(Response::Assignment(engine.assign(lead, pools, *now)?))]
        }
        Request::AssignMany { now, leads, pools } => vec![render(Response::Assignments(
            engine.assign_many(leads, pools, *now)?,
        ))],
        Request::ChangeOwner { actor, lead, to } => {
            vec![render(Response::Decision(engine.change_owner(actor, lead, to)))]
        }
        Request::MatchKeys { lead } => vec![render(Response::MatchKeys(engine.match_keys(lead)))],
        Request::MatchKeysMany { leads } => {
            vec![render(Response::MatchKeysMany(engine.match_keys_many(leads)))]
        }
        Request::Match { lead, candidates } => {
            vec![render(Response::Matches(engine.match_lead(lead, candidates)))]
        }
        Request::Sla {
            calendar,
            start,
            target,
            now,
            paused,
        } => vec![render(Response::Sla(
            engine.sla(calendar, *start, *target, *now, paused)?,
        ))],
        _ => Vec::new(),
    })
}

/// Compares one case; `Ok(false)` when the reader refuses it (no typed form).
fn run_case(case: &Case) -> Result<bool, String> {
    // Typed calls take records, not request objects: no key of theirs is
    // unknown, so they answer as an engine that ignores unknown keys.
    let Ok(engine) =
        Engine::from_value(&case.config.clone()?).map(|e| e.with_unknown_keys(UnknownKeys::Ignore))
    else {
        return Ok(false);
    };
    let text = case
        .text
        .clone()
        .ok_or("case has neither request nor request_text")?;
    let Ok(value) = request_value(&text) else {
        return Ok(false);
    };
    let Ok(request) = Request::parse(&engine, &value) else {
        return Ok(false);
    };
    let expected = engine.decide_json(&text).to_string();
    // A request the reader read may still fail when answered (a template,
    // a deadline input): the typed calls must fail alike.
    let answers = match typed_answers(&engine, &request) {
        Ok(answers) => answers,
        Err(error) => vec![leadrules::protocol::error_value(&error).to_string()],
    };
    if answers.is_empty() {
        return Err(format!("a request kind with no typed call: {text}"));
    }
    for answer in answers {
        if answer != expected {
            return Err(format!(
                "typed and JSON answers differ:\n  {answer}\n  {expected}"
            ));
        }
    }
    Ok(true)
}

#[test]
fn typed_calls_answer_every_vector_the_reader_reads_as_the_json_entry() {
    let (mut typed, mut refused, mut failures) = (0usize, 0usize, Vec::new());
    for case in &vectors::cases() {
        match run_case(case) {
            Ok(true) => typed += 1,
            Ok(false) => refused += 1,
            Err(message) => failures.push(format!("{}: {message}", case.place)),
        }
    }
    eprintln!("{typed} vectors asked through the typed API, {refused} refused by the reader");
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
    // Most vectors are questions a typed call can ask; the rest are input
    // errors the reader refuses.
    assert!(
        typed > 700,
        "only {typed} vectors asked through the typed API ({refused} refused)"
    );
}
