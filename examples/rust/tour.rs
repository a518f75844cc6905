//! `make demo`: a tour of the rules: handover, creation, pipelines,
//! linking, the partner lead workflow and Creatio's handoff to sales.
//!
//! Each stop asks one question in the JSON protocol and prints the decision:
//! allowed or not, every reason, and the effects the CRM must apply.

use leadrules::Engine;
use serde_json::{json, Value};

fn main() {
    let config = json!({
        "orgs": [
            {"id": "acme",       "parent": null,   "handover": true,  "cross_silo": true},
            {"id": "acme-north", "parent": "acme", "handover": true},
            {"id": "acme-south", "parent": "acme"},
            {"id": "north-leeds","parent": "acme-north"},
            {"id": "south-york", "parent": "acme-south"},
            {"id": "globex",     "parent": null,   "handover": false}
        ]
    });
    let engine = match Engine::from_value(&config) {
        Ok(engine) => engine,
        Err(error) => {
            eprintln!("config rejected: {error}");
            std::process::exit(1);
        }
    };
    println!("leadrules {} — handover and cross silo tour", leadrules::VERSION);
    println!("Community: acme (handover, cross silo on) → acme-north (handover on) → north-leeds;");
    println!("           acme → acme-south (handover off) → south-york. Another community: globex.\n");

    let pro = json!({"id": "priya", "org": "acme-north", "role": "professional"});
    let own_lead = json!({"id": "L-100", "org": "acme-north", "owner": "priya"});

    stop(
        &engine,
        "A professional hands her own lead up to the parent org",
        json!({
        "kind": "handover", "actor": pro, "lead": own_lead, "to": "acme"}),
    );
    stop(
        &engine,
        "The parent's manager hands a lead he does not own down to a child",
        json!({
        "kind": "handover",
        "actor": {"id": "marco", "org": "acme", "role": "manager"},
        "lead": {"id": "L-200", "org": "acme", "owner": "someone-else"},
        "to": "acme-south"}),
    );
    stop(
        &engine,
        "Child to sibling is not a handover: the answer points to cross silo",
        json!({
        "kind": "handover", "actor": pro, "lead": own_lead, "to": "acme-south"}),
    );
    stop(
        &engine,
        "The same transfer by cross silo (acme, the common ancestor, allows it)",
        json!({
        "kind": "cross_silo", "actor": pro, "lead": own_lead, "to": "acme-south"}),
    );
    stop(
        &engine,
        "south-york → acme-south: the parent end of that edge has handover off",
        json!({
        "kind": "handover",
        "actor": {"id": "sam", "org": "south-york", "role": "professional"},
        "lead": {"id": "L-300", "org": "south-york", "owner": "sam"},
        "to": "acme-south"}),
    );
    stop(
        &engine,
        "north-leeds → acme-north: the parent (acme-north) has handover on",
        json!({
        "kind": "handover",
        "actor": {"id": "lee", "org": "north-leeds", "role": "manager"},
        "lead": {"id": "L-400", "org": "north-leeds", "owner": null},
        "to": "acme-north"}),
    );
    stop(
        &engine,
        "A basic user (no sales licence) from another org tries, on a lead she does not own",
        json!({
        "kind": "handover",
        "actor": {"id": "bea", "org": "acme-south", "role": "basic"},
        "lead": own_lead, "to": "acme"}),
    );
    stop(
        &engine,
        "Across communities nothing moves",
        json!({
        "kind": "cross_silo", "actor": pro, "lead": own_lead, "to": "globex"}),
    );
    stop(
        &engine,
        "Where may Priya send her lead? (for a drop-down)",
        json!({
        "kind": "targets", "actor": pro, "lead": own_lead}),
    );
    stop(
        &engine,
        "Bad input is an error with a code and the path of the field",
        json!({
        "kind": "handover", "actor": pro, "lead": own_lead, "to": "atlantis"}),
    );

    println!("Creating and editing leads (seed: LeadX lead creation)\n");
    let basic = json!({"id": "bob", "org": "acme-north", "role": "basic"});
    stop(
        &engine,
        "A basic user saves a new lead with \"Handover to sales?\" ticked",
        json!({"kind": "create", "workflow": "leadx_pipeline", "actor": basic,
               "lead": {"stage": "new", "sub_stage": null, "assignee": null, "handover_to_sales": true}}),
    );
    stop(
        &engine,
        "Afterwards Bob tries to update that lead: it is locked for him",
        json!({"kind": "edit", "actor": basic,
               "lead": {"id": "L-500", "org": "acme-north", "owner": null,
                        "creator": "bob", "handed_over_to_sales": true}}),
    );
    stop(
        &engine,
        "...while the org's manager may edit it (and assign it)",
        json!({"kind": "edit", "actor": {"id": "mia", "org": "acme-north", "role": "manager"},
               "lead": {"id": "L-500", "org": "acme-north", "owner": null,
                        "creator": "bob", "handed_over_to_sales": true}}),
    );
    stop(
        &engine,
        "A basic user may not pick a stage, a sub-stage or another owner",
        json!({"kind": "create", "actor": basic,
               "lead": {"stage": "proposal", "sub_stage": "parked",
                        "assignee": {"id": "priya", "org": "acme-north"}}}),
    );
    stop(
        &engine,
        "A professional creates a qualified lead for a colleague of her org",
        json!({"kind": "create", "actor": pro,
               "lead": {"stage": "qualified", "assignee": {"id": "raj", "org": "acme-north"}}}),
    );
    stop(
        &engine,
        "...but not for someone in another org",
        json!({"kind": "create", "actor": pro,
               "lead": {"assignee": {"id": "sam", "org": "south-york"}}}),
    );

    println!("Moving a lead along the LeadX pipeline\n");
    stop(
        &engine,
        "Priya moves a new lead on to the next stage",
        json!({"kind": "transition", "workflow": "leadx_pipeline", "action": "next", "actor": pro,
               "lead": {"id": "L-700", "stage": "new", "sub_stage": null}}),
    );
    stop(
        &engine,
        "She marks it won; the form field comes from the user, so a blank one is a denial",
        json!({"kind": "transition", "workflow": "leadx_pipeline", "action": "set_sub_stage", "actor": pro,
               "lead": {"id": "L-700", "stage": "contacted", "sub_stage": null},
               "fields": {"sub_stage": " "}}),
    );
    stop(
        &engine,
        "Which buttons does Bob (basic) get on a lead in negotiation?",
        json!({"kind": "actions", "workflow": "leadx_pipeline", "actor": basic,
               "lead": {"id": "L-700", "stage": "negotiation"}}),
    );

    println!("Linking two leads of one customer (seed: Anarock lead linking)\n");
    let link = |actor: Value, secondary_status: &str, owner: &str| {
        json!({
            "kind": "link",
            "actor": actor,
            "now": "2026-11-23T09:30:00Z",
            "owner": owner,
            "primary": {"id": "L-600", "project": "riverside", "status": "interested",
                        "owner": "mia", "mobile": "+91 98000 00001", "alternates": []},
            "secondary": {"id": "L-601", "project": "riverside", "status": secondary_status,
                          "owner": "raj", "mobile": "+91 98000 00002",
                          "events": [{"id": "call-1", "at": "2026-11-22T11:00:00Z"},
                                     {"id": "visit-2", "at": "2026-11-25T16:00:00+05:30"}]}
        })
    };
    stop(
        &engine,
        "A super user links a second enquiry of the same customer; Mia will own it",
        link(
            json!({"id": "sue", "org": "acme", "role": "super_user"}),
            "visit_done",
            "mia",
        ),
    );
    stop(
        &engine,
        "A manager without the right tries again, on a lead already linked, for an outsider",
        link(
            json!({"id": "ken", "org": "acme", "role": "manager"}),
            "linked",
            "zoe",
        ),
    );

    partner_lead_tour(&engine);
    creatio_tour(&engine);
    sweep_tour();
}

