//! `make demo`: a tour of the rules for a first reader. It names the CRMs
//! the rules come from, prints the config and the roles once, then walks
//! through handover and cross silo, creating and editing leads, the LeadX
//! pipeline, linking, the partner lead workflow, Creatio's handoff to sales,
//! the nightly sweep, the assignment of new leads, business hours (an SLA
//! clock) and duplicate checks before a save. Every stop shows the part of the config that
//! decides it, the question in one sentence, the request, the decision with
//! its reasons, and the effects the CRM must apply.

#[path = "tour/assignment.rs"]
mod assignment;
#[path = "tour/duplicates.rs"]
mod duplicates;
#[path = "tour/hours.rs"]
mod hours;
#[path = "tour/layout.rs"]
mod layout;
#[path = "tour/stories.rs"]
mod stories;
#[path = "tour/tree.rs"]
mod tree;

use leadrules::Engine;
use serde_json::{json, Value};

use layout::{paragraph, print_json, print_text, WIDTH};

fn main() {
    let config = config();
    let engine = match Engine::from_value(&config) {
        Ok(engine) => engine,
        Err(error) => {
            eprintln!("config rejected: {error}");
            std::process::exit(1);
        }
    };
    introduction();
    print_config(&engine, &config);
    let mut tour = Tour {
        engine,
        config,
        count: 0,
    };
    stories::handover(&mut tour);
    stories::create_and_edit(&mut tour);
    stories::pipeline(&mut tour);
    stories::linking(&mut tour);
    stories::partner_lead(&mut tour);
    stories::creatio(&mut tour);
    stories::sweep(&mut tour);
    assignment::assignment(&mut tour);
    hours::business_hours(&mut tour);
    duplicates::duplicates(&mut tour);
    println!("{}", "=".repeat(WIDTH));
    paragraph(
        0,
        "That was every kind of question. Try your own with the command-line tool \
         (docs/cli.md: `leadrules explain CONFIG REQUESTS`, which also walks an assignment \
         rule by rule and member by member, with the fact behind each skip, lists the open \
         time an SLA counted stretch by stretch, and shows the keys each duplicate shares), \
         write a config of your own (docs/guide.md), and look words up in docs/glossary.md.",
    );
}

/// The one config of the tour: a company's org tree, a second company,
/// expiry templates for the partner leads (one counting business hours),
/// the rules that route new leads, the inside sales team's calendar and
/// the rules that catch duplicates. Roles and workflows are the built-in
/// ones.
fn config() -> Value {
    json!({
        "orgs": [
            {"id": "acme",        "parent": null,         "handover": true, "cross_silo": true},
            {"id": "acme-north",  "parent": "acme",       "handover": true},
            {"id": "acme-south",  "parent": "acme"},
            {"id": "north-leeds", "parent": "acme-north"},
            {"id": "south-york",  "parent": "acme-south"},
            {"id": "globex",      "parent": null}
        ],
        "policy": {
            "templates": {
                "emea": {"pending": "P5D", "time_zone": "Europe/Berlin", "end_of_day": true},
                "us_office": {"pending": "P3D", "time_zone": "America/New_York",
                              "business_days": {"holidays": ["2026-11-26"]}},
                "first_touch": {"calendar": "inside-sales", "pending": "PT8H", "accepted": "PT80H"}
            },
            "assignment": {"rules": [
                {"id": "web", "org": "acme-north", "when": [{"field": "source", "equals": "web"}],
                 "pools": ["north-inside"], "strategy": "round_robin"},
                {"id": "enterprise", "when": [{"field": "budget", "min": 100000}],
                 "pools": ["key-accounts"], "strategy": "least_loaded", "fallthrough": true},
                {"id": "india", "when": [{"field": "country", "in": ["IN", "LK"]}],
                 "pools": ["general"], "strategy": "round_robin"}
            ]},
            "calendars": {"inside-sales": {"time_zone": "Europe/London",
                "hours": {"mon": [["09:00", "12:30"], ["13:30", "17:30"]],
                          "tue": [["09:00", "12:30"], ["13:30", "17:30"]],
                          "wed": [["09:00", "12:30"], ["13:30", "17:30"]],
                          "thu": [["09:00", "12:30"], ["13:30", "17:30"]],
                          "fri": [["09:00", "12:30"], ["13:30", "17:30"]]},
                "holidays": ["2026-12-25", "2026-12-28"],
                "exceptions": {"2026-12-24": [["09:00", "12:00"]]}}},
            "matching": {"default_region": "IN", "rules": [
                {"id": "same-phone", "keys": ["phone"], "action": "block"},
                {"id": "same-email", "keys": ["email"], "action": "link"},
                {"id": "same-person", "keys": ["name", "company"], "action": "alert"}
            ]}
        }
    })
}

