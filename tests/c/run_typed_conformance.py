#!/usr/bin/env python3
"""Runs the conformance vectors a typed C call can express through it.

Usage: run_typed_conformance.py COMMAND... (the tests/c/typed_conformance.c
binary, possibly behind valgrind)

A `handover` / `cross_silo` vector goes through
`leadrules_engine_check_transfer`, an `edit` vector through
`leadrules_engine_check_edit` (with `leadrules_engine_org` /
`leadrules_engine_role` resolving its ids), when the typed structs can
carry its facts: every id a string (an owner or creator also absent or
null), `handed_over_to_sales` a bool or absent, and an expected error, if
any, at a field the structs have. Each such vector is checked twice:

- against the vector: `allowed`, the reason codes and their orgs, the
  route, or the error's code and path;
- against the JSON entry's answer to the same request: a typed call that
  fails records the envelope the JSON entry answers (code, path and
  message, exactly); a lookup that fails records the protocol's code and
  message at path "" (it knows no field; the host names it).

A `sweep` vector goes through `leadrules_engine_sweep_columns` (stage
names through `leadrules_engine_stage_code`, templates through
`leadrules_engine_template_code`) when every time is RFC 3339 in whole
seconds: its due ids and next deadline are checked, or its error's code
and path (the column's row named as the request's lead: `created_at[1]`
is `leads[1].created_at`); a column names its row, so only a refused
stage name is compared with the JSON entry's message.

Prints each failure, how many vectors each typed call covers, and
"N passed, M failed"; exits 1 on any failure. Standard library only.
"""

import datetime as dt
import json
import pathlib
import re
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from run_conformance import load_cases, record  # noqa: E402
from typed_harness import run_cases  # noqa: E402

#: The fields the typed structs carry, in the protocol's reading order.
FIELDS = ("actor.id", "actor.org", "actor.role", "lead.id", "lead.org", "lead.owner", "lead.creator",
          "lead.handed_over_to_sales", "to")
#: The typed call of each kind, and the fields it reads.
CALLS = {
    "handover": ("leadrules_engine_check_transfer", FIELDS[:6] + ("to",)),
    "cross_silo": ("leadrules_engine_check_transfer", FIELDS[:6] + ("to",)),
    "edit": ("leadrules_engine_check_edit", FIELDS[:8]),
    "sweep": ("leadrules_engine_sweep_columns", ()),
}
OPTIONAL = ("lead.owner", "lead.creator", "lead.handed_over_to_sales")
#: A lead's fields in a `sweep` through `leadrules_engine_sweep_columns`.
SWEEP_FIELDS = ("stage", "created_at", "expires_at", "accepted_at", "reassigned_at", "template")
SWEEP_PATH = re.compile(r"^(workflow|now|leads\[\d+\]\.(" + "|".join(SWEEP_FIELDS) + "))$")
#: RFC 3339 in whole seconds: what a column of Unix seconds carries.
WHOLE_SECONDS = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(Z|[+-]\d\d:\d\d)$")
ABSENT = object()


def unique_keys(pairs):
    keys = [k for k, _ in pairs]
    if len(set(keys)) != len(keys):
        raise ValueError("a repeated key")
    return dict(pairs)


def utf8(text):
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:
        return None


def fact(request, field):
    value = request
    for key in field.split("."):
        if not isinstance(value, dict):
            return None
        value = value.get(key, ABSENT)
        if value is ABSENT:
            return ABSENT
    return value


def typed_facts(request):
    """The records of the facts, or None when the typed structs cannot
    carry them."""
    call = CALLS.get(request.get("kind")) if isinstance(request, dict) else None
    if call is None:
        return None
    if request["kind"] == "sweep":
        return sweep_records(request)
    facts = []
    for field in FIELDS:
        if field not in call[1]:
            facts.append(None)
            continue
        value = fact(request, field)
        if field == "lead.handed_over_to_sales":
            if value is ABSENT:
                value = False
            if not isinstance(value, bool):
                return None
            facts.append(b"true" if value else b"false")
        elif field in OPTIONAL and (value is ABSENT or value is None):
            facts.append(None)
        elif isinstance(value, str) and utf8(value) is not None:
            facts.append(utf8(value))
        else:
            return None
    return facts


def unix_seconds(text):
    """RFC 3339 text in whole seconds as Unix seconds, or None."""
    if not isinstance(text, str) or not WHOLE_SECONDS.match(text):
        return None
    try:
        return int(dt.datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp())
    except ValueError:
        return None


def sweep_records(request):
    """The records of a sweep (workflow, now, rows, then each lead's
    fields), or None when columns cannot carry it."""
    workflow, now, leads = request.get("workflow"), unix_seconds(request.get("now")), request.get("leads")
    if not isinstance(workflow, str) or utf8(workflow) is None or now is None or not isinstance(leads, list):
        return None
    records = [utf8(workflow), str(now).encode(), str(len(leads)).encode()]
    for lead in leads:
        if not isinstance(lead, dict) or not isinstance(lead.get("stage"), str) or utf8(lead["stage"]) is None:
            return None
        records.append(utf8(lead["stage"]))
        for field in SWEEP_FIELDS[1:5]:
            value = lead.get(field)
            seconds = unix_seconds(value)
            if value is not None and seconds is None:
                return None
            records.append(None if value is None else str(seconds).encode())
        template = lead.get("template")
        if template is not None and (not isinstance(template, str) or utf8(template) is None):
            return None
        records.append(None if template is None else utf8(template))
    return records


