//! The one error rule of the C API (docs/c.md, "Errors"): every exported
//! function that returns a `leadrules_status` runs inside `guard::status`,
//! which clears the calling thread's last error on entry and records the
//! failure (a core error as the JSON entry's envelope) on the way out;
//! every other function (getters, frees, names) runs inside `guard::value`
//! and leaves the record alone; one that hands out a new handle (a
//! prepared fact) runs inside `guard::handle`, which records as `status` does. A new function that skipped the guard
//! would break the rule silently: this test reads ffi/src and fails on it.

use std::fs;
use std::path::PathBuf;

/// Each exported function: its name, whether it returns a status, and the
/// first statement of its body.
fn exported(source: &str) -> Vec<(String, bool, String)> {
    let mut found = Vec::new();
    let mut rest = source;
    while let Some(at) = rest.find("extern \"C\" fn leadrules_") {
        let from = rest.get(at..).unwrap_or_default();
        let signature_end = from.find('{').unwrap_or(from.len());
        let signature = from.get(..signature_end).unwrap_or_default();
        let name = signature
            .trim_start_matches("extern \"C\" fn ")
            .split('(')
            .next()
            .unwrap_or_default()
            .to_owned();
        let body = from.get(signature_end + 1..).unwrap_or_default();
        let first = body.trim_start().lines().next().unwrap_or_default().to_owned();
        found.push((name, signature.contains("-> leadrules_status"), first));
        rest = body;
    }
    found
}

#[test]
fn every_status_function_records_its_error_and_every_other_leaves_it() {
    let src = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut checked = 0;
    let entries = fs::read_dir(&src)
        .map(|d| d.flatten().collect::<Vec<_>>())
        .unwrap_or_default();
    for entry in entries {
        let source = fs::read_to_string(entry.path()).unwrap_or_default();
        for (name, returns_status, first) in exported(&source) {
            // The getter of the recorded status returns one without failing.
            let records = returns_status && name != "leadrules_last_error_status";
            // A function handing out a new handle records its failure too.
            let guard = if records {
                "guard::status("
            } else if name.starts_with("leadrules_engine_prepare_") {
                "guard::handle("
            } else {
                "guard::value("
            };
            assert!(
                first.starts_with(guard),
                "{name} must run inside {guard}..), not `{first}`"
            );
            checked += 1;
        }
    }
    assert!(
        checked >= 20,
        "only {checked} exported functions found in {}",
        src.display()
    );
}
