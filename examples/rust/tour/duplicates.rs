//! The tour's duplicate stops: a new enquiry checked against the leads
//! the host's index found, once blocked, once saved with a flag, once
//! offered as a link, and that link then asked of the linking rules.

use serde_json::{json, Value};

use crate::{Fragment, Stop, Tour};

/// A `match` of `lead` against `candidates`.
fn check(lead: Value, candidates: Value) -> Value {
    json!({"kind": "match", "lead": lead, "candidates": candidates})
}

/// Duplicate detection, as Salesforce, Creatio and Odoo do it.
pub fn duplicates(tour: &mut Tour) {
    tour.section(
        "Duplicates before saving a lead",
        "Before a new enquiry is saved, is it a lead the CRM already has? As with Salesforce's \
         matching and duplicate rules, the policy says which values make two leads one \
         customer and what follows: block the save, save it with an alert, or (as Creatio \
         keeps similar leads apart) offer to link the two. Values are normalised first: a \
         phone number to its international form, an e-mail without its +tag or Gmail's dots, \
         names without accents, punctuation or a company's Pvt Ltd. The engine keeps no \
         index: `match_keys` gives the keys the host stores in an indexed column, and \
         `match` judges the leads found through them.",
    );
    tour.stop(Stop {
        title: "The keys a new enquiry is indexed and looked up by",
        question: "Which keys does N-1, an enquiry from Meera Shah of Shah Textiles, give the \
                   index?",
        config: tour.policy("matching"),
        request: json!({"kind": "match_keys", "lead": {"id": "N-1", "phone": "098000 00001",
            "email": "Meera.Shah+riverside@gmail.com", "name": "Meera Shah",
            "company": "Shah Textiles Pvt. Ltd."}}),
    });
    tour.stop(Stop {
        title: "The same phone number: the save is blocked",
        question: "The index found L-600, whose mobile is +91 98000 00001; N-2 gives the \
                   number as 098000 00001. May N-2 be saved?",
        config: Fragment::None,
        request: check(
            json!({"id": "N-2", "phone": "098000 00001", "name": "Ravi Kumar"}),
            json!([{"id": "L-600", "phone": "+91 98000 00001", "name": "Ravi K."}]),
        ),
    });
    tour.stop(Stop {
        title: "The same person at the same company: saved, with an alert",
        question: "N-3 is from MEERA SHAH of Shah Textiles Private Limited; L-610, saved last \
                   week, from Meera Shah of Shah Textiles, with another phone. May N-3 be saved?",
        config: Fragment::None,
        request: check(
            json!({"id": "N-3", "phone": "+91 98000 00031", "name": "MEERA SHAH",
                   "company": "Shah Textiles Private Limited"}),
            json!([{"id": "L-610", "phone": "+91 98000 00030", "name": "Meera Shah",
                    "company": "Shah Textiles"}]),
        ),
    });
    tour.stop(Stop {
        title: "The same e-mail: saved, and a link is offered",
        question: "N-4 writes from Meera.Shah+riverside@gmail.com; L-611 has meerashah@gmail.com \
                   (Gmail ignores dots and +tags). May N-4 be saved?",
        config: Fragment::None,
        request: check(
            json!({"id": "N-4", "email": "Meera.Shah+riverside@gmail.com"}),
            json!([{"id": "L-611", "email": "meerashah@gmail.com"}]),
        ),
    });
    tour.stop(Stop {
        title: "The host saved N-4 as L-612; Sue links it into L-611",
        question: "May Sue, a super user, link the new lead L-612 into L-611 (both on the \
                   riverside project, both still in progress), with Mia as owner?",
        config: Fragment::None,
        request: json!({
            "kind": "link", "actor": {"id": "sue", "org": "acme", "role": "super_user"},
            "now": "2026-12-09T10:00:00Z", "owner": "mia",
            "primary": {"id": "L-611", "project": "riverside", "status": "interested",
                        "owner": "mia", "mobile": "+91 98000 00040", "alternates": []},
            "secondary": {"id": "L-612", "project": "riverside", "status": "claimed",
                          "owner": "raj", "mobile": "+91 98000 00041", "events": []}
        }),
    });
}
