//! The typed handover / cross-silo check: plain structs in and out, org and
//! role indexes instead of ids, no JSON.

use leadrules::{Actor, Detail, HeldLead, OrgId, Reason, RoleId, Route, TransferDecision};

use crate::codes::LEADRULES_ROUTE_NONE;
use crate::engine::{engine_arg, leadrules_engine};
use crate::error::Failure;
use crate::guard;
use crate::status::leadrules_status;
use crate::strings::{id_arg, optional_id};

/// The capacity of the reason arrays of a verdict. A transfer denial lists
/// at most 4 reasons today.
pub const LEADRULES_MAX_REASONS: usize = 8;

// A transfer lists at most three actor checks and one route check.
const _: () = assert!(LEADRULES_MAX_REASONS >= 4);

/// `reason_orgs[i]` for a reason that is not about an org.
pub const LEADRULES_NO_ORG: u32 = u32::MAX;

/// The user asking. The caller owns the struct and the id it points to;
/// a call reads them during the call only and keeps no pointer.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct leadrules_actor {
    /// The user's id, `id_len` bytes of UTF-8 (compared with lead owners).
    pub id: *const u8,
    /// The length of `id` in bytes.
    pub id_len: usize,
    /// The user's org, an index from `leadrules_engine_org`.
    pub org: u32,
    /// The user's role, an index from `leadrules_engine_role`.
    pub role: u32,
}

/// The lead to move, as its org holds it. The caller owns the struct and
/// the ids it points to; a call reads them during the call only.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct leadrules_held_lead {
    /// The lead's id, `id_len` bytes of UTF-8.
    pub id: *const u8,
    /// The length of `id` in bytes.
    pub id_len: usize,
    /// The org that holds the lead, an index from `leadrules_engine_org`.
    pub org: u32,
    /// The owning user's id, `owner_len` bytes of UTF-8; NULL (with
    /// `owner_len` 0) while the lead is unowned.
    pub owner: *const u8,
    /// The length of `owner` in bytes.
    pub owner_len: usize,
}

/// The answer to a typed transfer check: plain values, no pointers, so
/// there is nothing to free.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct leadrules_transfer_verdict {
    /// Whether the transfer may go ahead (then `reason_count` is 0). The
    /// host applies the effects: move the lead to the target org's manager
    /// pipeline, unowned, and notify the sales feeds of both orgs.
    pub allowed: bool,
    /// The mechanism that applies to the pair of orgs, also on denials:
    /// `LEADRULES_ROUTE_NONE`, `..._HANDOVER` or `..._CROSS_SILO`.
    pub route: u32,
    /// How many entries of `reasons` and `reason_orgs` are set.
    pub reason_count: u32,
    /// Every failed check in the documented order, as `LEADRULES_DENIAL_*`
    /// codes (0 for a code this build does not number).
    pub reasons: [u32; LEADRULES_MAX_REASONS],
    /// For each reason, the org index it is about, or `LEADRULES_NO_ORG`.
    pub reason_orgs: [u32; LEADRULES_MAX_REASONS],
}

/// The typed actor, its id checked and its org and role indexes resolved.
///
/// # Safety
/// `actor.id` must be NULL or point to `actor.id_len` readable bytes.
pub(crate) unsafe fn actor_param<'a>(
    engine: &leadrules::Engine,
    actor: &'a leadrules_actor,
) -> Result<Actor<'a>, Failure> {
    Ok(Actor {
        // SAFETY: the caller guarantees `actor.id_len` bytes at `actor.id`.
        id: unsafe { id_arg(actor.id, actor.id_len, "actor.id") }?,
        org: org_param(engine, actor.org, "actor.org")?,
        role: role_param(engine, actor.role, "actor.role")?,
    })
}

pub(crate) fn org_param(engine: &leadrules::Engine, index: u32, argument: &str) -> Result<OrgId, Failure> {
    usize::try_from(index)
        .ok()
        .and_then(|i| engine.org_at(i))
        .ok_or_else(|| {
            Failure::invalid(format!(
                "`{argument}` is {index}, but the engine has {} orgs",
                engine.org_count()
            ))
        })
}

pub(crate) fn role_param(engine: &leadrules::Engine, index: u32, argument: &str) -> Result<RoleId, Failure> {
    usize::try_from(index)
        .ok()
        .and_then(|i| engine.role_at(i))
        .ok_or_else(|| Failure::invalid(format!("`{argument}` is {index}, not a role of the engine")))
}

