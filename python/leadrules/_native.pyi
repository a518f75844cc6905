# Stubs for the compiled module leadrules._native (python/src/).
# Checked against the module by `python -m mypy.stubtest leadrules._native`.

from datetime import datetime, timedelta
from typing import Any, Iterable, Iterator, Literal, Mapping, NoReturn, Sequence, final, overload

from ._answers import Alternative, Effect, Match, Reason, Skipped
from ._assignment import AssignLead, Member, Pool
from ._matching import Candidate, MatchLead
from ._codes import DenialCode, Route
from ._types import (
    Actor,
    ActorRecord,
    ConfigWarning,
    Expiry,
    Instant,
    Lead,
    LeadRecord,
    LinkActor,
    LinkedLead,
    NewLead,
    Request,
    SweepResult,
    WorkflowActor,
    WorkflowLead,
)
from ._workflow import Workflow
from ._hours import PauseIn

# What the typed calls take for facts: the shape's dict (or any mapping),
# or the host's own record object, such as a dataclass with the shape's
# field names (read as the dict of its public attributes and properties,
# leniently: see docs/python.md, "Shapes" and "Host values").
_ActorIn = Actor | Mapping[str, object] | ActorRecord
_LeadIn = Lead | Mapping[str, object] | LeadRecord
_WorkflowActorIn = WorkflowActor | Mapping[str, object] | ActorRecord
_LinkActorIn = LinkActor | Mapping[str, object] | ActorRecord
_WorkflowLeadIn = WorkflowLead | Mapping[str, object] | LeadRecord
_LinkedLeadIn = LinkedLead | Mapping[str, object] | LeadRecord
# A draft of a new lead has no required key: any record object will do.
_DraftIn = NewLead | Mapping[str, object] | object
# Assignment: a lead, and pools of members (each a dict, a mapping or a
# record object: a dataclass, NamedTuple, ... with the shape's field names).
_AssignLeadIn = AssignLead | Mapping[str, object] | LeadRecord
_MemberIn = Member | Mapping[str, object] | object
_PoolIn = Pool | Mapping[str, object] | object
_PoolsIn = Mapping[str, _PoolIn]
# Duplicate detection: a lead's contact fields (a dict, a mapping or a
# record object with the shape's field names).
# Prepared facts: a typed call takes a handle wherever it takes a record.
_ActorArg = PreparedActor | _ActorIn
_LeadArg = PreparedLead | _LeadIn
_WorkflowActorArg = PreparedActor | _WorkflowActorIn
_MatchLeadIn = MatchLead | Mapping[str, object] | object
_CandidateIn = Candidate | Mapping[str, object] | object

__all__ = [
    "DENIAL_CODES",
    "EFFECT_KINDS",
    "ERROR_CODES",
    "ROUTES",
    "ActionGrid",
    "Assignment",
    "Assignments",
    "Calendar",
    "Decision",
    "Engine",
    "Matches",
    "PreparedActor",
    "PreparedLead",
    "PreparedWorkflowLead",
    "Sla",
    "Targets",
    "Verdicts",
    "__version__",
]

#: The version of the crate (and the wheel).
__version__: str
#: Core's denial codes, in documentation order (``leadrules.DenialCode``
#: lists exactly these).
DENIAL_CODES: tuple[str, ...]
#: Core's error codes, then the binding's own ``"internal"``
#: (``leadrules.ErrorCode``).
ERROR_CODES: tuple[str, ...]
#: Core's effect kinds, in documentation order (``leadrules.EffectKind``).
EFFECT_KINDS: tuple[str, ...]
#: The routes (``leadrules.Route``).
ROUTES: tuple[str, ...]

