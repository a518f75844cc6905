"""Host-side facts: what a CRM works out in its own code before it asks a
policy engine that cannot (or would not usefully) work it out itself.

The peers' timings do NOT include these functions: each engine's inputs are
prepared once, before timing, which favours the peers. leadrules and the
hand-written if/else take the raw records and do this work inside the timed
call.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Optional

from truth_table import ACCEPTED_PERIOD, ORGS, PENDING_PERIOD

PARENT: dict[str, Optional[str]] = {org: parent for org, parent, _ in ORGS}
HANDOVER_ON: dict[str, bool] = {org: on for org, _, on in ORGS}


def edge_facts(lead_org: str, to: str) -> dict[str, bool]:
    """The org-tree facts of a handover from ``lead_org`` to ``to``:
    ``is_edge`` (one is the other's parent) and ``parent_handover`` (the
    parent end of that edge has handover switched on; False off an edge)."""
    if PARENT.get(to) == lead_org:
        return {"is_edge": True, "parent_handover": HANDOVER_ON[lead_org]}
    if PARENT.get(lead_org) == to:
        return {"is_edge": True, "parent_handover": HANDOVER_ON[to]}
    return {"is_edge": False, "parent_handover": False}


def relation(actor: dict[str, Any], lead: dict[str, Any]) -> str:
    """The actor's relation to a partner lead: "system" (the reserved role,
    nobody's company user), "source" (a user of the sourcing company, which
    wins when a company is both), "partner" or "other"."""
    if actor["role"] == "system":
        return "system"
    if actor["org"] == lead["source"]:
        return "source"
    if actor["org"] == lead["partner"]:
        return "partner"
    return "other"


def is_due(lead: dict[str, Any], now: dt.datetime) -> bool:
    """Whether the lead's deadline has passed at ``now``, with the built-in
    periods (pending: created_at, or reassigned_at if later, + 7 days;
    accepted: accepted_at + 30 days); other stages run no deadline."""
    stage = lead["stage"]
    if stage == "pending":
        start = max(lead["created_at"], lead.get("reassigned_at") or lead["created_at"])
        return now >= start + PENDING_PERIOD
    if stage == "accepted":
        return bool(now >= lead["accepted_at"] + ACCEPTED_PERIOD)
    return False
