//! Working hours of pool members: a member that names a policy calendar
//! is `off_shift` when that calendar is closed at `now`. A calendar the
//! policy does not define is `unknown_calendar` at the member's
//! `calendar`; `now` is then required (`invalid_request` at `now`).

use crate::error::{Error, ErrorCode};
use crate::hours::Calendars;
use crate::time::Timestamp;

/// `unknown_calendar` at `path` unless the policy defines `calendar`.
pub(crate) fn require_calendar(
    calendars: &Calendars,
    calendar: &str,
    path: impl FnOnce() -> String,
) -> Result<(), Error> {
    if calendars.contains_key(calendar) {
        return Ok(());
    }
    Err(Error::new(
        ErrorCode::UnknownCalendar,
        path(),
        format!("unknown calendar `{calendar}`"),
    ))
}

/// `invalid_request` at `now` when a member names a calendar and the
/// question gives no time to judge it at.
pub(crate) fn require_now(now: Option<Timestamp>) -> Result<(), Error> {
    match now {
        Some(_) => Ok(()),
        None => Err(Error::new(
            ErrorCode::InvalidRequest,
            "now",
            "missing `now`: a member names a calendar, which is judged at `now`",
        )),
    }
}

/// Whether a member with `calendar` is off shift at `now`: its calendar
/// is closed then (whole seconds). Only calendars [`require_calendar`]
/// accepted, with a `now` [`require_now`] accepted, reach here.
pub(crate) fn off_shift(calendars: &Calendars, calendar: Option<&str>, now: Option<Timestamp>) -> bool {
    match (calendar.and_then(|name| calendars.get(name)), now) {
        (Some(hours), Some(now)) => !hours.is_open(now.timestamp()),
        _ => false,
    }
}
