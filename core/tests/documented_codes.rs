//! Every code the core can produce is documented in one place,
//! `docs/protocol.md`, and the rows say what core's declaration
//! (`src/vocabulary.rs`) says: each denial code (in `DenialCode::ALL`
//! order, the order of their numbers) has one row with its number and its
//! message word for word, each error code one row with its C status and
//! number, each effect kind one row; no row names a code that does not
//! exist, and no other page of the documentation keeps a code table of
//! its own.

mod documentation;

use std::collections::{BTreeMap, BTreeSet};

use leadrules::{DenialCode, Effect, ErrorCode};

/// A Markdown table: its header's cells, the first cell of each row below
/// it, and each row's cells.
struct Table {
    header: Vec<String>,
    first_cells: Vec<String>,
    rows: Vec<Vec<String>>,
}

fn cells(line: &str) -> Vec<String> {
    line.trim()
        .trim_start_matches('|')
        .trim_end_matches('|')
        .split('|')
        .map(|cell| cell.trim().to_owned())
        .collect()
}

/// The tables of `text`, each with the heading it stands under.
fn tables(text: &str) -> Vec<(String, Table)> {
    let lines: Vec<&str> = text.lines().collect();
    let mut found = Vec::new();
    let mut heading = String::new();
    let mut i = 0;
    while let Some(line) = lines.get(i) {
        if line.starts_with('#') {
            heading = line.trim_start_matches('#').trim().to_owned();
        }
        let separator = lines
            .get(i + 1)
            .is_some_and(|next| next.trim_start().starts_with("| ---"));
        if line.trim_start().starts_with('|') && separator {
            let mut table = Table {
                header: cells(line),
                first_cells: Vec::new(),
                rows: Vec::new(),
            };
            i += 2;
            while let Some(row) = lines.get(i).filter(|row| row.trim_start().starts_with('|')) {
                let row = cells(row);
                table.first_cells.extend(row.first().cloned());
                table.rows.push(row);
                i += 1;
            }
            found.push((heading.clone(), table));
            continue;
        }
        i += 1;
    }
    found
}

/// The rows of the table under `heading`, each a map from the header's
/// names to the cells.
fn rows(text: &str, heading: &str) -> Vec<BTreeMap<String, String>> {
    tables(text)
        .into_iter()
        .find(|(h, _)| h == heading)
        .map(|(_, table)| {
            let header = table.header;
            table
                .rows
                .into_iter()
                .map(|row| header.iter().cloned().zip(row).collect())
                .collect()
        })
        .unwrap_or_default()
}

/// The names in the first column of the table under `heading`.
fn documented(text: &str, heading: &str) -> Vec<String> {
    tables(text)
        .into_iter()
        .find(|(h, _)| h == heading)
        .map(|(_, table)| {
            table
                .first_cells
                .iter()
                .map(|cell| cell.trim_matches('`').to_owned())
                .collect()
        })
        .unwrap_or_default()
}

fn sorted<'a>(names: impl IntoIterator<Item = &'a str>) -> Vec<&'a str> {
    let mut names: Vec<&str> = names.into_iter().collect();
    names.sort_unstable();
    names
}

#[test]
fn every_denial_code_has_its_row_in_order() {
    let protocol = documentation::page("docs/protocol.md");
    let rows = documented(&protocol, "Denial codes");
    let codes: Vec<&str> = DenialCode::ALL.iter().map(|c| c.as_str()).collect();
    assert_eq!(rows, codes, "docs/protocol.md, \"Denial codes\"");
}

#[test]
fn every_denial_row_has_the_declared_number_and_message() {
    let protocol = documentation::page("docs/protocol.md");
    let rows = rows(&protocol, "Denial codes");
    assert_eq!(
        rows.len(),
        DenialCode::ALL.len(),
        "docs/protocol.md, \"Denial codes\""
    );
    for (row, code) in rows.iter().zip(DenialCode::ALL) {
        let cell = |name: &str| row.get(name).map(String::as_str).unwrap_or_default();
        assert_eq!(cell("code"), format!("`{code}`"));
        assert_eq!(cell("number"), code.number().to_string(), "the number of {code}");
        assert_eq!(cell("message"), code.message(), "the message of {code}");
    }
}

#[test]
fn every_error_row_has_the_declared_status() {
    let protocol = documentation::page("docs/protocol.md");
    for row in rows(&protocol, "Error codes") {
        let cell = |name: &str| row.get(name).map(String::as_str).unwrap_or_default();
        let name = cell("code").trim_matches('`');
        let code = ErrorCode::from_name(name);
        assert!(
            code.is_some(),
            "docs/protocol.md names an error code `{name}` that core has not"
        );
        let number = code.map(ErrorCode::number).unwrap_or_default();
        let status = format!("`LEADRULES_STATUS_{}` ({number})", name.to_uppercase());
        assert_eq!(cell("C status"), status, "the C status of {name}");
    }
}

#[test]
fn every_error_code_has_exactly_one_row() {
    let protocol = documentation::page("docs/protocol.md");
    let rows = documented(&protocol, "Error codes");
    let codes = ErrorCode::ALL.iter().map(|c| c.as_str());
    assert_eq!(
        sorted(rows.iter().map(String::as_str)),
        sorted(codes),
        "docs/protocol.md, \"Error codes\""
    );
}

#[test]
fn every_effect_kind_has_exactly_one_row() {
    let protocol = documentation::page("docs/protocol.md");
    let rows = documented(&protocol, "Effect kinds");
    assert_eq!(
        sorted(rows.iter().map(String::as_str)),
        sorted(Effect::KINDS),
        "docs/protocol.md, \"Effect kinds\""
    );
}

#[test]
fn no_other_page_keeps_a_code_table() {
    let codes: BTreeSet<&str> = DenialCode::ALL
        .iter()
        .map(|c| c.as_str())
        .chain(ErrorCode::ALL.iter().map(|c| c.as_str()))
        .chain(Effect::KINDS)
        .collect();
    let pages = documentation::pages();
    assert!(pages.len() > 5, "the docs/ pages were not found");
    for (name, text) in pages.iter().filter(|(name, _)| name != "docs/protocol.md") {
        for (heading, table) in tables(text) {
            // A table keyed by codes, whatever its header says: its first
            // column names codes on more than two rows.
            let named: Vec<&String> = table
                .first_cells
                .iter()
                .filter(|cell| codes.contains(cell.trim_matches('`')))
                .collect();
            assert!(
                named.len() <= 2,
                "{name}, \"{heading}\": a second table of codes ({named:?}); they are documented in docs/protocol.md"
            );
        }
    }
}

#[test]
fn codes_round_trip_through_their_names() {
    for code in DenialCode::ALL {
        assert_eq!(DenialCode::from_name(code.as_str()), Some(code));
        assert!(!code.message().is_empty());
    }
}
