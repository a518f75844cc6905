"""leadrules: routing and permission rules for CRM lead management.

Build an :class:`Engine` once from a config, then ask it questions::

    import leadrules

    engine = leadrules.Engine({"orgs": [
        {"id": "hq", "handover": True},
        {"id": "north", "parent": "hq"},
    ]})
    actor = {"id": "u1", "org": "north", "role": "professional"}
    lead = {"id": "L1", "org": "north", "owner": "u1"}
    decision = engine.can_handover(actor, lead, "hq")
    if decision:
        apply(decision.effects)     # [Effect({"kind": "transfer", ...}), ...]
    else:
        show(decision.reasons)      # [Reason({"code": "...", "message": "..."})]

``Engine.decide`` answers any request of the JSON protocol, exactly as the
Rust and C entry points do. A denial is an answer; bad input raises a
subclass of :class:`Error`. Codes are ``str`` enums (:class:`DenialCode`,
:class:`ErrorCode`, :class:`Route`, :class:`EffectKind`) equal to their
text; reasons and effects are read-only dicts with typed attributes
(:class:`Reason`, :class:`Effect`). Facts may be dicts or the host's own
record objects (dataclasses, NamedTuples, attrs and pydantic models, plain
objects). Engines, decisions, targets and all the records pickle.

A typo in a request key is ignored by default, as the protocol says (hosts
pass their own records); ``Engine(config, strict=True)`` makes it an error
and ``Engine(config, unknown_keys="warn")`` an :class:`UnknownKeyWarning`,
both with a "did you mean" for a near spelling.
"""

from ._answers import Alternative, Effect, Match, Reason, Skipped
from ._assignment import (
    AssignLead,
    AssignManyRequest,
    AssignRequest,
    ChangeOwnerRequest,
    Member,
    Pool,
)
from ._matching import (
    Candidate,
    MatchKeysManyRequest,
    MatchKeysRequest,
    MatchLead,
    MatchRequest,
)
from ._codes import DenialCode, EffectKind, ErrorCode, Route
from ._errors import (
    ConfigError,
    Error,
    InternalError,
    RequestError,
    UnknownReferenceError,
)
from ._native import Assignment, Assignments, Decision, Engine, Matches, Targets, __version__

# Prepared facts (a record read once, for many questions) and list views.
from ._native import ActionGrid, PreparedActor, PreparedLead, PreparedWorkflowLead, Verdicts
from ._warnings import LeadrulesWarning, UnknownKeyWarning
from ._types import (
    ActionsRequest,
    Actor,
    ActorRecord,
    Assignee,
    ConfigWarning,
    CreateRequest,
    CrossSiloRequest,
    EditRequest,
    Event,
    Expiry,
    ExpiryRequest,
    HandoverRequest,
    Lead,
    LeadRecord,
    LinkActor,
    LinkedLead,
    LinkRequest,
    NewLead,
    Problem,
    SweepRequest,
    SweepResult,
    TargetsRequest,
    TransitionRequest,
    WorkflowActor,
    WorkflowLead,
)
from ._workflow import Stage, Workflow

# Business hours: a policy calendar and the SLA clock.
from ._hours import Pause
from ._native import Calendar, Sla

__all__ = [
    "ActionGrid",
    "ActionsRequest",
    "Actor",
    "ActorRecord",
    "Alternative",
    "AssignLead",
    "AssignManyRequest",
    "AssignRequest",
    "Assignee",
    "Assignment",
    "Assignments",
    "Calendar",
    "Candidate",
    "ChangeOwnerRequest",
    "ConfigError",
    "ConfigWarning",
    "CreateRequest",
    "CrossSiloRequest",
    "Decision",
    "DenialCode",
    "EditRequest",
    "Effect",
    "EffectKind",
    "Engine",
    "Error",
    "ErrorCode",
    "Event",
    "Expiry",
    "ExpiryRequest",
    "HandoverRequest",
    "InternalError",
    "Lead",
    "LeadRecord",
    "LeadrulesWarning",
    "LinkActor",
    "LinkRequest",
    "LinkedLead",
    "Match",
    "MatchKeysManyRequest",
    "MatchKeysRequest",
    "MatchLead",
    "MatchRequest",
    "Matches",
    "Member",
    "NewLead",
    "Pool",
    "Pause",
    "PreparedActor",
    "PreparedLead",
    "PreparedWorkflowLead",
    "Problem",
    "Reason",
    "RequestError",
    "Route",
    "Skipped",
    "Sla",
    "Stage",
    "SweepRequest",
    "SweepResult",
    "Targets",
    "TargetsRequest",
    "TransitionRequest",
    "UnknownKeyWarning",
    "UnknownReferenceError",
    "Verdicts",
    "Workflow",
    "WorkflowActor",
    "WorkflowLead",
    "__version__",
]
