"""Google CEL through ``common-expression-language``, the Python binding of
the Rust CEL interpreter: each rule is one CEL expression compiled once
(``cel.compile``) into a ``Program``, then ``program.execute(activation)``
per question, the activation a dict of the request's variables (the
binding's documented path; it converts the dict into CEL values on every
call, which is the price a host pays for fresh records per request).

Precomputed by the host (facts.py, outside the timing), exactly as for
zen-engine: for handover the org-tree facts ``is_edge`` and
``parent_handover``; for the transition the actor's ``relation`` to the
lead and ``due``. Role, membership and ownership are compared by the
expression from the records' values.

The binding converts every value of the activation on each call, strings
and maps dearly (a string costs many times a bool here), so each rule is
given its cheapest natural activation: one variable per fact the
expression reads. Handover also comes with the records as CEL maps
(``actor.role``, ``lead.owner``), the shape a host has. The transition
comes as one program for the whole rule (a conditional on the action), and
as one program per action picked by the host from a dict (smaller
expressions, and the action is no variable to convert). On the portal page
a CEL host converts each lead's variables once, into a ``Context`` the six
programs share (``page``).
"""

from __future__ import annotations

from typing import Any, Callable

import cel

import facts
import portal
import truth_table
from prepared import Args, Prepared, identity_bool
from truth_table import NOW, HandoverCase, TransitionCase

PACKAGE = "common-expression-language"
ENGINE = "CEL"

HANDOVER = """
role in ["professional", "manager"] &&
actor_org == lead_org &&
(role == "manager" || owner == actor_id) &&
is_edge && parent_handover
"""

HANDOVER_RECORDS = """
actor.role in ["professional", "manager"] &&
actor.org == lead.org &&
(actor.role == "manager" || lead.owner == actor.id) &&
edge.is_edge && edge.parent_handover
"""

# One expression per action of partner_lead: who, from which stage, the deadline.
ACTIONS: dict[str, str] = {
    "accept": 'relation == "partner" && stage == "pending" && !due',
    "decline": 'relation == "partner" && stage == "pending"',
    "convert": 'relation == "partner" && stage == "accepted" && !due',
    "close": 'relation == "partner" && stage == "accepted"',
    "expire": 'relation == "system" && stage in ["pending", "accepted"] && due',
    "reassign": 'relation == "source" && stage in ["pending", "declined", "expired"]',
}


def whole_rule() -> str:
    """The partner_lead rule as one expression: a chain of conditionals on
    ``action``, an unknown action denied."""
    chain = "".join(f'action == "{action}" ? ({expr}) :\n' for action, expr in ACTIONS.items())
    return chain + "false"


def handover_activation(case: HandoverCase) -> dict[str, Any]:
    """The facts the handover expression reads, one variable each."""
    return {"role": case.actor["role"], "actor_org": case.actor["org"], "actor_id": case.actor["id"],
            "lead_org": case.lead["org"], "owner": case.lead.get("owner"),
            **facts.edge_facts(case.lead["org"], case.to)}


def transition_activation(case: TransitionCase) -> dict[str, Any]:
    """The lead's stage (the datetimes stay with the host), the actor's
    relation and ``due``."""
    return {"stage": case.lead["stage"], "relation": facts.relation(case.actor, case.lead),
            "due": facts.is_due(case.lead, NOW)}


def handover(cases: list[HandoverCase]) -> list[Prepared]:
    """``program.execute`` with one variable per fact, and with the
    records as maps (``{"actor", "lead", "edge"}``)."""
    program = cel.compile(HANDOVER)
    flat: list[Args] = [((handover_activation(c),), {}) for c in cases]
    records = cel.compile(HANDOVER_RECORDS)
    maps: list[Args] = [(({"actor": c.actor, "lead": c.lead, "edge": facts.edge_facts(c.lead["org"], c.to)},), {})
                        for c in cases]
    return [Prepared(ENGINE, "compiled program", program.execute, flat, identity_bool),
            Prepared(ENGINE, "compiled program, records as maps", records.execute, maps, identity_bool)]


def transition(cases: list[TransitionCase]) -> list[Prepared]:
    """One program for the rule (the action a variable too), and one
    program per action."""
    program = cel.compile(whole_rule())
    whole: list[Args] = [(({"action": c.action, **transition_activation(c)},), {}) for c in cases]
    per_action: dict[str, Callable[[dict[str, Any]], Any]] = {
        action: cel.compile(expr).execute for action, expr in ACTIONS.items()}

    def may_transition(action: str, activation: dict[str, Any]) -> Any:
        """The action's own program, asked with the request's variables."""
        return per_action[action](activation)

    split: list[Args] = [((c.action, transition_activation(c)), {}) for c in cases]
    return [
        Prepared(ENGINE, "compiled program", program.execute, whole, identity_bool),
        Prepared(ENGINE, "a program per action", may_transition, split, identity_bool),
    ]


def page(leads: list[dict[str, Any]]) -> list[portal.Page]:
    """The portal page the way a CEL host would draw it: one ``Context``
    per lead (its variables converted once), asked by the six programs of
    the actions, instead of an activation converted per question."""
    programs = [cel.compile(ACTIONS[action]).execute for action in truth_table.ACTIONS]
    lead_facts = [(lead["stage"], facts.relation(portal.ACTOR, lead), facts.is_due(lead, NOW)) for lead in leads]
    context = cel.Context

    def answer() -> list[Any]:
        """Six answers per lead, in the table's action order."""
        out: list[Any] = []
        for stage, relation, due in lead_facts:
            activation = context({"stage": stage, "relation": relation, "due": due})
            out.extend(program(activation) for program in programs)
        return out

    def booleans(results: list[Any]) -> list[bool]:
        """Each program answers a bool."""
        return [r is True for r in results]

    return [portal.Page(Prepared(ENGINE, "a Context per lead, a program per action", answer, [((), {})], bool),
                        booleans)]
