#!/usr/bin/env python3
"""Writes the fuzz targets' seed corpora from the conformance vectors.

corpus/config/: every config of the vectors (named and inline), as text.
corpus/decide/: every request, prefixed with the byte that selects its
engine in `fuzz_support::engines()` (the default engine, then each file's
named configs that load, in file order; a request whose config is inline
or does not load gets the default engine's byte 0).

corpus/hours/: every `sla` vector with an answer, in the byte layout of
fuzz/fuzz_targets/hours.rs (a conformance calendar chosen by the index
of its config among the `sla` configs that name calendars and load, and
its index in that config; the request's start as the anchor), then a few
generated calendars in each of the target's zones around DST changes.

The structure-aware targets (structured, sweep_columns) start from the
fuzzer's own inputs: their bytes mean nothing outside `arbitrary`.
Run from anywhere; rewrites the three directories.

With `--large` it writes instead the seeds of `make fuzz-large` to
corpus-large/config/ and corpus-large/decide/ (not in git: about 20 MiB):
the hostile shapes of `make check-complexity` (bench/complexity.py, whose
generators it reuses) at about 1 MiB each, so that the fuzzer starts from
inputs big enough to cost something instead of growing them from the
conformance vectors' few hundred bytes.
"""

import datetime
import hashlib
import json
import pathlib
import re
import shutil
import struct
import sys

ROOT = pathlib.Path(__file__).resolve().parent
VECTORS = ROOT.parent / "tests" / "conformance"



def write(directory: pathlib.Path, data: bytes) -> None:
    name = hashlib.sha1(data).hexdigest()
    (directory / name).write_bytes(data)


def main() -> None:
    files = sorted(VECTORS.glob("*.json"))
    # The selector bytes index the engines of the files `fuzz/src/lib.rs`
    # compiles in: both must list the same files in the same order. Checked
    # before the corpora are cleared, so a mismatch leaves them as they were.
    compiled = re.findall(r'include_str!\("\.\./\.\./tests/conformance/([^"]+)"\)',
                          (ROOT / "src" / "lib.rs").read_text())
    if compiled != [path.name for path in files]:
        raise SystemExit(f"fuzz/src/lib.rs lists {compiled}, tests/conformance has {[p.name for p in files]}")
    configs_dir = ROOT / "corpus" / "config"
    decide_dir = ROOT / "corpus" / "decide"
    hours_dir = ROOT / "corpus" / "hours"
    for directory in (configs_dir, decide_dir, hours_dir):
        shutil.rmtree(directory, ignore_errors=True)
        directory.mkdir(parents=True)
    selectors: dict[tuple[str, str], int] = {}
    broken = broken_configs(files)
    next_selector = 1
    for path in files:
        vectors = json.loads(path.read_text())
        for name, config in vectors["configs"].items():
            write(configs_dir, json.dumps(config).encode())
            if (path.name, name) not in broken:
                selectors[(path.name, name)] = next_selector
                next_selector += 1
    for path in files:
        for case in json.loads(path.read_text())["cases"]:
            config = case["config"]
            if isinstance(config, dict):
                write(configs_dir, json.dumps(config).encode())
                selector = 0
            else:
                selector = selectors.get((path.name, config), 0)
            text = case.get("request_text")
            if text is None:
                text = json.dumps(case["request"])
            write(decide_dir, bytes([selector]) + text.encode())
    hours_seeds(hours_dir, VECTORS / "sla.json", broken)


def broken_configs(files: list[pathlib.Path]) -> set[tuple[str, str]]:
    """Named configs some case expects to fail loading (invalid_config)."""
    broken = set()
    for path in files:
        for case in json.loads(path.read_text())["cases"]:
            error = case.get("expect", {}).get("error", {})
            if isinstance(case["config"], str) and error.get("code") == "invalid_config":
                broken.add((path.name, case["config"]))
    return broken


# The layout of fuzz/fuzz_targets/hours.rs (its doc comment), kept in step.
HOURS_WITHIN = 90 * 86_400
HOURS_MAX_TARGET = 200 * 3_600
HOURS_ZONES = 14
HOURS_DURATION = re.compile(r"PT(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?\Z")


def unix(text: str) -> int:
    at = datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))
    epoch = datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc)
    return (at.replace(microsecond=0) - epoch) // datetime.timedelta(seconds=1)


