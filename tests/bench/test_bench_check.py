#!/usr/bin/env python3
"""The comparison behind `make bench-check` (bench/instructions.py): which
path's instruction count grew past the limit over the baseline. Pure: no
valgrind, no build, no count is taken here.

Run by `make lint`; standard library only.
"""

import argparse
import contextlib
import importlib.util
import io
import os
import pathlib
import sys
import tempfile
import unittest
from unittest import mock
from typing import Any

BENCH = pathlib.Path(__file__).resolve().parents[2] / "bench" / "instructions.py"


def load() -> Any:
    spec = importlib.util.spec_from_file_location("instructions", BENCH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["instructions"] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


instructions = load()


def verdicts(base: dict, head: dict, limit: float = 10.0) -> dict:
    return {row.name: row.verdict for row in instructions.compare(base, head, limit)}


class Compare(unittest.TestCase):
    def test_growth_past_the_limit_fails_and_up_to_it_passes(self) -> None:
        base = {"a": 1000.0, "b": 1000.0, "c": 1000.0, "d": 1000.0}
        head = {"a": 1000.0, "b": 1100.0, "c": 1100.1, "d": 1500.0}
        self.assertEqual(verdicts(base, head), {"a": "ok", "b": "ok", "c": "grown", "d": "grown"})

    def test_the_limit_is_a_percentage_of_the_baseline(self) -> None:
        # 5 % growth passes a 10 % limit and fails a 4 % one; growth is
        # measured against the baseline, not against this tree.
        self.assertEqual(verdicts({"a": 200.0}, {"a": 210.0}), {"a": "ok"})
        self.assertEqual(verdicts({"a": 200.0}, {"a": 210.0}, limit=4.0), {"a": "grown"})
        self.assertEqual(verdicts({"a": 1100.0}, {"a": 1000.0 * 1.2}), {"a": "ok"})

    def test_a_path_that_got_cheaper_passes_and_is_named(self) -> None:
        self.assertEqual(verdicts({"a": 1000.0, "b": 1000.0}, {"a": 950.0, "b": 800.0}),
                         {"a": "ok", "b": "shrunk"})

    def test_paths_on_one_side_only_are_named_not_judged(self) -> None:
        rows = instructions.compare({"old": 10.0, "kept": 10.0}, {"kept": 10.0, "added": 99.0}, 10.0)
        self.assertEqual([(r.name, r.verdict) for r in rows],
                         [("old", "missing"), ("kept", "ok"), ("added", "new")])
        self.assertIsNone(rows[0].ratio)
        self.assertIsNone(rows[2].ratio)

    def test_a_baseline_of_zero_is_not_a_ratio(self) -> None:
        rows = instructions.compare({"a": 0.0}, {"a": 5.0}, 10.0)
        self.assertEqual(rows[0].verdict, "no base")
        self.assertIsNone(rows[0].ratio)

    def test_the_verdict_fails_only_on_growth(self) -> None:
        rows = instructions.compare({"a": 100.0, "b": 100.0}, {"a": 120.0, "b": 50.0}, 10.0)
        text = instructions.verdict_lines(rows, 10.0, partial=False)
        self.assertTrue(text.startswith("FAILED: more than 10 % above the baseline: a"))
        self.assertIn("make bench-baseline", text)
        ok = instructions.verdict_lines(instructions.compare({"a": 100.0}, {"a": 101.0}, 10.0), 10.0, False)
        self.assertTrue(ok.startswith("ok:"))

    def test_the_table_has_a_row_per_path_and_the_ratio(self) -> None:
        rows = instructions.compare({"a": 1000.0}, {"a": 1250.0}, 10.0)
        lines = instructions.markdown(rows, "baseline", "this tree", verdicts=True)
        self.assertEqual(lines[2], "| a | 1,000 | 1,250 | 1.25 | grown |")
        self.assertEqual(len(lines[0].split("|")), len(lines[1].split("|")))


class Check(unittest.TestCase):
    """`check` before any count: what it does without valgrind or a baseline."""

    def run_check(self, baseline: str, path: str) -> tuple[int, str]:
        args = argparse.Namespace(baseline=baseline, limit=10.0, only=None, match=None)
        err = io.StringIO()
        with mock.patch.dict(os.environ, {"PATH": path}), contextlib.redirect_stderr(err):
            return instructions.check(args), err.getvalue()

    def test_without_valgrind_it_skips_and_passes(self) -> None:
        with tempfile.TemporaryDirectory() as empty:
            code, message = self.run_check("/nonexistent/baseline.json", empty)
        self.assertEqual(code, 0)
        self.assertIn("bench-check skipped: valgrind is not installed", message)

    def test_without_a_baseline_it_fails_and_says_how_to_make_one(self) -> None:
        with tempfile.TemporaryDirectory() as bin_dir:
            valgrind = pathlib.Path(bin_dir) / "valgrind"
            valgrind.write_text("#!/bin/sh\nexit 1\n")
            valgrind.chmod(0o755)
            code, message = self.run_check(str(pathlib.Path(bin_dir) / "missing.json"), bin_dir)
        self.assertEqual(code, 1)
        self.assertIn("make bench-baseline", message)


if __name__ == "__main__":
    unittest.main()
