"""Handing leads over between orgs with leadrules.

Run: python examples/python/handover.py   (after `pip install ./python`)
"""

import leadrules

# 1. Build the engine once, from a dict (JSON text works too). Each org
#    names its parent; `handover` and `cross_silo` switch the two routes on
#    for the org's children and subtree.
engine = leadrules.Engine(
    {
        "orgs": [
            {"id": "hq", "parent": None, "handover": True, "cross_silo": True},
            {"id": "north", "parent": "hq"},
            {"id": "south", "parent": "hq"},
        ]
    }
)
print(engine)  # <leadrules.Engine orgs=3>

# The facts come from the host's own records: who acts, on which lead.
alice = {"id": "alice", "org": "north", "role": "professional"}
lead = {"id": "L-1001", "org": "north", "owner": "alice"}

# 2. A typed question: may Alice hand her lead up to hq (a parent-child edge)?
decision = engine.can_handover(alice, lead, "hq")
if decision:  # a Decision is truthy when allowed
    print("allowed:", decision)
    for effect in decision.effects:  # the plan the host applies, in order
        print("  do:", effect)

# 3. A denial is an answer, not an exception: north and south are siblings,
#    so this is not a handover. Every failed check is listed with a code.
decision = engine.can_handover(alice, lead, "south")
print("denied:", decision)
for reason in decision.reasons:  # read-only records: reason.code, reason["code"]
    print(f"  {reason.code}: {reason.message}")
# Codes are str enums: DenialCode.CROSS_SILO_REQUIRED == "cross_silo_required".
if leadrules.DenialCode.CROSS_SILO_REQUIRED in decision.codes:
    # The route tells the UI which mechanism fits: here, cross silo.
    print("  retrying by", decision.route, "->", bool(engine.can_cross_silo(alice, lead, "south")))

# Where could Alice send the lead? (for a drop-down)
print(engine.targets(alice, lead))

# 4. The JSON protocol: the same request every binding answers, as a dict
#    (or JSON text); the response is a plain dict.
response = engine.decide({"kind": "cross_silo", "actor": alice, "lead": lead, "to": "south"})
print("decide:", response["allowed"], response["route"], [e["kind"] for e in response["effects"]])

# 5. Bad input raises a leadrules.Error subclass with a code and the path
#    of the offending field (input errors are also ValueErrors).
try:
    engine.can_handover(alice, lead, "mars")
except leadrules.UnknownReferenceError as error:
    print("error:", error)  # unknown_org at `to`: unknown org `mars`
    print("  code:", error.code, "path:", error.path)
