//! Core's codes as C numbers them, generated from core's declaration
//! (`core/src/codes.rs`) by `ffi/tests/header.rs`: `make header`
//! rewrites it and the test fails while it is stale. Do not edit.
//! cbindgen reads it into `include/leadrules.h`.

use std::ffi::CStr;

use leadrules::ErrorCode;

/// Denial `sales_licence_required`: the actor's role lacks the `handover`
/// capability (a sales licence).
pub const LEADRULES_DENIAL_SALES_LICENCE_REQUIRED: u32 = 1;
/// Denial `not_in_lead_org`: the actor does not belong to the org that holds
/// the lead.
pub const LEADRULES_DENIAL_NOT_IN_LEAD_ORG: u32 = 2;
/// Denial `not_lead_owner`: the actor neither owns the lead nor may manage its
/// org's leads.
pub const LEADRULES_DENIAL_NOT_LEAD_OWNER: u32 = 3;
/// Denial `same_org`: the target org is the org that already holds the lead.
pub const LEADRULES_DENIAL_SAME_ORG: u32 = 4;
/// Denial `outside_community`: the target org is in another community (another
/// tree).
pub const LEADRULES_DENIAL_OUTSIDE_COMMUNITY: u32 = 5;
/// Denial `cross_silo_required`: the pair is not a parent<->child edge: use
/// cross silo instead.
pub const LEADRULES_DENIAL_CROSS_SILO_REQUIRED: u32 = 6;
/// Denial `handover_required`: the pair is a parent<->child edge: use handover
/// instead.
pub const LEADRULES_DENIAL_HANDOVER_REQUIRED: u32 = 7;
/// Denial `handover_disabled`: the parent end of the edge has handover switched
/// off.
pub const LEADRULES_DENIAL_HANDOVER_DISABLED: u32 = 8;
/// Denial `cross_silo_disabled`: the nearest common ancestor has cross silo
/// switched off.
pub const LEADRULES_DENIAL_CROSS_SILO_DISABLED: u32 = 9;
/// Denial `stage_not_permitted`: without `manage_lifecycle`, or when handed
/// over to sales, a new lead starts at the initial stage.
pub const LEADRULES_DENIAL_STAGE_NOT_PERMITTED: u32 = 10;
/// Denial `sub_stage_not_permitted`: without `manage_lifecycle`, or when handed
/// over to sales, a new lead has no sub-stage.
pub const LEADRULES_DENIAL_SUB_STAGE_NOT_PERMITTED: u32 = 11;
/// Denial `assign_not_permitted`: the actor may not give the lead to another
/// user (no `assign`, no `manage_lifecycle`, or the lead goes to sales
/// unowned).
pub const LEADRULES_DENIAL_ASSIGN_NOT_PERMITTED: u32 = 12;
/// Denial `assignee_outside_org`: the assignee belongs to another org than the
/// actor.
pub const LEADRULES_DENIAL_ASSIGNEE_OUTSIDE_ORG: u32 = 13;
/// Denial `locked_after_handover`: the lead's creator handed it over to sales
/// and may no longer edit it.
pub const LEADRULES_DENIAL_LOCKED_AFTER_HANDOVER: u32 = 14;
/// Denial `capability_required`: the actor's role lacks a capability the
/// request needs.
pub const LEADRULES_DENIAL_CAPABILITY_REQUIRED: u32 = 15;
/// Denial `link_not_permitted`: only `link_leads` holders or the project's
/// assignment owner may link.
pub const LEADRULES_DENIAL_LINK_NOT_PERMITTED: u32 = 16;
/// Denial `same_lead`: a lead cannot be linked to itself.
pub const LEADRULES_DENIAL_SAME_LEAD: u32 = 17;
/// Denial `different_project`: the two leads belong to different projects.
pub const LEADRULES_DENIAL_DIFFERENT_PROJECT: u32 = 18;
/// Denial `primary_not_wip`: the primary lead is not in a work-in-progress
/// status.
pub const LEADRULES_DENIAL_PRIMARY_NOT_WIP: u32 = 19;
/// Denial `secondary_not_wip`: the secondary lead is not in a work-in-progress
/// status.
pub const LEADRULES_DENIAL_SECONDARY_NOT_WIP: u32 = 20;
/// Denial `owner_not_party`: the chosen owner is neither lead's sales manager.
pub const LEADRULES_DENIAL_OWNER_NOT_PARTY: u32 = 21;
/// Denial `illegal_transition`: the lead's current stage does not offer this
/// action.
pub const LEADRULES_DENIAL_ILLEGAL_TRANSITION: u32 = 22;
/// Denial `missing_field`: a form field the action needs is absent, null, empty
/// or blank.
pub const LEADRULES_DENIAL_MISSING_FIELD: u32 = 23;
/// Denial `invalid_field`: a form field has a value the action cannot use.
pub const LEADRULES_DENIAL_INVALID_FIELD: u32 = 24;
/// Denial `not_partner_user`: only users of the lead's partner company may take
/// this action.
pub const LEADRULES_DENIAL_NOT_PARTNER_USER: u32 = 25;
/// Denial `sourcing_company_cannot_act`: the company that sourced the lead may
/// not act on it as a partner.
pub const LEADRULES_DENIAL_SOURCING_COMPANY_CANNOT_ACT: u32 = 26;
/// Denial `not_sourcing_user`: only users of the company that sourced the lead
/// may take this action.
pub const LEADRULES_DENIAL_NOT_SOURCING_USER: u32 = 27;
/// Denial `system_only`: only the system actor takes this action (automatic
/// transitions).
pub const LEADRULES_DENIAL_SYSTEM_ONLY: u32 = 28;
/// Denial `not_yet_due`: the action waits for the lead's deadline, which has
/// not come.
pub const LEADRULES_DENIAL_NOT_YET_DUE: u32 = 29;
/// Denial `lead_expired`: the lead's deadline has passed: the action is no
/// longer possible.
pub const LEADRULES_DENIAL_LEAD_EXPIRED: u32 = 30;
/// Denial `no_rule_matched`: no assignment rule applies to the lead (none of
/// their conditions hold).
pub const LEADRULES_DENIAL_NO_RULE_MATCHED: u32 = 31;
/// Denial `no_eligible_member`: every pool of the matched rule is empty or has
/// nobody eligible; carries `pool` (the last pool tried).
pub const LEADRULES_DENIAL_NO_ELIGIBLE_MEMBER: u32 = 32;
/// Denial `inactive`: a pool member is not active (left, disabled).
pub const LEADRULES_DENIAL_INACTIVE: u32 = 33;
/// Denial `away`: a pool member is away (vacation, sick, manually paused).
pub const LEADRULES_DENIAL_AWAY: u32 = 34;
/// Denial `off_shift`: a pool member's calendar is closed at `now`.
pub const LEADRULES_DENIAL_OFF_SHIFT: u32 = 35;
/// Denial `at_capacity`: a pool member holds as many open leads as its
/// capacity.
pub const LEADRULES_DENIAL_AT_CAPACITY: u32 = 36;
/// Denial `not_licensed`: a pool member's role lacks the `receive_leads`
/// capability.
pub const LEADRULES_DENIAL_NOT_LICENSED: u32 = 37;
/// Denial `member_outside_org`: a pool member belongs to another org than the
/// lead.
pub const LEADRULES_DENIAL_MEMBER_OUTSIDE_ORG: u32 = 38;
/// Denial `zero_weight`: a pool member's weight is zero: it takes no leads.
pub const LEADRULES_DENIAL_ZERO_WEIGHT: u32 = 39;
/// Denial `not_accepted`: the lead fails a pool member's own `accepts`
/// conditions.
pub const LEADRULES_DENIAL_NOT_ACCEPTED: u32 = 40;
/// Denial `assignee_not_licensed`: the new owner's role lacks the
/// `receive_leads` capability.
pub const LEADRULES_DENIAL_ASSIGNEE_NOT_LICENSED: u32 = 41;
/// Denial `same_owner`: the new owner already owns the lead.
pub const LEADRULES_DENIAL_SAME_OWNER: u32 = 42;
/// Denial `duplicate_blocked`: a `block` matching rule matched a candidate: the
/// lead duplicates one already saved; carries `lead` (the first blocking
/// candidate).
pub const LEADRULES_DENIAL_DUPLICATE_BLOCKED: u32 = 50;

