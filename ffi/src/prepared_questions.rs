//! The questions asked with prepared facts: the typed transfer and edit
//! checks, a transition and the actions of a workflow lead, answered into
//! the verdict structs of the typed record calls. A handle of another
//! engine is `LEADRULES_STATUS_FOREIGN_HANDLE`, core's error.

use leadrules::{require_unix_now, Reason, Route};

use crate::assign_input::array_mut;
use crate::edit::leadrules_verdict;
use crate::engine::leadrules_engine;
use crate::error::Failure;
use crate::guard;
use crate::prepared::{leadrules_prepared_actor, leadrules_prepared_lead, leadrules_prepared_workflow_lead};
use crate::prepared_args::{asked, core, handles, Out};
use crate::status::leadrules_status;
use crate::strings::str_arg;
use crate::transfer::{
    fill_reasons, leadrules_transfer_verdict, org_param, transfer_verdict, LEADRULES_MAX_REASONS,
    LEADRULES_NO_ORG,
};

/// A verdict of `reasons`.
pub(crate) fn verdict(reasons: &[Reason<'_>]) -> leadrules_verdict {
    let mut answer = leadrules_verdict {
        allowed: reasons.is_empty(),
        reason_count: 0,
        reasons: [0; LEADRULES_MAX_REASONS],
        reason_orgs: [LEADRULES_NO_ORG; LEADRULES_MAX_REASONS],
    };
    answer.reason_count = fill_reasons(reasons, &mut answer.reasons, &mut answer.reason_orgs);
    answer
}

/// `leadrules_engine_check_transfer` with prepared facts: may `actor` move
/// `lead` to the org `to` (an index) by `route`? Same rules, same verdict.
///
/// Errors: a NULL `engine`, `actor`, `lead` or `verdict_out` is
/// `LEADRULES_STATUS_NULL_ARGUMENT`; an unknown route or org index
/// `..._INVALID_PARAMETER`; a handle made by another engine
/// `..._FOREIGN_HANDLE` at `actor` / `lead`; an actor whose org is not in
/// the directory `..._UNKNOWN_ORG` (or `..._INVALID_REQUEST` with none) at
/// `actor.org`. On success `*verdict_out` is written.
///
/// Ownership: every argument is borrowed for the call only; the verdict is
/// caller storage with nothing to free.
///
/// NULL: a NULL argument is `LEADRULES_STATUS_NULL_ARGUMENT` naming it.
///
/// Threads: any number at once.
///
/// # Safety
/// `engine` must be NULL or a live engine, `actor` and `lead` NULL or live
/// handles, `verdict_out` NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn leadrules_engine_check_transfer_prepared(
    engine: *const leadrules_engine,
    route: u32,
    actor: *const leadrules_prepared_actor,
    lead: *const leadrules_prepared_lead,
    to: u32,
    verdict_out: *mut leadrules_transfer_verdict,
) -> leadrules_status {
    guard::status(|| {
        // SAFETY: the caller guarantees a live engine or NULL.
        let engine = unsafe { core(engine) }?;
        let route = Route::from_number(route).ok_or_else(|| {
            Failure::invalid(format!(
                "`route` is {route}; expected LEADRULES_ROUTE_HANDOVER (1) or LEADRULES_ROUTE_CROSS_SILO (2)"
            ))
        })?;
        // SAFETY: the caller guarantees live handles or NULL.
        let (actor, lead) = unsafe { handles(actor, lead) }?;
        let out = Out::arg(verdict_out, "verdict_out")?;
        let to = org_param(engine, to, "to")?;
        let answer = transfer_verdict(&engine.transfer_prepared(route, &actor.actor, &lead.lead, to)?);
        // SAFETY: the caller guarantees it is writable.
        unsafe { out.write(answer) };
        Ok(())
    })
}

