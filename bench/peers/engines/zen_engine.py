"""GoRules zen-engine: one decision table (JDM graph: input → table →
output) per rule, held by a ``ZenEngine`` with a static loader and asked by
key, ``engine.evaluate(key, context)``: the engine compiles the decision on
first use and keeps it (the cached path). ``create_decision(...).evaluate``
measured several times slower here (zen-engine 2.1.3), so it is not used.

Precomputed by the host (facts.py, outside the timing): for handover the
org-tree facts ``edge.is_edge`` and ``edge.parent_handover``; for the
transition the actor's ``relation`` to the lead and ``due``. Membership and
ownership are compared by the table itself from the raw records.
"""

from __future__ import annotations

from typing import Any

import zen

import facts
from prepared import Args, Prepared
from truth_table import NOW, HandoverCase, TransitionCase

PACKAGE = "zen-engine"
ENGINE = "zen-engine"

HANDOVER_INPUTS = [
    ("role", "actor.role"),
    ("in_lead_org", "actor.org == lead.org"),
    ("owns_lead", "lead.owner == actor.id"),
    ("is_edge", "edge.is_edge"),
    ("parent_handover", "edge.parent_handover"),
]
# First hit wins; a blank cell matches anything.
HANDOVER_RULES = [
    {"role": '"manager"', "in_lead_org": "true", "is_edge": "true", "parent_handover": "true", "allowed": "true"},
    {"role": '"professional"', "in_lead_org": "true", "owns_lead": "true", "is_edge": "true",
     "parent_handover": "true", "allowed": "true"},
    {"allowed": "false"},
]

TRANSITION_INPUTS = [("action", "action"), ("stage", "lead.stage"), ("relation", "relation"), ("due", "due")]
TRANSITION_RULES = [
    {"action": '"accept"', "stage": '"pending"', "relation": '"partner"', "due": "false", "allowed": "true"},
    {"action": '"decline"', "stage": '"pending"', "relation": '"partner"', "allowed": "true"},
    {"action": '"convert"', "stage": '"accepted"', "relation": '"partner"', "due": "false", "allowed": "true"},
    {"action": '"close"', "stage": '"accepted"', "relation": '"partner"', "allowed": "true"},
    {"action": '"expire"', "stage": '"pending", "accepted"', "relation": '"system"', "due": "true",
     "allowed": "true"},
    {"action": '"reassign"', "stage": '"pending", "declined", "expired"', "relation": '"source"',
     "allowed": "true"},
    {"allowed": "false"},
]


def decision_graph(name: str, inputs: list[tuple[str, str]], rules: list[dict[str, str]]) -> dict[str, Any]:
    """A JDM document: the request flows through one first-hit decision
    table whose single output is ``allowed``."""
    table = {
        "hitPolicy": "first",
        "inputs": [{"id": key, "name": key, "field": field} for key, field in inputs],
        "outputs": [{"id": "allowed", "name": "allowed", "field": "allowed"}],
        "rules": [{"_id": f"r{i}", **{key: rule.get(key, "") for key, _ in inputs}, "allowed": rule["allowed"]}
                  for i, rule in enumerate(rules)],
    }
    return {
        "nodes": [
            {"id": "request", "type": "inputNode", "name": "request", "position": {"x": 0, "y": 0}},
            {"id": "table", "type": "decisionTableNode", "name": name, "position": {"x": 200, "y": 0},
             "content": table},
            {"id": "response", "type": "outputNode", "name": "response", "position": {"x": 400, "y": 0}},
        ],
        "edges": [
            {"id": "e1", "sourceId": "request", "targetId": "table", "type": "edge"},
            {"id": "e2", "sourceId": "table", "targetId": "response", "type": "edge"},
        ],
    }


def allowed(response: Any) -> bool:
    """``evaluate`` answers ``{"result": {"allowed": ...}, "performance": ...}``."""
    return response["result"]["allowed"] is True


def cached_engine(key: str, inputs: list[tuple[str, str]], rules: list[dict[str, str]]) -> Any:
    """A ZenEngine whose static loader holds the decision under ``key``
    (compiled on the first evaluate, the timer's warm-up)."""
    return zen.ZenEngine({"loader": {"type": "static", "content": {key: decision_graph(key, inputs, rules)}}})


def handover_context(case: HandoverCase) -> dict[str, Any]:
    """The raw actor and lead, and the edge facts of the move."""
    return {"actor": case.actor, "lead": case.lead, "edge": facts.edge_facts(case.lead["org"], case.to)}


def transition_context(case: TransitionCase) -> dict[str, Any]:
    """The action, the lead as its stage (zen takes JSON values: the
    datetimes stay with the host), the actor's relation and ``due``."""
    return {"action": case.action, "lead": {"stage": case.lead["stage"]},
            "relation": facts.relation(case.actor, case.lead), "due": facts.is_due(case.lead, NOW)}


def handover(cases: list[HandoverCase]) -> list[Prepared]:
    """``engine.evaluate("handover", {"actor", "lead", "edge"})``."""
    engine = cached_engine("handover", HANDOVER_INPUTS, HANDOVER_RULES)
    inputs: list[Args] = [(("handover", handover_context(c)), {}) for c in cases]
    return [Prepared(ENGINE, "decision table", engine.evaluate, inputs, allowed)]


def transition(cases: list[TransitionCase]) -> list[Prepared]:
    """``engine.evaluate("partner_lead", {"action", "lead", "relation", "due"})``."""
    engine = cached_engine("partner_lead", TRANSITION_INPUTS, TRANSITION_RULES)
    inputs: list[Args] = [(("partner_lead", transition_context(c)), {}) for c in cases]
    return [Prepared(ENGINE, "decision table", engine.evaluate, inputs, allowed)]
