"""The phone numbers the agreement test compares (test_phone_agreement.py):
seeded, so every run asks the same ones. For each region, libphonenumber's
example numbers of several types are varied digit by digit (some stay
valid, some do not, some change length) and each is written in several
forms: national, international, E.164, RFC 3966, dialled with the region's
international prefix from the region itself, and hand-formatted with dots,
dashes and brackets. Each is asked in its own region.
"""

from __future__ import annotations

import random
from typing import Iterator

import phonenumbers
from phonenumbers import PhoneNumberFormat, PhoneNumberType

#: 25 regions: every continent, trunk prefixes (0, 8, 1), Italian leading
#: zeros, shared country codes (+1, +7, +44), variable lengths (DE, AT).
REGIONS = (
    "IN", "US", "CA", "GB", "DE", "FR", "IT", "ES", "NL", "BR", "MX", "AR", "JP", "CN", "KR", "AU", "NZ",
    "ZA", "NG", "EG", "RU", "KZ", "AT", "SG", "AE",
)

TYPES = (
    PhoneNumberType.FIXED_LINE, PhoneNumberType.MOBILE, PhoneNumberType.TOLL_FREE,
    PhoneNumberType.FIXED_LINE_OR_MOBILE, PhoneNumberType.VOIP,
)

SEED = 20261206


def examples(region: str) -> list[phonenumbers.PhoneNumber]:
    found = []
    for kind in TYPES:
        number = phonenumbers.example_number_for_type(region, kind)
        if number is not None and number not in found:
            found.append(number)
    return found


def varied(rng: random.Random, number: phonenumbers.PhoneNumber) -> phonenumbers.PhoneNumber | None:
    """The number with some of its last digits changed, now and then one
    digit more or less."""
    digits = phonenumbers.national_significant_number(number)
    keep = max(1, len(digits) - rng.randint(1, min(6, len(digits) - 1)))
    tail = "".join(rng.choice("0123456789") for _ in range(len(digits) - keep))
    changed = digits[:keep] + tail
    roll = rng.random()
    if roll < 0.05:
        changed += rng.choice("0123456789")
    elif roll < 0.10:
        changed = changed[:-1]
    try:
        return phonenumbers.parse("+" + str(number.country_code) + changed, None)
    except phonenumbers.NumberParseException:
        return None


def forms(rng: random.Random, region: str, number: phonenumbers.PhoneNumber) -> Iterator[tuple[str, str]]:
    """(form name, text) of one number."""
    national = phonenumbers.format_number(number, PhoneNumberFormat.NATIONAL)
    international = phonenumbers.format_number(number, PhoneNumberFormat.INTERNATIONAL)
    yield "national", national
    yield "international", international
    yield "e164", phonenumbers.format_number(number, PhoneNumberFormat.E164)
    yield "rfc3966", phonenumbers.format_number(number, PhoneNumberFormat.RFC3966)
    dialled = phonenumbers.format_out_of_country_calling_number(number, region)
    yield "dialled_from_region", dialled
    digits = "".join(c for c in national if c.isdigit())
    separator = rng.choice([".", "-", " ", ""])
    groups = [digits[i:i + 3] for i in range(0, len(digits), 3)]
    yield "hand_formatted", separator.join(groups)
    if len(digits) > 4:
        yield "bracketed", "(" + digits[:3] + ") " + digits[3:]


def numbers(count_per_region: int = 440) -> Iterator[tuple[str, str, str]]:
    """(region, form, text) triples, about `count_per_region` per region."""
    rng = random.Random(SEED)
    for region in REGIONS:
        bases = examples(region)
        made = 0
        while made < count_per_region:
            base = rng.choice(bases)
            number = base if rng.random() < 0.1 else varied(rng, base)
            if number is None:
                continue
            for form, text in forms(rng, region, number):
                yield region, form, text
                made += 1
