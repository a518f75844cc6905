"""Shapes of the values that cross the API: codes, facts, reasons, problems.

These are typing aids: at run time the facts are plain dicts and the codes
plain strings. The codes are the stable, documented codes of the JSON
protocol (DESIGN §4); a code added by a later version of leadrules is added
here in the same release. The run-time classes are the records the engine returns:
:class:`ConfigWarning`, :class:`Expiry` and :class:`SweepResult`.
"""

from datetime import datetime, timedelta, timezone
from typing import Any, Dict, List, Literal, NamedTuple, Optional, TypedDict

__all__ = [
    "Actor",
    "Assignee",
    "ConfigWarning",
    "DenialCode",
    "Effect",
    "ErrorCode",
    "Expiry",
    "Lead",
    "NewLead",
    "Problem",
    "Reason",
    "Route",
    "SweepResult",
]

#: The mechanism that fits a pair of orgs.
Route = Literal["handover", "cross_silo"]

#: Why a request was denied (`Decision.codes`, `Reason["code"]`).
DenialCode = Literal[
    "sales_licence_required",
    "not_in_lead_org",
    "not_lead_owner",
    "same_org",
    "outside_community",
    "cross_silo_required",
    "handover_required",
    "handover_disabled",
    "cross_silo_disabled",
    "stage_not_permitted",
    "sub_stage_not_permitted",
    "assign_not_permitted",
    "assignee_outside_org",
    "locked_after_handover",
    "link_not_permitted",
    "same_lead",
    "different_project",
    "primary_not_wip",
    "secondary_not_wip",
    "owner_not_party",
    "illegal_transition",
    "capability_required",
    "not_partner_user",
    "sourcing_company_cannot_act",
    "not_sourcing_user",
    "system_only",
    "not_yet_due",
    "lead_expired",
    "missing_field",
    "invalid_field",
]

#: Why a request or config could not be read (`Error.code`). `internal`
#: is the binding's own: a broken promise, never bad input.
ErrorCode = Literal[
    "invalid_json",
    "invalid_request",
    "unknown_kind",
    "unknown_org",
    "unknown_role",
    "unknown_workflow",
    "unknown_action",
    "unknown_stage",
    "unknown_template",
    "invalid_timestamp",
    "invalid_duration",
    "invalid_config",
    "internal",
]


class Actor(TypedDict):
    """The user asking: ``{"id": "u1", "org": "north", "role": "professional"}``."""

    id: str
    org: str
    role: str


class _LeadRequired(TypedDict):
    id: str
    org: str


class Lead(_LeadRequired, total=False):
    """A lead as an org holds it; ``owner`` is absent or None while unowned.
    For ``can_edit`` it may also carry ``creator`` and ``handed_over_to_sales``."""

    owner: Optional[str]
    creator: Optional[str]
    handed_over_to_sales: bool


class Assignee(TypedDict):
    """The user a new lead is assigned to."""

    id: str
    org: str


class NewLead(TypedDict, total=False):
    """A lead about to be created: the creation form's choices. A missing
    stage is the initial one; a missing assignee is the creator."""

    stage: Optional[str]
    sub_stage: Optional[str]
    assignee: Optional[Assignee]
    handover_to_sales: bool


class _ReasonRequired(TypedDict):
    code: DenialCode
    message: str


class Reason(_ReasonRequired, total=False):
    """One failed check: a code, a sentence, and what it is about."""

    org: str
    lead: str
    field: str
    capability: str


#: One step of the plan a host applies: ``{"kind": "transfer", ...}``. The
#: keys besides ``kind`` depend on the kind (see the README's effect table).
Effect = Dict[str, Any]


class Problem(TypedDict):
    """One finding of config validation."""

    path: str
    message: str


class ConfigWarning(NamedTuple):
    """A finding about an engine's config that did not stop it from loading
    (a stage no action reaches, an action nobody can take, ...):
    ``Engine.warnings`` lists them in document order. Immutable; compares,
    hashes and pickles as the tuple ``(path, message)``."""

    #: Dotted path from the config root, e.g. ``policy.workflows.review.stages[1]``.
    path: str
    #: What looks wrong there, for a human.
    message: str



#: The expiry period that runs on a stage.
Phase = Literal["pending", "accepted"]


class Expiry(NamedTuple):
    """Where a lead stands against its deadline (``Engine.expiry``)."""

    #: The deadline, an aware UTC datetime; None where no expiry runs.
    expires_at: Optional[datetime]
    #: Whether the deadline has come (``now >= expires_at``).
    due: bool
    #: The period that runs, or None.
    phase: Optional[Phase]


class SweepResult(NamedTuple):
    """Which leads are due now, and when to sweep next (``Engine.sweep``,
    ``Engine.sweep_columns``)."""

    #: The ids of the due leads, in input order.
    due: List[Any]
    #: The earliest deadline still to come (aware UTC), or None.
    next_deadline: Optional[datetime]


_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)


def _instant(seconds: int, microseconds: int) -> datetime:
    """An aware UTC datetime from Unix seconds (any sign) and microseconds."""
    return _EPOCH + timedelta(seconds=seconds, microseconds=microseconds)


for _record in (ConfigWarning, Expiry, SweepResult):
    # Shown (and pickled) under its public name, e.g. `leadrules.Expiry`.
    _record.__module__ = "leadrules"
