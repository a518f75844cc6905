"""A new lead through the duplicate check: refused, saved and flagged, or
offered a link.

``Crm.intake_lead`` is the front door for a lead a person types in. In one
transaction:

1. the draft's keys (``engine.match_keys``) are looked up in the
   ``match_keys`` index (:mod:`crm.match_index`); the leads found are the
   candidates, and ``engine.match(draft, candidates)`` judges them;
2. a ``block`` rule matched: nothing is written; the answer is
   ``blocked``, its reason ``duplicate_blocked`` naming the earlier lead;
3. otherwise the lead is created as ``create_lead`` creates it (the
   create rules, the plan, its keys, its SLA clock) and every candidate an
   ``alert`` rule matched is flagged (``duplicate_flags``);
4. a ``link`` rule matched: the lead is not saved yet. The answer is
   ``link_offered`` with a :class:`LinkOffer`: ``Crm.accept_link`` saves
   the lead and links it to the earlier lead through the engine's ``link``
   kind, in one transaction (a refused link saves nothing);
   ``Crm.decline_link`` saves the lead alone.

An offer holds the draft, not a reservation: accepting or declining runs
the whole check again on the database as it then is.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, List, Literal, Optional, Tuple

import leadrules

from . import db, match_index

if TYPE_CHECKING:
    from .service import Crm, Draft

#: What became of a new lead: saved (``created``, ``flagged``, ``linked``)
#: or not (``blocked`` by a duplicate, ``denied`` by the create rules,
#: ``link_offered`` and waiting for the caller, ``link_denied`` by the link
#: rules on acceptance).
Outcome = Literal["created", "flagged", "linked", "blocked", "denied", "link_offered", "link_denied"]

_SAVED = ("created", "flagged", "linked")


class StaleOffer(ValueError):
    """The lead an accepted offer names is no longer a link match (its
    contact fields changed since): nothing was written."""


@dataclass(frozen=True)
class LinkOffer:
    """A new lead a ``link`` rule matched to earlier leads, not saved yet."""

    #: The user creating the lead.
    actor: str
    lead: str
    name: str
    draft: Draft
    #: The earlier leads a link is offered with (their strongest action is
    #: ``link``), in candidate order.
    leads: Tuple[str, ...]
    #: The matcher's whole answer.
    matches: leadrules.Matches


@dataclass(frozen=True)
class Intake:
    """What became of a new lead; truthy when it was saved."""

    lead: str
    outcome: Outcome
    #: The matcher's answer for the draft against the candidates found.
    matches: leadrules.Matches
    #: The create rules' answer (None when a duplicate blocked it first).
    decision: Optional[leadrules.Decision] = None
    #: The earlier leads flagged as its duplicates (``alert``), when saved.
    flagged: Tuple[str, ...] = ()
    #: The link on offer (``link_offered``).
    offer: Optional[LinkOffer] = None
    #: The link rules' answer (``linked``, ``link_denied``).
    link: Optional[leadrules.Decision] = None
    #: The reasons it was not saved (empty when saved or offered).
    reasons: List[leadrules.Reason] = field(default_factory=list)

    def __bool__(self) -> bool:
        return self.outcome in _SAVED

    @property
    def codes(self) -> List[leadrules.DenialCode]:
        """The codes of ``reasons``."""
        return [reason.code for reason in self.reasons]


@dataclass(frozen=True)
class _LinkChoice:
    """The caller's answer to an offer: link to ``primary`` (as ``actor``,
    ``owner`` owning it), or, with ``primary`` None, save the lead alone."""

    primary: Optional[str] = None
    actor: str = ""
    owner: Optional[str] = None


class _Undo(Exception):
    """Rolls the intake's transaction back, answering ``intake``."""

    def __init__(self, intake: Intake) -> None:
        super().__init__(intake.outcome)
        self.intake = intake


