//! A workflow's read-only view as Python records: core's `WorkflowView`
//! copied into `leadrules.Workflow` and its `leadrules.Stage`s.

use leadrules::WorkflowView;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::PyTuple;

static WORKFLOW: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
static STAGE: PyOnceLock<Py<PyAny>> = PyOnceLock::new();

/// `leadrules.Workflow(name, stages, sub_stages, actions)`.
pub(crate) fn workflow<'py>(py: Python<'py>, view: &WorkflowView<'_>) -> PyResult<Bound<'py, PyAny>> {
    let stage_class = STAGE.import(py, "leadrules._workflow", "Stage")?;
    let stages = view
        .stages()
        .map(|stage| {
            stage_class.call1((
                stage.name(),
                stage.id().code(),
                stage.initial(),
                stage.terminal(),
                stage.archived(),
                stage.expiry().map(|p| p.as_str()),
            ))
        })
        .collect::<PyResult<Vec<_>>>()?;
    let class = WORKFLOW.import(py, "leadrules._workflow", "Workflow")?;
    class.call1((
        view.name(),
        PyTuple::new(py, stages)?,
        PyTuple::new(py, view.sub_stages())?,
        PyTuple::new(py, view.action_names())?,
    ))
}
