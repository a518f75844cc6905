//! A request's warnings (an engine that warns on unknown keys) as Python
//! warnings: one `warnings.warn` of a `leadrules.UnknownKeyWarning` each,
//! attributed to the caller's line. A filter that turns them into errors
//! (`warnings.simplefilter("error", leadrules.UnknownKeyWarning)`) raises
//! from the call.

use leadrules::RequestWarning;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;

static UNKNOWN_KEY: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
static WARN: PyOnceLock<Py<PyAny>> = PyOnceLock::new();

/// Warns each of `warnings`, in order; nothing is imported for none.
pub(crate) fn warn(py: Python<'_>, warnings: &[RequestWarning]) -> PyResult<()> {
    if warnings.is_empty() {
        return Ok(());
    }
    let class = UNKNOWN_KEY.import(py, "leadrules._warnings", "UnknownKeyWarning")?;
    let warn = WARN.import(py, "warnings", "warn")?;
    for warning in warnings {
        let instance = class.call1((
            warning.message.as_str(),
            warning.path.as_str(),
            warning.code.as_str(),
        ))?;
        // Stack level 1 from native code: the Python line that called.
        warn.call1((instance, py.None(), 1))?;
    }
    Ok(())
}
