"""Shapes of the values assignment reads (``Engine.assign``,
``Engine.assign_many``, ``Engine.change_owner`` and their requests of
``Engine.decide``).

Typing aids, like the shapes of ``_types``: at run time a lead, a pool or
a member is whatever the host passes (dicts, or its own record objects
such as dataclasses with these field names). Keys a shape does not list
are the host's own and are ignored; bad values are errors with their
paths (``pools.inside.members[2].open_leads``). Representation only: no
rule is decided here.
"""

from typing import Dict, List, Literal, Mapping, Optional, TypedDict

from ._types import Actor, Instant, Lead

__all__ = [
    "AssignLead",
    "AssignManyRequest",
    "AssignRequest",
    "ChangeOwnerRequest",
    "Condition",
    "Member",
    "Pool",
]

#: A condition on a lead's fields, as in a rule's ``when``:
#: ``{"field": "country", "in": ["IN", "LK"]}``, ``{"any": [...]}``, ...
#: (docs/rules.md "Assignment").
Condition = Mapping[str, object]


class _AssignLeadRequired(TypedDict):
    id: str
    org: str


class AssignLead(_AssignLeadRequired, total=False):
    """A lead to route: ``org`` is an org of the directory (rules scoped to
    an org apply to its leads and those below it); ``fields`` are what the
    rules' and members' conditions test (text, numbers, booleans; a
    ``None`` value counts as missing)."""

    fields: Mapping[str, object]


class _MemberRequired(TypedDict):
    id: str
    org: str
    role: str


class Member(_MemberRequired, total=False):
    """A user of a pool and its live facts. ``org`` is compared as text
    with the lead's org; ``role`` must be a known role (it must grant
    ``receive_leads``). Defaults: ``active`` True, ``away`` False, no
    ``calendar``, ``open_leads`` 0, ``capacity`` None (no limit),
    ``weight`` 1 (0 takes no lead), no ``accepts`` (the member's own
    conditions on the lead: skills, languages, territory)."""

    active: bool
    away: bool
    calendar: Optional[str]
    open_leads: int
    capacity: Optional[int]
    weight: int
    accepts: List[Condition]


class _PoolRequired(TypedDict):
    members: List[Member]


class Pool(_PoolRequired, total=False):
    """A pool of members, in rotation order, and its cursor: the member the
    last pick went to (round robin starts after it; ``None`` or an id that
    is no member's starts at the first). Member ids are distinct."""

    cursor: Optional[str]


class _AssignRequired(TypedDict):
    kind: Literal["assign"]
    lead: AssignLead
    pools: Dict[str, Pool]


class AssignRequest(_AssignRequired, total=False):
    """``{"kind": "assign", "now", "lead", "pools"}``: ``now`` where a
    member names a calendar."""

    now: Instant


class _AssignManyRequired(TypedDict):
    kind: Literal["assign"]
    leads: List[AssignLead]
    pools: Dict[str, Pool]


class AssignManyRequest(_AssignManyRequired, total=False):
    """``{"kind": "assign", "now", "leads", "pools"}``: a batch, lead ids
    distinct."""

    now: Instant


class ChangeOwnerRequest(TypedDict):
    """``{"kind": "change_owner", "actor", "lead", "to"}``: ``lead`` with
    ``owner``, ``creator``, ``handed_over_to_sales`` as for ``edit``;
    ``to`` the new owner, a user as an actor is."""

    kind: Literal["change_owner"]
    actor: Actor
    lead: Lead
    to: Actor