@final
class Engine:
    """A compiled policy and org directory: built once, asked many questions.

    ``config`` is None (the built-in policy, no orgs), a dict, or JSON text.
    Raises ``ConfigError`` listing every problem of a config that does not
    validate. Immutable: share one engine between threads freely.

    Configs and requests hold JSON-shaped values (any mapping with ``str``
    keys, list, tuple, str, int, float, bool, None), and these host values:
    ``datetime``, ``date`` and ``time`` as their ``isoformat()``, ``UUID`` as
    its ``str``, a finite ``Decimal`` as a float, an ``Enum`` as its
    ``.value``, and record objects (a dataclass, NamedTuple, attrs or
    pydantic model, an object with public attributes) as the object of
    their public fields and properties, read leniently: a field that
    cannot be converted (a back-reference, a value of no supported type, a
    record inside two records) is left out. A naive ``datetime`` is refused
    (``invalid_timestamp``, with its path) wherever a timestamp is read.

    Pickles as its config: the unpickled engine is equal in every answer.

    ``strict=True`` makes a request key the protocol does not define an
    error (``RequestError``, ``invalid_request`` at the key's path, with a
    "did you mean" for a near spelling); ``unknown_keys`` chooses any mode
    (``"ignore"``, ``"warn"``: the answer lists them and each is an
    ``UnknownKeyWarning``, ``"error"``). Either replaces the config's
    ``policy.requests.unknown_keys``; by default unknown keys are ignored.
    """

    def __new__(
        cls,
        config: Mapping[str, object] | str | None = None,
        *,
        strict: bool = False,
        unknown_keys: Literal["ignore", "warn", "error"] | None = None,
    ) -> Engine: ...
    @property
    def unknown_keys(self) -> Literal["ignore", "warn", "error"]:
        """What the engine does with request keys the protocol does not
        define (the config's mode, or the constructor's choice)."""
    @property
    def warnings(self) -> list[ConfigWarning]:
        """Findings about the config that did not stop it from loading (a
        stage no action reaches, an action nobody can take, ...), in
        document order; empty for the built-in policy."""

    def decide(
        self, request: Request | Mapping[str, object] | str | bytes | bytearray | memoryview
    ) -> dict[str, Any]:
        """Answers one protocol request (a dict, JSON text, or its UTF-8
        bytes) with the response dict, instants as aware UTC datetimes.
        Raises ``RequestError`` (or a subclass) for bad input; bytes that
        are not UTF-8 are ``invalid_json``."""

    def can_handover(
        self, actor: _ActorArg, lead: _LeadArg, to: str
    ) -> Decision:
        """May ``actor`` hand ``lead`` over to the org ``to`` (a parent↔child edge)?"""

    def can_cross_silo(
        self, actor: _ActorArg, lead: _LeadArg, to: str
    ) -> Decision:
        """May ``actor`` send ``lead`` to the org ``to`` by cross silo?"""

    def targets(self, actor: _ActorArg, lead: _LeadArg) -> Targets:
        """The orgs ``actor`` may send ``lead`` to, by each route."""

    def can_create(
        self,
        actor: _ActorIn,
        lead: _DraftIn,
        workflow: str | None = None,
        *,
        now: Instant | None = None,
    ) -> Decision:
        """May ``actor`` create ``lead`` as drafted (``workflow`` defaults to
        ``leadx_pipeline``)? Where the lead's first stage runs an expiry
        period (``partner_lead``), ``now``, the creation time, gives the
        plan the lead's first deadline (``set_expiry``; none without it).
        With ``lead["id"]`` every effect names the lead."""

    def can_edit(self, actor: _ActorArg, lead: _LeadArg) -> Decision:
        """May ``actor`` update ``lead``?"""

    def can_link(
        self,
        actor: _LinkActorIn,
        primary: _LinkedLeadIn,
        secondary: _LinkedLeadIn,
        *,
        owner: str,
        now: Instant,
    ) -> Decision:
        """May ``actor`` link ``secondary`` into ``primary``, ``owner`` owning
        the primary? ``now`` is RFC 3339 text or an aware datetime."""

    @overload
    def transition(
        self,
        actor: _WorkflowActorArg,
        lead: PreparedWorkflowLead,
        action: str,
        *,
        workflow: str | None = None,
        fields: Mapping[str, object] | None = None,
        now: Instant | None = None,
    ) -> Decision: ...
    @overload
    def transition(
        self,
        actor: _WorkflowActorArg,
        lead: _WorkflowLeadIn,
        action: str,
        *,
        workflow: str,
        fields: Mapping[str, object] | None = None,
        now: Instant | None = None,
    ) -> Decision:
        """May ``actor`` take ``action`` on ``lead`` in ``workflow``? With a
        ``PreparedWorkflowLead``, ``workflow`` may be left out (if given, it
        must be the lead's)."""

    @overload
    def actions(
        self,
        actor: _WorkflowActorArg,
        lead: PreparedWorkflowLead,
        *,
        workflow: str | None = None,
        now: Instant | None = None,
    ) -> list[dict[str, Any]]: ...
    @overload
    def actions(
        self,
        actor: _WorkflowActorArg,
        lead: _WorkflowLeadIn,
        *,
        workflow: str,
        now: Instant | None = None,
    ) -> list[dict[str, Any]]:
        """Every action of ``workflow``: ``{"action", "allowed", "reasons", "requires"}``,
        ``reasons`` a list of :class:`Reason` (as a decision's)."""

    # Prepared facts and list views.

    def actor(self, record: _WorkflowActorIn) -> PreparedActor:
        """``record`` (``id``, ``role``, and ``org`` where the questions
        need one) read once into a ``PreparedActor`` of this engine; its
        errors are the record path's, at ``actor...``."""

    def lead(self, record: _LeadIn) -> PreparedLead:
        """``record`` (``id``, ``org``, ``owner``, ``creator``,
        ``handed_over_to_sales``) read once into a ``PreparedLead`` of this
        engine; its errors are the record path's, at ``lead...``."""

    def workflow_lead(self, record: _WorkflowLeadIn, *, workflow: str) -> PreparedWorkflowLead:
        """``record`` read once as a lead of ``workflow`` (stage, sub-stage
        and template checked, timestamps parsed) into a
        ``PreparedWorkflowLead``; its errors are the record path's, at
        ``lead...`` (``workflow`` for an unknown workflow)."""

    def actions_many(
        self,
        actor: _WorkflowActorArg,
        leads: Sequence[PreparedWorkflowLead | _WorkflowLeadIn],
        *,
        workflow: str | None = None,
        now: Instant | None = None,
    ) -> ActionGrid:
        """Every action of one workflow for ``actor`` and each of ``leads``
        (handles, or records of ``workflow``), in one call without the GIL:
        an ``ActionGrid``, row ``i`` what ``actions`` answers for
        ``leads[i]``. Errors: the first bad lead's, at ``leads[i]...``."""

    def can_edit_many(self, actor: _ActorArg, leads: Sequence[PreparedLead | _LeadIn]) -> Verdicts:
        """``can_edit`` for each of ``leads``, in one call without the GIL:
        ``Verdicts``, item ``i`` what ``can_edit(actor, leads[i])`` answers."""

    def targets_many(self, actor: _ActorArg, leads: Sequence[PreparedLead | _LeadIn]) -> list[Targets]:
        """``targets`` for each of ``leads``, in one call without the GIL."""

    def assign(self, lead: _AssignLeadIn, pools: _PoolsIn, *, now: Instant | None = None) -> Assignment:
        """Who gets ``lead`` among ``pools`` (pool name → ``{"cursor",
        "members"}``), by the policy's assignment rules. ``now`` (an aware
        datetime or RFC 3339 text) matters only to members with a
        calendar. Bad input raises ``RequestError`` at its path
        (``pools.inside.members[2].open_leads``)."""

    def assign_many(
        self, leads: Sequence[_AssignLeadIn], pools: _PoolsIn, *, now: Instant | None = None
    ) -> Assignments:
        """Assigns ``leads`` in order among ``pools``, each lead counted
        (the assignee's open leads, the pool's cursor) before the next: the
        answers of asking one by one and applying each. A large batch is
        routed without the GIL."""

    def match_keys(self, lead: _MatchLeadIn) -> list[str]:
        """The match keys of ``lead`` (``phone``, ``mobiles``, ``email``,
        ``emails``, ``name``, ``company``), sorted and distinct:
        ``"same-phone:+919812345678"``, ``"same-person:jane doe|acme"``, for
        the host to store in an indexed column. Bad input raises
        ``RequestError`` at its path (``lead.mobiles[0]``)."""

    def match_keys_many(self, leads: Sequence[_MatchLeadIn]) -> list[list[str]]:
        """``match_keys`` of each of ``leads``, in order. A large batch is
        normalised without the GIL, split across the machine's cores."""

    def match(self, lead: _MatchLeadIn, candidates: Sequence[_CandidateIn]) -> Matches:
        """Which of ``candidates`` (saved leads found through the keys, each
        with its ``id``) duplicate ``lead``, by which rules and with which
        action; refused (``duplicate_blocked``) when a blocking rule
        matched. A candidate with the lead's own id is passed over."""

    def match_keyed(
        self,
        keys: Iterable[str],
        candidates: Mapping[str, Iterable[str]] | Iterable[tuple[str, Iterable[str]]],
        *,
        lead_id: str | None = None,
    ) -> Matches:
        """``match`` by stored keys: which candidates duplicate the lead
        whose match keys are ``keys`` (as ``match_keys`` gave them), given
        each saved lead's id and the keys stored for it (a mapping of id to
        keys, or ``(id, keys)`` pairs, in candidate order). The same
        ``Matches`` as ``match`` for the records the keys came from, with
        nothing normalised again; a candidate with ``lead_id`` is passed
        over. Bad input raises ``RequestError`` at its path
        (``candidates[2].keys[0]``, a repeated id at ``candidates[3].id``)."""

    def change_owner(self, actor: _ActorArg, lead: _LeadArg, to: _ActorArg) -> Decision:
        """May ``actor`` make ``to`` (a user: ``id``, ``org``, ``role``) the
        owner of ``lead`` (``id``, ``org``, ``owner``, ``creator``,
        ``handed_over_to_sales``)?"""

    def expiry(self, lead: _WorkflowLeadIn, *, workflow: str, now: Instant) -> Expiry:
        """Where ``lead`` stands against its deadline in ``workflow`` at ``now``."""

    def sweep(
        self, leads: Iterable[_WorkflowLeadIn], *, workflow: str, now: Instant
    ) -> SweepResult:
        """Which of ``leads`` are due at ``now``, and the earliest deadline to come."""

    def sweep_columns(
        self,
        ids: Sequence[Any],
        stages: Sequence[str] | Sequence[int] | Any,
        created_at: Sequence[int | None] | Any,
        *,
        workflow: str,
        now: int | str | datetime,
        expires_at: Sequence[int | None] | Any = None,
        accepted_at: Sequence[int | None] | Any = None,
        reassigned_at: Sequence[int | None] | Any = None,
        templates: Sequence[str] | Sequence[int] | Any = None,
    ) -> SweepResult:
        """The sweep over columns (sequences or integer buffers such as NumPy
        arrays; times in Unix seconds); the GIL is released while it runs,
        and taken back every 65,536 rows to check for Ctrl-C."""

    def workflow(self, workflow: str) -> Workflow:
        """The workflow named ``workflow``, read-only: its stages in order
        with their flags (``initial``, ``terminal``, ``archived``, the
        ``expiry`` period each runs), its sub-stages and its actions.
        Raises ``UnknownReferenceError`` for an unknown name."""

    def stage_code(self, workflow: str, stage: str) -> int:
        """The code of a stage of ``workflow``, for ``sweep_columns``."""

    def template_code(self, name: str) -> int:
        """The code of an expiry template, for ``sweep_columns``."""

    # Business hours: a policy calendar, and the SLA clock.
    def calendar(self, name: str) -> Calendar:
        """The policy calendar ``name``: open time between instants, adding
        open time, whether and when it is open. Raises
        ``UnknownReferenceError`` (``unknown_calendar`` at ``calendar``)
        for a name the policy lacks."""

    def sla(
        self,
        calendar: str | Calendar,
        start: Instant,
        target: timedelta | str,
        now: Instant,
        paused: Sequence[PauseIn] | None = None,
    ) -> Sla:
        """The SLA clock of ``calendar`` that started at ``start`` with
        ``target`` of open time (a ``timedelta`` of whole seconds, or
        duration text such as ``"PT4H"``), paused by ``paused``
        (``{"from", "to"}`` dicts or ``(from, to)`` tuples, ``to`` None
        while still paused), at ``now``. Read as the protocol's ``sla``
        request: its errors, at its paths."""

    def __reduce__(self) -> tuple[Any, tuple[str]]:
        """Pickles as the config text (and the constructor's unknown-key
        mode, if it chose one): unpickling rebuilds an equal engine."""