/// `leadrules_engine_check_edit` with prepared facts: may `actor` update
/// `lead`? Same rules, same verdict; a lead handed over to sales that
/// names no creator is `LEADRULES_STATUS_INVALID_REQUEST` at
/// `lead.creator`, as the record call answers.
///
/// Ownership: every argument is borrowed for the call only; the verdict is
/// caller storage with nothing to free.
///
/// NULL: a NULL argument is `LEADRULES_STATUS_NULL_ARGUMENT` naming it.
///
/// Threads: any number at once.
///
/// # Safety
/// `engine` must be NULL or a live engine, `actor` and `lead` NULL or live
/// handles, `verdict_out` NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn leadrules_engine_check_edit_prepared(
    engine: *const leadrules_engine,
    actor: *const leadrules_prepared_actor,
    lead: *const leadrules_prepared_lead,
    verdict_out: *mut leadrules_verdict,
) -> leadrules_status {
    guard::status(|| {
        // SAFETY: the caller guarantees a live engine and live handles, or NULL.
        let (engine, actor, lead) = unsafe { asked(engine, actor, lead) }?;
        let out = Out::arg(verdict_out, "verdict_out")?;
        let answer = verdict(&engine.edit_prepared(&actor.actor, &lead.lead)?.reasons);
        // SAFETY: the caller guarantees it is writable.
        unsafe { out.write(answer) };
        Ok(())
    })
}

/// May `actor` take `action` (a name, `action_len` bytes) on `lead` at
/// `now` (Unix seconds, `LEADRULES_NO_TIME` for none)? The typed form of
/// the JSON `transition` request without form fields (an action that
/// requires fields is denied `missing_field`, as the JSON entry denies
/// it; send fields through `leadrules_engine_decide`). The verdict holds
/// the reason codes; their orgs are `LEADRULES_NO_ORG`.
///
/// Errors: NULL pointers `..._NULL_ARGUMENT`; an action the workflow does
/// not have `..._UNKNOWN_ACTION` at `action`; a foreign handle
/// `..._FOREIGN_HANDLE`; a `now` outside the years 0000-9999
/// `..._INVALID_TIMESTAMP` at `now`; a workflow that reads the time with
/// no `now`, or a lead missing a time its deadline needs,
/// `..._INVALID_REQUEST` at that field. On success `*verdict_out` is
/// written.
///
/// Ownership: every argument is borrowed for the call only; the verdict is
/// caller storage with nothing to free.
///
/// NULL: a NULL argument is `LEADRULES_STATUS_NULL_ARGUMENT` naming it.
///
/// Threads: any number at once.
///
/// # Safety
/// `engine` must be NULL or a live engine, `actor` and `lead` NULL or live
/// handles, `action` NULL or `action_len` readable bytes, `verdict_out`
/// NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn leadrules_engine_transition_prepared(
    engine: *const leadrules_engine,
    actor: *const leadrules_prepared_actor,
    lead: *const leadrules_prepared_workflow_lead,
    action: *const u8,
    action_len: usize,
    now: i64,
    verdict_out: *mut leadrules_verdict,
) -> leadrules_status {
    guard::status(|| {
        // SAFETY: the caller guarantees a live engine and live handles, or NULL.
        let (engine, actor, lead) = unsafe { asked(engine, actor, lead) }?;
        // SAFETY: the caller guarantees `action_len` bytes at `action` or NULL.
        let action = unsafe { str_arg(action, action_len, "action") }?;
        let out = Out::arg(verdict_out, "verdict_out")?;
        let now = require_unix_now(now)?;
        let decision = engine.transition_prepared(&actor.actor, &lead.lead, action, None, now)?;
        // SAFETY: the caller guarantees it is writable.
        unsafe { out.write(verdict(&decision.reasons)) };
        Ok(())
    })
}

