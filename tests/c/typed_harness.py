"""The harness of the typed-vector drivers (tests/c/run_typed_*.py): feed a
program the records of every case at once (tests/c/records.h reads them),
read one JSON answer line per case, and check each with the driver's own
`check`. Standard library only."""

import json
import subprocess


def run_cases(command, cases, check):
    """Runs `command` over `cases`, each (name, expect, records, request),
    and checks each answer line with `check(name, expect, answer,
    request)`, which returns the case's failures as text. Answers the
    failures, how many cases passed, and the answers read."""
    run = subprocess.run(command, input=b"".join(c[2] for c in cases), capture_output=True, check=False)
    lines = run.stdout.decode("utf-8", "replace").splitlines()
    failures = []
    if run.returncode != 0:
        failures.append(f"{' '.join(command)} exited with {run.returncode}: {run.stderr.decode(errors='replace')}")
    if len(lines) != len(cases):
        failures.append(f"{len(cases)} cases but {len(lines)} answers")
    passed = 0
    answers = []
    for (name, expect, _, request), line in zip(cases, lines):
        try:
            answer = json.loads(line)
        except ValueError as error:
            failures.append(f"{name}: the answer is not JSON ({error}): {line}")
            continue
        found = check(name, expect, answer, request)
        failures.extend(found)
        passed += not found
        answers.append((request, answer))
    return failures, passed, answers
