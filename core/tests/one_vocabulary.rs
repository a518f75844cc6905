//! The codes are declared once (`src/vocabulary.rs`): no other source file
//! of the library or its bindings keeps a list of them. A file that quotes
//! more than two names of one vocabulary (`"same_org"`, `'unknown_org'`,
//! `c"transfer"`) keeps a list, and fails this test, unless it is one of
//! the generated files, each checked fresh by its own test (the C
//! constants by `ffi/tests/header.rs`, Python's enums by
//! `tests/python_codes.rs`), or is named below with its reason. Comments,
//! unit tests,
//! examples and docs are not scanned: they are expectations and hosts, and
//! the docs' tables are checked by `tests/documented_codes.rs`.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use leadrules::vocabulary::Code;
use leadrules::{DenialCode, EffectKind, ErrorCode};

/// Where the library and its bindings keep their sources.
const SOURCES: [&str; 5] = ["core/src", "ffi/src", "python/src", "python/leadrules", "cli/src"];

/// Files that may name codes, and why.
const EXEMPT: [(&str, &str); 6] = [
    ("core/src/vocabulary.rs", "the declaration itself"),
    (
        "ffi/src/codes.rs",
        "generated, checked fresh by ffi/tests/header.rs",
    ),
    (
        "python/leadrules/_codes.py",
        "generated, checked fresh by core/tests/python_codes.rs",
    ),
    (
        "core/src/config/workflow.rs",
        "reads the workflow language's effect templates by kind (a subset of the effect kinds)",
    ),
    (
        "core/src/spec_serde.rs",
        "writes the workflow language's effect templates by kind (a subset of the effect kinds)",
    ),
    (
        "python/leadrules/_errors.py",
        "Python's exception class of an error code, checked by tests/python/test_errors.py",
    ),
];

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs" || e == "py") {
            out.push(path);
        }
    }
}

/// The code of `text`: without its comments (doc examples quote answers)
/// and without its unit tests (fixtures quote answers), which stand at the
/// end of a Rust file.
fn code_of(text: &str) -> String {
    let text = text.split("#[cfg(test)]").next().unwrap_or_default();
    text.lines()
        .filter(|line| {
            let line = line.trim_start();
            !line.starts_with("//") && !line.starts_with('#')
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The names of `C` that `text` quotes.
fn quoted<C: Code>(text: &str) -> BTreeSet<&'static str> {
    C::CODES
        .iter()
        .map(|code| code.as_str())
        .filter(|name| text.contains(&format!("\"{name}\"")) || text.contains(&format!("'{name}'")))
        .collect()
}

#[test]
fn no_source_file_but_the_declaration_lists_codes() {
    let root = root();
    let mut all = Vec::new();
    for dir in SOURCES {
        files(&root.join(dir), &mut all);
    }
    assert!(
        all.len() > 50,
        "the sources were not found under {}",
        root.display()
    );
    let mut lists = Vec::new();
    for path in &all {
        let name = path
            .strip_prefix(&root)
            .unwrap_or(path)
            .to_string_lossy()
            .replace('\\', "/");
        if EXEMPT.iter().any(|(exempt, _)| *exempt == name) {
            continue;
        }
        let text = code_of(&fs::read_to_string(path).unwrap_or_default());
        for (vocabulary, names) in [
            (DenialCode::TYPE_NAME, quoted::<DenialCode>(&text)),
            (ErrorCode::TYPE_NAME, quoted::<ErrorCode>(&text)),
            (EffectKind::TYPE_NAME, quoted::<EffectKind>(&text)),
        ] {
            if names.len() > 2 {
                lists.push(format!("{name}: {vocabulary} {names:?}"));
            }
        }
    }
    assert!(
        lists.is_empty(),
        "codes are declared once, in core/src/vocabulary.rs; derive these from it \
         (its ALL, NAMES, as_str, from_name) or generate them:\n{}",
        lists.join("\n")
    );
}

#[test]
fn the_exempt_files_exist() {
    for (name, _) in EXEMPT {
        assert!(root().join(name).is_file(), "{name}");
    }
}