@final
class Decision:
    """The answer to a handover, cross-silo, create, edit, link or transition question;
    truthy when allowed.

    Immutable; holds core's answer, never the engine or the request, so
    it outlives both. Equal (and hashing alike) when the responses are.
    Pickles as its response text and loads from it alone, with no engine
    (what a ``multiprocessing`` worker sends back)."""

    @property
    def allowed(self) -> bool:
        """Whether the request may go ahead."""

    @property
    def reasons(self) -> list[Reason]:
        """Every failed check, in the documented order (empty when allowed)."""

    @property
    def codes(self) -> list[DenialCode]:
        """The reason codes alone, in order (members equal to their text)."""

    @property
    def effects(self) -> list[Effect]:
        """What the host must do, in order, when allowed (empty on a denial);
        timestamps (``expires_at``, ``start``, a recorded ``value``) are
        aware UTC datetimes."""

    @property
    def route(self) -> Route | None:
        """The mechanism that fits the two orgs, also on denials; None for
        the same org, orgs of different communities, and other decisions."""

    @property
    def alternative(self) -> Alternative | None:
        """Beside a handover or cross-silo denial whose ``route`` is the
        other mechanism: what asking that one instead would answer (offer
        it only when ``allowed``); None otherwise."""

    @property
    def from_stage(self) -> str | None:
        """For a transition: the lead's stage now; None for other decisions."""

    @property
    def to_stage(self) -> str | None:
        """For a transition: where the action leads, also on denials (the
        current stage for an action that stays); None when the stage does
        not offer the action, and for other decisions."""

    def to_dict(self) -> dict[str, Any]:
        """The protocol response, as plain fresh dicts and lists: what
        ``Engine.decide`` answers to the same request (instants as aware
        UTC datetimes, as everywhere in the Python API)."""

    def __bool__(self) -> bool:
        """Whether the request may go ahead (``allowed``)."""

    def __eq__(self, value: object, /) -> bool:
        """Decisions are equal when their responses are."""

    def __hash__(self) -> int:
        """The hash of the response."""

    def __reduce__(self) -> tuple[Any, tuple[str]]:
        """Pickles as the response text: the unpickled decision is equal
        and needs no engine."""

    @classmethod
    def _from_response(cls, text: str) -> Decision:
        """The decision a response text describes (how a decision unpickles);
        ``ValueError`` for text that is no decision core could answer."""

