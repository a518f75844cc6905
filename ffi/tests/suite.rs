//! The integration tests of the C ABI's crate, in one test binary
//! (`--test suite`): each file of this folder is a module here, so cargo
//! compiles and links one crate instead of one per file (core's
//! core/tests/suite.rs does the same). A test's name is its file's name,
//! then `::`, then the test's own; run one file's tests with
//! `cargo test -p leadrules-ffi --test suite header::` (`make header` runs
//! that one with `LEADRULES_BLESS=1`: it rewrites the header and
//! src/codes.rs, which the other files read, so it runs alone then).
//!
//! A new test file is one more `mod` line below, with its `#[path]`.
//! `every_file_is_built` below fails on a file that is not, so none is
//! left out silently.

#[path = "header.rs"]
mod header;
#[path = "last_error_rule.rs"]
mod last_error_rule;
#[path = "ownership_docs.rs"]
mod ownership_docs;

#[path = "../../tests/rust/suite_files.rs"]
mod suite_files;

/// Every `.rs` file of this folder is a module of this binary or a test
/// binary of its own named in ffi/Cargo.toml (`autotests = false` there,
/// so cargo would not find a forgotten file by itself).
#[test]
fn every_file_is_built() -> Result<(), String> {
    suite_files::every_file_is_built(
        env!("CARGO_MANIFEST_DIR"),
        "add each to ffi/tests/suite.rs as a module",
    )
}
