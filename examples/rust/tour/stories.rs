//! The tour's stops, section by section. Each story is told by its data:
//! the people, the leads and the times are chosen so that what a heading
//! says is what the request asks.

use serde_json::{json, Value};

use crate::{builtin_action, Fragment, Stop, Tour};

/// Priya, a professional (a sales user) of acme-north.
fn priya() -> Value {
    json!({"id": "priya", "org": "acme-north", "role": "professional"})
}

/// Priya's own lead, held by acme-north.
fn priya_lead() -> Value {
    json!({"id": "L-100", "org": "acme-north", "owner": "priya"})
}

/// LeadX's handover and cross silo between the orgs of one community.
pub fn handover(tour: &mut Tour) {
    tour.section(
        "Handover and cross silo (LeadX)",
        "A lead moves between the orgs of one community. Handover goes along one parent-child \
         edge, if the parent has `handover` on; cross silo goes anywhere else in the tree, if \
         the two orgs' nearest common ancestor has `cross_silo` on. Either way the lead \
         lands, unowned, in the receiving org's manager pipeline (the list its managers \
         review and assign), and both orgs get a sales-feed notice.",
    );
    tour.stop(Stop {
        title: "Priya hands her own lead up to the parent org",
        question: "May Priya, a professional of acme-north, hand her lead L-100 to acme?",
        config: tour.orgs(&["acme"]),
        request: json!({"kind": "handover", "actor": priya(), "lead": priya_lead(), "to": "acme"}),
    });
    tour.stop(Stop {
        title: "A manager hands down a lead he does not own",
        question: "May Marco, a manager of acme, hand Nina's lead L-200 of acme down to \
                   acme-south? (Managers may send any lead of their org.)",
        config: tour.orgs(&["acme"]),
        request: json!({"kind": "handover",
            "actor": {"id": "marco", "org": "acme", "role": "manager"},
            "lead": {"id": "L-200", "org": "acme", "owner": "nina"},
            "to": "acme-south"}),
    });
    tour.stop(Stop {
        title: "Sibling to sibling is not a handover",
        question: "May Priya hand L-100 straight to acme-south, her org's sibling?",
        config: tour.orgs(&["acme-north", "acme-south"]),
        request: json!({"kind": "handover", "actor": priya(), "lead": priya_lead(),
                        "to": "acme-south"}),
    });
    tour.stop(Stop {
        title: "The same move by cross silo",
        question: "May Priya send L-100 to acme-south by cross silo instead?",
        config: tour.orgs(&["acme"]),
        request: json!({"kind": "cross_silo", "actor": priya(), "lead": priya_lead(),
                        "to": "acme-south"}),
    });
    tour.stop(Stop {
        title: "An edge whose parent has handover off",
        question: "May Sam, a professional of south-york, hand his lead L-300 up to acme-south?",
        config: tour.orgs(&["acme-south"]),
        request: json!({"kind": "handover",
            "actor": {"id": "sam", "org": "south-york", "role": "professional"},
            "lead": {"id": "L-300", "org": "south-york", "owner": "sam"},
            "to": "acme-south"}),
    });
    tour.stop(Stop {
        title: "An unowned lead, up an edge whose parent has handover on",
        question: "May Lee, a manager of north-leeds, hand the unowned lead L-400 of his org \
                   up to acme-north?",
        config: tour.orgs(&["acme-north"]),
        request: json!({"kind": "handover",
            "actor": {"id": "lee", "org": "north-leeds", "role": "manager"},
            "lead": {"id": "L-400", "org": "north-leeds", "owner": null},
            "to": "acme-north"}),
    });
    tour.stop(Stop {
        title: "Every reason at once",
        question: "May Bea, a basic user of acme-south (no sales licence), hand Priya's lead \
                   L-100, held by acme-north, to acme?",
        config: tour.role("basic"),
        request: json!({"kind": "handover",
            "actor": {"id": "bea", "org": "acme-south", "role": "basic"},
            "lead": priya_lead(), "to": "acme"}),
    });
    tour.stop(Stop {
        title: "Across communities nothing moves",
        question: "May Priya send L-100 to globex, the root of another community?",
        config: tour.orgs(&["globex"]),
        request: json!({"kind": "cross_silo", "actor": priya(), "lead": priya_lead(),
                        "to": "globex"}),
    });
    tour.stop(Stop {
        title: "Where may Priya send her lead? (for a drop-down)",
        question: "To which orgs may Priya send L-100, by handover and by cross silo?",
        config: Fragment::None,
        request: json!({"kind": "targets", "actor": priya(), "lead": priya_lead()}),
    });
    tour.stop(Stop {
        title: "Bad input is an error, with a code and the path of the field",
        question: "May Priya hand L-100 to atlantis, an org the config does not have?",
        config: Fragment::None,
        request: json!({"kind": "handover", "actor": priya(), "lead": priya_lead(),
                        "to": "atlantis"}),
    });
}

