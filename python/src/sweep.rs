//! Expiry answers as Python records, and the columnar sweep: columns of
//! ids, stages and Unix times (lists, or any buffer such as a NumPy array)
//! read into Rust vectors, then swept with the GIL released, in chunks
//! between which a Ctrl-C is noticed.

use leadrules::{utc_text, ColumnSweep, Error, ErrorCode, ExpiryStatus, LeadColumns, Timestamp, NO_TIME};
use pyo3::exceptions::{PyException, PyTypeError};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyBool, PyBytes, PyList, PyString};

use crate::errors::to_py_err;

static EXPIRY: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
static SWEEP_RESULT: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
static INSTANT: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
static MEMORYVIEW: PyOnceLock<Py<PyAny>> = PyOnceLock::new();

/// An aware UTC `datetime` (microsecond precision, as Python's). An
/// instant Python's `datetime` cannot hold (core's are of the years
/// 0000–9999, a `datetime`'s of 0001–9999: a `now` in the year 0000, or
/// a deadline computed from one) is `RequestError` `invalid_timestamp`,
/// naming the instant as JSON renders it.
pub(crate) fn instant<'py>(py: Python<'py>, at: Option<Timestamp>) -> PyResult<Bound<'py, PyAny>> {
    match at {
        None => Ok(py.None().into_bound(py)),
        Some(at) if !(FIRST_DATETIME..=LAST_DATETIME).contains(&at.timestamp()) => Err(to_py_err(
            py,
            &Error::new(
                ErrorCode::InvalidTimestamp,
                "",
                format!(
                    "the answer holds the instant {}, outside the years 0001-9999 \
                     that a Python datetime holds (the protocol's instants may be of \
                     the year 0000): ask with instants of the years 0001-9999",
                    utc_text(at)
                ),
            ),
        )),
        Some(at) => INSTANT
            .import(py, "leadrules._types", "_instant")?
            .call1((at.timestamp(), at.timestamp_subsec_micros())),
    }
}

/// Unix seconds of `datetime.min` (0001-01-01T00:00:00Z) and of the last
/// second of `datetime.max` (9999-12-31T23:59:59Z).
const FIRST_DATETIME: i64 = -62_135_596_800;
const LAST_DATETIME: i64 = 253_402_300_799;

/// `leadrules.Expiry(expires_at, due, phase)`.
pub(crate) fn expiry<'py>(py: Python<'py>, status: &ExpiryStatus) -> PyResult<Bound<'py, PyAny>> {
    let class = EXPIRY.import(py, "leadrules._types", "Expiry")?;
    class.call1((
        instant(py, status.expires_at)?,
        status.due,
        status.phase.map(|p| p.as_str()),
    ))
}

/// `leadrules.SweepResult(due, next_deadline)`.
pub(crate) fn sweep_result<'py>(
    py: Python<'py>,
    due: Bound<'py, PyList>,
    next_deadline: Option<Timestamp>,
) -> PyResult<Bound<'py, PyAny>> {
    let class = SWEEP_RESULT.import(py, "leadrules._types", "SweepResult")?;
    class.call1((due, instant(py, next_deadline)?))
}

/// The columns of a sweep as Python passed them.
pub(crate) struct PyColumns<'a, 'py> {
    pub(crate) ids: &'a Bound<'py, PyAny>,
    pub(crate) stages: &'a Bound<'py, PyAny>,
    pub(crate) created_at: &'a Bound<'py, PyAny>,
    pub(crate) expires_at: Option<&'a Bound<'py, PyAny>>,
    pub(crate) accepted_at: Option<&'a Bound<'py, PyAny>>,
    pub(crate) reassigned_at: Option<&'a Bound<'py, PyAny>>,
    pub(crate) templates: Option<&'a Bound<'py, PyAny>>,
}

