"""transitions (pytransitions): one ``Machine`` built once and shared, one
model object whose ``state`` is set to the lead's stage (or org) before
asking ``model.may_trigger(name, ...)``, which checks the conditions
without moving. No reasons: just allow or deny.

Handover: the lead's org is its state; a trigger ``to_<org>`` exists along
every parent↔child edge whose parent has handover on (the directory is
compiled into the machine); conditions check the actor against the lead.

Transition: the stages and actions of partner_lead, with conditions on
the actor's relation to the lead (worked out by the conditions from the raw
records) and on ``due``, which the host precomputes (facts.py).
"""

from __future__ import annotations

from typing import Any, Callable

from transitions import Machine

import facts
from prepared import Args, Prepared, identity_bool
from truth_table import NOW, ORGS, STAGES, HandoverCase, TransitionCase

PACKAGE = "transitions"
ENGINE = "transitions"


class Lead:
    """The model: a transitions machine keeps the state on it and adds
    ``may_trigger`` (and the trigger methods) to it."""

    state: str
    may_trigger: Callable[..., bool]


# --------------------------------------------------------------- handover
def licensed(actor: dict[str, Any], lead: dict[str, Any]) -> bool:
    """The actor's role carries the sales licence."""
    return actor["role"] in ("professional", "manager")


def in_lead_org(actor: dict[str, Any], lead: dict[str, Any]) -> bool:
    """The actor belongs to the org holding the lead."""
    return bool(actor["org"] == lead["org"])


def owns_or_manages(actor: dict[str, Any], lead: dict[str, Any]) -> bool:
    """The actor owns the lead, or manages every lead of the org."""
    return bool(lead.get("owner") == actor["id"] or actor["role"] == "manager")


def handover_machine() -> tuple[Machine, Lead]:
    """States: the orgs. Triggers: ``to_<org>`` along open edges only."""
    lead = Lead()
    edges = []
    for org, parent, _ in ORGS:
        if parent is not None and facts.HANDOVER_ON[parent]:
            edges += [(parent, org), (org, parent)]
    conditions = [licensed, in_lead_org, owns_or_manages]
    machine = Machine(model=lead, states=[org for org, _, _ in ORGS], initial=ORGS[0][0], auto_transitions=False,
                      transitions=[{"trigger": f"to_{dst}", "source": src, "dest": dst, "conditions": conditions}
                                   for src, dst in edges])
    return machine, lead


def handover(cases: list[HandoverCase]) -> list[Prepared]:
    """Set the model's state to the lead's org, then ``may_trigger``."""
    _, model = handover_machine()

    def may_handover(actor: dict[str, Any], lead: dict[str, Any], to: str) -> bool:
        """Can the lead move from its org to ``to`` for this actor?"""
        model.state = lead["org"]
        return bool(model.may_trigger(f"to_{to}", actor, lead))

    inputs: list[Args] = [((c.actor, c.lead, c.to), {}) for c in cases]
    return [Prepared(ENGINE, "orgs as states, shared machine", may_handover, inputs, identity_bool)]


# ------------------------------------------------------------- transition
def is_partner(actor: dict[str, Any], lead: dict[str, Any], due: bool) -> bool:
    """A user of the lead's partner company (never the sourcing company's,
    never the system actor)."""
    return bool(actor["role"] != "system" and actor["org"] == lead["partner"] and actor["org"] != lead["source"])


def is_source(actor: dict[str, Any], lead: dict[str, Any], due: bool) -> bool:
    """A user of the sourcing company."""
    return bool(actor["role"] != "system" and actor["org"] == lead["source"])


def is_system(actor: dict[str, Any], lead: dict[str, Any], due: bool) -> bool:
    """The reserved system actor."""
    return bool(actor["role"] == "system")


def is_due(actor: dict[str, Any], lead: dict[str, Any], due: bool) -> bool:
    """The lead's deadline has passed (precomputed by the host)."""
    return due


PARTNER_LEAD = [
    {"trigger": "accept", "source": "pending", "dest": "accepted", "conditions": [is_partner], "unless": [is_due]},
    {"trigger": "decline", "source": "pending", "dest": "declined", "conditions": [is_partner]},
    {"trigger": "convert", "source": "accepted", "dest": "closed_converted", "conditions": [is_partner],
     "unless": [is_due]},
    {"trigger": "close", "source": "accepted", "dest": "closed_not_converted", "conditions": [is_partner]},
    {"trigger": "expire", "source": ["pending", "accepted"], "dest": "expired", "conditions": [is_system, is_due]},
    {"trigger": "reassign", "source": ["pending", "declined", "expired"], "dest": "pending",
     "conditions": [is_source]},
]


def transition(cases: list[TransitionCase]) -> list[Prepared]:
    """Set the model's state to the lead's stage, then ``may_trigger``."""
    model = Lead()
    Machine(model=model, states=STAGES, initial="pending", transitions=PARTNER_LEAD, auto_transitions=False)

    def may_transition(actor: dict[str, Any], lead: dict[str, Any], action: str, due: bool) -> bool:
        """Can the action be taken on the lead now?"""
        model.state = lead["stage"]
        return bool(model.may_trigger(action, actor, lead, due))

    inputs: list[Args] = [((c.actor, c.lead, c.action, facts.is_due(c.lead, NOW)), {}) for c in cases]
    return [Prepared(ENGINE, "shared machine", may_transition, inputs, identity_bool)]
