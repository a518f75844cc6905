"""The typed call for a protocol request (not a test module): the one
mapping from conformance vectors to typed calls, used by
test_typed_conformance.py (typed answers equal `decide`'s) and
test_host_records.py (host records answer as dicts).

`typed_call(engine, request)` asks the question of a conformance vector's
request through the typed API (`can_handover`, `transition`, `expiry`,
`assign`, `assign_many`, `change_owner`, `match_keys`,
`match_keys_many`, `match`, ...) instead of `decide`, and answers with the returned object, or `None`
for a request the typed API cannot ask as such (no kind of its own, a
missing argument). `facts` turns each fact (actor, lead, primary, ...)
into what the call passes: the dict itself, or a host record object
(an assignment's pools and their members too).
"""

from typing import Any, Callable, Dict, Optional

import leadrules

Facts = Callable[[Any], Any]

#: The request keys each kind's typed call needs.
NEEDS: Dict[str, tuple] = {  # type: ignore[type-arg]
    "handover": ("actor", "lead", "to"),
    "cross_silo": ("actor", "lead", "to"),
    "targets": ("actor", "lead"),
    "create": ("actor", "lead"),
    "edit": ("actor", "lead"),
    "link": ("actor", "primary", "secondary", "owner", "now"),
    "transition": ("actor", "lead", "action", "workflow"),
    "actions": ("actor", "lead", "workflow"),
    "expiry": ("lead", "workflow", "now"),
    "sweep": ("leads", "workflow", "now"),
    "assign": ("pools",),
    "change_owner": ("actor", "lead", "to"),
    "match_keys": (),
    "match": ("lead", "candidates"),
}

#: The kinds whose answer is a `Decision`.
DECISIONS = ("handover", "cross_silo", "create", "edit", "link", "transition", "change_owner")

#: The answers with a `to_dict()` in the protocol's shape.
ANSWERS = (leadrules.Decision, leadrules.Targets, leadrules.Assignment, leadrules.Assignments, leadrules.Matches)


def typed_call(
    engine: leadrules.Engine, request: Dict[str, Any], facts: Facts = lambda fact: fact
) -> Optional[Callable[[], Any]]:
    """The typed call asking `request`, or None."""
    kind = request.get("kind")
    if not isinstance(kind, str) or kind not in NEEDS or not all(k in request for k in NEEDS[kind]):
        return None
    r = request
    optional = {k: r[k] for k in ("now", "fields") if k in r}
    if kind == "handover":
        return lambda: engine.can_handover(facts(r["actor"]), facts(r["lead"]), r["to"])
    if kind == "cross_silo":
        return lambda: engine.can_cross_silo(facts(r["actor"]), facts(r["lead"]), r["to"])
    if kind == "targets":
        return lambda: engine.targets(facts(r["actor"]), facts(r["lead"]))
    if kind == "create":
        now = {"now": r["now"]} if "now" in r else {}
        if "workflow" in r:
            return lambda: engine.can_create(facts(r["actor"]), facts(r["lead"]), r["workflow"], **now)
        return lambda: engine.can_create(facts(r["actor"]), facts(r["lead"]), **now)
    if kind == "edit":
        return lambda: engine.can_edit(facts(r["actor"]), facts(r["lead"]))
    if kind == "link":
        return lambda: engine.can_link(
            facts(r["actor"]), facts(r["primary"]), facts(r["secondary"]), owner=r["owner"], now=r["now"]
        )
    if kind == "transition":
        return lambda: engine.transition(
            facts(r["actor"]), facts(r["lead"]), r["action"], workflow=r["workflow"], **optional
        )
    if kind == "actions":
        now = {"now": r["now"]} if "now" in r else {}
        return lambda: engine.actions(facts(r["actor"]), facts(r["lead"]), workflow=r["workflow"], **now)
    if kind == "expiry":
        return lambda: engine.expiry(facts(r["lead"]), workflow=r["workflow"], now=r["now"])
    if kind == "change_owner":
        return lambda: engine.change_owner(facts(r["actor"]), facts(r["lead"]), facts(r["to"]))
    if kind == "assign":
        return assign_call(engine, r, facts)
    if kind == "match_keys":
        return match_keys_call(engine, r, facts)
    if kind == "match":
        candidates = r["candidates"]
        if not isinstance(candidates, list):
            return lambda: engine.match(facts(r["lead"]), candidates)
        return lambda: engine.match(facts(r["lead"]), [facts(candidate) for candidate in candidates])
    leads = r["leads"]
    if not isinstance(leads, list):
        return None
    return lambda: engine.sweep([facts(lead) for lead in leads], workflow=r["workflow"], now=r["now"])


def pool_facts(pools: Any, facts: Facts) -> Any:
    """The pools with each pool and member made a fact (where they are
    objects with a list of members)."""
    if not isinstance(pools, dict):
        return pools
    made = {}
    for name, pool in pools.items():
        if isinstance(pool, dict) and isinstance(pool.get("members"), list):
            pool = facts({**pool, "members": [facts(member) for member in pool["members"]]})
        made[name] = pool
    return made


def assign_call(engine: leadrules.Engine, r: Dict[str, Any], facts: Facts) -> Optional[Callable[[], Any]]:
    """`assign` (one `lead`) or `assign_many` (`leads`, a list), or None
    for a request that has both or neither."""
    now = {"now": r["now"]} if "now" in r else {}
    pools = pool_facts(r["pools"], facts)
    if "lead" in r and "leads" not in r:
        return lambda: engine.assign(facts(r["lead"]), pools, **now)
    if "leads" in r and "lead" not in r and isinstance(r["leads"], list):
        leads = r["leads"]
        return lambda: engine.assign_many([facts(lead) for lead in leads], pools, **now)
    return None


def match_keys_call(engine: leadrules.Engine, r: Dict[str, Any], facts: Facts) -> Optional[Callable[[], Any]]:
    """`match_keys` (one `lead`) or `match_keys_many` (`leads`, a list), or
    None for a request that has both or neither. The answer is wrapped in
    the protocol's object (`{"keys": ...}`, `{"lead_keys": ...}`), so that
    it compares with `decide`'s."""
    if "lead" in r and "leads" not in r:
        return lambda: {"keys": engine.match_keys(facts(r["lead"]))}
    if "leads" in r and "lead" not in r:
        leads = r["leads"]
        if not isinstance(leads, list):
            return lambda: {"lead_keys": engine.match_keys_many(leads)}
        return lambda: {"lead_keys": engine.match_keys_many([facts(lead) for lead in leads])}
    return None


def outcome(call: Callable[[], Any]) -> Any:
    """What a call answered, comparable across calls: the answer (a
    decision or targets as its dict), or the error's class, code, path and
    message."""
    try:
        answer = call()
    except leadrules.Error as error:
        return (type(error), str(error.code), error.path, error.message)
    if isinstance(answer, ANSWERS):
        return answer.to_dict()
    return answer


def protocol_answer(call: Callable[[], Any]) -> Dict[str, Any]:
    """What a call answered in the protocol's shape: a decision or targets
    as its dict (a `decide` answer as it is), an error as the protocol's
    envelope (code, message and path)."""
    try:
        answer = call()
    except leadrules.Error as error:
        return {"error": {"code": error.code, "message": error.message, "path": error.path}}
    if isinstance(answer, ANSWERS):
        return dict(answer.to_dict())
    return dict(answer)
