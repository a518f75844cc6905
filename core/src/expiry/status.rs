//! Where one lead stands against its deadline: the status a stage's
//! phase, a template and the lead's clock give at a moment.

use crate::error::Error;
use crate::expiry::{ExpiryClock, OffsetCache, Phase, Template};
use crate::time::Timestamp;

/// Where a lead stands against its deadline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ExpiryStatus {
    /// The deadline; `None` where no expiry runs (terminal stages and
    /// stages without a period).
    pub expires_at: Option<Timestamp>,
    /// Whether `now >= expires_at`.
    pub due: bool,
    /// The period that runs.
    pub phase: Option<Phase>,
}

impl ExpiryStatus {
    const NONE: ExpiryStatus = ExpiryStatus {
        expires_at: None,
        due: false,
        phase: None,
    };
}

impl ExpiryStatus {
    /// The status of a lead whose stage runs `phase`, resolved already;
    /// a sweep passes its memo of zone offsets.
    pub(crate) fn of(
        phase: Option<Phase>,
        template: &Template,
        clock: &ExpiryClock,
        now: Timestamp,
        cache: Option<&mut OffsetCache>,
    ) -> Result<ExpiryStatus, Error> {
        let Some(phase) = phase else {
            return Ok(ExpiryStatus::NONE);
        };
        let deadline = clock.deadline_in(template, phase, cache)?;
        Ok(ExpiryStatus {
            expires_at: Some(deadline),
            due: now >= deadline,
            phase: Some(phase),
        })
    }
}
