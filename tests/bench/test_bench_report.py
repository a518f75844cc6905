#!/usr/bin/env python3
"""`make bench-report` (bench/charts.py, bench/svg_chart.py) from fixture
results: the Python benches' files in fixtures/results/, and criterion's
own output files for a handful of benchmarks, turned into
rust-criterion.json by bench/criterion_table.py as `make bench` does. No
bench runs here; what is tested is that every family is drawn, as valid
SVG, with every figure of its input in it, the same bytes every time, and
that a missing input skips its family.

Run by `make lint`; standard library only.
"""

import contextlib
import io
import json
import pathlib
import shutil
import subprocess
import sys
import tempfile
import unittest
import xml.etree.ElementTree as ET

ROOT = pathlib.Path(__file__).resolve().parents[2]
BENCH = ROOT / "bench"
FIXTURES = pathlib.Path(__file__).resolve().parent / "fixtures" / "results"
sys.path.insert(0, str(BENCH))

import charts  # noqa: E402
import svg_chart  # noqa: E402

SVG = "{http://www.w3.org/2000/svg}"

# criterion ids: (group, function, value, median ns, throughput elements)
CRITERION = [
    ("decisions/handover", "typed/allowed", None, 31.5, None),
    ("decisions/handover", "typed/denied", None, 27.0, None),
    ("decisions/handover", "json/allowed", None, 1480.0, None),
    ("decisions/handover", "json_text/allowed", None, 1610.0, None),
    ("decisions/transition", "typed/allowed", None, 45.2, None),
    ("match_keys: 2 phones, e-mail, name, company", None, None, 950.0, None),
    ("scale/orgs/wide", "handover", "1000", 40.0, None),
    ("scale/orgs/wide", "handover", "100000", 44.0, None),
    ("scale/orgs/wide", "handover", "1000000", 52.0, None),
    ("scale/sweep", "columns", "10000", 180000.0, 10000),
    ("scale/sweep", "columns", "1000000", 19000000.0, 1000000),
    ("scale/build/wide", "from_json", "1000", 400000.0, 1000),
    ("scale/build/wide", "from_json", "100000", 45000000.0, 100000),
    ("assignment/assign_many", "typed/10000", None, 2500000.0, 10000),
    ("hours/sweep_columns", "1000000", None, 678000000.0, 1000000),
]


def criterion_tree(root: pathlib.Path) -> None:
    """criterion's target/criterion layout for CRITERION."""
    for i, (group, function, value, ns, elements) in enumerate(CRITERION):
        full_id = "/".join(p for p in (group, function, value) if p)
        d = root / f"bench{i}" / "new"
        d.mkdir(parents=True)
        (d / "benchmark.json").write_text(json.dumps({
            "group_id": group, "function_id": function, "value_str": value,
            "throughput": {"Elements": elements} if elements else None, "full_id": full_id,
            "directory_name": f"bench{i}", "title": full_id}))
        (d / "estimates.json").write_text(json.dumps({"median": {
            "point_estimate": ns, "confidence_interval": {"lower_bound": ns * 0.9, "upper_bound": ns * 1.1}}}))


def results_dir(tmp: pathlib.Path) -> pathlib.Path:
    """The fixture results plus rust-criterion.json made by criterion_table.py."""
    results = tmp / "results"
    shutil.copytree(FIXTURES, results)
    criterion_tree(tmp / "criterion")
    subprocess.run([sys.executable, str(BENCH / "criterion_table.py"), "--root", str(tmp / "criterion"),
                    "--json", str(results / "rust-criterion.json")], check=True, capture_output=True)
    return results


def draw(results: pathlib.Path, out: pathlib.Path) -> list[pathlib.Path]:
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        return charts.write_charts(results, out)


def texts(svg: str) -> list[str]:
    root = ET.fromstring(svg)
    return ["".join(t.itertext()) for t in root.iter(f"{SVG}text")]


