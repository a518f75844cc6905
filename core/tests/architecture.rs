//! ARCHITECTURE.md's map of where each denial code is decided stays true:
//! every denial code has a row, and every file a row names pushes the codes
//! the row lists (`DenialCode::<Name>` in it; `capability_required` through
//! `Reason::missing`), so one grep from the map finds the line.

use std::fs;
use std::path::Path;

use leadrules::DenialCode;

const ROOT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/..");
const HEADING: &str = "### Where each denial code is decided";

/// The rows of the table under [`HEADING`]: the file and its codes.
fn rows() -> Vec<(String, Vec<String>)> {
    let text = fs::read_to_string(Path::new(ROOT).join("ARCHITECTURE.md")).unwrap_or_default();
    let after = text.split(HEADING).nth(1).unwrap_or_default();
    after
        .lines()
        .skip_while(|line| !line.starts_with('|'))
        .take_while(|line| line.starts_with('|'))
        .skip(2)
        .map(|line| {
            let cells: Vec<&str> = line.trim_matches('|').split('|').map(str::trim).collect();
            let file = cells.get(1).unwrap_or(&"").trim_matches('`').to_owned();
            let codes = cells
                .get(2)
                .unwrap_or(&"")
                .split(',')
                .map(|code| code.trim().trim_matches('`').to_owned())
                .collect();
            (file, codes)
        })
        .collect()
}

#[test]
fn every_denial_code_is_mapped_to_a_file_that_decides_it() {
    let rows = rows();
    assert!(rows.len() >= 5, "the table under {HEADING:?} is missing");
    for code in DenialCode::ALL {
        assert!(
            rows.iter()
                .any(|(_, codes)| codes.iter().any(|c| c == code.as_str())),
            "ARCHITECTURE.md names no file that decides `{}`",
            code.as_str()
        );
    }
    for (file, codes) in &rows {
        let source = fs::read_to_string(Path::new(ROOT).join(file)).unwrap_or_default();
        assert!(
            !source.is_empty(),
            "ARCHITECTURE.md names {file}, which is not there"
        );
        for name in codes {
            let code = DenialCode::from_name(name);
            assert!(
                code.is_some(),
                "ARCHITECTURE.md names `{name}`, which is no denial code"
            );
            let pushed = match code {
                Some(DenialCode::CapabilityRequired) => source.contains("Reason::missing"),
                Some(code) => source.contains(&format!("DenialCode::{code:?}")),
                None => false,
            };
            assert!(pushed, "{file} does not decide `{name}`, as ARCHITECTURE.md says");
        }
    }
}
