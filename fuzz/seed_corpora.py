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
"""

import hashlib
import json
import pathlib
import re
import shutil

ROOT = pathlib.Path(__file__).resolve().parent
VECTORS = ROOT.parent / "tests" / "conformance"



def write(directory: pathlib.Path, data: bytes) -> None:
    name = hashlib.sha1(data).hexdigest()
    (directory / name).write_bytes(data)


def main() -> None:
    configs_dir = ROOT / "corpus" / "config"
    decide_dir = ROOT / "corpus" / "decide"
    for directory in (configs_dir, decide_dir):
        shutil.rmtree(directory, ignore_errors=True)
        directory.mkdir(parents=True)
    selectors: dict[tuple[str, str], int] = {}
    files = sorted(VECTORS.glob("*.json"))
    # The selector bytes index the engines of the files `fuzz/src/lib.rs`
    # compiles in: both must list the same files in the same order.
    compiled = re.findall(r'include_str!\("\.\./\.\./tests/conformance/([^"]+)"\)',
                          (ROOT / "src" / "lib.rs").read_text())
    if compiled != [path.name for path in files]:
        raise SystemExit(f"fuzz/src/lib.rs lists {compiled}, tests/conformance has {[p.name for p in files]}")
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


if __name__ == "__main__":
    main()