@final
class Assignment:
    """Who gets a lead (``Engine.assign``), and why the others did not;
    truthy when a member was picked.

    Immutable; holds the answer, never the engine or the request. Equal
    (and hashing alike) when the responses are; pickles as its response
    text."""

    @property
    def allowed(self) -> bool:
        """Whether a member was picked."""

    @property
    def assignee(self) -> str | None:
        """The member picked (its id), or None."""

    @property
    def rule(self) -> str | None:
        """The rule that assigned; on a denial the last rule tried, or None
        when no rule matched."""

    @property
    def pool(self) -> str | None:
        """The pool the assignee was picked from, or None."""

    @property
    def skipped(self) -> list[Skipped]:
        """The members passed over, each with every check it failed: for
        round robin those visited before the pick; for least loaded, and
        on a denial, every ineligible member (pool then member order)."""

    @property
    def reasons(self) -> list[Reason]:
        """The denial: ``no_rule_matched``, or ``no_eligible_member`` with
        its ``pool`` (the last pool tried); empty when assigned."""

    @property
    def codes(self) -> list[DenialCode]:
        """The reason codes alone."""

    @property
    def effects(self) -> list[Effect]:
        """What the host applies when assigned: ``set_owner``,
        ``advance_cursor``, ``notify``; empty on a denial."""

    def to_dict(self) -> dict[str, Any]:
        """The protocol response, as plain fresh dicts and lists: what
        ``Engine.decide`` answers to the same ``assign`` request."""

    def __bool__(self) -> bool:
        """Whether a member was picked (``allowed``)."""

    def __eq__(self, value: object, /) -> bool:
        """Assignments are equal when their responses are."""

    def __hash__(self) -> int:
        """The hash of the response."""

    def __reduce__(self) -> tuple[Any, tuple[str]]:
        """Pickles as the response text."""

    @classmethod
    def _from_response(cls, text: str) -> Assignment:
        """The assignment a response text describes (how one unpickles);
        ``ValueError`` for text that is not an assignment's answer."""

