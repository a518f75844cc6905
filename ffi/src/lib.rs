//! # leadrules-ffi
//!
//! The C ABI of leadrules (`libleadrules.so` / `libleadrules.a`, header
//! `include/leadrules.h`). It only converts between C and the Rust core: no
//! rule is decided here.
//!
//! Conventions (after rustls-ffi):
//! - Every fallible function returns a [`leadrules_status`]; out-params are
//!   written only when it is [`leadrules_status::Ok`]. A failing call also
//!   records the last error of its thread (see [`error`]).
//! - Every `extern "C"` function catches panics (module `guard`), checks every
//!   pointer for NULL and every `ptr + len` string for UTF-8.
//! - An engine is an opaque, immutable, thread-safe handle: one
//!   `leadrules_engine_new`, one `leadrules_engine_free`.
//! - Strings out are either borrowed (lifetime documented on the function)
//!   or owned by the library and released with `leadrules_string_free`.

#![allow(
    non_camel_case_types,
    reason = "C type names follow the leadrules_ prefix convention"
)]

pub mod assign;
pub mod assign_input;
pub mod calendar;
pub mod change_owner;
pub mod codes;
pub mod denial;
pub mod edit;
pub mod engine;
pub mod error;
mod guard;
pub mod limits;
pub mod list_views;
pub mod match_keyed;
pub mod match_keys;
pub mod prepared;
mod prepared_args;
pub mod prepared_questions;
pub mod sla;
pub mod status;
mod strings;
pub mod sweep;
pub mod transfer;
pub mod version;
pub mod workflow;

pub use engine::leadrules_engine;
pub use status::leadrules_status;
pub use transfer::{leadrules_actor, leadrules_held_lead, leadrules_transfer_verdict};
