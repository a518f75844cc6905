//! The engine handle: build one from config JSON, ask it questions in JSON
//! or typed, resolve org ids and role names, free it.

use std::ffi::{c_char, CString};
use std::sync::Arc;

use leadrules::Engine;

use crate::error::Failure;
use crate::guard;
use crate::status::leadrules_status;
use crate::strings::{lossy_cstring, str_arg};

/// An engine: a validated policy and org directory, immutable once built.
///
/// Opaque. Create one with `leadrules_engine_new`, release it with
/// `leadrules_engine_free`. Every function taking a `const leadrules_engine *`
/// only reads it, so one engine may be used from many threads at once.
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
/// (`leadrules_last_error_json` then lists every problem).
///
/// On success `*engine_out` receives a new engine, to be released with
/// `leadrules_engine_free`; on failure it is not written.
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

/// Releases an engine. NULL is a no-op.
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
/// `..._UNKNOWN_ROLE`), with the JSON error envelope in
/// `leadrules_last_error_json`; nothing is written then.
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
        // SAFETY: the caller guarantees `request_len` bytes at `request`.
        let request = unsafe { str_arg(request, request_len, "request") }?;
        if response_out.is_null() {
            return Err(Failure::null("response_out"));
        }
        let response = lossy_cstring(&engine.core().decide_str(request)?.to_string());
        let len = response.as_bytes().len();
        // SAFETY: `response_out` is not NULL and the caller guarantees it is
        // writable; ownership of the string passes to the caller.
        unsafe { response_out.write(response.into_raw()) };
        if !response_len_out.is_null() {
            // SAFETY: not NULL, and the caller guarantees it is writable.
            unsafe { response_len_out.write(len) };
        }
        Ok(())
    })
}

/// Resolves an org id (`id_len` bytes of UTF-8) to its index in the
/// engine's directory (the position in the config's `orgs` list), for the
/// typed calls. An id the directory does not contain is
/// `LEADRULES_STATUS_UNKNOWN_ORG`.
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
/// define is `LEADRULES_STATUS_UNKNOWN_ROLE`.
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

/// The id of the org at index `org`, as a NUL-terminated string borrowed
/// from the engine (valid until `leadrules_engine_free`; never free it), or
/// NULL for an index the engine does not have or a NULL engine. An id that
/// contains NUL bytes comes back with each replaced by U+FFFD.
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
