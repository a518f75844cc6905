#!/usr/bin/env python3
"""Runs the handover, cross_silo and edit vectors through prepared facts.

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
read before the question is counted apart (listed with -v), not failed. With -v, prints the vectors
the typed structs cannot express.
"""

import json
import pathlib
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from run_conformance import load_cases, record  # noqa: E402
from run_typed_conformance import CALLS, check, expressible, typed_facts, unique_keys  # noqa: E402
from typed_harness import run_cases  # noqa: E402

KINDS = ("handover", "cross_silo", "edit")
#: The vectors whose first error differs only by the order of preparation.
REORDERED = []


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
        facts = typed_facts(request) if kind in KINDS else None
        if facts is None or not expressible(expect, request):
            if kind in KINDS:
                unexpressed.append(name)
            continue
        covered[kind] = covered.get(kind, 0) + 1
        data = record(config) + record(request_text) + record(kind.encode("ascii"))
        data += b"".join(b"-\n" if f is None else record(f) for f in facts)
        cases.append((name, expect, data, request))
    failures, passed, _ = run_cases(command, cases, check_prepared)
    for failure in failures:
        print(f"FAIL {failure}")
    detail = ", ".join(f"{kind} {n}" for kind, n in sorted(covered.items()))
    print(f"through prepared facts: {len(cases)} vectors ({detail})")
    print(f"{len(REORDERED)} of them name another of the request's errors first (the actor's org is "
          "resolved at the question, after the lead is prepared)")
    if verbose:
        for name in REORDERED:
            print(f"  first error reordered: {name}")
        for name in unexpressed:
            print(f"  not expressible by the typed structs: {name}")
    print(f"{passed} passed, {len(cases) - passed} failed; {len(unexpressed)} handover/cross_silo/edit vectors "
          "the typed structs cannot express")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
