//! A workflow's stages for C hosts: each stage's name, code and flags,
//! written into an array the caller owns, so a host can select the stages
//! that run an expiry period (and filter its book to them) before it
//! sweeps. Core's `WorkflowView` answers; this only copies it out.

use leadrules::Phase;

use crate::engine::{engine_arg, leadrules_engine};
use crate::error::Failure;
use crate::guard;
use crate::status::leadrules_status;
use crate::strings::str_arg;

/// No expiry period runs on the stage (`leadrules_stage.expiry`).
pub const LEADRULES_EXPIRY_NONE: u32 = 0;
/// The pending period runs on the stage: the partner has it to accept.
pub const LEADRULES_EXPIRY_PENDING: u32 = 1;
/// The accepted period runs on the stage: the lead has it to convert.
pub const LEADRULES_EXPIRY_ACCEPTED: u32 = 2;

/// One stage of a workflow and its flags, as
/// `leadrules_engine_workflow_stages` writes it.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct leadrules_stage {
    /// The stage's id, UTF-8, `name_len` bytes, not NUL-terminated:
    /// borrowed from the engine until `leadrules_engine_free`.
    pub name: *const u8,
    /// The length of `name` in bytes.
    pub name_len: usize,
    /// The stage's code (its position in the workflow), as
    /// `leadrules_engine_stage_code` answers it for the column sweep.
    pub code: u32,
    /// New leads start here.
    pub initial: bool,
    /// The stage ends a lead's life: no action leaves it, no expiry runs.
    pub terminal: bool,
    /// A lead here is archived.
    pub archived: bool,
    /// The expiry period that runs while a lead stands here:
    /// `LEADRULES_EXPIRY_NONE`, `_PENDING` or `_ACCEPTED`.
    pub expiry: u32,
}

/// The stages of `workflow`, in the workflow's order, with their flags
/// (initial, terminal, archived, the expiry period each runs).
///
/// Writes the first `min(capacity, count)` stages to `stages_out` and the
/// workflow's number of stages, `count`, to `*count_out`, as `snprintf`
/// does: when `*count_out > capacity`, call again with room for
/// `*count_out` entries (`capacity` 0 and a NULL `stages_out` ask only the
/// count). An unknown workflow is `LEADRULES_STATUS_UNKNOWN_WORKFLOW` at
/// path `workflow`, the protocol's error; nothing is written on failure.
///
/// Ownership: `engine` and `workflow` are borrowed for the duration of the
/// call only. `stages_out` and `*count_out` are caller storage. Each
/// `leadrules_stage.name` is borrowed from the engine: valid until
/// `leadrules_engine_free` on that engine, and unchanged until then; never
/// free it. Nothing is handed over, so there is nothing to free.
///
/// NULL: a NULL `engine`, `workflow` or `count_out` is
/// `LEADRULES_STATUS_NULL_ARGUMENT`; `stages_out` may be NULL only when
/// `capacity` is 0.
///
/// Threads: any number of threads may ask one engine at once, each into
/// its own `stages_out`.
///
/// # Safety
/// `engine` must be NULL or a live engine; `workflow` NULL or
/// `workflow_len` readable bytes; `stages_out` NULL or `capacity` writable
/// entries; `count_out` NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn leadrules_engine_workflow_stages(
    engine: *const leadrules_engine,
    workflow: *const u8,
    workflow_len: usize,
    stages_out: *mut leadrules_stage,
    capacity: usize,
    count_out: *mut usize,
) -> leadrules_status {
    guard::status(|| {
        // SAFETY: the caller guarantees a live engine or NULL.
        let engine = unsafe { engine_arg(engine) }?.core();
        // SAFETY: the caller guarantees `workflow_len` bytes at `workflow`.
        let workflow = unsafe { str_arg(workflow, workflow_len, "workflow") }?;
        if count_out.is_null() {
            return Err(Failure::null("count_out"));
        }
        if stages_out.is_null() && capacity > 0 {
            return Err(Failure::null("stages_out"));
        }
        if !stages_out.is_aligned() {
            return Err(Failure::invalid(
                "`stages_out` is not aligned for leadrules_stage",
            ));
        }
        let view = engine.require_workflow(workflow, "workflow")?;
        let stages = view.stages();
        let count = stages.len();
        for (i, stage) in stages.take(capacity).enumerate() {
            let name = stage.name();
            let entry = leadrules_stage {
                name: name.as_ptr(),
                name_len: name.len(),
                code: stage.id().code(),
                initial: stage.initial(),
                terminal: stage.terminal(),
                archived: stage.archived(),
                expiry: match stage.expiry() {
                    None => LEADRULES_EXPIRY_NONE,
                    Some(Phase::Pending) => LEADRULES_EXPIRY_PENDING,
                    Some(Phase::Accepted) => LEADRULES_EXPIRY_ACCEPTED,
                },
            };
            // SAFETY: `stages_out` is aligned, not NULL (capacity > 0 here)
            // and the caller guarantees `capacity` writable entries; `i` is
            // below `capacity`.
            unsafe { stages_out.add(i).write(entry) };
        }
        // SAFETY: `count_out` is not NULL and the caller guarantees it is
        // writable.
        unsafe { count_out.write(count) };
        Ok(())
    })
}
