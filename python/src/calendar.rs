//! A policy calendar as a Python object (`Engine.calendar(name)`): core's
//! business-hours primitives over aware datetimes and `timedelta`s, whole
//! seconds (a fraction of a second is dropped, as core drops it).
//!
//! The object holds its engine (a strong reference) and the calendar's
//! name; each call finds the compiled hours again by name (one hash
//! lookup), so nothing of the engine is borrowed across calls. Instants
//! going in are read as the protocol reads a timestamp (`instant`): an
//! exact aware `datetime` by its fields (`datetimes.rs`), anything else as
//! its text, so a naive datetime is refused with core's
//! `invalid_timestamp` at the argument's name. The column forms are in
//! `calendar_many.rs`.

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};

use chrono::{Datelike, Timelike};
use leadrules::hours::BusinessHours;
use leadrules::protocol::JsonType;
use leadrules::{Error, ErrorCode};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyBool, PyType};

use crate::convert::{to_value, Budget};
use crate::engine::Engine;
use crate::errors::{guard, not_json_request, to_py_err};
use crate::input::is_datetime;

/// `datetime.timedelta`, `datetime.datetime` and `datetime.timezone.utc`,
/// imported on first use.
static TIMEDELTA: PyOnceLock<Py<PyType>> = PyOnceLock::new();
static DATETIME: PyOnceLock<Py<PyType>> = PyOnceLock::new();
static UTC: PyOnceLock<Py<PyAny>> = PyOnceLock::new();

/// What a calendar pickles as: `Engine.calendar` and its arguments.
type Reduced<'py> = (Bound<'py, PyAny>, (Py<Engine>, String));

/// A policy calendar of an engine (`Engine.calendar(name)`): open time
/// between instants, adding open time, whether and when it is open.
///
/// Immutable; it keeps its engine alive. Instants go in as aware
/// datetimes (or RFC 3339 text) and come out as aware UTC datetimes;
/// open time is a `timedelta` of whole seconds.
#[pyclass(frozen, module = "leadrules")]
pub struct Calendar {
    engine: Py<Engine>,
    name: String,
}

impl Calendar {
    /// The calendar `name` of `engine`; `unknown_calendar` at `calendar`
    /// for a name the engine lacks.
    pub(crate) fn of(engine: &Bound<'_, Engine>, name: &str) -> PyResult<Calendar> {
        let py = engine.py();
        engine
            .get()
            .core()
            .require_calendar(name, "calendar")
            .map_err(|e| to_py_err(py, &e))?;
        Ok(Calendar {
            engine: engine.clone().unbind(),
            name: name.to_owned(),
        })
    }

    /// The compiled hours (found at construction: an engine never
    /// changes, so the lookup does not fail).
    fn hours(&self, py: Python<'_>) -> PyResult<&BusinessHours> {
        self.engine
            .get()
            .core()
            .require_calendar(&self.name, "calendar")
            .map_err(|e| to_py_err(py, &e))
    }
}

#[pymethods]
impl Calendar {
    /// The calendar's name in the policy.
    #[getter]
    pub(crate) fn name(&self) -> &str {
        &self.name
    }

    /// The IANA zone whose wall clock its hours follow (`"Europe/Berlin"`).
    #[getter]
    fn zone(&self, py: Python<'_>) -> PyResult<&'static str> {
        Ok(self.hours(py)?.zone().name())
    }

    /// The earliest instant at or after `start` with `open` of open time
    /// between them (aware UTC): a deadline used up at closing time is that
    /// closing time; a zero `open` gives `start`. None when no such instant
    /// comes before the end of year 9999. A negative `open` is
    /// `invalid_request` at `open`.
    fn add<'py>(
        &self,
        py: Python<'py>,
        start: &Bound<'py, PyAny>,
        open: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        guard(py, || {
            let hours = self.hours(py)?;
            let start = instant(start, "start")?;
            let open = open_seconds(open, "open")?;
            datetime(py, hours.add(start, open))
        })
    }

