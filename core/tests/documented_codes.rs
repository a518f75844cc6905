//! Every code the core can produce is documented in the README's tables.

use leadrules::{DenialCode, Effect, ErrorCode};

fn readme() -> String {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../README.md")).unwrap_or_default()
}

fn documented(readme: &str, name: &str) -> bool {
    readme.contains(&format!("| `{name}` |"))
}

#[test]
fn every_denial_error_and_effect_code_has_a_table_row() {
    let readme = readme();
    let missing: Vec<&str> = DenialCode::ALL
        .iter()
        .map(|c| c.as_str())
        .chain(ErrorCode::ALL.iter().map(|c| c.as_str()))
        .chain(Effect::KINDS)
        .filter(|name| !documented(&readme, name))
        .collect();
    assert!(missing.is_empty(), "undocumented in README.md: {missing:?}");
}

#[test]
fn codes_round_trip_through_their_names() {
    for code in DenialCode::ALL {
        assert_eq!(DenialCode::from_name(code.as_str()), Some(code));
        assert!(!code.message().is_empty());
    }
}
