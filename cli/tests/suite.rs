//! The integration tests of the command-line tool, in one test binary
//! (`--test suite`): each file of this folder is a module here, so cargo
//! compiles and links one crate instead of one per file (core's
//! core/tests/suite.rs does the same). A test's name is its file's name,
//! then `::`, then the test's own; run one file's tests with
//! `cargo test -p leadrules-cli --test suite decide::`.
//!
//! A new test file is one more `mod` line below, with its `#[path]`, which
//! makes the file's own `mod common;` resolve to this folder's `common/`,
//! as it did when the file was a crate of its own. `every_file_is_built`
//! below fails on a file that is not, so none is left out silently.

#![allow(
    clippy::duplicate_mod,
    reason = "each file keeps its own `mod common;`, as when it was a crate"
)]

#[path = "check.rs"]
mod check;
#[path = "decide.rs"]
mod decide;
#[path = "documented_examples.rs"]
mod documented_examples;
#[path = "explain.rs"]
mod explain;
#[path = "usage.rs"]
mod usage;

#[path = "../../tests/rust/suite_files.rs"]
mod suite_files;

/// Every `.rs` file of this folder is a module of this binary or a test
/// binary of its own named in cli/Cargo.toml (`autotests = false` there,
/// so cargo would not find a forgotten file by itself).
#[test]
fn every_file_is_built() -> Result<(), String> {
    suite_files::every_file_is_built(
        env!("CARGO_MANIFEST_DIR"),
        "add each to cli/tests/suite.rs as a module",
    )
}
