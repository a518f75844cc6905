//! Sweeping a large book of leads held as columns: stage codes and Unix
//! times in whole seconds, the shape a database query or a NumPy array
//! gives. The answers are exactly those of [`Engine::sweep`](crate::Engine::sweep); a template
//! counting plain UTC days takes an integer-only path, and one counting a
//! calendar's open time a cutoff per template and phase (`sweep_hours.rs`).

use chrono::DateTime;

use crate::error::{Error, ErrorCode};
use crate::expiry::{pending_anchor, Anchor, OffsetCache, Phase, Template, MEMO_LEADS, TIME_RANGE};
use crate::policy::Policy;
use crate::sweep_hours::{HoursCuts, Verdict};
use crate::workflow::WorkflowRef;

/// An absent time in a column (`created_at` of a lead that has none, an
/// `expires_at` the host did not set).
pub const NO_TIME: i64 = i64::MIN;

/// The leads of one workflow as columns of equal length.
#[derive(Debug, Clone, Copy, Default)]
pub struct LeadColumns<'a> {
    /// Each lead's stage, as its code ([`Engine::stage_code`](crate::Engine::stage_code)).
    pub stages: &'a [u32],
    /// Unix seconds; [`NO_TIME`] where absent.
    pub created_at: &'a [i64],
    /// Host-set deadlines, if any column.
    pub expires_at: Option<&'a [i64]>,
    /// Acceptance times, if any column.
    pub accepted_at: Option<&'a [i64]>,
    /// Reassignment times, if any column.
    pub reassigned_at: Option<&'a [i64]>,
    /// Each lead's template code ([`Engine::template_code`](crate::Engine::template_code)); `None`: all
    /// leads use `default`.
    pub templates: Option<&'a [u32]>,
}

/// The answer to a column sweep.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ColumnSweep {
    /// The rows due now, in order.
    pub due: Vec<usize>,
    /// The earliest deadline still to come, in Unix seconds.
    pub next_deadline: Option<i64>,
}

impl Policy {
    /// The code of a stage of `workflow`, for [`LeadColumns::stages`].
    pub(crate) fn stage_code(&self, workflow: WorkflowRef<'_>, stage: &str) -> Option<u32> {
        let index = self.find_workflow(workflow)?.workflow.stage_index(stage)?;
        u32::try_from(index).ok()
    }

    /// Which rows are due at `now` (Unix seconds), and the earliest
    /// deadline to come. Errors name the column and row: `invalid_request`
    /// for columns of unequal length, an unknown stage code, a missing or
    /// out-of-range time, an `expires_at` before `created_at`;
    /// `unknown_template` for an unknown template code. A `now` outside
    /// the years 0000–9999 ([`TIME_RANGE`]; [`NO_TIME`] included) is
    /// `invalid_timestamp` at `now`, as the JSON `sweep` refuses its text.
    pub(crate) fn sweep_columns(
        &self,
        workflow: WorkflowRef<'_>,
        columns: &LeadColumns<'_>,
        now: i64,
    ) -> Result<ColumnSweep, Error> {
        // Before the workflow, as the JSON `sweep` reads `now` first.
        if !(TIME_RANGE.0..=TIME_RANGE.1).contains(&now) {
            return Err(Error::new(
                ErrorCode::InvalidTimestamp,
                "now",
                format!("{now} is outside the years 0000-9999"),
            ));
        }
        let workflow = self.require_workflow(workflow, "workflow")?;
        let rows = columns.stages.len();
        let optional = [
            ("created_at", Some(columns.created_at)),
            ("expires_at", columns.expires_at),
            ("accepted_at", columns.accepted_at),
            ("reassigned_at", columns.reassigned_at),
        ];
        for (name, column) in optional {
            if let Some(column) = column {
                require_column_rows(name, column.len(), rows)?;
            }
        }
        if let Some(templates) = columns.templates {
            require_column_rows("templates", templates.len(), rows)?;
        }
        let phases: Vec<Option<Phase>> = workflow.stages.iter().map(|s| s.expiry).collect();
        let default = self.require_template(None)?;
        let mut sweep = ColumnSweep::default();
        let mut cache = (rows >= MEMO_LEADS).then(OffsetCache::default);
        let mut cuts = HoursCuts::new(now);
        for row in 0..rows {
            let stage = columns.stages.get(row).copied().unwrap_or(u32::MAX);
            let phase = match phases.get(stage as usize) {
                Some(phase) => *phase,
                None => {
                    return Err(invalid(
                        &format!("stages[{row}]"),
                        format!("no stage has code {stage}"),
                    ))
                }
            };
            // As in `sweep`, a workflow with expiry reads every lead's
            // template, whatever its stage.
            let code = columns
                .templates
                .and_then(|t| t.get(row))
                .filter(|_| workflow.uses_expiry)
                .copied();
            let template = match code {
                None => default,
                Some(code) => self.templates.by_code(code).ok_or_else(|| {
                    Error::new(
                        ErrorCode::UnknownTemplate,
                        format!("templates[{row}]"),
                        format!("no template has code {code}"),
                    )
                })?,
            };
            let time = |name: &str, column: Option<&[i64]>| -> Result<Option<i64>, Error> {
                match column.and_then(|c| c.get(row)).copied() {
                    None | Some(NO_TIME) => Ok(None),
                    Some(t) if t < TIME_RANGE.0 || t > TIME_RANGE.1 => Err(invalid(
                        &format!("{name}[{row}]"),
                        format!("{t} is outside the years 0000-9999"),
                    )),
                    Some(t) => Ok(Some(t)),
                }
            };
            // Every time is read on every row, whether its period runs or
            // not: a lead struct cannot even hold a time outside the
            // calendar, so a column cannot pass one on either.
            let created = time("created_at", Some(columns.created_at))?;
            let expires = time("expires_at", columns.expires_at)?;
            let accepted = time("accepted_at", columns.accepted_at)?;
            let reassigned = time("reassigned_at", columns.reassigned_at)?;
            // The order of the two is checked only where a period runs, as
            // `ExpiryClock::deadline` does for a lead struct.
            let Some(phase) = phase else { continue };
            if let (Some(created), Some(expires)) = (created, expires) {
                if expires < created {
                    return Err(invalid(
                        &format!("expires_at[{row}]"),
                        "`expires_at` is earlier than `created_at`",
                    ));
                }
            }
            let (at, column) = match phase {
                Phase::Pending => {
                    let created = created.ok_or_else(|| {
                        invalid(
                            &format!("created_at[{row}]"),
                            "a lead whose pending period runs needs `created_at`",
                        )
                    })?;
                    match pending_anchor(created, expires, reassigned) {
                        Anchor::Fixed(deadline) => {
                            record(&mut sweep, row, deadline, now);
                            continue;
                        }
                        Anchor::Created(at) => (at, "created_at"),
                        Anchor::Reassigned(at) => (at, "reassigned_at"),
                    }
                }
                Phase::Accepted => {
                    let accepted = accepted.ok_or_else(|| {
                        invalid(
                            &format!("accepted_at[{row}]"),
                            "a lead whose accepted period runs needs `accepted_at`",
                        )
                    })?;
                    (accepted, "accepted_at")
                }
            };
            let verdict = match template.calendar.hours.as_ref().and_then(|h| h.hours.as_deref()) {
                Some(hours) => cuts.judge(
                    (code.unwrap_or(u32::MAX), phase),
                    hours,
                    template.period(phase).seconds,
                    at,
                ),
                None => Verdict::Ask,
            };
            match verdict {
                Verdict::Due => sweep.due.push(row),
                Verdict::Later => {}
                Verdict::Never => return Err(out_of_range(column, row)),
                Verdict::Ask => {
                    let deadline =
                        add(template, phase, at, cache.as_mut()).ok_or_else(|| out_of_range(column, row))?;
                    record(&mut sweep, row, deadline, now);
                }
            }
        }
        if let Some(deadline) = cuts.earliest_deadline() {
            sweep.next_deadline = Some(sweep.next_deadline.map_or(deadline, |next| next.min(deadline)));
        }
        Ok(sweep)
    }
}

