//! Business hours for C hosts: a policy calendar looked up once by name,
//! then asked in Unix seconds (open time between two instants, adding
//! open time, whether it is open, the next opening), no JSON. Core's
//! `BusinessHours` answers; core's checks refuse what the protocol
//! refuses (an instant outside the years 0000-9999, negative open time).

use leadrules::hours::BusinessHours;
use leadrules::{require_open_seconds, require_unix_instant};

use crate::engine::{engine_arg, leadrules_engine};
use crate::error::Failure;
use crate::guard;
use crate::status::leadrules_status;
use crate::strings::str_arg;

/// A policy calendar (its business hours, compiled), borrowed from its
/// engine.
///
/// Opaque. `leadrules_engine_calendar` hands one out; it stays valid, and
/// unchanged, until `leadrules_engine_free` on that engine, and is never
/// freed on its own. Every call only reads it, so one calendar may be
/// asked from many threads at once.
pub struct leadrules_calendar {
    // Never built: a `*const leadrules_calendar` is a `*const
    // BusinessHours` under a C name, cast back before it is read.
    _hours: BusinessHours,
}

/// The handle C holds for `hours`.
fn handle(hours: &BusinessHours) -> *const leadrules_calendar {
    std::ptr::from_ref(hours).cast()
}

/// The calendar behind a handle; NULL is `NULL_ARGUMENT`.
///
/// # Safety
/// `calendar` must be NULL or a handle from `leadrules_engine_calendar`
/// whose engine is live.
pub(crate) unsafe fn calendar_arg<'a>(
    calendar: *const leadrules_calendar,
) -> Result<&'a BusinessHours, Failure> {
    // SAFETY: a handle is a `BusinessHours` pointer (see `handle`), live
    // while its engine is, as the caller guarantees; only read.
    unsafe { calendar.cast::<BusinessHours>().as_ref() }.ok_or_else(|| Failure::null("calendar"))
}

/// `out` checked: not NULL and aligned for `T`, named `name` otherwise.
pub(crate) fn out_arg<T>(out: *mut T, name: &str) -> Result<*mut T, Failure> {
    if out.is_null() {
        return Err(Failure::null(name));
    }
    if !out.is_aligned() {
        return Err(Failure::invalid(format!("`{name}` is not aligned for its type")));
    }
    Ok(out)
}

/// The policy calendar `name` (a key of the config's
/// `policy.calendars`), written to `*calendar_out`: look it up once, then
/// ask it with the `leadrules_calendar_*` calls.
///
/// An unknown name is `LEADRULES_STATUS_UNKNOWN_CALENDAR` at path
/// `calendar`, as the JSON `sla` request answers it; nothing is written on
/// failure.
///
/// Ownership: `engine` and `name` are borrowed for the duration of the
/// call only. `*calendar_out` is caller storage; the calendar written
/// there is borrowed from the engine: valid until `leadrules_engine_free`
/// on that engine; never free it.
///
/// NULL: a NULL `engine`, `name` or `calendar_out` is
/// `LEADRULES_STATUS_NULL_ARGUMENT`; `name` that is not UTF-8 is
/// `..._INVALID_UTF8`.
///
/// Threads: any number of threads may look up and ask calendars of one
/// engine at once.
///
/// # Safety
/// `engine` must be NULL or a live engine; `name` NULL or `name_len`
/// readable bytes; `calendar_out` NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn leadrules_engine_calendar(
    engine: *const leadrules_engine,
    name: *const u8,
    name_len: usize,
    calendar_out: *mut *const leadrules_calendar,
) -> leadrules_status {
    guard::status(|| {
        // SAFETY: the caller guarantees a live engine or NULL.
        let engine = unsafe { engine_arg(engine) }?.core();
        // SAFETY: the caller guarantees `name_len` bytes at `name`.
        let name = unsafe { str_arg(name, name_len, "name") }?;
        let out = out_arg(calendar_out, "calendar_out")?;
        let hours = engine.calendar(name)?.hours();
        // SAFETY: checked not NULL and aligned; the caller guarantees it
        // writable.
        unsafe { out.write(handle(hours)) };
        Ok(())
    })
}

/// The open time in `[from, to)`, in seconds, written to `*seconds_out`
/// (0 when `to` is not after `from`). Instants are Unix seconds.
///
/// Errors: an instant outside the years 0000-9999 in UTC
/// (`-62167219200` to `253402300799`) is
/// `LEADRULES_STATUS_INVALID_TIMESTAMP` at its parameter's name (`from`,
/// `to`); nothing is written on failure.
///
/// Ownership: `calendar` is borrowed from its engine; `*seconds_out` is
/// caller storage. Nothing to free.
///
/// NULL: a NULL `calendar` or `seconds_out` is
/// `LEADRULES_STATUS_NULL_ARGUMENT`.
///
/// Threads: any number of threads may ask one calendar at once.
///
/// # Safety
/// `calendar` must be NULL or a calendar of a live engine; `seconds_out`
/// NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn leadrules_calendar_open_between(
    calendar: *const leadrules_calendar,
    from: i64,
    to: i64,
    seconds_out: *mut i64,
) -> leadrules_status {
    guard::status(|| {
        // SAFETY: the caller guarantees a calendar of a live engine or NULL.
        let hours = unsafe { calendar_arg(calendar) }?;
        let from = require_unix_instant(from, "from")?;
        let to = require_unix_instant(to, "to")?;
        let out = out_arg(seconds_out, "seconds_out")?;
        let open = hours.open_between(from, to);
        // SAFETY: checked not NULL and aligned; the caller guarantees it
        // writable.
        unsafe { out.write(open) };
        Ok(())
    })
}

