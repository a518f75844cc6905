"""Shapes of the values that cross the API: facts, requests, problems, records.

The facts (:class:`Actor`, :class:`Lead`, :class:`WorkflowLead`, ...) and
the requests of ``Engine.decide`` (:class:`HandoverRequest`, ...) are
typing aids: at run time they are whatever the host passes (dicts, or its
own record objects such as dataclasses with the same field names, see
``_coerce`` and docs/python.md "Shapes"). Keys a shape does not list are
the host's own and are ignored. The run-time classes are the records the
engine returns: :class:`ConfigWarning`, :class:`Expiry` and
:class:`SweepResult`. The codes are the enums of ``_codes``; a decision's
reasons and effects the records of ``_answers``.

Timestamps going in are an aware ``datetime`` or RFC 3339 text with an
offset (:data:`Instant`); every timestamp coming out is an aware UTC
``datetime``.
"""

from datetime import datetime, timedelta, timezone
from typing import Any, Dict, List, Literal, Mapping, NamedTuple, Optional, Protocol, TypedDict, Union

__all__ = [
    "ActionsRequest",
    "Actor",
    "ActorRecord",
    "Assignee",
    "ConfigWarning",
    "CreateRequest",
    "CrossSiloRequest",
    "EditRequest",
    "Event",
    "Expiry",
    "ExpiryRequest",
    "HandoverRequest",
    "Instant",
    "Lead",
    "LeadRecord",
    "LinkActor",
    "LinkRequest",
    "LinkedLead",
    "NewLead",
    "Phase",
    "Problem",
    "Request",
    "SweepRequest",
    "SweepResult",
    "TargetsRequest",
    "TransitionRequest",
    "WorkflowActor",
    "WorkflowLead",
]

#: A timestamp going in: an aware ``datetime`` (a naive one is refused,
#: ``invalid_timestamp``) or RFC 3339 text with an offset.
Instant = Union[datetime, str]


class Actor(TypedDict):
    """The user asking: ``{"id": "u1", "org": "north", "role": "professional"}``.
    ``org`` is an org of the engine's directory (``unknown_org`` otherwise)
    for handover, cross silo, targets, create and edit."""

    id: str
    org: str
    role: str


class _WorkflowActorRequired(TypedDict):
    id: str
    role: str


class WorkflowActor(_WorkflowActorRequired, total=False):
    """The user taking a workflow action (``transition``, ``actions``).
    ``org`` is the user's company, compared as text with the lead's
    ``partner`` and ``source``: it is not looked up in the org directory (a
    partner company need not be an org of the tree); absent, the user is of
    neither company. The ``system`` role is the scheduler's."""

    org: Optional[str]


class LinkActor(WorkflowActor, total=False):
    """The user linking two leads: ``org`` is not looked up;
    ``assignment_owner_of`` lists the projects whose lead assignment the
    user owns (default: none)."""

    assignment_owner_of: List[str]


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
    """A lead about to be created (``can_create``): the creation form's
    choices, and what the host already knows of it. A missing stage is the
    initial one; a missing assignee is the creator. With ``id`` every effect
    of the plan names the lead (else they carry no ``lead`` key). A lead
    starting at a stage that runs an expiry period (``partner_lead``) gets
    its first deadline in the plan: ``expires_at`` if the host set one, else
    ``now`` plus the pending period of its ``template``."""

    id: Optional[str]
    stage: Optional[str]
    sub_stage: Optional[str]
    assignee: Optional[Assignee]
    handover_to_sales: bool
    template: Optional[str]
    expires_at: Optional[Instant]


class _WorkflowLeadRequired(TypedDict):
    id: str
    stage: str