/// How many rows are swept (or read from a sequence) between two checks
/// for a signal: the GIL is taken back and `KeyboardInterrupt` raised if
/// the host pressed Ctrl-C. About 30 ms of a zoned sweep in a release
/// build; a check costs well under a microsecond.
const CHUNK_ROWS: usize = 1 << 16;

/// Reads the columns, sweeps them in core without the GIL (in chunks of
/// [`CHUNK_ROWS`], checking for signals between two), and answers with the
/// due ids (taken from `ids`) and the next deadline.
pub(crate) fn sweep_columns<'py>(
    py: Python<'py>,
    engine: &leadrules::Engine,
    workflow: &str,
    columns: &PyColumns<'_, 'py>,
    now: i64,
) -> PyResult<Bound<'py, PyAny>> {
    let stages = codes(columns.stages, "stages", |name| engine.stage_code(workflow, name))?;
    let created_at = times(columns.created_at, "created_at")?;
    let optional =
        |column: Option<&Bound<'py, PyAny>>, name: &str| column.map(|c| times(c, name)).transpose();
    let expires_at = optional(columns.expires_at, "expires_at")?;
    let accepted_at = optional(columns.accepted_at, "accepted_at")?;
    let reassigned_at = optional(columns.reassigned_at, "reassigned_at")?;
    let templates = columns
        .templates
        .map(|t| codes(t, "templates", |name| engine.template_code(name)))
        .transpose()?;
    leadrules::require_column_rows("ids", columns.ids.len()?, stages.len()).map_err(|e| to_py_err(py, &e))?;
    let lead_columns = LeadColumns {
        stages: &stages,
        created_at: &created_at,
        expires_at: expires_at.as_deref(),
        accepted_at: accepted_at.as_deref(),
        reassigned_at: reassigned_at.as_deref(),
        templates: templates.as_deref(),
    };
    let swept = sweep_in_chunks(py, engine, workflow, &lead_columns, now)?;
    let due = PyList::empty(py);
    for row in swept.due {
        due.append(columns.ids.get_item(row)?)?;
    }
    let next = swept
        .next_deadline
        .and_then(|s| chrono::DateTime::from_timestamp(s, 0))
        .map(|t| t.fixed_offset());
    sweep_result(py, due, next)
}

/// Core's column sweep, [`CHUNK_ROWS`] rows at a time without the GIL,
/// checking for signals in between: the answer (and the first error, its
/// row counted from the first row) is that of one sweep over all rows,
/// since core sweeps each row on its own, in order, and stops at the first
/// error. Columns of unequal length go to core whole: it refuses them
/// before reading any row.
fn sweep_in_chunks(
    py: Python<'_>,
    engine: &leadrules::Engine,
    workflow: &str,
    columns: &LeadColumns<'_>,
    now: i64,
) -> PyResult<ColumnSweep> {
    let rows = columns.stages.len();
    let lengths = [
        Some(columns.created_at.len()),
        columns.expires_at.map(<[i64]>::len),
    ]
    .into_iter()
    .chain([columns.accepted_at, columns.reassigned_at].map(|c| c.map(<[i64]>::len)))
    .chain([columns.templates.map(<[u32]>::len)]);
    let equal = lengths.flatten().all(|len| len == rows);
    if !equal || rows <= CHUNK_ROWS {
        // Plain Rust data from here on: other Python threads may run meanwhile.
        return py
            .detach(|| engine.sweep_columns(workflow, columns, now))
            .map_err(|e| to_py_err(py, &e));
    }
    let mut swept = ColumnSweep::default();
    let mut start = 0;
    while start < rows {
        let end = rows.min(start + CHUNK_ROWS);
        let chunk = chunk_of(columns, start, end);
        let part = py
            .detach(|| engine.sweep_columns(workflow, &chunk, now))
            .map_err(|e| to_py_err(py, &at_row_from(e, start)))?;
        swept.due.extend(part.due.into_iter().map(|row| row + start));
        swept.next_deadline = match (swept.next_deadline, part.next_deadline) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        // The GIL is held again: a Ctrl-C pressed meanwhile raises here.
        py.check_signals()?;
        start = end;
    }
    Ok(swept)
}