/// A row whose deadline is known: due at `now`, or a candidate for the
/// earliest deadline to come.
fn record(sweep: &mut ColumnSweep, row: usize, deadline: i64, now: i64) {
    if now >= deadline {
        sweep.due.push(row);
    } else {
        sweep.next_deadline = Some(sweep.next_deadline.map_or(deadline, |next| next.min(deadline)));
    }
}

/// `anchor` plus the phase's period, in Unix seconds; integer-only for a
/// template that counts plain UTC days, zone offsets read through the
/// sweep's memo if it keeps one.
fn add(template: &Template, phase: Phase, anchor: i64, cache: Option<&mut OffsetCache>) -> Option<i64> {
    let period = template.period(phase);
    let calendar = &template.calendar;
    let deadline = if calendar.is_plain() {
        anchor.checked_add(period.total_seconds())?
    } else if let Some(cache) = cache {
        calendar.add_cached_seconds(anchor, period, cache)?
    } else {
        calendar
            .add(DateTime::from_timestamp(anchor, 0)?, period)?
            .timestamp()
    };
    (deadline <= TIME_RANGE.1).then_some(deadline)
}

/// A column that must have as many rows as `stages`: `invalid_request` at
/// `column` when its `len` differs from `rows`. The sweep checks its own
/// columns with it, and a binding the columns it adds (Python's `ids`).
pub fn require_column_rows(column: &str, len: usize, rows: usize) -> Result<(), Error> {
    if len == rows {
        return Ok(());
    }
    Err(Error::new(
        ErrorCode::InvalidRequest,
        column,
        format!("has {len} rows; `stages` has {rows}"),
    ))
}

fn invalid(path: &str, message: impl Into<String>) -> Error {
    Error::new(ErrorCode::InvalidRequest, path, message)
}

fn out_of_range(column: &str, row: usize) -> Error {
    invalid(
        &format!("{column}[{row}]"),
        "the deadline computed from this time is past the year 9999",
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Engine;

    #[test]
    fn unequal_columns_are_refused_as_the_sweep_refuses_them() {
        let engine = Engine::default();
        let code = engine.stage_code("partner_lead", "pending").unwrap_or_default();
        let columns = LeadColumns {
            stages: &[code, code],
            created_at: &[0],
            ..LeadColumns::default()
        };
        let swept = engine.sweep_columns("partner_lead", &columns, 0).err();
        assert_eq!(swept, require_column_rows("created_at", 1, 2).err());
        assert_eq!(require_column_rows("ids", 2, 2).ok(), Some(()));
    }
}
