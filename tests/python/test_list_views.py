"""List views (`actions_many`, `can_edit_many`, `targets_many`) answer for
every lead what the single call answers for it: the conformance vectors of
`actions`, `edit` and `targets` are grouped by config (and workflow), and
each vector's actor is asked about every lead of its group in one call.
The answers' own API (`ActionGrid`, `Verdicts`), errors at `leads[i]`, and
the GIL released while the rules run."""

import datetime as dt
import json
from typing import Any, Dict, List, Tuple

import pytest

import leadrules
from test_bounded_cost import _other_thread_ran_during
from test_conformance import CASES

Group = Tuple[Any, List[Dict[str, Any]]]


def groups(kind: str, by: Tuple[str, ...] = ()) -> List[Group]:
    """The vectors of `kind` that build an engine, by config (and the
    request keys `by`)."""
    found: Dict[str, Group] = {}
    for _, config, case in CASES:
        request = case.get("request")
        if not isinstance(request, dict) or request.get("kind") != kind:
            continue
        if not all(k in request for k in ("actor", "lead") + by):
            continue
        key = json.dumps([config] + [request[k] for k in by], sort_keys=True)
        found.setdefault(key, (config, []))[1].append(request)
    return list(found.values())


def outcome(call: Any) -> Any:
    try:
        return ("answer", call())
    except leadrules.Error as error:
        return ("error", type(error), str(error.code), error.path, error.message)


def built(config: Any) -> Any:
    try:
        return leadrules.Engine(config)
    except leadrules.ConfigError:
        return None


def prepared(call: Any) -> Any:
    try:
        return call()
    except leadrules.Error:
        return None


@pytest.mark.parametrize("config,requests", groups("actions", ("workflow",)))
def test_actions_many_equals_actions_for_every_lead(config: Any, requests: List[Dict[str, Any]]) -> None:
    engine = built(config)
    if engine is None:
        return
    workflow = requests[0]["workflow"]
    leads = [prepared(lambda r=r: engine.workflow_lead(r["lead"], workflow=workflow)) for r in requests]
    records = [r["lead"] for r, lead in zip(requests, leads) if lead is not None]
    leads = [lead for lead in leads if lead is not None]
    for request in requests:
        actor = prepared(lambda: engine.actor(request["actor"]))
        if actor is None:
            continue
        now = {"now": request["now"]} if "now" in request else {}
        singles = [outcome(lambda lead=lead: engine.actions(actor, lead, **now)) for lead in leads]
        many = outcome(lambda: engine.actions_many(actor, leads, **now))
        first_error = next((single for single in singles if single[0] == "error"), None)
        if first_error is not None:
            # The first bad lead's error, at its place in the list.
            assert many[0] == "error", (request, first_error)
            i = singles.index(first_error)
            _, cls, code, path, _ = first_error
            expected_path = path if path in ("now", "actor") or path.startswith("actor.") else (
                f"leads[{i}]" + path[len("lead"):])
            assert (many[1], many[2], many[3]) == (cls, code, expected_path), (request, first_error, many)
            continue
        assert many[0] == "answer", (request, many)
        grid = many[1]
        assert len(grid) == len(leads)
        for i, (_, actions) in enumerate(singles):
            assert [a["action"] for a in actions] == list(grid.actions)
            flags = {a["action"]: a["allowed"] for a in actions}
            assert {name: grid.allowed(i, name) for name in grid.actions} == flags
            assert grid[i] == sum(1 << bit for bit, a in enumerate(actions) if a["allowed"])
            assert grid.allowed_actions(i) == [a["action"] for a in actions if a["allowed"]]
        # Records of the workflow answer as their handles.
        assert list(engine.actions_many(request["actor"], records, workflow=workflow, **now)) == list(grid)


