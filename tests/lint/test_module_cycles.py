#!/usr/bin/env python3
"""Self-test of module_cycles.py on small crates under fixtures/module_cycles/.

Run by `make lint` (before the check itself) and collected by pytest as well.
Standard library only.
"""

import io
import pathlib
import sys
import unittest

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import module_cycles  # noqa: E402

FIXTURES = HERE / "fixtures" / "module_cycles"


def run(name: str) -> tuple[int, str]:
    out = io.StringIO()
    found = module_cycles.check(FIXTURES / name / "src", out=out)
    return found, out.getvalue()


class ModuleCycles(unittest.TestCase):
    def test_a_layered_crate_passes(self) -> None:
        # Re-exports, `super::`, inline paths, a test module whose `super::`
        # names its own file, and comments and strings that name the facade:
        # none is a cycle.
        self.assertEqual(run("acyclic"), (0, ""))

    def test_two_top_level_modules_that_import_each_other_fail_by_name(self) -> None:
        found, out = run("cycle")
        self.assertEqual(found, 1)
        self.assertIn("module cycle in crate: engine -> policy -> engine", out)
        # The inline `crate::Engine` in policy.rs is followed through the
        # root's re-export to engine.rs.
        self.assertIn("policy -> engine: ", out)
        self.assertIn("policy.rs:4", out)

    def test_an_import_under_cfg_test_counts(self) -> None:
        # base.rs's test module imports the engine, which imports base; its
        # `use super::*` names base's own items, not the crate root.
        found, out = run("test_import")
        self.assertEqual(found, 1)
        self.assertIn("module cycle in crate: base -> engine -> base", out)
        self.assertIn("base.rs:7", out)

    def test_a_cycle_inside_a_directory_module_fails(self) -> None:
        found, out = run("nested")
        self.assertEqual(found, 1)
        self.assertIn("module cycle in area: area::one -> area::two -> area::one", out)

    def test_a_reexport_of_another_module_is_a_dependency(self) -> None:
        found, out = run("reexport")
        self.assertEqual(found, 1)
        self.assertIn("module cycle in crate: area -> rules -> area", out)
        self.assertIn("area -> rules: ", out)

    def test_use_trees_are_expanded(self) -> None:
        self.assertEqual(
            module_cycles.parse_use_tree("crate::a::{b, c::{d, e@f}, g::*}"),
            [["crate", "a", "b"], ["crate", "a", "c", "d"], ["crate", "a", "c", "e", "=f"], ["crate", "a", "g", "*"]],
        )

    def test_comments_strings_and_chars_are_blanked_lines_kept(self) -> None:
        text = 'a // crate::x\n"crate::y" \'"\' r#"crate::z"# /* crate::w */ b\n'
        stripped = module_cycles.strip(text)
        self.assertNotIn("crate", stripped)
        self.assertEqual(stripped.count("\n"), 2)
        self.assertTrue(stripped.startswith("a ") and stripped.rstrip().endswith("b"))


if __name__ == "__main__":
    unittest.main()
