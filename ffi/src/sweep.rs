//! The columnar sweep for C hosts: leads as arrays (stage codes, Unix
//! seconds), answered into a caller-owned array of due rows. Nothing is
//! allocated for the caller, so there is nothing to free.

use std::slice;

use leadrules::LeadColumns;

use crate::engine::{engine_arg, leadrules_engine};
use crate::error::Failure;
use crate::guard;
use crate::status::leadrules_status;
use crate::strings::str_arg;

/// An absent time in a column (`INT64_MIN`, as NumPy's NaT): a lead with no
/// `created_at`, an `expires_at` the host did not set.
pub const LEADRULES_NO_TIME: i64 = i64::MIN;

/// The leads of one workflow as arrays of `rows` entries each. The
/// optional arrays may be NULL (no such column). The caller owns the struct
/// and its arrays; a call reads them during the call only.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct leadrules_lead_columns {
    /// Each lead's stage code, from `leadrules_engine_stage_code`.
    pub stages: *const u32,
    /// Creation times, Unix seconds (`LEADRULES_NO_TIME` where absent).
    pub created_at: *const i64,
    /// Host-set deadlines, or NULL.
    pub expires_at: *const i64,
    /// Acceptance times, or NULL.
    pub accepted_at: *const i64,
    /// Reassignment times, or NULL.
    pub reassigned_at: *const i64,
    /// Template codes from `leadrules_engine_template_code`, or NULL (every
    /// lead uses `default`).
    pub templates: *const u32,
    /// The number of leads (entries in each array).
    pub rows: usize,
}

/// Which leads are due at `now` (Unix seconds) and the earliest deadline
/// still to come; the same answers as the JSON `sweep`.
///
/// The indexes of the due rows, ascending, are written to `due_rows_out`,
/// an array the caller owns with room for `columns->rows` entries, and
/// their number to `*due_count_out`. `*next_deadline_out` receives the next
/// deadline in Unix seconds, or `LEADRULES_NO_TIME` when none is to come.
/// Errors name the column and row in `leadrules_last_error_path()`
/// (`created_at[7]`): `LEADRULES_STATUS_INVALID_REQUEST` for an unknown
/// stage code, a missing, out-of-range or inconsistent time (a time
/// outside the years 0000-9999 is refused in every column, on every row);
/// `LEADRULES_STATUS_UNKNOWN_TEMPLATE`, `..._UNKNOWN_WORKFLOW`. A `now`
/// outside the years 0000-9999 (`LEADRULES_NO_TIME` and `INT64_MAX`
/// included) is `LEADRULES_STATUS_INVALID_TIMESTAMP` at path `now`, as the
/// JSON `sweep` refuses it. A NULL
/// required pointer is `..._NULL_ARGUMENT` (arrays may be NULL when
/// `rows` is 0); a misaligned array is `..._INVALID_PARAMETER`. Nothing is
/// written on failure.
///
/// Ownership: `engine`, `workflow`, `columns` and its arrays are borrowed
/// for the duration of the call only; the library keeps no pointer to
/// them. `due_rows_out`, `*due_count_out` and `*next_deadline_out` are
/// caller storage; the library allocates nothing for the caller, so there
/// is nothing to free.
///
/// NULL: a NULL `engine`, `workflow`, `columns`, `due_rows_out`,
/// `due_count_out` or `next_deadline_out` is
/// `LEADRULES_STATUS_NULL_ARGUMENT`; `columns->stages` and
/// `columns->created_at` may be NULL only when `rows` is 0, the other
/// arrays whenever the column is absent.
///
/// Threads: any number of threads may sweep one engine at once, each into
/// its own `due_rows_out`.
///
/// # Safety
/// `engine` must be NULL or a live engine; `workflow` NULL or
/// `workflow_len` readable bytes; `columns` NULL or valid, each non-NULL
/// array in it `rows` readable entries; `due_rows_out` NULL or `rows`
/// writable entries; the other out-params NULL or writable.
#[no_mangle]
#[allow(clippy::too_many_arguments, reason = "a C signature: inputs, then out-params")]
pub unsafe extern "C" fn leadrules_engine_sweep_columns(
    engine: *const leadrules_engine,
    workflow: *const u8,
    workflow_len: usize,
    columns: *const leadrules_lead_columns,
    now: i64,
    due_rows_out: *mut usize,
    due_count_out: *mut usize,
    next_deadline_out: *mut i64,
) -> leadrules_status {
    guard::status(|| {
        // SAFETY: the caller guarantees a live engine or NULL.
        let engine = unsafe { engine_arg(engine) }?.core();
        // SAFETY: the caller guarantees `workflow_len` bytes at `workflow`.
        let workflow = unsafe { str_arg(workflow, workflow_len, "workflow") }?;
        // SAFETY: the caller guarantees `columns` is NULL or valid to read.
        let columns = unsafe { columns.as_ref() }.ok_or_else(|| Failure::null("columns"))?;
        for (out, name) in [
            (due_rows_out.is_null(), "due_rows_out"),
            (due_count_out.is_null(), "due_count_out"),
            (next_deadline_out.is_null(), "next_deadline_out"),
        ] {
            if out {
                return Err(Failure::null(name));
            }
        }
        let rows = columns.rows;
        // SAFETY: the caller guarantees `rows` readable entries behind each
        // non-NULL array of `columns`.
        let lead_columns = unsafe { lead_columns(columns) }?;
        if !due_rows_out.is_aligned() {
            return Err(Failure::invalid("`due_rows_out` is not aligned for size_t"));
        }
        let swept = engine.sweep_columns(workflow, &lead_columns, now)?;
        // SAFETY: `due_rows_out` is aligned, not NULL, and the caller
        // guarantees room for `rows` entries; there are at most `rows` due.
        let due = unsafe { slice::from_raw_parts_mut(due_rows_out, rows) };
        due.iter_mut()
            .zip(&swept.due)
            .for_each(|(slot, row)| *slot = *row);
        // SAFETY: both are non-NULL and the caller guarantees them writable.
        unsafe {
            due_count_out.write(swept.due.len());
            next_deadline_out.write(swept.next_deadline.unwrap_or(LEADRULES_NO_TIME));
        }
        Ok(())
    })
}