/// Adds `open` seconds of open time to `from`: the earliest instant `t >=
/// from` with `open` seconds of open time in `[from, t)` (a deadline used
/// up exactly at closing time is that closing time; 0 gives `from`),
/// written to `*due_out` with `*reached_out` true. When no such instant
/// comes before the end of year 9999, `*reached_out` is false and
/// `*due_out` 0: a success, not an error.
///
/// Errors: `from` outside the years 0000-9999 in UTC is
/// `LEADRULES_STATUS_INVALID_TIMESTAMP` at `from`; a negative `open` is
/// `..._INVALID_REQUEST` at `open`; nothing is written on failure.
///
/// Ownership: `calendar` is borrowed from its engine; `*reached_out` and
/// `*due_out` are caller storage. Nothing to free.
///
/// NULL: a NULL `calendar`, `reached_out` or `due_out` is
/// `LEADRULES_STATUS_NULL_ARGUMENT`.
///
/// Threads: any number of threads may ask one calendar at once.
///
/// # Safety
/// `calendar` must be NULL or a calendar of a live engine; `reached_out`
/// and `due_out` NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn leadrules_calendar_add(
    calendar: *const leadrules_calendar,
    from: i64,
    open: i64,
    reached_out: *mut bool,
    due_out: *mut i64,
) -> leadrules_status {
    guard::status(|| {
        // SAFETY: the caller guarantees a calendar of a live engine or NULL.
        let hours = unsafe { calendar_arg(calendar) }?;
        let from = require_unix_instant(from, "from")?;
        let open = require_open_seconds(open, "open")?;
        let reached = out_arg(reached_out, "reached_out")?;
        let due = out_arg(due_out, "due_out")?;
        let answer = hours.add(from, open);
        // SAFETY: both checked not NULL and aligned; the caller guarantees
        // them writable.
        unsafe {
            reached.write(answer.is_some());
            due.write(answer.unwrap_or(0));
        }
        Ok(())
    })
}

/// Whether the calendar is open at `at` (Unix seconds), written to
/// `*open_out`.
///
/// Errors: `at` outside the years 0000-9999 in UTC is
/// `LEADRULES_STATUS_INVALID_TIMESTAMP` at `at`; nothing is written on
/// failure.
///
/// Ownership: `calendar` is borrowed from its engine; `*open_out` is
/// caller storage. Nothing to free.
///
/// NULL: a NULL `calendar` or `open_out` is
/// `LEADRULES_STATUS_NULL_ARGUMENT`.
///
/// Threads: any number of threads may ask one calendar at once.
///
/// # Safety
/// `calendar` must be NULL or a calendar of a live engine; `open_out` NULL
/// or writable.
#[no_mangle]
pub unsafe extern "C" fn leadrules_calendar_is_open(
    calendar: *const leadrules_calendar,
    at: i64,
    open_out: *mut bool,
) -> leadrules_status {
    guard::status(|| {
        // SAFETY: the caller guarantees a calendar of a live engine or NULL.
        let hours = unsafe { calendar_arg(calendar) }?;
        let at = require_unix_instant(at, "at")?;
        let out = out_arg(open_out, "open_out")?;
        let open = hours.is_open(at);
        // SAFETY: checked not NULL and aligned; the caller guarantees it
        // writable.
        unsafe { out.write(open) };
        Ok(())
    })
}

/// The first instant at or after `at` (Unix seconds) at which the
/// calendar is open (`at` itself when it is open then), written to
/// `*next_out` with `*opens_out` true. When it does not open within 400
/// days of 24 hours (or before the end of year 9999), `*opens_out` is
/// false and `*next_out` 0: a success, not an error.
///
/// Errors: `at` outside the years 0000-9999 in UTC is
/// `LEADRULES_STATUS_INVALID_TIMESTAMP` at `at`; nothing is written on
/// failure.
///
/// Ownership: `calendar` is borrowed from its engine; `*opens_out` and
/// `*next_out` are caller storage. Nothing to free.
///
/// NULL: a NULL `calendar`, `opens_out` or `next_out` is
/// `LEADRULES_STATUS_NULL_ARGUMENT`.
///
/// Threads: any number of threads may ask one calendar at once.
///
/// # Safety
/// `calendar` must be NULL or a calendar of a live engine; `opens_out` and
/// `next_out` NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn leadrules_calendar_next_open(
    calendar: *const leadrules_calendar,
    at: i64,
    opens_out: *mut bool,
    next_out: *mut i64,
) -> leadrules_status {
    guard::status(|| {
        // SAFETY: the caller guarantees a calendar of a live engine or NULL.
        let hours = unsafe { calendar_arg(calendar) }?;
        let at = require_unix_instant(at, "at")?;
        let opens = out_arg(opens_out, "opens_out")?;
        let next = out_arg(next_out, "next_out")?;
        let answer = hours.next_open(at);
        // SAFETY: both checked not NULL and aligned; the caller guarantees
        // them writable.
        unsafe {
            opens.write(answer.is_some());
            next.write(answer.unwrap_or(0));
        }
        Ok(())
    })
}