/// Bob, a basic user of acme-north: he creates leads but cannot sell.
fn bob() -> Value {
    json!({"id": "bob", "org": "acme-north", "role": "basic"})
}

/// LeadX's lead creation: basic users, handover to sales, the lock.
pub fn create_and_edit(tour: &mut Tour) {
    tour.section(
        "Creating and editing leads (LeadX)",
        "A basic user may create a lead but not work it: he saves it at the first stage, for \
         himself, or ticks \"Handover to sales?\", which puts it in the org's manager \
         pipeline and locks it for him (he still sees it, read-only). Sales users choose the \
         stage and the owner.",
    );
    tour.stop(Stop {
        title: "Bob saves a new lead with \"Handover to sales?\" ticked",
        question: "May Bob, a basic user of acme-north, create a lead handed over to sales?",
        config: tour.role("basic"),
        request: json!({"kind": "create", "workflow": "leadx_pipeline", "actor": bob(),
            "lead": {"stage": "new", "sub_stage": null, "assignee": null,
                     "handover_to_sales": true}}),
    });
    tour.stop(Stop {
        title: "The host saved it as L-500; Bob tries to edit it",
        question: "May Bob edit L-500, the lead he created and handed over to sales?",
        config: Fragment::None,
        request: json!({"kind": "edit", "actor": bob(),
            "lead": {"id": "L-500", "org": "acme-north", "owner": null,
                     "creator": "bob", "handed_over_to_sales": true}}),
    });
    tour.stop(Stop {
        title: "The org's manager may edit it",
        question: "May Mia, a manager of acme-north, edit L-500?",
        config: tour.role("manager"),
        request: json!({"kind": "edit",
            "actor": {"id": "mia", "org": "acme-north", "role": "manager"},
            "lead": {"id": "L-500", "org": "acme-north", "owner": null,
                     "creator": "bob", "handed_over_to_sales": true}}),
    });
    tour.stop(Stop {
        title: "A basic user may not pick a stage, a sub-stage or another owner",
        question: "May Bob create a lead at the proposal stage, parked, for Priya?",
        config: tour.role("basic"),
        request: json!({"kind": "create", "actor": bob(),
            "lead": {"stage": "proposal", "sub_stage": "parked",
                     "assignee": {"id": "priya", "org": "acme-north"}}}),
    });
    tour.stop(Stop {
        title: "A professional creates a qualified lead for a colleague",
        question: "May Priya create a lead at the qualified stage for Raj, of her own org?",
        config: tour.role("professional"),
        request: json!({"kind": "create", "actor": priya(),
            "lead": {"stage": "qualified", "assignee": {"id": "raj", "org": "acme-north"}}}),
    });
    tour.stop(Stop {
        title: "...but not for someone of another org",
        question: "May Priya create a lead for Sam, of south-york?",
        config: Fragment::None,
        request: json!({"kind": "create", "actor": priya(),
            "lead": {"assignee": {"id": "sam", "org": "south-york"}}}),
    });
}

/// LeadX's stages: an ordered pipeline with sub-stages.
pub fn pipeline(tour: &mut Tour) {
    tour.section(
        "Moving a lead along the LeadX pipeline",
        "leadx_pipeline is a built-in workflow: the stages new, contacted, qualified, \
         proposal and negotiation in order, and the sub-stages won, closed and parked. Every \
         action needs the manage_lifecycle capability.",
    );
    let lead = json!({"id": "L-700", "stage": "new", "sub_stage": null});
    tour.stop(Stop {
        title: "Priya moves a new lead on to the next stage",
        question: "May Priya take the action `next` on L-700, at the stage new?",
        config: builtin_action("leadx_pipeline", "next"),
        request: json!({"kind": "transition", "workflow": "leadx_pipeline", "action": "next",
                        "actor": priya(), "lead": lead}),
    });
    let contacted = json!({"id": "L-700", "stage": "contacted", "sub_stage": null});
    tour.stop(Stop {
        title: "She tries to mark it won, but leaves the sub-stage blank",
        question: "May Priya set the sub-stage of L-700 with a form whose sub-stage is blank?",
        config: builtin_action("leadx_pipeline", "set_sub_stage"),
        request: json!({"kind": "transition", "workflow": "leadx_pipeline",
                        "action": "set_sub_stage", "actor": priya(), "lead": contacted,
                        "fields": {"sub_stage": " "}}),
    });
    tour.stop(Stop {
        title: "With `won` filled in, she marks it won",
        question: "May Priya set the sub-stage of L-700 to won?",
        config: Fragment::None,
        request: json!({"kind": "transition", "workflow": "leadx_pipeline",
                        "action": "set_sub_stage", "actor": priya(), "lead": contacted,
                        "fields": {"sub_stage": "won"}}),
    });
    tour.stop(Stop {
        title: "Which buttons does Bob get?",
        question: "Which actions may Bob, a basic user, take on a lead at the last stage, \
                   negotiation?",
        config: Fragment::None,
        request: json!({"kind": "actions", "workflow": "leadx_pipeline", "actor": bob(),
                        "lead": {"id": "L-701", "stage": "negotiation", "sub_stage": null}}),
    });
}

