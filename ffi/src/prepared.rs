//! Prepared facts for C hosts: an actor, a lead, or a lead of one workflow
//! read once (ids checked, org, role and stage resolved, times parsed) into
//! a handle the host keeps and asks many questions with. Core prepares and
//! checks; this only converts the structs and owns the handles.

use leadrules::{
    require_unix_now, EditedLead, Error, ExpiryClock, PreparedActor, PreparedLead, PreparedWorkflowLead,
    Timestamp, WorkflowLead,
};

use crate::edit::leadrules_edited_lead;
use crate::engine::leadrules_engine;
use crate::error::Failure;
use crate::guard;
use crate::prepared_args::core;
use crate::strings::{id_arg, optional_id, str_arg};
use crate::transfer::org_param;

/// A prepared actor: an actor read once, its role and org resolved.
///
/// Opaque. `leadrules_engine_prepare_actor` hands one out, owned by the
/// caller, released with exactly one `leadrules_prepared_actor_free`
/// (before the engine that made it is freed). Immutable: many threads may
/// ask with one handle at once. A handle asked of another engine than the
/// one that made it is `LEADRULES_STATUS_FOREIGN_HANDLE`.
pub struct leadrules_prepared_actor {
    pub(crate) actor: PreparedActor,
}

/// A prepared lead as an org holds it (handover, cross silo, edit).
///
/// Opaque. `leadrules_engine_prepare_lead` hands one out, owned by the
/// caller, released with exactly one `leadrules_prepared_lead_free`
/// (before the engine that made it is freed). Immutable and shareable
/// across threads, as a prepared actor.
pub struct leadrules_prepared_lead {
    pub(crate) lead: PreparedLead,
}

/// A prepared lead of one workflow (transition, actions, the list view).
///
/// Opaque. `leadrules_engine_prepare_workflow_lead` hands one out, owned
/// by the caller, released with exactly one
/// `leadrules_prepared_workflow_lead_free` (before the engine that made it
/// is freed). Immutable and shareable across threads, as a prepared actor.
pub struct leadrules_prepared_workflow_lead {
    pub(crate) lead: PreparedWorkflowLead,
}

/// The user asking, by name: what `leadrules_engine_prepare_actor` reads.
/// Texts are (pointer, length) UTF-8; the caller owns them and the struct,
/// read during the call only.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct leadrules_actor_in {
    /// The user's id (compared with lead owners).
    pub id: *const u8,
    /// The length of `id` in bytes.
    pub id_len: usize,
    /// The user's org or company; NULL with `org_len` 0 for none. An org of
    /// the directory is resolved; any other text is kept (a partner company
    /// of a workflow need not be an org), and an org question then answers
    /// `LEADRULES_STATUS_UNKNOWN_ORG` at `actor.org`.
    pub org: *const u8,
    /// The length of `org` in bytes.
    pub org_len: usize,
    /// The user's role name (`professional`, `manager`, ...).
    pub role: *const u8,
    /// The length of `role` in bytes.
    pub role_len: usize,
}

/// A lead of one workflow: what `leadrules_engine_prepare_workflow_lead`
/// reads. Optional texts are NULL with length 0 when absent; times are
/// Unix seconds, `LEADRULES_NO_TIME` when absent. The caller owns the
/// struct and its texts, read during the call only.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct leadrules_workflow_lead_in {
    /// The lead's id.
    pub id: *const u8,
    /// The length of `id` in bytes.
    pub id_len: usize,
    /// Its stage, a stage name of the workflow.
    pub stage: *const u8,
    /// The length of `stage` in bytes.
    pub stage_len: usize,
    /// Its sub-stage, or NULL.
    pub sub_stage: *const u8,
    /// The length of `sub_stage` in bytes.
    pub sub_stage_len: usize,
    /// The owning user, or NULL.
    pub owner: *const u8,
    /// The length of `owner` in bytes.
    pub owner_len: usize,
    /// The partner company the lead is assigned to, or NULL.
    pub partner: *const u8,
    /// The length of `partner` in bytes.
    pub partner_len: usize,
    /// The company that sourced the lead, or NULL.
    pub source: *const u8,
    /// The length of `source` in bytes.
    pub source_len: usize,
    /// The user responsible for distribution, or NULL.
    pub distribution_owner: *const u8,
    /// The length of `distribution_owner` in bytes.
    pub distribution_owner_len: usize,
    /// The expiry template it follows, or NULL for `default`.
    pub template_name: *const u8,
    /// The length of `template_name` in bytes.
    pub template_name_len: usize,
    /// When it was created.
    pub created_at: i64,
    /// The deadline the host set.
    pub expires_at: i64,
    /// When the partner accepted it.
    pub accepted_at: i64,
    /// When the sourcing company last gave it to another partner.
    pub reassigned_at: i64,
}

