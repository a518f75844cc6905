//! The question a `Decision` of handles keeps instead of its answer: the
//! handles themselves and the plain arguments, asked of core again when
//! the answer is first read (its reasons, effects, stages, text, hash).
//! Core answers the same question the same way (it reads no clock and
//! keeps no state; the handles are frozen), so the answer read is the one
//! the call gave; a page that reads only `allowed` builds none.

use leadrules::protocol::{Answer, Response};
use leadrules::workflow::FormFields;
use leadrules::{OrgId, Route, Timestamp};
use pyo3::prelude::*;
use pyo3::types::PyString;
use serde_json::Value;

use super::{PreparedActor, PreparedLead, PreparedWorkflowLead};
use crate::engine::Engine;
use crate::errors::{internal, to_py_err};

/// A question of handles, kept to be asked again.
pub(crate) enum Asked {
    /// `can_handover` / `can_cross_silo`.
    Transfer {
        engine: Py<Engine>,
        actor: Py<PreparedActor>,
        lead: Py<PreparedLead>,
        route: Route,
        to: OrgId,
    },
    /// `transition` with an action name, an optional dict of fields (as
    /// JSON) and a time.
    Transition {
        engine: Py<Engine>,
        actor: Py<PreparedActor>,
        lead: Py<PreparedWorkflowLead>,
        action: Py<PyString>,
        form: Option<Value>,
        now: Option<Timestamp>,
    },
}

impl Asked {
    /// Core's owned answer to the question, asked again.
    pub(crate) fn answer(&self, py: Python<'_>) -> PyResult<Answer> {
        let answered = match self {
            Asked::Transfer {
                engine,
                actor,
                lead,
                route,
                to,
            } => {
                let core = engine.get().core();
                let decision = core
                    .transfer_prepared(*route, &actor.get().fact, &lead.get().fact, *to)
                    .map_err(|e| to_py_err(py, &e))?;
                Answer::of(core, &Response::Transfer(decision))
            }
            Asked::Transition {
                engine,
                actor,
                lead,
                action,
                form,
                now,
            } => {
                let core = engine.get().core();
                let action = action.bind(py);
                let name = action.to_str()?;
                let fields = form.as_ref().and_then(FormFields::of);
                let decision = core
                    .transition_prepared(&actor.get().fact, &lead.get().fact, name, fields, *now)
                    .map_err(|e| to_py_err(py, &e))?;
                Answer::of(core, &Response::Transition(decision))
            }
        };
        answered.ok_or_else(|| internal(py, "a question was not answered with a decision"))
    }
}
