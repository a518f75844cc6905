//! The SLA clock for C hosts: the typed form of the JSON `sla` request,
//! instants and durations as seconds, the answer in a plain struct.
//! `Engine::sla` answers and refuses, at the protocol's paths.

use leadrules::hours::{Pause, SlaAnswer};

use crate::assign_input::array;
use crate::calendar::out_arg;
use crate::engine::{engine_arg, leadrules_engine};
use crate::guard;
use crate::status::leadrules_status;
use crate::strings::str_arg;

/// One pause of an SLA clock: `[from, to)` in Unix seconds, the
/// `paused[i]` of the JSON request. The clock does not run inside it;
/// pauses may overlap each other and closed hours.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct leadrules_pause {
    /// When the clock stopped.
    pub from: i64,
    /// When it ran again (read only when `ongoing` is false).
    pub to: i64,
    /// The pause still lasts (the JSON `"to": null`): the clock stays
    /// stopped from `from` on, and `to` is not read. A zeroed struct is a
    /// pause that ended.
    pub ongoing: bool,
}

/// The state of an SLA clock at `now`, as the JSON `sla` answer gives it:
/// instants in Unix seconds, durations in seconds, and a `has_*` flag for
/// each instant the JSON answer may give as `null`. Plain values: nothing
/// to free.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct leadrules_sla {
    /// Whether `due_at` is set (JSON `due_at` not null): false when a
    /// pause that never ends begins before the target is used up, or no
    /// instant before the end of year 9999 reaches it.
    pub has_due_at: bool,
    /// When the target is used up (start plus the target in open,
    /// unpaused time); 0 when `has_due_at` is false.
    pub due_at: i64,
    /// Open, unpaused seconds in `[start, now)` (0 when `start` is after
    /// `now`).
    pub elapsed: i64,
    /// The target less `elapsed`, at least 0.
    pub remaining: i64,
    /// `elapsed >= target` (so a target of 0 is breached at once).
    pub breached: bool,
    /// Whether the calendar is open at `now`.
    pub open_now: bool,
    /// Whether `next_open` is set (JSON `next_open` not null): false when
    /// the calendar does not open within 400 days of 24 hours of `now`.
    pub has_next_open: bool,
    /// The first instant at or after `now` at which the calendar is open
    /// (`now` itself when open then); 0 when `has_next_open` is false.
    pub next_open: i64,
}

impl From<SlaAnswer> for leadrules_sla {
    fn from(answer: SlaAnswer) -> leadrules_sla {
        leadrules_sla {
            has_due_at: answer.due_at.is_some(),
            due_at: answer.due_at.unwrap_or(0),
            elapsed: answer.elapsed,
            remaining: answer.remaining,
            breached: answer.breached,
            open_now: answer.open_now,
            has_next_open: answer.next_open.is_some(),
            next_open: answer.next_open.unwrap_or(0),
        }
    }
}

/// The SLA clock of the policy calendar `calendar` that started at
/// `start` with `target` seconds of open time, paused by `pauses`, at
/// `now` (instants in Unix seconds): the typed form of the JSON `sla`
/// request, same rules, same answer, written to `*sla_out`.
///
/// Errors, in the order the JSON request's fields are read, each at the
/// JSON path: an unknown calendar is `LEADRULES_STATUS_UNKNOWN_CALENDAR`
/// at `calendar`; an instant outside the years 0000-9999 in UTC
/// (`-62167219200` to `253402300799`) `..._INVALID_TIMESTAMP` at `start`,
/// `now`, `paused[i].from` or `paused[i].to`; a negative `target`
/// `..._INVALID_REQUEST` at `target`; a pause whose `to` comes before its
/// `from` `..._INVALID_REQUEST` at `paused[i].to`. Nothing is written on
/// failure. The cost grows with the days the clock spans and, for the
/// pauses, as n log n (they are sorted and merged).
///
/// Ownership: `engine`, `calendar` and `pauses` are borrowed for the
/// duration of the call only. `*sla_out` is caller storage; it holds no
/// pointers. Nothing to free.
///
/// NULL: a NULL `engine`, `calendar` or `sla_out` is
/// `LEADRULES_STATUS_NULL_ARGUMENT`; `pauses` may be NULL only when
/// `pause_count` is 0. `calendar` that is not UTF-8 is `..._INVALID_UTF8`,
/// a misaligned `pauses` `..._INVALID_PARAMETER`.
///
/// Threads: any number of threads may ask one engine at once.
///
/// # Safety
/// `engine` must be NULL or a live engine; `calendar` NULL or
/// `calendar_len` readable bytes; `pauses` NULL or `pause_count` readable
/// entries; `sla_out` NULL or writable.
#[no_mangle]
#[allow(
    clippy::too_many_arguments,
    reason = "a C signature: the request's fields, then the out-param"
)]
pub unsafe extern "C" fn leadrules_engine_sla(
    engine: *const leadrules_engine,
    calendar: *const u8,
    calendar_len: usize,
    start: i64,
    target: i64,
    now: i64,
    pauses: *const leadrules_pause,
    pause_count: usize,
    sla_out: *mut leadrules_sla,
) -> leadrules_status {
    guard::status(|| {
        // SAFETY: the caller guarantees a live engine or NULL.
        let engine = unsafe { engine_arg(engine) }?.core();
        // SAFETY: the caller guarantees `calendar_len` bytes at `calendar`.
        let calendar = unsafe { str_arg(calendar, calendar_len, "calendar") }?;
        // SAFETY: the caller guarantees `pause_count` readable entries;
        // `array` checks NULL (only with 0), alignment and size.
        let pauses = unsafe { array(pauses, pause_count, || "pauses".to_owned()) }?;
        let out = out_arg(sla_out, "sla_out")?;
        let pauses: Vec<Pause> = pauses
            .iter()
            .map(|p| Pause {
                from: p.from,
                to: (!p.ongoing).then_some(p.to),
            })
            .collect();
        let answer = engine.sla(calendar, start, target, now, &pauses)?;
        // SAFETY: checked not NULL and aligned; the caller guarantees it
        // writable.
        unsafe { out.write(answer.into()) };
        Ok(())
    })
}