fn introduction() {
    println!("leadrules {}: a tour of the rules", leadrules::VERSION);
    println!("{}", "=".repeat(WIDTH));
    paragraph(
        0,
        "leadrules answers the questions of lead management (may this user hand this lead \
         to that org? may these two leads be linked? may this action be taken now? when \
         does this lead expire? who should get this new lead? when is its first answer due? is it \
         a lead we already have?) with a decision, every reason for a \"no\", and the \
         effects the CRM must apply for a \"yes\". It stores nothing: each question carries \
         its facts. The rules come from the documentation of four products:",
    );
    println!();
    for (name, what) in [
        (
            "LeadX",
            "a sales CRM whose customer companies are trees of orgs (a tree is a \
             community; each org keeps its own leads, its silo). A lead moves one step up or \
             down the tree by handover, to any other org of the tree by cross silo, and a \
             basic user, who cannot sell, hands new leads to the sales team.",
        ),
        (
            "Anarock",
            "a real-estate sales platform: when one customer enquires twice about a project \
             (another phone number, a relative), the two leads are linked into one.",
        ),
        (
            "Creatio",
            "a CRM whose lead process ends with a \"handoff to sales\" task; the task's result \
             (order, handoff, back to distribution...) decides where the lead goes.",
        ),
        (
            "partner portal",
            "a partner-management product: a company passes leads to partner companies, who \
             must accept within days and then convert within weeks, or the lead expires and \
             may go to another partner.",
        ),
    ] {
        let text = format!("{name}: {what}");
        for (i, line) in layout::wrap(&text, WIDTH - 4).iter().enumerate() {
            let bullet = if i == 0 { "  - " } else { "    " };
            println!("{bullet}{line}");
        }
    }
    println!();
}

/// The config and the roles, once; every stop below runs against them.
fn print_config(engine: &Engine, config: &Value) {
    println!("The config (every stop runs against this engine)");
    println!("{}", "-".repeat(WIDTH));
    print_json("config", config);
    println!();
    paragraph(
        0,
        "The org tree it describes. `handover` on an org opens the edges to its children; \
         `cross_silo` opens transfers between orgs whose nearest common ancestor it is:",
    );
    println!();
    for line in tree::lines(config) {
        println!("    {line}");
    }
    println!();
    paragraph(
        0,
        "The built-in roles and what each may do (a config may change them or add its own; \
         the reserved `system` role is the scheduler that expires leads):",
    );
    println!();
    for index in 0..engine.role_count() {
        let Some(role) = engine.role_at(index) else {
            continue;
        };
        let capabilities: Vec<&str> = engine.capabilities(role).iter().map(|c| c.as_str()).collect();
        let granted = if capabilities.is_empty() {
            "(nothing)".to_owned()
        } else {
            capabilities.join(", ")
        };
        println!("    {:<14}{granted}", engine.role_name(role));
    }
    println!();
    paragraph(
        0,
        "The workflows are the three built in (leadx_pipeline, partner_lead, creatio_lead); \
         each stop about a workflow shows the action it asks about. People are named by \
         their role and org where they first appear.",
    );
    println!();
}

/// The engine the stops ask, the config it was built from, and the
/// number of the last stop.
pub struct Tour {
    engine: Engine,
    config: Value,
    count: usize,
}

/// One stop: what decides it, the question, the request.
pub struct Stop<'a> {
    /// The heading: what happens, in a few words.
    pub title: &'a str,
    /// The question, in one sentence.
    pub question: &'a str,
    /// The part of the config, or of the built-in policy, that decides it.
    pub config: Fragment,
    /// The request, in the JSON protocol.
    pub request: Value,
}

impl Tour {
    /// The orgs `ids` as the config writes them (one object for one id).
    pub fn orgs(&self, ids: &[&str]) -> Fragment {
        let orgs = self.config.get("orgs").and_then(Value::as_array);
        let found: Vec<Value> = ids
            .iter()
            .filter_map(|id| {
                orgs?
                    .iter()
                    .find(|org| org.get("id").and_then(Value::as_str) == Some(id))
                    .cloned()
            })
            .collect();
        match found.as_slice() {
            [one] => Fragment::Config(one.clone()),
            _ => Fragment::Config(Value::Array(found)),
        }
    }

    /// The capabilities of the role `name`, as the engine holds them,
    /// written as the config that would say the same.
    pub fn role(&self, name: &str) -> Fragment {
        let capabilities: Vec<&str> = self
            .engine
            .role(name)
            .map(|role| {
                self.engine
                    .capabilities(role)
                    .iter()
                    .map(|c| c.as_str())
                    .collect()
            })
            .unwrap_or_default();
        Fragment::BuiltIn(json!({"policy": {"roles": {name: capabilities}}}))
    }