@final
class Assignments:
    """A batch's answer (``Engine.assign_many``): a sequence of
    :class:`Assignment`, one per lead in order, and the ``cursors`` to
    store for the next call. Immutable; pickles as its response text."""

    def __len__(self) -> int: ...
    @overload
    def __getitem__(self, index: int, /) -> Assignment: ...
    @overload
    def __getitem__(self, index: slice, /) -> list[Assignment]: ...
    def __iter__(self) -> Iterator[Assignment]: ...
    @property
    def assignments(self) -> list[Assignment]:
        """Every assignment, in the leads' order (a new list)."""

    @property
    def cursors(self) -> dict[str, str]:
        """Pool → its cursor after the batch, for every pool an allowed
        assignment used (a new dict)."""

    @property
    def assigned(self) -> int:
        """How many leads were assigned (the others were denied)."""

    def to_dict(self) -> dict[str, Any]:
        """The protocol response ``{"assignments": [...], "cursors": {...}}``:
        what ``Engine.decide`` answers to the same batch."""

    def __eq__(self, value: object, /) -> bool:
        """Batches are equal when their responses are."""

    def __reduce__(self) -> tuple[Any, tuple[str]]:
        """Pickles as the response text."""

    @classmethod
    def _from_response(cls, text: str) -> Assignments:
        """The batch a response text describes (how one unpickles)."""

