//! A call's request read by core's one reader and answered, once.
//!
//! Plain objects (`input.rs`) are read in place; anything else is converted
//! first (`convert.rs`: host values, mappings, records), argument by
//! argument in call order, and the converted value is read by the same
//! reader. Either way the rules run once. Reading Python objects needs the
//! GIL; the rules on a large request (by the bytes of its text) run
//! without it.
//!
//! Which error a request gets is the converted way's: a value that does not
//! convert is reported before anything the reader finds. The plain way
//! cannot meet such a value but a `str` that is not Unicode (or a value a
//! tzinfo's code put in a dict meanwhile), so when its read or answer
//! fails, the arguments are converted once to find it; when they convert,
//! the reader's error stands.

use leadrules::protocol::{Key, Request, Response};
use leadrules::{Engine, RequestWarning, Route, UnknownKeys};
use pyo3::prelude::*;
use serde_json::{Map, Value};

use crate::convert::{to_value, Budget};
use crate::engine::detached_if;
use crate::errors::{not_json_request, to_py_err};
use crate::input::{Args, Lent, Lookups, PyInput, Reading, Root};
use crate::warn::warn;

/// What is read: a typed call's arguments (its kind known), or `decide`'s
/// request object.
#[derive(Clone, Copy)]
pub(crate) enum Call<'a, 'py> {
    /// A typed call of `kind` with these arguments.
    Typed(&'static str, &'a Args<'a, 'py>),
    /// `decide`'s request.
    Request(&'a Bound<'py, PyAny>),
}

impl<'a, 'py> Call<'a, 'py> {
    /// The values and the path each is read at, in call order.
    fn roots(self) -> Vec<(&'static str, &'a Bound<'py, PyAny>)> {
        match self {
            Call::Typed(_, args) => args.iter().map(|(key, value)| (key.as_str(), *value)).collect(),
            Call::Request(request) => vec![("", request)],
        }
    }

    /// Where the reading of the request starts if it is plain (see
    /// `input.rs`) and certainly within a request's budget.
    fn plain(self, reading: &mut Reading<'_, 'py>) -> Option<Root<'a, 'py>> {
        let root = match self {
            Call::Typed(_, args) => reading.check_args(args).then_some(Root::Args(args))?,
            Call::Request(request) => Root::Value(request, reading.check_value(request)?),
        };
        reading.size.fits(&Budget::request()).then_some(root)
    }

    /// The request as a value, converted (the first value that does not
    /// convert is the error), and the bytes of its text.
    fn converted(self, py: Python<'py>) -> PyResult<(Value, usize)> {
        let mut budget = Budget::request();
        let value = match self {
            Call::Typed(_, args) => {
                let mut map = Map::with_capacity(args.len());
                for (key, value) in args {
                    let value =
                        to_value(value, &mut budget).map_err(|e| not_json_request(py, e, key.as_str()))?;
                    map.insert(key.as_str().to_owned(), value);
                }
                Value::Object(map)
            }
            Call::Request(request) => {
                to_value(request, &mut budget).map_err(|e| not_json_request(py, e, ""))?
            }
        };
        Ok((value, budget.used()))
    }

    /// The conversion's error, if any value does not convert.
    fn conversion_error(self, py: Python<'py>) -> Option<PyErr> {
        let mut budget = Budget::request();
        self.roots().into_iter().find_map(|(root, value)| {
            to_value(value, &mut budget)
                .err()
                .map(|e| not_json_request(py, e, root))
        })
    }
}

