"""A week in the CRM, told step by step: ``python -m crm [database]``
(from examples/python, after ``pip install ./python``).

Every decision is leadrules'; the CRM only reads facts from SQLite, asks,
and applies the plan in one transaction. The database is in memory unless
a path is given.
"""

from __future__ import annotations

import datetime as dt
import sys
from typing import Any, Optional

import leadrules

from . import cast
from .service import Crm

UTC = dt.timezone.utc
MONDAY = dt.datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


def at(days: float = 0, hours: float = 0, minutes: float = 0) -> dt.datetime:
    return MONDAY + dt.timedelta(days=days, hours=hours, minutes=minutes)


def when(instant: Optional[dt.datetime]) -> str:
    return "never" if instant is None else instant.strftime("%a %d %b %H:%M UTC")


def told(what: str, decision: leadrules.Decision) -> None:
    if decision:
        print(f"  {what}: allowed -> {', '.join(e['kind'] for e in decision.effects) or 'no effects'}")
    else:
        route = f" (route: {decision.route})" if decision.route else ""
        print(f"  {what}: DENIED {', '.join(decision.codes)}{route}")


def routed(lead: str, answer: leadrules.Assignment) -> None:
    passed = ", ".join(f"{s.member} ({', '.join(s.codes)})" for s in answer.skipped)
    passed = f"; passed over {passed}" if passed else ""
    if answer:
        print(f"  {lead} -> {answer.assignee} (rule {answer.rule}, pool {answer.pool}{passed})")
    else:
        codes = ", ".join(answer.codes)
        print(f"  {lead}: nobody gets it: {codes} (rule {answer.rule}{passed}); it stays unowned, the reason logged")


def show(crm: Crm, sql: str, *params: Any) -> None:
    for row in crm.conn.execute(sql, params):
        print("    " + ", ".join(f"{k}={row[k]}" for k in row.keys()))


