#!/usr/bin/env python3
"""BENCHMARKS.md's first table (bench/targets.py) from small results
written here: a target reads its figure from the right result (the worst
of several for its goal, a ratio of two), is judged met or not (exactly
the bound meets it), says "not measured" with what is missing and never
makes a figure up, links a target not met to its note; the page outside
the markers is left as it was, and the same results give the same bytes.
Also the C benches' tables turned into results (bench/c_results.py).

Run by `make lint`; standard library only.
"""

import json
import pathlib
import re
import sys
import tempfile
import unittest

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench"))

import c_results  # noqa: E402
import targets  # noqa: E402
from targets import Pick, Ratio, Target  # noqa: E402

STAMP = {"schema": 1, "machine": "test machine", "commit": "abc1234", "date": "2026-12-07T01:00Z",
         "load": [1.0, 1.0, 1.0], "method": "test"}

PAGE = f"""# Benchmarks

Before the table, kept.

{targets.TABLE[0]}
old table text
{targets.TABLE[1]}

Between, kept.

{targets.INSTRUCTIONS[0]}
old counts
{targets.INSTRUCTIONS[1]}

<a id="why-slow"></a>
**Slow**: the reason, kept by hand.
"""


def write(directory: pathlib.Path, bench: str, results: list, **stamp: str) -> None:
    doc = {**STAMP, **stamp, "bench": bench, "results": results}
    (directory / f"{bench}.json").write_text(json.dumps(doc), encoding="utf-8")


class GoalTest(unittest.TestCase):
    def test_goals_as_written(self) -> None:
        self.assertEqual(targets.parse_goal("≤ 0.25 µs"), targets.Goal("le", 250.0, "time"))
        self.assertEqual(targets.parse_goal("≤ 500 ns"), targets.Goal("le", 500.0, "time"))
        self.assertEqual(targets.parse_goal("≥ 5 M/s"), targets.Goal("ge", 5e6, "rate"))
        self.assertEqual(targets.parse_goal("≥ 200 k/s"), targets.Goal("ge", 2e5, "rate"))
        self.assertEqual(targets.parse_goal("≥ 20×"), targets.Goal("ge", 20.0, "ratio"))
        self.assertEqual(targets.parse_goal("≤ 1.2×").kind, "ratio")
        self.assertEqual(targets.parse_goal("—").kind, "none")
        with self.assertRaises(ValueError):
            targets.parse_goal("fast")

    def test_the_bound_itself_meets_it(self) -> None:
        at_most, at_least = targets.parse_goal("≤ 1 µs"), targets.parse_goal("≥ 8×")
        self.assertTrue(at_most.met(1000.0))
        self.assertFalse(at_most.met(1000.1))
        self.assertTrue(at_least.met(8.0))
        self.assertFalse(at_least.met(7.99))

    def test_every_target_of_the_list_is_well_formed(self) -> None:
        keys = [t.key for t in targets.TARGETS]
        self.assertEqual(len(keys), len(set(keys)), "two targets share a key")
        for t in targets.TARGETS:
            goal = targets.parse_goal(t.goal)
            kind = "ratio" if isinstance(t.figure, Ratio) else targets.field_kind(t.figure)
            self.assertIn(goal.kind, (kind, "none"), f"{t.key}: a {goal.kind} target read from a {kind}")
            picks = [t.figure] if isinstance(t.figure, Pick) else [t.figure.num, t.figure.den]
            for pick in picks:
                self.assertRegex(pick.bench, r"^[a-z0-9-]+$", t.key)
                self.assertIn(pick.field, ("median_ns", "per_second", "ratio"), t.key)
                if pick.name is not None:
                    re.compile(pick.name)


