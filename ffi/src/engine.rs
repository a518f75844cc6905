//! The engine handle: build one from config JSON, ask it questions in JSON
//! or typed, resolve org ids and role names, free it.

use std::ffi::{c_char, CString};
use std::sync::Arc;

use leadrules::Engine;

use crate::error::Failure;
use crate::guard;
use crate::status::leadrules_status;
use crate::strings::{lossy_cstring, lossy_cstring_owned, str_arg};

/// An engine: a validated policy and org directory, immutable once built.
///
/// Opaque. Create one with `leadrules_engine_new` (the caller then owns
/// it), release it with exactly one `leadrules_engine_free`. Every
/// function taking a `const leadrules_engine *` only reads it, so one
/// engine may be used from many threads at once.
pub struct leadrules_engine {
    engine: Engine,
    /// The org ids as C strings, by org index (NUL bytes replaced by U+FFFD).
    org_names: Vec<CString>,
}

impl leadrules_engine {
    fn new(engine: Engine) -> leadrules_engine {
        let org_names = (0..engine.org_count())
            .filter_map(|i| engine.org_at(i))
            .map(|org| lossy_cstring(engine.org_name(org)))
            .collect();
        leadrules_engine { engine, org_names }
    }

    /// The core engine.
    pub(crate) fn core(&self) -> &Engine {
        &self.engine
    }
}

/// The engine behind a handle, or `NULL_ARGUMENT`.
///
/// # Safety
/// `engine` must be NULL or a live handle from [`leadrules_engine_new`],
/// not freed for `'a`.
pub(crate) unsafe fn engine_arg<'a>(
    engine: *const leadrules_engine,
) -> Result<&'a leadrules_engine, Failure> {
    // SAFETY: the caller guarantees a live handle or NULL; the handle is
    // only ever read through shared references.
    unsafe { engine.as_ref() }.ok_or_else(|| Failure::null("engine"))
}

/// Builds an engine from config JSON text (`config_len` bytes of UTF-8, no
/// terminator needed).
///
/// `config == NULL` with `config_len == 0` builds the built-in defaults (the
/// config `{}`); NULL with a length is `LEADRULES_STATUS_NULL_ARGUMENT`.
/// Bytes that are not UTF-8 are `LEADRULES_STATUS_INVALID_UTF8`; a config
/// that is not JSON or does not validate is `LEADRULES_STATUS_INVALID_CONFIG`
/// (`leadrules_last_error_json` then lists every problem), as is one longer
/// than `LEADRULES_MAX_CONFIG_BYTES`, refused before it is parsed.
///
/// Ownership: `config` is borrowed for the duration of the call only: the
/// engine copies what it needs and keeps no pointer into it, so the caller
/// may free or reuse the buffer as soon as the call returns. On success `*engine_out` receives a new
/// engine owned by the caller, to be released with exactly one
/// `leadrules_engine_free`; on failure it is not written and there is
/// nothing to free.
///
/// NULL: `config` as above; a NULL `engine_out` is
/// `LEADRULES_STATUS_NULL_ARGUMENT`.
///
/// Threads: callable from any thread; the new engine may be used from any
/// thread, by many at once.
///
/// # Safety
/// `config` must be NULL or point to `config_len` readable bytes;
/// `engine_out` must be NULL or point to writable storage for a pointer.
#[no_mangle]
pub unsafe extern "C" fn leadrules_engine_new(
    config: *const u8,
    config_len: usize,
    engine_out: *mut *mut leadrules_engine,
) -> leadrules_status {
    guard::status(|| {
        let text = if config.is_null() && config_len == 0 {
            None
        } else {
            leadrules::check_config_size(config_len)?;
            // SAFETY: the caller guarantees `config_len` bytes at `config`.
            Some(unsafe { str_arg(config, config_len, "config") }?)
        };
        if engine_out.is_null() {
            return Err(Failure::null("engine_out"));
        }
        let engine = match text {
            None => Engine::default(),
            Some(text) => Engine::from_json(text)?,
        };
        let handle = Arc::into_raw(Arc::new(leadrules_engine::new(engine))).cast_mut();
        // SAFETY: `engine_out` is not NULL and the caller guarantees it is
        // writable.
        unsafe { engine_out.write(handle) };
        Ok(())
    })
}

