//! The column forms of a calendar: `Calendar.add_many` and
//! `Calendar.open_between_many` over NumPy arrays.
//!
//! NumPy is imported only here, on first use: the package works without
//! it. A `datetime64` array exports no buffer, so each column is cast by
//! NumPy itself to whole seconds (`astype("datetime64[s]")` floors, as
//! core drops a fraction) and copied out as the bytes of an `int64` view:
//! a few Python calls per array, none per element. NaT is `int64`'s
//! minimum, [`NO_TIME`]: it passes through as NaT. The answers are
//! computed without the GIL, [`CHUNK_ROWS`] rows at a time, checking for
//! Ctrl-C between two chunks, and handed back as a new array over a
//! `bytearray` of the seconds (one copy).

use leadrules::hours::BusinessHours;
use leadrules::{Error, ErrorCode, NO_TIME, TIME_RANGE};
use pyo3::exceptions::{PyImportError, PyTypeError};
use pyo3::prelude::*;
use pyo3::types::{PyByteArray, PyBytes};

use crate::calendar::timedelta_seconds;
use crate::errors::to_py_err;

/// Rows computed between two checks for a signal: tens of milliseconds
/// of `add` over a split-shift calendar.
const CHUNK_ROWS: usize = 1 << 16;

/// `add` of `open` to each of `starts`: a `datetime64[s]` array.
pub(crate) fn add_many<'py>(
    py: Python<'py>,
    hours: &BusinessHours,
    starts: &Bound<'py, PyAny>,
    open: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyAny>> {
    let numpy = numpy(py)?;
    let starts = instants(&numpy, starts, "starts")?;
    let open = durations(&numpy, open, starts.len())?;
    let open_of = |row: usize| match &open {
        Open::One(seconds) => *seconds,
        Open::Each(each) => each.get(row).copied().unwrap_or(NO_TIME),
    };
    let due = in_chunks(py, starts.len(), |row| {
        let start = starts.get(row).copied().unwrap_or(NO_TIME);
        let open = open_of(row);
        if start == NO_TIME || open == NO_TIME {
            return NO_TIME;
        }
        hours.add(start, open).unwrap_or(NO_TIME)
    })?;
    array(&numpy, &due, "datetime64[s]")
}

/// The open time between `starts[i]` and `ends[i]`: a `timedelta64[s]`
/// array.
pub(crate) fn open_between_many<'py>(
    py: Python<'py>,
    hours: &BusinessHours,
    starts: &Bound<'py, PyAny>,
    ends: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyAny>> {
    let numpy = numpy(py)?;
    let starts = instants(&numpy, starts, "starts")?;
    let ends = instants(&numpy, ends, "ends")?;
    same_length("ends", ends.len(), starts.len()).map_err(|e| to_py_err(py, &e))?;
    let open = in_chunks(py, starts.len(), |row| {
        match (starts.get(row).copied(), ends.get(row).copied()) {
            (Some(start), Some(end)) if start != NO_TIME && end != NO_TIME => hours.open_between(start, end),
            _ => NO_TIME,
        }
    })?;
    array(&numpy, &open, "timedelta64[s]")
}