class FigureTest(unittest.TestCase):
    def setUp(self) -> None:
        self.tmp = tempfile.TemporaryDirectory()
        self.dir = pathlib.Path(self.tmp.name)
        write(self.dir, "calls", [
            {"name": "call", "series": "allowed", "median_ns": 300.0},
            {"name": "call", "series": "denied", "median_ns": 200.0},
            {"name": "batch", "size": 100, "per_second": 4_000_000, "unit": "leads", "median_ns": 25000.0},
            {"name": "batch", "size": 100, "per_second": 6_000_000, "unit": "leads", "median_ns": 16000.0},
        ])
        write(self.dir, "peers", [
            {"name": "leadrules", "series": "rule", "kind": "leadrules", "median_ns": 100.0},
            {"name": "fast peer", "series": "rule", "kind": "peer", "median_ns": 900.0},
            {"name": "slow peer", "series": "rule", "kind": "peer", "median_ns": 5000.0},
        ], commit="def5678")
        self.results = targets.Results(self.dir)

    def tearDown(self) -> None:
        self.tmp.cleanup()

    def judge(self, goal: str, figure: "Pick | Ratio") -> targets.Row:
        return targets.judge(self.results, Target("t", "family", "a path", goal, figure))

    def test_the_worst_of_several_decides_and_each_is_shown(self) -> None:
        row = self.judge("≤ 250 ns", Pick("calls", {"name": "call"}))
        self.assertEqual(row.figure.value, 300.0)
        self.assertEqual(row.status, "not met")
        self.assertEqual(row.figure.parts, [("allowed", 300.0), ("denied", 200.0)])
        rate = self.judge("≥ 5 M/s", Pick("calls", {"name": "batch"}, field="per_second"))
        self.assertEqual((rate.figure.value, rate.status), (4_000_000, "not met"))

    def test_a_ratio_of_the_fastest_peer_over_leadrules(self) -> None:
        fastest = Pick("peers", {"series": "rule", "kind": "peer"}, reduce="min")
        leadrules = Pick("peers", {"series": "rule", "kind": "leadrules"})
        row = self.judge("≥ 8×", Ratio(fastest, leadrules))
        self.assertEqual((row.figure.value, row.status), (9.0, "met"))
        self.assertIn("fast peer", row.figure.note)
        self.assertEqual(self.judge("≥ 10×", Ratio(fastest, leadrules)).status, "not met")

    def test_missing_file_or_result_is_not_measured(self) -> None:
        for figure, said in [(Pick("nowhere"), "no bench/results/nowhere.json"),
                             (Pick("calls", {"name": "absent"}), "no matching result in calls.json"),
                             (Pick("calls", {"name": "call"}, field="per_second"), "no matching result"),
                             (Ratio(Pick("peers", {"kind": "peer"}), Pick("nowhere")), "nowhere.json")]:
            row = self.judge("≤ 1 µs", figure)
            self.assertEqual(row.status, "not measured")
            self.assertIsNone(row.figure.value)
            self.assertIn(said, row.figure.missing)

    def test_several_results_are_told_apart_by_what_differs(self) -> None:
        rows = [{"name": "transition, aware datetimes (UTC)", "series": "allowed"},
                {"name": "transition, aware datetimes (+05:30)", "series": "allowed"},
                {"name": "transition, aware datetimes (+05:30)", "series": "denied"}]
        self.assertEqual([targets.label(r, rows) for r in rows],
                         ["(UTC), allowed", "(+05:30), allowed", "(+05:30), denied"])
        self.assertEqual(targets.label(rows[0], rows[:1]), "transition, aware datetimes (UTC)")

    def test_a_figure_without_a_target_is_shown(self) -> None:
        self.assertEqual(self.judge("—", Pick("calls", {"name": "call"})).status, "shown")

    def test_figures_as_a_reader_reads_them(self) -> None:
        self.assertEqual(targets.show(612.0, "time"), "612 ns")
        self.assertEqual(targets.show(45.25, "time"), "45.2 ns")
        self.assertEqual(targets.show(2620.0, "time"), "2.62 µs")
        self.assertEqual(targets.show(4.41e6, "time"), "4.41 ms")
        self.assertEqual(targets.show(2_270_000, "rate", "leads"), "2.27 M leads/s")
        self.assertEqual(targets.show(145_000, "rate", "leads"), "145 k leads/s")
        self.assertEqual(targets.show(8.72, "ratio"), "8.72×")
        self.assertEqual(targets.show(192.5, "ratio"), "192.5×")


