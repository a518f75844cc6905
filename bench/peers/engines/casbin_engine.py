"""pycasbin: a model (request, policy, effect, matcher) and policy lines
loaded once into an ``Enforcer``; ``enforcer.enforce(sub, obj, act)`` per
question, with dicts as ABAC subjects and objects.

Handover: the policy lines are the role table (which role may hand over,
and whether only its own leads or any lead of its org); the matcher
compares membership and ownership from the raw records. Precomputed by the
host (facts.py): ``is_edge`` and ``parent_handover`` on the object.

Transition: the policy lines are the workflow (relation, action, from
stage, deadline condition). Precomputed by the host: the actor's
``relation`` to the lead and ``due``.
"""

from __future__ import annotations

from typing import Any

import casbin

import facts
from prepared import Args, Prepared, identity_bool
from truth_table import NOW, HandoverCase, TransitionCase

PACKAGE = "casbin"
ENGINE = "casbin"

HANDOVER_MODEL = """
[request_definition]
r = sub, obj, act

[policy_definition]
p = role, act, scope

[policy_effect]
e = some(where (p.eft == allow))

[matchers]
m = r.sub.role == p.role && r.act == p.act && r.sub.org == r.obj.org \
    && (p.scope == "org_leads" || r.obj.owner == r.sub.id) \
    && r.obj.is_edge && r.obj.parent_handover
"""
HANDOVER_POLICY = [
    ["professional", "handover", "own_leads"],
    ["manager", "handover", "org_leads"],
]

TRANSITION_MODEL = """
[request_definition]
r = sub, obj, act

[policy_definition]
p = relation, act, stage, deadline

[policy_effect]
e = some(where (p.eft == allow))

[matchers]
m = r.sub.relation == p.relation && r.act == p.act && r.obj.stage == p.stage \
    && (p.deadline == "any" || p.deadline == r.obj.deadline)
"""
TRANSITION_POLICY = [
    ["partner", "accept", "pending", "not_due"],
    ["partner", "decline", "pending", "any"],
    ["partner", "convert", "accepted", "not_due"],
    ["partner", "close", "accepted", "any"],
    ["system", "expire", "pending", "due"],
    ["system", "expire", "accepted", "due"],
    ["source", "reassign", "pending", "any"],
    ["source", "reassign", "declined", "any"],
    ["source", "reassign", "expired", "any"],
]


def enforcer(model_text: str, policy: list[list[str]]) -> Any:
    """An Enforcer over the model text with the policy lines added."""
    model = casbin.model.Model()
    model.load_model_from_text(model_text)
    e = casbin.Enforcer(model)
    e.add_policies(policy)
    return e


def subject(case: TransitionCase) -> dict[str, str]:
    """The transition's subject: the actor's relation to the lead."""
    return {"relation": facts.relation(case.actor, case.lead)}


def resource(case: TransitionCase) -> dict[str, str]:
    """The transition's object: the lead's stage and whether it is due."""
    return {"stage": case.lead["stage"], "deadline": "due" if facts.is_due(case.lead, NOW) else "not_due"}


def handover(cases: list[HandoverCase]) -> list[Prepared]:
    """``enforce(actor, lead + edge facts, "handover")``."""
    e = enforcer(HANDOVER_MODEL, HANDOVER_POLICY)
    inputs: list[Args] = [((c.actor, {**c.lead, **facts.edge_facts(c.lead["org"], c.to)}, "handover"), {})
                          for c in cases]
    return [Prepared(ENGINE, "ABAC model", e.enforce, inputs, identity_bool)]


def transition(cases: list[TransitionCase]) -> list[Prepared]:
    """``enforce({"relation"}, {"stage", "deadline"}, action)``."""
    e = enforcer(TRANSITION_MODEL, TRANSITION_POLICY)
    inputs: list[Args] = [((subject(c), resource(c), c.action), {}) for c in cases]
    return [Prepared(ENGINE, "ABAC model", e.enforce, inputs, identity_bool)]