def intake(crm: Crm, actor_id: str, lead_id: str, name: str, draft: Draft, now: dt.datetime) -> Intake:
    """``Crm.intake_lead``: the check, then the lead saved or the link offered."""
    return _run(crm, actor_id, lead_id, name, draft, now, None)


def accept(
    crm: Crm, offer: LinkOffer, *, primary: Optional[str], actor: Optional[str], owner: Optional[str], now: dt.datetime
) -> Intake:
    """``Crm.accept_link``: the offered lead saved and linked into ``primary``."""
    primary = offer.leads[0] if primary is None else primary
    if primary not in offer.leads:
        raise ValueError(f"lead {primary!r} was not offered for a link (offered: {', '.join(offer.leads)})")
    choice = _LinkChoice(primary=primary, actor=offer.actor if actor is None else actor, owner=owner)
    return _run(crm, offer.actor, offer.lead, offer.name, offer.draft, now, choice)


def decline(crm: Crm, offer: LinkOffer, *, now: dt.datetime) -> Intake:
    """``Crm.decline_link``: the offered lead saved, linked to nothing."""
    return _run(crm, offer.actor, offer.lead, offer.name, offer.draft, now, _LinkChoice())


def _run(
    crm: Crm,
    actor_id: str,
    lead_id: str,
    name: str,
    draft: Draft,
    now: dt.datetime,
    choice: Optional[_LinkChoice],
) -> Intake:
    now = db.whole_seconds(now)
    try:
        with db.transaction(crm.conn):
            return _check(crm, actor_id, lead_id, name, draft, now, choice)
    except _Undo as undone:
        return undone.intake


def _check(
    crm: Crm,
    actor_id: str,
    lead_id: str,
    name: str,
    draft: Draft,
    now: dt.datetime,
    choice: Optional[_LinkChoice],
) -> Intake:
    new = match_index.contact(
        {"id": lead_id, "name": name, "mobile": draft.mobile, "email": draft.email, "company": draft.company}
    )
    found = crm.engine.match(new, match_index.candidates(crm.conn, crm.engine.match_keys(new)))
    if not found:
        return Intake(lead_id, "blocked", found, reasons=found.reasons)
    decision = crm._create(actor_id, lead_id, name, draft, now)
    if not decision:
        return Intake(lead_id, "denied", found, decision, reasons=decision.reasons)
    linkable = tuple(match.lead for match in found.matches if match.action == "link")
    if linkable and choice is None:
        # The create rules allow the lead; the caller chooses, and nothing
        # is kept until it does.
        offer = LinkOffer(actor_id, lead_id, name, draft, linkable, found)
        raise _Undo(Intake(lead_id, "link_offered", found, decision, offer=offer))
    flagged = _flag(crm, lead_id, found, now)
    if choice is None or choice.primary is None:
        return Intake(lead_id, "flagged" if flagged else "created", found, decision, flagged)
    if choice.primary not in linkable:
        raise StaleOffer(f"lead {choice.primary!r} no longer matches {lead_id!r} by a link rule")
    owner = choice.owner if choice.owner is not None else crm.lead(choice.primary)["owner"]
    if owner is None:
        raise ValueError(f"lead {choice.primary!r} has no owner: name the owner of the linked leads")
    link = crm._link(choice.actor, choice.primary, lead_id, owner, now)
    if not link:
        raise _Undo(Intake(lead_id, "link_denied", found, decision, link=link, reasons=link.reasons))
    return Intake(lead_id, "linked", found, decision, flagged, link=link)


def _flag(crm: Crm, lead_id: str, found: leadrules.Matches, now: dt.datetime) -> Tuple[str, ...]:
    """Flags the saved ``lead_id`` as a duplicate of each candidate whose
    strongest matching action is ``alert``."""
    alerts = [match for match in found.matches if match.action == "alert"]
    match_index.flag(crm.conn, lead_id, alerts, now)
    return tuple(match.lead for match in alerts)
