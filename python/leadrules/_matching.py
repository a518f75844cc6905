"""Shapes of the values duplicate detection reads (``Engine.match_keys``,
``Engine.match_keys_many``, ``Engine.match`` and their requests of
``Engine.decide``).

Typing aids, like the shapes of ``_types``: at run time a lead is whatever
the host passes (a dict, or its own record object such as a dataclass with
these field names). Keys a shape does not list are the host's own and are
ignored; a value of the wrong type is an error at its path
(``candidates[2].mobiles[0]``). Representation only: no rule is decided
here.
"""

from typing import List, Literal, Optional, TypedDict

__all__ = [
    "Candidate",
    "MatchActionName",
    "MatchKeysManyRequest",
    "MatchKeysRequest",
    "MatchLead",
    "MatchRequest",
]

#: A matching rule's action, strongest first: ``block`` (refuse the lead),
#: ``link`` (offer to link the two leads), ``alert`` (save and flag).
MatchActionName = Literal["block", "link", "alert"]


class MatchLead(TypedDict, total=False):
    """A lead's contact fields as the host holds them, not normalised:
    ``phone``, ``mobiles`` and ``email``, ``emails`` (lists of at most 100
    values), ``name``, ``company``. A blank or ``None`` value gives no key.
    ``id`` may be missing for a lead about to be saved."""

    id: Optional[str]
    phone: Optional[str]
    mobiles: Optional[List[str]]
    email: Optional[str]
    emails: Optional[List[str]]
    name: Optional[str]
    company: Optional[str]


class _CandidateRequired(TypedDict):
    id: str


class Candidate(_CandidateRequired, total=False):
    """A saved lead found through the keys: a :class:`MatchLead` with its
    ``id`` (distinct among the candidates)."""

    phone: Optional[str]
    mobiles: Optional[List[str]]
    email: Optional[str]
    emails: Optional[List[str]]
    name: Optional[str]
    company: Optional[str]


class MatchKeysRequest(TypedDict):
    """``{"kind": "match_keys", "lead"}``: answered ``{"keys": [...]}``."""

    kind: Literal["match_keys"]
    lead: MatchLead


class MatchKeysManyRequest(TypedDict):
    """``{"kind": "match_keys", "leads"}``: answered ``{"lead_keys":
    [[...], ...]}``, one list per lead in order."""

    kind: Literal["match_keys"]
    leads: List[MatchLead]


class MatchRequest(TypedDict):
    """``{"kind": "match", "lead", "candidates"}``: answered ``{"allowed",
    "reasons", "matches"}``."""

    kind: Literal["match"]
    lead: MatchLead
    candidates: List[Candidate]