@final
class Matches:
    """Which candidates duplicate a lead (``Engine.match``); truthy when
    the lead may be saved (no blocking rule matched).

    Immutable; holds the answer, never the engine or the request. Equal
    (and hashing alike) when the responses are; pickles as its response
    text."""

    @property
    def allowed(self) -> bool:
        """Whether the lead may be saved: no blocking rule matched."""

    @property
    def reasons(self) -> list[Reason]:
        """``duplicate_blocked`` with ``lead``, the first blocking
        candidate; empty when allowed."""

    @property
    def codes(self) -> list[DenialCode]:
        """The reason codes alone."""

    @property
    def matches(self) -> list[Match]:
        """The candidates that share a key of some rule, in the order
        given, each with its rules (policy order) and strongest action."""

    def to_dict(self) -> dict[str, Any]:
        """The protocol response, as plain fresh dicts and lists: what
        ``Engine.decide`` answers to the same ``match`` request."""

    def __bool__(self) -> bool:
        """Whether the lead may be saved (``allowed``)."""

    def __len__(self) -> int:
        """How many candidates matched."""

    def __eq__(self, value: object, /) -> bool:
        """Answers are equal when their responses are."""

    def __hash__(self) -> int:
        """The hash of the response."""

    def __reduce__(self) -> tuple[Any, tuple[str]]:
        """Pickles as the response text."""

    @classmethod
    def _from_response(cls, text: str) -> Matches:
        """The answer a response text describes (how one unpickles);
        ``ValueError`` for text that is not a ``match`` answer."""

@final
class Targets:
    """The orgs an actor may send a lead to, by handover and by cross silo.

    ``Targets(handover, cross_silo)`` builds one (lists of org ids); it
    compares, hashes and pickles by its two lists."""

    def __new__(cls, handover: Sequence[str], cross_silo: Sequence[str]) -> Targets: ...
    @property
    def handover(self) -> list[str]:
        """Orgs reachable by handover, in directory order."""

    @property
    def cross_silo(self) -> list[str]:
        """Orgs reachable by cross silo, in directory order."""

    def to_dict(self) -> dict[str, list[str]]:
        """The protocol response ``{"handover": [...], "cross_silo": [...]}``."""

    def __eq__(self, value: object, /) -> bool: ...
    def __hash__(self) -> int: ...
    def __reduce__(self) -> tuple[type[Targets], tuple[list[str], list[str]]]:
        """Pickles as its two lists."""