/// Releases an engine.
///
/// Ownership: takes back an engine the caller owns; call it exactly once
/// per engine. It ends the lifetime of every string borrowed from the
/// engine (`leadrules_engine_org_name`); strings handed over by it
/// (`leadrules_engine_decide`, `leadrules_engine_warnings`) belong to the
/// caller and stay valid until `leadrules_string_free`.
///
/// NULL: a no-op.
///
/// Threads: only once no other thread uses the engine any more (the one
/// call that is not safe to make concurrently with others on the same
/// engine); it may be called from any thread, not only the creating one.
///
/// # Safety
/// `engine` must be NULL or a handle from `leadrules_engine_new` that was
/// not freed yet; no other thread may be using it, and neither it nor any
/// string borrowed from it (`leadrules_engine_org_name`) may be used
/// afterwards.
#[no_mangle]
pub unsafe extern "C" fn leadrules_engine_free(engine: *mut leadrules_engine) {
    guard::value(|| {
        if !engine.is_null() {
            // SAFETY: the caller guarantees `engine` came from Arc::into_raw in
            // leadrules_engine_new and gives up this reference exactly once.
            drop(unsafe { Arc::from_raw(engine.cast_const()) });
        }
    });
}

/// Answers one JSON request (protocol v1, `request_len` bytes of UTF-8).
///
/// On success `*response_out` receives the response object as a
/// NUL-terminated JSON string owned by the caller, to be released with
/// `leadrules_string_free`, and `*response_len_out` (unless NULL) its
/// length in bytes without the terminator. A denial is a success: read
/// `"allowed"` and `"reasons"` in the response.
///
/// Bad input is an error status (`LEADRULES_STATUS_INVALID_JSON`,
/// `..._INVALID_REQUEST`, `..._UNKNOWN_KIND`, `..._UNKNOWN_ORG`,
/// `..._UNKNOWN_ROLE`, `..._UNKNOWN_WORKFLOW`, `..._UNKNOWN_ACTION`,
/// `..._UNKNOWN_STAGE`, `..._UNKNOWN_TEMPLATE`, `..._INVALID_TIMESTAMP`),
/// with the JSON error envelope in `leadrules_last_error_json`; nothing is
/// written then. A request longer than `LEADRULES_MAX_REQUEST_BYTES` is
/// `..._INVALID_REQUEST` before any of it is parsed; nesting deeper than
/// 127 arrays or objects is `..._INVALID_JSON`.
///
/// Ownership: `engine` and `request` are borrowed for the duration of the
/// call only. The response is a new string owned by the caller: release it
/// with `leadrules_string_free` (never `free`). It does not borrow from the
/// engine, so it may outlive it. `response_len_out` is caller storage.
///
/// NULL: a NULL `engine`, `request` or `response_out` is
/// `LEADRULES_STATUS_NULL_ARGUMENT`; a NULL `response_len_out` means the
/// length is not wanted.
///
/// Threads: any number of threads may ask one engine at once.
///
/// # Safety
/// `engine` must be NULL or a live engine; `request` must be NULL or point
/// to `request_len` readable bytes; `response_out` must be NULL or point to
/// writable storage for a pointer, `response_len_out` NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn leadrules_engine_decide(
    engine: *const leadrules_engine,
    request: *const u8,
    request_len: usize,
    response_out: *mut *mut c_char,
    response_len_out: *mut usize,
) -> leadrules_status {
    guard::status(|| {
        // SAFETY: the caller guarantees a live engine or NULL.
        let engine = unsafe { engine_arg(engine) }?;
        if !request.is_null() {
            leadrules::check_request_size(request_len)?;
        }
        // SAFETY: the caller guarantees `request_len` bytes at `request`.
        let request = unsafe { str_arg(request, request_len, "request") }?;
        if response_out.is_null() {
            return Err(Failure::null("response_out"));
        }
        let response = engine.core().decide_json(request).into_result()?;
        // SAFETY: `response_out` is not NULL; the caller guarantees both
        // out-params are writable (or NULL for the length).
        unsafe { write_new_string(response, response_out, response_len_out) };
        Ok(())
    })
}

/// The engine's warnings: findings about its config that did not stop it
/// from loading (a stage no action reaches, an action that needs a
/// capability no role grants, ...: docs/config.md lists them), in document
/// order, as the JSON array text
/// `[{"path": "policy.workflows.w.stages[2]", "message": "..."}, ...]`;
/// `"[]"` when there are none (the built-in policy has none).
///
/// Ownership: `engine` is borrowed for the duration of the call only. On
/// success `*warnings_out` receives that NUL-terminated string, a new
/// string owned by the caller: release it with `leadrules_string_free`
/// (it does not borrow from the engine, so it may outlive it).
/// `*warnings_len_out` receives its length in bytes without the
/// terminator.
///
/// NULL: a NULL `engine` or `warnings_out` is
/// `LEADRULES_STATUS_NULL_ARGUMENT` (nothing is written then); a NULL
/// `warnings_len_out` means the length is not wanted.
///
/// Threads: any number of threads may ask one engine at once.
///
/// # Safety
/// `engine` must be NULL or a live engine; `warnings_out` must be NULL or
/// point to writable storage for a pointer, `warnings_len_out` NULL or
/// writable.
#[no_mangle]
pub unsafe extern "C" fn leadrules_engine_warnings(
    engine: *const leadrules_engine,
    warnings_out: *mut *mut c_char,
    warnings_len_out: *mut usize,
) -> leadrules_status {
    guard::status(|| {
        // SAFETY: the caller guarantees a live engine or NULL.
        let engine = unsafe { engine_arg(engine) }?;
        if warnings_out.is_null() {
            return Err(Failure::null("warnings_out"));
        }
        let text = leadrules::protocol::problems_value(engine.core().warnings()).to_string();
        // SAFETY: `warnings_out` is not NULL; the caller guarantees both
        // out-params are writable (or NULL for the length).
        unsafe { write_new_string(text, warnings_out, warnings_len_out) };
        Ok(())
    })
}

