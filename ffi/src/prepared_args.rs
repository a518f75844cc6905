//! The argument checks every prepared question and list view makes, in
//! one place: the engine, the handles, the caller's out-pointer. Each is
//! `NULL_ARGUMENT` naming the argument; a handle of another engine is
//! core's to refuse (`foreign_handle`), when the question is asked.

use std::ptr::NonNull;

use leadrules::Engine;

use crate::engine::{engine_arg, leadrules_engine};
use crate::error::Failure;
use crate::prepared::leadrules_prepared_actor;

/// The engine behind a handle, or `NULL_ARGUMENT`.
///
/// # Safety
/// As for `engine_arg`.
pub(crate) unsafe fn core<'a>(engine: *const leadrules_engine) -> Result<&'a Engine, Failure> {
    // SAFETY: the caller upholds engine_arg's contract.
    Ok(unsafe { engine_arg(engine) }?.core())
}

/// A handle argument, or `NULL_ARGUMENT` naming it.
///
/// # Safety
/// `handle` must be NULL or a live handle.
pub(crate) unsafe fn handle_arg<'a, T>(handle: *const T, name: &str) -> Result<&'a T, Failure> {
    // SAFETY: the caller guarantees a live handle or NULL.
    unsafe { handle.as_ref() }.ok_or_else(|| Failure::null(name))
}

/// The actor and the lead of a question, checked in that order (`actor`,
/// then `lead`).
///
/// # Safety
/// `actor` and `lead` must each be NULL or a live handle.
pub(crate) unsafe fn handles<'a, L>(
    actor: *const leadrules_prepared_actor,
    lead: *const L,
) -> Result<(&'a leadrules_prepared_actor, &'a L), Failure> {
    // SAFETY: the caller guarantees live handles or NULL.
    let actor = unsafe { handle_arg(actor, "actor") }?;
    // SAFETY: as above.
    let lead = unsafe { handle_arg(lead, "lead") }?;
    Ok((actor, lead))
}

/// The engine and the actor of a list view, checked in that order.
///
/// # Safety
/// `engine` must be NULL or a live engine; `actor` NULL or a live handle.
pub(crate) unsafe fn asker<'a>(
    engine: *const leadrules_engine,
    actor: *const leadrules_prepared_actor,
) -> Result<(&'a Engine, &'a leadrules_prepared_actor), Failure> {
    // SAFETY: the caller guarantees a live engine or NULL.
    let engine = unsafe { core(engine) }?;
    // SAFETY: the caller guarantees a live handle or NULL.
    let actor = unsafe { handle_arg(actor, "actor") }?;
    Ok((engine, actor))
}

/// The engine, the actor and the lead of a question, checked in that
/// order.
///
/// # Safety
/// `engine` must be NULL or a live engine; `actor` and `lead` each NULL
/// or a live handle.
pub(crate) unsafe fn asked<'a, L>(
    engine: *const leadrules_engine,
    actor: *const leadrules_prepared_actor,
    lead: *const L,
) -> Result<(&'a Engine, &'a leadrules_prepared_actor, &'a L), Failure> {
    // SAFETY: the caller guarantees a live engine and handle, or NULL.
    let (engine, actor) = unsafe { asker(engine, actor) }?;
    // SAFETY: the caller guarantees a live handle or NULL.
    let lead = unsafe { handle_arg(lead, "lead") }?;
    Ok((engine, actor, lead))
}

/// A caller's pointer to write one answer to, checked before the question
/// is asked (a NULL one is the call's error even when the question would
/// fail too).
pub(crate) struct Out<T>(NonNull<T>);

impl<T> Out<T> {
    /// `ptr`, or `NULL_ARGUMENT` naming it.
    pub(crate) fn arg(ptr: *mut T, name: &str) -> Result<Self, Failure> {
        NonNull::new(ptr).map(Out).ok_or_else(|| Failure::null(name))
    }

    /// Writes the answer.
    ///
    /// # Safety
    /// The pointer must be writable for a `T` (the caller of the C
    /// function guarantees it).
    pub(crate) unsafe fn write(self, value: T) {
        // SAFETY: not NULL, and writable by the caller's contract.
        unsafe { self.0.as_ptr().write(value) }
    }
}
