//! Expiry answers as Python records, and the columnar sweep: columns of
//! ids, stages and Unix times (lists, or any buffer such as a NumPy array)
//! read into Rust vectors, then swept with the GIL released.

use leadrules::{ColumnSweep, ExpiryStatus, LeadColumns, Timestamp, NO_TIME};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyBytes, PyList, PyString};

use crate::errors::to_py_err;

static EXPIRY: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
static SWEEP_RESULT: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
static INSTANT: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
static MEMORYVIEW: PyOnceLock<Py<PyAny>> = PyOnceLock::new();

/// An aware UTC `datetime` (microsecond precision, as Python's).
pub(crate) fn instant<'py>(py: Python<'py>, at: Option<Timestamp>) -> PyResult<Bound<'py, PyAny>> {
    match at {
        None => Ok(py.None().into_bound(py)),
        Some(at) => INSTANT
            .import(py, "leadrules._types", "_instant")?
            .call1((at.timestamp(), at.timestamp_subsec_micros())),
    }
}

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

/// Reads the columns, sweeps them in core without the GIL, and answers
/// with the due ids (taken from `ids`) and the next deadline.
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
    if columns.ids.len()? != stages.len() {
        return Err(to_py_err(
            py,
            &leadrules::Error::new(
                leadrules::ErrorCode::InvalidRequest,
                "ids",
                format!("has {} rows; `stages` has {}", columns.ids.len()?, stages.len()),
            ),
        ));
    }
    let lead_columns = LeadColumns {
        stages: &stages,
        created_at: &created_at,
        expires_at: expires_at.as_deref(),
        accepted_at: accepted_at.as_deref(),
        reassigned_at: reassigned_at.as_deref(),
        templates: templates.as_deref(),
    };
    // Plain Rust data from here on: other Python threads may run meanwhile.
    let swept: Result<ColumnSweep, leadrules::Error> =
        py.detach(|| engine.sweep_columns(workflow, &lead_columns, now));
    let swept = swept.map_err(|e| to_py_err(py, &e))?;
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

/// A column of Unix seconds: a buffer of integers (NumPy `int64`,
/// `array('q')`; `NO_TIME`, which is also NumPy's NaT, marks an absent
/// time) or a sequence of `int` / `None`.
fn times(column: &Bound<'_, PyAny>, name: &str) -> PyResult<Vec<i64>> {
    if let Some(values) = buffer_ints(column, name)? {
        return Ok(values);
    }
    let mut out = Vec::with_capacity(column.len().unwrap_or(0));
    for (row, item) in column.try_iter()?.enumerate() {
        let item = item?;
        out.push(if item.is_none() {
            NO_TIME
        } else {
            item.extract::<i64>()
                .map_err(|_| column_type_error(name, row, "an int (Unix seconds) or None"))?
        });
    }
    Ok(out)
}

/// A column of codes: a buffer of integers, or a sequence whose items are
/// codes (`int`) or names (`str`, looked up with `by_name`).
fn codes(column: &Bound<'_, PyAny>, name: &str, by_name: impl Fn(&str) -> Option<u32>) -> PyResult<Vec<u32>> {
    if let Some(values) = buffer_ints(column, name)? {
        // A negative or oversized code names nothing: core reports the row.
        return Ok(values
            .into_iter()
            .map(|v| u32::try_from(v).unwrap_or(u32::MAX))
            .collect());
    }
    let mut out = Vec::with_capacity(column.len().unwrap_or(0));
    for (row, item) in column.try_iter()?.enumerate() {
        let item = item?;
        let code = match item.cast::<PyString>() {
            Ok(text) => by_name(&text.to_cow()?).unwrap_or(u32::MAX),
            Err(_) => item
                .extract::<i64>()
                .map(|v| u32::try_from(v).unwrap_or(u32::MAX))
                .map_err(|_| column_type_error(name, row, "a str or an int code"))?,
        };
        out.push(code);
    }
    Ok(out)
}

/// The integers of a one-dimensional buffer, `None` for an object without
/// the buffer protocol. Read through `memoryview.tobytes()`: the stable
/// ABI this module is built for has no direct buffer access before 3.11.
fn buffer_ints(column: &Bound<'_, PyAny>, name: &str) -> PyResult<Option<Vec<i64>>> {
    let py = column.py();
    if column.is_instance_of::<PyString>() {
        return Ok(None);
    }
    let memoryview = MEMORYVIEW.import(py, "builtins", "memoryview")?;
    let Ok(view) = memoryview.call1((column,)) else {
        return Ok(None);
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
    let bytes = view.call_method0("tobytes")?;
    let bytes = bytes.cast::<PyBytes>()?.as_bytes();
    let read = |chunk: &[u8]| -> i64 {
        let mut raw = [0u8; 8];
        raw.iter_mut().zip(chunk).for_each(|(to, from)| *to = *from);
        let unsigned = u64::from_le_bytes(raw);
        let bits = (itemsize * 8) as u32;
        if signed && bits < 64 {
            // Sign-extend from the item's width.
            let shift = 64 - bits;
            ((unsigned << shift) as i64) >> shift
        } else {
            unsigned as i64
        }
    };
    if !cfg!(target_endian = "little") || itemsize == 0 || itemsize > 8 {
        return Err(PyTypeError::new_err(format!(
            "column `{name}`: unsupported item size {itemsize}"
        )));
    }
    Ok(Some(bytes.chunks_exact(itemsize).map(read).collect()))
}

fn column_type_error(name: &str, row: usize, expected: &str) -> PyErr {
    PyTypeError::new_err(format!("{name}[{row}] must be {expected}"))
}
