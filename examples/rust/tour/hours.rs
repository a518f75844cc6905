//! The tour's business-hours stops: a first-response SLA on the inside
//! sales team's calendar, asked while it runs, while the lead waits on
//! the customer and once it is breached, then a partner-lead template that
//! counts the same calendar's hours. The times are chosen so that each
//! heading is what the answer shows.

use serde_json::json;

use crate::{Fragment, Stop, Tour};

/// The first-response SLA of lead W-1, created on Friday 4 December at
/// 16:00 in London, asked at `now` with the pauses `paused`.
fn first_response(now: &str, paused: serde_json::Value) -> serde_json::Value {
    json!({"kind": "sla", "calendar": "inside-sales", "start": "2026-12-04T16:00:00Z",
           "target": "PT4H", "now": now, "paused": paused})
}

/// Business hours, as Salesforce BusinessHours, Frappe and Zendesk count them.
pub fn business_hours(tour: &mut Tour) {
    tour.section(
        "Business hours (SLA)",
        "\"Answer a new lead within 4 business hours\": as in Salesforce's business hours and \
         the SLAs of Frappe and Zendesk, the clock runs only while the team works, by the \
         calendar's own wall clock (split shifts, holidays, a short Christmas Eve, DST \
         changes), and stops while the lead waits on the customer. The engine keeps no \
         clock: the host sends the start, the target, the pauses it recorded and the time \
         of the question, and stores the due time it gets back.",
    );
    tour.stop(Stop {
        title: "A web lead came in on Friday at 16:00: when is the first response due?",
        question: "W-1 arrived on Friday 4 December at 16:00 in London, with 4 business hours \
                   to answer; where does the clock stand at 17:00?",
        config: tour.policy("calendars"),
        request: first_response("2026-12-04T17:00:00Z", json!([])),
    });
    tour.stop(Stop {
        title: "Waiting on the customer stops the clock, and the deadline with it",
        question: "Priya called at 17:00 and the customer asked to be called back; on Monday \
                   at 10:00 the lead is still waiting. Where does the clock stand?",
        config: Fragment::None,
        request: first_response(
            "2026-12-07T10:00:00Z",
            json!([{"from": "2026-12-04T17:00:00Z", "to": null}]),
        ),
    });
    tour.stop(Stop {
        title: "The customer wrote back at 14:00 on Monday; nobody answered by Tuesday",
        question: "The pause ended on Monday at 14:00; at 10:00 on Tuesday W-1 still has no \
                   answer. Is the SLA breached, and since when?",
        config: Fragment::None,
        request: first_response(
            "2026-12-08T10:00:00Z",
            json!([{"from": "2026-12-04T17:00:00Z", "to": "2026-12-07T14:00:00Z"}]),
        ),
    });
    tour.stop(Stop {
        title: "A partner lead's 8 business hours skip the weekend",
        question: "P-20, a pending partner lead with the template `first_touch`, was created \
                   on Friday 11 December at 14:00: when must the partner accept it?",
        config: tour.template("first_touch"),
        request: json!({"kind": "expiry", "workflow": "partner_lead",
            "now": "2026-12-11T15:00:00Z",
            "lead": {"id": "P-20", "stage": "pending", "partner": "brightsun", "source": "acme",
                     "created_at": "2026-12-11T14:00:00Z", "template": "first_touch"}}),
    });
}