/// Releases a handle made by `guard::handle` (NULL is a no-op).
///
/// # Safety
/// `handle` must be NULL or from `guard::handle`, given back exactly once.
unsafe fn release<T>(handle: *mut T) {
    if !handle.is_null() {
        // SAFETY: the caller gives back a pointer from Box::into_raw once.
        drop(unsafe { Box::from_raw(handle) });
    }
}

/// A time of the lead at `path`, `None` for `LEADRULES_NO_TIME`.
fn instant(seconds: i64, path: &str) -> Result<Option<Timestamp>, Error> {
    require_unix_now(seconds).map_err(|mut error| {
        error.path = path.to_owned();
        error
    })
}

/// The lead read from C, its texts checked as the typed calls check them.
///
/// # Safety
/// The texts of `lead` must be NULL or point to their lengths of bytes.
unsafe fn workflow_lead<'a>(lead: &'a leadrules_workflow_lead_in) -> Result<WorkflowLead<'a>, Failure> {
    let optional = |ptr, len, path| {
        // SAFETY: the caller guarantees each text's length of bytes or NULL.
        unsafe { optional_id(ptr, len, path) }
    };
    Ok(WorkflowLead {
        // SAFETY: as above.
        id: unsafe { id_arg(lead.id, lead.id_len, "lead.id") }?,
        // SAFETY: as above.
        stage: unsafe { str_arg(lead.stage, lead.stage_len, "lead.stage") }?,
        sub_stage: optional(lead.sub_stage, lead.sub_stage_len, "lead.sub_stage")?,
        owner: optional(lead.owner, lead.owner_len, "lead.owner")?,
        partner: optional(lead.partner, lead.partner_len, "lead.partner")?,
        source: optional(lead.source, lead.source_len, "lead.source")?,
        distribution_owner: optional(
            lead.distribution_owner,
            lead.distribution_owner_len,
            "lead.distribution_owner",
        )?,
        clock: ExpiryClock {
            created_at: instant(lead.created_at, "lead.created_at")?,
            expires_at: instant(lead.expires_at, "lead.expires_at")?,
            accepted_at: instant(lead.accepted_at, "lead.accepted_at")?,
            reassigned_at: instant(lead.reassigned_at, "lead.reassigned_at")?,
        },
        template: optional(lead.template_name, lead.template_name_len, "lead.template")?,
    })
}

/// Prepares an actor: its id not blank (`actor.id`), its role one of the
/// engine's (`LEADRULES_STATUS_UNKNOWN_ROLE` at `actor.role`), its org
/// resolved when the directory holds it (kept as text otherwise).
///
/// Returns a new handle owned by the caller (free it with
/// `leadrules_prepared_actor_free`, before the engine), or NULL with the
/// thread's last error (status, message, path) recorded: a NULL `engine`,
/// `actor`, `actor->id` or `actor->role` is `..._NULL_ARGUMENT`, text that
/// is not UTF-8 `..._INVALID_UTF8`, and the record's own errors have the
/// code and path the JSON entry answers.
///
/// Ownership: `engine`, `actor` and its texts are borrowed for the call
/// only (the handle copies what it keeps).
///
/// NULL: returned on failure; a NULL `engine`, `actor`, `actor->id` or
/// `actor->role` is an error, `actor->org` NULL with length 0 is none.
///
/// Threads: any thread, any time.
///
/// # Safety
/// `engine` must be NULL or a live engine; `actor` NULL or valid to read,
/// its texts NULL or their lengths of readable bytes.
#[no_mangle]
pub unsafe extern "C" fn leadrules_engine_prepare_actor(
    engine: *const leadrules_engine,
    actor: *const leadrules_actor_in,
) -> *mut leadrules_prepared_actor {
    guard::handle(|| {
        // SAFETY: the caller guarantees a live engine or NULL.
        let engine = unsafe { core(engine) }?;
        // SAFETY: the caller guarantees `actor` is NULL or valid to read.
        let actor = unsafe { actor.as_ref() }.ok_or_else(|| Failure::null("actor"))?;
        // SAFETY: the caller guarantees the texts' lengths of bytes or NULL.
        let id = unsafe { str_arg(actor.id, actor.id_len, "actor.id") }?;
        // SAFETY: as above.
        let org = unsafe { optional_text(actor.org, actor.org_len, "actor.org") }?;
        // SAFETY: as above.
        let role = unsafe { str_arg(actor.role, actor.role_len, "actor.role") }?;
        Ok(leadrules_prepared_actor {
            actor: engine.prepare_actor(id, org, role)?,
        })
    })
}

