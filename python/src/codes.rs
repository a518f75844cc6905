//! Core's codes on the Python side: the members of the `str` enums of
//! `leadrules._codes` (`DenialCode`, `Route`) that answers hand out, looked
//! up by position in tables built on first use, and the code lists the
//! module exports for the enums to be tested against.

use leadrules::{DenialCode, Route};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyList, PyString};

/// The members of `leadrules.DenialCode` and `leadrules.Route`, in the
/// order of `DenialCode::ALL` and `ROUTES`.
static DENIAL_MEMBERS: PyOnceLock<Vec<Py<PyAny>>> = PyOnceLock::new();
static ROUTE_MEMBERS: PyOnceLock<Vec<Py<PyAny>>> = PyOnceLock::new();

/// Every route, in core's order (the order of `leadrules.Route`).
pub(crate) const ROUTES: [Route; Route::ALL.len()] = Route::ALL;

/// `codes` as a new list of `DenialCode` members.
pub(crate) fn denial_members<'py>(py: Python<'py>, codes: &[DenialCode]) -> PyResult<Bound<'py, PyList>> {
    let members = members(py, &DENIAL_MEMBERS, "DenialCode", DenialCode::NAMES)?;
    let list = PyList::empty(py);
    for &code in codes {
        let index = DenialCode::ALL.iter().position(|&c| c == code);
        list.append(member(py, members, index, code.as_str()))?;
    }
    Ok(list)
}

/// `route` as a `Route` member.
pub(crate) fn route_member(py: Python<'_>, route: Route) -> PyResult<Bound<'_, PyAny>> {
    let members = members(py, &ROUTE_MEMBERS, "Route", Route::NAMES)?;
    let index = Route::ALL.iter().position(|&r| r == route);
    Ok(member(py, members, index, route.as_str()))
}

/// The members of the enum `leadrules._codes.<class>` named `names`, in
/// order: looked up once.
fn members<'a, const N: usize>(
    py: Python<'_>,
    cell: &'a PyOnceLock<Vec<Py<PyAny>>>,
    class: &str,
    names: [&'static str; N],
) -> PyResult<&'a [Py<PyAny>]> {
    cell.get_or_try_init(py, || {
        let class = py.import("leadrules._codes")?.getattr(class)?;
        names
            .into_iter()
            .map(|name| class.call1((name,)).map(Bound::unbind))
            .collect()
    })
    .map(Vec::as_slice)
}

/// The member at `index`, or the plain text of a code that has none.
fn member<'py>(
    py: Python<'py>,
    members: &[Py<PyAny>],
    index: Option<usize>,
    text: &str,
) -> Bound<'py, PyAny> {
    match index.and_then(|i| members.get(i)) {
        Some(member) => member.bind(py).clone(),
        None => PyString::new(py, text).into_any(),
    }
}
