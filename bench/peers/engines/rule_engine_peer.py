"""rule-engine (``rule_engine``): each rule is one expression in its
grammar, parsed once into a ``Rule`` (the parse builds and type-checks the
expression tree), then ``rule.matches(thing)`` per question, ``thing`` a
dict whose keys are the rule's symbols (the default resolver reads them as
items), one symbol per fact the rule reads: its documented shape, and its
cheapest (reaching into nested records, ``actor['role']``, measured slower).

Precomputed by the host (facts.py, outside the timing), exactly as for
zen-engine: for handover the org-tree facts ``is_edge`` and
``parent_handover``; for the transition the actor's ``relation`` to the lead
and ``due``. Role, membership and ownership are compared by the rule from
the records' values.
"""

from __future__ import annotations

from typing import Any

import rule_engine

import facts
from prepared import Args, Prepared, identity_bool
from truth_table import NOW, HandoverCase, TransitionCase

PACKAGE = "rule-engine"
ENGINE = "rule-engine"

HANDOVER = """
role in ['professional', 'manager']
and actor_org == lead_org
and (role == 'manager' or owner == actor_id)
and is_edge and parent_handover
"""

# The partner_lead rule: one alternative per action (who, from which stage,
# the deadline); an action no line names matches none.
TRANSITION = """
(action == 'accept' and relation == 'partner' and stage == 'pending' and not due)
or (action == 'decline' and relation == 'partner' and stage == 'pending')
or (action == 'convert' and relation == 'partner' and stage == 'accepted' and not due)
or (action == 'close' and relation == 'partner' and stage == 'accepted')
or (action == 'expire' and relation == 'system' and stage in ['pending', 'accepted'] and due)
or (action == 'reassign' and relation == 'source' and stage in ['pending', 'declined', 'expired'])
"""


def handover_thing(case: HandoverCase) -> dict[str, Any]:
    """The actor's and the lead's facts, and the edge facts of the move."""
    return {"role": case.actor["role"], "actor_org": case.actor["org"], "actor_id": case.actor["id"],
            "lead_org": case.lead["org"], "owner": case.lead.get("owner"),
            **facts.edge_facts(case.lead["org"], case.to)}


def transition_thing(case: TransitionCase) -> dict[str, Any]:
    """The action, the lead's stage, the actor's relation and ``due``."""
    return {"action": case.action, "stage": case.lead["stage"],
            "relation": facts.relation(case.actor, case.lead), "due": facts.is_due(case.lead, NOW)}


def handover(cases: list[HandoverCase]) -> list[Prepared]:
    """``rule.matches({"role", "actor_org", ..., "is_edge", "parent_handover"})``."""
    rule = rule_engine.Rule(HANDOVER)
    inputs: list[Args] = [((handover_thing(c),), {}) for c in cases]
    return [Prepared(ENGINE, "compiled Rule", rule.matches, inputs, identity_bool)]


def transition(cases: list[TransitionCase]) -> list[Prepared]:
    """``rule.matches({"action", "stage", "relation", "due"})``."""
    rule = rule_engine.Rule(TRANSITION)
    inputs: list[Args] = [((transition_thing(c),), {}) for c in cases]
    return [Prepared(ENGINE, "compiled Rule", rule.matches, inputs, identity_bool)]
