//! `leadrules._native`: the Python binding of the `leadrules` crate.
//!
//! Thin by design: every file here converts Python objects to
//! core's types and back, and calls core. No rule is decided here.
//!
//! - `engine.rs`: the `Engine` class (construction, `decide`, typed methods)
//! - `assignment.rs`: the `Assignment` and `Assignments` answers
//! - `decision.rs`: the `Decision` (core's owned answer) and `Targets` answers
//! - `dicts.rs`: a host's dict iterated without PyO3's panic
//! - `calendar.rs`: a policy calendar (`Engine.calendar`) over datetimes
//! - `calendar_many.rs`: a calendar's column forms over NumPy arrays
//! - `codes.rs`: core's codes as the members of the Python enums
//! - `convert.rs`: Python objects ↔ `serde_json::Value`, with paths
//! - `datetimes.rs`: exact `datetime`s read as their `isoformat()` text, without it
//! - `errors.rs`: core errors and panics → `leadrules._errors` exceptions
//! - `input.rs`: Python objects as core's request input, read in place
//! - `keep.rs`: the store the text of one read lives in
//! - `list_views.rs`: `actions_many`, `can_edit_many`, `targets_many` and their answers
//! - `matches.rs`: the `Matches` answer (duplicate detection)
//! - `prepared.rs`: prepared facts (handles) and the typed calls asked of them
//! - `pyout.rs`: answers rendered straight into Python objects
//! - `request.rs`: a call read by core's one reader and answered once
//! - `sla.rs`: the SLA clock's arguments as its request, and its answer
//! - `sweep.rs`: expiry records and the columnar sweep
//! - `workflow.rs`: a workflow's stages and flags as Python records
//!
//! The pure-Python package around it lives in `leadrules/`.

#![forbid(unsafe_code)]

mod assignment;
mod batch;
mod calendar;
mod calendar_many;
mod codes;
mod convert;
mod datetimes;
mod decision;
mod dicts;
mod engine;
mod errors;
mod input;
mod keep;
mod keyed;
mod list_views;
mod matches;
mod prepared;
mod pyout;
mod request;
mod sla;
mod sweep;
mod warn;
mod workflow;

use pyo3::pymodule;

/// The compiled core of leadrules; import from `leadrules`, not from here.
#[pymodule]
mod _native {
    use pyo3::prelude::*;

    #[pymodule_export]
    use crate::assignment::{Assignment, Assignments};
    #[pymodule_export]
    use crate::calendar::Calendar;
    #[pymodule_export]
    use crate::decision::{Decision, Targets};
    #[pymodule_export]
    use crate::engine::Engine;
    #[pymodule_export]
    use crate::list_views::{ActionGrid, Verdicts};
    #[pymodule_export]
    use crate::matches::Matches;
    #[pymodule_export]
    use crate::prepared::{PreparedActor, PreparedLead, PreparedWorkflowLead};
    #[pymodule_export]
    use crate::sla::Sla;

    use pyo3::types::PyTuple;

    /// Adds `__version__`, the version of this crate from Cargo.toml (the
    /// wheel's version: maturin reads the same field), and core's code
    /// lists, which the enums of `leadrules._codes` are tested against:
    /// `DENIAL_CODES`, `ERROR_CODES` (plus the binding's own `internal`),
    /// `EFFECT_KINDS` and `ROUTES`, each a tuple of str in core's order.
    #[pymodule_init]
    fn init(module: &Bound<'_, PyModule>) -> PyResult<()> {
        let py = module.py();
        module.add("__version__", env!("CARGO_PKG_VERSION"))?;
        let denials = leadrules::DenialCode::ALL.map(leadrules::DenialCode::as_str);
        module.add("DENIAL_CODES", PyTuple::new(py, denials)?)?;
        let mut errors: Vec<&str> = leadrules::ErrorCode::ALL.map(leadrules::ErrorCode::as_str).into();
        errors.push(crate::errors::INTERNAL);
        module.add("ERROR_CODES", PyTuple::new(py, errors)?)?;
        module.add("EFFECT_KINDS", PyTuple::new(py, leadrules::Effect::KINDS)?)?;
        let routes = crate::codes::ROUTES.map(leadrules::Route::as_str);
        module.add("ROUTES", PyTuple::new(py, routes)?)
    }
}