/// Verdict route: the orgs are the same or in different communities.
pub const LEADRULES_ROUTE_NONE: u32 = 0;
/// Route `handover`: along one parent<->child edge.
pub const LEADRULES_ROUTE_HANDOVER: u32 = 1;
/// Route `cross_silo`: between any other pair of orgs of one community.
pub const LEADRULES_ROUTE_CROSS_SILO: u32 = 2;

/// The result of a fallible call. Values are grouped and never reused:
/// 0 success; 100-199 misuse of the C API; 200-299 errors in a request;
/// 300-399 errors in an engine config (the core error codes' numbers).
///
/// In C the type is a `uint32_t`; a newer library may return a value this
/// header does not name, so treat unknown values as errors
/// (`leadrules_status_name` answers `"unrecognized_status"` for them).
#[repr(u32)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum leadrules_status {
    /// Success: the out-params have been written.
    Ok = 0,
    /// A required pointer argument was NULL.
    NullArgument = 100,
    /// A string argument (`ptr + len`) was not valid UTF-8.
    InvalidUtf8 = 101,
    /// A numeric argument was out of range (an unknown route, an org or role
    /// index that the engine does not have).
    InvalidParameter = 102,
    /// An output buffer was too small for the answer: nothing was written to
    /// it, and the needed size was (`leadrules_engine_match_keys`).
    BufferTooSmall = 103,
    /// The library panicked; the call had no effect. Please report it.
    Panic = 199,
    /// The request text is not JSON (`invalid_json`).
    InvalidJson = 200,
    /// The request is JSON but its structure is wrong: a missing field, a wrong
    /// type, an empty id. `path` names the field (`invalid_request`).
    InvalidRequest = 201,
    /// `kind` names no request kind of protocol v1 that this build answers
    /// (`unknown_kind`).
    UnknownKind = 202,
    /// An org id that the engine's directory does not contain (`unknown_org`).
    UnknownOrg = 203,
    /// A role that the engine's policy does not define (`unknown_role`).
    UnknownRole = 204,
    /// A workflow (stage pipeline) that the engine's policy does not define
    /// (`unknown_workflow`).
    UnknownWorkflow = 205,
    /// An action that the workflow does not define (`unknown_action`).
    UnknownAction = 206,
    /// A stage or sub-stage that the workflow does not define
    /// (`unknown_stage`).
    UnknownStage = 207,
    /// An expiry template (program) that the engine's policy does not define
    /// (`unknown_template`).
    UnknownTemplate = 208,
    /// A timestamp that is not RFC 3339 with an offset (`invalid_timestamp`).
    InvalidTimestamp = 209,
    /// A duration that is not one the request may give: an `sla` `target` that
    /// is not hours, minutes and seconds (`PT4H30M`) (`invalid_duration`).
    InvalidDuration = 210,
    /// A calendar that the engine's policy does not define (an `sla` request's
    /// or an assignment member's `calendar`) (`unknown_calendar`).
    UnknownCalendar = 211,
    /// A prepared fact (an actor or a lead read once into a handle) made by
    /// another engine: its interned ids are that engine's, so it is refused
    /// rather than read as this engine's. `path` names the argument (`actor`,
    /// `lead`, `leads[3]`) (`foreign_handle`).
    ForeignHandle = 212,
    /// A request error whose code this build of the C API does not know.
    UnknownError = 299,
    /// The engine config does not validate; `problems` lists every finding
    /// (`invalid_config`).
    InvalidConfig = 300,
}

