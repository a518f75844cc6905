//! The JSON protocol, version 1 (docs/protocol.md): one request object with a
//! `kind`, one response object. Shared by every binding so that all three
//! languages read and answer exactly alike.

mod answer;
mod answer_read;
mod fields;
mod out;
mod read;
mod read_workflow;
mod render;
mod shape;

use serde_json::{Map, Value};

use crate::create::{EditedLead, NewLead};
use crate::decision::Decision;
use crate::engine::Engine;
use crate::error::{Error, ErrorCode};
use crate::expiry::{ExpiryStatus, Sweep};
use crate::handover::{Route, Targets, TransferDecision};
use crate::json::{self, Refusal};
use crate::link::LinkRequest;
use crate::model::{Actor, HeldLead};
use crate::path::Path;
use crate::time::Timestamp;
use crate::workflow::{ActionOption, TransitionDecision, WorkflowLead, WorkflowRequest};

pub use crate::path::{push_path, PathSegment};
pub use answer::{Answer, AnswerEffect, AnswerReason, AnswerValue, DetailKey};
pub use answer_read::AnswerError;
pub use out::Out;
pub use render::{error_value, problems_value, reason_value};

/// The protocol version this build speaks.
pub const PROTOCOL_VERSION: u32 = 1;

/// Every request kind of protocol v1.
pub const KINDS: [&str; 10] = [
    "handover",
    "cross_silo",
    "targets",
    "create",
    "edit",
    "link",
    "transition",
    "actions",
    "expiry",
    "sweep",
];

