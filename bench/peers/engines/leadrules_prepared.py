"""leadrules with prepared facts: the actor and the lead of every case read
once into handles (``engine.actor``, ``engine.lead``,
``engine.workflow_lead``: ids interned, roles resolved, timestamps parsed)
before timing, as a host that asks many questions about the same records
prepares them once, like a prepared statement; each timed call passes the
handles. The handles' preparation is outside the timing, as the peers'
host-side facts are (facts.py).

The portal page through the list view: ``engine.actions_many(actor,
leads)``, one call for the whole page (a bit per lead and action), with the
handles prepared before the page, prepared inside it (what a page that
reads its leads per request pays), and with the records themselves.
"""

from __future__ import annotations

from typing import Any

import leadrules

import portal
from engines.leadrules_api import allowed
from prepared import Args, Prepared
from truth_table import ACTIONS, NOW, HandoverCase, TransitionCase, leadrules_config

PACKAGE = "leadrules"
ENGINE = "leadrules"
VARIANT = portal.PREPARED


def handover(cases: list[HandoverCase]) -> list[Prepared]:
    """``Engine.can_handover(actor handle, lead handle, to)``."""
    engine = leadrules.Engine(leadrules_config())
    inputs: list[Args] = [((engine.actor(c.actor), engine.lead(c.lead), c.to), {}) for c in cases]
    return [Prepared(ENGINE, VARIANT, engine.can_handover, inputs, allowed)]


def transition(cases: list[TransitionCase]) -> list[Prepared]:
    """``Engine.transition(actor handle, workflow lead handle, action,
    now=..., fields=...)``: the handle names its workflow."""
    engine = leadrules.Engine(leadrules_config())
    inputs: list[Args] = [
        ((engine.actor(c.actor), engine.workflow_lead(c.lead, workflow=portal.WORKFLOW), c.action),
         {"now": NOW, "fields": c.fields})
        for c in cases]
    return [Prepared(ENGINE, VARIANT, engine.transition, inputs, allowed)]


def grid_booleans(grid: Any) -> list[bool]:
    """An ``ActionGrid`` as the page's 300 answers, lead-major, in the
    table's action order."""
    order = [list(grid.actions).index(action) for action in ACTIONS]
    return [bool((grid[lead] >> bit) & 1) for lead in range(len(grid)) for bit in order]


def page(leads: list[dict[str, Any]]) -> list[portal.Page]:
    """The page through ``actions_many``, once per page, three ways."""
    engine = leadrules.Engine(leadrules_config())
    actor = engine.actor(portal.ACTOR)
    handles = [engine.workflow_lead(lead, workflow=portal.WORKFLOW) for lead in leads]
    actions_many = engine.actions_many
    prepare_actor = engine.actor
    prepare_lead = engine.workflow_lead

    def prepared_before() -> Any:
        """The list view over handles made before the page."""
        return actions_many(actor, handles, now=NOW)

    def prepared_in_page() -> Any:
        """The handles made from the records, then the list view."""
        return actions_many(prepare_actor(portal.ACTOR),
                            [prepare_lead(lead, workflow=portal.WORKFLOW) for lead in leads], now=NOW)

    def records() -> Any:
        """The list view straight over the records."""
        return actions_many(portal.ACTOR, leads, workflow=portal.WORKFLOW, now=NOW)

    def entry(variant: str, call: Any, from_records: bool = True) -> portal.Page:
        """One way, one call per page."""
        return portal.Page(Prepared(ENGINE, f"actions_many, {variant}", call, [((), {})], bool), grid_booleans,
                           from_records)

    return [
        entry("handles prepared before the page", prepared_before, from_records=False),
        entry("handles prepared in the page", prepared_in_page),
        entry("records", records),
    ]