/// The nightly job: which leads of a small book are due, and when to wake.
fn sweep_tour() {
    println!("Sweeping a book of partner leads (seed: partner portal expiry)\n");
    let config = json!({"policy": {"templates": {
        "emea": {"pending": "P5D", "time_zone": "Europe/Berlin", "end_of_day": true},
        "us_office": {"pending": "P3D", "time_zone": "America/New_York",
                      "business_days": {"holidays": ["2026-11-26"]}}
    }}});
    let engine = match Engine::from_value(&config) {
        Ok(engine) => engine,
        Err(error) => {
            eprintln!("config rejected: {error}");
            return;
        }
    };
    let lead = |id: &str, stage: &str, created: &str, template: Option<&str>| {
        json!({"id": id, "stage": stage, "partner": "acme", "source": "vendor",
               "created_at": created, "accepted_at": "2026-11-10T08:00:00Z", "template": template})
    };
    let book = json!([
        lead("P-10", "pending", "2026-11-16T09:00:00Z", None),
        lead("P-11", "pending", "2026-11-18T15:00:00Z", Some("emea")),
        lead("P-12", "pending", "2026-11-24T14:00:00Z", Some("us_office")),
        lead("P-13", "accepted", "2026-11-01T09:00:00Z", None),
        lead("P-14", "closed_converted", "2026-11-01T09:00:00Z", None),
        lead("P-15", "pending", "2026-11-20T09:00:00Z", None),
    ]);
    stop(
        &engine,
        "It is Wednesday 25 November, 09:00 UTC: who is due, and when should the scheduler wake?",
        json!({"kind": "sweep", "workflow": "partner_lead", "now": "2026-11-25T09:00:00Z", "leads": book}),
    );
    stop(
        &engine,
        "The US office lead counts business days in New York, skipping Thanksgiving",
        json!({"kind": "expiry", "workflow": "partner_lead", "now": "2026-11-25T09:00:00Z",
               "lead": lead("P-12", "pending", "2026-11-24T14:00:00Z", Some("us_office"))}),
    );
}

