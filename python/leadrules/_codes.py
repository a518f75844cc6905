"""The fixed vocabularies of the protocol, as ``str`` enums.

Each member *is* its code: a ``str`` subclass that compares and hashes
equal to its text, prints as its text and serialises to JSON as its text,
so code written against the plain strings keeps working::

    >>> DenialCode.SAME_ORG == "same_org"
    True
    >>> str(DenialCode.SAME_ORG), f"{DenialCode.SAME_ORG}"
    ('same_org', 'same_org')
    >>> DenialCode("same_org") is DenialCode.SAME_ORG
    True

The members are exactly the codes core has, in its documentation order
(``tests/python/test_idiomatic.py`` compares them with the lists the
compiled module takes from core): a code added by a later version of
leadrules is added here in the same release. Representation only: no rule
is decided here.
"""

import enum
from typing import Type, TypeVar, Union

__all__ = ["DenialCode", "EffectKind", "ErrorCode", "Route"]


class _Code(str, enum.Enum):
    """A code of the protocol (the base of the code enums; no members).

    The ``str`` mixin makes a member equal to its text; ``__str__`` and
    ``__format__`` give the bare text on every Python version (what
    ``enum.StrEnum`` does from 3.11 on), not ``"DenialCode.SAME_ORG"``.
    """

    def __str__(self) -> str:
        return str.__str__(self)

    def __format__(self, format_spec: str) -> str:
        return str.__format__(str.__str__(self), format_spec)


class Route(_Code):
    """The mechanism that fits a pair of orgs (``Decision.route``)."""

    #: Along one parent↔child edge.
    HANDOVER = "handover"
    #: Between any other pair of orgs of one community.
    CROSS_SILO = "cross_silo"


class DenialCode(_Code):
    """Why a request was denied (``Decision.codes``, ``Reason.code``).

    The table "Denial codes" of docs/protocol.md says when each is given and which
    detail key (``org``, ``lead``, ``field``, ``capability``) it carries.
    """

    SALES_LICENCE_REQUIRED = "sales_licence_required"
    NOT_IN_LEAD_ORG = "not_in_lead_org"
    NOT_LEAD_OWNER = "not_lead_owner"
    SAME_ORG = "same_org"
    OUTSIDE_COMMUNITY = "outside_community"
    CROSS_SILO_REQUIRED = "cross_silo_required"
    HANDOVER_REQUIRED = "handover_required"
    HANDOVER_DISABLED = "handover_disabled"
    CROSS_SILO_DISABLED = "cross_silo_disabled"
    STAGE_NOT_PERMITTED = "stage_not_permitted"
    SUB_STAGE_NOT_PERMITTED = "sub_stage_not_permitted"
    ASSIGN_NOT_PERMITTED = "assign_not_permitted"
    ASSIGNEE_OUTSIDE_ORG = "assignee_outside_org"
    LOCKED_AFTER_HANDOVER = "locked_after_handover"
    CAPABILITY_REQUIRED = "capability_required"
    LINK_NOT_PERMITTED = "link_not_permitted"
    SAME_LEAD = "same_lead"
    DIFFERENT_PROJECT = "different_project"
    PRIMARY_NOT_WIP = "primary_not_wip"
    SECONDARY_NOT_WIP = "secondary_not_wip"
    OWNER_NOT_PARTY = "owner_not_party"
    ILLEGAL_TRANSITION = "illegal_transition"
    MISSING_FIELD = "missing_field"
    INVALID_FIELD = "invalid_field"
    NOT_PARTNER_USER = "not_partner_user"
    SOURCING_COMPANY_CANNOT_ACT = "sourcing_company_cannot_act"
    NOT_SOURCING_USER = "not_sourcing_user"
    SYSTEM_ONLY = "system_only"
    NOT_YET_DUE = "not_yet_due"
    LEAD_EXPIRED = "lead_expired"


class ErrorCode(_Code):
    """Why a request or config could not be read (``Error.code``).

    ``INTERNAL`` is the binding's own: a broken promise, never bad input.
    """

    INVALID_JSON = "invalid_json"
    INVALID_REQUEST = "invalid_request"
    UNKNOWN_KIND = "unknown_kind"
    UNKNOWN_ORG = "unknown_org"
    UNKNOWN_ROLE = "unknown_role"
    UNKNOWN_WORKFLOW = "unknown_workflow"
    UNKNOWN_ACTION = "unknown_action"
    UNKNOWN_STAGE = "unknown_stage"
    INVALID_TIMESTAMP = "invalid_timestamp"
    UNKNOWN_TEMPLATE = "unknown_template"
    INVALID_CONFIG = "invalid_config"
    INTERNAL = "internal"


class EffectKind(_Code):
    """What an effect asks the host to do (``Effect.kind``); the table
    "Effect kinds" of docs/protocol.md lists each kind's fields."""

    TRANSFER = "transfer"
    NOTIFY = "notify"
    SET_STAGE = "set_stage"
    SET_OWNER = "set_owner"
    SET_PIPELINE = "set_pipeline"
    LOCK = "lock"
    ADD_VIEWER = "add_viewer"
    ADD_ALTERNATE_CONTACT = "add_alternate_contact"
    CANCEL_EVENT = "cancel_event"
    SET_STATUS = "set_status"
    SET_VISIBILITY = "set_visibility"
    SET_SUB_STAGE = "set_sub_stage"
    RECORD = "record"
    SET_EXPIRY = "set_expiry"
    ARCHIVE = "archive"
    UNARCHIVE = "unarchive"
    SET_MATURITY = "set_maturity"
    CREATE_TASK = "create_task"
    ADD_HISTORY = "add_history"
    ADD_FEED_NOTE = "add_feed_note"


_C = TypeVar("_C", bound=_Code)


def member(enum_class: Type[_C], text: str) -> Union[_C, str]:
    """The member of ``enum_class`` for ``text``; ``text`` itself if the
    enum has no such member (a hand-built value: leadrules itself only
    answers with codes the enums list)."""
    try:
        return enum_class(text)
    except ValueError:
        return text


# Shown (and pickled) under their public names, e.g. `leadrules.DenialCode`.
for _enum in (Route, DenialCode, ErrorCode, EffectKind):
    _enum.__module__ = "leadrules"
del _enum
