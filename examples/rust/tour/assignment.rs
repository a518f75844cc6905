//! The tour's assignment stops: who gets a new lead. The pools are the
//! request's, as a host fills them from its users table each time; the
//! people and their facts are chosen so that each heading is what the
//! answer shows.

use serde_json::{json, Value};

use crate::{Fragment, Stop, Tour};

/// A pool member of `org` with `role`, and any facts beyond the defaults
/// (active, not away, no open leads, no capacity, weight 1).
fn member(id: &str, org: &str, role: &str, facts: Value) -> Value {
    let mut member = json!({"id": id, "org": org, "role": role});
    if let (Some(map), Value::Object(facts)) = (member.as_object_mut(), facts) {
        map.extend(facts);
    }
    member
}

/// The inside-sales pool of acme-north, with its cursor after Priya.
fn north_inside(lina: Value) -> Value {
    json!({"cursor": "priya", "members": [
        member("priya", "acme-north", "professional", json!({})),
        member("raj", "acme-north", "professional", json!({"away": true})),
        member("omar", "acme-north", "professional", json!({"open_leads": 10, "capacity": 10})),
        lina]})
}

fn lina() -> Value {
    member("lina", "acme-north", "professional", json!({"open_leads": 2}))
}

/// Assignment routing, as Salesforce, Dynamics 365 and HubSpot do it.
pub fn assignment(tour: &mut Tour) {
    tour.section(
        "Who gets a new lead (assignment rules)",
        "A lead arrives from a web form or an import: who should own it? As in Salesforce, the \
         policy's assignment rules are tried in order and the first that matches decides; as in \
         Dynamics 365, a rule picks from a pool by round robin or by load, passing over anyone \
         inactive, away or at capacity, and says why nobody got the lead when nobody did. The \
         engine keeps no state: the host sends each pool's members with their live facts and \
         the pool's rotation cursor, and stores the new owner and the new cursor together.",
    );
    tour.stop(Stop {
        title: "A web lead: round robin passes over who is away or full",
        question: "Who gets W-1, a web enquiry of acme-north, when the rotation last stopped \
                   at Priya, Raj is on leave and Omar holds 10 leads of his 10?",
        config: tour.policy("assignment"),
        request: json!({"kind": "assign",
            "lead": {"id": "W-1", "org": "acme-north", "fields": {"source": "web"}},
            "pools": {"north-inside": north_inside(lina())}}),
    });
    tour.stop(Stop {
        title: "A large deal goes to the least loaded key-account manager",
        question: "Who gets E-1, a 250,000 deal of acme-south, among Kim (away), Ravi (6 open \
                   leads, weight 2) and Tara (4 open leads)?",
        config: Fragment::None,
        request: json!({"kind": "assign",
            "lead": {"id": "E-1", "org": "acme-south", "fields": {"budget": 250000}},
            "pools": {"key-accounts": {"cursor": null, "members": [
                member("kim", "acme-south", "manager", json!({"away": true})),
                member("ravi", "acme-south", "manager", json!({"open_leads": 6, "weight": 2})),
                member("tara", "acme-south", "manager", json!({"open_leads": 4}))]}}}),
    });
    tour.stop(Stop {
        title: "Nobody free for the large deal: the rule falls through",
        question: "Who gets E-2, a 400,000 deal from India, when Kim is away and Tara is full? \
                   (`enterprise` has fallthrough on, so the next matching rule is tried.)",
        config: Fragment::None,
        request: json!({"kind": "assign",
            "lead": {"id": "E-2", "org": "acme-south",
                     "fields": {"budget": 400000, "country": "IN", "language": "ta"}},
            "pools": {
                "key-accounts": {"cursor": null, "members": [
                    member("kim", "acme-south", "manager", json!({"away": true})),
                    member("tara", "acme-south", "manager",
                           json!({"open_leads": 8, "capacity": 8}))]},
                "general": {"cursor": null, "members": [
                    member("bea", "acme-south", "basic", json!({})),
                    member("dev", "acme-south", "professional",
                           json!({"accepts": [{"field": "language", "in": ["hi", "en"]}]})),
                    member("sam", "acme-south", "professional", json!({}))]}}}),
    });
    tour.stop(Stop {
        title: "Nobody can take it, and the answer says why",
        question: "Who gets W-2, a web enquiry of acme-north, when Priya has left and Raj is \
                   on leave?",
        config: Fragment::None,
        request: json!({"kind": "assign",
            "lead": {"id": "W-2", "org": "acme-north", "fields": {"source": "web"}},
            "pools": {"north-inside": {"cursor": null, "members": [
                member("priya", "acme-north", "professional", json!({"active": false})),
                member("raj", "acme-north", "professional", json!({"away": true}))]}}}),
    });
    tour.stop(Stop {
        title: "No rule matches this lead",
        question: "Who gets X-1, a phone enquiry from the US with no budget?",
        config: Fragment::None,
        request: json!({"kind": "assign",
            "lead": {"id": "X-1", "org": "acme-south",
                     "fields": {"source": "phone", "country": "US"}},
            "pools": {}}),
    });
    tour.stop(Stop {
        title: "A bulk import rotates, counting each lead before the next",
        question: "Who gets each of four web leads imported at once into acme-north? (Omar \
                   is full, Raj away; the batch counts each new lead before the next.)",
        config: Fragment::None,
        request: json!({"kind": "assign",
            "leads": [
                {"id": "W-10", "org": "acme-north", "fields": {"source": "web"}},
                {"id": "W-11", "org": "acme-north", "fields": {"source": "web"}},
                {"id": "W-12", "org": "acme-north", "fields": {"source": "web"}},
                {"id": "W-13", "org": "acme-north", "fields": {"source": "web"}}],
            "pools": {"north-inside": north_inside(
                member("lina", "acme-north", "professional",
                       json!({"open_leads": 2, "capacity": 3})))}}),
    });
    let lead = json!({"id": "W-1", "org": "acme-north", "owner": "lina", "creator": "bob",
                      "handed_over_to_sales": false});
    tour.stop(Stop {
        title: "A manager reassigns the lead by hand",
        question: "May Mia, a manager of acme-north, give Lina's lead W-1 to Priya?",
        config: tour.role("manager"),
        request: json!({"kind": "change_owner",
            "actor": {"id": "mia", "org": "acme-north", "role": "manager"},
            "lead": lead,
            "to": {"id": "priya", "org": "acme-north", "role": "professional"}}),
    });
    tour.stop(Stop {
        title: "Priya may not give away a lead that is not hers, to a basic user elsewhere",
        question: "May Priya give Lina's lead W-1 to Bea, a basic user of acme-south?",
        config: Fragment::None,
        request: json!({"kind": "change_owner",
            "actor": {"id": "priya", "org": "acme-north", "role": "professional"},
            "lead": lead,
            "to": {"id": "bea", "org": "acme-south", "role": "basic"}}),
    });
}