def hours_question(anchor: int, start: int, now: int, target: int, pauses: list) -> bytes:
    """Mode 1 (the anchor as given, instants to the second)."""
    out = bytes([1]) + struct.pack("<qiiIB", anchor, start - anchor, now - anchor, target, len(pauses))
    for begin, end in pauses:
        out += struct.pack("<iiB", begin - anchor, 0 if end is None else end - anchor, int(end is None))
    return out


def hours_seeds(directory: pathlib.Path, path: pathlib.Path, broken: set) -> None:
    suite = json.loads(path.read_text())
    indexes = {}
    for name, config in suite["configs"].items():
        calendars = config.get("policy", {}).get("calendars")
        if calendars and (path.name, name) not in broken:
            indexes[name] = (len(indexes), list(calendars))
    for case in suite["cases"]:
        request = case.get("request")
        if not isinstance(request, dict) or request.get("kind") != "sla" or "error" in case["expect"]:
            continue
        config, calendars = indexes.get(case["config"], (None, []))
        match = HOURS_DURATION.match(request["target"])
        if config is None or request["calendar"] not in calendars or match is None:
            continue
        hours, minutes, seconds = (int(g or 0) for g in match.groups())
        target = hours * 3600 + minutes * 60 + seconds
        start, now = unix(request["start"]), unix(request["now"])
        pauses = [(unix(p["from"]), None if p.get("to") is None else unix(p["to"]))
                  for p in request.get("paused") or []]
        instants = [now] + [t for p in pauses for t in p if t is not None]
        if target >= HOURS_MAX_TARGET or len(pauses) > 5 or any(abs(t - start) >= HOURS_WITHIN for t in instants):
            continue
        calendar = calendars.index(request["calendar"])
        write(directory, bytes([0, config, calendar]) + hours_question(start, start, now, target, pauses))
    # Generated calendars: Monday to Friday 09:00-13:00 and 14:00-18:00,
    # Saturday 22:00-24:00, Sunday 00:00-02:00; a holiday two days after
    # the anchor's day, an exception (10:00-12:00) three days after; anchors
    # on the weekends of DST changes.
    week = bytes([2, 36, 15, 4, 15]) * 5 + bytes([1, 88, 7]) + bytes([1, 0, 7])
    dated = bytes([1, 2, 1, 3, 1, 40, 7])
    for anchor in ("2026-03-28T12:00:00Z", "2026-04-04T12:00:00Z", "2026-09-05T12:00:00Z",
                   "2026-10-03T12:00:00Z", "2026-10-24T12:00:00Z", "2026-10-31T12:00:00Z"):
        at = unix(anchor)
        question = hours_question(at, at, at + 3 * 86_400, 6 * 3_600, [(at + 86_400, at + 86_400 + 7_200)])
        for zone in range(HOURS_ZONES):
            write(directory, bytes([1]) + question + bytes([zone]) + week + dated)


LARGE_BYTES = 1 << 20


def large() -> None:
    """The large seeds: each hostile shape grown to about LARGE_BYTES."""
    sys.path.insert(0, str(ROOT.parent / "bench"))
    import complexity  # noqa: PLC0415  (bench/complexity.py, found through the path above)

    out = {"config": ROOT / "corpus-large" / "config", "decide": ROOT / "corpus-large" / "decide"}
    for directory in out.values():
        shutil.rmtree(directory, ignore_errors=True)
        directory.mkdir(parents=True)
    for shape in complexity.SHAPES:
        if shape.python:
            continue
        config, request = grown(shape)
        write(out["config"], config.encode())
        # A request needs its own config: the fuzz targets' engines are the
        # conformance ones, so only shapes that need no config of their own
        # (the default engine, selector byte 0, answers them) seed `decide`.
        if request is not None and config in (complexity.EMPTY, complexity.TREE):
            write(out["decide"], bytes([0]) + request.encode())


def grown(shape) -> tuple:
    """The shape at the largest count (halving or doubling its n) whose
    input stays under LARGE_BYTES."""

    def size(texts: tuple) -> int:
        config, request = texts
        return {"config": len(config), "request": len(request or ""),
                "both": len(config) + len(request or "")}[shape.scales]

    count = shape.base
    while count > 1 and size(shape.make(count)) > LARGE_BYTES:
        count //= 2
    best = shape.make(count)
    while True:
        count *= 2
        texts = shape.make(count)
        if size(texts) > LARGE_BYTES:
            return best
        best = texts


if __name__ == "__main__":
    if sys.argv[1:] == ["--large"]:
        large()
    elif not sys.argv[1:]:
        main()
    else:
        raise SystemExit(f"usage: {sys.argv[0]} [--large]  (without it: rewrite corpus/ from tests/conformance)")
