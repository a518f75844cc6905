//! Status codes: what every fallible function returns.

use std::ffi::c_char;

use leadrules::ErrorCode;

use crate::guard;

pub use crate::codes::leadrules_status;
use crate::codes::STATUSES;

impl leadrules_status {
    /// The status for a C value, if this build names it.
    pub fn from_u32(value: u32) -> Option<leadrules_status> {
        STATUSES.into_iter().find(|s| *s as u32 == value)
    }

    /// The status of a core error code: its number (the generated enum
    /// names every code this build has).
    pub fn from_code(code: ErrorCode) -> leadrules_status {
        leadrules_status::from_u32(code.number()).unwrap_or(leadrules_status::UnknownError)
    }
}

/// The stable snake_case name of a status: `"ok"`, `"null_argument"`,
/// `"invalid_utf8"`, `"invalid_parameter"`, `"panic"`, `"unknown_error"`, or
/// for request and config errors the core error code (`"unknown_org"`,
/// `"invalid_config"`, ...); `"unrecognized_status"` for any other number.
///
/// Ownership: the string is static, owned by the library and valid for as
/// long as the library is loaded; never free it. NULL: never returned (any
/// number has a name). Threads: callable from any thread at any time.
#[no_mangle]
pub extern "C" fn leadrules_status_name(status: u32) -> *const c_char {
    guard::value(|| {
        leadrules_status::from_u32(status)
            .map_or(c"unrecognized_status", leadrules_status::name)
            .as_ptr()
    })
}

#[cfg(test)]
mod tests {
    use super::leadrules_status;
    use leadrules::ErrorCode;

    #[test]
    fn every_core_code_has_its_own_status_named_like_it() {
        for code in ErrorCode::ALL {
            let status = leadrules_status::from_code(code);
            assert_ne!(status, leadrules_status::UnknownError, "{code} has no status");
            assert_eq!(status.name().to_str().ok(), Some(code.as_str()));
        }
    }

    #[test]
    fn values_are_distinct_and_round_trip() {
        for status in crate::codes::STATUSES {
            assert_eq!(leadrules_status::from_u32(status as u32), Some(status));
        }
        assert_eq!(leadrules_status::from_u32(1), None);
        assert_eq!(
            leadrules_status::from_u32(208),
            Some(leadrules_status::UnknownTemplate)
        );
        assert_eq!(leadrules_status::from_u32(250), None);
    }

    #[test]
    fn status_name_answers_unrecognized_for_unknown_values() {
        let name = super::leadrules_status_name(12345);
        // SAFETY: leadrules_status_name returns a static NUL-terminated string.
        let name = unsafe { std::ffi::CStr::from_ptr(name) };
        assert_eq!(name.to_str().ok(), Some("unrecognized_status"));
    }
}