# Prepared facts and list views.
@final
class PreparedActor:
    """A user read once by ``Engine.actor``: id, role resolved, org kept.

    Immutable and thread-safe; equal and hashed by its engine and content.
    Bound to the engine that made it: another engine's question refuses it
    (``RequestError``, ``foreign_handle``), and it does not pickle."""

    @property
    def id(self) -> str:
        """The user's id."""
    @property
    def org(self) -> str | None:
        """The user's org as the record named it (``None`` if absent)."""
    @property
    def role(self) -> str:
        """The user's role."""
    def __eq__(self, value: object, /) -> bool: ...
    def __hash__(self) -> int: ...
    def __reduce__(self) -> NoReturn:
        """Refused: a handle is bound to its engine (prepare it again)."""
    def __copy__(self) -> PreparedActor: ...
    def __deepcopy__(self, memo: object, /) -> PreparedActor: ...

@final
class PreparedLead:
    """A lead as an org holds it, read once by ``Engine.lead``.

    Immutable and thread-safe; equal and hashed by its engine and content.
    Bound to the engine that made it (``foreign_handle`` elsewhere); does
    not pickle."""

    @property
    def id(self) -> str:
        """The lead's id."""
    @property
    def org(self) -> str:
        """The org that holds the lead."""
    @property
    def owner(self) -> str | None:
        """The owning user, ``None`` while unowned."""
    def __eq__(self, value: object, /) -> bool: ...
    def __hash__(self) -> int: ...
    def __reduce__(self) -> NoReturn:
        """Refused: a handle is bound to its engine (prepare it again)."""
    def __copy__(self) -> PreparedLead: ...
    def __deepcopy__(self, memo: object, /) -> PreparedLead: ...

@final
class PreparedWorkflowLead:
    """A lead of one workflow, read once by ``Engine.workflow_lead``.

    Immutable and thread-safe; equal and hashed by its engine and content.
    Bound to the engine that made it (``foreign_handle`` elsewhere); does
    not pickle."""

    @property
    def id(self) -> str:
        """The lead's id."""
    @property
    def workflow(self) -> str:
        """The workflow it is a lead of."""
    @property
    def stage(self) -> str:
        """Its stage."""
    def __eq__(self, value: object, /) -> bool: ...
    def __hash__(self) -> int: ...
    def __reduce__(self) -> NoReturn:
        """Refused: a handle is bound to its engine (prepare it again)."""
    def __copy__(self) -> PreparedWorkflowLead: ...
    def __deepcopy__(self, memo: object, /) -> PreparedWorkflowLead: ...

@final
class ActionGrid:
    """``Engine.actions_many``'s answer: one bit per lead and action.

    ``grid[i]`` is lead ``i``'s bit mask (bit ``a`` set when
    ``grid.actions[a]`` is allowed); ``grid.decision(i, action)`` asks the
    single question for that lead, with its reasons."""

    @property
    def actions(self) -> tuple[str, ...]:
        """The workflow's actions, in bit order."""
    def __len__(self) -> int: ...
    def __getitem__(self, lead: int, /) -> int: ...
    def __iter__(self) -> Iterator[int]: ...
    def allowed(self, lead: int, action: str) -> bool:
        """Whether ``action`` is allowed on lead ``lead``."""
    def allowed_actions(self, lead: int) -> list[str]:
        """The actions allowed on lead ``lead``, in bit order."""
    def decision(self, lead: int, action: str) -> Decision:
        """``Engine.transition`` of ``action`` on lead ``lead`` (no form
        fields), at the grid's ``now``: the reasons of a denial."""

@final
class Verdicts:
    """``Engine.can_edit_many``'s answer: one bit per lead.

    ``v[i]`` is whether lead ``i`` may be edited; ``v.mask`` has bit ``i``
    set for each allowed lead; ``v.decision(i)`` asks ``can_edit`` for that
    lead, with its reasons."""

    @property
    def mask(self) -> int:
        """Bit ``i`` set when lead ``i`` is allowed."""
    def __len__(self) -> int: ...
    def __getitem__(self, lead: int, /) -> bool: ...
    def __iter__(self) -> Iterator[bool]: ...
    def decision(self, lead: int) -> Decision:
        """``Engine.can_edit`` for lead ``lead``: the reasons of a denial."""

