//! Expiry (docs/rules.md#expiry-and-sweeping): when a lead in a timed stage
//! becomes due.
//!
//! A stage of a workflow may run one of two periods. While the *pending*
//! period runs, the deadline is the lead's host-set `expires_at` if there
//! is one, else the later of `created_at` and `reassigned_at` plus the
//! template's pending period. While the *accepted* period runs it is
//! `accepted_at` plus the accepted period, whatever `expires_at` says.
//! A lead is due when `now >= deadline`. How a period is added (UTC or a
//! zone's wall clock, business days, end of day) is the template's
//! [`Calendar`].

mod business;
pub mod calendar;
mod offsets;
mod status;
mod templates;

pub use calendar::{BusinessDays, Calendar, NamedHours, TIME_RANGE};
pub(crate) use offsets::{OffsetCache, MEMO_LEADS};
pub use status::ExpiryStatus;
pub(crate) use templates::Templates;

use chrono::Utc;

use crate::duration::Period;
use crate::error::{Error, ErrorCode};
use crate::time::Timestamp;

/// The name of the template a lead gets when it names none.
pub const DEFAULT_TEMPLATE: &str = "default";

/// Which expiry period runs while a lead stands on a stage.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Phase {
    /// Waiting for the partner to accept: the pending period.
    Pending,
    /// Accepted and waiting for conversion: the accepted period.
    Accepted,
}

impl Phase {
    /// The stable snake_case name (the stage flag `expiry` in configs).
    pub const fn as_str(self) -> &'static str {
        match self {
            Phase::Pending => "pending",
            Phase::Accepted => "accepted",
        }
    }

    /// Looks a phase up by name.
    pub fn from_name(name: &str) -> Option<Phase> {
        [Phase::Pending, Phase::Accepted]
            .into_iter()
            .find(|p| p.as_str() == name)
    }
}

/// A program's expiry periods and how they are counted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Template {
    /// How long a partner has to accept (default P7D).
    pub pending: Period,
    /// How long an accepted lead has to convert (default P30D).
    pub accepted: Period,
    /// The zone, business days and end-of-day rule (default: UTC days).
    pub calendar: Calendar,
}

impl Default for Template {
    fn default() -> Self {
        Template {
            pending: Period {
                days: 7,
                seconds: 0,
                has_weeks: false,
            },
            accepted: Period {
                days: 30,
                seconds: 0,
                has_weeks: false,
            },
            calendar: Calendar::default(),
        }
    }
}

impl Template {
    /// The period a phase runs for.
    pub fn period(&self, phase: Phase) -> Period {
        match phase {
            Phase::Pending => self.pending,
            Phase::Accepted => self.accepted,
        }
    }

    /// `anchor` plus the period of `phase`, counted by the calendar; `None`
    /// past the last instant RFC 3339 can write (year 9999).
    pub fn deadline_from(&self, phase: Phase, anchor: Timestamp) -> Option<Timestamp> {
        self.deadline_in(phase, anchor, None)
    }

    /// [`Template::deadline_from`], the zone's offsets read through a
    /// sweep's memo if there is one: the same answer.
    pub(crate) fn deadline_in(
        &self,
        phase: Phase,
        anchor: Timestamp,
        cache: Option<&mut OffsetCache>,
    ) -> Option<Timestamp> {
        let period = self.period(phase);
        if self.calendar.is_plain() {
            // UTC days are 24 hours: plain arithmetic, the same instant.
            let seconds = chrono::TimeDelta::try_seconds(period.total_seconds())?;
            let deadline = anchor.with_timezone(&Utc).checked_add_signed(seconds)?;
            return (chrono::Datelike::year(&deadline) <= offsets::LAST_YEAR)
                .then(|| deadline.fixed_offset());
        }
        let anchor = anchor.with_timezone(&Utc);
        let deadline = match cache {
            Some(cache) => self.calendar.add_cached(anchor, period, cache)?,
            None => self.calendar.add(anchor, period)?,
        };
        Some(deadline.fixed_offset())
    }
}

/// The timestamps of a lead that its deadline is computed from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ExpiryClock {
    /// When the lead was created.
    pub created_at: Option<Timestamp>,
    /// The deadline the host set (from the CRM's API), if any.
    pub expires_at: Option<Timestamp>,
    /// When the partner accepted the lead.
    pub accepted_at: Option<Timestamp>,
    /// When the sourcing company last gave the lead to another partner.
    pub reassigned_at: Option<Timestamp>,
}

impl ExpiryClock {
    /// The deadline while `phase` runs. Errors (`invalid_request`, with the
    /// path of the lead field): a missing `created_at` in the pending
    /// phase, a missing `accepted_at` in the accepted phase, an
    /// `expires_at` before `created_at`, a deadline past the calendar.
    pub fn deadline(&self, template: &Template, phase: Phase) -> Result<Timestamp, Error> {
        self.deadline_in(template, phase, None)
    }

