//! Every function of include/leadrules.h says who owns what: its comment has
//! an "Ownership" paragraph (each pointer argument and result: borrowed for
//! how long, static, or owned by the caller and freed with which function),
//! says what NULL does, and says which threads may call it. A function that
//! returns a string also says whether to free it.
//!
//! The header is the checked-in one; tests/header.rs proves it is what
//! cbindgen generates from src/, so this reads the ffi doc comments.

use std::fs;
use std::path::PathBuf;

/// Each function's name, prototype line and the doc comment just above it.
fn functions(header: &str) -> Vec<(String, String, String)> {
    let mut found = Vec::new();
    let mut doc = String::new();
    let mut in_doc = false;
    for line in header.lines() {
        if line.starts_with("/**") {
            in_doc = true;
            doc.clear();
        }
        if in_doc {
            doc.push_str(line);
            doc.push('\n');
            if line.trim_end().ends_with("*/") {
                in_doc = false;
            }
            continue;
        }
        // Prototypes start in column 0 (struct fields are indented) and
        // name a leadrules_ function before the first parenthesis.
        let prototype = !line.starts_with([' ', '#', '}', '{', '/', '*']) && !line.starts_with("typedef");
        if let Some((before, _)) = line.split_once('(').filter(|_| prototype) {
            if let Some(name) = before.split([' ', '*']).rfind(|w| w.starts_with("leadrules_")) {
                found.push((name.to_owned(), line.to_owned(), doc.clone()));
            }
        }
        if !line.trim().is_empty() {
            doc.clear();
        }
    }
    found
}

#[test]
fn every_function_documents_ownership_null_and_threads() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../include/leadrules.h");
    let header = fs::read_to_string(&path).unwrap_or_default();
    let functions = functions(&header);
    // The API has 21 functions today; fewer means the parser lost some.
    assert!(
        functions.len() >= 21,
        "found only {} functions in {}",
        functions.len(),
        path.display()
    );
    let mut missing = Vec::new();
    for (name, prototype, doc) in &functions {
        // The labelled paragraphs, not the words: every `# Safety` note
        // says "NULL" already.
        let statements = [
            ("Ownership", &["Ownership"][..]),
            ("NULL", &["NULL:", "NULL and", "no NULL case"][..]),
            ("Thread", &["Thread"][..]),
        ];
        for (needed, labels) in statements {
            if !labels.iter().any(|label| doc.contains(label)) {
                missing.push(format!("{name}: no {needed:?}"));
            }
        }
        if prototype.contains("char *") && !doc.contains("free") {
            missing.push(format!(
                "{name}: returns a string but does not say whether to free it"
            ));
        }
    }
    assert!(
        missing.is_empty(),
        "include/leadrules.h: functions whose comment lacks an ownership, NULL or threads \
         statement (write it in ffi/src, then `make header`):\n{}",
        missing.join("\n")
    );
}
