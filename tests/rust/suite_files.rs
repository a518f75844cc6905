//! The guard of the crates' single integration-test binaries
//! (core/tests/suite.rs, cli/tests/suite.rs, ffi/tests/suite.rs): each
//! crate sets `autotests = false`, so cargo would not find a forgotten
//! test file by itself. Each suite includes this file by its `#[path]`.

use std::path::Path;

/// The `.rs` files of `crate_dir/tests` that no test target builds: each
/// file must be a module of `tests/suite.rs` (its `#[path]` line, then
/// its `mod` line) or a `[[test]]` of the crate's Cargo.toml.
pub fn unbuilt(crate_dir: &str) -> Result<Vec<String>, String> {
    let folder = Path::new(crate_dir).join("tests");
    let suite = std::fs::read_to_string(folder.join("suite.rs")).map_err(|e| e.to_string())?;
    let manifest = std::fs::read_to_string(folder.join("../Cargo.toml")).map_err(|e| e.to_string())?;
    let mut missing = Vec::new();
    for entry in std::fs::read_dir(&folder).map_err(|e| e.to_string())? {
        let name = entry.map_err(|e| e.to_string())?.file_name();
        let name = name.to_string_lossy();
        let Some(stem) = name.strip_suffix(".rs") else {
            continue;
        };
        let as_module = format!("#[path = \"{name}\"]\nmod {stem};");
        let as_binary = format!("path = \"tests/{name}\"");
        if stem != "suite" && !suite.contains(&as_module) && !manifest.contains(&as_binary) {
            missing.push(name.into_owned());
        }
    }
    missing.sort();
    Ok(missing)
}

/// `Ok` when every test file of `crate_dir` is built, else an error
/// naming the files and saying where each goes (`remedy`).
pub fn every_file_is_built(crate_dir: &str, remedy: &str) -> Result<(), String> {
    let missing = unbuilt(crate_dir)?;
    if missing.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "{crate_dir}/tests: {missing:?} built by no test target: {remedy}"
        ))
    }
}
