"""The peer suite's baseline and its portal page are themselves checked: the
hand-written if/else (bench/peers/engines/handwritten.py), the figure
leadrules' prepared-facts calls are held to, must answer every case of the
shared truth table as leadrules does, and the portal page's ways of asking
(300 single questions, ``actions`` once per lead) must give the same 300
answers. Only leadrules and the standard library are needed: the peers
themselves are checked by `make bench-peers`."""

import importlib
import sys
from pathlib import Path
from types import ModuleType
from typing import Any, Dict, List

import leadrules

PEERS = Path(__file__).resolve().parents[2] / "bench" / "peers"


def _load(names: List[str]) -> Dict[str, ModuleType]:
    """Imports the peer suite's modules by their own top-level names (as
    run.py does), then takes them off sys.path and sys.modules again, so
    that no other test sees a module called ``facts`` or ``timing``."""
    before = set(sys.modules)
    sys.path.insert(0, str(PEERS))
    try:
        loaded = {name: importlib.import_module(name) for name in names}
    finally:
        sys.path.remove(str(PEERS))
        for name in set(sys.modules) - before:
            module = sys.modules.get(name)
            if module is not None and str(getattr(module, "__file__", "")).startswith(str(PEERS)):
                del sys.modules[name]
    return loaded


_M = _load(["truth_table", "portal", "engines.handwritten"])
truth_table: Any = _M["truth_table"]
portal: Any = _M["portal"]
handwritten: Any = _M["engines.handwritten"]


def _engine() -> leadrules.Engine:
    """The engine of the truth table's directory (built-in policy)."""
    return leadrules.Engine(truth_table.leadrules_config())


def test_hand_written_handover_agrees_with_leadrules_on_every_case() -> None:
    engine = _engine()
    may_handover = handwritten.build_may_handover()
    cases = truth_table.handover_cases()
    wrong = [c.label for c in cases
             if engine.can_handover(c.actor, c.lead, c.to).allowed != may_handover(c.actor, c.lead, c.to)]
    assert len(cases) == 280 and wrong == []


def test_hand_written_transition_agrees_with_leadrules_on_every_case() -> None:
    engine = _engine()
    cases = truth_table.transition_cases()
    wrong = [c.label for c in cases
             if engine.transition(c.actor, c.lead, c.action, workflow="partner_lead", now=truth_table.NOW,
                                  fields=c.fields).allowed
             != handwritten.may_transition(c.actor, c.lead, c.action, c.fields, truth_table.NOW)]
    assert len(cases) == 432 and wrong == []


def test_the_portal_page_answers_the_same_asked_per_question_or_per_lead() -> None:
    engine = _engine()
    leads = portal.page_leads()
    cases = portal.page_cases(leads)
    singles = [engine.transition(c.actor, c.lead, c.action, workflow=portal.WORKFLOW, now=truth_table.NOW,
                                 fields=c.fields).allowed for c in cases]
    per_lead = portal.leadrules_actions(engine, leads, truth_table.NOW)
    assert per_lead.booleans(per_lead.prepared.call()) == singles
    by_hand = [handwritten.may_transition(c.actor, c.lead, c.action, c.fields, truth_table.NOW) for c in cases]
    assert by_hand == singles
    # The page shows buttons and hides others: it exercises both answers.
    assert len(leads) == 50 and len(cases) == 300 and 0 < sum(singles) < 300
    assert len({lead["id"] for lead in leads}) == 50


def test_the_portal_page_answers_the_same_through_the_list_view() -> None:
    engine = _engine()
    leads = portal.page_leads()
    cases = portal.page_cases(leads)
    singles = [engine.transition(c.actor, c.lead, c.action, workflow=portal.WORKFLOW, now=truth_table.NOW,
                                 fields=c.fields).allowed for c in cases]
    handles = [engine.workflow_lead(lead, workflow=portal.WORKFLOW) for lead in leads]
    for grid in (engine.actions_many(engine.actor(portal.ACTOR), handles, now=truth_table.NOW),
                 engine.actions_many(portal.ACTOR, leads, workflow=portal.WORKFLOW, now=truth_table.NOW)):
        order = [list(grid.actions).index(action) for action in truth_table.ACTIONS]
        assert [bool((grid[i] >> bit) & 1) for i in range(len(grid)) for bit in order] == singles