/// Writes `reasons` as `LEADRULES_DENIAL_*` numbers and the orgs they are
/// about into the verdict arrays; answers how many were written.
pub(crate) fn fill_reasons(
    reasons: &[Reason<'_>],
    codes: &mut [u32; LEADRULES_MAX_REASONS],
    orgs: &mut [u32; LEADRULES_MAX_REASONS],
) -> u32 {
    let mut count = 0;
    for (reason, (code, org)) in reasons.iter().zip(codes.iter_mut().zip(orgs.iter_mut())) {
        *code = reason.code.number();
        if let Detail::Org(o) = reason.detail {
            *org = u32::try_from(o.index()).unwrap_or(LEADRULES_NO_ORG);
        }
        count += 1;
    }
    count
}

pub(crate) fn transfer_verdict(decision: &TransferDecision<'_>) -> leadrules_transfer_verdict {
    let mut out = leadrules_transfer_verdict {
        allowed: decision.allowed(),
        route: match decision.kind.route {
            None => LEADRULES_ROUTE_NONE,
            Some(route) => route.number(),
        },
        reason_count: 0,
        reasons: [0; LEADRULES_MAX_REASONS],
        reason_orgs: [LEADRULES_NO_ORG; LEADRULES_MAX_REASONS],
    };
    out.reason_count = fill_reasons(&decision.reasons, &mut out.reasons, &mut out.reason_orgs);
    out
}

/// May `actor` move `lead` to the org `to` by `route`
/// (`LEADRULES_ROUTE_HANDOVER` or `LEADRULES_ROUTE_CROSS_SILO`)? The typed
/// form of the JSON `handover` / `cross_silo` requests: same rules, same
/// reasons in the same order.
///
/// Orgs and roles are indexes from `leadrules_engine_org` /
/// `leadrules_engine_role`. Any other route value, or an index the engine
/// does not have, is `LEADRULES_STATUS_INVALID_PARAMETER`; a NULL pointer
/// is `..._NULL_ARGUMENT` and an id that is not UTF-8 `..._INVALID_UTF8`
/// (the message names the field, e.g. `actor.id`). An empty or blank id
/// is `..._INVALID_REQUEST` at its field (`actor.id`, `lead.id`,
/// `lead.owner`), with the code, path and message the JSON entry answers
/// for the same request. The call reads no JSON; it
/// may allocate internally. On success `*verdict_out` is
/// written; a denial is a success with `allowed == false`.
///
/// Ownership: `engine`, `actor`, `lead` and the id bytes they point to are
/// borrowed for the duration of the call only; the library keeps no
/// pointer to them. `*verdict_out` is caller storage (a stack variable
/// will do), written on success; the verdict holds no pointers and needs
/// no free. Turn its org indexes into ids with `leadrules_engine_org_name`.
///
/// NULL: a NULL `engine`, `actor`, `lead`, `verdict_out`, `actor->id` or
/// `lead->id` is `LEADRULES_STATUS_NULL_ARGUMENT`; `lead->owner` NULL with
/// `owner_len` 0 means an unowned lead.
///
/// Threads: any number of threads may ask one engine at once.
///
/// # Safety
/// `engine` must be NULL or a live engine; `actor`, `lead` and `verdict_out`
/// must be NULL or valid; the id pointers inside must be NULL or point to
/// their lengths of readable bytes.
#[no_mangle]
pub unsafe extern "C" fn leadrules_engine_check_transfer(
    engine: *const leadrules_engine,
    route: u32,
    actor: *const leadrules_actor,
    lead: *const leadrules_held_lead,
    to: u32,
    verdict_out: *mut leadrules_transfer_verdict,
) -> leadrules_status {
    guard::status(|| {
        // SAFETY: the caller guarantees a live engine or NULL.
        let engine = unsafe { engine_arg(engine) }?.core();
        let route = Route::from_number(route).ok_or_else(|| {
            Failure::invalid(format!(
                "`route` is {route}; expected LEADRULES_ROUTE_HANDOVER (1) or LEADRULES_ROUTE_CROSS_SILO (2)"
            ))
        })?;
        // SAFETY: the caller guarantees `actor` is NULL or valid to read.
        let actor = unsafe { actor.as_ref() }.ok_or_else(|| Failure::null("actor"))?;
        // SAFETY: the caller guarantees `lead` is NULL or valid to read.
        let lead = unsafe { lead.as_ref() }.ok_or_else(|| Failure::null("lead"))?;
        if verdict_out.is_null() {
            return Err(Failure::null("verdict_out"));
        }
        // SAFETY: the caller guarantees `actor.id_len` bytes at `actor.id`.
        let actor = unsafe { actor_param(engine, actor) }?;
        // SAFETY: the caller guarantees `lead.id_len` bytes at `lead.id`.
        let lead_id = unsafe { id_arg(lead.id, lead.id_len, "lead.id") }?;
        let lead_org = org_param(engine, lead.org, "lead.org")?;
        // SAFETY: the caller guarantees `lead.owner_len` bytes at `lead.owner` or NULL.
        let owner = unsafe { optional_id(lead.owner, lead.owner_len, "lead.owner") }?;
        let lead = HeldLead {
            id: lead_id,
            org: lead_org,
            owner,
        };
        let to = org_param(engine, to, "to")?;
        let answer = transfer_verdict(&engine.transfer(route, &actor, &lead, to));
        // SAFETY: `verdict_out` is not NULL and the caller guarantees it is
        // writable.
        unsafe { verdict_out.write(answer) };
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn indexes_are_valid_exactly_below_the_counts() {
        let engine = leadrules::Engine::default();
        let roles = ["basic", "professional", "manager", "super_user", "system"];
        for (i, name) in roles.iter().enumerate() {
            assert_eq!(role_param(&engine, i as u32, "role").ok(), engine.role(name));
        }
        assert!(role_param(&engine, roles.len() as u32, "role").is_err());
        assert!(role_param(&engine, u32::MAX, "role").is_err());
        assert!(org_param(&engine, 0, "org").is_err());
    }
}
