"""The engine's phone numbers agree with libphonenumber's Python port
(`phonenumbers`, at the metadata release the Rust port ships): over 10,000
seeded numbers in 25 regions, in national, international, E.164, RFC 3966,
dialled and hand-formatted forms, each asked through `match_keys` (one
batch per region) and through the independent model (match_model.py).
Every disagreement must fall in a class docs/choices.md documents
("Phone numbers: where the Rust port differs"); the classes are listed in
`DOCUMENTED` below, each with the test that recognises it.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Callable, Optional

import match_model as model
import phone_agreement
import phonenumbers

import leadrules

#: The descriptors of a region's number types, as libphonenumber's
#: metadata names them.
DESCRIPTORS = (
    "fixed_line", "mobile", "toll_free", "premium_rate", "shared_cost", "personal_number", "voip", "pager", "uan",
    "voicemail",
)


def parsed(text: str, region: str) -> Optional[phonenumbers.PhoneNumber]:
    try:
        return phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        return None


def trunk_digit_dropped(region: str, form: str, text: str, ours: Optional[str], theirs: Optional[str]) -> bool:
    """docs/choices.md, "a leading digit equal to the trunk prefix": the
    Rust port strips a national number's first digits when they spell the
    region's national (trunk) prefix, even where libphonenumber keeps them
    because the rest would have an impossible length (`+7 812 …`,
    `+7 800 …`), so a valid number gives no value."""
    number = parsed(text, region)
    if ours is not None or theirs is None or number is None:
        return False
    owner = phonenumbers.region_code_for_number(number) or region
    metadata = phonenumbers.PhoneMetadata.metadata_for_region(owner)
    prefix = metadata.national_prefix if metadata is not None else None
    return prefix is not None and prefix != "" and phonenumbers.national_significant_number(number).startswith(prefix)


def pattern_matched_at_the_start(region: str, form: str, text: str, ours: Optional[str], theirs: Optional[str]) -> bool:
    """docs/choices.md, "a valid number with digits after it": the Rust port
    holds a number valid when a number type's pattern matches the start of
    it (and its length is one the type allows), where libphonenumber needs
    the pattern to match the whole number, so a number with extra digits
    gives a value."""
    number = parsed(text, region)
    if ours is None or theirs is not None or number is None:
        return False
    if ours != phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164):
        return False
    owner = phonenumbers.region_code_for_number(number) or region
    metadata = phonenumbers.PhoneMetadata.metadata_for_region(owner)
    if metadata is None:
        return False
    digits = phonenumbers.national_significant_number(number)
    general = metadata.general_desc
    for name in DESCRIPTORS:
        desc = getattr(metadata, name, None)
        if desc is None or desc.national_number_pattern is None:
            continue
        lengths = desc.possible_length or (general.possible_length if general is not None else ())
        pattern = desc.national_number_pattern
        if (
            len(digits) in lengths
            and re.match(pattern, digits)
            and not re.fullmatch(pattern, digits)
        ):
            return True
    return False


#: Each documented disagreement class: its name (as docs/choices.md
#: names it) and what recognises one (region, form, text, engine's
#: value, model's value).
Recogniser = Callable[[str, str, str, Optional[str], Optional[str]], bool]
DOCUMENTED: dict[str, Recogniser] = {
    "a leading digit equal to the trunk prefix": trunk_digit_dropped,
    "a valid number with digits after it": pattern_matched_at_the_start,
}


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