class PageTest(unittest.TestCase):
    def setUp(self) -> None:
        self.tmp = tempfile.TemporaryDirectory()
        self.dir = pathlib.Path(self.tmp.name)
        write(self.dir, "python-calls", [{"name": "can_handover", "series": "allowed", "median_ns": 240.0},
                                         {"name": "can_handover", "series": "denied", "median_ns": 230.0}])
        self.saved = targets.TARGETS
        targets.TARGETS = [
            Target("fast", "One", "fast path", "≤ 0.25 µs", Pick("python-calls", {"name": "can_handover"})),
            Target("slow", "One", "slow path", "≤ 0.2 µs", Pick("python-calls", {"name": "can_handover"})),
            Target("bare", "Two", "unnoted path", "≤ 0.1 µs", Pick("python-calls", {"name": "can_handover"})),
            Target("later", "Two", "later path", "≥ 20×", Ratio(Pick("peers-rules"), Pick("python-calls"))),
        ]

    def tearDown(self) -> None:
        targets.TARGETS = self.saved
        self.tmp.cleanup()

    def test_the_tables_are_rewritten_between_their_markers_only(self) -> None:
        page, rows = targets.render(PAGE, self.dir, ["baseline"])
        self.assertEqual([r.status for r in rows], ["met", "not met", "not met", "not measured"])
        self.assertNotIn("old table text", page)
        self.assertNotIn("old counts", page)
        for kept in ("Before the table, kept.", "Between, kept.", '<a id="why-slow"></a>',
                     "**Slow**: the reason, kept by hand."):
            self.assertIn(kept, page)
        self.assertIn("**1 of 4 targets met**, 2 not met, 1 not measured", page)
        self.assertIn("| fast path | ≤ 0.25 µs | **240 ns** (allowed 240 ns, denied 230 ns); "
                      "[python-calls](bench/results/python-calls.json) | met | abc1234 | 2026-12-07T01:00Z |", page)
        self.assertIn("**not met** ([why](#why-slow))", page)
        self.assertIn("**not met** (no note yet)", page)
        self.assertRegex(page, r"\| later path \| ≥ 20× \| not measured \| — \(no bench/results/peers-rules\.json\) "
                               r"\| — \| — \|")
        self.assertIn("Not measured: no bench/results/instructions-baseline.json", page)
        self.assertIn("| **One** |", page)

    def test_no_figure_is_made_up_without_results(self) -> None:
        empty = self.dir / "empty"
        empty.mkdir()
        page, rows = targets.render(PAGE, empty, ["baseline"])
        self.assertTrue(all(r.status == "not measured" for r in rows))
        generated = page[page.index(targets.TABLE[0]):page.index(targets.TABLE[1])]
        self.assertIn("**0 of 4 targets met**, 0 not met, 4 not measured (no results yet;", generated)
        measured = [line.split(" | ")[2] for line in generated.splitlines()
                    if line.startswith("| ") and "**" not in line and "---" not in line and not line.startswith("| path |")]
        self.assertEqual(measured, ["not measured"] * 4)

    def test_the_same_results_give_the_same_bytes(self) -> None:
        once, _ = targets.render(PAGE, self.dir, ["baseline"])
        twice, _ = targets.render(once, self.dir, ["baseline"])
        self.assertEqual(once, twice)

    def test_a_page_without_markers_is_refused(self) -> None:
        with self.assertRaises(ValueError):
            targets.render("# Benchmarks\n", self.dir, ["baseline"])

    def test_instruction_counts_of_two_labels_with_their_ratio(self) -> None:
        for label, counts in (("before", {"Python a": 1000.0, "Rust b": 50.0}),
                              ("baseline", {"Python a": 800.0, "Rust b": 50.0, "C new": 7.5})):
            (self.dir / f"instructions-{label}.json").write_text(json.dumps(
                {"label": label, "commit": "c0ffee1", "date": "2026-12-07T01:00Z", "valgrind": "valgrind-3.19.0",
                 "python": "3.11.7", "paths": counts}), encoding="utf-8")
        lines = targets.instructions_table(self.dir, ["before", "baseline"])
        self.assertIn("| Python a | 1,000 | 800 | 0.80 |", lines)
        self.assertIn("| Rust b | 50.0 | 50.0 | 1.00 |", lines)
        self.assertIn("| C new | – | 7.5 | – |", lines)


class CResultsTest(unittest.TestCase):
    def test_the_c_tables_become_results(self) -> None:
        out = """machine: x
method: warm-up, then the median of 11 repeats

| call | ns per call |
| --- | --- |
| typed check_transfer handover allowed | 45.1 |
| JSON decide handover denied | 1560.5 |
method: checked, then the median of 11 runs; 20 rules, a pool of 50

| call | median |
| --- | --- |
| C typed leadrules_engine_assign_many, 10000 leads | 17.800 ms (0.56 M leads/s) |
| C typed leadrules_engine_assign, allowed (2 skipped) | 836.0 ns |
"""
        results, method = c_results.parse(out.splitlines())
        self.assertEqual(results, [
            {"name": "typed check_transfer handover", "series": "allowed", "median_ns": 45.1},
            {"name": "JSON decide handover", "series": "denied", "median_ns": 1560.5},
            {"name": "C typed leadrules_engine_assign_many, 10000 leads", "median_ns": 17_800_000.0,
             "size": 10000, "per_second": 560_000, "unit": "leads"},
            {"name": "C typed leadrules_engine_assign, allowed (2 skipped)", "median_ns": 836.0},
        ])
        self.assertTrue(method.startswith("checked"))


if __name__ == "__main__":
    unittest.main()
