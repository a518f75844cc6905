//! The engine's business-hours questions (docs/rules.md#business-hours):
//! a policy calendar looked up by name, and the SLA clock asked of it. A
//! facade beside `engine.rs`: the arithmetic is `hours/`.

use crate::engine::Engine;
use crate::error::{Error, ErrorCode};
use crate::hours::{BusinessHours, Calendar, Pause, SlaAnswer};
use crate::time::{require_unix_instant, TIME_RANGE};

impl Engine {
    /// The policy calendar `name`, or `unknown_calendar` at `path`.
    pub fn require_calendar(&self, name: &str, path: &str) -> Result<&BusinessHours, Error> {
        self.policy
            .calendars
            .get(name)
            .map(|hours| &**hours)
            .ok_or_else(|| {
                Error::new(
                    ErrorCode::UnknownCalendar,
                    path,
                    format!("unknown calendar `{name}`"),
                )
            })
    }

    /// The policy calendar `name` as a typed handle (open time between
    /// timestamps, adding open time, the next opening), or
    /// `unknown_calendar` at `calendar`.
    pub fn calendar(&self, name: &str) -> Result<Calendar<'_>, Error> {
        self.require_calendar(name, "calendar").map(Calendar::new)
    }

    /// The SLA clock of calendar `calendar` that started at `start` (Unix
    /// seconds) with `target` seconds of open time, paused by `pauses`,
    /// at `now`. Errors, in the order the protocol reads the fields:
    /// `unknown_calendar` (path `calendar`); `invalid_timestamp` for an
    /// instant outside the years 0000–9999 (`start`, `now`,
    /// `paused[i].from`, `paused[i].to`); `invalid_request` for a negative
    /// target (`target`) or a pause that ends before it begins
    /// (`paused[i].to`).
    pub fn sla(
        &self,
        calendar: &str,
        start: i64,
        target: i64,
        now: i64,
        pauses: &[Pause],
    ) -> Result<SlaAnswer, Error> {
        let hours = self.require_calendar(calendar, "calendar")?;
        require_unix_instant(start, "start")?;
        if target < 0 {
            return Err(Error::new(
                ErrorCode::InvalidRequest,
                "target",
                "a target cannot be negative",
            ));
        }
        require_unix_instant(now, "now")?;
        check_pauses(pauses)?;
        Ok(hours.sla(start, target, now, pauses))
    }
}

/// The first bad pause: an instant outside the years 0000–9999
/// (`invalid_timestamp` at `paused[i].from` or `paused[i].to`), or an end
/// before the beginning (`invalid_request` at `paused[i].to`).
pub(crate) fn check_pauses(pauses: &[Pause]) -> Result<(), Error> {
    for (i, pause) in pauses.iter().enumerate() {
        instant_at(pause.from, || format!("paused[{i}].from"))?;
        let Some(to) = pause.to else { continue };
        instant_at(to, || format!("paused[{i}].to"))?;
        if to < pause.from {
            return Err(Error::new(
                ErrorCode::InvalidRequest,
                format!("paused[{i}].to"),
                "a pause cannot end before it begins",
            ));
        }
    }
    Ok(())
}

/// [`require_unix_instant`] with its path written only on failure (a
/// request may carry many pauses).
fn instant_at(seconds: i64, path: impl FnOnce() -> String) -> Result<(), Error> {
    if (TIME_RANGE.0..=TIME_RANGE.1).contains(&seconds) {
        return Ok(());
    }
    require_unix_instant(seconds, &path()).map(drop)
}