/// The code of `stage` in `workflow`, for `leadrules_lead_columns.stages`.
/// `LEADRULES_STATUS_UNKNOWN_WORKFLOW` (path `workflow`) or
/// `..._UNKNOWN_STAGE` (path `stage`) when either is not known. Use the
/// code only with the engine that answered it.
///
/// Ownership: `engine`, `workflow` and `stage` are borrowed for the
/// duration of the call only; `*code_out` is caller storage, written on
/// success. Nothing to free.
///
/// NULL: a NULL `engine`, `workflow`, `stage` (even with length 0) or
/// `code_out` is `LEADRULES_STATUS_NULL_ARGUMENT`.
///
/// Threads: any number of threads may ask one engine at once.
///
/// # Safety
/// `engine` NULL or live; `workflow` / `stage` NULL or their lengths of
/// readable bytes; `code_out` NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn leadrules_engine_stage_code(
    engine: *const leadrules_engine,
    workflow: *const u8,
    workflow_len: usize,
    stage: *const u8,
    stage_len: usize,
    code_out: *mut u32,
) -> leadrules_status {
    guard::status(|| {
        // SAFETY: the caller guarantees a live engine or NULL.
        let engine = unsafe { engine_arg(engine) }?.core();
        // SAFETY: the caller guarantees the lengths of readable bytes.
        let workflow = unsafe { str_arg(workflow, workflow_len, "workflow") }?;
        // SAFETY: as above.
        let stage = unsafe { str_arg(stage, stage_len, "stage") }?;
        if code_out.is_null() {
            return Err(Failure::null("code_out"));
        }
        let code = engine.require_stage_code(workflow, stage)?;
        // SAFETY: `code_out` is not NULL and the caller guarantees it writable.
        unsafe { code_out.write(code) };
        Ok(())
    })
}