/// Every status, in numeric order. (Not an associated const: cbindgen
/// would put it in the header.)
pub(crate) const STATUSES: [leadrules_status; 21] = [
    leadrules_status::Ok,
    leadrules_status::NullArgument,
    leadrules_status::InvalidUtf8,
    leadrules_status::InvalidParameter,
    leadrules_status::BufferTooSmall,
    leadrules_status::Panic,
    leadrules_status::InvalidJson,
    leadrules_status::InvalidRequest,
    leadrules_status::UnknownKind,
    leadrules_status::UnknownOrg,
    leadrules_status::UnknownRole,
    leadrules_status::UnknownWorkflow,
    leadrules_status::UnknownAction,
    leadrules_status::UnknownStage,
    leadrules_status::UnknownTemplate,
    leadrules_status::InvalidTimestamp,
    leadrules_status::InvalidDuration,
    leadrules_status::UnknownCalendar,
    leadrules_status::ForeignHandle,
    leadrules_status::UnknownError,
    leadrules_status::InvalidConfig,
];

impl leadrules_status {
    /// The stable snake_case name; for request and config errors, the core
    /// error code's name.
    pub const fn name(self) -> &'static CStr {
        match self {
            leadrules_status::Ok => c"ok",
            leadrules_status::NullArgument => c"null_argument",
            leadrules_status::InvalidUtf8 => c"invalid_utf8",
            leadrules_status::InvalidParameter => c"invalid_parameter",
            leadrules_status::BufferTooSmall => c"buffer_too_small",
            leadrules_status::Panic => c"panic",
            leadrules_status::InvalidJson => ErrorCode::InvalidJson.as_cstr(),
            leadrules_status::InvalidRequest => ErrorCode::InvalidRequest.as_cstr(),
            leadrules_status::UnknownKind => ErrorCode::UnknownKind.as_cstr(),
            leadrules_status::UnknownOrg => ErrorCode::UnknownOrg.as_cstr(),
            leadrules_status::UnknownRole => ErrorCode::UnknownRole.as_cstr(),
            leadrules_status::UnknownWorkflow => ErrorCode::UnknownWorkflow.as_cstr(),
            leadrules_status::UnknownAction => ErrorCode::UnknownAction.as_cstr(),
            leadrules_status::UnknownStage => ErrorCode::UnknownStage.as_cstr(),
            leadrules_status::UnknownTemplate => ErrorCode::UnknownTemplate.as_cstr(),
            leadrules_status::InvalidTimestamp => ErrorCode::InvalidTimestamp.as_cstr(),
            leadrules_status::InvalidDuration => ErrorCode::InvalidDuration.as_cstr(),
            leadrules_status::UnknownCalendar => ErrorCode::UnknownCalendar.as_cstr(),
            leadrules_status::ForeignHandle => ErrorCode::ForeignHandle.as_cstr(),
            leadrules_status::UnknownError => c"unknown_error",
            leadrules_status::InvalidConfig => ErrorCode::InvalidConfig.as_cstr(),
        }
    }
}
