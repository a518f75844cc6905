"""The shared truth table: the org directory, the leadrules config built from
it, and the cases of both rules as raw host facts (plain dicts, aware
datetimes), generated systematically.

Every engine is asked every case; leadrules' answer is the reference. The
table holds inputs only, never expected answers: what the rules say is what
leadrules says, and the correctness pass checks every peer against it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Optional

# ----------------------------------------------------------------- the orgs
# (id, parent, handover switched on). Two communities plus a lone root for
# actors who belong to neither end of a move. north_a switches handover on
# while its parent north has it off: a child's own setting must not open
# the edge to its parent.
ORGS: list[tuple[str, Optional[str], bool]] = [
    ("hq", None, True),
    ("north", "hq", False),
    ("north_a", "north", True),
    ("south", "hq", True),
    ("south_a", "south", False),
    ("other", None, True),
    ("other_a", "other", False),
    ("elsewhere", None, False),
]

# (lead org, target org, what the pair is): every org relation the rule
# distinguishes, each parent↔child edge with its parent's switch on and off.
PAIRS: list[tuple[str, str, str]] = [
    ("hq", "north", "edge down, parent on"),
    ("north", "hq", "edge up, parent on"),
    ("north", "north_a", "edge down, parent off (child on)"),
    ("north_a", "north", "edge up, parent off (child on)"),
    ("south", "south_a", "edge down, parent on"),
    ("south_a", "south", "edge up, parent on"),
    ("other_a", "other", "edge up, second community"),
    ("north", "south", "siblings"),
    ("hq", "north_a", "grandparent to grandchild"),
    ("south_a", "north_a", "cousins"),
    ("north", "north", "same org"),
    ("north", "other", "other community"),
]

ROLES = ["basic", "professional", "manager", "super_user"]
MEMBERSHIPS = ["lead org", "target org", "unrelated org"]
ACTOR_ID = "u1"
SOMEONE_ELSE = "u9"

# ------------------------------------------------------- the partner leads
NOW = dt.datetime(2026, 11, 23, 9, 30, tzinfo=dt.timezone.utc)
NOW_TEXT = "2026-11-23T09:30:00Z"
PENDING_PERIOD = dt.timedelta(days=7)  # leadrules' built-in template
ACCEPTED_PERIOD = dt.timedelta(days=30)

STAGES = ["pending", "accepted", "declined", "expired", "closed_converted", "closed_not_converted"]
ACTIONS = ["accept", "decline", "convert", "close", "expire", "reassign"]

# The actors of a partner lead whose partner is acme and source vendor.
# The last one checks that the reserved system role is nobody's company
# user, even with a company's org on it.
ACTOR_KINDS: dict[str, dict[str, str]] = {
    "partner manager": {"id": "p7", "org": "acme", "role": "manager"},
    "partner basic user": {"id": "p8", "org": "acme", "role": "basic"},
    "sourcing user": {"id": "v1", "org": "vendor", "role": "manager"},
    "other company user": {"id": "x1", "org": "gamma", "role": "professional"},
    "system": {"id": "sys", "org": "platform", "role": "system"},
    "system in partner org": {"id": "sys2", "org": "acme", "role": "system"},
}

# Valid form data for the actions that need some: the table is about who
# may act when, not about form validation.
FIELDS: dict[str, Optional[dict[str, str]]] = {
    "accept": None,
    "decline": {"reason": "out of territory"},
    "convert": {"opportunity_id": "OPP-1"},
    "close": None,
    "expire": None,
    "reassign": {"partner": "beta"},
}


@dataclass(frozen=True)
class HandoverCase:
    """One handover question: may ``actor`` hand ``lead`` over to ``to``?"""

    actor: dict[str, Any]
    lead: dict[str, Any]
    to: str
    label: str


@dataclass(frozen=True)
class TransitionCase:
    """One partner_lead question: may ``actor`` take ``action`` on ``lead`` at
    ``NOW``? ``due_label`` is how the lead was built (its deadline passed or
    not); hosts and engines work out dueness themselves."""

    actor: dict[str, Any]
    lead: dict[str, Any]
    action: str
    fields: Optional[dict[str, str]]
    label: str


def leadrules_config() -> dict[str, Any]:
    """The leadrules engine config of the org directory (built-in policy)."""
    return {"orgs": [{"id": o, "parent": p, "handover": h} for o, p, h in ORGS]}


def handover_cases() -> list[HandoverCase]:
    """Roles × ownership × membership × org pairs (every org relation and
    setting), 280 cases; membership "target org" is skipped for the same-org
    pair, where it would repeat "lead org"."""
    cases = []
    for lead_org, to, relation in PAIRS:
        for membership in MEMBERSHIPS:
            if membership == "target org" and to == lead_org:
                continue
            actor_org = {"lead org": lead_org, "target org": to, "unrelated org": "elsewhere"}[membership]
            for role in ROLES:
                for owns in (True, False):
                    actor = {"id": ACTOR_ID, "org": actor_org, "role": role}
                    lead = {"id": "L1", "org": lead_org, "owner": ACTOR_ID if owns else SOMEONE_ELSE}
                    label = (f"{role} in {membership}, {'owner' if owns else 'not owner'}: "
                             f"{lead_org} -> {to} ({relation})")
                    cases.append(HandoverCase(actor, lead, to, label))
    return cases


def partner_lead(stage: str, due: bool) -> dict[str, Any]:
    """A partner lead at ``stage`` whose deadline has (``due``) or has not
    passed at ``NOW``. The timestamps are what a host stores; stages that run
    no expiry get the same timestamps, which then decide nothing."""
    ago = dt.timedelta(days=31 if due else 1)
    lead: dict[str, Any] = {"id": "L9", "stage": stage, "partner": "acme", "source": "vendor"}
    if stage in ("accepted", "closed_converted", "closed_not_converted"):
        lead["accepted_at"] = NOW - ago
        lead["created_at"] = NOW - ago - dt.timedelta(days=2)
    else:
        lead["created_at"] = NOW - (dt.timedelta(days=8) if due else dt.timedelta(days=1))
    return lead


def transition_cases() -> list[TransitionCase]:
    """Stages × actions × actor kinds × due or not: 432 cases."""
    cases = []
    for stage in STAGES:
        for action in ACTIONS:
            for kind, actor in ACTOR_KINDS.items():
                for due in (False, True):
                    label = f"{kind} {action}s a {'due' if due else 'not due'} {stage} lead"
                    cases.append(TransitionCase(dict(actor), partner_lead(stage, due), action, FIELDS[action], label))
    return cases