/// The code of an expiry template, for `leadrules_lead_columns.templates`;
/// `LEADRULES_STATUS_UNKNOWN_TEMPLATE` (path `template`, as in Python) for
/// a name the policy lacks. Use the code only with the engine that
/// answered it.
///
/// Ownership: `engine` and `name` are borrowed for the duration of the call
/// only; `*code_out` is caller storage, written on success. Nothing to
/// free.
///
/// NULL: a NULL `engine`, `name` (even with length 0) or `code_out` is
/// `LEADRULES_STATUS_NULL_ARGUMENT`.
///
/// Threads: any number of threads may ask one engine at once.
///
/// # Safety
/// `engine` NULL or live; `name` NULL or `name_len` readable bytes;
/// `code_out` NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn leadrules_engine_template_code(
    engine: *const leadrules_engine,
    name: *const u8,
    name_len: usize,
    code_out: *mut u32,
) -> leadrules_status {
    guard::status(|| {
        // SAFETY: the caller guarantees a live engine or NULL.
        let engine = unsafe { engine_arg(engine) }?.core();
        // SAFETY: the caller guarantees `name_len` readable bytes.
        let name = unsafe { str_arg(name, name_len, "name") }?;
        if code_out.is_null() {
            return Err(Failure::null("code_out"));
        }
        let code = engine.require_template_code(name)?;
        // SAFETY: `code_out` is not NULL and the caller guarantees it writable.
        unsafe { code_out.write(code) };
        Ok(())
    })
}

/// The arrays of `columns` as slices.
///
/// # Safety
/// Each non-NULL array must hold `columns.rows` readable entries.
unsafe fn lead_columns(columns: &leadrules_lead_columns) -> Result<LeadColumns<'_>, Failure> {
    let rows = columns.rows;
    // SAFETY: each call forwards the caller's guarantee for one array.
    unsafe {
        Ok(LeadColumns {
            stages: column(columns.stages, rows, "columns.stages")?,
            created_at: column(columns.created_at, rows, "columns.created_at")?,
            expires_at: optional_column(columns.expires_at, rows, "columns.expires_at")?,
            accepted_at: optional_column(columns.accepted_at, rows, "columns.accepted_at")?,
            reassigned_at: optional_column(columns.reassigned_at, rows, "columns.reassigned_at")?,
            templates: optional_column(columns.templates, rows, "columns.templates")?,
        })
    }
}

/// A required column: `rows` entries at `ptr` (NULL allowed only when
/// `rows` is 0).
///
/// # Safety
/// A non-NULL `ptr` must point to `rows` readable entries valid for `'a`.
unsafe fn column<'a, T>(ptr: *const T, rows: usize, name: &str) -> Result<&'a [T], Failure> {
    if ptr.is_null() {
        return if rows == 0 {
            Ok(&[])
        } else {
            Err(Failure::null(name))
        };
    }
    // SAFETY: forwarded to the caller.
    unsafe { optional_column(ptr, rows, name) }.map(Option::unwrap_or_default)
}

/// An optional column: `None` for NULL.
///
/// # Safety
/// As for [`column`].
unsafe fn optional_column<'a, T>(ptr: *const T, rows: usize, name: &str) -> Result<Option<&'a [T]>, Failure> {
    if ptr.is_null() {
        return Ok(None);
    }
    if !ptr.is_aligned() {
        return Err(Failure::invalid(format!("`{name}` is not aligned for its type")));
    }
    if rows
        .checked_mul(size_of::<T>())
        .is_none_or(|bytes| bytes > isize::MAX as usize)
    {
        return Err(Failure::invalid(format!(
            "`{name}` is longer than isize::MAX bytes"
        )));
    }
    // SAFETY: not NULL, aligned, within isize::MAX bytes; the caller
    // guarantees `rows` readable entries for `'a`.
    Ok(Some(unsafe { slice::from_raw_parts(ptr, rows) }))
}