/// The rows `start..end` of every column (all of the same length).
fn chunk_of<'a>(columns: &LeadColumns<'a>, start: usize, end: usize) -> LeadColumns<'a> {
    fn rows<T>(column: &[T], start: usize, end: usize) -> &[T] {
        column.get(start..end).unwrap_or_default()
    }
    LeadColumns {
        stages: rows(columns.stages, start, end),
        created_at: rows(columns.created_at, start, end),
        expires_at: columns.expires_at.map(|c| rows(c, start, end)),
        accepted_at: columns.accepted_at.map(|c| rows(c, start, end)),
        reassigned_at: columns.reassigned_at.map(|c| rows(c, start, end)),
        templates: columns.templates.map(|c| rows(c, start, end)),
    }
}

/// A chunk's error with its row (`created_at[5]`) counted from the whole
/// column's first row, as one sweep over all rows names it.
fn at_row_from(mut error: leadrules::Error, start: usize) -> leadrules::Error {
    let row = error
        .path
        .strip_suffix(']')
        .and_then(|path| path.split_once('['))
        .and_then(|(column, row)| Some((column, row.parse::<usize>().ok()?)));
    if let Some((column, row)) = row {
        error.path = format!("{column}[{}]", row + start);
    }
    error
}

/// Checks for a signal every [`CHUNK_ROWS`] rows of a column read with
/// the GIL held (a long sequence read in Rust runs no bytecode that would).
fn check_signals_at(py: Python<'_>, row: usize) -> PyResult<()> {
    if row % CHUNK_ROWS == CHUNK_ROWS - 1 {
        py.check_signals()?;
    }
    Ok(())
}

/// A column of Unix seconds: a buffer of integers (NumPy `int64`,
/// `array('q')`; `NO_TIME`, which is also NumPy's NaT, marks an absent
/// time) or a sequence of `int` / `None`. A `bool` is no time.
fn times(column: &Bound<'_, PyAny>, name: &str) -> PyResult<Vec<i64>> {
    const EXPECTED: &str = "an int (Unix seconds) or None";
    let py = column.py();
    if let Some(values) = buffer_ints(column, name, EXPECTED)? {
        return Ok(values);
    }
    let mut out = Vec::with_capacity(column.len().unwrap_or(0));
    for (row, item) in column.try_iter()?.enumerate() {
        check_signals_at(py, row)?;
        let item = item?;
        out.push(if item.is_none() {
            NO_TIME
        } else {
            int(&item, name, row, EXPECTED)?
        });
    }
    Ok(out)
}

/// A column of codes: a buffer of integers, or a sequence whose items are
/// codes (`int`, not `bool`) or names (`str`, looked up with `by_name`).
fn codes(column: &Bound<'_, PyAny>, name: &str, by_name: impl Fn(&str) -> Option<u32>) -> PyResult<Vec<u32>> {
    const EXPECTED: &str = "a str or an int code";
    let py = column.py();
    if let Some(values) = buffer_ints(column, name, EXPECTED)? {
        // A negative or oversized code names nothing: core reports the row.
        return Ok(values
            .into_iter()
            .map(|v| u32::try_from(v).unwrap_or(u32::MAX))
            .collect());
    }
    let mut out = Vec::with_capacity(column.len().unwrap_or(0));
    for (row, item) in column.try_iter()?.enumerate() {
        check_signals_at(py, row)?;
        let item = item?;
        let code = match item.cast::<PyString>() {
            Ok(text) => by_name(&text.to_cow()?).unwrap_or(u32::MAX),
            Err(_) => u32::try_from(int(&item, name, row, EXPECTED)?).unwrap_or(u32::MAX),
        };
        out.push(code);
    }
    Ok(out)
}

