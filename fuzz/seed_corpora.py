#!/usr/bin/env python3
"""Writes the fuzz targets' seed corpora from the conformance vectors.

corpus/config/: every config of the vectors (named and inline), as text.
corpus/decide/: every request, prefixed with the byte that selects its
engine in `fuzz_support::engines()` (the default engine, then each file's
named configs that load, in file order; a request whose config is inline
or does not load gets the default engine's byte 0).

The structure-aware targets (structured, sweep_columns) start from the
fuzzer's own inputs: their bytes mean nothing outside `arbitrary`.
Run from anywhere; rewrites the two directories.

With `--large` it writes instead the seeds of `make fuzz-large` to
corpus-large/config/ and corpus-large/decide/ (not in git: about 20 MiB):
the hostile shapes of `make check-complexity` (bench/complexity.py, whose
generators it reuses) at about 1 MiB each, so that the fuzzer starts from
inputs big enough to cost something instead of growing them from the
conformance vectors' few hundred bytes.
"""

import hashlib
import json
import pathlib
import re
import shutil
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
    for directory in (configs_dir, decide_dir):
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


def broken_configs(files: list[pathlib.Path]) -> set[tuple[str, str]]:
    """Named configs some case expects to fail loading (invalid_config)."""
    broken = set()
    for path in files:
        for case in json.loads(path.read_text())["cases"]:
            error = case.get("expect", {}).get("error", {})
            if isinstance(case["config"], str) and error.get("code") == "invalid_config":
                broken.add((path.name, case["config"]))
    return broken


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
