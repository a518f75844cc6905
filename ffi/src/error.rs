//! The last error of each thread: set by every failing call, cleared at the
//! start of every call that returns a [`leadrules_status`].
//!
//! On Unix the record is the value of a pthread key of the library's own,
//! not a Rust thread-local: a thread's Rust thread-locals are destroyed
//! before the destructors of its pthread keys run (glibc runs
//! `__call_tls_dtors` first), and a host may call the library from such a
//! destructor; a Rust thread-local first used that late is never freed.
//! The key's value is readable until the thread is gone and its destructor
//! frees the record.

use std::ffi::{c_char, CStr, CString};

use serde_json::{json, Value};

use crate::guard;
use crate::status::leadrules_status;
use crate::strings::lossy_cstring;

/// Why a call failed: its status and the error it records. Boxed, so that
/// the `Result`s carrying it stay small.
#[derive(Debug)]
pub(crate) struct Failure(Box<FailureDetail>);

#[derive(Debug)]
struct FailureDetail {
    status: leadrules_status,
    message: String,
    path: String,
    /// The error envelope `{"error": {...}}`.
    json: Value,
}

impl Failure {
    /// A misuse of the C API (NULL, bad UTF-8, out-of-range value, panic):
    /// the envelope's code is the status name and its path is empty.
    pub(crate) fn misuse(status: leadrules_status, message: impl Into<String>) -> Failure {
        let message = message.into();
        let code = status.name().to_str().unwrap_or("unknown_error");
        Failure(Box::new(FailureDetail {
            status,
            json: json!({"error": {"code": code, "message": message, "path": ""}}),
            message,
            path: String::new(),
        }))
    }

    /// A required pointer argument was NULL.
    pub(crate) fn null(argument: &str) -> Failure {
        Failure::misuse(
            leadrules_status::NullArgument,
            format!("`{argument}` must not be NULL"),
        )
    }

    /// A numeric argument out of range.
    pub(crate) fn invalid(message: impl Into<String>) -> Failure {
        Failure::misuse(leadrules_status::InvalidParameter, message)
    }

    /// The status the failing call returns.
    pub(crate) fn status(&self) -> leadrules_status {
        self.0.status
    }
}

impl From<leadrules::Error> for Failure {
    fn from(error: leadrules::Error) -> Failure {
        Failure(Box::new(FailureDetail {
            status: leadrules_status::from_code(error.code),
            json: leadrules::protocol::error_value(&error),
            message: error.message,
            path: error.path,
        }))
    }
}

/// A recorded error, as C strings that stay put until the next failure.
struct LastError {
    status: leadrules_status,
    message: CString,
    path: CString,
    json: CString,
}

pub(crate) fn clear() {
    // Dropping the old strings here is what ends their documented lifetime.
    replace(None);
}

pub(crate) fn set(failure: Failure) {
    let failure = failure.0;
    replace(Some(LastError {
        status: failure.status,
        message: lossy_cstring(&failure.message),
        path: lossy_cstring(&failure.path),
        json: lossy_cstring(&failure.json.to_string()),
    }));
}

/// Records `record` as this thread's last error (`None`: no error).
fn replace(record: Option<LastError>) {
    store::replace(record);
}

/// `read` of this thread's last error.
fn read<T>(read: impl Fn(&LastError) -> T) -> Option<T> {
    store::read(read)
}

/// A pointer into the recorded error, or `""` when there is none.
fn borrowed(field: fn(&LastError) -> &CStr) -> *const c_char {
    read(|e| field(e).as_ptr()).unwrap_or(c"".as_ptr())
}

/// Each thread's record, the value of a pthread key: a boxed
/// [`LastError`] or NULL, freed by the key's destructor when the thread
/// ends (pthreads runs the destructors again, up to
/// `PTHREAD_DESTRUCTOR_ITERATIONS` rounds, while a host's destructor
/// records errors).
#[cfg(unix)]
mod store {
    use std::ffi::c_void;
    use std::ptr;
    use std::sync::OnceLock;

