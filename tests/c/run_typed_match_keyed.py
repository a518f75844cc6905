#!/usr/bin/env python3
"""Runs the `match` conformance vectors through the typed C calls a host
with a key index makes.

Usage: run_typed_match_keyed.py [-v] COMMAND... (the
tests/c/typed_match_keyed.c binary, possibly behind valgrind or built with
the sanitizers; -v names each vector not run and why)

Every `match` vector whose lead and candidates the structs can carry
(each single field text or null, each list a list of text, ids text) goes
through `leadrules_engine_match_keys` for the lead and each candidate,
then `leadrules_engine_match_keyed` over those keys: the answer must be
the vector's (`allowed`, `duplicate_blocked` naming the first blocking
match, `matches` with their rules and actions). A vector that expects an
error about a candidate's id (a blank or repeated one) must fail with the
same code and path; other errors are about records, which keyed
matching never reads, and are counted, not run. Prints each failure, the
counts, and "N passed, M failed"; exits 1 on any failure. Standard
library only.
"""

import json
import pathlib
import subprocess
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from run_conformance import load_cases, record  # noqa: E402
from run_typed_match_keys import Unsupported, list_records, text_record  # noqa: E402

ACTIONS = {1: "alert", 2: "link", 3: "block"}


def lead_records(lead):
    if not isinstance(lead, dict):
        raise Unsupported("a lead that is not an object")
    out = [text_record(lead.get("phone")), list_records(lead.get("mobiles"))]
    out += [text_record(lead.get("email")), list_records(lead.get("emails"))]
    out += [text_record(lead.get("name")), text_record(lead.get("company"))]
    return b"".join(out)


def id_record(value):
    if value is not None and not isinstance(value, str):
        raise Unsupported("an id that is not text")
    return text_record(value)


def case_records(config, request):
    candidates = request.get("candidates")
    if not isinstance(candidates, list) or not isinstance(request.get("lead"), dict):
        raise Unsupported("no lead and candidates")
    out = [record(config), id_record(request["lead"].get("id")), lead_records(request["lead"])]
    out.append(record(str(len(candidates)).encode()))
    for candidate in candidates:
        if not isinstance(candidate, dict) or not isinstance(candidate.get("id"), str):
            raise Unsupported("a candidate without a text id")
        out.append(id_record(candidate["id"]))
        out.append(lead_records(candidate))
    return b"".join(out)


def answer_of(line, candidates):
    """The protocol answer a "matches" line describes."""
    words = line.split(" ")
    allowed, matches = words[1] == "1", []
    for item in words[3:]:
        index, action, hexed = item.split(":", 2)
        rules = [r.decode("utf-8") for r in bytes.fromhex(hexed).split(b"\0")[:-1]]
        matches.append({"lead": candidates[int(index)]["id"], "rules": rules, "action": ACTIONS[int(action)]})
    blocking = [m["lead"] for m in matches if m["action"] == "block"]
    reasons = [{"code": "duplicate_blocked", "lead": blocking[0]}] if blocking else []
    return {"allowed": allowed, "reasons": reasons, "matches": matches}


def main():
    verbose = sys.argv[1:2] == ["-v"]
    command = sys.argv[2:] if verbose else sys.argv[1:]
    if not command:
        sys.exit(__doc__)
    cases, skipped = [], {}
    for name, config, request_text, expect in load_cases():
        try:
            request = json.loads(request_text)
        except ValueError:
            continue
        if not isinstance(request, dict) or request.get("kind") != "match":
            continue
        try:
            path = expect.get("error", {}).get("path", "")
            if "error" in expect and not (path.startswith("candidates[") and path.endswith("].id")):
                raise Unsupported("an error about a record (keyed matching reads no record)")
            cases.append((name, expect, request["candidates"], case_records(config, request)))
        except Unsupported as why:
            skipped[str(why)] = skipped.get(str(why), 0) + 1
            if verbose:
                print(f"not run: {name}: {why}")
    run = subprocess.run(command, input=b"".join(c[3] for c in cases), capture_output=True, check=False)
    lines = run.stdout.decode("utf-8", "replace").splitlines()
    failures = []
    if run.returncode != 0:
        failures.append(f"exit status {run.returncode}: {run.stderr.decode('utf-8', 'replace')[-2000:]}")
    if len(lines) != len(cases):
        failures.append(f"{len(cases)} cases but {len(lines)} answers")
    passed = 0
    for (name, expect, candidates, _), line in zip(cases, lines):
        word, _, rest = line.partition(" ")
        if "error" in expect:
            want = expect["error"]
            got = json.loads(rest).get("error", {}) if word == "error" else None
            ok = got is not None and got.get("code") == want["code"] and got.get("path") == want.get("path")
        elif word == "matches":
            ok = answer_of(line, candidates) == expect
        else:
            ok = False
        if ok:
            passed += 1
        else:
            failures.append(f"{name}: expected {json.dumps(expect)}, got {line[:300]}")
    for failure in failures:
        print("FAIL", failure)
    print(f"typed match_keyed: {len(cases)} vectors asked, not run: {skipped or 'none'}")
    print(f"{passed} passed, {len(failures)} failed")
    return 1 if failures or passed < 18 else 0


if __name__ == "__main__":
    sys.exit(main())