/// `numpy`, or an `ImportError` saying who needs it.
fn numpy(py: Python<'_>) -> PyResult<Bound<'_, PyModule>> {
    py.import("numpy").map_err(|cause| {
        let error = PyImportError::new_err(
            "Calendar.add_many and Calendar.open_between_many take NumPy arrays: install numpy",
        );
        error.set_cause(py, Some(cause));
        error
    })
}

/// A one-dimensional `datetime64` column as Unix seconds (NaT as
/// [`NO_TIME`]); an instant outside the years 0000–9999 is
/// `invalid_timestamp` at its row.
fn instants(numpy: &Bound<'_, PyModule>, column: &Bound<'_, PyAny>, name: &str) -> PyResult<Vec<i64>> {
    let py = numpy.py();
    let array = numpy.call_method1("asarray", (column,))?;
    let (kind, ndim) = kind_and_ndim(&array)?;
    if kind != "M" || ndim != 1 {
        return Err(PyTypeError::new_err(format!(
            "`{name}` must be a one-dimensional NumPy datetime64 array, not {}-dimensional of dtype {}",
            ndim,
            array.getattr("dtype")?.str()?
        )));
    }
    let seconds = int64s(&array.call_method1("astype", ("datetime64[s]",))?)?;
    let outside = seconds
        .iter()
        .position(|&s| s != NO_TIME && !(TIME_RANGE.0..=TIME_RANGE.1).contains(&s));
    if let Some(row) = outside {
        let error = Error::new(
            ErrorCode::InvalidTimestamp,
            format!("{name}[{row}]"),
            "an instant outside the years 0000–9999",
        );
        return Err(to_py_err(py, &error));
    }
    Ok(seconds)
}

/// The open time to add: one for every row, or one per row.
enum Open {
    One(i64),
    Each(Vec<i64>),
}

/// `open` as whole seconds: a `timedelta`, a `numpy.timedelta64`, or a
/// one-dimensional array of `rows` durations (`timedelta64`, or
/// `timedelta`s). NaT is kept ([`NO_TIME`]); a negative duration is
/// `invalid_request` at `open` (or its row), a length that is not `rows`
/// at `open`.
fn durations(numpy: &Bound<'_, PyModule>, open: &Bound<'_, PyAny>, rows: usize) -> PyResult<Open> {
    let py = numpy.py();
    let negative = |path: String| {
        let error = Error::new(ErrorCode::InvalidRequest, path, "open time cannot be negative");
        to_py_err(py, &error)
    };
    if let Some(seconds) = timedelta_seconds(open)? {
        return if seconds < 0 {
            Err(negative("open".to_owned()))
        } else {
            Ok(Open::One(seconds))
        };
    }
    let mut array = numpy.call_method1("asarray", (open,))?;
    if kind_and_ndim(&array)?.0 == "O" {
        // A list of `timedelta`s: NumPy makes it an object array.
        array = array
            .call_method1("astype", ("timedelta64[us]",))
            .map_err(|cause| {
                let error = open_type_error();
                error.set_cause(py, Some(cause));
                error
            })?;
    }
    let (kind, ndim) = kind_and_ndim(&array)?;
    let unit: String = numpy
        .call_method1("datetime_data", (array.getattr("dtype")?,))
        .and_then(|data| data.get_item(0)?.extract())
        .unwrap_or_default();
    if kind != "m" || ndim > 1 || unit == "Y" || unit == "M" {
        return Err(open_type_error());
    }
    let seconds = int64s(&array.call_method1("astype", ("timedelta64[s]",))?)?;
    if ndim == 0 {
        let one = seconds.first().copied().unwrap_or(NO_TIME);
        if one != NO_TIME && one < 0 {
            return Err(negative("open".to_owned()));
        }
        return Ok(Open::One(one));
    }
    same_length("open", seconds.len(), rows).map_err(|e| to_py_err(py, &e))?;
    if let Some(row) = seconds.iter().position(|&s| s != NO_TIME && s < 0) {
        return Err(negative(format!("open[{row}]")));
    }
    Ok(Open::Each(seconds))
}

fn open_type_error() -> PyErr {
    PyTypeError::new_err(
        "`open` must be a timedelta, a numpy.timedelta64, or a one-dimensional timedelta64 array \
         (not in years or months: they have no fixed length)",
    )
}

/// `invalid_request` at `column` when its length is not `rows`.
fn same_length(column: &str, len: usize, rows: usize) -> Result<(), Error> {
    if len == rows {
        return Ok(());
    }
    Err(Error::new(
        ErrorCode::InvalidRequest,
        column,
        format!("has {len} rows; `starts` has {rows}"),
    ))
}

/// An array's `dtype.kind` and `ndim`.
fn kind_and_ndim(array: &Bound<'_, PyAny>) -> PyResult<(String, usize)> {
    let kind = array.getattr("dtype")?.getattr("kind")?.extract()?;
    let ndim = array.getattr("ndim")?.extract()?;
    Ok((kind, ndim))
}

/// The items of a 64-bit NumPy array (`datetime64`, `timedelta64`) as
/// `i64`s: the bytes of its `int64` view, in C order.
fn int64s(array: &Bound<'_, PyAny>) -> PyResult<Vec<i64>> {
    let bytes = array.call_method1("view", ("int64",))?.call_method0("tobytes")?;
    let bytes = bytes.cast::<PyBytes>()?.as_bytes();
    Ok(bytes
        .chunks_exact(8)
        .map(|item| {
            let mut raw = [0u8; 8];
            raw.copy_from_slice(item);
            i64::from_ne_bytes(raw)
        })
        .collect())
}

/// `answer(row)` for every row, without the GIL, [`CHUNK_ROWS`] rows at a
/// time; between two chunks the GIL is taken back and a Ctrl-C raises.
fn in_chunks(py: Python<'_>, rows: usize, answer: impl Fn(usize) -> i64 + Sync) -> PyResult<Vec<i64>> {
    let mut out = Vec::with_capacity(rows);
    let mut start = 0;
    while start < rows {
        let end = rows.min(start + CHUNK_ROWS);
        let answer = &answer;
        let chunk: Vec<i64> = py.detach(|| (start..end).map(answer).collect());
        out.extend(chunk);
        py.check_signals()?;
        start = end;
    }
    Ok(out)
}

/// A new NumPy array of `dtype` (a 64-bit one) holding `values`.
fn array<'py>(numpy: &Bound<'py, PyModule>, values: &[i64], dtype: &str) -> PyResult<Bound<'py, PyAny>> {
    let py = numpy.py();
    let buffer = PyByteArray::new_with(py, values.len() * 8, |bytes| {
        for (to, value) in bytes.chunks_exact_mut(8).zip(values) {
            to.copy_from_slice(&value.to_ne_bytes());
        }
        Ok(())
    })?;
    numpy.call_method1("frombuffer", (buffer, dtype))
}
