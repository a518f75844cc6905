#!/usr/bin/env python3
"""Runs the shared conformance vectors through the C JSON entry point.

Usage: run_conformance.py PATH/TO/conformance

Loads every tests/conformance/*.json (format: tests/conformance/README.md),
feeds each case's config and request to the C binary (tests/c/conformance.c)
as length-prefixed records, strips every "message" key from the answers and
compares them exactly with "expect". Prints each failure with its case name
and ends with "N passed, M failed"; exits 1 on any failure.
Standard library only.
"""

import json
import pathlib
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parents[2]
VECTORS = ROOT / "tests" / "conformance"


def strip_messages(value):
    """A copy of value without any "message" key, at any depth."""
    if isinstance(value, dict):
        return {k: strip_messages(v) for k, v in value.items() if k != "message"}
    if isinstance(value, list):
        return [strip_messages(v) for v in value]
    return value


def same(a, b):
    """Exact JSON equality: unlike ==, true is not 1 and 1 is not "1"."""
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return a == b
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    return type(a) is type(b) and a == b


def record(data):
    return str(len(data)).encode("ascii") + b"\n" + data + b"\n"


def load_cases():
    cases = []
    files = sorted(VECTORS.glob("*.json"))
    if not files:
        sys.exit(f"no vector files in {VECTORS}")
    for path in files:
        suite = json.loads(path.read_text(encoding="utf-8"))
        configs = suite.get("configs", {})
        for case in suite["cases"]:
            name = case["name"]
            config = case.get("config", {})
            if isinstance(config, str):
                if config not in configs:
                    sys.exit(f"{path.name}: {name}: unknown config name {config!r}")
                config = configs[config]
            if "request_text" in case:
                request = case["request_text"]
            elif "request" in case:
                request = json.dumps(case["request"])
            else:
                sys.exit(f"{path.name}: {name}: neither request nor request_text")
            cases.append(
                (
                    f"{path.stem}/{name}",
                    json.dumps(config).encode("utf-8"),
                    request.encode("utf-8", "surrogatepass"),
                    case["expect"],
                )
            )
    return cases


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: run_conformance.py PATH/TO/conformance")
    cases = load_cases()
    stdin = b"".join(record(config) + record(request) for _, config, request, _ in cases)
    run = subprocess.run([sys.argv[1]], input=stdin, capture_output=True, check=False)
    lines = run.stdout.decode("utf-8", "replace").splitlines()

    failures = []
    crashed = run.returncode != 0
    if crashed:
        failures.append(f"{sys.argv[1]} exited with {run.returncode}: {run.stderr.decode(errors='replace')}")
    if len(lines) != len(cases):
        failures.append(f"{len(cases)} cases but {len(lines)} answers")
    passed = 0
    for (name, _, _, expect), line in zip(cases, lines):
        try:
            actual = strip_messages(json.loads(line))
        except ValueError as error:
            failures.append(f"{name}: the answer is not JSON ({error}): {line}")
            continue
        if same(actual, expect):
            passed += 1
        else:
            failures.append(
                f"{name}\n  expected {json.dumps(expect, sort_keys=True)}\n"
                f"  actual   {json.dumps(actual, sort_keys=True)}"
            )
    for failure in failures:
        print(f"FAIL {failure}")
    print(f"{passed} passed, {len(cases) - passed + int(crashed)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
