"""The baseline: the if/else a CRM developer writes by hand, over the same
raw records leadrules gets (its org directory as two dicts built once). No
reasons, no effects: just allow or deny."""

from __future__ import annotations

import datetime as dt
from typing import Any, Callable, Optional

from prepared import Args, Prepared, identity_bool
from truth_table import ACCEPTED_PERIOD, NOW, ORGS, PENDING_PERIOD, HandoverCase, TransitionCase

PACKAGE = None
ENGINE = "hand-written if/else"


def build_may_handover() -> Callable[[dict[str, Any], dict[str, Any], str], bool]:
    """The handover rule as a closure over the directory (parent and
    handover switch per org)."""
    parent_of: dict[str, Optional[str]] = {org: parent for org, parent, _ in ORGS}
    handover_on: dict[str, bool] = {org: on for org, _, on in ORGS}
    licensed = frozenset(("professional", "manager"))
    org_leads = frozenset(("manager",))

    def may_handover(actor: dict[str, Any], lead: dict[str, Any], to: str) -> bool:
        """Licence, membership, ownership (unless managing org leads), then
        an open parent↔child edge."""
        role = actor["role"]
        src = lead["org"]
        if role not in licensed or actor["org"] != src:
            return False
        if role not in org_leads and lead.get("owner") != actor["id"]:
            return False
        if parent_of.get(to) == src:
            return handover_on[src]
        if parent_of.get(src) == to:
            return handover_on[to]
        return False

    return may_handover


def _due(lead: dict[str, Any], now: dt.datetime) -> bool:
    """Deadline passed? pending: created_at (or reassigned_at) + 7 days,
    accepted: accepted_at + 30 days; other stages never."""
    stage = lead["stage"]
    if stage == "pending":
        return now >= max(lead["created_at"], lead.get("reassigned_at") or lead["created_at"]) + PENDING_PERIOD
    if stage == "accepted":
        return bool(now >= lead["accepted_at"] + ACCEPTED_PERIOD)
    return False


def may_transition(actor: dict[str, Any], lead: dict[str, Any], action: str,
                   fields: Optional[dict[str, Any]], now: dt.datetime) -> bool:
    """The partner_lead rule: who, from which stage, the deadline, and the
    required form field being filled in."""
    stage = lead["stage"]
    system = actor["role"] == "system"
    org = actor["org"]
    source = not system and org == lead["source"]
    partner = not system and not source and org == lead["partner"]
    fields = fields or {}
    if action == "accept":
        return partner and stage == "pending" and not _due(lead, now)
    if action == "decline":
        return partner and stage == "pending" and bool(str(fields.get("reason") or "").strip())
    if action == "convert":
        return (partner and stage == "accepted" and not _due(lead, now)
                and bool(str(fields.get("opportunity_id") or "").strip()))
    if action == "close":
        return partner and stage == "accepted"
    if action == "expire":
        return system and stage in ("pending", "accepted") and _due(lead, now)
    if action == "reassign":
        new = fields.get("partner")
        return (source and stage in ("pending", "declined", "expired")
                and bool(new) and new not in (lead["partner"], lead["source"]))
    raise ValueError(f"unknown action {action!r}")


def handover(cases: list[HandoverCase]) -> list[Prepared]:
    """``may_handover(actor, lead, to)``."""
    inputs: list[Args] = [((c.actor, c.lead, c.to), {}) for c in cases]
    return [Prepared(ENGINE, "", build_may_handover(), inputs, identity_bool)]


def transition(cases: list[TransitionCase]) -> list[Prepared]:
    """``may_transition(actor, lead, action, fields, now)``."""
    inputs: list[Args] = [((c.actor, c.lead, c.action, c.fields, NOW), {}) for c in cases]
    return [Prepared(ENGINE, "", may_transition, inputs, identity_bool)]
