"""leadrules through its typed Python API, the reference every peer is
checked against. The engine is built once from the directory; each call
passes the host's raw records (dicts, aware datetimes) as they are."""

from __future__ import annotations

import datetime as dt
from typing import Any

import leadrules

import portal
from prepared import Args, Prepared
from truth_table import NOW, NOW_TEXT, HandoverCase, TransitionCase, leadrules_config

PACKAGE = "leadrules"
ENGINE = "leadrules"


def allowed(decision: Any) -> bool:
    """A leadrules Decision is truthy exactly when allowed."""
    return bool(decision.allowed)


def as_text(lead: dict[str, Any]) -> dict[str, Any]:
    """The lead with its datetimes as RFC 3339 text (a host that keeps
    timestamps as text, e.g. straight from JSON)."""
    return {k: v.isoformat().replace("+00:00", "Z") if isinstance(v, dt.datetime) else v for k, v in lead.items()}


def handover(cases: list[HandoverCase]) -> list[Prepared]:
    """``Engine.can_handover(actor, lead, to)``."""
    engine = leadrules.Engine(leadrules_config())
    inputs: list[Args] = [((c.actor, c.lead, c.to), {}) for c in cases]
    return [Prepared(ENGINE, "", engine.can_handover, inputs, allowed)]


def transition(cases: list[TransitionCase]) -> list[Prepared]:
    """``Engine.transition(actor, lead, action, workflow="partner_lead",
    now=..., fields=...)``, with datetime inputs (the reference) and with the
    same timestamps as text."""
    engine = leadrules.Engine(leadrules_config())
    with_datetimes: list[Args] = [
        ((c.actor, c.lead, c.action), {"workflow": "partner_lead", "now": NOW, "fields": c.fields})
        for c in cases]
    with_text: list[Args] = [
        ((c.actor, as_text(c.lead), c.action), {"workflow": "partner_lead", "now": NOW_TEXT, "fields": c.fields})
        for c in cases]
    return [
        Prepared(ENGINE, "", engine.transition, with_datetimes, allowed),
        Prepared(ENGINE, "timestamps as text", engine.transition, with_text, allowed),
    ]


def page(leads: list[dict[str, Any]]) -> list[portal.Page]:
    """The portal page through leadrules' own list answers: ``actions``
    once per lead (the 300 single questions come from ``transition``)."""
    engine = leadrules.Engine(leadrules_config())
    return [portal.leadrules_actions(engine, leads, NOW)]