def titles(svg: str) -> list[str]:
    return [t.text or "" for t in ET.fromstring(svg).iter(f"{SVG}title")]


class Report(unittest.TestCase):
    tmp: pathlib.Path
    charts: dict[str, str]

    @classmethod
    def setUpClass(cls) -> None:
        cls.tmp = pathlib.Path(tempfile.mkdtemp(prefix="bench-report-"))
        results = results_dir(cls.tmp)
        written = draw(results, cls.tmp / "charts")
        cls.charts = {p.name: p.read_text(encoding="utf-8") for p in written}

    @classmethod
    def tearDownClass(cls) -> None:
        shutil.rmtree(cls.tmp)

    def test_every_family_is_drawn_as_valid_svg(self) -> None:
        self.assertEqual(sorted(self.charts), ["python.svg", "rust.svg", "sizes.svg"])
        for svg in self.charts.values():
            root = ET.fromstring(svg)  # well-formed
            self.assertEqual(root.tag, f"{SVG}svg")
            self.assertRegex(root.get("viewBox") or "", r"^0 0 \d+ \d+$")

    def test_the_same_results_give_the_same_bytes(self) -> None:
        again = draw(results_dir(self.tmp / "again"), self.tmp / "again" / "charts")
        for path in again:
            self.assertEqual(path.read_text(encoding="utf-8"), self.charts[path.name], path.name)

    def test_python_has_every_engine_of_every_rule_and_the_hand_written_if(self) -> None:
        svg = self.charts["python.svg"]
        peers = json.loads((FIXTURES / "peers-rules.json").read_text())["results"]
        shown = titles(svg)
        for row in peers:
            self.assertIn(f"{row['name']}: {svg_chart.time_text(row['median_ns'])}", shown)
        labels = texts(svg)
        self.assertIn("Python, the handover rule: leadrules, its peers, a hand-written if/else", labels)
        self.assertIn("Python, the transition rule: leadrules, its peers, a hand-written if/else", labels)
        self.assertIn("hand-written if/else: 130 ns", labels)  # the reference line
        self.assertIn("make bench-peers, median per decision · abc1234 · 2026-12-06T22:00Z · "
                      "AMD EPYC, 2 cores, x86_64, Linux; CPython 3.11.7", labels)
        for row in json.loads((FIXTURES / "python-calls.json").read_text())["results"]:
            self.assertIn(f"{row['series']}: {svg_chart.time_text(row['median_ns'])}", shown)

    def test_the_portal_page_is_timed_per_page(self) -> None:
        labels = texts(self.charts["python.svg"])
        self.assertIn("Python, the portal page: leadrules, its peers, a hand-written if/else", labels)
        self.assertIn("make bench-peers, median per page · abc1234 · 2026-12-06T22:00Z · "
                      "AMD EPYC, 2 cores, x86_64, Linux; CPython 3.11.7", labels)

    def test_peers_are_drawn_fastest_first(self) -> None:
        labels = texts(self.charts["python.svg"])
        order = [labels.index(n) for n in ("hand-written if/else", "leadrules (prepared)", "leadrules (dicts)",
                                           "transitions", "zen-engine", "casbin")]
        self.assertEqual(order, sorted(order))

    def test_a_longer_time_is_a_longer_bar(self) -> None:
        widths = {}
        for rect in ET.fromstring(self.charts["python.svg"]).iter(f"{SVG}rect"):
            title = rect.find(f"{SVG}title")
            if title is not None and title.text:
                widths.setdefault(title.text.split(":")[0], float(rect.get("width") or 0))
        self.assertLess(widths["hand-written if/else"], widths["leadrules (prepared)"])
        self.assertLess(widths["leadrules (prepared)"], widths["leadrules (dicts)"])
        self.assertLess(widths["transitions"], widths["casbin"])

    def test_rust_groups_each_kind_and_leaves_sized_benches_out(self) -> None:
        svg = self.charts["rust.svg"]
        labels = texts(svg)
        for label in ("decisions/handover", "typed/allowed", "json_text/allowed", "decisions/transition",
                      "match_keys: 2 phones, e-mail, name, company"):
            self.assertIn(label, labels)
        self.assertIn("typed/allowed: 31.5 ns", titles(svg))
        self.assertFalse([t for t in labels if t.startswith("scale/")])
        self.assertIn("json", labels)  # the legend names the entries

    def test_sizes_has_a_line_per_bench_and_a_point_per_size(self) -> None:
        svg = self.charts["sizes.svg"]
        labels = texts(svg)
        for name in ("Rust scale/sweep/columns", "Rust assignment/assign_many/typed", "Rust hours/sweep_columns",
                     "Python sweep_columns, numpy columns, UTC days", "Python assign_many, pool of 50",
                     "Python match_keys_many", "Rust scale/build/wide/from_json", "handover"):
            self.assertIn(name, labels)
        points = titles(svg)
        self.assertIn("Rust scale/sweep/columns, 10k: 55.6 M/s", points)
        self.assertIn("Rust scale/sweep/columns, 1M: 52.6 M/s", points)
        self.assertIn("handover, 100k: 44 ns", points)
        self.assertIn("Python match_keys_many, 100k: 410 k/s", points)
        polylines = list(ET.fromstring(svg).iter(f"{SVG}polyline"))
        self.assertEqual(len(polylines), 3)  # the lines of more than one size: sweep, build, org tree

    def test_a_missing_input_skips_its_family(self) -> None:
        results = self.tmp / "only-peers"
        results.mkdir()
        shutil.copy(FIXTURES / "peers-rules.json", results)
        err = io.StringIO()
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(err):
            written = charts.write_charts(results, results / "charts")
        self.assertEqual([p.name for p in written], ["python.svg"])
        self.assertIn("rust.svg: skipped", err.getvalue())
        self.assertIn("sizes.svg: skipped", err.getvalue())