/// Reads `call`, answers it in core, and hands the request's warnings
/// (an engine that warns on unknown keys) and the answer to `respond`,
/// then warns them in Python. Also answers the form fields of a
/// transition, owned (moved out of the read once it is over).
pub(crate) fn ask<T>(
    py: Python<'_>,
    engine: &Engine,
    lookups: &Lookups,
    call: Call<'_, '_>,
    respond: impl FnOnce(&[RequestWarning], &Response<'_>) -> PyResult<T>,
) -> PyResult<(T, Option<Map<String, Value>>)> {
    let mut reading = Reading::new(py, lookups);
    let Some(root) = call.plain(&mut reading) else {
        drop(reading);
        return ask_converted(py, engine, call, respond);
    };
    let size = reading.size;
    // None (and nothing looked at) unless the engine checks unknown keys.
    let mut warnings = Vec::new();
    let answered = {
        let lent = Lent::new();
        let input = PyInput::root(&reading, &lent, root);
        // An ignoring engine's calls (most) look at no key and build no
        // result of the check.
        let checked = if engine.unknown_keys() == UnknownKeys::Ignore {
            Ok(())
        } else {
            engine.check_request_keys(&input).map(|found| warnings = found)
        };
        let read = match checked {
            Ok(()) => match call {
                Call::Typed(kind, _) => match route(kind) {
                    Some(route) => Request::read_transfer(engine, route, &input),
                    None => Request::read_kind(engine, kind, &input),
                },
                Call::Request(_) => Request::read(engine, input),
            },
            Err(error) => Err(error),
        };
        // The request is answered where it was read: it is a large value
        // to move, and an error is rare.
        match &read {
            Ok(request) => match detached_if(py, size.least, || answer(engine, request)) {
                Ok(response) => Ok(respond(&warnings, &response)),
                Err(error) => Err(error),
            },
            Err(error) => Err(error.clone()),
        }
    };
    match answered {
        Ok(value) => {
            let value = value?;
            if !warnings.is_empty() {
                warn(py, &warnings)?;
            }
            Ok((value, reading.take_form()))
        }
        Err(error) => Err(reading
            .raised()
            .or_else(|| call.conversion_error(py))
            .unwrap_or_else(|| to_py_err(py, &error))),
    }
}

/// The route of a transfer's kind.
fn route(kind: &str) -> Option<Route> {
    match kind {
        "handover" => Some(Route::Handover),
        "cross_silo" => Some(Route::CrossSilo),
        _ => None,
    }
}

/// Answers a read request as [`Engine::answer`] does; a transfer by
/// [`Engine::transfer`] itself, the typed call a host makes in its hot
/// loops (the whole dispatch is much more code to run through); a large
/// batch of match keys on several threads (`batch.rs`).
fn answer<'v>(engine: &'v Engine, request: &Request<'v>) -> Result<Response<'v>, leadrules::Error> {
    match request {
        Request::Transfer {
            route,
            actor,
            lead,
            to,
        } => Ok(Response::Transfer(engine.transfer(*route, actor, lead, *to))),
        Request::MatchKeysMany { leads } => Ok(Response::MatchKeysMany(crate::batch::match_keys_many(
            engine, leads,
        ))),
        _ => engine.answer(request),
    }
}

/// [`ask`] for a request that is not plain: converted, then read.
fn ask_converted<T>(
    py: Python<'_>,
    engine: &Engine,
    call: Call<'_, '_>,
    respond: impl FnOnce(&[RequestWarning], &Response<'_>) -> PyResult<T>,
) -> PyResult<(T, Option<Map<String, Value>>)> {
    let (mut value, size) = call.converted(py)?;
    let kind = match call {
        Call::Typed(kind, _) => Some(kind),
        Call::Request(_) => None,
    };
    let answered = {
        let value = &value;
        let read = detached_if(py, size, || {
            let warnings = engine.check_request_keys(&value)?;
            let request = match kind {
                Some(kind) => Request::read_kind(engine, kind, &value)?,
                None => Request::read(engine, value)?,
            };
            let response = engine.answer(&request)?;
            Ok((warnings, response))
        });
        match read {
            Ok((warnings, response)) => {
                let answered = respond(&warnings, &response)?;
                warn(py, &warnings)?;
                Ok(answered)
            }
            Err(error) => Err(to_py_err(py, &error)),
        }
    }?;
    let form = match value
        .as_object_mut()
        .and_then(|map| map.remove(Key::Fields.as_str()))
    {
        Some(Value::Object(map)) => Some(map),
        _ => None,
    };
    Ok((answered, form))
}