/// Anarock's linking of two enquiries of one customer.
pub fn linking(tour: &mut Tour) {
    tour.section(
        "Linking two leads of one customer (Anarock)",
        "Two leads of one customer on one project, both still in progress, are linked: the \
         primary stays, the secondary's mobile number becomes an alternate contact of the \
         primary, its future site visits are cancelled, and it is tagged linked. The sales \
         manager chosen owns the primary; the other becomes a viewer.",
    );
    let link = |actor: Value, secondary_status: &str, owner: &str| {
        json!({
            "kind": "link", "actor": actor, "now": "2026-11-23T09:30:00Z", "owner": owner,
            "primary": {"id": "L-600", "project": "riverside", "status": "interested",
                        "owner": "mia", "mobile": "+91 98000 00001", "alternates": []},
            "secondary": {"id": "L-601", "project": "riverside", "status": secondary_status,
                          "owner": "raj", "mobile": "+91 98000 00002",
                          "events": [{"id": "call-1", "at": "2026-11-22T11:00:00Z"},
                                     {"id": "visit-2", "at": "2026-11-25T16:00:00+05:30"}]}
        })
    };
    tour.stop(Stop {
        title: "A super user links a second enquiry; Mia will own the primary",
        question: "May Sue, a super user, link Raj's lead L-601 (a site visit done, a visit \
                   planned on the 25th) into Mia's lead L-600, with Mia as owner?",
        config: Fragment::BuiltIn(
            json!({"policy": {"linking": {"wip_statuses": ["claimed", "interested",
            "meeting_done", "visit_done", "final_negotiation"]}}}),
        ),
        request: link(
            json!({"id": "sue", "org": "acme", "role": "super_user"}),
            "visit_done",
            "mia",
        ),
    });
    tour.stop(Stop {
        title: "A manager without the right, a linked lead, an outsider as owner",
        question: "May Ken, a manager, link L-601 (now linked) into L-600 again, with Zoe, \
                   who owns neither, as owner?",
        config: tour.role("manager"),
        request: link(
            json!({"id": "ken", "org": "acme", "role": "manager"}),
            "linked",
            "zoe",
        ),
    });
}