class Scales(unittest.TestCase):
    def test_a_wide_span_is_logarithmic_a_narrow_one_linear_from_zero(self) -> None:
        wide = svg_chart.scale_for([130.0, 41000.0], 0, 100)
        self.assertTrue(wide.log)
        self.assertEqual((wide.low, wide.high), (100.0, 100000.0))
        self.assertAlmostEqual(wide.at(1000.0), 100 / 3)
        narrow = svg_chart.scale_for([130.0, 612.0], 0, 100)
        self.assertFalse(narrow.log)
        self.assertEqual(narrow.low, 0.0)
        self.assertGreaterEqual(narrow.high, 612.0)
        self.assertEqual(narrow.at(narrow.high), 100)

    def test_ticks_fall_inside_the_scale(self) -> None:
        for values in ([1.0, 7.0], [3.0, 9e6], [0.2, 0.9], [130.0, 612.0]):
            scale = svg_chart.scale_for(values, 0, 100)
            ticks = scale.ticks()
            self.assertGreaterEqual(len(ticks), 2, values)
            self.assertTrue(all(scale.low <= t <= scale.high * (1 + 1e-9) for t in ticks), values)

    def test_figures_read_in_their_unit(self) -> None:
        self.assertEqual(svg_chart.time_text(612.0), "612 ns")
        self.assertEqual(svg_chart.time_text(2620.0), "2.62 µs")
        self.assertEqual(svg_chart.rate_text(1_475_178), "1.48 M/s")
        self.assertEqual(svg_chart.count_text(100_000), "100k")

    def test_text_is_escaped(self) -> None:
        svg = svg_chart.figure("a < b & c", [svg_chart.BarPanel("<t>", "n", [
            svg_chart.Group("x & y", [svg_chart.Bar("", 1.0, "peer")])])])
        self.assertIn("x &amp; y", svg)
        ET.fromstring(svg)


if __name__ == "__main__":
    unittest.main()
