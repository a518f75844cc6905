//! Dispatch by kind: a request read field by field for its kind (by the one
//! reader, from any [`Input`]), and a read request answered by the rule
//! area of its kind.

use serde_json::Value;

use crate::engine::Engine;
use crate::error::{Error, ErrorCode};
use crate::handover::Route;
use crate::path::Path;
use crate::protocol::input::{Input, Key};
use crate::protocol::types::{Request, Response, KINDS};
use crate::protocol::{read, read_assign, read_match, read_sla, read_workflow};
use crate::workflow::FormFields;

impl<'v> Request<'v> {
    /// Reads a request. Fields are checked in a fixed order (kind, then the
    /// kind's fields in protocol order) and the first problem is returned.
    pub fn parse(engine: &Engine, request: &'v Value) -> Result<Request<'v>, Error> {
        Request::read(engine, request)
    }

    /// Reads a request from any [`Input`]: the one reader of every
    /// language, so a binding's own values are read (checked, in order,
    /// with paths) exactly as JSON is.
    pub fn read<I: Input<'v>>(engine: &Engine, request: I) -> Result<Request<'v>, Error> {
        let root = Path::Root;
        let map = read::object(request, &root)?;
        let kind = kind(&map, &root)?;
        Request::read_kind(engine, kind, &map)
    }

    /// Reads the fields of a request of `kind` from the object `map`, whose
    /// own `kind` is not read (a binding's typed call knows it): exactly as
    /// [`Request::read`] reads them after the kind.
    pub fn read_kind<I: Input<'v>>(engine: &Engine, kind: &str, map: &I) -> Result<Request<'v>, Error> {
        let root = Path::Root;
        match kind {
            "handover" => Request::read_transfer(engine, Route::Handover, map),
            "cross_silo" => Request::read_transfer(engine, Route::CrossSilo, map),
            "targets" => Ok(Request::Targets {
                actor: read::actor(engine, map, Key::Actor, &root)?,
                lead: read::held_lead(engine, map, Key::Lead, &root)?,
            }),
            "create" => {
                let workflow = read::workflow(map, &root)?;
                engine.require_workflow(workflow, "workflow")?;
                Ok(Request::Create {
                    actor: read::actor(engine, map, Key::Actor, &root)?,
                    lead: read::new_lead(engine, workflow, map, &root)?,
                })
            }
            "link" => Ok(Request::Link(Box::new(read::link(engine, map, &root)?))),
            "transition" => {
                let (request, action, fields) = read_workflow::workflow_request(engine, map, true, &root)?;
                Ok(Request::Transition {
                    request,
                    action: action.ok_or_else(|| read::invalid(&root.key("action"), "missing `action`"))?,
                    fields: fields.map(FormFields::from),
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
                actor: read::actor(engine, map, Key::Actor, &root)?,
                lead: read::edited_lead(engine, map, &root)?,
            }),
            "assign" => {
                let parts = read_assign::assign_request(engine, map, &root)?;
                Ok(match parts.leads {
                    Ok(lead) => Request::Assign {
                        now: parts.now,
                        lead,
                        pools: parts.pools,
                    },
                    Err(leads) => Request::AssignMany {
                        now: parts.now,
                        leads,
                        pools: parts.pools,
                    },
                })
            }
            "change_owner" => {
                let (actor, lead, to) = read_assign::change_owner_request(engine, map, &root)?;
                Ok(Request::ChangeOwner { actor, lead, to })
            }
            "match_keys" => Ok(match read_match::match_keys_request(map, &root)? {
                Ok(lead) => Request::MatchKeys { lead },
                Err(leads) => Request::MatchKeysMany { leads },
            }),
            "match" => {
                let (lead, candidates) = read_match::match_request(map, &root)?;
                Ok(Request::Match { lead, candidates })
            }
            "sla" => {
                let parts = read_sla::sla_request(engine, map, &root)?;
                Ok(Request::Sla {
                    calendar: parts.calendar,
                    start: parts.start,
                    target: parts.target,
                    now: parts.now,
                    paused: parts.paused,
                })
            }
            other => Err(Error::new(
                ErrorCode::UnknownKind,
                "kind",
                format!("unknown kind `{other}` (expected one of: {})", KINDS.join(", ")),
            )),
        }
    }
}

impl<'v> Request<'v> {
    /// Reads the fields of a handover or cross-silo request (by `route`)
    /// from the object `map`: what [`Request::read_kind`] reads for these
    /// kinds (through this). A binding's typed transfer calls it directly:
    /// a reader of one kind is small, where the hot loop of a host wants
    /// it.
    pub fn read_transfer<I: Input<'v>>(engine: &Engine, route: Route, map: &I) -> Result<Request<'v>, Error> {
        let root = Path::Root;
        let actor = read::actor(engine, map, Key::Actor, &root)?;
        let lead = read::held_lead(engine, map, Key::Lead, &root)?;
        let to = read::org(engine, map, Key::To, &root)?;
        Ok(Request::Transfer {
            route,
            actor,
            lead,
            to,
        })
    }
}

fn kind<'v, I: Input<'v>>(map: &I, root: &Path<'_>) -> Result<&'v str, Error> {
    let at = root.key("kind");
    match read::present(map, Key::Kind) {
        None => Err(read::invalid(&at, "missing `kind`")),
        Some(value) => match value.text() {
            Ok(Some(kind)) => Ok(kind),
            Ok(None) => Err(read::invalid(&at, "`kind` must be a string")),
            Err(message) => Err(read::invalid(&at, message)),
        },
    }
}

impl Engine {
    /// Answers a parsed request.
    ///
    /// Errors only for a request that was not read by this engine (a
    /// `create` naming a workflow or stage it does not have): a parsed
    /// request has been checked already, and what the reader checked is
    /// not checked again (a workflow request's sub-stage and `now`; the
    /// typed [`Engine::transition`] and [`Engine::actions`] check them).
    pub fn answer<'v>(&'v self, request: &Request<'v>) -> Result<Response<'v>, Error> {
        Ok(match request {
            Request::Create { actor, lead } => Response::Decision(self.create(actor, lead)?),
            Request::Edit { actor, lead } => Response::Decision(self.edit(actor, lead)),
            Request::Link(link) => Response::Decision(self.link(link)),
            Request::Transition {
                request,
                action,
                fields,
            } => Response::Transition(self.transition_read(request, *action, *fields)?),
            Request::Actions(request) => Response::Actions(self.actions_read(request)?),
            Request::Expiry { workflow, now, lead } => Response::Expiry(self.expiry(*workflow, lead, *now)?),
            Request::Sweep { workflow, now, leads } => Response::Sweep(self.sweep(*workflow, leads, *now)?),
            Request::Transfer {
                route,
                actor,
                lead,
                to,
            } => Response::Transfer(self.transfer(*route, actor, lead, *to)),
            Request::Targets { actor, lead } => Response::Targets(self.targets(actor, lead)),
            Request::Assign { now, lead, pools } => Response::Assignment(self.assign(lead, pools, *now)?),
            Request::AssignMany { now, leads, pools } => {
                Response::Assignments(self.assign_many(leads, pools, *now)?)
            }
            Request::ChangeOwner { actor, lead, to } => {
                Response::Decision(self.change_owner(actor, lead, to))
            }
            Request::MatchKeys { lead } => Response::MatchKeys(self.match_keys(lead)),
            Request::MatchKeysMany { leads } => Response::MatchKeysMany(self.match_keys_many(leads)),
            Request::Match { lead, candidates } => Response::Matches(self.match_lead(lead, candidates)),
            Request::Sla {
                calendar,
                start,
                target,
                now,
                paused,
            } => Response::Sla(self.sla(calendar, *start, *target, *now, paused)?),
        })
    }
}