@pytest.mark.parametrize("config,requests", groups("edit"))
def test_can_edit_many_equals_can_edit_for_every_lead(config: Any, requests: List[Dict[str, Any]]) -> None:
    engine = built(config)
    if engine is None:
        return
    leads = [lead for lead in (prepared(lambda r=r: engine.lead(r["lead"])) for r in requests) if lead is not None]
    for request in requests:
        actor = prepared(lambda: engine.actor(request["actor"]))
        if actor is None:
            continue
        singles = [outcome(lambda lead=lead: engine.can_edit(actor, lead)) for lead in leads]
        many = outcome(lambda: engine.can_edit_many(actor, leads))
        first_error = next((single for single in singles if single[0] == "error"), None)
        if first_error is not None:
            assert many[0] == "error", (request, first_error)
            i = singles.index(first_error)
            _, cls, code, path, _ = first_error
            expected_path = path if path.startswith("actor") else f"leads[{i}]" + path[len("lead"):]
            assert (many[1], many[2], many[3]) == (cls, code, expected_path), (request, first_error, many)
            continue
        verdicts = many[1]
        assert len(verdicts) == len(leads)
        assert list(verdicts) == [single[1].allowed for single in singles]
        assert verdicts.mask == sum(1 << i for i, single in enumerate(singles) if single[1].allowed)
        for i, (_, decision) in enumerate(singles):
            assert verdicts[i] == decision.allowed
            assert verdicts.decision(i) == decision


@pytest.mark.parametrize("config,requests", groups("targets"))
def test_targets_many_equals_targets_for_every_lead(config: Any, requests: List[Dict[str, Any]]) -> None:
    engine = built(config)
    if engine is None:
        return
    leads = [lead for lead in (prepared(lambda r=r: engine.lead(r["lead"])) for r in requests) if lead is not None]
    for request in requests:
        actor = prepared(lambda: engine.actor(request["actor"]))
        if actor is None:
            continue
        singles = [outcome(lambda lead=lead: engine.targets(actor, lead)) for lead in leads]
        many = outcome(lambda: engine.targets_many(actor, leads))
        if any(single[0] == "error" for single in singles):
            assert many[0] == "error"
            continue
        assert many == ("answer", [single[1] for single in singles])


def test_every_group_asks_many_leads() -> None:
    sizes = [len(requests) for _, requests in groups("actions", ("workflow",))]
    assert sum(sizes) >= 40 and max(sizes) >= 5, sizes


# --- the answers' API ---------------------------------------------------------

PARTNER = {"id": "p7", "org": "acme", "role": "manager"}
NOW = dt.datetime(2026, 11, 23, 9, 30, tzinfo=dt.timezone.utc)


def offer(i: int, stage: str = "pending") -> Dict[str, Any]:
    return {"id": f"P{i}", "stage": stage, "partner": "acme", "source": "vendor",
            "created_at": "2026-11-20T09:30:00Z"}


@pytest.fixture(scope="module")
def engine() -> leadrules.Engine:
    return leadrules.Engine({"orgs": [{"id": "hq", "parent": None, "handover": True}]})


def test_action_grid(engine: leadrules.Engine) -> None:
    actor = engine.actor(PARTNER)
    leads = [engine.workflow_lead(offer(i), workflow="partner_lead") for i in range(3)]
    grid = engine.actions_many(actor, leads, now=NOW)
    assert len(grid) == 3 and "accept" in grid.actions and "<leadrules.ActionGrid" in repr(grid)
    assert grid.allowed(0, "accept") and grid.allowed(-1, "accept")
    assert list(grid) == [grid[0], grid[1], grid[2]]
    assert grid.decision(1, "accept") == engine.transition(actor, leads[1], "accept", now=NOW)
    assert not grid.decision(1, "convert").allowed
    assert grid.decision(1, "convert").reasons == engine.transition(actor, leads[1], "convert", now=NOW).reasons
    with pytest.raises(IndexError):
        grid[3]
    with pytest.raises(leadrules.UnknownReferenceError) as raised:
        grid.allowed(0, "fly")
    assert (raised.value.code, raised.value.path) == ("unknown_action", "action")
    # Records (with their workflow) and an empty page.
    records = engine.actions_many(PARTNER, [offer(i) for i in range(3)], workflow="partner_lead", now=NOW)
    assert list(records) == list(grid)
    empty = engine.actions_many(actor, [], workflow="partner_lead", now=NOW)
    assert len(empty) == 0 and list(empty) == [] and "accept" in empty.actions
    # Records left without their workflow: the record path's error.
    with pytest.raises(leadrules.RequestError) as raised:
        engine.actions_many(actor, [offer(0)], now=NOW)
    assert raised.value.path == "workflow"


