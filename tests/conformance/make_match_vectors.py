"""Writes tests/conformance/match.json: the duplicate kinds' vectors, their
expected answers computed by the independent model
(tests/python/match_model.py: `phonenumbers` and `unicodedata`, not the
engine), plus the error cases, written by hand. Run from the repository
root in the test venv (`make venv`):

    .venv/bin/python tests/conformance/make_match_vectors.py
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "python"))

import match_model as model  # noqa: E402

ORGS = [{"id": "hq"}]


def policy(region: Any, rules: list[dict[str, Any]]) -> dict[str, Any]:
    matching: dict[str, Any] = {"rules": rules}
    if region is not None:
        matching["default_region"] = region
    return matching


def rule(rule_id: str, keys: list[str], action: str) -> dict[str, Any]:
    return {"id": rule_id, "keys": keys, "action": action}


PHONE = [rule("same-phone", ["phone"], "block")]
EMAIL = [rule("same-email", ["email"], "alert")]
NAME = [rule("same-name", ["name"], "alert")]
COMPANY = [rule("same-company", ["company"], "alert")]
CRM = [
    rule("same-phone", ["phone"], "block"),
    rule("same-email", ["email"], "link"),
    rule("same-person", ["name", "company"], "alert"),
]

MATCHING = {
    "in_phone": policy("IN", PHONE),
    "us_phone": policy("US", PHONE),
    "gb_phone": policy("GB", PHONE),
    "de_phone": policy("DE", PHONE),
    "fr_phone": policy("FR", PHONE),
    "br_phone": policy("BR", PHONE),
    "jp_phone": policy("JP", PHONE),
    "au_phone": policy("AU", PHONE),
    "it_phone": policy("IT", PHONE),
    "no_region_phone": policy(None, PHONE),
    "email": policy(None, EMAIL),
    "name": policy(None, NAME),
    "company": policy(None, COMPANY),
    "crm": policy("IN", CRM),
    "multi": policy("IN", [rule("phone-email", ["email", "phone"], "alert"), rule("same-name", ["name"], "link")]),
}

CONFIGS = {name: {"orgs": ORGS, "policy": {"matching": matching}} for name, matching in MATCHING.items()}
CONFIGS["no_matching"] = {"orgs": ORGS}
MATCHING["no_matching"] = {}

PHONES = {
    "in_phone": [
        "+91 98123 45678", "098123 45678", "9812345678", "98123-45678", "+91-98123-45678", "0091 98123 45678",
        "(+91) 98123 45678", "+91 80 2345 6789", "080 2345 6789", "+91 12345", "12345", "+91 98123 4567",
        "98123 456789", "phone: 98123 45678", "tel:+91-98123-45678", "", "   ", "+", "abc", "+91 98123 45678 ext. 21",
        "+44 20 7946 0958", "+1 650 253 0000", "91 98123 45678",
    ],
    "us_phone": [
        "(650) 253-0000", "650.253.0000", "1 650 253 0000", "+1 650-253-0000", "011 44 20 7946 0958", "253-0000",
        "(416) 967-1111", "+1 721 542 1234", "+599 5 42 1234", "650 253 00000", "1-800-FLOWERS",
    ],
    "gb_phone": ["020 7946 0958", "+44 (0)20 7946 0958", "07400 123456", "+44 7400 123456", "00 44 20 7946 0958", "0800 123 4567"],
    "de_phone": ["030 1234567", "+49 30 1234567", "0151 23456789", "+49 (0) 151 23456789", "0049 30 1234567"],
    "fr_phone": ["01 42 68 53 00", "+33 1 42 68 53 00", "06 12 34 56 78", "0033 6 12 34 56 78"],
    "br_phone": ["(11) 98765-4321", "+55 11 98765 4321", "011 98765-4321"],
    "jp_phone": ["03-1234-5678", "+81 3 1234 5678", "090-1234-5678"],
    "au_phone": ["(02) 9876 5432", "+61 2 9876 5432", "0412 345 678"],
    "it_phone": ["06 1234 5678", "+39 06 1234 5678", "+39 347 123 4567", "347 123 4567"],
    "no_region_phone": [
        "+91 98123 45678", "98123 45678", "+49 30 1234567", "0049 30 1234567", "+383 44 123 456", "+381 38 123 456",
    ],
}

EMAILS = [
    "Jane.Doe@Example.com", "  jane.doe+crm@example.com\t", "j.a.n.e.doe+x@gmail.com", "JaneDoe@googlemail.com",
    "jane.doe@gmail.co.uk", "jane+a+b@example.com", "+tag@example.com", "jane@localhost", "jane@@example.com",
    "jane@ex@ample.com", "jane.example.com", "", "@example.com", "jane@.", "ÉLODIE@Exemple.FR", "..@gmail.com",
    "jane doe@example.com",
]

NAMES = [
    "José Núñez", "  JOSE   NUNEZ ", "O'Brien-Smith", "Zoë Ångström", "Ｊａｎｅ　Ｄｏｅ", "ﬁona", "Dr. Ray, Jr.",
    "Ολυμπίας", "Müller", "İlker", "Đorđe", "李小龍", "Jane ❤ Doe", "$$$", "  ", "Jane\u00a0Doe", "Ångstrom ½",
    "née Smith", "Mary-Jane Watson-Parker",
]

COMPANIES = [
    "Acme Pvt Ltd", "ACME Private Limited", "Acme", "Acme, Inc.", "Acme Co. Ltd.", "Acme GmbH & Co", "Ltd",
    "Acme S.A.", "Acme AG", "Acme B.V.", "Acme Corp. (India)", "Société Générale SA", "Acme LLC LLP PLC",
    "Co Co", "Limited Editions Ltd",
]


def keys_case(name: str, config: str, lead: dict[str, Any]) -> dict[str, Any]:
    expect = {"keys": model.match_keys(MATCHING[config], lead)}
    return {"name": name, "config": config, "request": {"kind": "match_keys", "lead": lead}, "expect": expect}


def match_case(name: str, config: str, lead: dict[str, Any], candidates: list[dict[str, Any]]) -> dict[str, Any]:
    expect = model.match(MATCHING[config], lead, candidates)
    request = {"kind": "match", "lead": lead, "candidates": candidates}
    return {"name": name, "config": config, "request": request, "expect": expect}


def modelled() -> list[dict[str, Any]]:
    cases = []
    for config, texts in PHONES.items():
        for i, text in enumerate(texts):
            cases.append(keys_case(f"match_keys_{config}_{i}", config, {"id": "L1", "phone": text}))
    for i, text in enumerate(EMAILS):
        cases.append(keys_case(f"match_keys_email_{i}", "email", {"email": text}))
    for i, text in enumerate(NAMES):
        cases.append(keys_case(f"match_keys_name_{i}", "name", {"name": text}))
    for i, text in enumerate(COMPANIES):
        cases.append(keys_case(f"match_keys_company_{i}", "company", {"company": text}))
    full = {
        "id": "L1", "phone": "098123 45678", "mobiles": ["+91 98123 45679", "98123 45678", "not a number"],
        "email": "Jane.Doe+work@GoogleMail.com", "emails": ["jane@acme.in", "JANE@ACME.IN"],
        "name": "Jane Doe", "company": "Acme Pvt. Ltd.",
    }
    cases += [
        keys_case("match_keys_crm_full_lead_sorted_distinct", "crm", full),
        keys_case("match_keys_crm_lists_only", "crm", {"mobiles": ["9812345670", "9812345671"], "emails": ["b@x.io", "a@x.io"]}),
        keys_case("match_keys_crm_name_without_company_gives_no_person_key", "crm", {"name": "Jane Doe"}),
        keys_case("match_keys_crm_nulls_are_absent", "crm", {"id": None, "phone": None, "mobiles": None, "email": None,
                                                              "emails": None, "name": None, "company": None}),
        keys_case("match_keys_crm_empty_lead", "crm", {}),
        keys_case("match_keys_multi_product_in_rule_key_order", "multi",
                  {"phone": "9812345678", "mobiles": ["9812345679"], "emails": ["a@x.io", "b@x.io"], "name": "A"}),
        keys_case("match_keys_no_matching_policy", "no_matching", full),
        keys_case("match_keys_host_keys_ignored", "crm", {"id": "L9", "org": "north", "stage": "new", "phone": "9812345678",
                                                           "notes": {"deep": [1, 2]}}),
    ]
    batch = [full, {"phone": "9812345678"}, {}]
    cases.append({
        "name": "match_keys_batch_in_order", "config": "crm",
        "request": {"kind": "match_keys", "leads": batch},
        "expect": {"lead_keys": [model.match_keys(MATCHING["crm"], lead) for lead in batch]},
    })
    cases.append({
        "name": "match_keys_batch_empty", "config": "crm",
        "request": {"kind": "match_keys", "leads": []}, "expect": {"lead_keys": []},
    })

    lead = {"id": "NEW", "phone": "98123 45678", "email": "jane.doe@gmail.com", "name": "Jane Doe", "company": "Acme Ltd"}
    same_phone = {"id": "A", "phone": "+91 98123 45678"}
    same_email = {"id": "B", "email": "Jane.Doe+crm@googlemail.com"}
    same_person = {"id": "C", "name": "JANE  DOÉ", "company": "ACME Private Limited"}
    only_name = {"id": "D", "name": "Jane Doe", "company": "Other Co"}
    everything = {"id": "E", "mobiles": ["0 98123 45678"], "emails": ["janedoe@gmail.com"], "name": "jane doe", "company": "acme"}
    stranger = {"id": "F", "phone": "+91 98123 45600", "email": "x@y.z", "name": "John Roe", "company": "Beta"}
    cases += [
        match_case("match_block_by_phone", "crm", lead, [same_phone]),
        match_case("match_link_by_email", "crm", lead, [same_email]),
        match_case("match_alert_by_name_and_company", "crm", lead, [same_person]),
        match_case("match_multi_key_rule_needs_every_key", "crm", lead, [only_name]),
        match_case("match_every_rule_in_policy_order_strongest_action", "crm", lead, [everything]),
        match_case("match_candidate_order_and_first_blocker_named", "crm", lead,
                   [same_person, stranger, everything, same_email, same_phone]),
        match_case("match_no_candidates", "crm", lead, []),
        match_case("match_no_shared_key_left_out", "crm", lead, [stranger]),
        match_case("match_same_id_ignored", "crm", lead, [dict(same_phone, id="NEW"), same_email]),
        match_case("match_lead_without_id", "crm", {k: v for k, v in lead.items() if k != "id"}, [same_phone]),
        match_case("match_list_fields_of_both_sides", "crm", {"id": "N", "mobiles": ["x", "9812345670", "9812345671"]},
                   [{"id": "A", "mobiles": ["+919812345671"]}, {"id": "B", "mobiles": ["9812345672"]}]),
        match_case("match_invalid_numbers_never_match", "crm", {"id": "N", "phone": "12345"}, [{"id": "A", "phone": "12345"}]),
        match_case("match_empty_values_never_match", "crm", {"id": "N", "name": " ", "company": "Ltd", "email": ""},
                   [{"id": "A", "name": "", "company": "Co", "email": " "}]),
        match_case("match_multi_product_rule_shares_one_combination", "multi",
                   {"id": "N", "phone": "9812345678", "emails": ["a@x.io", "b@x.io"]},
                   [{"id": "A", "mobiles": ["9812345679", "9812345678"], "email": "B@X.IO"},
                    {"id": "B", "phone": "9812345678", "email": "c@x.io"}]),
        match_case("match_alert_only", "email", {"id": "N", "email": "a@x.io"}, [{"id": "A", "emails": ["A@X.IO"]}]),
        match_case("match_no_matching_policy", "no_matching", lead, [same_phone, everything]),
        match_case("match_no_region_national_numbers_give_nothing", "no_region_phone",
                   {"id": "N", "phone": "98123 45678"}, [{"id": "A", "phone": "98123 45678"}]),
        match_case("match_no_region_international_numbers_match", "no_region_phone",
                   {"id": "N", "phone": "+91 98123 45678"}, [{"id": "A", "phone": "+91-98123-45678"}]),
    ]
    return cases


def error(name: str, config: Any, request: dict[str, Any], path: str, code: str = "invalid_request") -> dict[str, Any]:
    return {"name": name, "config": config, "request": request, "expect": {"error": {"code": code, "path": path}}}


def config_error(name: str, matching: Any, paths: list[str]) -> dict[str, Any]:
    config = {"orgs": ORGS, "policy": {"matching": matching}}
    expect = {"error": {"code": "invalid_config", "path": paths[0], "problems": [{"path": p} for p in paths]}}
    return {"name": name, "config": config, "request": {"kind": "match_keys", "lead": {}}, "expect": expect}


def by_hand() -> list[dict[str, Any]]:
    mk = "match_keys"
    at = "policy.matching"
    return [
        error("match_keys_error_missing_lead", "crm", {"kind": mk}, "lead"),
        error("match_keys_error_lead_and_leads", "crm", {"kind": mk, "lead": {}, "leads": []}, "leads"),
        error("match_keys_error_lead_not_object", "crm", {"kind": mk, "lead": "L1"}, "lead"),
        error("match_keys_error_leads_not_array", "crm", {"kind": mk, "leads": {}}, "leads"),
        error("match_keys_error_batch_item_not_object", "crm", {"kind": mk, "leads": [{}, 3]}, "leads[1]"),
        error("match_keys_error_phone_a_number", "crm", {"kind": mk, "lead": {"phone": 9812345678}}, "lead.phone"),
        error("match_keys_error_mobiles_not_array", "crm", {"kind": mk, "lead": {"mobiles": "9812345678"}}, "lead.mobiles"),
        error("match_keys_error_mobile_item_null", "crm", {"kind": mk, "lead": {"mobiles": ["1", None]}}, "lead.mobiles[1]"),
        error("match_keys_error_email_item_number", "crm", {"kind": mk, "leads": [{}, {"emails": ["a@b.c", 7]}]},
              "leads[1].emails[1]"),
        error("match_keys_error_name_an_object", "crm", {"kind": mk, "lead": {"name": {"first": "Jane"}}}, "lead.name"),
        error("match_keys_error_company_a_list", "crm", {"kind": mk, "lead": {"company": ["Acme"]}}, "lead.company"),
        error("match_keys_error_id_blank", "crm", {"kind": mk, "lead": {"id": " "}}, "lead.id"),
        error("match_keys_error_too_many_mobiles", "crm", {"kind": mk, "lead": {"mobiles": ["1"] * 101}}, "lead.mobiles"),
        error("match_error_missing_candidates", "crm", {"kind": "match", "lead": {}}, "candidates"),
        error("match_error_candidates_not_array", "crm", {"kind": "match", "lead": {}, "candidates": {"A": {}}}, "candidates"),
        error("match_error_candidate_without_id", "crm", {"kind": "match", "lead": {}, "candidates": [{"id": "A"}, {"phone": "1"}]},
              "candidates[1].id"),
        error("match_error_candidate_twice", "crm",
              {"kind": "match", "lead": {}, "candidates": [{"id": "A"}, {"id": "B"}, {"id": "A"}]}, "candidates[2].id"),
        error("match_error_missing_lead", "crm", {"kind": "match", "candidates": []}, "lead"),
        error("match_error_candidate_email_a_number", "crm", {"kind": "match", "lead": {}, "candidates": [{"id": "A", "email": 1}]},
              "candidates[0].email"),
        config_error("match_config_unknown_key_name", {"rules": [{"id": "r", "keys": ["phone", "fone"], "action": "block"}]},
                     [f"{at}.rules[0].keys[1]"]),
        config_error("match_config_unknown_action", {"rules": [{"id": "r", "keys": ["phone"], "action": "merge"}]},
                     [f"{at}.rules[0].action"]),
        config_error("match_config_empty_rule", {"rules": [{"id": "r", "keys": [], "action": "alert"}]}, [f"{at}.rules[0].keys"]),
        config_error("match_config_duplicate_rule_ids", {"rules": [rule("r", ["phone"], "block"), rule("s", ["name"], "alert"),
                                                                  rule("r", ["email"], "alert")]}, [f"{at}.rules[2].id"]),
        config_error("match_config_lower_case_region", {"default_region": "in", "rules": PHONE}, [f"{at}.default_region"]),
        config_error("match_config_unknown_region", {"default_region": "XX", "rules": PHONE}, [f"{at}.default_region"]),
        config_error("match_config_non_geographic_region", {"default_region": "001", "rules": PHONE}, [f"{at}.default_region"]),
        config_error("match_config_region_a_number", {"default_region": 91}, [f"{at}.default_region"]),
        config_error("match_config_every_problem_in_document_order",
                     {"default_region": "ZZ", "rulez": [], "rules": [
                         {"id": "a:b", "keys": ["name", "name"], "action": "warn", "why": 1},
                         {"keys": "phone"}, 3]},
                     [f"{at}.default_region", f"{at}.rulez", f"{at}.rules[0].id", f"{at}.rules[0].keys[1]",
                      f"{at}.rules[0].action", f"{at}.rules[0].why", f"{at}.rules[1].keys", f"{at}.rules[1].id",
                      f"{at}.rules[1].action", f"{at}.rules[2]"]),
        config_error("match_config_matching_not_object", ["same-phone"], [at]),
        config_error("match_config_rules_not_array", {"rules": {"id": "r"}}, [f"{at}.rules"]),
        config_error("match_config_empty_rule_id", {"rules": [rule(" ", ["phone"], "alert")]}, [f"{at}.rules[0].id"]),
    ]


def main() -> None:
    cases = modelled() + by_hand()
    names = [case["name"] for case in cases]
    assert len(names) == len(set(names)), "case names repeat"
    suite = {"configs": CONFIGS, "cases": cases}
    out = ROOT / "tests" / "conformance" / "match.json"
    out.write_text(json.dumps(suite, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{len(cases)} cases written to {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