/// A partner lead of the partner portal, from submission to conversion.
pub fn partner_lead(tour: &mut Tour) {
    tour.section(
        "A partner lead (the partner portal)",
        "acme, the sourcing company, passes lead P-1 to its partner company brightsun. A \
         brightsun user may accept or decline it within 7 days, then must convert it within \
         30; the scheduler (the system role) expires it when a deadline passes; acme may \
         then reassign it to another partner. Partner companies are not orgs of the tree: \
         `partner`, `source` and the actor's org are compared as text, never looked up.",
    );
    let ana = json!({"id": "ana", "org": "brightsun", "role": "professional"});
    let vic = json!({"id": "vic", "org": "acme", "role": "manager"});
    let scheduler = json!({"id": "scheduler", "org": "acme", "role": "system"});
    let lead = |id: &str, stage: &str, accepted_at: Option<&str>| {
        let mut lead = json!({"id": id, "stage": stage, "partner": "brightsun",
                              "source": "acme", "created_at": "2026-11-20T09:00:00Z"});
        if let (Some(at), Some(map)) = (accepted_at, lead.as_object_mut()) {
            map.insert("accepted_at".to_owned(), json!(at));
        }
        lead
    };
    let transition = |action: &str, actor: &Value, lead: Value, now: &str, fields: Value| {
        json!({"kind": "transition", "workflow": "partner_lead", "action": action, "now": now,
               "actor": actor, "lead": lead, "fields": fields})
    };
    let actions = |actor: &Value, now: &str| {
        json!({"kind": "actions", "workflow": "partner_lead", "now": now, "actor": actor,
               "lead": lead("P-1", "pending", None)})
    };
    tour.stop(Stop {
        title: "Which buttons does Ana, of the partner company, see?",
        question: "Which actions may Ana, of brightsun, take on P-1, pending since Friday \
                   20 November, on Monday the 23rd?",
        config: Fragment::None,
        request: actions(&ana, "2026-11-23T09:30:00Z"),
    });
    tour.stop(Stop {
        title: "And Vic, of the company that sourced it?",
        question: "Which actions may Vic, a manager of acme, take on P-1 at the same time?",
        config: Fragment::None,
        request: actions(&vic, "2026-11-23T09:30:00Z"),
    });
    tour.stop(Stop {
        title: "Ana accepts: the time is recorded and a 30-day deadline starts",
        question: "May Ana accept P-1 on Monday 23 November?",
        config: builtin_action("partner_lead", "accept"),
        request: transition(
            "accept",
            &ana,
            lead("P-1", "pending", None),
            "2026-11-23T09:30:00Z",
            json!({}),
        ),
    });
    let accepted_at = Some("2026-11-23T09:30:00Z");
    tour.stop(Stop {
        title: "She converts it, but leaves the opportunity blank",
        question: "May Ana convert P-1 on 1 December without naming the opportunity?",
        config: builtin_action("partner_lead", "convert"),
        request: transition(
            "convert",
            &ana,
            lead("P-1", "accepted", accepted_at),
            "2026-12-01T10:00:00Z",
            json!({"opportunity_id": " "}),
        ),
    });
    tour.stop(Stop {
        title: "With the opportunity named, the lead closes as converted",
        question: "May Ana convert P-1 into the opportunity OPP-77?",
        config: Fragment::None,
        request: transition(
            "convert",
            &ana,
            lead("P-1", "accepted", accepted_at),
            "2026-12-01T10:00:00Z",
            json!({"opportunity_id": "OPP-77"}),
        ),
    });
    tour.stop(Stop {
        title: "Another lead, P-2, waited seven days: at the deadline it cannot be accepted",
        question: "May Ana accept P-2, created on Friday 20 November at 09:00, on Friday the \
                   27th at 09:00, the instant its 7 days end?",
        config: Fragment::BuiltIn(json!({"policy": {"templates": {"default": {"pending": "P7D",
            "accepted": "P30D"}}}})),
        request: transition(
            "accept",
            &ana,
            lead("P-2", "pending", None),
            "2026-11-27T09:00:00Z",
            json!({}),
        ),
    });
    tour.stop(Stop {
        title: "One second before the deadline, the scheduler may not expire it yet",
        question: "May the scheduler expire P-2 at 08:59:59 on the 27th?",
        config: builtin_action("partner_lead", "expire"),
        request: transition(
            "expire",
            &scheduler,
            lead("P-2", "pending", None),
            "2026-11-27T08:59:59Z",
            json!({}),
        ),
    });
    tour.stop(Stop {
        title: "At the deadline, it may",
        question: "May the scheduler expire P-2 at 09:00:00 on the 27th?",
        config: Fragment::None,
        request: transition(
            "expire",
            &scheduler,
            lead("P-2", "pending", None),
            "2026-11-27T09:00:00Z",
            json!({}),
        ),
    });
    tour.stop(Stop {
        title: "Vic reassigns the expired lead: a new 7-day period starts",
        question: "May Vic, of acme, pass the expired P-2 to another partner, cobalt, on the \
                   28th?",
        config: builtin_action("partner_lead", "reassign"),
        request: transition(
            "reassign",
            &vic,
            lead("P-2", "expired", None),
            "2026-11-28T08:00:00Z",
            json!({"partner": "cobalt"}),
        ),
    });
}

