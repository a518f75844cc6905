#!/usr/bin/env python3
"""Runs the assignment conformance vectors through the typed C calls.

Usage: run_typed_assign.py [-v] COMMAND... (the tests/c/typed_assign.c
binary, possibly behind valgrind or built with the sanitizers; -v names
each vector not run and why)

Every `assign` vector (one `lead` or a batch of `leads`) goes through
`leadrules_engine_assign` / `leadrules_engine_assign_many`, every
`change_owner` vector through `leadrules_engine_check_change_owner`, when
the typed structs can carry its facts: ids, orgs and roles as strings,
flags as booleans, counts as whole numbers 0 <= n < 2**64 - 1, a member's
`accepts` as its JSON text, `now` as RFC 3339 in whole seconds, and an
expected error, if any, about a field the structs have. Each is checked
twice:

- against the vector: the whole answer (the effects rebuilt from the
  indexes the call answers, which is all a C host has), or the error's
  code and path;
- against the JSON entry's answer to the same request: a typed call that
  fails records exactly the envelope the JSON entry answers (code, path,
  message); a lookup that fails records the protocol's code and message at
  path "" (it knows no field; the host names it).

The vectors no typed call can carry (a `lead` and `leads` together, a
wrong JSON type, a config error) are counted, not run. Prints each
failure, the counts, and "N passed, M failed"; exits 1 on any failure.
Standard library only.
"""

import json
import pathlib
import re
import subprocess
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from run_conformance import load_cases, record, same, strip_messages  # noqa: E402
from run_typed_conformance import unique_keys, unix_seconds, utf8  # noqa: E402

FIELD_NULL, FIELD_TEXT, FIELD_NUMBER, FIELD_BOOL, FIELD_OTHER = range(5)
NO_CAPACITY = 2**64 - 1
#: The paths a typed call's error may be about.
ASSIGN_PATH = re.compile(
    r"^(now|leads|(lead|leads\[\d+\])\.(id|org)|pools\.[^.]*\.cursor"
    r"|pools\.[^.]*\.members\[\d+\]\.(id|org|role|calendar|accepts.*))$")
CHANGE_OWNER_FIELDS = ("actor.id", "actor.org", "actor.role", "lead.id", "lead.org", "lead.owner", "lead.creator",
                       "lead.handed_over_to_sales", "to.id", "to.org", "to.role")
ABSENT = object()


class Unsupported(Exception):
    """Facts the typed structs cannot carry."""


def text(value):
    if not isinstance(value, str) or utf8(value) is None:
        raise Unsupported
    return utf8(value)


def optional_text(value):
    return None if value is None else text(value)


def count(value, default):
    if value is None:
        return None if default is None else str(default).encode()
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value < NO_CAPACITY:
        raise Unsupported
    return str(value).encode()


def flag(value, default):
    if value is None:
        value = default
    if not isinstance(value, bool):
        raise Unsupported
    return b"true" if value else b"false"


def field_records(name, value):
    if value is None:
        return [utf8(name), str(FIELD_NULL).encode(), None]
    if isinstance(value, bool):
        return [utf8(name), str(FIELD_BOOL).encode(), b"true" if value else b"false"]
    if isinstance(value, (int, float)):
        return [utf8(name), str(FIELD_NUMBER).encode(), repr(value).encode()]
    if isinstance(value, str):
        return [utf8(name), str(FIELD_TEXT).encode(), text(value)]
    return [utf8(name), str(FIELD_OTHER).encode(), None]


def lead_records(lead):
    if not isinstance(lead, dict):
        raise Unsupported
    fields = lead.get("fields")
    if fields is None:
        fields = {}
    if not isinstance(fields, dict) or any(utf8(name) is None for name in fields):
        raise Unsupported
    out = [text(lead.get("id")), text(lead.get("org")), str(len(fields)).encode()]
    for name, value in fields.items():
        out += field_records(name, value)
    return out


def member_records(member):
    if not isinstance(member, dict):
        raise Unsupported
    accepts = member.get("accepts")
    return [text(member.get("id")), text(member.get("org")), text(member.get("role")),
            flag(member.get("active"), True), flag(member.get("away"), False),
            optional_text(member.get("calendar")), count(member.get("open_leads"), 0),
            count(member.get("capacity"), None), count(member.get("weight"), 1),
            None if accepts is None else json.dumps(accepts).encode()]


def assign_records(request):
    lead, leads = request.get("lead"), request.get("leads")
    if (lead is None) == (leads is None):
        raise Unsupported
    if leads is not None and not isinstance(leads, list):
        raise Unsupported
    now = request.get("now")
    seconds = None if now is None else unix_seconds(now)
    if now is not None and seconds is None:
        raise Unsupported
    out = [b"one" if lead is not None else b"many", None if seconds is None else str(seconds).encode()]
    batch = [lead] if lead is not None else leads
    out.append(str(len(batch)).encode())
    for item in batch:
        out += lead_records(item)
    pools = request.get("pools")
    if not isinstance(pools, dict):
        raise Unsupported
    out.append(str(len(pools)).encode())
    for name, pool in pools.items():
        if not isinstance(pool, dict) or not isinstance(pool.get("members"), list):
            raise Unsupported
        out += [utf8(name), optional_text(pool.get("cursor")), str(len(pool["members"])).encode()]
        for member in pool["members"]:
            out += member_records(member)
    return out


def change_owner_records(request):
    out = []
    for field in CHANGE_OWNER_FIELDS:
        value = request
        for key in field.split("."):
            value = value.get(key, ABSENT) if isinstance(value, dict) else ABSENT
        if field == "lead.handed_over_to_sales":
            out.append(flag(None if value is ABSENT else value, False))
        elif field in ("lead.owner", "lead.creator") and value in (ABSENT, None):
            out.append(None)
        else:
            out.append(text(value))
    return out


