#!/usr/bin/env python3
"""Runs the handover, cross_silo, edit, transition and actions vectors
through prepared facts, and the list views over groups of their records.

Usage: run_typed_prepared.py [-v] COMMAND... (the tests/c/typed_prepared.c
binary, possibly behind valgrind)

The vectors are those tests/c/run_typed_conformance.py sends through the
typed record calls (the same records, the same checks: against the vector
and against the JSON entry's answer, error envelopes exactly), here asked
through handles: the actor prepared from its id, org and role text, the
lead from the struct of `leadrules_engine_check_edit`, then
`leadrules_engine_check_transfer_prepared` / `_check_edit_prepared` (and
each edit lead once more through `leadrules_engine_can_edit_many`). A
prepared fact reports its own errors when it is prepared, and an
actor's org is resolved at the question, so a request with several
errors may name another first than the record path: a vector expecting
its error at `actor.org` that the handles answer with an error at a field
read before the question is counted apart (listed with -v), not failed.

A `transition` / `actions` vector goes through
`leadrules_engine_prepare_workflow_lead` and
`leadrules_engine_transition_prepared` / `_actions_prepared` when the
structs carry its request: no form `fields`, `now` and the lead's times
RFC 3339 in whole seconds (Unix seconds in C), every text a string, no key
the structs lack, an expected error at a field they have. Compared field
by field with the vector: `allowed` and the reason codes (the verdict holds
codes, not a reason's `field` or `capability`), every action of the
workflow in its order for `actions`, or the error's code and path, and an
error's envelope with the JSON entry's. A first error that differs only by
when a handle reads it (`WORKFLOW_REORDERED`, with why) is counted apart.

The list views, over the vectors' records grouped as core's list-view test
groups them (actions by config, workflow and `now`; edits by config, the
leads of every org kind): every actor of a group against all its leads and
each lead alone, `leadrules_engine_actions_many` against the leads'
`_actions_prepared` allowed flags and `leadrules_engine_can_edit_many`
against `_check_edit_prepared`, the first lead's error at `leads[i]`.

With -v, prints the vectors the typed structs cannot express.
"""

import json
import pathlib
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from run_conformance import load_cases, record  # noqa: E402
from run_typed_conformance import check, expressible, typed_facts, unique_keys, unix_seconds, utf8  # noqa: E402
from typed_harness import run_cases  # noqa: E402

KINDS = ("handover", "cross_silo", "edit")
WORKFLOW_KINDS = ("transition", "actions")
#: The vectors whose first error differs only by the order of preparation.
REORDERED = []
#: The actor's records, in the order of `leadrules_actor_in`.
ACTOR_FIELDS = ("id", "org", "role")
#: The workflow lead's records, in the order typed_prepared.c reads them:
#: texts, then times.
LEAD_TEXTS = ("id", "stage", "sub_stage", "owner", "partner", "source", "distribution_owner", "template")
LEAD_TIMES = ("created_at", "expires_at", "accepted_at", "reassigned_at")
#: The fields a transition or actions request carries through the structs.
WORKFLOW_PATHS = {"workflow", "action", "now"} | {f"actor.{f}" for f in ACTOR_FIELDS} | {
    f"lead.{f}" for f in LEAD_TEXTS + LEAD_TIMES}
#: The edited lead's records of a list-view group.
EDITED_FIELDS = ("id", "org", "owner", "creator", "handed_over_to_sales")
#: Vectors whose first error through handles is another of the request's
#: errors, with why: the handle's own errors come when it is prepared (the
#: actor first, then the lead), the question's checks (`now`, the action,
#: the party keys the actions need) when it is asked.
WORKFLOW_REORDERED = {
    "partner_lead/partner_error_missing_now_before_unknown_role":
        "a workflow's need for `now` is the question's check; the role is resolved when the actor is prepared",
    "partner_lead/partner_error_missing_source_before_unknown_template":
        "the template is the lead's own, resolved when it is prepared; the party keys are the question's",
}


def error_path(typed):
    """Where the handles' answer failed, if it did."""
    if "envelope" not in typed:
        return None
    return typed.get("lookup") or typed["envelope"].get("error", {}).get("path")


def check_prepared(name, expect, answer, request):
    """`check`, but an actor's org is resolved at the question, after the
    lead's own errors: a vector expecting its error at `actor.org` that
    the handles answer with another of the request's errors, at a field
    prepared or looked up before the question, is counted apart."""
    failures = check(name, expect, answer, request)
    typed = answer.get("typed", {})
    at = error_path(typed)
    if failures and expect.get("error", {}).get("path") == "actor.org" and at not in (None, "actor.org"):
        REORDERED.append(f"{name} (the handles answered at {at})")
        return []
    return failures


def text_record(value, optional):
    """A text record, "-" (None) for an absent optional one; False when
    the struct cannot carry the value."""
    if optional and value is None:
        return None
    if isinstance(value, str) and utf8(value) is not None:
        return utf8(value)
    return False