class WorkflowLead(_WorkflowLeadRequired, total=False):
    """A lead in a workflow (``transition``, ``actions``, ``expiry``, and each
    row of ``sweep``), as the host's record has it. Which keys a workflow
    reads: ``partner`` and ``source`` where an action checks the parties
    (``partner_lead``: the company the lead is offered to, the company that
    sourced it; text compared with ``actor["org"]``, never looked up in the
    org directory), ``created_at`` while the pending period runs,
    ``accepted_at`` once the accepted period runs, ``owner`` and
    ``distribution_owner`` where an action checks or copies them."""

    sub_stage: Optional[str]
    owner: Optional[str]
    partner: Optional[str]
    source: Optional[str]
    distribution_owner: Optional[str]
    created_at: Optional[Instant]
    expires_at: Optional[Instant]
    accepted_at: Optional[Instant]
    reassigned_at: Optional[Instant]
    template: Optional[str]


class Event(TypedDict):
    """A scheduled event of a lead being linked: cancelled if after ``now``."""

    id: str
    at: Instant


class _LinkedLeadRequired(TypedDict):
    id: str
    project: str
    status: str


class LinkedLead(_LinkedLeadRequired, total=False):
    """One of the two leads of ``can_link``: its sales manager is ``owner``;
    ``alternates`` are its alternate mobile numbers."""

    owner: Optional[str]
    mobile: Optional[str]
    alternates: List[str]
    events: List[Event]


# --- requests of ``Engine.decide`` (docs/protocol.md "Kinds") ---------------


class _TransferRequired(TypedDict):
    kind: Literal["handover", "cross_silo"]
    actor: Actor
    lead: Lead
    to: str


class HandoverRequest(_TransferRequired):
    """``{"kind": "handover", "actor", "lead", "to"}``."""


CrossSiloRequest = HandoverRequest
"""``{"kind": "cross_silo", "actor", "lead", "to"}``: the shape of a handover."""


class TargetsRequest(TypedDict):
    """``{"kind": "targets", "actor", "lead"}``."""

    kind: Literal["targets"]
    actor: Actor
    lead: Lead


class _CreateRequired(TypedDict):
    kind: Literal["create"]
    actor: Actor
    lead: NewLead


class CreateRequest(_CreateRequired, total=False):
    """``{"kind": "create", "workflow", "actor", "lead", "now"}``: ``now``
    (the creation time) where the first stage runs an expiry period."""

    workflow: str
    now: Instant


class EditRequest(TypedDict):
    """``{"kind": "edit", "actor", "lead"}``."""

    kind: Literal["edit"]
    actor: Actor
    lead: Lead


class LinkRequest(TypedDict):
    """``{"kind": "link", "actor", "primary", "secondary", "owner", "now"}``."""

    kind: Literal["link"]
    actor: LinkActor
    primary: LinkedLead
    secondary: LinkedLead
    owner: str
    now: Instant


class _TransitionRequired(TypedDict):
    kind: Literal["transition"]
    workflow: str
    action: str
    actor: WorkflowActor
    lead: WorkflowLead


class TransitionRequest(_TransitionRequired, total=False):
    """``{"kind": "transition", "workflow", "action", "actor", "lead",
    "fields", "now"}``: ``now`` where the workflow reads the time."""

    fields: Optional[Mapping[str, object]]
    now: Instant


class _ActionsRequired(TypedDict):
    kind: Literal["actions"]
    workflow: str
    actor: WorkflowActor
    lead: WorkflowLead


class ActionsRequest(_ActionsRequired, total=False):
    """``{"kind": "actions", "workflow", "actor", "lead", "now"}``."""

    now: Instant


class ExpiryRequest(TypedDict):
    """``{"kind": "expiry", "workflow", "lead", "now"}``."""

    kind: Literal["expiry"]
    workflow: str
    lead: WorkflowLead
    now: Instant


class SweepRequest(TypedDict):
    """``{"kind": "sweep", "workflow", "leads", "now"}``: each row a
    :class:`WorkflowLead`, ids unique."""

    kind: Literal["sweep"]
    workflow: str
    leads: List[WorkflowLead]
    now: Instant


#: Any request of ``Engine.decide`` (the second-wave kinds are read as
#: plain mappings).
Request = Union[
    HandoverRequest,
    TargetsRequest,
    CreateRequest,
    EditRequest,
    LinkRequest,
    TransitionRequest,
    ActionsRequest,
    ExpiryRequest,
    SweepRequest,
    Dict[str, Any],
]


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