def expressible(expect, request):
    error = expect.get("error")
    if "warnings" in expect:
        return False  # a host's unknown keys: a struct has none
    if error is None:
        return True
    if error["code"] in ("invalid_config", "unknown_key"):
        return False
    if request["kind"] == "change_owner":
        return error["path"] in CHANGE_OWNER_FIELDS
    return ASSIGN_PATH.match(error["path"]) is not None


def effects(lead, answer):
    if not answer.get("allowed"):
        return []
    return [{"kind": "set_owner", "lead": lead, "owner": answer["assignee"]},
            {"kind": "advance_cursor", "pool": answer["pool"], "cursor": answer["assignee"]},
            {"kind": "notify", "channel": "sales_app", "user": answer["assignee"], "lead": lead}]


def rebuilt(request, typed):
    """The protocol's answer rebuilt from the typed call's."""
    if "assignments" in typed:
        ids = [lead["id"] for lead in request["leads"]]
        assignments = [dict(a, effects=effects(lead, a)) for lead, a in zip(ids, typed["assignments"])]
        return {"assignments": assignments, "cursors": typed["cursors"]}
    return dict(typed, effects=effects(request["lead"]["id"], typed))


def check(name, expect, answer, request):
    json_answer, typed = answer["json"], answer["typed"]
    if "envelope" in typed:
        envelope = typed["envelope"].get("error", {})
        field = typed.get("lookup")
        got = {"code": envelope.get("code"), "path": field if field is not None else envelope.get("path")}
        failures = []
        if {k: expect.get("error", {}).get(k) for k in ("code", "path")} != got:
            failures.append(f"{name}: expected {expect}, the typed call answered {typed}")
        if field is None and typed["envelope"] != json_answer:
            failures.append(f"{name}: the typed envelope {typed['envelope']} is not the JSON entry's {json_answer}")
        if field is not None:
            json_error = json_answer.get("error", {})
            if (envelope.get("code"), envelope.get("message"), envelope.get("path"), field) != (
                    json_error.get("code"), json_error.get("message"), "", json_error.get("path")):
                failures.append(f"{name}: the lookup of {field} answered {envelope}, the JSON entry {json_error}")
        return failures
    if "error" in expect:
        return [f"{name}: expected {expect}, the typed call answered {typed}"]
    if request["kind"] == "change_owner":
        reasons = [{k: r[k] for k in ("code", "org") if k in r} for r in expect["reasons"]]
        wanted = {"allowed": expect["allowed"], "reasons": reasons}
        return [] if typed == wanted else [f"{name}: expected {wanted}, the typed call answered {typed}"]
    skipped_count = typed.pop("skipped_count", None)
    got = rebuilt(request, typed)
    failures = [] if same(got, expect) else [
        f"{name}\n  expected {json.dumps(expect, sort_keys=True)}\n  typed    {json.dumps(got, sort_keys=True)}"]
    if skipped_count is not None and skipped_count != sum(len(a["skipped"]) for a in typed["assignments"]):
        failures.append(f"{name}: skipped_count {skipped_count} is not the sum of the leads' skipped")
    return failures


def main():
    verbose = sys.argv[1:2] == ["-v"]
    command = sys.argv[2:] if verbose else sys.argv[1:]
    if not command:
        sys.exit("usage: run_typed_assign.py [-v] COMMAND...")
    cases, covered, skipped = [], {}, 0
    for name, config, request_text, expect in load_cases():
        try:
            request = json.loads(request_text, object_pairs_hook=unique_keys)
        except ValueError:
            request = None
        kind = request.get("kind") if isinstance(request, dict) else None
        if kind not in ("assign", "change_owner"):
            continue
        try:
            facts = assign_records(request) if kind == "assign" else change_owner_records(request)
        except Unsupported:
            facts = None
        if facts is None or not expressible(expect, request):
            skipped += 1
            if verbose:
                print(f"not expressed: {name}: {expect.get('error', 'warnings')}")
            continue
        call = {"assign": "leadrules_engine_assign" + ("_many" if "leads" in request else ""),
                "change_owner": "leadrules_engine_check_change_owner"}[kind]
        covered[call] = covered.get(call, 0) + 1
        data = record(config) + record(request_text) + record(kind.encode("ascii"))
        data += b"".join(b"-\n" if f is None else record(f) for f in facts)
        cases.append((name, strip_messages(expect), data, request))

    run = subprocess.run(command, input=b"".join(c[2] for c in cases), capture_output=True, check=False)
    lines = run.stdout.decode("utf-8", "replace").splitlines()
    failures = []
    if run.returncode != 0:
        failures.append(f"{' '.join(command)} exited with {run.returncode}: {run.stderr.decode(errors='replace')}")
    if len(lines) != len(cases):
        failures.append(f"{len(cases)} cases but {len(lines)} answers")
    passed = 0
    for (name, expect, _, request), line in zip(cases, lines):
        try:
            answer = json.loads(line)
        except ValueError as error:
            failures.append(f"{name}: the answer is not JSON ({error}): {line}")
            continue
        found = check(name, expect, answer, request)
        failures.extend(found)
        passed += not found
    for failure in failures:
        print(f"FAIL {failure}")
    for call, n in sorted(covered.items()):
        print(f"{call}: {n} vectors")
    print(f"{passed} passed, {len(cases) - passed} failed; {skipped} assignment vectors no typed C call expresses")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