/// NULL with length 0 is none; anything else UTF-8 text (blank is core's
/// to refuse, at its field).
///
/// # Safety
/// As for `str_arg`.
unsafe fn optional_text<'a>(ptr: *const u8, len: usize, field: &str) -> Result<Option<&'a str>, Failure> {
    if ptr.is_null() && len == 0 {
        return Ok(None);
    }
    // SAFETY: the caller upholds str_arg's contract.
    unsafe { str_arg(ptr, len, field) }.map(Some)
}

/// Prepares a lead as an org holds it (the struct of
/// `leadrules_engine_check_edit`): ids not blank (`lead.id`,
/// `lead.owner`, `lead.creator`), `lead.org` an index of the engine
/// (`..._INVALID_PARAMETER` otherwise).
///
/// Returns a new handle owned by the caller (free it with
/// `leadrules_prepared_lead_free`, before the engine), or NULL with the
/// thread's last error recorded, as `leadrules_engine_prepare_actor`.
/// An edit's own cross-field check (a lead handed over to sales names its
/// creator) stays with the edit question.
///
/// Ownership: `engine`, `lead` and its ids are borrowed for the call
/// only.
///
/// NULL: returned on failure; a NULL `engine`, `lead` or `lead->id` is an
/// error, `lead->owner` or `lead->creator` NULL with length 0 is none.
///
/// Threads: any thread, any time.
///
/// # Safety
/// `engine` must be NULL or a live engine; `lead` NULL or valid to read,
/// its ids NULL or their lengths of readable bytes.
#[no_mangle]
pub unsafe extern "C" fn leadrules_engine_prepare_lead(
    engine: *const leadrules_engine,
    lead: *const leadrules_edited_lead,
) -> *mut leadrules_prepared_lead {
    guard::handle(|| {
        // SAFETY: the caller guarantees a live engine or NULL.
        let engine = unsafe { core(engine) }?;
        // SAFETY: the caller guarantees `lead` is NULL or valid to read.
        let lead = unsafe { lead.as_ref() }.ok_or_else(|| Failure::null("lead"))?;
        let lead = EditedLead {
            // SAFETY: the caller guarantees `id_len` bytes at `id`.
            id: unsafe { id_arg(lead.id, lead.id_len, "lead.id") }?,
            org: org_param(engine, lead.org, "lead.org")?,
            // SAFETY: the caller guarantees `owner_len` bytes at `owner` or NULL.
            owner: unsafe { optional_id(lead.owner, lead.owner_len, "lead.owner") }?,
            // SAFETY: the caller guarantees `creator_len` bytes at `creator` or NULL.
            creator: unsafe { optional_id(lead.creator, lead.creator_len, "lead.creator") }?,
            handed_over_to_sales: lead.handed_over_to_sales,
        };
        Ok(leadrules_prepared_lead {
            lead: engine.prepare_lead(&lead)?,
        })
    })
}

