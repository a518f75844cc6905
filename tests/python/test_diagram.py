"""The org-tree diagram (docs/diagrams/org-tree.svg) is what its script
draws, and what it draws is what the engine decides: every pair of its
orgs, asked both ways, gets the mechanism, the verdict and the denial code
the picture shows."""

import importlib.util
import itertools
from pathlib import Path
from types import ModuleType

import leadrules

ROOT = Path(__file__).resolve().parent.parent.parent
SCRIPT = ROOT / "docs" / "diagrams" / "org_tree.py"


def load() -> ModuleType:
    spec = importlib.util.spec_from_file_location("org_tree", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_checked_in_svg_is_the_scripts_output() -> None:
    org_tree = load()
    assert org_tree.OUT.read_text(encoding="utf-8") == org_tree.svg(), (
        "docs/diagrams/org-tree.svg is stale: run python3 docs/diagrams/org_tree.py"
    )


def test_the_drawing_agrees_with_the_engine_on_every_pair() -> None:
    org_tree = load()
    engine = leadrules.Engine({"orgs": [
        {"id": org, "parent": parent, "handover": handover, "cross_silo": cross_silo}
        for org, (parent, handover, cross_silo, _x, _y) in org_tree.ORGS.items()
    ]})
    for a, b in itertools.permutations(org_tree.ORGS, 2):
        mechanism, is_open, _why = org_tree.judge(a, b)
        actor = {"id": "m", "org": a, "role": "manager"}
        lead = {"id": "L", "org": a, "owner": "m"}
        handover = engine.can_handover(actor, lead, b)
        cross_silo = engine.can_cross_silo(actor, lead, b)
        if mechanism == "none":
            assert "outside_community" in handover.codes and not handover, (a, b)
            assert "outside_community" in cross_silo.codes and not cross_silo, (a, b)
            continue
        asked = handover if mechanism == "handover" else cross_silo
        assert bool(asked) == is_open, (a, b, asked.codes)
        if not is_open:
            assert asked.codes == [f"{mechanism}_disabled"], (a, b, asked.codes)