def main(path: str = ":memory:") -> None:
    crm = Crm.open(path)
    if crm.conn.execute("SELECT count(*) FROM users").fetchone()[0]:
        crm.close()
        raise SystemExit(f"{path} already holds a story: give the path of a new database")
    cast.seed(crm)
    print("leadrules", leadrules.__version__, "| orgs: hq (handover, cross silo) > north, south; partners acme, beta")

    print("\n1. Bo (basic licence) logs a walk-in and hands it over to sales")
    told("create L-100", crm.create_lead("bo", "L-100", name="Walk-in, Mr Rao", handover_to_sales=True, now=at()))
    show(crm, "SELECT id, org, stage, owner, pipeline, handed_over_to_sales FROM leads WHERE id = 'L-100'")
    show(crm, "SELECT lead, user, access FROM lead_viewers WHERE lead = 'L-100'")
    told("Bo edits it", crm.edit_lead("bo", "L-100", {"mobile": "+919800000001"}, now=at(minutes=5)))
    edited = crm.edit_lead("nora", "L-100", {"mobile": "+919800000001"}, now=at(minutes=6))
    told("Nora (north manager) edits it", edited)

    print("\n2. Pia hands her leads to other orgs")
    crm.create_lead("pia", "L-101", name="Export enquiry", now=at(minutes=10))
    crm.create_lead("pia", "L-102", name="Southern dealer", now=at(minutes=11))
    told("handover L-101 to hq", crm.handover("pia", "L-101", "hq", now=at(minutes=15)))
    show(crm, "SELECT id, org, owner, pipeline FROM leads WHERE id = 'L-101'")
    show(crm, "SELECT channel, org, lead FROM notifications WHERE lead = 'L-101'")
    told("handover L-102 to south", crm.handover("pia", "L-102", "south", now=at(minutes=16)))
    print("  where may Pia send L-102?", crm.targets("pia", "L-102").to_dict())
    told("cross silo L-102 to south", crm.cross_silo("pia", "L-102", "south", now=at(minutes=17)))
    show(crm, "SELECT id, org, owner, pipeline FROM leads WHERE id = 'L-102'")

    print("\n3. One customer, two enquiries on the Skyline project: link them")
    enquiries = (("L-201", "pia", "interested", "+919811111111"), ("L-202", "rik", "claimed", "+919822222222"))
    for lead_id, owner, status, mobile in enquiries:
        crm.create_lead(
            owner, lead_id, name="Mrs Iyer", project="skyline", status=status, mobile=mobile, now=at(minutes=20)
        )
    crm.schedule_event("E-1", "L-202", "intro call (done)", at(minutes=-30))
    crm.schedule_event("E-2", "L-202", "site visit", at(days=2))
    told("Sam links them", crm.link("sam", "L-201", "L-202", owner="pia", now=at(minutes=30)))
    told("Ola (assignment owner) links them", crm.link("ola", "L-201", "L-202", owner="pia", now=at(minutes=31)))
    show(crm, "SELECT id, owner, status, linked_to, list, tag FROM leads WHERE id IN ('L-201', 'L-202')")
    show(crm, "SELECT lead, user, access FROM lead_viewers WHERE lead = 'L-201'")
    show(crm, "SELECT lead, mobile FROM lead_contacts WHERE lead = 'L-201'")
    show(crm, "SELECT id, title, status FROM events WHERE lead = 'L-202'")
    show(crm, "SELECT channel, user, lead FROM notifications WHERE channel = 'sales_app'")

    print("\n4. Maya (hq) offers leads to partner companies")
    offers = (
        ("P-1", "Fleet renewal", "acme", None),
        ("P-2", "Clinic fit-out", "acme", None),
        ("P-3", "Hotel Wi-Fi", "beta", "fast_track"),  # 2 days, to the end of the Berlin day
    )
    for lead_id, name, partner, template in offers:
        crm.create_lead(
            "maya", lead_id, name=name, workflow="partner_lead", partner=partner, template=template, now=at(minutes=40)
        )
    for user in ("ana", "maya"):
        print(f"  {user} may:", crm.buttons(user, "P-1", now=at(hours=1)))
    told("Maya accepts P-3 herself", crm.accept("maya", "P-3", now=at(hours=1)))
    told("Ana accepts P-1", crm.accept("ana", "P-1", now=at(hours=1)))
    told("Ana declines P-2", crm.decline("ana", "P-2", reason="outside our territory", now=at(hours=1, minutes=5)))
    told("Maya reassigns P-2 to beta", crm.reassign("maya", "P-2", partner="beta", now=at(hours=2)))
    told("Ana converts P-1", crm.convert("ana", "P-1", opportunity_id="OPP-77", now=at(days=1)))
    show(
        crm,
        "SELECT id, partner, stage, archived, accepted_at, declined_at, decline_reason, reassigned_at,"
        " opportunity_id, expires_at FROM leads WHERE workflow = 'partner_lead' ORDER BY id",
    )
    print("  the expiry sweep wakes at", when(crm.wake_at()))

    print("\n5. The scheduler ticks; the sweep runs only once a deadline has come")

    def tick(now: dt.datetime) -> None:
        report = crm.sweep_if_due(now)
        if report is None:
            print(f"  {when(now)}: asleep until {when(crm.wake_at())}")
        else:
            print(f"  {when(now)}: expired {report.expired or 'nothing'}; next wake {when(report.next_wake)}")
            print(f"    first responses late: {', '.join(report.breached) or 'none'}")

    tick(at(days=1))
    tick(at(days=2, hours=14))
    told("Ben accepts P-2, a little late", crm.accept("ben", "P-2", now=at(days=7, hours=2, minutes=30)))
    tick(at(days=7, hours=3))
    tick(at(days=30))
    show(crm, "SELECT id, stage, expires_at FROM leads WHERE workflow = 'partner_lead' ORDER BY id")

    print("\n6. Creatio's handoff to sales, for a lead hq qualifies")
    crm.create_lead(
        "maya", "C-1", name="Factory line upgrade", workflow="creatio_lead", distribution_owner="sol", now=at(days=8)
    )
    told("qualify", crm.transition("maya", "C-1", "qualify", now=at(days=8, hours=1)))
    told("start handoff", crm.transition("maya", "C-1", "start_handoff", now=at(days=8, hours=2)))
    form = {
        "need_type": "new_equipment",
        "budget": 25000,
        "sales_owner": "sam",
        "sales_division": "direct",
        "meeting_at": at(days=10),
        "decision_at": at(days=20),
        "notes": "call before noon",
    }
    no_budget = {**form, "budget": None}
    told("proceed, no budget", crm.transition("maya", "C-1", "proceed_to_handoff", now=at(days=9), fields=no_budget))
    told("proceed to handoff", crm.transition("maya", "C-1", "proceed_to_handoff", now=at(days=9), fields=form))
    show(crm, "SELECT id, stage, maturity FROM leads WHERE id = 'C-1'")
    show(crm, "SELECT task, owner, reporter, start FROM tasks WHERE lead = 'C-1'")
    show(crm, "SELECT section, fields FROM lead_history WHERE lead = 'C-1'")
    show(crm, "SELECT note FROM lead_feed WHERE lead = 'C-1'")

    print("\n7. New leads get an owner: assignment rules over pools read from the users table")
    crm.set_availability("rik", away=True)
    for lead_id, name in (("W-1", "Web form, Mr Das"), ("W-2", "Web form, Ms Kaur")):
        crm.create_lead("bo", lead_id, name=name, handover_to_sales=True, channel="web", now=at(days=10))
        routed(lead_id, crm.route_lead(lead_id, now=at(days=10, minutes=1)))
    crm.create_lead("bo", "B-1", name="Hospital chain", handover_to_sales=True, budget=400000, now=at(days=10))
    routed("B-1", crm.route_lead("B-1", now=at(days=10, minutes=2)))
    print("  Rik is back; Ola takes at most 300 open leads; a list of 1,000 web leads is imported")
    crm.set_availability("rik", away=False)
    crm.set_capacity("ola", 300)
    rows = [{"id": f"I-{i:04}", "name": f"Import {i}", "channel": "web"} for i in range(1000)]
    report = crm.import_leads("bo", rows, now=at(days=10, hours=1))
    print(f"  imported {len(report.leads)} leads in one assign_many call; unassigned: {len(report.unassigned)}")
    show(crm, "SELECT owner, count(*) AS leads FROM leads WHERE id LIKE 'I-%' GROUP BY owner ORDER BY owner")
    show(crm, "SELECT pool, cursor FROM pool_cursors ORDER BY pool")
    crm.set_availability("sam", away=True)
    crm.set_availability("tia", active=False)
    crm.add_user("kai", "Kai (south, basic licence)", "south", "basic")
    crm.create_lead("kai", "S-1", name="Walk-in, Ms Roy", handover_to_sales=True, now=at(days=10, hours=2))
    routed("S-1", crm.route_lead("S-1", now=at(days=10, hours=2)))
    show(crm, "SELECT lead, rule, pool, assignee, reasons, skipped FROM assignment_log WHERE lead = 'S-1'")

    print("\n8. A change of owner by hand")
    told("Pia gives W-1 to Ola", crm.change_owner("pia", "W-1", "ola", now=at(days=11)))
    told("Nora gives W-1 to Ola", crm.change_owner("nora", "W-1", "ola", now=at(days=11)))
    show(crm, "SELECT id, owner FROM leads WHERE id = 'W-1'")

    print("\n9. A first response within 4 business hours (Berlin: 09-13 and 14-18, Fridays to 17, holidays)")
    crm.create_lead("pia", "Q-1", name="Web chat, Mr Sen", now=at(days=14, hours=6))  # Monday 16:00 Berlin
    show(crm, "SELECT lead, started_at, target, due_at FROM lead_sla WHERE lead = 'Q-1'")
    paused = crm.sla.pause("Q-1", now=at(days=14, hours=7))
    print(f"  Q-1 waits on the customer from 17:00 Berlin: due {when(paused)}")
    resumed = crm.sla.resume("Q-1", now=at(days=15))
    print(f"  the customer answers on Tuesday at 10:00 Berlin: due {when(resumed)} (2 open hours later)")
    show(crm, "SELECT lead, from_at, to_at FROM sla_pauses WHERE lead = 'Q-1'")
    crm.create_lead("pia", "Q-2", name="Phone call, Ms Pal", now=at(days=15))
    called = crm.transition("pia", "Q-2", "next", now=at(days=15, hours=1, minutes=30))
    told("Pia calls Q-2 back (next: contacted)", called)
    show(crm, "SELECT lead, due_at, answered_at, response_time FROM lead_sla WHERE lead = 'Q-2'")
    swept = crm.run_due_sweep(at(days=15, hours=3, minutes=30))
    late = [lead for lead in swept.breached if lead.startswith("Q-")]
    print(f"  the sweep at {when(swept.now)}: {len(swept.breached)} leads late, of this section's {late}")
    show(crm, "SELECT lead, due_at, breached_at FROM lead_sla WHERE lead LIKE 'Q-%' ORDER BY lead")

    print("\n10. Duplicates before saving: a blocking, an alerting and a linking match")
    crm.create_lead(
        "pia",
        "D-1",
        name="Jane Doe",
        mobile="+919812345678",
        email="jane.doe@gmail.com",
        company="Acme Pvt Ltd",
        project="harbour",
        status="interested",
        now=at(days=16),
    )
    show(crm, "SELECT lead, key FROM match_keys WHERE lead = 'D-1' ORDER BY key")
    blocked = crm.intake_lead("rik", "D-2", name="J Doe", mobile="098123 45678", now=at(days=16, hours=1))
    reason = blocked.reasons[0]
    print(f"  D-2, the same number in national form: {blocked.outcome}, {reason.code} (lead {reason.lead})")
    alerted = crm.intake_lead(
        "rik", "D-3", name="JANE DOE", company="ACME Private Limited", now=at(days=16, hours=2)
    )
    print(f"  D-3, the same person at the same company: saved, {alerted.outcome} as a duplicate of {alerted.flagged}")
    show(crm, "SELECT lead, duplicate, rules FROM duplicate_flags")
    offered = crm.intake_lead(
        "rik",
        "D-4",
        name="Jane",
        email="Jane.Doe+web@googlemail.com",
        mobile="+919876543210",
        project="harbour",
        status="claimed",
        now=at(days=16, hours=3),
    )
    assert offered.offer is not None
    print(f"  D-4, the same e-mail: {offered.outcome} with {offered.offer.leads}; nothing saved yet")
    linked = crm.accept_link(offered.offer, actor="sol", now=at(days=16, hours=3, minutes=5))
    print(f"  Sol accepts: {linked.outcome} (lead and link in one transaction)")
    show(crm, "SELECT id, owner, status, linked_to FROM leads WHERE id IN ('D-1', 'D-4') ORDER BY id")
    show(crm, "SELECT lead, mobile FROM lead_contacts WHERE lead = 'D-1'")
    crm.create_lead("sol", "D-5", name="Jane Doe", company="Acme", now=at(days=16, hours=4))
    reported = [(f["duplicate"], f["action"]) for f in crm.likely_duplicates("D-5")]
    print(f"  D-5, created directly (no check first): saved, reported as a likely duplicate of {reported}")

    count = crm.conn.execute("SELECT count(*) FROM decisions").fetchone()[0]
    print(f"\n{count} plans applied, each in one transaction; every denial wrote nothing.")
    crm.close()


if __name__ == "__main__":
    main(*sys.argv[1:2])
