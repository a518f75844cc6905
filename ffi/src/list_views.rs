//! List views for C hosts: one actor, a page of prepared leads, one call;
//! compact answers (a bit per lead and action, a byte per lead) written
//! into the caller's arrays. The reasons of one lead are its single
//! question (`leadrules_engine_actions_prepared`, `..._check_edit_prepared`).

use leadrules::{require_unix_now, PreparedLead, PreparedWorkflowLead};

use crate::assign_input::{array, array_mut};
use crate::engine::leadrules_engine;
use crate::error::Failure;
use crate::guard;
use crate::prepared::{leadrules_prepared_actor, leadrules_prepared_lead, leadrules_prepared_workflow_lead};
use crate::prepared_args::{asker, Out};
use crate::status::leadrules_status;

/// The handles of `leads` (`n` pointers), each checked for NULL
/// (`NULL_ARGUMENT` at `leads[i]`), lent to core as they are (no lead
/// copied).
///
/// # Safety
/// `leads` must be NULL or `n` readable pointers, each NULL or live.
unsafe fn handles<'a, H: 'a, T: 'a>(
    leads: *const *const H,
    n: usize,
    inner: impl Fn(&'a H) -> &'a T,
) -> Result<Vec<&'a T>, Failure> {
    // SAFETY: the caller guarantees `n` readable pointers or NULL.
    let pointers = unsafe { array(leads, n, || "leads".to_owned()) }?;
    let mut out = Vec::with_capacity(pointers.len());
    for (i, &pointer) in pointers.iter().enumerate() {
        // SAFETY: the caller guarantees each is NULL or a live handle.
        let handle = match unsafe { pointer.as_ref() } {
            Some(handle) => handle,
            // The path is written only for the error.
            None => return Err(Failure::null(&format!("leads[{i}]"))),
        };
        out.push(inner(handle));
    }
    Ok(out)
}

/// Every action of the leads' workflow for `actor`, for each of the `n`
/// leads, at `now` (Unix seconds, `LEADRULES_NO_TIME` for none): lead
/// `i`'s bits are `out_words[i * w .. (i + 1) * w]`, `w = (a + 63) / 64`
/// words for the workflow's `a` actions (`leadrules_engine_workflow_actions`
/// counts and names them), bit `k % 64` of word `k / 64` set when action
/// `k` is allowed: exactly the `allowed` of
/// `leadrules_engine_actions_prepared` for that lead.
///
/// As `snprintf`: `*words_out` receives the words the page needs,
/// `n * w` (`out_words` NULL with `out_words_len` 0 asks only that, and
/// succeeds); an array with less room is
/// `LEADRULES_STATUS_BUFFER_TOO_SMALL`, with `*words_out` written and
/// nothing else, as `leadrules_engine_match_keys` answers a short buffer. Every lead
/// must be of one workflow (`LEADRULES_STATUS_INVALID_REQUEST` at
/// `leads[i]`); a handle of another engine is `..._FOREIGN_HANDLE` at
/// `actor` / `leads[i]`; a workflow that reads the time with no `now` is
/// `..._INVALID_REQUEST` at `now`; the first bad lead's error is reported
/// and nothing is written. No leads: 0 words.
///
/// Ownership: every argument is borrowed for the call only; `out_words`
/// and `*words_out` are caller storage.
///
/// NULL: a NULL `engine`, `actor` or `words_out` is
/// `LEADRULES_STATUS_NULL_ARGUMENT`, and so is a NULL handle in `leads`
/// (naming `leads[i]`); `leads` may be NULL only when `n` is 0, `out_words`
/// only when `out_words_len` is 0.
///
/// Threads: any number at once, each into its own arrays.
///
/// # Safety
/// `engine` must be NULL or a live engine; `actor` NULL or a live handle;
/// `leads` NULL or `n` readable pointers, each NULL or a live handle;
/// `out_words` NULL or `out_words_len` writable words; `words_out` NULL or
/// writable.
#[no_mangle]
pub unsafe extern "C" fn leadrules_engine_actions_many(
    engine: *const leadrules_engine,
    actor: *const leadrules_prepared_actor,
    leads: *const *const leadrules_prepared_workflow_lead,
    n: usize,
    now: i64,
    out_words: *mut u64,
    out_words_len: usize,
    words_out: *mut usize,
) -> leadrules_status {
    guard::status(|| {
        // SAFETY: the caller guarantees a live engine and handle, or NULL.
        let (engine, actor) = unsafe { asker(engine, actor) }?;
        let words_out = Out::arg(words_out, "words_out")?;
        // SAFETY: the caller guarantees `out_words_len` writable words or NULL.
        let out = unsafe { array_mut(out_words, out_words_len, || "out_words".to_owned()) }?;
        // SAFETY: the caller guarantees `n` pointers, each NULL or live.
        let leads: Vec<&PreparedWorkflowLead> =
            unsafe { handles(leads, n, |h: &leadrules_prepared_workflow_lead| &h.lead) }?;
        let now = require_unix_now(now)?;
        let grid = engine.actions_many(&actor.actor, &leads, now)?;
        let words = grid.words();
        // SAFETY: the caller guarantees it is writable.
        unsafe { words_out.write(words.len()) };
        match out.get_mut(..words.len()) {
            Some(room) => room.copy_from_slice(words),
            // A size asked (no array) is an answer; too small an array is not.
            None if out_words.is_null() && out_words_len == 0 => {}
            None => {
                return Err(Failure::misuse(
                    leadrules_status::BufferTooSmall,
                    format!(
                        "the page needs {} words in `out_words` (capacity {out_words_len})",
                        words.len()
                    ),
                ))
            }
        }
        Ok(())
    })
}