    /// [`ExpiryClock::deadline`], the zone's offsets read through a
    /// sweep's memo if there is one: the same answer.
    pub(crate) fn deadline_in(
        &self,
        template: &Template,
        phase: Phase,
        cache: Option<&mut OffsetCache>,
    ) -> Result<Timestamp, Error> {
        if let (Some(created_at), Some(expires_at)) = (self.created_at, self.expires_at) {
            if expires_at < created_at {
                return Err(Error::new(
                    ErrorCode::InvalidRequest,
                    "lead.expires_at",
                    "`expires_at` is earlier than `created_at`",
                ));
            }
        }
        let (anchor, path) = match phase {
            Phase::Pending => {
                let created_at = self.created_at.ok_or_else(|| {
                    missing(
                        "lead.created_at",
                        "a lead whose pending period runs needs `created_at`",
                    )
                })?;
                match pending_anchor(created_at, self.expires_at, self.reassigned_at) {
                    Anchor::Fixed(deadline) => return Ok(deadline),
                    Anchor::Created(at) => (at, "lead.created_at"),
                    Anchor::Reassigned(at) => (at, "lead.reassigned_at"),
                }
            }
            Phase::Accepted => {
                let accepted_at = self.accepted_at.ok_or_else(|| {
                    missing(
                        "lead.accepted_at",
                        "a lead whose accepted period runs needs `accepted_at`",
                    )
                })?;
                (accepted_at, "lead.accepted_at")
            }
        };
        template
            .deadline_in(phase, anchor, cache)
            .ok_or_else(|| out_of_range(path))
    }
}

/// Where a pending period's deadline comes from.
pub(crate) enum Anchor<T> {
    /// The host set the deadline itself.
    Fixed(T),
    /// The period runs from creation.
    Created(T),
    /// The period runs from the last reassignment (later than creation).
    Reassigned(T),
}

/// The pending period's anchor (docs/rules.md#expiry-and-sweeping): a host-set
/// deadline wins; else the later of creation and reassignment. Shared by the
/// lead and the column sweeps so that both read the rule the same way.
pub(crate) fn pending_anchor<T: Ord + Copy>(
    created: T,
    expires: Option<T>,
    reassigned: Option<T>,
) -> Anchor<T> {
    match (expires, reassigned) {
        (Some(deadline), _) => Anchor::Fixed(deadline),
        (None, Some(reassigned)) if reassigned > created => Anchor::Reassigned(reassigned),
        (None, _) => Anchor::Created(created),
    }
}

fn missing(path: &str, message: &str) -> Error {
    Error::new(ErrorCode::InvalidRequest, path, message)
}

/// A deadline beyond the last representable instant.
pub(crate) fn out_of_range(path: &str) -> Error {
    Error::new(
        ErrorCode::InvalidRequest,
        path,
        "the deadline computed from this timestamp is out of range",
    )
}

#[cfg(test)]
mod tests {
    use super::{ExpiryClock, Phase, Template};
    use crate::time::parse_timestamp;

    fn at(text: &str) -> Option<crate::Timestamp> {
        parse_timestamp(text, "t").ok()
    }

    #[test]
    fn pending_runs_from_the_later_of_creation_and_reassignment() {
        let template = Template::default();
        let mut clock = ExpiryClock {
            created_at: at("2026-11-01T10:00:00Z"),
            ..ExpiryClock::default()
        };
        assert_eq!(
            clock.deadline(&template, Phase::Pending).ok(),
            at("2026-11-08T10:00:00Z")
        );
        clock.reassigned_at = at("2026-11-05T00:00:00+01:00");
        assert_eq!(
            clock.deadline(&template, Phase::Pending).ok(),
            at("2026-11-11T23:00:00Z")
        );
        clock.expires_at = at("2026-11-03T00:00:00Z");
        assert_eq!(clock.deadline(&template, Phase::Pending).ok(), clock.expires_at);
        clock.accepted_at = at("2026-11-04T00:00:00Z");
        assert_eq!(
            clock.deadline(&template, Phase::Accepted).ok(),
            at("2026-12-04T00:00:00Z")
        );
    }

    #[test]
    fn broken_clocks_are_errors_with_paths() {
        let template = Template::default();
        let clock = ExpiryClock {
            created_at: at("2026-11-05T00:00:00Z"),
            expires_at: at("2026-11-04T00:00:00Z"),
            ..ExpiryClock::default()
        };
        let error = clock.deadline(&template, Phase::Pending).err();
        assert_eq!(error.map(|e| e.path), Some("lead.expires_at".to_owned()));
        // Whatever the phase: the clock itself is inconsistent.
        let error = clock.deadline(&template, Phase::Accepted).err();
        assert_eq!(error.map(|e| e.path), Some("lead.expires_at".to_owned()));
        let unaccepted = ExpiryClock {
            created_at: at("2026-11-05T00:00:00Z"),
            ..ExpiryClock::default()
        };
        let error = unaccepted.deadline(&template, Phase::Accepted).err();
        assert_eq!(error.map(|e| e.path), Some("lead.accepted_at".to_owned()));
        let late = ExpiryClock {
            created_at: at("9999-12-30T00:00:00Z"),
            ..ExpiryClock::default()
        };
        let error = late.deadline(&template, Phase::Pending).err();
        assert_eq!(error.map(|e| e.path), Some("lead.created_at".to_owned()));
    }
}
