//! Versions, twice: header macros for compile time and functions for run
//! time, so that a program can tell the header it was built with from the
//! library it runs with. cbindgen cannot emit a string constant, so the
//! `LEADRULES_VERSION` macro comes from `after_includes` in cbindgen.toml;
//! tests/header.rs checks that it equals the crate version.

use std::ffi::c_char;

use crate::guard;

/// The version of the C ABI described by this header. It changes only when
/// a change breaks programs built against an older header.
pub const LEADRULES_ABI_VERSION: u32 = 1;

/// The crate version with its NUL terminator, for [`leadrules_version`].
static VERSION_NUL: &str = concat!(env!("CARGO_PKG_VERSION"), "\0");

/// The ABI version of the loaded library; compare it with
/// `LEADRULES_ABI_VERSION` to detect a header/library mismatch. It is also
/// the number in the shared library's SONAME, `libleadrules.so.<ABI>`.
///
/// Ownership: takes and returns no pointers, so no NULL case either.
/// Threads: callable from any thread at any time, before any engine exists.
#[no_mangle]
pub extern "C" fn leadrules_abi_version() -> u32 {
    guard::value(|| LEADRULES_ABI_VERSION)
}

/// The version of the loaded library, e.g. `"0.1.0"` (equal to the
/// `LEADRULES_VERSION` macro of the header it was built with).
///
/// Ownership: the string is static, owned by the library and valid for as
/// long as the library is loaded; never free it. NULL: never returned.
/// Threads: callable from any thread at any time.
#[no_mangle]
pub extern "C" fn leadrules_version() -> *const c_char {
    guard::value(|| VERSION_NUL.as_ptr().cast::<c_char>())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::ffi::CStr;

    #[test]
    fn runtime_version_is_the_crate_version() {
        // SAFETY: leadrules_version returns a static NUL-terminated string.
        let version = unsafe { CStr::from_ptr(leadrules_version()) };
        assert_eq!(version.to_str().ok(), Some(env!("CARGO_PKG_VERSION")));
        assert_eq!(version.to_str().ok(), Some(leadrules::VERSION));
        assert_eq!(leadrules_abi_version(), LEADRULES_ABI_VERSION);
    }
}
