//! The typed change of owner: may this user give this lead to that user?
//! Plain structs in, a verdict out, no JSON.

use leadrules::EditedLead;

use crate::edit::{leadrules_edited_lead, leadrules_verdict};
use crate::engine::{engine_arg, leadrules_engine};
use crate::error::Failure;
use crate::guard;
use crate::status::leadrules_status;
use crate::strings::{id_arg, optional_id};
use crate::transfer::{
    actor_param, fill_reasons, leadrules_actor, org_param, LEADRULES_MAX_REASONS, LEADRULES_NO_ORG,
};

/// May `actor` make `to` the owner of `lead`? The typed form of the JSON
/// `change_owner` request: same rules, same reasons in the same order
/// (`capability_required`, `not_in_lead_org`, `not_lead_owner`,
/// `assignee_outside_org`, `assignee_not_licensed`, `same_owner`,
/// `locked_after_handover`).
///
/// Orgs and roles are indexes from `leadrules_engine_org` /
/// `leadrules_engine_role`; an index the engine does not have is
/// `LEADRULES_STATUS_INVALID_PARAMETER`; a NULL pointer (other than an
/// absent owner or creator, NULL with length 0) is `..._NULL_ARGUMENT`;
/// an id that is not UTF-8 is `..._INVALID_UTF8`; an empty or blank id is
/// `..._INVALID_REQUEST` at its field (`actor.id`, `lead.owner`, `to.id`,
/// ...), as the JSON entry answers it. A lead handed over to sales needs
/// no creator here: the lock binds everyone without `manage_org_leads`.
/// On success `*verdict_out` is written; a denial is a success with
/// `allowed == false`. When allowed, the host applies the effects the
/// JSON answer lists: `to` becomes the owner and is notified, and so is
/// the previous owner, if any.
///
/// Ownership: `engine`, `actor`, `lead`, `to` and the id bytes they point
/// to are borrowed for the duration of the call only; the library keeps no
/// pointer to them. `*verdict_out` is caller storage, written on success;
/// the verdict holds no pointers and needs no free.
///
/// NULL: a NULL `engine`, `actor`, `lead`, `to`, `verdict_out`,
/// `actor->id`, `lead->id` or `to->id` is `LEADRULES_STATUS_NULL_ARGUMENT`;
/// `lead->owner` or `lead->creator` NULL with length 0 means none.
///
/// Threads: any number of threads may ask one engine at once.
///
/// # Safety
/// `engine` must be NULL or a live engine; `actor`, `lead`, `to` and
/// `verdict_out` must be NULL or valid; the id pointers inside must be NULL
/// or point to their lengths of readable bytes.
#[no_mangle]
pub unsafe extern "C" fn leadrules_engine_check_change_owner(
    engine: *const leadrules_engine,
    actor: *const leadrules_actor,
    lead: *const leadrules_edited_lead,
    to: *const leadrules_actor,
    verdict_out: *mut leadrules_verdict,
) -> leadrules_status {
    guard::status(|| {
        // SAFETY: the caller guarantees a live handle or NULL.
        let engine = unsafe { engine_arg(engine) }?.core();
        // SAFETY: the caller guarantees `actor` is NULL or valid to read.
        let actor = unsafe { actor.as_ref() }.ok_or_else(|| Failure::null("actor"))?;
        // SAFETY: the caller guarantees `lead` is NULL or valid to read.
        let lead = unsafe { lead.as_ref() }.ok_or_else(|| Failure::null("lead"))?;
        // SAFETY: the caller guarantees `to` is NULL or valid to read.
        let to = unsafe { to.as_ref() }.ok_or_else(|| Failure::null("to"))?;
        if verdict_out.is_null() {
            return Err(Failure::null("verdict_out"));
        }
        // The protocol's reading order: the actor, the lead, then `to`.
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
        let to = leadrules::Actor {
            // SAFETY: the caller guarantees `to.id_len` bytes at `to.id`.
            id: unsafe { id_arg(to.id, to.id_len, "to.id") }?,
            org: org_param(engine, to.org, "to.org")?,
            role: crate::transfer::role_param(engine, to.role, "to.role")?,
        };
        let decision = engine.change_owner(&actor, &lead, &to);
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