/// Writes a new C string of `text` to `*out`, handing it to the caller
/// (who frees it with `leadrules_string_free`), and its length in bytes to
/// `*len_out` unless that is NULL.
///
/// # Safety
/// `out` must be non-NULL and writable; `len_out` NULL or writable.
unsafe fn write_new_string(text: String, out: *mut *mut c_char, len_out: *mut usize) {
    let owned = lossy_cstring_owned(text);
    let len = owned.as_bytes().len();
    // SAFETY: the caller guarantees `out` is not NULL and writable;
    // ownership of the string passes to the caller of the C function.
    unsafe { out.write(owned.into_raw()) };
    if !len_out.is_null() {
        // SAFETY: not NULL, and the caller guarantees it is writable.
        unsafe { len_out.write(len) };
    }
}

/// Resolves an org id (`id_len` bytes of UTF-8) to its index in the
/// engine's directory (the position in the config's `orgs` list), for the
/// typed calls. An id the directory does not contain is
/// `LEADRULES_STATUS_UNKNOWN_ORG`. The index is valid for this engine only.
///
/// Ownership: `engine` and `id` are borrowed for the duration of the call
/// only; `*org_out` is caller storage, written on success. Nothing to free.
///
/// NULL: a NULL `engine`, `id` (even with length 0) or `org_out` is
/// `LEADRULES_STATUS_NULL_ARGUMENT`.
///
/// Threads: any number of threads may ask one engine at once.
///
/// # Safety
/// `engine` must be NULL or a live engine; `id` must be NULL or point to
/// `id_len` readable bytes; `org_out` must be NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn leadrules_engine_org(
    engine: *const leadrules_engine,
    id: *const u8,
    id_len: usize,
    org_out: *mut u32,
) -> leadrules_status {
    guard::status(|| {
        // SAFETY: the caller guarantees a live engine or NULL.
        let engine = unsafe { engine_arg(engine) }?;
        // SAFETY: the caller guarantees `id_len` bytes at `id`.
        let id = unsafe { str_arg(id, id_len, "id") }?;
        if org_out.is_null() {
            return Err(Failure::null("org_out"));
        }
        let org = engine.core().require_org(id, "")?;
        let index = u32::try_from(org.index()).map_err(|_| Failure::invalid("org index overflows u32"))?;
        // SAFETY: `org_out` is not NULL and the caller guarantees it is writable.
        unsafe { org_out.write(index) };
        Ok(())
    })
}

/// Resolves a role name (`name_len` bytes of UTF-8) to its index in the
/// engine's role table, for the typed calls. A role the policy does not
/// define is `LEADRULES_STATUS_UNKNOWN_ROLE`. The index is valid for this
/// engine only.
///
/// Ownership: `engine` and `name` are borrowed for the duration of the call
/// only; `*role_out` is caller storage, written on success. Nothing to
/// free.
///
/// NULL: a NULL `engine`, `name` (even with length 0) or `role_out` is
/// `LEADRULES_STATUS_NULL_ARGUMENT`.
///
/// Threads: any number of threads may ask one engine at once.
///
/// # Safety
/// `engine` must be NULL or a live engine; `name` must be NULL or point to
/// `name_len` readable bytes; `role_out` must be NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn leadrules_engine_role(
    engine: *const leadrules_engine,
    name: *const u8,
    name_len: usize,
    role_out: *mut u32,
) -> leadrules_status {
    guard::status(|| {
        // SAFETY: the caller guarantees a live engine or NULL.
        let engine = unsafe { engine_arg(engine) }?;
        // SAFETY: the caller guarantees `name_len` bytes at `name`.
        let name = unsafe { str_arg(name, name_len, "name") }?;
        if role_out.is_null() {
            return Err(Failure::null("role_out"));
        }
        let role = engine.core().require_role(name, "")?;
        let index = u32::try_from(role.index()).map_err(|_| Failure::invalid("role index overflows u32"))?;
        // SAFETY: `role_out` is not NULL and the caller guarantees it is writable.
        unsafe { role_out.write(index) };
        Ok(())
    })
}

