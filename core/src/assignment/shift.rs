//! Working hours of pool members: the hook through which a member's
//! `calendar` makes it `off_shift`. The policy defines no calendars yet,
//! so every calendar a member names is unknown (`unknown_calendar`, at the
//! member's `calendar`), and no member is ever off shift; once calendars
//! exist, these two functions look them up and ask whether one is open at
//! `now`.

use crate::error::{Error, ErrorCode};
use crate::time::Timestamp;

/// `unknown_calendar` at `path` unless the policy defines `calendar`.
pub(crate) fn require_calendar(calendar: &str, path: impl FnOnce() -> String) -> Result<(), Error> {
    Err(Error::new(
        ErrorCode::UnknownCalendar,
        path(),
        format!("unknown calendar `{calendar}`"),
    ))
}

/// Whether a member with `calendar` is off shift at `now`. Only calendars
/// [`require_calendar`] accepted reach here.
pub(crate) fn off_shift(calendar: Option<&str>, now: Option<Timestamp>) -> bool {
    let _ = (calendar, now);
    false
}
