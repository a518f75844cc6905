//! Workflows as data (docs/config.md#workflows): the format ([`spec`]),
//! reading it from config JSON, validating and compiling it into tables, the
//! three built-in workflows, and the `transition` / `actions` decisions.
//!
//! ```
//! use leadrules::{parse_timestamp, Engine, ExpiryClock, WorkflowActor, WorkflowLead, WorkflowRequest};
//!
//! let engine = Engine::default();
//! let request = WorkflowRequest {
//!     workflow: engine.workflow_id("partner_lead").ok_or("workflow")?,
//!     actor: WorkflowActor { id: "p7", org: Some("acme"), role: engine.role("manager").ok_or("role")? },
//!     lead: WorkflowLead {
//!         partner: Some("acme"),
//!         source: Some("vendor"),
//!         clock: ExpiryClock {
//!             created_at: Some(parse_timestamp("2026-11-20T09:00:00Z", "lead.created_at")?),
//!             ..ExpiryClock::default()
//!         },
//!         ..WorkflowLead::new("L9", "pending")
//!     },
//!     now: Some(parse_timestamp("2026-11-23T09:30:00Z", "now")?),
//! };
//! let decision = engine.transition(&request, "accept", None)?;
//! assert!(decision.allowed());
//! assert_eq!(decision.kind.to, Some("accepted"));
//! // The sourcing company sees none of the partner's buttons, only reassign.
//! let vendor = WorkflowRequest {
//!     actor: WorkflowActor { id: "v1", org: Some("vendor"), ..request.actor },
//!     ..request
//! };
//! let offered: Vec<&str> = engine.actions(&vendor)?.iter().filter(|a| a.allowed()).map(|a| a.action).collect();
//! assert_eq!(offered, ["reassign"]);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod accepted;
mod bits;
pub(crate) mod builtin;
pub(crate) mod compile;
mod decision;
pub(crate) mod lead;
pub(crate) mod moves;
pub mod spec;
pub(crate) mod steps;
mod validate;
pub(crate) mod view;
mod warnings;

pub use builtin::{builtin_workflow_json, BUILTIN_WORKFLOWS, CREATIO_LEAD, LEADX_PIPELINE, PARTNER_LEAD};
pub use decision::{ActionOption, TransitionDecision, TransitionKind};
pub use lead::{FormFields, WorkflowActor, WorkflowLead, WorkflowRequest};
pub use steps::{LEAD_TEXT_KEYS, MAX_ACTION_ITEMS, MAX_WORKFLOW_ITEMS};
pub use view::{ActionId, ActionRef, StageId, StageView, WorkflowId, WorkflowRef, WorkflowView};

use crate::error::{Error, ErrorCode};

/// `unknown_stage` at `path`: `stage` is not a stage (or sub-stage) of
/// `workflow`. One message wherever a request names a stage.
pub(crate) fn unknown_stage(path: &str, stage: &str, workflow: &str) -> Error {
    Error::new(
        ErrorCode::UnknownStage,
        path,
        format!("`{stage}` is not a stage of `{workflow}`"),
    )
}
