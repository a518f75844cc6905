//! The integration tests of core, in one test binary (`--test suite`): each
//! file of this folder is a module here, so cargo compiles and links one
//! crate instead of one per file. A test's name is its file's name, then
//! `::`, then the test's own (`answers::every_vector_renders_as_the_engine`);
//! run one file's tests with `cargo test -p leadrules --test suite answers::`.
//!
//! A new test file is one more `mod` line below (with its `#[path]`, which
//! makes the file's own `mod vectors;` or `mod documentation;` resolve to
//! this folder, as it did when the file was a crate of its own). A file
//! that installs a global allocator (to count allocations) stays a binary
//! of its own, a `[[test]]` entry in core/Cargo.toml: nothing else may run
//! under its allocator. `every_file_is_built` below fails on a file that is
//! neither, so none is left out silently.

#![allow(
    clippy::duplicate_mod,
    reason = "each file keeps its own `mod vectors;` or `mod documentation;`, as when it was a crate"
)]

#[path = "answers.rs"]
mod answers;
#[path = "architecture.rs"]
mod architecture;
#[path = "assignment_config.rs"]
mod assignment_config;
#[path = "assignment_properties.rs"]
mod assignment_properties;
#[path = "calendar_column_sweep.rs"]
mod calendar_column_sweep;
#[path = "column_inputs.rs"]
mod column_inputs;
#[path = "config_load_cost.rs"]
mod config_load_cost;
#[path = "conformance.rs"]
mod conformance;
#[path = "conformance_prepared.rs"]
mod conformance_prepared;
#[path = "determinism.rs"]
mod determinism;
#[path = "directory.rs"]
mod directory;
#[path = "documented_codes.rs"]
mod documented_codes;
#[path = "documented_examples.rs"]
mod documented_examples;
#[path = "expiry_properties.rs"]
mod expiry_properties;
#[path = "fuzz_regressions.rs"]
mod fuzz_regressions;
#[path = "hours_api.rs"]
mod hours_api;
#[path = "hours_properties.rs"]
mod hours_properties;
#[path = "hours_sweep_properties.rs"]
mod hours_sweep_properties;
#[path = "limits.rs"]
mod limits;
#[path = "list_views.rs"]
mod list_views;
#[path = "matching_properties.rs"]
mod matching_properties;
#[path = "one_reader.rs"]
mod one_reader;
#[path = "one_vocabulary.rs"]
mod one_vocabulary;
#[path = "prepared_api.rs"]
mod prepared_api;
#[path = "properties.rs"]
mod properties;
#[path = "python_codes.rs"]
mod python_codes;
#[path = "request_shape.rs"]
mod request_shape;
#[path = "sla_spans.rs"]
mod sla_spans;
#[path = "spec_serde.rs"]
mod spec_serde;
#[path = "transfer_alternative.rs"]
mod transfer_alternative;
#[path = "typed_conformance.rs"]
mod typed_conformance;
#[path = "unknown_keys.rs"]
mod unknown_keys;
#[path = "workflow_view.rs"]
mod workflow_view;
#[path = "workflows.rs"]
mod workflows;
#[path = "zone_data.rs"]
mod zone_data;

#[path = "../../tests/rust/suite_files.rs"]
mod suite_files;

/// Every `.rs` file of this folder is either a module of this binary or a
/// test binary of its own named in core/Cargo.toml (`autotests = false`
/// there, so cargo would not find a forgotten file by itself).
#[test]
fn every_file_is_built() -> Result<(), String> {
    suite_files::every_file_is_built(
        env!("CARGO_MANIFEST_DIR"),
        "add each to core/tests/suite.rs as a module, or (a file with a global allocator) to core/Cargo.toml as a [[test]]",
    )
}
