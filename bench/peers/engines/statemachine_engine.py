"""python-statemachine: a ``StateMachine`` class per rule, asked with
``enabled_events(**facts)``, which evaluates the guards of every event the
current state offers without moving; the action is allowed when its event
is among them. No reasons: just allow or deny.

Two ways of binding the machine to a lead, both timed:
- "machine per lead": the documented domain-model way, a machine
  instantiated around the host's record (``state_field`` names the
  attribute holding the stage or org), per question;
- "one machine, state set": one machine reused, its state set through the
  low-level ``current_state_value`` before each question.

Handover: the orgs are the states, an event ``to_<org>`` along every
parent↔child edge whose parent has handover on (the class is generated
from the directory once). Transition: partner_lead's stages and actions,
guards on the actor's relation (from the raw records) and on ``due``,
which the host precomputes (facts.py).
"""

from __future__ import annotations

from typing import Any

from statemachine import State, StateMachine

import facts
from prepared import Args, Prepared, identity_bool
from truth_table import NOW, ORGS, HandoverCase, TransitionCase

PACKAGE = "python-statemachine"
ENGINE = "python-statemachine"


class Record:
    """The host's record of a lead (what an ORM would hand over)."""

    def __init__(self, **values: Any) -> None:
        """Keeps every value as an attribute."""
        self.__dict__.update(values)


class PartnerLead(StateMachine):
    """partner_lead: the stages and who may move a lead between them."""

    pending = State(initial=True)
    accepted = State()
    declined = State()
    expired = State()
    closed_converted = State(final=True)
    closed_not_converted = State(final=True)

    accept = pending.to(accepted, cond="is_partner", unless="is_due")
    decline = pending.to(declined, cond="is_partner")
    convert = accepted.to(closed_converted, cond="is_partner", unless="is_due")
    close = accepted.to(closed_not_converted, cond="is_partner")
    expire = pending.to(expired, cond=["is_system", "is_due"]) | accepted.to(expired, cond=["is_system", "is_due"])
    reassign = (pending.to.itself(cond="is_source") | declined.to(pending, cond="is_source")
                | expired.to(pending, cond="is_source"))

    def is_partner(self, actor: dict[str, Any], lead: dict[str, Any]) -> bool:
        """A user of the lead's partner company (never the sourcing
        company's, never the system actor)."""
        return bool(actor["role"] != "system" and actor["org"] == lead["partner"] and actor["org"] != lead["source"])

    def is_source(self, actor: dict[str, Any], lead: dict[str, Any]) -> bool:
        """A user of the sourcing company."""
        return bool(actor["role"] != "system" and actor["org"] == lead["source"])

    def is_system(self, actor: dict[str, Any]) -> bool:
        """The reserved system actor."""
        return bool(actor["role"] == "system")

    def is_due(self, due: bool) -> bool:
        """The lead's deadline has passed (precomputed by the host)."""
        return due


def handover_class() -> type[StateMachine]:
    """A machine class whose states are the orgs and whose events
    ``to_<org>`` follow the open parent↔child edges."""
    states = {org: State(initial=(i == 0)) for i, (org, _, _) in enumerate(ORGS)}
    events: dict[str, Any] = {}
    guards = ["licensed", "in_lead_org", "owns_or_manages"]
    for org, parent, _ in ORGS:
        if parent is not None and facts.HANDOVER_ON[parent]:
            for src, dst in ((parent, org), (org, parent)):
                move = states[src].to(states[dst], cond=guards)
                events[f"to_{dst}"] = events[f"to_{dst}"] | move if f"to_{dst}" in events else move

    def licensed(self: Any, actor: dict[str, Any]) -> bool:
        """The actor's role carries the sales licence."""
        return actor["role"] in ("professional", "manager")

    def in_lead_org(self: Any, actor: dict[str, Any], lead: dict[str, Any]) -> bool:
        """The actor belongs to the org holding the lead."""
        return bool(actor["org"] == lead["org"])

    def owns_or_manages(self: Any, actor: dict[str, Any], lead: dict[str, Any]) -> bool:
        """The actor owns the lead, or manages every lead of the org."""
        return bool(lead.get("owner") == actor["id"] or actor["role"] == "manager")

    body = {**states, **events, "licensed": licensed, "in_lead_org": in_lead_org,
            "owns_or_manages": owns_or_manages, "validate_disconnected_states": False,
            "validate_trap_states": False, "validate_final_reachability": False}
    return type("Handover", (StateMachine,), body)


def enabled(sm: StateMachine, event: str, **kwargs: Any) -> bool:
    """Whether ``event`` is among the machine's enabled events."""
    return any(e.id == event for e in sm.enabled_events(**kwargs))


def handover(cases: list[HandoverCase]) -> list[Prepared]:
    """Both bindings of the org machine."""
    cls = handover_class()
    shared = cls()

    def per_lead(actor: dict[str, Any], lead: dict[str, Any], to: str, record: Record) -> bool:
        """A machine around the lead's record (state field ``org``)."""
        return enabled(cls(model=record, state_field="org"), f"to_{to}", actor=actor, lead=lead)

    def reused(actor: dict[str, Any], lead: dict[str, Any], to: str, record: Record) -> bool:
        """The shared machine moved to the lead's org first."""
        shared.current_state_value = lead["org"]
        return enabled(shared, f"to_{to}", actor=actor, lead=lead)

    inputs: list[Args] = [((c.actor, c.lead, c.to, Record(org=c.lead["org"])), {}) for c in cases]
    return [Prepared(ENGINE, "orgs as states, machine per lead", per_lead, inputs, identity_bool),
            Prepared(ENGINE, "orgs as states, one machine", reused, inputs, identity_bool)]


def transition(cases: list[TransitionCase]) -> list[Prepared]:
    """Both bindings of PartnerLead."""
    shared = PartnerLead()

    def per_lead(actor: dict[str, Any], lead: dict[str, Any], action: str, due: bool, record: Record) -> bool:
        """A machine around the lead's record (state field ``stage``)."""
        return enabled(PartnerLead(model=record, state_field="stage"), action, actor=actor, lead=lead, due=due)

    def reused(actor: dict[str, Any], lead: dict[str, Any], action: str, due: bool, record: Record) -> bool:
        """The shared machine moved to the lead's stage first."""
        shared.current_state_value = lead["stage"]
        return enabled(shared, action, actor=actor, lead=lead, due=due)

    inputs: list[Args] = [
        ((c.actor, c.lead, c.action, facts.is_due(c.lead, NOW), Record(stage=c.lead["stage"])), {})
        for c in cases]
    return [Prepared(ENGINE, "machine per lead", per_lead, inputs, identity_bool),
            Prepared(ENGINE, "one machine, state set", reused, inputs, identity_bool)]