    use super::LastError;

    /// The key, created on first need; `None` if the process has no key
    /// left (errors are then not recorded: the getters answer `""`).
    static KEY: OnceLock<Option<libc::pthread_key_t>> = OnceLock::new();

    fn key() -> Option<libc::pthread_key_t> {
        *KEY.get_or_init(|| {
            let mut key: libc::pthread_key_t = 0;
            // SAFETY: `key` is writable; `free` matches the destructor type.
            (unsafe { libc::pthread_key_create(&mut key, Some(free)) } == 0).then_some(key)
        })
    }

    /// The key's destructor.
    unsafe extern "C" fn free(record: *mut c_void) {
        // SAFETY: the key only ever holds NULL (for which this is not
        // called) or a pointer from `Box::into_raw` in `replace`, and
        // pthreads has already set the key to NULL: nothing else frees it.
        drop(unsafe { Box::from_raw(record.cast::<LastError>()) });
    }

    pub(super) fn replace(record: Option<LastError>) {
        let Some(key) = key() else { return };
        // SAFETY: `key` is a live key of this process.
        let old = unsafe { libc::pthread_getspecific(key) }.cast::<LastError>();
        if old.is_null() && record.is_none() {
            return;
        }
        let new = record.map_or(ptr::null_mut(), |r| Box::into_raw(Box::new(r)));
        // SAFETY: as above; the value is NULL or a boxed record.
        if unsafe { libc::pthread_setspecific(key, new.cast::<c_void>().cast_const()) } != 0 {
            if !new.is_null() {
                // SAFETY: `new` came from `Box::into_raw` and was not stored.
                drop(unsafe { Box::from_raw(new) });
            }
            return;
        }
        if !old.is_null() {
            // SAFETY: `old` came from `Box::into_raw`, and the key no
            // longer holds it: this thread was its only owner.
            drop(unsafe { Box::from_raw(old) });
        }
    }

    pub(super) fn read<T>(read: impl Fn(&LastError) -> T) -> Option<T> {
        let key = key()?;
        // SAFETY: `key` is live; its value is NULL or a boxed record that
        // only this thread replaces or frees, not while this borrow lasts.
        let record = unsafe { libc::pthread_getspecific(key).cast::<LastError>().as_ref() };
        record.map(read)
    }
}

/// Without pthreads: a Rust thread-local, so a call made after it is
/// destroyed (from another thread-local's destructor) records nothing
/// (docs/c.md says so).
#[cfg(not(unix))]
mod store {
    use std::cell::RefCell;

    use super::LastError;

    thread_local! {
        static LAST_ERROR: RefCell<Option<LastError>> = const { RefCell::new(None) };
    }

    pub(super) fn replace(record: Option<LastError>) {
        let _ = LAST_ERROR.try_with(|cell| cell.try_borrow_mut().map(|mut slot| *slot = record));
    }

    pub(super) fn read<T>(read: impl Fn(&LastError) -> T) -> Option<T> {
        LAST_ERROR
            .try_with(|cell| cell.try_borrow().ok().and_then(|slot| slot.as_ref().map(read)))
            .ok()
            .flatten()
    }
}

/// The status of this thread's last failed call, or `LEADRULES_STATUS_OK`
/// if the last fallible call succeeded (or none was made yet).
///
/// Ownership: takes and returns no pointers, so no NULL case either.
/// Threads: answers for the calling thread only; every thread has its own
/// last error.
#[no_mangle]
pub extern "C" fn leadrules_last_error_status() -> leadrules_status {
    guard::value(|| read(|e| e.status).unwrap_or(leadrules_status::Ok))
}

/// A readable message for this thread's last failed call, or `""`. NUL
/// bytes of the original message (say, from an org id) are replaced by
/// U+FFFD.
///
/// Ownership: the string is borrowed from the calling thread's error
/// record, which the library owns: it stays valid until the next call on
/// the same thread of a function that returns a `leadrules_status` (each
/// replaces or clears the record; the getters and the `*_free` functions
/// leave it alone) or until that thread exits, whichever comes first. Copy it to keep it; never free it. NULL: never returned for lack
/// of an error (that is `""`); only if the library itself failed inside
/// this call, a bug. Threads: answers for the calling thread only.
#[no_mangle]
pub extern "C" fn leadrules_last_error_message() -> *const c_char {
    guard::value(|| borrowed(|e| &e.message))
}