/// A partner lead from submission to conversion, and the ways it can go wrong.
fn partner_lead_tour(engine: &Engine) {
    println!("A partner lead (seed: partner portal lead workflow): vendor sources, acme works it\n");
    let partner = json!({"id": "ana", "org": "acme", "role": "professional"});
    let vendor = json!({"id": "vic", "org": "vendor", "role": "manager"});
    let system = json!({"id": "scheduler", "org": "vendor", "role": "system"});
    let pending = json!({"id": "P-1", "stage": "pending", "partner": "acme", "source": "vendor",
                         "created_at": "2026-11-20T09:00:00Z"});
    let transition = |action: &str, actor: &Value, lead: &Value, now: &str, fields: Value| {
        json!({"kind": "transition", "workflow": "partner_lead", "action": action, "now": now,
               "actor": actor, "lead": lead, "fields": fields})
    };
    let actions = |actor: &Value, lead: &Value, now: &str| json!({"kind": "actions", "workflow": "partner_lead", "now": now, "actor": actor, "lead": lead});
    stop(
        engine,
        "Which buttons does Ana (the partner) see on the new lead?",
        actions(&partner, &pending, "2026-11-23T09:30:00Z"),
    );
    stop(
        engine,
        "And Vic, from the company that sourced it?",
        actions(&vendor, &pending, "2026-11-23T09:30:00Z"),
    );
    stop(
        engine,
        "Ana accepts: the acceptance time is recorded and a 30-day counter starts",
        transition("accept", &partner, &pending, "2026-11-23T09:30:00Z", json!({})),
    );
    let accepted = json!({"id": "P-1", "stage": "accepted", "partner": "acme", "source": "vendor",
                          "created_at": "2026-11-20T09:00:00Z", "accepted_at": "2026-11-23T09:30:00Z"});
    stop(
        engine,
        "She converts it, but forgets the opportunity",
        transition(
            "convert",
            &partner,
            &accepted,
            "2026-12-01T10:00:00Z",
            json!({"opportunity_id": " "}),
        ),
    );
    stop(
        engine,
        "With the opportunity linked, the lead closes as converted",
        transition(
            "convert",
            &partner,
            &accepted,
            "2026-12-01T10:00:00Z",
            json!({"opportunity_id": "OPP-77"}),
        ),
    );
    stop(
        engine,
        "Another lead waited seven days: at the deadline instant it can no longer be accepted",
        transition("accept", &partner, &pending, "2026-11-27T09:00:00Z", json!({})),
    );
    stop(
        engine,
        "The scheduler expires it (one second earlier it would have been too soon)",
        transition("expire", &system, &pending, "2026-11-27T09:00:00Z", json!({})),
    );
    let expired = json!({"id": "P-1", "stage": "expired", "partner": "acme", "source": "vendor",
                         "created_at": "2026-11-20T09:00:00Z"});
    stop(
        engine,
        "Vic reassigns the expired lead to another partner: a new pending period starts",
        transition(
            "reassign",
            &vendor,
            &expired,
            "2026-11-28T08:00:00Z",
            json!({"partner": "beta"}),
        ),
    );
}

