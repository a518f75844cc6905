"""Shapes of the values that cross the API: facts, problems, records.

The facts (:class:`Actor`, :class:`Lead`, ...) are typing aids: at run
time they are whatever the host passes (dicts, or its own record objects,
see ``_coerce``). The run-time classes are the records the engine returns:
:class:`ConfigWarning`, :class:`Expiry` and :class:`SweepResult`. The codes
are the enums of ``_codes``; a decision's reasons and effects the records
of ``_answers``.
"""

from datetime import datetime, timedelta, timezone
from typing import Any, List, Literal, NamedTuple, Optional, Protocol, TypedDict

__all__ = [
    "Actor",
    "ActorRecord",
    "Assignee",
    "ConfigWarning",
    "Expiry",
    "Lead",
    "LeadRecord",
    "NewLead",
    "Phase",
    "Problem",
    "SweepResult",
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


class ActorRecord(Protocol):
    """A host's own object standing for an actor: anything with ``id`` and
    ``role`` attributes or properties (a dataclass, NamedTuple, attrs or
    pydantic model, a plain object), read like the dict of its public
    attributes and properties. A typing aid: at run time, missing or
    mistyped fields are reported with their paths, as for a dict; a field
    that cannot be converted, or a property that raises, is left out (and
    reported missing if a rule reads it). A plain object needs a public
    attribute of its own to be read as a record: one with only properties
    is refused."""

    @property
    def id(self) -> object:
        """The user's id."""

    @property
    def role(self) -> object:
        """The user's role."""


class LeadRecord(Protocol):
    """A host's own object standing for a lead (or another fact with an
    ``id``, an attribute or a property), read like the dict of its public
    attributes and properties; see :class:`ActorRecord`."""

    @property
    def id(self) -> object:
        """The lead's id."""


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
