//! The SLA clock (`Engine.sla`): its arguments as the protocol's `sla`
//! request, read by core's one reader, and its answer, `Sla`.
//!
//! Two host shapes are translated first, since the protocol has none:
//! a `timedelta` target becomes its duration text (`PT4H`), and a pause
//! given as a `(from, to)` tuple becomes `{"from", "to"}`. Everything
//! else (the checks, their order, the paths, the messages) is the
//! reader's. The answer is core's, kept as numbers; its datetimes and
//! `timedelta`s are made when read.

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};

use leadrules::hours::SlaAnswer;
use leadrules::protocol::{Key, Response};
use leadrules::{open_time_text, Error, ErrorCode, TIME_RANGE};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyString, PyTuple, PyType};

use crate::calendar::{datetime, timedelta, timedelta_seconds, Calendar};
use crate::errors::{internal, to_py_err};

/// The arguments of `Engine.sla`, translated to what the reader reads.
pub(crate) struct SlaArgs<'py> {
    calendar: Bound<'py, PyAny>,
    start: Bound<'py, PyAny>,
    target: Bound<'py, PyAny>,
    now: Bound<'py, PyAny>,
    paused: Option<Bound<'py, PyAny>>,
}

impl<'py> SlaArgs<'py> {
    /// `calendar` a name or a `Calendar`; `target` a `timedelta` (whole
    /// seconds; negative is `invalid_request` at `target`) or duration
    /// text; `paused` a list or tuple of `{"from", "to"}` dicts or
    /// `(from, to)` tuples, or None.
    pub(crate) fn new(
        calendar: &Bound<'py, PyAny>,
        start: &Bound<'py, PyAny>,
        target: &Bound<'py, PyAny>,
        now: &Bound<'py, PyAny>,
        paused: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Self> {
        let py = calendar.py();
        let calendar = match calendar.cast::<Calendar>() {
            Ok(handle) => PyString::new(py, handle.get().name()).into_any(),
            Err(_) => calendar.clone(),
        };
        let target = match timedelta_seconds(target)? {
            Some(seconds) if seconds < 0 => {
                let error = Error::new(ErrorCode::InvalidRequest, "target", "a target cannot be negative");
                return Err(to_py_err(py, &error));
            }
            Some(seconds) => PyString::new(py, &open_time_text(seconds)).into_any(),
            None => target.clone(),
        };
        Ok(SlaArgs {
            calendar,
            start: start.clone(),
            target,
            now: now.clone(),
            paused: paused.map(pauses).transpose()?.flatten(),
        })
    }

    /// The arguments under their request keys, in the reader's order.
    pub(crate) fn keyed(&self) -> Vec<(Key, &Bound<'py, PyAny>)> {
        let mut args = vec![
            (Key::Calendar, &self.calendar),
            (Key::Start, &self.start),
            (Key::Target, &self.target),
            (Key::Now, &self.now),
        ];
        args.extend(self.paused.as_ref().map(|p| (Key::Paused, p)));
        args
    }
}

/// The pauses with each `(from, to)` tuple made a `{"from", "to"}` dict
/// (a tuple of another length is left for the reader to refuse at its
/// path); `None` for an empty list or tuple (the same as none). Any other
/// value is passed on as it is, for the reader to judge.
fn pauses<'py>(paused: &Bound<'py, PyAny>) -> PyResult<Option<Bound<'py, PyAny>>> {
    let py = paused.py();
    let items = if let Ok(list) = paused.cast_exact::<PyList>() {
        list.iter().collect::<Vec<_>>()
    } else if let Ok(tuple) = paused.cast_exact::<PyTuple>() {
        tuple.iter().collect()
    } else {
        return Ok(Some(paused.clone()));
    };
    if items.is_empty() {
        return Ok(None);
    }
    let made = PyList::empty(py);
    for item in items {
        match item.cast_exact::<PyTuple>() {
            Ok(pair) if pair.len() == 2 => {
                let pause = PyDict::new(py);
                pause.set_item(pyo3::intern!(py, "from"), pair.get_item(0)?)?;
                pause.set_item(pyo3::intern!(py, "to"), pair.get_item(1)?)?;
                made.append(pause)?;
            }
            _ => made.append(item)?,
        }
    }
    Ok(Some(made.into_any()))
}

/// The state of an SLA clock at `now` (`Engine.sla`): the fields and
/// meanings of the protocol's `sla` answer, instants as aware UTC
/// datetimes and durations as `timedelta`s.
#[pyclass(frozen, freelist = 64, module = "leadrules")]
pub struct Sla {
    answer: SlaAnswer,
}

impl Sla {
    /// The answer of an `sla` request.
    pub(crate) fn of(py: Python<'_>, response: &Response<'_>) -> PyResult<Sla> {
        match response {
            Response::Sla(answer) => Ok(Sla { answer: *answer }),
            _ => Err(internal(py, "an sla request was not answered with an sla")),
        }
    }
}