/// A Creatio lead at the handoff to sales, through each task result.
fn creatio_tour(engine: &Engine) {
    println!("Creatio handoff to sales (seed: Creatio lead handoff)\n");
    let manager = json!({"id": "max", "org": "acme", "role": "manager"});
    let now = "2026-11-23T09:30:00Z";
    let transition = |action: &str, stage: &str, fields: Value| {
        json!({"kind": "transition", "workflow": "creatio_lead", "action": action, "now": now,
               "actor": manager,
               "lead": {"id": "C-1", "stage": stage, "distribution_owner": "dora"},
               "fields": fields})
    };
    stop(
        engine,
        "Distribution done: the handoff starts and Dora gets the handoff task",
        transition("start_handoff", "distribution", json!({})),
    );
    stop(
        engine,
        "Result: proceed to order",
        transition("proceed_to_order", "handoff_to_sales", json!({})),
    );
    stop(
        engine,
        "Result: proceed to handoff, with a negative budget and no decision date",
        transition(
            "proceed_to_handoff",
            "handoff_to_sales",
            json!({"need_type": "new_equipment", "budget": -5, "sales_owner": "sam",
                           "sales_division": "direct", "meeting_at": "2026-11-30T10:00:00Z"}),
        ),
    );
    stop(
        engine,
        "Result: proceed to handoff, form complete",
        transition(
            "proceed_to_handoff",
            "handoff_to_sales",
            json!({"need_type": "new_equipment", "budget": 25000, "sales_owner": "sam",
                           "sales_division": "direct", "meeting_at": "2026-11-30T10:00:00Z",
                           "decision_at": "2026-12-15T17:00:00+01:00", "notes": "Wants a demo first"}),
        ),
    );
    stop(
        engine,
        "Result: back to distribution",
        transition("back_to_distribution", "handoff_to_sales", json!({})),
    );
    stop(
        engine,
        "Result: rescheduled (a new handoff task)",
        transition("reschedule", "handoff_to_sales", json!({})),
    );
    stop(
        engine,
        "Result: not interested",
        transition("not_interested", "handoff_to_sales", json!({})),
    );
}

fn stop(engine: &Engine, question: &str, request: Value) {
    println!("── {question}");
    println!("   request:  {request}");
    let response = match engine.decide(&request) {
        Ok(response) => response,
        Err(error) => leadrules::protocol::error_value(&error),
    };
    print_response(&response);
    println!();
}

fn print_response(response: &Value) {
    if let Some(error) = response.get("error") {
        println!(
            "   ERROR {} at `{}`: {}",
            text(error, "code"),
            text(error, "path"),
            text(error, "message")
        );
        return;
    }
    if let Some(allowed) = response.get("allowed").and_then(Value::as_bool) {
        // Only transfers name a route; null means none applies.
        let route = match response.get("route") {
            Some(Value::String(route)) => format!(" (route: {route})"),
            Some(_) => " (route: none)".to_owned(),
            None => String::new(),
        };
        let stages = match (response.get("from"), response.get("to")) {
            (Some(Value::String(from)), Some(to)) => {
                format!(" ({from} → {})", to.as_str().unwrap_or("nowhere"))
            }
            _ => String::new(),
        };
        println!("   {}{route}{stages}", if allowed { "ALLOWED" } else { "DENIED" });
        for reason in response
            .get("reasons")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let about = ["org", "lead", "field", "capability"]
                .iter()
                .filter_map(|k| {
                    reason
                        .get(*k)
                        .and_then(Value::as_str)
                        .map(|v| format!(" [{k}: {v}]"))
                })
                .collect::<String>();
            println!(
                "     why: {}{about} — {}",
                text(reason, "code"),
                text(reason, "message")
            );
        }
        for effect in response
            .get("effects")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            println!("     do:  {effect}");
        }
        return;
    }
    if let Some(actions) = response.get("actions").and_then(Value::as_array) {
        for action in actions {
            let codes: Vec<&str> = action
                .get("reasons")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .map(|r| text(r, "code"))
                .collect();
            let allowed = action.get("allowed").and_then(Value::as_bool).unwrap_or(false);
            println!(
                "   [{}] {} {}",
                if allowed { "x" } else { " " },
                text(action, "action"),
                if codes.is_empty() {
                    String::new()
                } else {
                    format!("— {}", codes.join(", "))
                }
            );
        }
        return;
    }
    println!("   answer: {response}");
}

fn text<'a>(value: &'a Value, key: &str) -> &'a str {
    value.get(key).and_then(Value::as_str).unwrap_or("")
}
