//! The typed edit check: may this user update this lead? Asked for every
//! row of a lead list, so it takes plain structs and reads no JSON.

use leadrules::EditedLead;

use crate::engine::{engine_arg, leadrules_engine};
use crate::error::Failure;
use crate::guard;
use crate::status::leadrules_status;
use crate::strings::{id_arg, optional_id};
use crate::transfer::{
    actor_param, fill_reasons, leadrules_actor, org_param, LEADRULES_MAX_REASONS, LEADRULES_NO_ORG,
};

/// An existing lead, as edit rights see it. The caller owns the struct and
/// the ids it points to; a call reads them during the call only.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct leadrules_edited_lead {
    /// The lead's id, `id_len` bytes of UTF-8.
    pub id: *const u8,
    /// The length of `id` in bytes.
    pub id_len: usize,
    /// The org that holds the lead, an index from `leadrules_engine_org`.
    pub org: u32,
    /// The owning user's id; NULL (with `owner_len` 0) while unowned.
    pub owner: *const u8,
    /// The length of `owner` in bytes.
    pub owner_len: usize,
    /// The creating user's id; NULL (with `creator_len` 0) if unknown.
    pub creator: *const u8,
    /// The length of `creator` in bytes.
    pub creator_len: usize,
    /// Whether the creator handed the lead over to sales.
    pub handed_over_to_sales: bool,
}

/// The answer to a typed yes/no check that has no route (edit): plain
/// values, no pointers, so there is nothing to free.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct leadrules_verdict {
    /// Whether the request may go ahead (then `reason_count` is 0).
    pub allowed: bool,
    /// How many entries of `reasons` and `reason_orgs` are set.
    pub reason_count: u32,
    /// Every failed check in the documented order, as `LEADRULES_DENIAL_*`.
    pub reasons: [u32; LEADRULES_MAX_REASONS],
    /// For each reason, the org index it is about, or `LEADRULES_NO_ORG`.
    pub reason_orgs: [u32; LEADRULES_MAX_REASONS],
}

/// May `actor` update `lead`? The typed form of the JSON `edit` request:
/// same rules, same reasons in the same order (`locked_after_handover`,
/// `not_in_lead_org`, `not_lead_owner`).
///
/// Orgs and roles are indexes from `leadrules_engine_org` /
/// `leadrules_engine_role`; an index the engine does not have is
/// `LEADRULES_STATUS_INVALID_PARAMETER`; a NULL pointer (other than an
/// absent owner or creator, NULL with length 0) is `..._NULL_ARGUMENT`;
/// an id that is not UTF-8 is `..._INVALID_UTF8`; an empty or blank id is
/// `..._INVALID_REQUEST` at its field (`lead.creator`, ...), and so is a
/// lead handed over to sales that names no creator (at `lead.creator`:
/// the lock after handover is the creator's), as the JSON entry answers
/// them. On success
/// `*verdict_out` is written; a denial is a success with `allowed == false`.
///
/// Ownership: `engine`, `actor`, `lead` and the id bytes they point to are
/// borrowed for the duration of the call only; the library keeps no
/// pointer to them. `*verdict_out` is caller storage, written on success;
/// the verdict holds no pointers and needs no free.
///
/// NULL: a NULL `engine`, `actor`, `lead`, `verdict_out`, `actor->id` or
/// `lead->id` is `LEADRULES_STATUS_NULL_ARGUMENT`; `lead->owner` or
/// `lead->creator` NULL with length 0 means none.
///
/// Threads: any number of threads may ask one engine at once.
///
/// # Safety
/// `engine` must be NULL or a live engine; `actor`, `lead` and `verdict_out`
/// must be NULL or valid; the id pointers inside must be NULL or point to
/// their lengths of readable bytes.
#[no_mangle]
pub unsafe extern "C" fn leadrules_engine_check_edit(
    engine: *const leadrules_engine,
    actor: *const leadrules_actor,
    lead: *const leadrules_edited_lead,
    verdict_out: *mut leadrules_verdict,
) -> leadrules_status {
    guard::status(|| {
        // SAFETY: the caller guarantees a live handle or NULL.
        let engine = unsafe { engine_arg(engine) }?.core();
        // SAFETY: the caller guarantees `actor` is NULL or valid to read.
        let actor = unsafe { actor.as_ref() }.ok_or_else(|| Failure::null("actor"))?;
        // SAFETY: the caller guarantees `lead` is NULL or valid to read.
        let lead = unsafe { lead.as_ref() }.ok_or_else(|| Failure::null("lead"))?;
        if verdict_out.is_null() {
            return Err(Failure::null("verdict_out"));
        }
        // SAFETY: the caller guarantees `actor.id_len` bytes at `actor.id`.
        let actor = unsafe { actor_param(engine, actor) }?;
        let lead = EditedLead {
            // SAFETY: the caller guarantees `lead.id_len` bytes at `lead.id`.
            id: unsafe { id_arg(lead.id, lead.id_len, "lead.id") }?,
            org: org_param(engine, lead.org, "lead.org")?,
            // SAFETY: the caller guarantees `owner_len` bytes at `owner` or NULL.
            owner: unsafe { optional_id(lead.owner, lead.owner_len, "lead.owner") }?,
            // SAFETY: the caller guarantees `creator_len` bytes at `creator` or NULL.
            creator: unsafe { optional_id(lead.creator, lead.creator_len, "lead.creator") }?,
            handed_over_to_sales: lead.handed_over_to_sales,
        };
        leadrules::require_creator_after_handover(&lead)?;
        let decision = engine.edit(&actor, &lead);
        let mut answer = leadrules_verdict {
            allowed: decision.allowed(),
            reason_count: 0,
            reasons: [0; LEADRULES_MAX_REASONS],
            reason_orgs: [LEADRULES_NO_ORG; LEADRULES_MAX_REASONS],
        };
        answer.reason_count = fill_reasons(&decision.reasons, &mut answer.reasons, &mut answer.reason_orgs);
        // SAFETY: `verdict_out` is not NULL and the caller guarantees it is
        // writable.
        unsafe { verdict_out.write(answer) };
        Ok(())
    })
}
