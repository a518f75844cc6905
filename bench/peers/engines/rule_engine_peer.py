"""rule-engine (``rule_engine``): each rule is one expression in its
grammar, parsed once into a ``Rule`` (the parse builds and type-checks the
expression tree), then ``rule.matches(thing)`` per question, ``thing`` a
dict whose keys are the rule's symbols (the default resolver reads them as
items; a record's fields are read with ``record['field']``).

Precomputed by the host (facts.py, outside the timing), exactly as for
zen-engine: for handover the org-tree facts ``is_edge`` and
``parent_handover``; for the transition the actor's ``relation`` to the lead
and ``due``. Role, membership and ownership are compared by the rule from
the raw records.
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
actor['role'] in ['professional', 'manager']
and actor['org'] == lead['org']
and (actor['role'] == 'manager' or lead['owner'] == actor['id'])
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
    """The raw actor and lead, and the edge facts of the move."""
    return {"actor": case.actor, "lead": case.lead, **facts.edge_facts(case.lead["org"], case.to)}


def transition_thing(case: TransitionCase) -> dict[str, Any]:
    """The action, the lead's stage, the actor's relation and ``due``."""
    return {"action": case.action, "stage": case.lead["stage"],
            "relation": facts.relation(case.actor, case.lead), "due": facts.is_due(case.lead, NOW)}


def handover(cases: list[HandoverCase]) -> list[Prepared]:
    """``rule.matches({"actor", "lead", "is_edge", "parent_handover"})``."""
    rule = rule_engine.Rule(HANDOVER)
    inputs: list[Args] = [((handover_thing(c),), {}) for c in cases]
    return [Prepared(ENGINE, "compiled Rule", rule.matches, inputs, identity_bool)]


def transition(cases: list[TransitionCase]) -> list[Prepared]:
    """``rule.matches({"action", "stage", "relation", "due"})``."""
    rule = rule_engine.Rule(TRANSITION)
    inputs: list[Args] = [((transition_thing(c),), {}) for c in cases]
    return [Prepared(ENGINE, "compiled Rule", rule.matches, inputs, identity_bool)]