    /// The config's `policy.<key>`, under its path.
    pub fn policy(&self, key: &str) -> Fragment {
        let value = self.config.get("policy").and_then(|p| p.get(key)).cloned();
        Fragment::Config(json!({"policy": {key: value}}))
    }

    /// The config's template `name`, under its path.
    pub fn template(&self, name: &str) -> Fragment {
        let value = self.config.pointer(&format!("/policy/templates/{name}")).cloned();
        Fragment::Config(json!({"policy": {"templates": {name: value}}}))
    }

    /// Prints a section's heading and the story it tells.
    pub fn section(&self, title: &str, story: &str) {
        println!("{}", "=".repeat(WIDTH));
        println!("{title}");
        println!("{}", "=".repeat(WIDTH));
        paragraph(0, story);
        println!();
    }

    /// Asks one question and prints the stop.
    pub fn stop(&mut self, stop: Stop<'_>) {
        self.count += 1;
        let heading = format!("-- {}. {} ", self.count, stop.title);
        let rule = WIDTH.saturating_sub(heading.chars().count());
        println!("{heading}{}", "-".repeat(rule));
        print_text("question", stop.question);
        match &stop.config {
            Fragment::Config(value) => print_json("config", value),
            Fragment::BuiltIn(value) => print_json("built in", value),
            Fragment::None => {}
        }
        print_json("request", &stop.request);
        let answer = match self.engine.decide(&stop.request) {
            Ok(answer) => answer,
            Err(error) => leadrules::protocol::error_value(&error),
        };
        print_answer(&stop.request, &answer);
        println!();
    }
}

/// What decides a stop: a part of the tour's config, a part of the
/// built-in policy (written as the config that would say the same), or
/// nothing new (the stop before showed it).
pub enum Fragment {
    /// A part of the config printed at the start.
    Config(Value),
    /// A part of the built-in policy.
    BuiltIn(Value),
    /// Nothing to show.
    None,
}

/// The action `id` of the built-in workflow `workflow`, as its JSON says.
pub fn builtin_action(workflow: &str, id: &str) -> Fragment {
    Fragment::BuiltIn(builtin_action_json(workflow, id))
}

fn builtin_action_json(workflow: &str, id: &str) -> Value {
    leadrules::workflow::builtin_workflow_json(workflow)
        .and_then(|text| serde_json::from_str::<Value>(text).ok())
        .and_then(|spec| {
            spec.get("actions")?
                .as_array()?
                .iter()
                .find(|action| action.get("id").and_then(Value::as_str) == Some(id))
                .cloned()
        })
        .unwrap_or(Value::Null)
}

fn print_answer(request: &Value, answer: &Value) {
    if let Some(error) = answer.get("error") {
        print_text(
            "answer",
            &format!("ERROR {} at `{}`", text(error, "code"), text(error, "path")),
        );
        print_text("", text(error, "message"));
        return;
    }
    if let Some(assignments) = answer.get("assignments").and_then(Value::as_array) {
        print_batch(list(request, "leads"), assignments, answer.get("cursors"));
        return;
    }
    if answer.get("skipped").is_some() {
        print_assignment(answer);
        return;
    }
    if let Some(allowed) = answer.get("allowed").and_then(Value::as_bool) {
        let mut verdict = (if allowed { "ALLOWED" } else { "DENIED" }).to_owned();
        if let Some(route) = answer.get("route") {
            verdict += &format!(", route {}", route.as_str().unwrap_or("none"));
        }
        if let (Some(Value::String(from)), Some(to)) = (answer.get("from"), answer.get("to")) {
            verdict += &format!(", {from} -> {}", to.as_str().unwrap_or("nowhere"));
        }
        print_text("decision", &verdict);
        for reason in list(answer, "reasons") {
            let about: Vec<String> = ["org", "lead", "field", "capability", "pool"]
                .iter()
                .filter_map(|k| reason.get(*k).and_then(Value::as_str).map(|v| format!("{k} {v}")))
                .collect();
            let about = if about.is_empty() {
                String::new()
            } else {
                format!(" ({})", about.join(", "))
            };
            print_text(
                "  why",
                &format!("{}{about}: {}", text(reason, "code"), text(reason, "message")),
            );
        }
        if let Some(matches) = answer.get("matches").and_then(Value::as_array) {
            print_matches(matches);
            return;
        }
        let effects = list(answer, "effects");
        if effects.is_empty() {
            print_text("effects", "none");
        }
        for (i, effect) in effects.iter().enumerate() {
            print_json(if i == 0 { "effects" } else { "" }, effect);
        }
        return;
    }
    if let Some(actions) = answer.get("actions").and_then(Value::as_array) {
        for (i, action) in actions.iter().enumerate() {
            let codes: Vec<&str> = list(action, "reasons").iter().map(|r| text(r, "code")).collect();
            let allowed = action.get("allowed").and_then(Value::as_bool).unwrap_or(false);
            let line = format!(
                "[{}] {}{}",
                if allowed { "x" } else { " " },
                text(action, "action"),
                if codes.is_empty() {
                    String::new()
                } else {
                    format!(": {}", codes.join(", "))
                }
            );
            print_text(if i == 0 { "buttons" } else { "" }, &line);
        }
        return;
    }
    print_json("answer", answer);
}

