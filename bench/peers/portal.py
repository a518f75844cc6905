"""The partner portal page: one partner user opens their list of 50
partner_lead leads, and the page shows, on every lead, which of the six
actions' buttons to draw. 300 yes/no answers per page, asked in one of
three ways:

- one question per (lead, action), the way a host asks a rule engine (every
  engine's transition encoding, built by its module for the page's cases);
- leadrules' ``actions``, once per lead (six answers per call);
- leadrules' list view, once per page (``page_views.py``, when the installed
  leadrules has it).

Timed: whatever the host calls to get the page's answers in the engine's own
form (a list of decisions, 50 action lists, one grid); turning them into 300
booleans is the correctness pass's, untimed, as reading a decision is in the
per-call tables. The peers' host-side facts (relation, due) are worked out
before timing, as in the per-call tables.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from prepared import Prepared
from truth_table import ACTIONS, ACTOR_KINDS, FIELDS, STAGES, TransitionCase, partner_lead

LEADS = 50
# The variant of leadrules' calls whose handles are made before timing: a
# page asked that way starts from prepared facts, not from the records.
PREPARED = "prepared facts"
ACTOR: dict[str, str] = ACTOR_KINDS["partner manager"]
WORKFLOW = "partner_lead"


def page_leads() -> list[dict[str, Any]]:
    """50 partner leads: the six stages in turn, every other round of them
    past its deadline, each with its own id."""
    leads = []
    for i in range(LEADS):
        lead = partner_lead(STAGES[i % len(STAGES)], due=(i // len(STAGES)) % 2 == 1)
        lead["id"] = f"L{i}"
        leads.append(lead)
    return leads


def page_cases(leads: list[dict[str, Any]]) -> list[TransitionCase]:
    """The page's 300 questions, lead-major, actions in the workflow's order
    (each action with valid form data, as its button would send)."""
    return [TransitionCase(dict(ACTOR), lead, action, FIELDS[action],
                           f"{lead['id']} ({lead['stage']}): {action}")
            for lead in leads for action in ACTIONS]


@dataclass(frozen=True)
class Page:
    """One way to answer the page: ``prepared.call()`` is the timed page (its
    inputs one empty argument list), ``booleans`` turns its result into the
    300 answers in ``page_cases`` order; ``from_records`` is False when the
    page starts from leadrules handles made before timing."""

    prepared: Prepared
    booleans: Callable[[Any], list[bool]]
    from_records: bool = True


def per_question(entry: Prepared) -> Page:
    """A page of one engine's single questions: every (lead, action) asked
    in turn, the raw results kept."""
    call = entry.call
    inputs = entry.inputs

    def page() -> list[Any]:
        """300 questions."""
        return [call(*args, **kwargs) for args, kwargs in inputs]

    def booleans(results: list[Any]) -> list[bool]:
        """Each result read as the engine's per-call table reads it."""
        return [entry.allowed(r) for r in results]

    variant = f"{entry.variant}, " if entry.variant else ""
    return Page(Prepared(entry.engine, f"{variant}{len(inputs)} questions", page, [((), {})], bool), booleans,
                from_records=entry.variant != PREPARED)


def leadrules_actions(engine: Any, leads: list[dict[str, Any]], now: Any) -> Page:
    """leadrules' ``actions`` once per lead; its options come in the
    workflow's order, which must be the table's."""
    first = [option["action"] for option in engine.actions(ACTOR, leads[0], workflow=WORKFLOW, now=now)]
    if first != ACTIONS:
        raise ValueError(f"actions answered {first}, the page expects {ACTIONS}")
    actions = engine.actions

    def page() -> list[list[dict[str, Any]]]:
        """One call per lead."""
        return [actions(ACTOR, lead, workflow=WORKFLOW, now=now) for lead in leads]

    def booleans(rows: list[list[dict[str, Any]]]) -> list[bool]:
        """Every lead's options, in order."""
        return [bool(option["allowed"]) for row in rows for option in row]

    return Page(Prepared("leadrules", f"actions, {len(leads)} calls", page, [((), {})], bool), booleans)