def expressible(expect, request):
    """Whether an expected error, if any, is about a field the typed
    structs have (not a config, not a field they lack)."""
    error = expect.get("error")
    if error is None:
        return True
    if request["kind"] == "sweep":
        return error["code"] != "invalid_config" and SWEEP_PATH.match(error["path"]) is not None
    return error["code"] != "invalid_config" and error["path"] in CALLS[request["kind"]][1]


def column_path(path, request):
    """A column sweep's error path (`created_at[7]`) as the request's
    (`leads[7].created_at`)."""
    found = re.match(r"^(stages|templates|\w+)\[(\d+)\]$", path)
    if found is None:
        return path
    column = {"stages": "stage", "templates": "template"}.get(found[1], found[1])
    return f"leads[{found[2]}].{column}"


def check_sweep(name, expect, request, typed, json_answer):
    """A column sweep's answer against the vector: the due ids, the next
    deadline, or the error's code and path (a column's row named as the
    request's lead); a stage lookup's code and message against the JSON
    entry's."""
    if "envelope" in typed:
        envelope = typed["envelope"].get("error", {})
        got = {"code": envelope.get("code"), "path": typed.get("lookup") or column_path(envelope.get("path"), request)}
        failures = [] if expect.get("error") == got else [f"{name}: expected {expect}, the column sweep answered {typed}"]
        json_error = json_answer.get("error", {})
        if "lookup" in typed and (envelope.get("code"), envelope.get("message")) != (
                json_error.get("code"), json_error.get("message")):
            failures.append(f"{name}: the stage lookup answered {envelope}, the JSON entry {json_error}")
        return failures
    if "error" in expect:
        return [f"{name}: expected {expect}, the column sweep answered {typed}"]
    due = [request["leads"][row]["id"] for row in typed["due"]]
    wanted = expect["next_deadline"]
    next_deadline = typed["next_deadline"]
    same_deadline = (wanted is None and next_deadline is None) or (
        wanted is not None and next_deadline is not None
        and dt.datetime.fromisoformat(wanted.replace("Z", "+00:00")).timestamp() == next_deadline)
    if due != expect["due"] or not same_deadline:
        return [f"{name}: expected {expect}, the column sweep answered due {due}, next deadline {next_deadline}"]
    return []


def check(name, expect, answer, request):
    """The failures of one case's answer, as text."""
    failures = []
    json_answer, typed = answer["json"], answer["typed"]
    if request["kind"] == "sweep":
        return check_sweep(name, expect, request, typed, json_answer)
    if "envelope" in typed:
        envelope = typed["envelope"].get("error", {})
        field = typed.get("lookup")
        got = {"code": envelope.get("code"), "path": field if field is not None else envelope.get("path")}
        if expect.get("error") != got:
            failures.append(f"{name}: expected {expect}, the typed call answered {typed}")
        if field is None and typed["envelope"] != json_answer:
            failures.append(f"{name}: the typed envelope {typed['envelope']} is not the JSON entry's {json_answer}")
        if field is not None:
            json_error = json_answer.get("error", {})
            same = (envelope.get("code"), envelope.get("message"), envelope.get("path"), field) == (
                json_error.get("code"), json_error.get("message"), "", json_error.get("path"))
            if not same:
                failures.append(f"{name}: the lookup of {field} answered {envelope}, the JSON entry {json_error}")
        return failures
    if "error" in expect:
        return [f"{name}: expected {expect}, the typed call answered {typed}"]
    reasons = [{k: r[k] for k in ("code", "org") if k in r} for r in expect["reasons"]]
    wanted = {"allowed": expect["allowed"], "reasons": reasons}
    if "route" in expect:
        wanted["route"] = expect["route"]
    if typed != wanted:
        failures.append(f"{name}: expected {wanted}, the typed call answered {typed}")
    return failures


def main():
    if len(sys.argv) < 2:
        sys.exit("usage: run_typed_conformance.py COMMAND...")
    cases, covered, skipped = [], {}, 0
    for name, config, request_text, expect in load_cases():
        try:
            # A repeated key is the reader's error; no struct repeats a field.
            request = json.loads(request_text, object_pairs_hook=unique_keys)
        except ValueError:
            request = None
        facts = typed_facts(request)
        if facts is None or not expressible(expect, request):
            skipped += 1
            continue
        call = CALLS[request["kind"]][0]
        covered.setdefault(call, {}).setdefault(request["kind"], 0)
        covered[call][request["kind"]] += 1
        data = record(config) + record(request_text) + record(request["kind"].encode("ascii"))
        data += b"".join(b"-\n" if f is None else record(f) for f in facts)
        cases.append((name, expect, data, request))

    failures, passed, answers = run_cases(sys.argv[1:], cases, check)
    compared = {"typed call": 0, "lookup": 0}
    for request, answer in answers:
        typed = answer.get("typed", {})
        if "envelope" in typed and (request["kind"] != "sweep" or "lookup" in typed):
            compared["lookup" if "lookup" in typed else "typed call"] += 1
    for failure in failures:
        print(f"FAIL {failure}")
    for call, kinds in sorted(covered.items()):
        detail = ", ".join(f"{kind} {n}" for kind, n in sorted(kinds.items()))
        print(f"{call}: {sum(kinds.values())} vectors ({detail})")
    print(f"errors compared with the JSON entry's envelope: {compared['typed call']} from a typed call, "
          f"{compared['lookup']} from a lookup (org, role, stage)")
    print(f"{passed} passed, {len(cases) - passed} failed; {skipped} vectors no typed C call expresses")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
