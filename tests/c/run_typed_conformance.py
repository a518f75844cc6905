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

Prints each failure, how many vectors each typed call covers, and
"N passed, M failed"; exits 1 on any failure. Standard library only.
"""

import json
import pathlib
import subprocess
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from run_conformance import load_cases, record  # noqa: E402

#: The fields the typed structs carry, in the protocol's reading order.
FIELDS = ("actor.id", "actor.org", "actor.role", "lead.id", "lead.org", "lead.owner", "lead.creator",
          "lead.handed_over_to_sales", "to")
#: The typed call of each kind, and the fields it reads.
CALLS = {
    "handover": ("leadrules_engine_check_transfer", FIELDS[:6] + ("to",)),
    "cross_silo": ("leadrules_engine_check_transfer", FIELDS[:6] + ("to",)),
    "edit": ("leadrules_engine_check_edit", FIELDS[:8]),
}
OPTIONAL = ("lead.owner", "lead.creator", "lead.handed_over_to_sales")
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


def expressible(expect, request):
    """Whether an expected error, if any, is about a field the typed
    structs have (not a config, not a field they lack)."""
    error = expect.get("error")
    return error is None or (error["code"] != "invalid_config" and error["path"] in CALLS[request["kind"]][1])


def check(name, expect, answer):
    """The failures of one case's answer, as text."""
    failures = []
    json_answer, typed = answer["json"], answer["typed"]
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
        cases.append((name, expect, data))

    run = subprocess.run(sys.argv[1:], input=b"".join(c[2] for c in cases), capture_output=True, check=False)
    lines = run.stdout.decode("utf-8", "replace").splitlines()
    failures = []
    if run.returncode != 0:
        failures.append(f"{' '.join(sys.argv[1:])} exited with {run.returncode}: {run.stderr.decode(errors='replace')}")
    if len(lines) != len(cases):
        failures.append(f"{len(cases)} cases but {len(lines)} answers")
    passed = 0
    compared = {"typed call": 0, "lookup": 0}
    for (name, expect, _), line in zip(cases, lines):
        try:
            answer = json.loads(line)
        except ValueError as error:
            failures.append(f"{name}: the answer is not JSON ({error}): {line}")
            continue
        found = check(name, expect, answer)
        failures.extend(found)
        passed += not found
        typed = answer.get("typed", {})
        if "envelope" in typed:
            compared["lookup" if "lookup" in typed else "typed call"] += 1
    for failure in failures:
        print(f"FAIL {failure}")
    for call, kinds in sorted(covered.items()):
        detail = ", ".join(f"{kind} {n}" for kind, n in sorted(kinds.items()))
        print(f"{call}: {sum(kinds.values())} vectors ({detail})")
    print(f"errors compared with the JSON entry's envelope: {compared['typed call']} from a typed call, "
          f"{compared['lookup']} from leadrules_engine_org / _role")
    print(f"{passed} passed, {len(cases) - passed} failed; {skipped} vectors no typed C call expresses")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