/// An item of a sequence column as an `i64`: an `int` (or an object with
/// `__index__`), never a `bool`. An exception that is no `Exception`
/// (`KeyboardInterrupt` from the item's `__index__`) propagates as it is;
/// any other failure is a `TypeError` naming the row, with the item's own
/// exception as its cause.
fn int(item: &Bound<'_, PyAny>, name: &str, row: usize, expected: &str) -> PyResult<i64> {
    let py = item.py();
    if item.is_instance_of::<PyBool>() {
        return Err(column_type_error(name, row, expected));
    }
    item.extract::<i64>().map_err(|cause| {
        if !cause.is_instance_of::<PyException>(py) {
            return cause;
        }
        let error = column_type_error(name, row, expected);
        error.set_cause(py, Some(cause));
        error
    })
}

/// The integers of a one-dimensional buffer, `None` for an object without
/// the buffer protocol. Read through `memoryview.tobytes()`: the stable
/// ABI this module is built for has no direct buffer access before 3.11.
/// Items of an unsigned 64-bit buffer beyond `i64` are refused by row, as
/// the same `int`s in a sequence are (never wrapped to negative numbers).
fn buffer_ints(column: &Bound<'_, PyAny>, name: &str, expected: &str) -> PyResult<Option<Vec<i64>>> {
    let py = column.py();
    if column.is_instance_of::<PyString>() {
        return Ok(None);
    }
    let memoryview = MEMORYVIEW.import(py, "builtins", "memoryview")?;
    let view = match memoryview.call1((column,)) {
        Ok(view) => view,
        // No buffer: a sequence, read item by item.
        Err(e) if e.is_instance_of::<PyTypeError>(py) => return Ok(None),
        // The host's own buffer code raised: its exception, as it is.
        Err(e) => return Err(e),
    };
    let format: String = view.getattr("format")?.extract()?;
    let itemsize: usize = view.getattr("itemsize")?.extract()?;
    let ndim: usize = view.getattr("ndim")?.extract()?;
    if ndim != 1 {
        return Err(PyTypeError::new_err(format!(
            "column `{name}` must be one-dimensional"
        )));
    }
    let kind = format.trim_start_matches(['@', '=', '<']);
    let signed = match kind {
        "b" | "h" | "i" | "l" | "q" | "n" => true,
        "B" | "H" | "I" | "L" | "Q" | "N" => false,
        _ => {
            return Err(PyTypeError::new_err(format!(
                "column `{name}` holds items of format `{format}`; expected integers"
            )))
        }
    };
    if !cfg!(target_endian = "little") || itemsize == 0 || itemsize > 8 {
        return Err(PyTypeError::new_err(format!(
            "column `{name}`: unsupported item size {itemsize}"
        )));
    }
    let bytes = view.call_method0("tobytes")?;
    let bytes = bytes.cast::<PyBytes>()?.as_bytes();
    let bits = (itemsize * 8) as u32;
    let read = |(row, chunk): (usize, &[u8])| -> PyResult<i64> {
        let mut raw = [0u8; 8];
        raw.iter_mut().zip(chunk).for_each(|(to, from)| *to = *from);
        let unsigned = u64::from_le_bytes(raw);
        if signed && bits < 64 {
            // Sign-extend from the item's width.
            let shift = 64 - bits;
            Ok(((unsigned << shift) as i64) >> shift)
        } else if signed {
            Ok(unsigned as i64)
        } else {
            i64::try_from(unsigned).map_err(|_| column_type_error(name, row, expected))
        }
    };
    bytes
        .chunks_exact(itemsize)
        .enumerate()
        .map(read)
        .collect::<PyResult<Vec<i64>>>()
        .map(Some)
}

fn column_type_error(name: &str, row: usize, expected: &str) -> PyErr {
    PyTypeError::new_err(format!("{name}[{row}] must be {expected}"))
}
