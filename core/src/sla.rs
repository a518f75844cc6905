//! The engine's business-hours questions (docs/rules.md#business-hours):
//! a policy calendar looked up by name, and the SLA clock asked of it. A
//! facade beside `engine.rs`: the arithmetic is `hours/`.

use crate::engine::Engine;
use crate::error::{Error, ErrorCode};
use crate::hours::{BusinessHours, Calendar, Pause, SlaAnswer};

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
    /// at `now`. Errors: `unknown_calendar` (path `calendar`), and
    /// `invalid_request` for a negative target (`target`) or a pause that
    /// ends before it begins (`paused[i].to`).
    pub fn sla(
        &self,
        calendar: &str,
        start: i64,
        target: i64,
        now: i64,
        pauses: &[Pause],
    ) -> Result<SlaAnswer, Error> {
        let hours = self.require_calendar(calendar, "calendar")?;
        if target < 0 {
            return Err(Error::new(
                ErrorCode::InvalidRequest,
                "target",
                "a target cannot be negative",
            ));
        }
        check_pauses(pauses)?;
        Ok(hours.sla(start, target, now, pauses))
    }
}

/// `invalid_request` at `paused[i].to` for the first pause that ends
/// before it begins.
pub(crate) fn check_pauses(pauses: &[Pause]) -> Result<(), Error> {
    match pauses.iter().position(|p| p.to.is_some_and(|to| to < p.from)) {
        Some(i) => Err(Error::new(
            ErrorCode::InvalidRequest,
            format!("paused[{i}].to"),
            "a pause cannot end before it begins",
        )),
        None => Ok(()),
    }
}