/// The leads a `match` found: each with the rules that matched and the
/// action that follows.
fn print_matches(matches: &[Value]) {
    if matches.is_empty() {
        print_text("matches", "none");
    }
    for (i, found) in matches.iter().enumerate() {
        let rules: Vec<&str> = list(found, "rules").iter().filter_map(Value::as_str).collect();
        print_text(
            if i == 0 { "matches" } else { "" },
            &format!(
                "{}: {} (rules {})",
                text(found, "lead"),
                text(found, "action"),
                rules.join(", ")
            ),
        );
    }
}

/// One lead's assignment: who, by which rule and pool, who was passed
/// over and why, then the effects.
fn print_assignment(answer: &Value) {
    let verdict = match answer.get("assignee").and_then(Value::as_str) {
        Some(assignee) => format!(
            "ALLOWED: {assignee} gets it (rule {}, pool {})",
            text(answer, "rule"),
            text(answer, "pool")
        ),
        None => match answer.get("rule").and_then(Value::as_str) {
            Some(rule) => format!("DENIED (last rule tried: {rule})"),
            None => "DENIED".to_owned(),
        },
    };
    print_text("decision", &verdict);
    for reason in list(answer, "reasons") {
        let pool = reason
            .get("pool")
            .and_then(Value::as_str)
            .map(|pool| format!(" (last pool tried: {pool})"))
            .unwrap_or_default();
        print_text(
            "  why",
            &format!("{}{pool}: {}", text(reason, "code"), text(reason, "message")),
        );
    }
    for (i, skip) in list(answer, "skipped").iter().enumerate() {
        print_text(
            if i == 0 { "passed over" } else { "" },
            &format!(
                "{} in {}: {}",
                text(skip, "member"),
                text(skip, "pool"),
                codes(skip)
            ),
        );
    }
    let effects = list(answer, "effects");
    if effects.is_empty() {
        print_text("effects", "none");
    }
    for (i, effect) in effects.iter().enumerate() {
        print_json(if i == 0 { "effects" } else { "" }, effect);
    }
}

/// A batch: one line per lead, then where the cursors stand.
fn print_batch(leads: &[Value], assignments: &[Value], cursors: Option<&Value>) {
    let assigned = assignments
        .iter()
        .filter(|a| a.get("allowed").and_then(Value::as_bool) == Some(true))
        .count();
    print_text(
        "decision",
        &format!("{assigned} of {} leads assigned, in order", assignments.len()),
    );
    for (lead, answer) in leads.iter().zip(assignments) {
        let skipped: Vec<String> = list(answer, "skipped")
            .iter()
            .map(|skip| format!("{} ({})", text(skip, "member"), codes(skip)))
            .collect();
        let passed = if skipped.is_empty() {
            String::new()
        } else {
            format!(", passing over {}", skipped.join(", "))
        };
        let line = match answer.get("assignee").and_then(Value::as_str) {
            Some(assignee) => format!("{} -> {assignee}{passed}", text(lead, "id")),
            None => format!("{}: DENIED, {}{passed}", text(lead, "id"), codes(answer)),
        };
        print_text("", &line);
    }
    if let Some(cursors) = cursors {
        print_json("cursors", cursors);
    }
}

/// The codes of `value`'s reasons, joined.
fn codes(value: &Value) -> String {
    let codes: Vec<&str> = list(value, "reasons").iter().map(|r| text(r, "code")).collect();
    codes.join(", ")
}

fn list<'a>(value: &'a Value, key: &str) -> &'a [Value] {
    value
        .get(key)
        .and_then(Value::as_array)
        .map_or(&[], Vec::as_slice)
}

fn text<'a>(value: &'a Value, key: &str) -> &'a str {
    value.get(key).and_then(Value::as_str).unwrap_or("")
}
