"""An independent model of the duplicate-matching contract (docs/rules.md
"Duplicates"), written from the contract in Python, not from the Rust code:
phone numbers through the `phonenumbers` package (the Python port of
libphonenumber, at the metadata release the Rust port ships), text through
`unicodedata`. The conformance vectors of tests/conformance/match.json are
generated from it (tests/conformance/make_match_vectors.py), and the phone
agreement test (test_phone_agreement.py) compares the engine with it.
"""

from __future__ import annotations

import itertools
import unicodedata
from typing import Any, Optional

import phonenumbers

#: Unicode's White_Space property (what the contract trims and collapses);
#: Python's own `str.split()` also splits at U+001C..U+001F, which are not.
WHITE_SPACE = frozenset(
    "\t\n\x0b\x0c\r \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006"
    "\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)

GMAIL = ("gmail.com", "googlemail.com")

LEGAL_SUFFIXES = (
    "ltd", "limited", "llc", "inc", "pvt", "private", "gmbh", "corp", "co", "plc", "llp", "sa", "ag", "bv",
)


def strip(text: str) -> str:
    start, end = 0, len(text)
    while start < end and text[start] in WHITE_SPACE:
        start += 1
    while end > start and text[end - 1] in WHITE_SPACE:
        end -= 1
    return text[start:end]


def words(text: str) -> list[str]:
    out: list[str] = []
    word = ""
    for c in text:
        if c in WHITE_SPACE:
            if word:
                out.append(word)
            word = ""
        else:
            word += c
    if word:
        out.append(word)
    return out


def phone(text: str, region: Optional[str]) -> Optional[str]:
    """E.164 by libphonenumber, `None` for no number or an invalid one."""
    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return str(phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164))


def email(text: str) -> Optional[str]:
    value = strip(text).lower()
    if value.count("@") != 1:
        return None
    local, domain = value.split("@")
    if "." not in domain:
        return None
    local = local.split("+", 1)[0]
    if domain in GMAIL:
        local, domain = local.replace(".", ""), "gmail.com"
    if not local:
        return None
    return local + "@" + domain


def fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    unmarked = "".join(c for c in decomposed if not unicodedata.category(c).startswith("M"))
    lower = unmarked.lower()
    kept = "".join(c for c in lower if unicodedata.category(c)[0] not in "PS")
    return " ".join(words(kept))


def name(text: str) -> Optional[str]:
    return fold(text) or None


def company(text: str) -> Optional[str]:
    parts = fold(text).split(" ")
    while parts and parts[-1] in LEGAL_SUFFIXES:
        parts.pop()
    return " ".join(parts) or None


def distinct(values: list[Optional[str]]) -> list[str]:
    out: list[str] = []
    for value in values:
        if value is not None and value not in out:
            out.append(value)
    return out


def values(policy: dict[str, Any], lead: dict[str, Any], field: str) -> list[str]:
    region = policy.get("default_region")
    if field == "phone":
        texts = ([lead["phone"]] if lead.get("phone") is not None else []) + list(lead.get("mobiles") or [])
        return distinct([phone(t, region) for t in texts])
    if field == "email":
        texts = ([lead["email"]] if lead.get("email") is not None else []) + list(lead.get("emails") or [])
        return distinct([email(t) for t in texts])
    if field == "name":
        return distinct([name(lead["name"])] if lead.get("name") is not None else [])
    if field == "company":
        return distinct([company(lead["company"])] if lead.get("company") is not None else [])
    raise ValueError(field)


def rule_keys(policy: dict[str, Any], rule: dict[str, Any], lead: dict[str, Any]) -> set[str]:
    per_field = [values(policy, lead, field) for field in rule["keys"]]
    return {rule["id"] + ":" + "|".join(combo) for combo in itertools.product(*per_field)}


def match_keys(policy: dict[str, Any], lead: dict[str, Any]) -> list[str]:
    keys: set[str] = set()
    for rule in policy.get("rules", []):
        keys |= rule_keys(policy, rule, lead)
    return sorted(keys)


STRENGTH = {"alert": 0, "link": 1, "block": 2}


def match(policy: dict[str, Any], lead: dict[str, Any], candidates: list[dict[str, Any]]) -> dict[str, Any]:
    """The contract's definition, literally: a candidate matches a rule
    when the two leads share a key of it."""
    found = []
    blocked_by = None
    for candidate in candidates:
        if lead.get("id") is not None and candidate["id"] == lead.get("id"):
            continue
        rules = [
            rule for rule in policy.get("rules", [])
            if rule_keys(policy, rule, lead) & rule_keys(policy, rule, candidate)
        ]
        if not rules:
            continue
        action = max((rule["action"] for rule in rules), key=STRENGTH.__getitem__)
        if action == "block" and blocked_by is None:
            blocked_by = candidate["id"]
        found.append({"lead": candidate["id"], "rules": [rule["id"] for rule in rules], "action": action})
    reasons = [] if blocked_by is None else [{"code": "duplicate_blocked", "lead": blocked_by}]
    return {"allowed": blocked_by is None, "reasons": reasons, "matches": found}
