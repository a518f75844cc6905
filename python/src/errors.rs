//! Core errors (and panics) → the exceptions of `leadrules._errors`.
//!
//! The exception classes are plain Python (picklable, documented, typed);
//! this file only picks the class by code, via `_errors.error_class`, and
//! builds an instance. Raising is the cold path: nothing here is tuned.

use std::any::Any;
use std::panic::{catch_unwind, AssertUnwindSafe};

use leadrules::{shorten_message, shorten_path, Error, ErrorCode, Problem};
use pyo3::exceptions::PyException;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyList};

use crate::convert::NotJson;

/// `leadrules._errors.error_class`, imported once.
static ERROR_CLASS: PyOnceLock<Py<PyAny>> = PyOnceLock::new();

/// The code of an [`internal`] error (not a protocol code: it never comes
/// from bad input).
pub(crate) const INTERNAL: &str = "internal";

/// The Python exception for a core error.
pub(crate) fn to_py_err(py: Python<'_>, error: &Error) -> PyErr {
    raise(
        py,
        error.code.as_str(),
        &error.message,
        &error.path,
        &error.problems,
    )
}

/// An `InternalError`: the binding or core broke a promise (a panic, an
/// answer of the wrong kind). Never caused by the caller's input.
pub(crate) fn internal(py: Python<'_>, message: &str) -> PyErr {
    raise(py, INTERNAL, message, "", &[])
}

/// A request value that is not JSON: `invalid_request` at its path below
/// `root` (`""`, `"actor"`, `"lead"`, `"to"`).
pub(crate) fn not_json_request(py: Python<'_>, mut error: NotJson, root: &str) -> PyErr {
    if let Some(limit) = error.too_large_for() {
        // As request text over the limit is refused: at the root.
        let message = format!(
            "the request is more than {limit} bytes as JSON text; at most {limit} are read \
             (sweep larger books by columns)"
        );
        return raise(py, ErrorCode::InvalidRequest.as_str(), &message, "", &[]);
    }
    let raised = raise(
        py,
        ErrorCode::InvalidRequest.as_str(),
        &shorten_message(error.message().to_owned()),
        &shorten_path(error.path(root)),
        &[],
    );
    caused_by(py, raised, error.take_cause())
}

/// A config value that is not JSON: `invalid_config` at its path.
pub(crate) fn not_json_config(py: Python<'_>, mut error: NotJson) -> PyErr {
    if let Some(limit) = error.too_large_for() {
        // As config text over the limit is refused: at the root.
        let message = format!("the config is more than {limit} bytes as JSON text; at most {limit} are read");
        return config_error(py, "", &message);
    }
    let raised = config_error(py, &error.path(""), error.message());
    caused_by(py, raised, error.take_cause())
}

/// `error` with `cause` (an exception the caller's own code raised while
/// its value was read) as its `__cause__`. A cause that is no `Exception`
/// (`KeyboardInterrupt`, `SystemExit`) is not ours to turn into an error:
/// it propagates as it is.
fn caused_by(py: Python<'_>, error: PyErr, cause: Option<PyErr>) -> PyErr {
    match cause {
        None => error,
        Some(cause) if !cause.is_instance_of::<PyException>(py) => cause,
        Some(cause) => {
            error.set_cause(py, Some(cause));
            error
        }
    }
}

/// `invalid_config` with one problem (a config value that is not JSON, or
/// config text that is not Unicode).
pub(crate) fn config_error(py: Python<'_>, path: &str, message: &str) -> PyErr {
    let problem = Problem {
        path: shorten_path(path.to_owned()),
        message: shorten_message(message.to_owned()),
    };
    raise(
        py,
        ErrorCode::InvalidConfig.as_str(),
        &problem.message,
        &problem.path,
        std::slice::from_ref(&problem),
    )
}

/// `invalid_json` at the root: request text that cannot even be read.
pub(crate) fn invalid_json(py: Python<'_>, message: &str) -> PyErr {
    raise(py, ErrorCode::InvalidJson.as_str(), message, "", &[])
}

/// Runs a conversion and core call, turning a panic into an
/// `InternalError` instead of PyO3's `PanicException` (a `BaseException`
/// that `except Exception` would not catch). Converting the caller's values
/// belongs inside too: it runs their Python code, and PyO3 resumes a panic
/// when that code raises a `PanicException`.
pub(crate) fn guard<T>(py: Python<'_>, call: impl FnOnce() -> PyResult<T>) -> PyResult<T> {
    match catch_unwind(AssertUnwindSafe(call)) {
        Ok(result) => result,
        Err(payload) => Err(internal(
            py,
            &format!("leadrules panicked: {}", panic_message(payload.as_ref())),
        )),
    }
}

fn panic_message(payload: &(dyn Any + Send)) -> &str {
    if let Some(s) = payload.downcast_ref::<&str>() {
        s
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s
    } else {
        "(no message)"
    }
}

fn raise(py: Python<'_>, code: &str, message: &str, path: &str, problems: &[Problem]) -> PyErr {
    match build(py, code, message, path, problems) {
        Ok(exception) => PyErr::from_value(exception),
        // `leadrules._errors` itself is broken: that error says more.
        Err(e) => e,
    }
}

fn build<'py>(
    py: Python<'py>,
    code: &str,
    message: &str,
    path: &str,
    problems: &[Problem],
) -> PyResult<Bound<'py, PyAny>> {
    let error_class = ERROR_CLASS.import(py, "leadrules._errors", "error_class")?;
    let list = PyList::empty(py);
    for problem in problems {
        let item = PyDict::new(py);
        item.set_item("path", &problem.path)?;
        item.set_item("message", &problem.message)?;
        list.append(item)?;
    }
    error_class.call1((code,))?.call1((code, message, path, list))
}
