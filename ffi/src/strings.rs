//! Strings across the boundary: `ptr + len` in (checked as UTF-8), C strings
//! out, and the free function for the strings the library hands over.

use std::ffi::{c_char, CString};
use std::slice;

use crate::error::Failure;
use crate::guard;
use crate::status::leadrules_status;

/// A C string of `text`, with each NUL byte replaced by U+FFFD so that
/// nothing after it is lost.
pub(crate) fn lossy_cstring(text: &str) -> CString {
    let cleaned = if text.contains('\0') {
        text.replace('\0', "\u{FFFD}")
    } else {
        text.to_owned()
    };
    // No NUL is left, so this cannot fail; fall back to "" all the same.
    CString::new(cleaned).unwrap_or_default()
}

/// [`lossy_cstring`] of a string the library owns already: its buffer
/// becomes the C string's (a response is not copied again), unless it
/// holds a NUL byte.
pub(crate) fn lossy_cstring_owned(text: String) -> CString {
    CString::new(text).unwrap_or_else(|error| {
        let text = String::from_utf8_lossy(&error.into_vec()).into_owned();
        lossy_cstring(&text)
    })
}

/// The bytes at `ptr + len`. NULL is [`Failure::null`] naming `argument`.
///
/// # Safety
/// If `ptr` is not NULL it must point to `len` readable bytes that stay
/// valid and unchanged for `'a`.
pub(crate) unsafe fn bytes_arg<'a>(ptr: *const u8, len: usize, argument: &str) -> Result<&'a [u8], Failure> {
    if ptr.is_null() {
        return Err(Failure::null(argument));
    }
    if len > isize::MAX as usize {
        return Err(Failure::invalid(format!(
            "`{argument}` is longer than isize::MAX bytes"
        )));
    }
    // SAFETY: `ptr` is not NULL, a `u8` pointer is always aligned, `len` fits
    // in isize, and the caller guarantees `len` readable bytes for `'a`.
    Ok(unsafe { slice::from_raw_parts(ptr, len) })
}

/// The UTF-8 text at `ptr + len`; NULL is `NULL_ARGUMENT` and bytes that
/// are not UTF-8 are `INVALID_UTF8`, both naming `argument`.
///
/// # Safety
/// As for [`bytes_arg`].
pub(crate) unsafe fn str_arg<'a>(ptr: *const u8, len: usize, argument: &str) -> Result<&'a str, Failure> {
    // SAFETY: the caller upholds bytes_arg's contract.
    let bytes = unsafe { bytes_arg(ptr, len, argument) }?;
    utf8(bytes, argument)
}

/// An id at `ptr + len`: as [`str_arg`], then refused by core as the
/// JSON entry refuses the same field (an empty or blank id is
/// `invalid_request` at `field`, the protocol path the argument fills).
///
/// # Safety
/// As for [`bytes_arg`].
pub(crate) unsafe fn id_arg<'a>(ptr: *const u8, len: usize, field: &str) -> Result<&'a str, Failure> {
    // SAFETY: the caller upholds bytes_arg's contract.
    let id = unsafe { str_arg(ptr, len, field) }?;
    Ok(leadrules::require_id(id, field)?)
}

/// NULL with length 0 is "none"; anything else must be a non-empty id.
///
/// # Safety
/// As for `id_arg`.
pub(crate) unsafe fn optional_id<'a>(
    ptr: *const u8,
    len: usize,
    argument: &str,
) -> Result<Option<&'a str>, Failure> {
    if ptr.is_null() && len == 0 {
        return Ok(None);
    }
    // SAFETY: the caller upholds id_arg's contract.
    unsafe { id_arg(ptr, len, argument) }.map(Some)
}

/// The length up to which [`utf8`] first tries the bytes as ASCII.
const SHORT_ID: usize = 64;

/// `bytes` as UTF-8 text, or `INVALID_UTF8` naming `argument`.
pub(crate) fn utf8<'a>(bytes: &'a [u8], argument: &str) -> Result<&'a str, Failure> {
    // Most arguments are short ASCII ids, for which the general check's
    // setup costs more than a pass over the bytes.
    if bytes.len() <= SHORT_ID && bytes.is_ascii() {
        // SAFETY: ASCII bytes are UTF-8.
        return Ok(unsafe { std::str::from_utf8_unchecked(bytes) });
    }
    std::str::from_utf8(bytes).map_err(|e| {
        Failure::misuse(
            leadrules_status::InvalidUtf8,
            format!("`{argument}` is not valid UTF-8: {e}"),
        )
    })
}

/// Frees a string that the library handed over (the response of
/// `leadrules_engine_decide`, the warnings of `leadrules_engine_warnings`).
///
/// Ownership: takes back a string the caller owns; call it exactly once per
/// such string. Only those two functions hand over strings: every other
/// string the library returns is static or borrowed and must never be
/// passed here, and neither may memory from `malloc` or another library.
/// NULL: a no-op. Threads: a string may be freed on any thread, not only
/// the one that received it, and after its engine was freed.
///
/// # Safety
/// `s` must be NULL or a string returned by leadrules that was not freed
/// yet; it must not be used afterwards. Never pass other strings (the
/// borrowed ones from `leadrules_last_error_*`, `leadrules_status_name`,
/// ... nor memory from `malloc`).
#[no_mangle]
pub unsafe extern "C" fn leadrules_string_free(s: *mut c_char) {
    guard::value(|| {
        if !s.is_null() {
            // SAFETY: the caller guarantees `s` came from CString::into_raw in
            // this library and is freed only once.
            drop(unsafe { CString::from_raw(s) });
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nul_bytes_are_replaced() {
        assert_eq!(lossy_cstring("a\0b").to_str().ok(), Some("a\u{FFFD}b"));
        assert_eq!(lossy_cstring("plain").to_str().ok(), Some("plain"));
        assert_eq!(
            lossy_cstring_owned("a\0b".into()).to_str().ok(),
            Some("a\u{FFFD}b")
        );
        assert_eq!(lossy_cstring_owned("plain".into()).to_str().ok(), Some("plain"));
    }

    #[test]
    fn null_and_bad_utf8_are_reported_with_the_argument_name() {
        // SAFETY: NULL is allowed and checked.
        let null = unsafe { str_arg(std::ptr::null(), 0, "actor.id") };
        assert!(matches!(null, Err(ref f) if f.status() == leadrules_status::NullArgument));
        let bad = [0xffu8, 0xfe];
        // SAFETY: `bad` holds `bad.len()` bytes for the duration of the call.
        let bad = unsafe { str_arg(bad.as_ptr(), bad.len(), "actor.id") };
        assert!(matches!(bad, Err(ref f) if f.status() == leadrules_status::InvalidUtf8));
    }

    #[test]
    fn string_free_accepts_null() {
        // SAFETY: NULL is documented as a no-op.
        unsafe { leadrules_string_free(std::ptr::null_mut()) };
    }
}