    /// The open time in `[start, end)` as a `timedelta` (zero when `end`
    /// is not after `start`).
    fn open_between<'py>(
        &self,
        py: Python<'py>,
        start: &Bound<'py, PyAny>,
        end: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        guard(py, || {
            let hours = self.hours(py)?;
            let (start, end) = (instant(start, "start")?, instant(end, "end")?);
            timedelta(py, hours.open_between(start, end))
        })
    }

    /// Whether the calendar is open at `at`.
    fn is_open(&self, py: Python<'_>, at: &Bound<'_, PyAny>) -> PyResult<bool> {
        guard(py, || Ok(self.hours(py)?.is_open(instant(at, "at")?)))
    }

    /// The first instant at or after `at` at which the calendar is open
    /// (`at` itself, to the second, when open then), aware UTC; None if
    /// it does not open within 400 × 24 hours.
    fn next_open<'py>(&self, py: Python<'py>, at: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
        guard(py, || datetime(py, self.hours(py)?.next_open(instant(at, "at")?)))
    }

    /// [`Calendar::add`] over columns: `starts` a NumPy `datetime64` array
    /// (any unit; NaT gives NaT), `open` a `timedelta`, a
    /// `numpy.timedelta64` or a `timedelta64` array of the same length.
    /// Answers a `datetime64[s]` array; the GIL is released meanwhile.
    fn add_many<'py>(
        &self,
        py: Python<'py>,
        starts: &Bound<'py, PyAny>,
        open: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        guard(py, || {
            crate::calendar_many::add_many(py, self.hours(py)?, starts, open)
        })
    }

    /// [`Calendar::open_between`] over two `datetime64` arrays of one
    /// length: a `timedelta64[s]` array (NaT where either is NaT).
    fn open_between_many<'py>(
        &self,
        py: Python<'py>,
        starts: &Bound<'py, PyAny>,
        ends: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        guard(py, || {
            crate::calendar_many::open_between_many(py, self.hours(py)?, starts, ends)
        })
    }

    /// Calendars are equal when they have the same name and the same
    /// compiled hours (two engines built from one config agree).
    fn __eq__(&self, py: Python<'_>, other: &Bound<'_, PyAny>) -> PyResult<bool> {
        let Ok(other) = other.cast::<Calendar>() else {
            return Ok(false);
        };
        let other = other.get();
        Ok(self.name == other.name && self.hours(py)? == other.hours(py)?)
    }

    /// The hash of the name and zone (equal calendars hash alike).
    fn __hash__(&self, py: Python<'_>) -> PyResult<u64> {
        let mut hasher = DefaultHasher::new();
        self.name.hash(&mut hasher);
        self.hours(py)?.zone().name().hash(&mut hasher);
        Ok(hasher.finish())
    }

    /// Pickles as its engine and name: `engine.calendar(name)` again.
    fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<Reduced<'py>> {
        let rebuild = py.get_type::<Engine>().getattr(pyo3::intern!(py, "calendar"))?;
        Ok((rebuild, (self.engine.clone_ref(py), self.name.clone())))
    }

    /// `<leadrules.Calendar 'office' Europe/Berlin>`.
    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        Ok(format!(
            "<leadrules.Calendar {:?} {}>",
            self.name,
            self.hours(py)?.zone().name()
        ))
    }
}

/// An instant argument as Unix seconds, read as the protocol reads a
/// timestamp: an exact aware `datetime` by its fields; any other value
/// (a naive datetime, a subclass, text) as its text, parsed by core, so
/// that a naive one is `invalid_timestamp` at `path` and anything that
/// is no text `invalid_request` there.
pub(crate) fn instant(value: &Bound<'_, PyAny>, path: &str) -> PyResult<i64> {
    let py = value.py();
    if is_datetime(value) {
        if let Some(at) = crate::datetimes::timestamp(value)? {
            return Ok(at.timestamp());
        }
    }
    let converted = to_value(value, &mut Budget::request()).map_err(|e| not_json_request(py, e, path))?;
    let Some(text) = converted.as_str() else {
        let found = JsonType::of(&converted).name();
        let message = format!("expected an aware datetime or RFC 3339 text, found {found}");
        return Err(to_py_err(
            py,
            &Error::new(ErrorCode::InvalidRequest, path, message),
        ));
    };
    leadrules::parse_timestamp(text, path)
        .map(|at| at.timestamp())
        .map_err(|e| to_py_err(py, &e))
}

/// A `timedelta` argument as whole seconds (a fraction dropped), refused
/// at `path` when it is negative or no `timedelta`.
pub(crate) fn open_seconds(value: &Bound<'_, PyAny>, path: &str) -> PyResult<i64> {
    let py = value.py();
    let refuse = |message: &str| to_py_err(py, &Error::new(ErrorCode::InvalidRequest, path, message));
    let seconds = timedelta_seconds(value)?.ok_or_else(|| refuse("expected a timedelta"))?;
    if seconds < 0 {
        return Err(refuse("open time cannot be negative"));
    }
    Ok(seconds)
}

/// The whole seconds of a `timedelta` (floored: its days may be negative,
/// its seconds and microseconds never are), `None` for another value.
pub(crate) fn timedelta_seconds(value: &Bound<'_, PyAny>) -> PyResult<Option<i64>> {
    let py = value.py();
    if value.is_instance_of::<PyBool>()
        || !value.is_instance(TIMEDELTA.import(py, "datetime", "timedelta")?)?
    {
        return Ok(None);
    }
    let days: i64 = value.getattr(pyo3::intern!(py, "days"))?.extract()?;
    let seconds: i64 = value.getattr(pyo3::intern!(py, "seconds"))?.extract()?;
    Ok(Some(days * 86_400 + seconds))
}

/// Unix seconds as an aware UTC `datetime`, or None: built from its
/// fields in one call of the C constructor (an answer's instants are
/// whole seconds), a fraction of the cost of date arithmetic in Python.
pub(crate) fn datetime(py: Python<'_>, seconds: Option<i64>) -> PyResult<Bound<'_, PyAny>> {
    let Some(at) = seconds.and_then(|s| chrono::DateTime::from_timestamp(s, 0)) else {
        return Ok(py.None().into_bound(py));
    };
    let utc = UTC.get_or_try_init(py, || -> PyResult<Py<PyAny>> {
        Ok(py
            .import("datetime")?
            .getattr("timezone")?
            .getattr("utc")?
            .unbind())
    })?;
    let (date, time) = (at.date_naive(), at.time());
    DATETIME.import(py, "datetime", "datetime")?.call1((
        date.year(),
        date.month(),
        date.day(),
        time.hour(),
        time.minute(),
        time.second(),
        0,
        utc.bind(py),
    ))
}

/// Seconds as a `timedelta`.
pub(crate) fn timedelta(py: Python<'_>, seconds: i64) -> PyResult<Bound<'_, PyAny>> {
    TIMEDELTA.import(py, "datetime", "timedelta")?.call1((0, seconds))
}
