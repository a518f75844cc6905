"""Google CEL through ``common-expression-language``, the Python binding of
the Rust CEL interpreter: each rule is one CEL expression compiled once
(``cel.compile``) into a ``Program``, then ``program.execute(activation)``
per question, the activation a dict of the request's variables (the
binding's documented path; it converts the dict into CEL values on every
call, which is the price a host pays for fresh records per request).

Precomputed by the host (facts.py, outside the timing), exactly as for
zen-engine: for handover the org-tree facts ``edge.is_edge`` and
``edge.parent_handover``; for the transition the actor's ``relation`` to the
lead and ``due``. Role, membership and ownership are compared by the
expression from the raw records.

The transition comes twice: one program for the whole rule (a conditional
on the action), and one program per action picked by the host from a dict
(smaller expressions, one dict lookup more in Python).
"""

from __future__ import annotations

from typing import Any, Callable

import cel

import facts
from prepared import Args, Prepared, identity_bool
from truth_table import NOW, HandoverCase, TransitionCase

PACKAGE = "common-expression-language"
ENGINE = "CEL"

HANDOVER = """
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


def transition_activation(case: TransitionCase) -> dict[str, Any]:
    """The action, the lead's stage (the datetimes stay with the host), the
    actor's relation and ``due``."""
    return {"action": case.action, "stage": case.lead["stage"],
            "relation": facts.relation(case.actor, case.lead), "due": facts.is_due(case.lead, NOW)}


def handover(cases: list[HandoverCase]) -> list[Prepared]:
    """``program.execute({"actor", "lead", "edge"})``."""
    program = cel.compile(HANDOVER)
    inputs: list[Args] = [(({"actor": c.actor, "lead": c.lead, "edge": facts.edge_facts(c.lead["org"], c.to)},), {})
                          for c in cases]
    return [Prepared(ENGINE, "compiled program", program.execute, inputs, identity_bool)]


def transition(cases: list[TransitionCase]) -> list[Prepared]:
    """One program for the rule, and one program per action."""
    program = cel.compile(whole_rule())
    whole: list[Args] = [((transition_activation(c),), {}) for c in cases]
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