#[pymethods]
impl Sla {
    /// When the target is used up (aware UTC), counting open time that is
    /// not paused; None when a pause that never ends begins first.
    #[getter]
    fn due_at<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        datetime(py, self.answer.due_at)
    }

    /// The open, unpaused time in `[start, now)`.
    #[getter]
    fn elapsed<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        timedelta(py, self.answer.elapsed)
    }

    /// The target less `elapsed`, at least zero.
    #[getter]
    fn remaining<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        timedelta(py, self.answer.remaining)
    }

    /// Whether `elapsed` has reached the target.
    #[getter]
    fn breached(&self) -> bool {
        self.answer.breached
    }

    /// Whether the calendar is open at `now`.
    #[getter]
    fn open_now(&self) -> bool {
        self.answer.open_now
    }

    /// The first instant at or after `now` at which the calendar is open
    /// (aware UTC; `now` itself when open); None if not within 400 days.
    #[getter]
    fn next_open<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        datetime(py, self.answer.next_open)
    }

    /// The protocol response: what `Engine.decide` answers to the same
    /// `sla` request (instants as aware UTC datetimes, durations as
    /// `PT…H…M…S` text), a fresh dict.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let a = &self.answer;
        let dict = PyDict::new(py);
        dict.set_item("due_at", datetime(py, a.due_at)?)?;
        dict.set_item("elapsed", open_time_text(a.elapsed))?;
        dict.set_item("remaining", open_time_text(a.remaining))?;
        dict.set_item("breached", a.breached)?;
        dict.set_item("open_now", a.open_now)?;
        dict.set_item("next_open", datetime(py, a.next_open)?)?;
        Ok(dict)
    }

    /// Answers are equal when every field is.
    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        other
            .cast::<Sla>()
            .is_ok_and(|other| other.get().answer == self.answer)
    }

    /// The hash of the fields: the same in every process.
    fn __hash__(&self) -> u64 {
        let mut hasher = DefaultHasher::new();
        parts(&self.answer).hash(&mut hasher);
        hasher.finish()
    }

    /// Pickles as its fields, in seconds.
    fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<(Bound<'py, PyAny>, Parts)> {
        let rebuild = py.get_type::<Sla>().getattr(pyo3::intern!(py, "_from_parts"))?;
        Ok((rebuild, parts(&self.answer)))
    }

    /// The answer of these fields (how one unpickles); `ValueError` for
    /// fields no clock answers: a negative duration, `breached` not
    /// exactly when nothing remains, open now but never opening, an
    /// instant outside the years 0000–9999.
    #[classmethod]
    #[pyo3(name = "_from_parts")]
    fn from_parts(
        _class: &Bound<'_, PyType>,
        due_at: Option<i64>,
        elapsed: i64,
        remaining: i64,
        breached: bool,
        open_now: bool,
        next_open: Option<i64>,
    ) -> PyResult<Self> {
        let in_range = |at: Option<i64>| at.is_none_or(|s| (TIME_RANGE.0..=TIME_RANGE.1).contains(&s));
        let problem = if elapsed < 0 || remaining < 0 {
            Some("a negative duration")
        } else if breached != (remaining == 0) {
            Some("`breached` disagrees with `remaining`")
        } else if open_now && next_open.is_none() {
            Some("open now, yet no next opening")
        } else if !in_range(due_at) || !in_range(next_open) {
            Some("an instant outside the years 0000-9999")
        } else {
            None
        };
        if let Some(problem) = problem {
            return Err(PyValueError::new_err(format!(
                "not the fields of an sla: {problem}"
            )));
        }
        Ok(Sla {
            answer: SlaAnswer {
                due_at,
                elapsed,
                remaining,
                breached,
                open_now,
                next_open,
            },
        })
    }

    /// `<Sla due_at=2026-12-21T17:00:00Z elapsed=PT1H remaining=PT1H
    /// breached=False open_now=True next_open=2026-12-21T16:00:00Z>`.
    fn __repr__(&self) -> String {
        let a = &self.answer;
        let at = |seconds: Option<i64>| {
            seconds
                .and_then(|s| chrono::DateTime::from_timestamp(s, 0))
                .map_or_else(|| "None".to_owned(), |at| leadrules::utc_text(at.fixed_offset()))
        };
        let flag = |b: bool| if b { "True" } else { "False" };
        format!(
            "<Sla due_at={} elapsed={} remaining={} breached={} open_now={} next_open={}>",
            at(a.due_at),
            open_time_text(a.elapsed),
            open_time_text(a.remaining),
            flag(a.breached),
            flag(a.open_now),
            at(a.next_open)
        )
    }
}

/// An answer's fields in the protocol's order, in seconds: `due_at`,
/// `elapsed`, `remaining`, `breached`, `open_now`, `next_open`.
type Parts = (Option<i64>, i64, i64, bool, bool, Option<i64>);

/// The fields of an answer.
fn parts(a: &SlaAnswer) -> Parts {
    (
        a.due_at,
        a.elapsed,
        a.remaining,
        a.breached,
        a.open_now,
        a.next_open,
    )
}