/// Prepares a lead of `workflow`: an unknown workflow is
/// `LEADRULES_STATUS_UNKNOWN_WORKFLOW` at `workflow`; the stage and
/// sub-stage must be the workflow's (`..._UNKNOWN_STAGE` at `lead.stage` /
/// `lead.sub_stage`), the template one of the policy's where the workflow
/// runs an expiry (`..._UNKNOWN_TEMPLATE` at `lead.template`); a time
/// outside the years 0000-9999 is `..._INVALID_TIMESTAMP` at its field.
///
/// Returns a new handle owned by the caller (free it with
/// `leadrules_prepared_workflow_lead_free`, before the engine), or NULL
/// with the thread's last error recorded, as
/// `leadrules_engine_prepare_actor`.
///
/// Ownership: `engine`, `workflow`, `lead` and its texts are borrowed for
/// the call only.
///
/// NULL: returned on failure; a NULL `engine`, `workflow`, `lead`,
/// `lead->id` or `lead->stage` is an error, any other text NULL with
/// length 0 is absent.
///
/// Threads: any thread, any time.
///
/// # Safety
/// `engine` must be NULL or a live engine; `workflow` NULL or
/// `workflow_len` readable bytes; `lead` NULL or valid to read, its texts
/// NULL or their lengths of readable bytes.
#[no_mangle]
pub unsafe extern "C" fn leadrules_engine_prepare_workflow_lead(
    engine: *const leadrules_engine,
    workflow: *const u8,
    workflow_len: usize,
    lead: *const leadrules_workflow_lead_in,
) -> *mut leadrules_prepared_workflow_lead {
    guard::handle(|| {
        // SAFETY: the caller guarantees a live engine or NULL.
        let engine = unsafe { core(engine) }?;
        // SAFETY: the caller guarantees `workflow_len` bytes at `workflow` or NULL.
        let workflow = unsafe { str_arg(workflow, workflow_len, "workflow") }?;
        // SAFETY: the caller guarantees `lead` is NULL or valid to read.
        let lead = unsafe { lead.as_ref() }.ok_or_else(|| Failure::null("lead"))?;
        // SAFETY: the caller guarantees the texts of `lead`.
        let lead = unsafe { workflow_lead(lead) }?;
        Ok(leadrules_prepared_workflow_lead {
            lead: engine.prepare_workflow_lead(workflow, &lead)?,
        })
    })
}

/// Releases a prepared actor. NULL is a no-op.
///
/// Ownership: the handle is given back (it came from its prepare
/// function); nothing else is freed.
///
/// NULL: a no-op.
///
/// Threads: any thread, once no other thread uses the handle.
///
/// # Safety
/// `actor` must be NULL or a handle from `leadrules_engine_prepare_actor`
/// not freed yet and not in use by another thread; it is not used after.
#[no_mangle]
pub unsafe extern "C" fn leadrules_prepared_actor_free(actor: *mut leadrules_prepared_actor) {
    guard::value(|| {
        // SAFETY: the caller gives the handle back once.
        unsafe { release(actor) }
    })
}

/// Releases a prepared lead. NULL is a no-op.
///
/// Ownership: the handle is given back (it came from its prepare
/// function); nothing else is freed.
///
/// NULL: a no-op.
///
/// Threads: any thread, once no other thread uses the handle.
///
/// # Safety
/// `lead` must be NULL or a handle from `leadrules_engine_prepare_lead`
/// not freed yet and not in use by another thread; it is not used after.
#[no_mangle]
pub unsafe extern "C" fn leadrules_prepared_lead_free(lead: *mut leadrules_prepared_lead) {
    guard::value(|| {
        // SAFETY: the caller gives the handle back once.
        unsafe { release(lead) }
    })
}

/// Releases a prepared workflow lead. NULL is a no-op.
///
/// Ownership: the handle is given back (it came from its prepare
/// function); nothing else is freed.
///
/// NULL: a no-op.
///
/// Threads: any thread, once no other thread uses the handle.
///
/// # Safety
/// `lead` must be NULL or a handle from
/// `leadrules_engine_prepare_workflow_lead` not freed yet and not in use
/// by another thread; it is not used after.
#[no_mangle]
pub unsafe extern "C" fn leadrules_prepared_workflow_lead_free(lead: *mut leadrules_prepared_workflow_lead) {
    guard::value(|| {
        // SAFETY: the caller gives the handle back once.
        unsafe { release(lead) }
    })
}