/// Creatio's handoff to sales, through each result of the handoff task.
pub fn creatio(tour: &mut Tour) {
    tour.section(
        "Creatio's handoff to sales",
        "When a lead leaves distribution, a handoff task goes to the lead's distribution \
         owner (Dora). The task's result decides what happens next; the stops after the \
         first each try one result on the same lead C-1 at handoff_to_sales, as \
         alternatives, not one after the other. Max, a manager of acme, records them.",
    );
    let max = json!({"id": "max", "org": "acme", "role": "manager"});
    let transition = |action: &str, stage: &str, fields: Value| {
        json!({"kind": "transition", "workflow": "creatio_lead", "action": action,
               "now": "2026-11-23T09:30:00Z", "actor": max,
               "lead": {"id": "C-1", "stage": stage, "distribution_owner": "dora"},
               "fields": fields})
    };
    tour.stop(Stop {
        title: "Distribution done: the handoff starts and Dora gets the task",
        question: "May Max start the handoff of C-1, at the distribution stage?",
        config: builtin_action("creatio_lead", "start_handoff"),
        request: transition("start_handoff", "distribution", json!({})),
    });
    tour.stop(Stop {
        title: "Result: proceed to order",
        question: "May Max record the result \"proceed to order\" for C-1?",
        config: builtin_action("creatio_lead", "proceed_to_order"),
        request: transition("proceed_to_order", "handoff_to_sales", json!({})),
    });
    let form = json!({"need_type": "new_equipment", "budget": -5, "sales_owner": "sofia",
                      "sales_division": "direct", "meeting_at": "2026-11-30T10:00:00Z"});
    tour.stop(Stop {
        title: "Result: proceed to handoff, with a negative budget and no decision date",
        question: "May Max hand C-1 to sales with this incomplete handoff form?",
        config: builtin_action("creatio_lead", "proceed_to_handoff"),
        request: transition("proceed_to_handoff", "handoff_to_sales", form),
    });
    tour.stop(Stop {
        title: "Result: proceed to handoff, with the form complete",
        question: "May Max hand C-1 to sales with the form filled in?",
        config: Fragment::None,
        request: transition(
            "proceed_to_handoff",
            "handoff_to_sales",
            json!({"need_type": "new_equipment", "budget": 25000, "sales_owner": "sofia",
                   "sales_division": "direct", "meeting_at": "2026-11-30T10:00:00Z",
                   "decision_at": "2026-12-15T17:00:00+01:00",
                   "notes": "Wants a demo first"}),
        ),
    });
    for (action, title, question) in [
        (
            "back_to_distribution",
            "Result: back to distribution",
            "May Max send C-1 back to distribution (the customer's interest is postponed)?",
        ),
        (
            "reschedule",
            "Result: rescheduled (a new handoff task)",
            "May Max reschedule the handoff of C-1?",
        ),
        (
            "not_interested",
            "Result: not interested",
            "May Max record that the customer of C-1 is not interested?",
        ),
    ] {
        tour.stop(Stop {
            title,
            question,
            config: builtin_action("creatio_lead", action),
            request: transition(action, "handoff_to_sales", json!({})),
        });
    }
}

/// The nightly job over a book of partner leads.
pub fn sweep(tour: &mut Tour) {
    tour.section(
        "Sweeping a book of partner leads (the partner portal)",
        "A scheduler asks, for a whole book of leads, which are due now and when the next \
         deadline falls, so that it knows when to wake. Each lead may name an expiry \
         template: `emea` counts days in Berlin and ends at midnight, `us_office` counts \
         business days in New York, skipping Thanksgiving; the others use the default (7 \
         days pending, 30 days once accepted, in UTC).",
    );
    let lead = |id: &str, stage: &str, created: &str, template: Option<&str>| {
        json!({"id": id, "stage": stage, "partner": "brightsun", "source": "acme",
               "created_at": created, "template": template})
    };
    let accepted = |id: &str, stage: &str, created: &str, accepted: &str| {
        json!({"id": id, "stage": stage, "partner": "brightsun", "source": "acme",
               "created_at": created, "accepted_at": accepted, "template": null})
    };
    tour.stop(Stop {
        title: "Wednesday 25 November, 09:00 UTC: who is due?",
        question: "Which of these six leads are due now, and when is the next deadline?",
        config: tour.policy("templates"),
        request: json!({"kind": "sweep", "workflow": "partner_lead",
            "now": "2026-11-25T09:00:00Z", "leads": [
                lead("P-10", "pending", "2026-11-16T09:00:00Z", None),
                lead("P-11", "pending", "2026-11-18T15:00:00Z", Some("emea")),
                lead("P-12", "pending", "2026-11-24T14:00:00Z", Some("us_office")),
                accepted("P-13", "accepted", "2026-11-01T09:00:00Z", "2026-11-02T10:00:00Z"),
                accepted("P-14", "closed_converted", "2026-11-01T09:00:00Z",
                         "2026-11-03T12:00:00Z"),
                lead("P-15", "pending", "2026-11-20T09:00:00Z", None)]}),
    });
    tour.stop(Stop {
        title: "The US office lead counts business days, skipping Thanksgiving",
        question: "When does P-12, created on Tuesday 24 November at 09:00 in New York, \
                   expire?",
        config: Fragment::None,
        request: json!({"kind": "expiry", "workflow": "partner_lead",
            "now": "2026-11-25T09:00:00Z",
            "lead": lead("P-12", "pending", "2026-11-24T14:00:00Z", Some("us_office"))}),
    });
}