def test_a_bad_lead_of_a_page_is_reported_at_its_place(engine: leadrules.Engine) -> None:
    actor = engine.actor(PARTNER)
    with pytest.raises(leadrules.RequestError) as raised:
        engine.actions_many(actor, [offer(0), offer(1), {**offer(2), "stage": "nowhere"}],
                            workflow="partner_lead", now=NOW)
    assert raised.value.path == "leads[2].stage"
    lead = engine.workflow_lead(offer(0), workflow="partner_lead")
    with pytest.raises(leadrules.RequestError) as raised:
        engine.actions_many(actor, [lead, lead], workflow="leadx_pipeline", now=NOW)
    assert (raised.value.code, raised.value.path) == ("invalid_request", "workflow")


def test_verdicts(engine: leadrules.Engine) -> None:
    tree = leadrules.Engine({"orgs": [{"id": "hq", "parent": None}, {"id": "north", "parent": "hq"}]})
    actor = tree.actor({"id": "u1", "org": "north", "role": "professional"})
    leads = [tree.lead({"id": "A", "org": "north", "owner": "u1"}),
             tree.lead({"id": "B", "org": "north", "owner": "u2"}),
             tree.lead({"id": "C", "org": "hq", "owner": "u1"})]
    verdicts = tree.can_edit_many(actor, leads)
    assert list(verdicts) == [tree.can_edit(actor, lead).allowed for lead in leads]
    assert verdicts.mask == sum(1 << i for i, ok in enumerate(verdicts) if ok)
    assert verdicts[-1] == verdicts[2] and len(verdicts) == 3 and "<leadrules.Verdicts" in repr(verdicts)
    assert verdicts.decision(1) == tree.can_edit(actor, leads[1])
    assert tree.targets_many(actor, leads) == [tree.targets(actor, lead) for lead in leads]
    # Records answer as handles.
    records = [{"id": "A", "org": "north", "owner": "u1"}, {"id": "B", "org": "north", "owner": "u2"}]
    assert list(tree.can_edit_many({"id": "u1", "org": "north", "role": "professional"}, records)) == list(verdicts)[:2]
    with pytest.raises(leadrules.RequestError) as raised:
        tree.can_edit_many(actor, [records[0], {"id": "B"}])
    assert raised.value.path == "leads[1].org"


def test_many_leads_span_words(engine: leadrules.Engine) -> None:
    tree = leadrules.Engine({"orgs": [{"id": "hq", "parent": None}]})
    actor = tree.actor({"id": "u1", "org": "hq", "role": "professional"})
    leads = [tree.lead({"id": f"L{i}", "org": "hq", "owner": "u1" if i % 3 else "u2"}) for i in range(130)]
    verdicts = tree.can_edit_many(actor, leads)
    assert verdicts.mask == sum(1 << i for i in range(130) if tree.can_edit(actor, leads[i]).allowed)


def test_list_views_release_the_gil(engine: leadrules.Engine) -> None:
    actor = engine.actor(PARTNER)
    leads = [engine.workflow_lead(offer(i), workflow="partner_lead") for i in range(20_000)]
    assert _other_thread_ran_during(lambda: engine.actions_many(actor, leads, now=NOW))
    tree = leadrules.Engine({"orgs": [{"id": "hq", "parent": None}]})
    tree_actor = tree.actor({"id": "u1", "org": "hq", "role": "professional"})
    # An edit is a few hundred instructions: 20,000 of them finished without
    # the GIL before a loaded machine woke the counting thread, so the page
    # lends each handle ten times.
    held = [tree.lead({"id": f"L{i}", "org": "hq", "owner": "u1"}) for i in range(20_000)] * 10
    assert _other_thread_ran_during(lambda: tree.can_edit_many(tree_actor, held))
    assert _other_thread_ran_during(lambda: tree.targets_many(tree_actor, held))
