"""The engine's phone numbers agree with libphonenumber's Python port
(`phonenumbers`, at the metadata release the Rust port ships): over 10,000
seeded numbers in 25 regions, in national, international, E.164, RFC 3966,
dialled and hand-formatted forms, each asked through `match_keys` (one
batch per region) and through the independent model (match_model.py).
They agree on every number; a disagreement would have to fall in a class
docs/choices.md documents ("Phone numbers: where the Rust port differs"),
listed in `DOCUMENTED` below with the test that recognises it (none is).
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from typing import Callable, Optional

import match_model as model
import phone_agreement
import phonenumbers

import leadrules

#: Each documented disagreement class: its name (as docs/choices.md
#: names it, "Phone numbers: where the Rust port differs") and what
#: recognises one, given (region, form, text, engine's value, model's
#: value). None today: the port agrees with `phonenumbers` on every number
#: asked. Should a new release of either disagree, a difference that is
#: the port's bug and not ours is documented there and recognised here,
#: case by case, never waved through wholesale; each class listed must
#: still occur, so a fixed bug takes its entry out again.
Recogniser = Callable[[str, str, str, Optional[str], Optional[str]], bool]
DOCUMENTED: dict[str, Recogniser] = {}


def engine_keys(region: str, texts: list[str]) -> list[Optional[str]]:
    engine = leadrules.Engine(
        {
            "orgs": [{"id": "hq"}],
            "policy": {"matching": {"default_region": region, "rules": [{"id": "p", "keys": ["phone"], "action": "alert"}]}},
        }
    )
    answer = engine.decide({"kind": "match_keys", "leads": [{"phone": text} for text in texts]})
    values: list[Optional[str]] = []
    for keys in answer["lead_keys"]:
        assert len(keys) <= 1
        values.append(keys[0].removeprefix("p:") if keys else None)
    return values


def disagreements() -> tuple[int, list[tuple[str, str, str, Optional[str], Optional[str]]]]:
    by_region: dict[str, list[tuple[str, str]]] = {}
    for region, form, text in phone_agreement.numbers():
        by_region.setdefault(region, []).append((form, text))
    asked = 0
    found = []
    for region, cases in by_region.items():
        ours = engine_keys(region, [text for _, text in cases])
        for (form, text), value in zip(cases, ours):
            asked += 1
            expected = model.phone(text, region)
            if value != expected:
                found.append((region, form, text, value, expected))
    return asked, found


def test_the_reference_is_the_release_the_makefile_pins() -> None:
    # A venv made before a metadata upgrade would judge by other rules.
    makefile = (Path(__file__).resolve().parents[2] / "Makefile").read_text(encoding="utf-8")
    pinned = re.search(r"^PHONENUMBERS := phonenumbers==(\S+)$", makefile, re.MULTILINE)
    assert pinned is not None
    assert phonenumbers.__version__ == pinned.group(1)


def test_the_engine_normalises_phone_numbers_as_libphonenumber_does() -> None:
    asked, found = disagreements()
    assert asked >= 10_000
    assert len(phone_agreement.REGIONS) >= 20
    unexplained = [
        case for case in found if not any(recognise(*case) for recognise in DOCUMENTED.values())
    ]
    classes = Counter((region, form, value is None, expected is None) for region, form, _, value, expected in unexplained)
    assert not unexplained, f"{len(unexplained)} of {asked} differ: {classes.most_common(20)} e.g. {unexplained[:10]}"
    # Each documented class still occurs (else its entry is stale).
    for name, recognise in DOCUMENTED.items():
        assert any(recognise(*case) for case in found), f"no disagreement of the documented class {name!r} any more"