/// A request read and resolved against an engine, borrowing from the JSON.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Request<'v> {
    /// `handover` or `cross_silo`: may `actor` send `lead` to `to` by `route`?
    Transfer {
        /// The mechanism asked for.
        route: Route,
        /// Who asks.
        actor: Actor<'v>,
        /// The lead to move.
        lead: HeldLead<'v>,
        /// The target org.
        to: crate::OrgId,
    },
    /// `targets`: where may `actor` send `lead`?
    Targets {
        /// Who asks.
        actor: Actor<'v>,
        /// The lead to move.
        lead: HeldLead<'v>,
    },
    /// `create`: may `actor` create `lead` as drafted?
    Create {
        /// Who creates.
        actor: Actor<'v>,
        /// The draft.
        lead: NewLead<'v>,
    },
    /// `link`: may these two leads be linked?
    Link(Box<LinkRequest<'v>>),
    /// `transition`: may the actor take `action` on the lead?
    Transition {
        /// The workflow, actor, lead and time.
        request: WorkflowRequest<'v>,
        /// The action asked for (known to the workflow).
        action: &'v str,
        /// The form fields, if any.
        fields: Option<&'v Map<String, Value>>,
    },
    /// `actions`: every action of the workflow, allowed or not.
    Actions(WorkflowRequest<'v>),
    /// `expiry`: one lead's deadline now.
    Expiry {
        /// The workflow.
        workflow: &'v str,
        /// The time of the question.
        now: Timestamp,
        /// The lead.
        lead: WorkflowLead<'v>,
    },
    /// `sweep`: which of many leads are due now, and when to look next.
    Sweep {
        /// The workflow.
        workflow: &'v str,
        /// The time of the sweep.
        now: Timestamp,
        /// The leads.
        leads: Vec<WorkflowLead<'v>>,
    },
    /// `edit`: may `actor` update `lead`?
    Edit {
        /// Who edits.
        actor: Actor<'v>,
        /// The lead.
        lead: EditedLead<'v>,
    },
}

/// An answer, ready to render.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Response<'v> {
    /// For `handover` and `cross_silo`.
    Transfer(TransferDecision<'v>),
    /// For `targets`.
    Targets(Targets),
    /// For `create`, `edit` and `link`.
    Decision(Decision<'v>),
    /// For `transition`.
    Transition(TransitionDecision<'v>),
    /// For `actions`.
    Actions(Vec<ActionOption<'v>>),
    /// For `expiry`.
    Expiry(ExpiryStatus),
    /// For `sweep`.
    Sweep(Sweep<'v>),
}

impl<'v> Request<'v> {
    /// Reads a request. Fields are checked in a fixed order (kind, then the
    /// kind's fields in protocol order) and the first problem is returned.
    pub fn parse(engine: &Engine, request: &'v Value) -> Result<Request<'v>, Error> {
        let root = Path::Root;
        let map = read::object(request, &root)?;
        let kind = kind(map, &root)?;
        match kind {
            "handover" | "cross_silo" => {
                let route = if kind == "handover" {
                    Route::Handover
                } else {
                    Route::CrossSilo
                };
                let actor = read::actor(engine, map, "actor", &root)?;
                let lead = read::held_lead(engine, map, "lead", &root)?;
                let to = read::org(engine, map, "to", &root)?;
                Ok(Request::Transfer {
                    route,
                    actor,
                    lead,
                    to,
                })
            }
            "targets" => Ok(Request::Targets {
                actor: read::actor(engine, map, "actor", &root)?,
                lead: read::held_lead(engine, map, "lead", &root)?,
            }),
            "create" => {
                let workflow = read::workflow(map, &root)?;
                engine.require_workflow(workflow, "workflow")?;
                Ok(Request::Create {
                    actor: read::actor(engine, map, "actor", &root)?,
                    lead: read::new_lead(engine, workflow, map, &root)?,
                })
            }
            "link" => Ok(Request::Link(Box::new(read::link(engine, map, &root)?))),
            "transition" => {
                let (request, action, fields) = read_workflow::workflow_request(engine, map, true, &root)?;
                Ok(Request::Transition {
                    request,
                    action: action.unwrap_or_default(),
                    fields,
                })
            }
            "expiry" => {
                let (workflow, now, lead) = read_workflow::expiry_request(engine, map, &root)?;
                Ok(Request::Expiry { workflow, now, lead })
            }
            "sweep" => {
                let (workflow, now, leads) = read_workflow::sweep_request(engine, map, &root)?;
                Ok(Request::Sweep { workflow, now, leads })
            }
            "actions" => Ok(Request::Actions(
                read_workflow::workflow_request(engine, map, false, &root)?.0,
            )),
            "edit" => Ok(Request::Edit {
                actor: read::actor(engine, map, "actor", &root)?,
                lead: read::edited_lead(engine, map, &root)?,
            }),
            other => Err(Error::new(
                ErrorCode::UnknownKind,
                "kind",
                format!("unknown kind `{other}` (expected one of: {})", KINDS.join(", ")),
            )),
        }
    }
}

/// The deepest nesting of arrays and objects a request or config may have
/// (the JSON parser's own limit, which every binding's value reader keeps
/// too): 127 levels. Deeper is `invalid_json` in text and `invalid_request`
/// (`invalid_config`) at the path in a host's values.
pub const MAX_NESTING: usize = 127;

/// The largest request text the JSON entry points read: 16 MiB. A larger
/// one is `invalid_request` before any of it is parsed, so a hostile size
/// costs nothing. It bounds a JSON `sweep` to roughly 100,000 leads; larger
/// books go through the column sweep, which takes any size.
pub const MAX_REQUEST_BYTES: usize = 16 * 1024 * 1024;

/// The error for request text of `len` bytes, if that is over
/// [`MAX_REQUEST_BYTES`]: `invalid_request` at the root. The bindings ask it
/// before they look at the bytes (a C host's 1 GB buffer is not even
/// checked for UTF-8).
pub fn check_request_size(len: usize) -> Result<(), Error> {
    if len > MAX_REQUEST_BYTES {
        return Err(Error::new(
            ErrorCode::InvalidRequest,
            "",
            format!("the request is {len} bytes; at most {MAX_REQUEST_BYTES} are read (sweep larger books by columns)"),
        ));
    }
    Ok(())
}

/// Request text as the value [`Request::parse`] reads: `invalid_request`
/// when it is longer than [`MAX_REQUEST_BYTES`] or an object in it repeats
/// a key (at the path of the repeat), `invalid_json` when it is not JSON
/// (nesting deeper than [`MAX_NESTING`] arrays or objects included).
///
/// Only what the protocol reads is built: the host's own keys are checked
/// as above but dropped, and an array or object where the protocol wants
/// a scalar (or a record where it wants a list, ...) is kept as an empty
/// or one-`null` value of its type, which is all a reader can report of
/// it. Answers are those of the whole value; its memory is bounded by what
/// is read.
pub fn request_value(request: &str) -> Result<Value, Error> {
    check_request_size(request.len())?;
    json::parse_shaped(request, shape::REQUEST).map_err(|refusal| match refusal {
        Refusal::NotJson(e) => Error::new(
            ErrorCode::InvalidJson,
            "",
            format!("the request is not valid JSON: {e}"),
        ),
        Refusal::Repeated(path) => Error::new(
            ErrorCode::InvalidRequest,
            path,
            "this key appears twice in its object: which one is meant is not clear",
        ),
    })
}

fn kind<'v>(map: &'v Map<String, Value>, root: &Path<'_>) -> Result<&'v str, Error> {
    match map.get("kind") {
        Some(Value::String(kind)) => Ok(kind),
        None | Some(Value::Null) => Err(read::invalid(&root.key("kind"), "missing `kind`")),
        Some(_) => Err(read::invalid(&root.key("kind"), "`kind` must be a string")),
    }
}

impl Engine {
    /// Answers a parsed request.
    ///
    /// Errors only for a request that was not read by this engine (a
    /// `create` naming a workflow or stage it does not have): a parsed
    /// request has been checked already.
    pub fn answer<'v>(&'v self, request: &Request<'v>) -> Result<Response<'v>, Error> {
        Ok(match request {
            Request::Create { actor, lead } => Response::Decision(self.create(actor, lead)?),
            Request::Edit { actor, lead } => Response::Decision(self.edit(actor, lead)),
            Request::Link(link) => Response::Decision(self.link(link)),
            Request::Transition {
                request,
                action,
                fields,
            } => Response::Transition(self.transition(request, action, *fields)?),
            Request::Actions(request) => Response::Actions(self.actions(request)?),
            Request::Expiry { workflow, now, lead } => Response::Expiry(self.expiry(workflow, lead, *now)?),
            Request::Sweep { workflow, now, leads } => Response::Sweep(self.sweep(workflow, leads, *now)?),
            Request::Transfer {
                route,
                actor,
                lead,
                to,
            } => Response::Transfer(self.transfer(*route, actor, lead, *to)),
            Request::Targets { actor, lead } => Response::Targets(self.targets(actor, lead)),
        })
    }

    /// The JSON entry point over a parsed value: the response object, or
    /// the error for bad input.
    pub fn decide(&self, request: &Value) -> Result<Value, Error> {
        let parsed = Request::parse(self, request)?;
        Ok(self.render(&self.answer(&parsed)?))
    }

    /// The JSON entry point over text: the response object, or the error
    /// (`invalid_json` for text that is not JSON, `invalid_request` for
    /// text over [`MAX_REQUEST_BYTES`]).
    pub fn decide_str(&self, request: &str) -> Result<Value, Error> {
        self.decide(&request_value(request)?)
    }

    /// The JSON entry point, text in and text out: errors come back as the
    /// envelope `{"error": {"code", "message", "path"}}`.
    pub fn decide_json(&self, request: &str) -> String {
        self.decide_text(request)
            .unwrap_or_else(|error| error_value(&error).to_string())
    }

    /// The JSON entry point over text, answering text: the response as
    /// compact JSON (rendered straight to text, with no value tree), or the
    /// error for bad input (as [`Engine::decide_str`]).
    pub fn decide_text(&self, request: &str) -> Result<String, Error> {
        let value = request_value(request)?;
        let parsed = Request::parse(self, &value)?;
        let answer = self.answer(&parsed)?;
        Ok(self.render_json(&answer))
    }

    /// Renders a response as its JSON object.
    pub fn render(&self, response: &Response<'_>) -> Value {
        let mut out = out::Tree::default();
        render::response(self, response, &mut out);
        out.finish()
    }

    /// Renders a response into any [`Out`] (a binding's own objects).
    pub fn render_into(&self, response: &Response<'_>, out: &mut impl Out) {
        render::response(self, response, out);
    }

    /// Renders a response as compact JSON text, exactly as
    /// `render(response).to_string()` but without the value tree.
    pub fn render_json(&self, response: &Response<'_>) -> String {
        let mut out = out::Text::default();
        render::response(self, response, &mut out);
        out.finish()
    }
}