/// The id of the org at index `org`, as a NUL-terminated string. An id
/// that contains NUL bytes comes back with each replaced by U+FFFD.
///
/// Ownership: the string is borrowed from the engine: valid until
/// `leadrules_engine_free` on that engine, and unchanged until then. Never
/// free it.
///
/// NULL: returned for an index the engine does not have and for a NULL
/// engine. This call records no last error.
///
/// Threads: any number of threads may ask one engine at once, and read
/// the strings it lent.
///
/// # Safety
/// `engine` must be NULL or a live engine.
#[no_mangle]
pub unsafe extern "C" fn leadrules_engine_org_name(
    engine: *const leadrules_engine,
    org: u32,
) -> *const c_char {
    guard::value(|| {
        // SAFETY: the caller guarantees a live engine or NULL.
        let Ok(engine) = (unsafe { engine_arg(engine) }) else {
            return std::ptr::null();
        };
        usize::try_from(org)
            .ok()
            .and_then(|i| engine.org_names.get(i))
            .map_or(std::ptr::null(), |name| name.as_ptr())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::ffi::CStr;

    /// A workflow with a stage no action reaches (and that none leaves) and
    /// an action needing a capability no role grants.
    const SUSPICIOUS: &str = r#"{"policy": {"workflows": {"review": {
        "stages": [{"id": "open", "initial": true}, {"id": "orphan"}, {"id": "done", "terminal": true}],
        "actions": [{"id": "finish", "from": ["open"], "to": "done", "who": {"capability": "sign_off"}}]
    }}}}"#;

    fn engine(config: &str) -> *mut leadrules_engine {
        let mut engine = std::ptr::null_mut();
        // SAFETY: `config` is valid for its length; `engine` is writable.
        let status = unsafe { leadrules_engine_new(config.as_ptr(), config.len(), &mut engine) };
        assert_eq!(status, leadrules_status::Ok);
        engine
    }

    /// The warnings text and its reported length, freed after copying.
    fn warnings(engine: *const leadrules_engine) -> (String, usize) {
        let mut text = std::ptr::null_mut();
        let mut len = 0;
        // SAFETY: `engine` is live; both out-params are writable.
        let status = unsafe { leadrules_engine_warnings(engine, &mut text, &mut len) };
        assert_eq!(status, leadrules_status::Ok);
        // SAFETY: on success `text` is a NUL-terminated string we own.
        let copied = unsafe { CStr::from_ptr(text) }.to_string_lossy().into_owned();
        // SAFETY: `text` came from the library and is freed once.
        unsafe { crate::strings::leadrules_string_free(text) };
        (copied, len)
    }

    #[test]
    fn warnings_are_a_json_array_of_paths_and_messages() {
        let handle = engine(SUSPICIOUS);
        let (text, len) = warnings(handle);
        assert_eq!(len, text.len());
        let value: serde_json::Value = serde_json::from_str(&text).unwrap_or_default();
        let items = value.as_array().cloned().unwrap_or_default();
        let paths: Vec<&str> = items.iter().filter_map(|w| w["path"].as_str()).collect();
        assert!(paths.contains(&"policy.workflows.review.stages[1]"), "{text}");
        assert!(
            paths.contains(&"policy.workflows.review.actions[0].who"),
            "{text}"
        );
        assert!(items
            .iter()
            .all(|w| w["message"].as_str().is_some_and(|m| !m.is_empty())));
        // SAFETY: the handle is live and freed once; the string was copied.
        unsafe { leadrules_engine_free(handle) };
    }

    #[test]
    fn no_findings_is_an_empty_array_and_null_is_refused() {
        let handle = engine("{}");
        assert_eq!(warnings(handle), ("[]".to_owned(), 2));
        let mut text: *mut c_char = std::ptr::null_mut();
        // SAFETY: NULL arguments are checked.
        let status = unsafe { leadrules_engine_warnings(std::ptr::null(), &mut text, std::ptr::null_mut()) };
        assert_eq!(status, leadrules_status::NullArgument);
        assert!(text.is_null());
        // SAFETY: NULL arguments are checked.
        let status = unsafe { leadrules_engine_warnings(handle, std::ptr::null_mut(), std::ptr::null_mut()) };
        assert_eq!(status, leadrules_status::NullArgument);
        // SAFETY: the handle is live and freed once.
        unsafe { leadrules_engine_free(handle) };
    }
}
