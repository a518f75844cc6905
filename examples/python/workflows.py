"""Workflows with leadrules: a partner portal's lead, Creatio's handoff to
sales, and a workflow of your own.

Run: python examples/python/workflows.py   (after `pip install ./python`)
"""

import datetime as dt

import leadrules

UTC = dt.timezone.utc
engine = leadrules.Engine()  # the built-in workflows need no config

# 1. partner_lead: the vendor sourced a lead for the partner company acme.
#    The host passes its own record; aware datetimes are fine anywhere.
created = dt.datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
lead = {"id": "L9", "stage": "pending", "partner": "acme", "source": "vendor", "created_at": created}
partner_user = {"id": "p7", "org": "acme", "role": "manager"}
vendor_user = {"id": "v1", "org": "vendor", "role": "manager"}
now = dt.datetime(2026, 11, 23, 9, 30, tzinfo=UTC)

# The buttons to draw for each of them, with the reasons the others are off.
for who in (partner_user, vendor_user):
    buttons = engine.actions(who, lead, workflow="partner_lead", now=now)
    print(who["org"], "may:", [b["action"] for b in buttons if b["allowed"]])

decision = engine.transition(partner_user, lead, "accept", workflow="partner_lead", now=now)
print("accept:", decision.from_stage, "->", decision.to_stage)
for effect in decision.effects:  # set_stage, set_expiry (accepted_at + 30 days), record
    print("  do:", effect)

# A week after creation the lead is due: too late to accept, time to expire.
due = created + dt.timedelta(days=7)
print("accept when due:", engine.transition(partner_user, lead, "accept", workflow="partner_lead", now=due).codes)
system = {"id": "scheduler", "role": "system"}
print("expire when due:", bool(engine.transition(system, lead, "expire", workflow="partner_lead", now=due)))

# 2. creatio_lead: the handoff task's result, with the form's values.
manager = {"id": "m1", "org": "hq", "role": "manager"}
handoff = engine.transition(
    manager,
    {"id": "C1", "stage": "handoff_to_sales", "owner": "m1"},
    "proceed_to_handoff",
    workflow="creatio_lead",
    fields={
        "need_type": "new_equipment",
        "budget": 25000,
        "sales_owner": "u7",
        "sales_division": "direct",
        "meeting_at": now + dt.timedelta(days=7),
        "decision_at": now + dt.timedelta(days=21),
        "notes": "call before noon",
    },
    now=now,
)
print("handoff:", [e["kind"] for e in handoff.effects])  # set_stage, add_history, add_feed_note, set_maturity

# 3. A workflow of your own, from the config. Findings that do not stop it
#    from loading come back as warnings, each with its path.
custom = leadrules.Engine(
    {
        "policy": {
            "workflows": {
                "review": {
                    "stages": [
                        {"id": "open", "initial": True},
                        {"id": "on_hold"},
                        {"id": "done", "terminal": True},
                    ],
                    "actions": [{"id": "finish", "from": ["open"], "to": "done", "who": {"capability": "sign_off"}}],
                }
            }
        }
    }
)
for warning in custom.warnings:
    print(f"warning at {warning.path}: {warning.message}")

# A config that cannot work does not load: every problem is listed.
try:
    leadrules.Engine({"policy": {"workflows": {"w": {"stages": [{"id": "a"}]}}}})
except leadrules.ConfigError as error:
    for problem in error.problems:
        print("config problem at", problem["path"], "-", problem["message"])

# An expiry template the policy does not define is an error, not a denial.
try:
    engine.transition(partner_user, {**lead, "template": "emea"}, "accept", workflow="partner_lead", now=now)
except leadrules.UnknownReferenceError as error:
    print("error:", error.code, "at", error.path)  # unknown_template at lead.template
