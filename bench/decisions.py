"""One decision from Python, every kind (the targets of
BENCHMARKS.md#against-the-targets: a typed call with plain dict inputs <= 1 us
and no slower than a hand-written if/else; decide(dict) <= 3 us).

Each case is first checked to get the answer it is built for, then timed
timeit-style: one warm-up run, then the median of REPEATS runs of NUMBER
calls (NUMBER calibrated per case so that a run takes about 0.2 s). The
statement timed is the bare call with its arguments as locals, so the
leadrules calls and the hand-written Python if/else for the handover rule
pay the same interpreter overhead. Prints the machine, microseconds per
call and the ratio leadrules / hand-written, all from one run.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import statistics
import sys
import timeit
from typing import Any, Callable

import leadrules
import results_file

REPEATS = 7
TARGET_SECONDS = 0.2

CONFIG = {"orgs": [
    {"id": "hq", "handover": True, "cross_silo": True},
    {"id": "north", "parent": "hq", "handover": True},
    {"id": "south", "parent": "hq"},
    {"id": "north_a", "parent": "north"},
    {"id": "north_b", "parent": "north"},
    {"id": "south_a", "parent": "south"},
    {"id": "acme"},
]}

# The hand-written rule a CRM would write instead: its own org table and
# role table, and the handover checks of the README in plain if/else,
# returning (allowed, reason codes) without effects.
ORG_PARENT = {o["id"]: o.get("parent") for o in CONFIG["orgs"]}
ORG_HANDOVER = {o["id"]: o.get("handover", False) for o in CONFIG["orgs"]}


def _root(org: str) -> str:
    while ORG_PARENT[org] is not None:
        org = ORG_PARENT[org]
    return org


ORG_ROOT = {org: _root(org) for org in ORG_PARENT}
ROLE_CAPS = {
    "basic": frozenset({"create_lead", "handover_to_sales"}),
    "professional": frozenset({"create_lead", "manage_lifecycle", "assign", "handover"}),
    "manager": frozenset({"create_lead", "manage_lifecycle", "assign", "handover", "manage_org_leads"}),
    "super_user": frozenset({"create_lead", "manage_lifecycle", "assign", "link_leads", "manage_org_leads"}),
}


def handover_by_hand(actor: dict[str, Any], lead: dict[str, Any], to: str) -> tuple[bool, list[str]]:
    caps = ROLE_CAPS[actor["role"]]
    reasons = []
    if "handover" not in caps:
        reasons.append("sales_licence_required")
    if actor["org"] != lead["org"]:
        reasons.append("not_in_lead_org")
    if "manage_org_leads" not in caps and lead.get("owner") != actor["id"]:
        reasons.append("not_lead_owner")
    source = lead["org"]
    if to == source:
        reasons.append("same_org")
    elif ORG_ROOT[to] != ORG_ROOT[source]:
        reasons.append("outside_community")
    elif ORG_PARENT[source] == to:
        if not ORG_HANDOVER[to]:
            reasons.append("handover_disabled")
    elif ORG_PARENT[to] == source:
        if not ORG_HANDOVER[source]:
            reasons.append("handover_disabled")
    else:
        reasons.append("cross_silo_required")
    return not reasons, reasons


def machine() -> str:
    model = "unknown CPU"
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("model name"):
                    model = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return (f"{model}, {os.cpu_count()} cores, {platform.machine()}; "
            f"Python {platform.python_version()} ({platform.python_implementation()}); "
            f"leadrules {leadrules.__version__}")


def median_us(call: Callable[..., Any], args: tuple[Any, ...], kwargs: dict[str, Any]) -> float:
    names = [f"a{i}" for i in range(len(args))]
    stmt = "call(" + ", ".join(names + [f"{k}={k}" for k in kwargs]) + ")"
    env = {"call": call, **dict(zip(names, args)), **kwargs}
    timer = timeit.Timer(stmt, globals=env)
    number, seconds = timer.autorange()  # also the warm-up
    number = max(1, int(number * TARGET_SECONDS / max(seconds, 1e-9)))
    runs = timer.repeat(repeat=REPEATS, number=number)
    return statistics.median(runs) / number * 1e6


def main() -> int:
    engine = leadrules.Engine(CONFIG)
    pro = {"id": "u1", "org": "north", "role": "professional"}
    pro_south = {"id": "u2", "org": "south", "role": "professional"}
    basic = {"id": "b1", "org": "north", "role": "basic"}
    lead = {"id": "L1", "org": "north", "owner": "u1"}
    edited = {"id": "L1", "org": "north", "owner": "u1", "creator": "b1", "handed_over_to_sales": False}
    link_primary = {"id": "A", "project": "P", "status": "interested", "owner": "m1",
                    "mobile": "+911", "alternates": []}
    link_secondary = {"id": "B", "project": "P", "status": "claimed", "owner": "m2", "mobile": "+912",
                      "events": [{"id": "e1", "at": "2026-11-24T10:00:00+05:30"}]}
    partner = {"id": "p7", "org": "acme", "role": "manager"}
    outsider = {"id": "x1", "org": "elsewhere", "role": "manager"}
    offer = {"id": "L9", "stage": "pending", "partner": "acme", "source": "vendor",
             "created_at": "2026-11-20T09:00:00Z"}
    manager = {"id": "m1", "org": "hq", "role": "manager"}
    creatio = {"id": "C3", "stage": "handoff_to_sales", "owner": "m1"}
    fields = {"need_type": "new_equipment", "budget": 25000, "sales_owner": "u7",
              "sales_division": "direct", "meeting_at": "2026-12-01T10:00:00+01:00",
              "decision_at": "2026-12-15T17:00:00Z", "notes": "Wants a demo first"}
    fields_missing = {"need_type": "new_equipment", "sales_owner": "u7", "sales_division": "direct",
                      "decision_at": "2026-12-15T17:00:00Z"}
    early, late = "2026-11-23T09:30:00Z", "2026-11-27T09:00:00Z"
    # The same times as a host's aware datetimes: UTC, and another offset.
    utc, ist = dt.timezone.utc, dt.timezone(dt.timedelta(hours=5, minutes=30))
    aware = {zone: ({**offer, "created_at": dt.datetime(2026, 11, 20, 9, tzinfo=utc).astimezone(zone)},
                    dt.datetime(2026, 11, 23, 9, 30, tzinfo=utc).astimezone(zone),
                    dt.datetime(2026, 11, 27, 9, tzinfo=utc).astimezone(zone)) for zone in (utc, ist)}
    # Prepared facts: the records read once (`engine.actor`, ...), the
    # questions asked of the handles; a page of 50 partner_lead leads.
    prepared_pro, prepared_lead = engine.actor(pro), engine.lead(lead)
    prepared_partner, prepared_outsider = engine.actor(partner), engine.actor(outsider)
    aware_offer, aware_early, aware_late = aware[utc]
    prepared_offer = engine.workflow_lead(aware_offer, workflow="partner_lead")
    page = [engine.workflow_lead({**aware_offer, "id": f"L{i}"}, workflow="partner_lead") for i in range(50)]
    handover_request = {"kind": "handover", "actor": pro, "lead": lead, "to": "hq"}
    handover_denied_request = {**handover_request, "to": "south"}
    handover_text = json.dumps(handover_request)
    handover_denied_text = json.dumps(handover_denied_request)

    def allowed(answer: Any) -> bool:
        if isinstance(answer, leadrules.Expiry):
            return not answer.due
        if isinstance(answer, tuple):
            return bool(answer[0])
        if isinstance(answer, leadrules.ActionGrid):
            return any(answer)
        if isinstance(answer, leadrules.Targets):
            return bool(answer.handover or answer.cross_silo)
        if isinstance(answer, list):
            return any(a["allowed"] for a in answer)
        if isinstance(answer, dict):
            return bool(answer["allowed"])
        return bool(answer)

    # (name, expect allowed, call, args, kwargs)
    cases: list[tuple[str, bool, Callable[..., Any], tuple[Any, ...], dict[str, Any]]] = [
        ("can_handover", True, engine.can_handover, (pro, lead, "hq"), {}),
        ("can_handover", False, engine.can_handover, (pro, lead, "south"), {}),
        ("hand-written handover if/else", True, handover_by_hand, (pro, lead, "hq"), {}),
        ("hand-written handover if/else", False, handover_by_hand, (pro, lead, "south"), {}),
        ("can_handover, prepared facts", True, engine.can_handover, (prepared_pro, prepared_lead, "hq"), {}),
        ("can_handover, prepared facts", False, engine.can_handover, (prepared_pro, prepared_lead, "south"), {}),
        ("transition partner_lead.accept, prepared facts, aware now", True, engine.transition,
         (prepared_partner, prepared_offer, "accept"), {"now": aware_early}),
        ("transition partner_lead.accept, prepared facts, aware now", False, engine.transition,
         (prepared_partner, prepared_offer, "accept"), {"now": aware_late}),
        ("actions_many, 50 partner_lead leads (prepared), per page", True, engine.actions_many,
         (prepared_partner, page), {"now": aware_early}),
        ("actions_many, 50 partner_lead leads (prepared), per page", False, engine.actions_many,
         (prepared_outsider, page), {"now": aware_early}),
        ("can_cross_silo", True, engine.can_cross_silo, (pro, lead, "south"), {}),
        ("can_cross_silo", False, engine.can_cross_silo, (pro, lead, "hq"), {}),
        ("targets", True, engine.targets, (pro, lead), {}),
        ("targets", False, engine.targets, (pro_south, lead), {}),
        ("can_create", True, engine.can_create, (basic, {"handover_to_sales": True}), {}),
        ("can_create", False, engine.can_create, (basic, {"stage": "contacted"}), {}),
        ("can_edit", True, engine.can_edit, (pro, edited), {}),
        ("can_edit", False, engine.can_edit, (pro_south, edited), {}),
        ("can_link", True, engine.can_link,
         ({"id": "s1", "org": "hq", "role": "super_user"}, link_primary, link_secondary),
         {"owner": "m1", "now": early}),
        ("can_link", False, engine.can_link,
         ({"id": "s1", "org": "hq", "role": "professional"}, link_primary, link_secondary),
         {"owner": "m1", "now": early}),
        ("transition partner_lead.accept", True, engine.transition, (partner, offer, "accept"),
         {"workflow": "partner_lead", "now": early}),
        ("transition partner_lead.accept", False, engine.transition, (partner, offer, "accept"),
         {"workflow": "partner_lead", "now": late}),
        ("transition partner_lead.accept, aware datetimes (UTC)", True, engine.transition,
         (partner, aware[utc][0], "accept"), {"workflow": "partner_lead", "now": aware[utc][1]}),
        ("transition partner_lead.accept, aware datetimes (UTC)", False, engine.transition,
         (partner, aware[utc][0], "accept"), {"workflow": "partner_lead", "now": aware[utc][2]}),
        ("transition partner_lead.accept, aware datetimes (+05:30)", True, engine.transition,
         (partner, aware[ist][0], "accept"), {"workflow": "partner_lead", "now": aware[ist][1]}),
        ("transition partner_lead.accept, aware datetimes (+05:30)", False, engine.transition,
         (partner, aware[ist][0], "accept"), {"workflow": "partner_lead", "now": aware[ist][2]}),
        ("transition creatio_lead.proceed_to_handoff", True, engine.transition,
         (manager, creatio, "proceed_to_handoff"), {"workflow": "creatio_lead", "fields": fields, "now": early}),
        ("transition creatio_lead.proceed_to_handoff", False, engine.transition,
         (manager, creatio, "proceed_to_handoff"),
         {"workflow": "creatio_lead", "fields": fields_missing, "now": early}),
        ("transition leadx_pipeline.next", True, engine.transition, (pro, {"id": "L1", "stage": "new"}, "next"),
         {"workflow": "leadx_pipeline"}),
        ("transition leadx_pipeline.next", False, engine.transition,
         (pro, {"id": "L1", "stage": "negotiation"}, "next"), {"workflow": "leadx_pipeline"}),
        ("actions", True, engine.actions, (partner, offer), {"workflow": "partner_lead", "now": early}),
        ("actions", False, engine.actions, (outsider, offer), {"workflow": "partner_lead", "now": early}),
        ("expiry", True, engine.expiry, ({"id": "L9", "stage": "pending", "created_at": offer["created_at"]},),
         {"workflow": "partner_lead", "now": early}),
        ("expiry", False, engine.expiry, ({"id": "L9", "stage": "pending", "created_at": offer["created_at"]},),
         {"workflow": "partner_lead", "now": late}),
        ("decide(dict) handover", True, engine.decide, (handover_request,), {}),
        ("decide(dict) handover", False, engine.decide, (handover_denied_request,), {}),
        ("decide(str) handover", True, engine.decide, (handover_text,), {}),
        ("decide(str) handover", False, engine.decide, (handover_denied_text,), {}),
    ]

    wrong = [f"{name} {'allowed' if expect else 'denied'}" for name, expect, call, args, kwargs in cases
             if allowed(call(*args, **kwargs)) != expect]
    if wrong:
        print("cases that do not get the answer they were built for:", wrong, file=sys.stderr)
        return 1

    print(f"machine: {machine()}")
    print(f"method: timeit, bare call with local arguments; warm-up, median of {REPEATS} runs "
          f"of ~{TARGET_SECONDS} s each")
    print()
    print("| call | allowed (µs) | denied (µs) |")
    print("| --- | --- | --- |")
    results: dict[tuple[str, bool], float] = {}
    for name, expect, call, args, kwargs in cases:
        results[(name, expect)] = median_us(call, args, kwargs)
    for name in dict.fromkeys(name for name, *_ in cases):
        print(f"| {name} | {results[(name, True)]:.3f} | {results[(name, False)]:.3f} |")
    print()
    for expect in (True, False):
        side = "allowed" if expect else "denied"
        ratio = results[("can_handover", expect)] / results[("hand-written handover if/else", expect)]
        print(f"can_handover / hand-written if/else ({side}): {ratio:.2f}")
    results_file.write("python-calls", [
        {"name": name, "series": "allowed" if expect else "denied", "median_ns": round(us * 1e3, 1)}
        for (name, expect), us in results.items()
    ], method=f"timeit, bare call with local arguments; warm-up, median of {REPEATS} runs of "
              f"~{TARGET_SECONDS} s each; leadrules {leadrules.__version__}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