/// The path of the offending field of this thread's last failed call, from
/// the root of the request or config (`"to"`, `"actor.role"`,
/// `"orgs[1].parent"`); `""` for the root itself, for misuse of the C API,
/// or when there is no error.
///
/// Ownership, NULL and Threads: as for `leadrules_last_error_message`
/// (borrowed from the calling thread until its next leadrules call; never
/// free it).
#[no_mangle]
pub extern "C" fn leadrules_last_error_path() -> *const c_char {
    guard::value(|| borrowed(|e| &e.path))
}

/// This thread's last error as the JSON error envelope
/// `{"error": {"code", "message", "path"}}` (plus `"problems": [{"path",
/// "message"}, ...]` for `invalid_config`), exactly as the JSON protocol
/// answers it; for misuse of the C API the code is the status name and the
/// path is `""`. `""` when there is no error.
///
/// Ownership, NULL and Threads: as for `leadrules_last_error_message`
/// (borrowed from the calling thread until its next leadrules call; never
/// free it).
#[no_mangle]
pub extern "C" fn leadrules_last_error_json() -> *const c_char {
    guard::value(|| borrowed(|e| &e.json))
}

#[cfg(test)]
pub(crate) fn last_json_for_tests() -> String {
    let ptr = leadrules_last_error_json();
    // SAFETY: the getter returns a NUL-terminated string that stays valid
    // until the next leadrules call on this thread; it is copied at once.
    unsafe { CStr::from_ptr(ptr) }.to_string_lossy().into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(ptr: *const c_char) -> String {
        // SAFETY: the getters return NUL-terminated strings valid until the
        // next leadrules call on this thread; they are copied at once.
        unsafe { CStr::from_ptr(ptr) }.to_string_lossy().into_owned()
    }

    #[test]
    fn empty_until_a_failure_then_cleared_by_the_next_call() {
        clear();
        assert_eq!(text(leadrules_last_error_message()), "");
        assert_eq!(text(leadrules_last_error_json()), "");
        assert_eq!(leadrules_last_error_status(), leadrules_status::Ok);
        let status = guard::status(|| Err(Failure::null("engine")));
        assert_eq!(status, leadrules_status::NullArgument);
        assert_eq!(text(leadrules_last_error_message()), "`engine` must not be NULL");
        assert_eq!(text(leadrules_last_error_path()), "");
        assert_eq!(
            text(leadrules_last_error_json()),
            r#"{"error":{"code":"null_argument","message":"`engine` must not be NULL","path":""}}"#
        );
        assert_eq!(guard::status(|| Ok(())), leadrules_status::Ok);
        assert_eq!(text(leadrules_last_error_message()), "");
        assert_eq!(leadrules_last_error_status(), leadrules_status::Ok);
    }

    #[test]
    fn nul_bytes_in_messages_do_not_truncate_or_crash() {
        let error = leadrules::Error::new(leadrules::ErrorCode::UnknownOrg, "to", "unknown org `a\0b`");
        let status = guard::status(|| Err(error.into()));
        assert_eq!(status, leadrules_status::UnknownOrg);
        assert_eq!(text(leadrules_last_error_message()), "unknown org `a\u{FFFD}b`");
        assert!(text(leadrules_last_error_json()).contains(r"a\u0000b"));
    }

    #[test]
    fn the_last_error_is_per_thread() {
        let _ = guard::status(|| Err(Failure::invalid("here")));
        let other = std::thread::spawn(|| leadrules_last_error_status()).join().ok();
        assert_eq!(other, Some(leadrules_status::Ok));
        assert_eq!(leadrules_last_error_status(), leadrules_status::InvalidParameter);
    }
}