# Business hours: a policy calendar, and the SLA clock's answer.
@final
class Calendar:
    """A policy calendar of an engine (``Engine.calendar(name)``).

    Immutable; keeps its engine alive. Instants go in as aware datetimes
    (or RFC 3339 text; a naive datetime is ``invalid_timestamp`` at the
    argument's name) and come out as aware UTC datetimes; open time is a
    ``timedelta`` of whole seconds. Equal (and hashing alike) when the
    names and the compiled hours are; pickles as its engine and name."""

    @property
    def name(self) -> str:
        """The calendar's name in the policy."""

    @property
    def zone(self) -> str:
        """The IANA zone whose wall clock its hours follow."""

    def add(self, start: Instant, open: timedelta) -> datetime | None:
        """The earliest instant at or after ``start`` with ``open`` of open
        time between them: a deadline used up at closing time is that
        closing time; zero gives ``start``. None past the year 9999. A
        negative ``open`` is ``invalid_request`` at ``open``."""

    def open_between(self, start: Instant, end: Instant) -> timedelta:
        """The open time in ``[start, end)`` (zero when ``end`` is not
        after ``start``)."""

    def is_open(self, at: Instant) -> bool:
        """Whether the calendar is open at ``at``."""

    def next_open(self, at: Instant) -> datetime | None:
        """The first instant at or after ``at`` at which it is open (``at``
        itself when open); None if not within 400 × 24 hours."""

    def add_many(self, starts: Any, open: Any) -> Any:
        """``add`` over a NumPy ``datetime64`` array (any unit; NaT gives
        NaT) and ``open`` a ``timedelta``, a ``numpy.timedelta64`` or a
        ``timedelta64`` array of the same length: a ``datetime64[s]``
        array. The GIL is released while core computes; needs NumPy."""

    def open_between_many(self, starts: Any, ends: Any) -> Any:
        """``open_between`` over two ``datetime64`` arrays of one length:
        a ``timedelta64[s]`` array (NaT where either is NaT)."""

    def __eq__(self, value: object, /) -> bool: ...
    def __hash__(self) -> int: ...
    def __reduce__(self) -> tuple[Any, tuple[Engine, str]]:
        """Pickles as its engine and name."""

@final
class Sla:
    """The state of an SLA clock at ``now`` (``Engine.sla``): the fields
    of the protocol's ``sla`` answer, instants as aware UTC datetimes,
    durations as ``timedelta``.

    Immutable; equal (and hashing alike) when every field is; pickles as
    its fields."""

    @property
    def due_at(self) -> datetime | None:
        """When the target is used up, in open unpaused time; None when a
        pause that never ends begins first."""

    @property
    def elapsed(self) -> timedelta:
        """The open, unpaused time in ``[start, now)``."""

    @property
    def remaining(self) -> timedelta:
        """The target less ``elapsed``, at least zero."""

    @property
    def breached(self) -> bool:
        """Whether ``elapsed`` has reached the target."""

    @property
    def open_now(self) -> bool:
        """Whether the calendar is open at ``now``."""

    @property
    def next_open(self) -> datetime | None:
        """The first instant at or after ``now`` at which it is open; None
        if not within 400 days."""

    def to_dict(self) -> dict[str, Any]:
        """The protocol response: what ``Engine.decide`` answers to the
        same ``sla`` request (durations as ``PT…H…M…S`` text)."""

    def __eq__(self, value: object, /) -> bool: ...
    def __hash__(self) -> int: ...
    def __reduce__(
        self,
    ) -> tuple[Any, tuple[int | None, int, int, bool, bool, int | None]]:
        """Pickles as its fields, in seconds."""

    @classmethod
    def _from_parts(
        cls,
        due_at: int | None,
        elapsed: int,
        remaining: int,
        breached: bool,
        open_now: bool,
        next_open: int | None,
    ) -> Sla:
        """The answer of these fields (how one unpickles); ``ValueError``
        for fields no clock answers."""
