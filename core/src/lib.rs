//! # leadrules
//!
//! An embedded rules engine for CRM lead management. The host passes facts
//! in (who acts, on which lead, towards which org) and gets a decision back:
//! allowed or not, every reason why not, and the effects the host must now
//! apply. The engine stores nothing, mutates nothing and reads no clock.
//!
//! ```
//! use leadrules::{Engine, OrgSpec, Actor, HeldLead};
//!
//! let engine = Engine::builder()
//!     .org(OrgSpec::new("hq").handover(true))
//!     .org(OrgSpec::new("north").parent("hq"))
//!     .build()?;
//! let north = engine.org("north").ok_or("no north")?;
//! let hq = engine.org("hq").ok_or("no hq")?;
//! let actor = Actor { id: "u1", org: north, role: engine.role("professional").ok_or("no role")? };
//! let lead = HeldLead { id: "L1", org: north, owner: Some("u1") };
//! assert!(engine.handover(&actor, &lead, hq).allowed());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! The same questions can be asked in JSON with [`Engine::decide`]; see the
//! README for the protocol, the rules, and the table of codes.

#![forbid(unsafe_code)]

mod config;
mod config_fast;
mod create;
mod decision;
mod duration;
mod effect;
mod engine;
mod error;
mod expiry;
mod handover;
mod link;
mod model;
mod orgs;
mod path;
pub mod protocol;
mod reason;
mod roles;
mod time;
pub mod workflow;

pub use create::{Assignee, EditedLead, NewLead};
pub use decision::Decision;
pub use duration::Period;
pub use effect::{Channel, Effect, FieldValue, Pipeline};
pub use engine::{check_config_size, Engine, EngineBuilder, MAX_CONFIG_BYTES};
pub use error::{shorten_message, shorten_path, Error, ErrorCode, Problem, MAX_SHOWN_BYTES};
pub use expiry::{
    BusinessDays, Calendar, ColumnSweep, ExpiryClock, ExpiryStatus, LeadColumns, Phase, Sweep, Template,
    DEFAULT_TEMPLATE, NO_TIME, TIME_RANGE,
};
pub use handover::{Route, Targets, TransferDecision};
pub use link::{LeadEvent, LinkActor, LinkRequest, LinkedLead, DEFAULT_WIP_STATUSES, LINKED_STATUS};
pub use model::{Actor, HeldLead};
pub use orgs::{OrgId, OrgSpec, Relation};
pub use protocol::{check_request_size, MAX_NESTING, MAX_REQUEST_BYTES};
pub use reason::{DenialCode, Detail, Reason, Reasons};
pub use roles::{Capability, CapabilitySet, RoleId, MAX_CAPABILITIES, SYSTEM_ROLE};
pub use time::{parse_timestamp, Timestamp};
pub use workflow::spec::{StageSpec, WorkflowSpec};
pub use workflow::{
    ActionOption, TransitionDecision, WorkflowActor, WorkflowLead, WorkflowRequest, CREATIO_LEAD,
    LEADX_PIPELINE, PARTNER_LEAD,
};

/// The crate version, as in Cargo.toml.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

#[cfg(test)]
mod tests {
    use super::Engine;

    #[test]
    fn engine_is_send_and_sync() {
        fn assert_send_sync<T: Send + Sync>() {}
        assert_send_sync::<Engine>();
    }
}