/// Whether `actor` may edit each of the `n` leads: `out_allowed[i]` is 1
/// when `leadrules_engine_check_edit_prepared` allows lead `i`, else 0.
/// `out_allowed` must have room for `n` bytes (NULL only when `n` is 0).
///
/// Errors: a NULL pointer is `LEADRULES_STATUS_NULL_ARGUMENT` (at
/// `leads[i]` for a NULL handle); a handle of another engine
/// `..._FOREIGN_HANDLE` at `actor` / `leads[i]`; an actor whose org is not
/// in the directory `..._UNKNOWN_ORG` at `actor.org`; a lead handed over
/// to sales that names no creator `..._INVALID_REQUEST` at
/// `leads[i].creator`. The first error is reported and nothing is written.
///
/// Ownership: every argument is borrowed for the call only; `out_allowed`
/// is caller storage.
///
/// NULL: a NULL `engine` or `actor` is `LEADRULES_STATUS_NULL_ARGUMENT`,
/// and so is a NULL handle in `leads` (naming `leads[i]`); `leads` and
/// `out_allowed` may be NULL only when `n` is 0.
///
/// Threads: any number at once, each into its own array.
///
/// # Safety
/// `engine` must be NULL or a live engine; `actor` NULL or a live handle;
/// `leads` NULL or `n` readable pointers, each NULL or a live handle;
/// `out_allowed` NULL or `n` writable bytes.
#[no_mangle]
pub unsafe extern "C" fn leadrules_engine_can_edit_many(
    engine: *const leadrules_engine,
    actor: *const leadrules_prepared_actor,
    leads: *const *const leadrules_prepared_lead,
    n: usize,
    out_allowed: *mut u8,
) -> leadrules_status {
    guard::status(|| {
        // SAFETY: the caller guarantees a live engine and handle, or NULL.
        let (engine, actor) = unsafe { asker(engine, actor) }?;
        // SAFETY: the caller guarantees `n` writable bytes or NULL.
        let out = unsafe { array_mut(out_allowed, n, || "out_allowed".to_owned()) }?;
        // SAFETY: the caller guarantees `n` pointers, each NULL or live.
        let leads: Vec<&PreparedLead> = unsafe { handles(leads, n, |h: &leadrules_prepared_lead| &h.lead) }?;
        let verdicts = engine.can_edit_many(&actor.actor, &leads)?;
        for (i, slot) in out.iter_mut().enumerate() {
            *slot = u8::from(verdicts.allowed(i));
        }
        Ok(())
    })
}
