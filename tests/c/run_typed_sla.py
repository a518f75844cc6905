#!/usr/bin/env python3
"""Runs the `sla` conformance vectors through the typed C call.

Usage: run_typed_sla.py [-v] COMMAND... (the tests/c/typed_sla.c binary,
possibly behind valgrind or built with the sanitizers; -v names each
vector not run and why)

Every `sla` vector whose request the typed call can carry (a calendar
name; `start`, `now` and each pause's `from` / `to` RFC 3339 text, turned
into Unix seconds, a fraction dropped as the JSON entry drops it;
`target` an H/M/S duration, turned into seconds; `to: null` an ongoing
pause) goes through `leadrules_engine_sla`. Its answer must be the
vector's, field by field (instants and durations compared as seconds,
`null` as a false `has_*` flag); a vector that expects an error must fail
with the vector's code and path (a config error when the engine is
built). Text the JSON reader refuses before the typed call could see it
(a timestamp without an offset, `P1D`, a calendar that is a number) cannot
be carried, and is counted, not run. Prints each failure, the counts, and
"N passed, M failed"; exits 1 on any failure. Standard library only.
"""

import datetime
import json
import pathlib
import re
import subprocess
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from run_conformance import load_cases, record  # noqa: E402

RFC3339 = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})\Z")
DURATION = re.compile(r"PT(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?\Z")
EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc)
REQUEST_KEYS = {"kind", "calendar", "start", "target", "now", "paused"}
ANSWER_KEYS = {"due_at", "elapsed", "remaining", "breached", "open_now", "next_open"}


class Unsupported(Exception):
    """A request the typed call cannot carry."""


def seconds_of(text):
    """Unix seconds of RFC 3339 text, a fraction dropped."""
    if not isinstance(text, str) or not RFC3339.match(text):
        raise Unsupported("an instant that is not RFC 3339 text")
    try:
        at = datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError as error:
        raise Unsupported("an instant Python cannot read") from error
    return (at.replace(microsecond=0) - EPOCH) // datetime.timedelta(seconds=1)


def duration_of(text):
    match = DURATION.match(text) if isinstance(text, str) else None
    if match is None or text == "PT":
        raise Unsupported("a target that is not an H/M/S duration")
    hours, minutes, seconds = (int(g or 0) for g in match.groups())
    return hours * 3600 + minutes * 60 + seconds


def pauses_of(paused):
    if paused is None:
        return []
    if not isinstance(paused, list):
        raise Unsupported("`paused` that is not a list")
    out = []
    for pause in paused:
        if not isinstance(pause, dict) or set(pause) - {"from", "to"}:
            raise Unsupported("a pause that is not {from, to}")
        to = pause.get("to")
        out.append((seconds_of(pause.get("from")), 0 if to is None else seconds_of(to), int(to is None)))
    return out


def case_records(config, request):
    if set(request) - REQUEST_KEYS:
        raise Unsupported("a key the typed call has no parameter for")
    calendar = request.get("calendar")
    if not isinstance(calendar, str):
        raise Unsupported("no calendar name")
    numbers = [seconds_of(request.get("start")), duration_of(request.get("target")), seconds_of(request.get("now"))]
    pauses = pauses_of(request.get("paused"))
    numbers.append(len(pauses))
    for pause in pauses:
        numbers.extend(pause)
    return record(config) + record(calendar.encode("utf-8")) + record(" ".join(map(str, numbers)).encode())


def expected_fields(expect):
    """The typed answer a JSON answer stands for, as the C program prints it."""
    if set(expect) != ANSWER_KEYS:
        raise Unsupported("an answer with other keys")
    due, next_open = expect["due_at"], expect["next_open"]
    return [
        int(due is not None),
        0 if due is None else seconds_of(due),
        duration_of(expect["elapsed"]),
        duration_of(expect["remaining"]),
        int(expect["breached"]),
        int(expect["open_now"]),
        int(next_open is not None),
        0 if next_open is None else seconds_of(next_open),
    ]


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
        if not isinstance(request, dict) or request.get("kind") != "sla":
            continue
        try:
            want = None if "error" in expect else expected_fields(expect)
            cases.append((name, expect, want, case_records(config, request)))
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
    for (name, expect, want, _), line in zip(cases, lines):
        word, _, rest = line.partition(" ")
        if want is None:
            error = expect["error"]
            got = json.loads(rest).get("error", {}) if word in ("error", "config") else None
            ok = got is not None and got.get("code") == error["code"] and got.get("path") == error.get("path")
        else:
            ok = word == "sla" and [int(v) for v in rest.split()] == want
        if ok:
            passed += 1
        else:
            failures.append(f"{name}: expected {json.dumps(expect)}, got {line[:300]}")
    for failure in failures:
        print("FAIL", failure)
    print(f"typed sla: {len(cases)} vectors asked, not run: {skipped or 'none'}")
    print(f"{passed} passed, {len(failures)} failed")
    return 1 if failures or passed < 150 else 0


if __name__ == "__main__":
    sys.exit(main())