def time_record(value):
    """A time as Unix seconds, None when absent, False when not whole
    seconds."""
    if value is None:
        return None
    seconds = unix_seconds(value)
    return False if seconds is None else str(seconds).encode()


def actor_records(actor):
    """The actor's 3 records, or None."""
    if not isinstance(actor, dict) or not set(actor) <= set(ACTOR_FIELDS):
        return None
    records = [text_record(actor.get(f), f == "org") for f in ACTOR_FIELDS]
    return None if False in records else records


def workflow_lead_records(lead):
    """The workflow lead's records, or None."""
    if not isinstance(lead, dict) or not set(lead) <= set(LEAD_TEXTS + LEAD_TIMES):
        return None
    records = [text_record(lead.get(f), f not in ("id", "stage")) for f in LEAD_TEXTS]
    records += [time_record(lead.get(f)) for f in LEAD_TIMES]
    return None if False in records else records


def edited_lead_records(lead):
    """An edited lead's records (its org a text), or None."""
    if not isinstance(lead, dict) or not set(lead) <= set(EDITED_FIELDS):
        return None
    handed = lead.get("handed_over_to_sales", False)
    if not isinstance(handed, bool):
        return None
    records = [text_record(lead.get(f), f in ("owner", "creator")) for f in EDITED_FIELDS[:4]]
    records.append(b"true" if handed else b"false")
    return None if False in records else records


def workflow_records(request, expect):
    """The records of a transition or actions case after its kind, or None
    when the structs cannot carry it."""
    kind = request["kind"]
    allowed = {"kind", "workflow", "now", "actor", "lead", "fields"} | ({"action"} if kind == "transition" else set())
    error = expect.get("error")
    if (not set(request) <= allowed or request.get("fields") is not None
            or (error is not None and (error["code"] == "invalid_config" or error["path"] not in WORKFLOW_PATHS))):
        return None
    workflow = text_record(request.get("workflow"), False)
    action = text_record(request.get("action"), False) if kind == "transition" else None
    now = time_record(request.get("now"))
    actor, lead = actor_records(request.get("actor")), workflow_lead_records(request.get("lead"))
    if False in (workflow, action, now) or actor is None or lead is None:
        return None
    return [workflow, action, now] + actor + lead


def reason_codes(reasons):
    return [{"code": r["code"]} for r in reasons]


def check_workflow(name, expect, answer, request):
    """A transition or actions answer through handles against the vector
    (allowed and reason codes, each action in order, or the error) and an
    error's envelope against the JSON entry's."""
    typed, json_answer = answer["typed"], answer["json"]
    if "envelope" in typed:
        envelope = typed["envelope"].get("error", {})
        got = {"code": envelope.get("code"), "path": envelope.get("path")}
        if expect.get("error") != got:
            if name in WORKFLOW_REORDERED and "error" in expect:
                REORDERED.append(f"{name} (the handles answered at {got['path']}: {WORKFLOW_REORDERED[name]})")
                return []
            return [f"{name}: expected {expect}, the handles answered {typed}"]
        if typed["envelope"] != json_answer:
            return [f"{name}: the handles' envelope {typed['envelope']} is not the JSON entry's {json_answer}"]
        return []
    if "error" in expect:
        return [f"{name}: expected {expect}, the handles answered {typed}"]
    if request["kind"] == "transition":
        wanted = {"allowed": expect["allowed"], "reasons": reason_codes(expect["reasons"])}
    else:
        wanted = {"count": len(expect["actions"]), "actions": [
            {"action": a["action"], "allowed": a["allowed"], "reasons": reason_codes(a["reasons"])}
            for a in expect["actions"]]}
    return [] if typed == wanted else [f"{name}: expected {wanted}, the handles answered {typed}"]


def check_any(name, expect, answer, request):
    if request.get("kind") in WORKFLOW_KINDS:
        return check_workflow(name, expect, answer, request)
    return check_prepared(name, expect, answer, request)


def at_lead(error, i):
    """A single question's error as a list view reports it: `lead...` at
    `leads[i]...`."""
    path = error.get("path", "")
    if path == "lead" or path.startswith("lead."):
        path = f"leads[{i}]" + path[len("lead"):]
    return {"code": error.get("code"), "path": path}


def expected_view(single):
    """The list view the single answers call for: the rows, or the first
    lead's error at `leads[i]`."""
    for i, row in enumerate(single):
        if isinstance(row, dict):
            return {"error": at_lead(row["envelope"].get("error", {}), i)}
    return {"rows": single}


def view_of(many):
    if "envelope" in many:
        error = many["envelope"].get("error", {})
        return {"error": {"code": error.get("code"), "path": error.get("path")}}
    return {"rows": many["rows"]}