/// Every action of `lead`'s workflow for `actor` at `now` (Unix seconds,
/// `LEADRULES_NO_TIME` for none): one verdict per action, in the
/// workflow's action order (`leadrules_engine_workflow_actions` names
/// them), each as the JSON `actions` answer has it (allowed, or its
/// reasons; form fields are not looked at).
///
/// Writes the first `min(capacity, count)` verdicts to `verdicts_out` and
/// the workflow's action count to `*count_out`, as `snprintf` does
/// (`capacity` 0 with a NULL `verdicts_out` asks only the count). Errors
/// as `leadrules_engine_transition_prepared` (no action to name);
/// nothing is written on failure.
///
/// Ownership: every argument is borrowed for the call only; the verdicts
/// and the count are caller storage.
///
/// NULL: a NULL `engine`, `actor`, `lead` or `count_out` is
/// `LEADRULES_STATUS_NULL_ARGUMENT`; `verdicts_out` may be NULL only when
/// `capacity` is 0.
///
/// Threads: any number at once.
///
/// # Safety
/// `engine` must be NULL or a live engine, `actor` and `lead` NULL or live
/// handles, `verdicts_out` NULL or `capacity` writable entries,
/// `count_out` NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn leadrules_engine_actions_prepared(
    engine: *const leadrules_engine,
    actor: *const leadrules_prepared_actor,
    lead: *const leadrules_prepared_workflow_lead,
    now: i64,
    verdicts_out: *mut leadrules_verdict,
    capacity: usize,
    count_out: *mut usize,
) -> leadrules_status {
    guard::status(|| {
        // SAFETY: the caller guarantees a live engine and live handles, or NULL.
        let (engine, actor, lead) = unsafe { asked(engine, actor, lead) }?;
        let count_out = Out::arg(count_out, "count_out")?;
        // SAFETY: the caller guarantees `capacity` writable entries or NULL.
        let out = unsafe { array_mut(verdicts_out, capacity, || "verdicts_out".to_owned()) }?;
        let now = require_unix_now(now)?;
        let options = engine.actions_prepared(&actor.actor, &lead.lead, now)?;
        let view = engine.require_workflow(lead.lead.workflow(), "workflow")?;
        let count = view.action_names().len();
        for option in &options {
            let Some(index) = view.action(option.action).map(|a| a.index()) else {
                continue;
            };
            if let Some(slot) = out.get_mut(index) {
                *slot = verdict(&option.reasons);
            }
        }
        // SAFETY: the caller guarantees it is writable.
        unsafe { count_out.write(count) };
        Ok(())
    })
}

/// The actions of `workflow`, in the order the action verdicts and the
/// list view's bits follow.
///
/// Writes the first `min(capacity, count)` names to `names_out` and the
/// action count to `*count_out`, as `snprintf` does (`capacity` 0 and a
/// NULL `names_out` ask only the count: with
/// `leadrules_engine_actions_many`, the words per lead are
/// `(count + 63) / 64`). An unknown workflow is
/// `LEADRULES_STATUS_UNKNOWN_WORKFLOW` at `workflow`; nothing is written
/// on failure.
///
/// Ownership: `engine` and `workflow` are borrowed for the call only. Each
/// name is borrowed from the engine, valid and unchanged until
/// `leadrules_engine_free`; never free it.
///
/// NULL: a NULL `engine`, `workflow` or `count_out` is
/// `LEADRULES_STATUS_NULL_ARGUMENT`; `names_out` may be NULL only when
/// `capacity` is 0.
///
/// Threads: any number at once.
///
/// # Safety
/// `engine` must be NULL or a live engine; `workflow` NULL or
/// `workflow_len` readable bytes; `names_out` NULL or `capacity` writable
/// entries; `count_out` NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn leadrules_engine_workflow_actions(
    engine: *const leadrules_engine,
    workflow: *const u8,
    workflow_len: usize,
    names_out: *mut leadrules_name,
    capacity: usize,
    count_out: *mut usize,
) -> leadrules_status {
    guard::status(|| {
        // SAFETY: the caller guarantees a live engine or NULL.
        let engine = unsafe { core(engine) }?;
        // SAFETY: the caller guarantees `workflow_len` bytes at `workflow` or NULL.
        let workflow = unsafe { str_arg(workflow, workflow_len, "workflow") }?;
        let count_out = Out::arg(count_out, "count_out")?;
        // SAFETY: the caller guarantees `capacity` writable entries or NULL.
        let out = unsafe { array_mut(names_out, capacity, || "names_out".to_owned()) }?;
        let view = engine.require_workflow(workflow, "workflow")?;
        let names = view.action_names();
        let count = names.len();
        for (slot, name) in out.iter_mut().zip(names) {
            *slot = leadrules_name {
                name: name.as_ptr(),
                name_len: name.len(),
            };
        }
        // SAFETY: the caller guarantees it is writable.
        unsafe { count_out.write(count) };
        Ok(())
    })
}

/// A name borrowed from the engine: UTF-8, `name_len` bytes, not
/// NUL-terminated, valid until `leadrules_engine_free`.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct leadrules_name {
    /// The first byte.
    pub name: *const u8,
    /// The length in bytes.
    pub name_len: usize,
}
