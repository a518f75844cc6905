//! Properties of duplicate matching: every normaliser is idempotent (a
//! normalised value normalises to itself, so keys computed from stored
//! values equal keys computed from what the user typed); a lead's keys are
//! sorted and distinct; `match` is symmetric (A matches B by exactly the
//! rules B matches A by) and agrees with the keys (a rule matches exactly
//! when the two leads share one of its keys).

use std::collections::BTreeSet;
use std::sync::OnceLock;

use leadrules::matching::{company, email, match_keys, name, phone, KeyedLead, MatchLead, Matches, Region};
use leadrules::Engine;
use proptest::prelude::*;

const PHONES: &[&str] = &[
    "98123 45678",
    "+91 98123 45678",
    "098123-45678",
    "+91 98123 45679",
    "12345",
    "",
    "+44 20 7946 0958",
];
const EMAILS: &[&str] = &[
    "Jane.Doe@gmail.com",
    "janedoe+x@googlemail.com",
    "jane@acme.in",
    "JANE@ACME.IN",
    "bad",
    "a@b.c",
];
const NAMES: &[&str] = &["Jane Doe", "JANE  DOÉ", "Jane-Doe", "John", " ", "Zoë"];
const COMPANIES: &[&str] = &["Acme Pvt Ltd", "ACME", "Acme Inc.", "Beta GmbH", "Ltd", "Beta"];

fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| {
        Engine::from_json(
            r#"{"orgs": [{"id": "hq"}], "policy": {"matching": {"default_region": "IN", "rules": [
            {"id": "phone", "keys": ["phone"], "action": "block"},
            {"id": "email", "keys": ["email"], "action": "link"},
            {"id": "person", "keys": ["name", "company"], "action": "alert"},
            {"id": "contact", "keys": ["email", "phone"], "action": "alert"}]}}}"#,
        )
        .unwrap_or_default()
    })
}

/// The rules the one candidate matched by, if it matched.
fn rules<'v>(found: &Matches<'v>) -> Vec<&'v str> {
    found
        .matches
        .first()
        .map(|m| m.rules.to_vec())
        .unwrap_or_default()
}

fn pick(list: &'static [&'static str]) -> impl Strategy<Value = Option<&'static str>> {
    proptest::option::of(proptest::sample::select(list))
}

fn picks(list: &'static [&'static str]) -> impl Strategy<Value = Vec<&'static str>> {
    proptest::collection::vec(proptest::sample::select(list), 0..3)
}

prop_compose! {
    fn lead(id: &'static str)(
        phone in pick(PHONES), mobiles in picks(PHONES), email in pick(EMAILS), emails in picks(EMAILS),
        name in pick(NAMES), company in pick(COMPANIES),
    ) -> MatchLead<'static> {
        MatchLead { id: Some(id), phone, mobiles, email, emails, name, company }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn text_normalisers_are_idempotent(text in "\\PC{0,40}") {
        for normalise in [email, name, company] {
            if let Some(once) = normalise(&text) {
                prop_assert_eq!(normalise(&once), Some(once.clone()), "{:?}", text);
            }
        }
    }

    #[test]
    fn phone_numbers_are_idempotent(digits in "[+0-9 ()-]{0,18}") {
        let region = Region::new("IN");
        if let Some(once) = phone(&digits, region) {
            prop_assert_eq!(phone(&once, region), Some(once.clone()));
            prop_assert_eq!(phone(&once, None), Some(once.clone()));
        }
    }

    #[test]
    fn keys_are_sorted_and_distinct(a in lead("A")) {
        let engine = engine();
        let keys = engine.match_keys(&a);
        let sorted: Vec<String> = keys.iter().cloned().collect::<BTreeSet<_>>().into_iter().collect();
        prop_assert_eq!(&keys, &sorted);
        prop_assert_eq!(keys, match_keys(engine.matching(), &a));
    }

    #[test]
    fn match_is_symmetric_and_agrees_with_the_keys(a in lead("A"), b in lead("B")) {
        let engine = engine();
        let ab = engine.match_lead(&a, std::slice::from_ref(&b));
        let ba = engine.match_lead(&b, std::slice::from_ref(&a));
        prop_assert_eq!(rules(&ab), rules(&ba));
        prop_assert_eq!(ab.allowed(), ba.allowed());
        let (ka, kb) = (engine.match_keys(&a), engine.match_keys(&b));
        let shared: BTreeSet<&str> = ka
            .iter()
            .filter(|key| kb.contains(key))
            .filter_map(|key| key.split_once(':').map(|(rule, _)| rule))
            .collect();
        let matched: BTreeSet<&str> = rules(&ab).into_iter().collect();
        prop_assert_eq!(matched, shared);
    }

    #[test]
    fn matching_by_stored_keys_answers_as_matching_the_records(
        a in lead("A"), b in lead("B"), c in lead("C"), same in lead("A"),
    ) {
        let engine = engine();
        let candidates = [b, same, c];
        let keys: Vec<Vec<String>> = candidates.iter().map(|lead| engine.match_keys(lead)).collect();
        let keyed: Vec<KeyedLead<'_>> = candidates
            .iter()
            .zip(&keys)
            .map(|(lead, keys)| KeyedLead { id: lead.id.unwrap_or_default(), keys })
            .collect();
        let by_records = engine.match_lead(&a, &candidates);
        let by_keys = engine.match_keyed(a.id, &engine.match_keys(&a), &keyed);
        prop_assert_eq!(by_keys, by_records);
    }
}