def check_group(name, _expect, answer, request):
    """Each actor's list views against its single answers: the whole page
    and each lead alone. A config that does not build has no handles."""
    if "config" in answer:
        return []
    typed = answer["typed"]
    if "actors" not in typed:
        return [f"{name}: {typed}"]
    failures = []
    for a, actor in enumerate(typed["actors"]):
        single = actor["single"]
        # An empty page of edits still checks its actor (an org outside the
        # directory is refused), as core's list-view test leaves it; an
        # empty page of actions answers no rows.
        if not single and request["kind"] == "edit_many":
            continue
        if view_of(actor["many"]) != expected_view(single):
            failures.append(f"{name} actor {a}: the page {actor['many']}, one by one {single}")
        many = actor["many"]
        if "words" in many and many["words"] != sum((len(row) + 63) // 64 for row in many["rows"]):
            failures.append(f"{name} actor {a}: {many['words']} words for the rows {many['rows']}")
        for i, (row, alone) in enumerate(zip(single, actor["alone"])):
            if view_of(alone) != expected_view([row]):
                failures.append(f"{name} actor {a} lead {i} alone: {alone}, its question {row}")
    return failures


def group_cases():
    """The list-view groups of the vectors' records, as cases."""
    actions, edits = {}, {}
    for _, config, request_text, _ in load_cases():
        try:
            request = json.loads(request_text, object_pairs_hook=unique_keys)
        except ValueError:
            continue
        if not isinstance(request, dict):
            continue
        kind = request.get("kind")
        actor = actor_records(request.get("actor"))
        if kind in WORKFLOW_KINDS:
            workflow, now = text_record(request.get("workflow"), False), time_record(request.get("now"))
            lead = workflow_lead_records(request.get("lead"))
            if False in (workflow, now):
                continue
            group = actions.setdefault((config, workflow, now), ([], []))
        elif kind in ("edit", "targets", "handover", "cross_silo", "change_owner"):
            lead = edited_lead_records(request.get("lead"))
            group = edits.setdefault(config, ([], []))
        else:
            continue
        for records, into in ((actor, group[0]), (lead, group[1])):
            if records is not None and records not in into:
                into.append(records)

    def flat(records):
        return b"".join(b"-\n" if f is None else record(f) for f in records)

    def people(actors, leads):
        return (record(str(len(actors)).encode()) + b"".join(flat(a) for a in actors)
                + record(str(len(leads)).encode()) + b"".join(flat(lead) for lead in leads))

    cases = []
    for (config, workflow, now), (actors, leads) in actions.items():
        data = record(config) + b"-\n" + record(b"actions_many") + flat([workflow, now]) + people(actors, leads)
        cases.append((f"actions_many {workflow.decode()} now={now and now.decode()}", {}, data, {"kind": "actions_many"}))
    for config, (actors, leads) in edits.items():
        data = record(config) + b"-\n" + record(b"edit_many") + people(actors, leads)
        cases.append(("edit_many", {}, data, {"kind": "edit_many"}))
    return cases


def main():
    args = sys.argv[1:]
    verbose = bool(args) and args[0] == "-v"
    command = args[1:] if verbose else args
    if not command:
        sys.exit("usage: run_typed_prepared.py [-v] COMMAND...")
    cases, covered, unexpressed = [], {}, []
    for name, config, request_text, expect in load_cases():
        try:
            request = json.loads(request_text, object_pairs_hook=unique_keys)
        except ValueError:
            request = None
        kind = request.get("kind") if isinstance(request, dict) else None
        if kind in WORKFLOW_KINDS:
            facts = workflow_records(request, expect)
        else:
            facts = typed_facts(request) if kind in KINDS else None
        if facts is None or (kind in KINDS and not expressible(expect, request)):
            if kind in KINDS + WORKFLOW_KINDS:
                unexpressed.append(name)
            continue
        covered[kind] = covered.get(kind, 0) + 1
        data = record(config) + record(request_text) + record(kind.encode("ascii"))
        data += b"".join(b"-\n" if f is None else record(f) for f in facts)
        cases.append((name, expect, data, request))
    failures, passed, _ = run_cases(command, cases, check_any)
    groups = group_cases()
    group_failures, _, answers = run_cases(command, groups, check_group)
    failures += group_failures
    for failure in failures:
        print(f"FAIL {failure}")
    detail = ", ".join(f"{kind} {n}" for kind, n in sorted(covered.items()))
    print(f"through prepared facts: {len(cases)} vectors ({detail})")
    print(f"{len(REORDERED)} of them name another of the request's errors first (a handle's own errors "
          "come when it is prepared, the question's checks when it is asked)")
    views = {"actions_many": 0, "edit_many": 0}
    for request, answer in answers:
        views[request["kind"]] += len(answer.get("typed", {}).get("actors", []))
    print(f"list views: {views['actions_many']} action grids and {views['edit_many']} edit lists (each with every "
          f"lead alone) against the single questions, in {len(groups)} groups")
    if verbose:
        for name in REORDERED:
            print(f"  first error reordered: {name}")
        for name in unexpressed:
            print(f"  not expressible by the typed structs: {name}")
    print(f"{passed} passed, {len(cases) - passed} failed ({len(group_failures)} list-view failures); {len(unexpressed)} handover/cross_silo/edit/"
          "transition/actions vectors the typed structs cannot express")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
