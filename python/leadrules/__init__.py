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
        apply(decision.effects)
    else:
        show(decision.reasons)

``Engine.decide`` answers any request of the JSON protocol, exactly as the
Rust and C entry points do. A denial is an answer; bad input raises a
subclass of :class:`Error`.
"""

from ._errors import (
    ConfigError,
    Error,
    InternalError,
    RequestError,
    UnknownReferenceError,
)
from ._native import Decision, Engine, Targets, __version__
from ._types import (
    Actor,
    Assignee,
    ConfigWarning,
    DenialCode,
    Effect,
    ErrorCode,
    Expiry,
    Lead,
    NewLead,
    Problem,
    Reason,
    Route,
    SweepResult,
)

__all__ = [
    "Actor",
    "Assignee",
    "ConfigError",
    "ConfigWarning",
    "Decision",
    "DenialCode",
    "Effect",
    "Engine",
    "Error",
    "ErrorCode",
    "Expiry",
    "InternalError",
    "Lead",
    "NewLead",
    "Problem",
    "Reason",
    "RequestError",
    "Route",
    "SweepResult",
    "Targets",
    "UnknownReferenceError",
    "__version__",
]
