#!/usr/bin/env python3
"""Runs the `match_keys` conformance vectors through the typed C call.

Usage: run_typed_match_keys.py [-v] COMMAND... (the
tests/c/typed_match_keys.c binary, possibly behind valgrind or built with
the sanitizers; -v names each vector not run and why)

Every `match_keys` vector with one `lead` whose fields the struct can
carry (each single field text or null, each list a list of text, no
error about the lead's `id`, which the struct lacks since keys never
read it) goes through `leadrules_engine_match_keys`, and its
keys (read back from the buffer: NUL-terminated, in order) must be the
vector's; a vector that expects an error must fail with the same
envelope the vector has (code and path). A `leads` batch, a field of a
wrong JSON type or a config error cannot be carried, and is counted, not
run. Prints each failure, the counts, and "N passed, M failed"; exits 1
on any failure. Standard library only.
"""

import json
import pathlib
import subprocess
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from run_conformance import load_cases, record  # noqa: E402

SINGLE = ("phone", "email", "name", "company")
LISTS = ("mobiles", "emails")


class Unsupported(Exception):
    """Facts the struct cannot carry."""


def text_record(value):
    if value is None:
        return b"-\n"
    if not isinstance(value, str):
        raise Unsupported("a field that is not text")
    try:
        return record(value.encode("utf-8"))
    except UnicodeEncodeError as error:
        raise Unsupported("text that is not UTF-8") from error


def list_records(values):
    if values is None:
        return record(b"0")
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        raise Unsupported("a list that is not a list of text")
    return record(str(len(values)).encode()) + b"".join(text_record(v) for v in values)


def case_records(config, request):
    if request.get("kind") != "match_keys" or "leads" in request or not isinstance(request.get("lead"), dict):
        raise Unsupported("no single lead")
    lead = request["lead"]
    out = [record(config)]
    out.append(text_record(lead.get("phone")))
    out.append(list_records(lead.get("mobiles")))
    out.append(text_record(lead.get("email")))
    out.append(list_records(lead.get("emails")))
    out.append(text_record(lead.get("name")))
    out.append(text_record(lead.get("company")))
    return b"".join(out)


def keys_of(line):
    _, count, hexed = (line.split(" ", 2) + [""])[:3]
    data = bytes.fromhex(hexed)
    keys = [k.decode("utf-8") for k in data.split(b"\0")[:-1]] if data else []
    return int(count), keys


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
        if not isinstance(request, dict) or request.get("kind") != "match_keys":
            continue
        try:
            if expect.get("error", {}).get("path") == "lead.id":
                raise Unsupported("an error about the id (the struct has no id: keys never read it)")
            cases.append((name, expect, case_records(config, request)))
        except Unsupported as why:
            skipped[str(why)] = skipped.get(str(why), 0) + 1
            if verbose:
                print(f"not run: {name}: {why}")
    run = subprocess.run(command, input=b"".join(c[2] for c in cases), capture_output=True, check=False)
    lines = run.stdout.decode("utf-8", "replace").splitlines()
    failures = []
    if run.returncode != 0:
        failures.append(f"exit status {run.returncode}: {run.stderr.decode('utf-8', 'replace')[-2000:]}")
    if len(lines) != len(cases):
        failures.append(f"{len(cases)} cases but {len(lines)} answers")
    passed = 0
    for (name, expect, _), line in zip(cases, lines):
        word, _, rest = line.partition(" ")
        if "error" in expect:
            want = expect["error"]
            got = json.loads(rest).get("error", {}) if word in ("error", "config") else None
            ok = got is not None and got.get("code") == want["code"] and got.get("path") == want.get("path", got.get("path"))
        elif word == "keys":
            count, keys = keys_of(line)
            ok = keys == expect["keys"] and count == len(keys)
        else:
            ok = False
        if ok:
            passed += 1
        else:
            failures.append(f"{name}: expected {json.dumps(expect)}, got {line[:300]}")
    for failure in failures:
        print("FAIL", failure)
    print(f"typed match_keys: {len(cases)} vectors asked, not run: {skipped or 'none'}")
    print(f"{passed} passed, {len(failures)} failed")
    return 1 if failures or passed < 100 else 0


if __name__ == "__main__":
    sys.exit(main())
