//! Status codes: what every fallible function returns.

use std::ffi::{c_char, CStr};

use leadrules::ErrorCode;

use crate::guard;

/// The result of a fallible call. Values are grouped and never reused:
/// 0 success; 100-199 misuse of the C API; 200-299 errors in a request;
/// 300-399 errors in an engine config.
///
/// In C the type is a `uint32_t`; a newer library may return a value this
/// header does not name, so treat unknown values as errors
/// (`leadrules_status_name` answers `"unrecognized_status"` for them).
#[repr(u32)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum leadrules_status {
    /// Success: the out-params have been written.
    Ok = 0,
    /// A required pointer argument was NULL.
    NullArgument = 100,
    /// A string argument (`ptr + len`) was not valid UTF-8.
    InvalidUtf8 = 101,
    /// A numeric argument was out of range (an unknown route, an org or role
    /// index that the engine does not have).
    InvalidParameter = 102,
    /// The library panicked; the call had no effect. Please report it.
    Panic = 199,
    /// The request text is not JSON (`invalid_json`).
    InvalidJson = 200,
    /// The request's structure is wrong (`invalid_request`); the path names the field.
    InvalidRequest = 201,
    /// The request's `kind` is not answered (`unknown_kind`).
    UnknownKind = 202,
    /// An org id the engine's directory does not contain (`unknown_org`).
    UnknownOrg = 203,
    /// A role the engine's policy does not define (`unknown_role`).
    UnknownRole = 204,
    /// A workflow the engine's policy does not define (`unknown_workflow`).
    UnknownWorkflow = 205,
    /// An action the workflow does not define (`unknown_action`).
    UnknownAction = 206,
    /// A stage or sub-stage the workflow does not define (`unknown_stage`).
    UnknownStage = 207,
    /// An expiry template the policy does not define (`unknown_template`,
    /// path `lead.template`).
    UnknownTemplate = 208,
    // Reserved, in this order, for the core error codes still to come:
    // 210 invalid_duration, 211 (spare).
    /// A timestamp that is not RFC 3339 with an offset (`invalid_timestamp`).
    InvalidTimestamp = 209,
    /// A request error whose code this build of the C API does not know.
    UnknownError = 299,
    /// The engine config does not validate (`invalid_config`); the last
    /// error's JSON lists every problem.
    InvalidConfig = 300,
}

/// Every status, in numeric order. (Not an associated const: cbindgen
/// would put it in the header.)
const STATUSES: [leadrules_status; 17] = [
    leadrules_status::Ok,
    leadrules_status::NullArgument,
    leadrules_status::InvalidUtf8,
    leadrules_status::InvalidParameter,
    leadrules_status::Panic,
    leadrules_status::InvalidJson,
    leadrules_status::InvalidRequest,
    leadrules_status::UnknownKind,
    leadrules_status::UnknownOrg,
    leadrules_status::UnknownRole,
    leadrules_status::UnknownWorkflow,
    leadrules_status::UnknownAction,
    leadrules_status::UnknownStage,
    leadrules_status::UnknownTemplate,
    leadrules_status::InvalidTimestamp,
    leadrules_status::UnknownError,
    leadrules_status::InvalidConfig,
];

impl leadrules_status {
    /// The status for a C value, if this build names it.
    pub fn from_u32(value: u32) -> Option<leadrules_status> {
        STATUSES.into_iter().find(|s| *s as u32 == value)
    }

    /// The status of a core error code.
    pub fn from_code(code: ErrorCode) -> leadrules_status {
        match code {
            ErrorCode::InvalidJson => leadrules_status::InvalidJson,
            ErrorCode::InvalidRequest => leadrules_status::InvalidRequest,
            ErrorCode::UnknownKind => leadrules_status::UnknownKind,
            ErrorCode::UnknownOrg => leadrules_status::UnknownOrg,
            ErrorCode::UnknownRole => leadrules_status::UnknownRole,
            ErrorCode::UnknownWorkflow => leadrules_status::UnknownWorkflow,
            ErrorCode::UnknownAction => leadrules_status::UnknownAction,
            ErrorCode::UnknownStage => leadrules_status::UnknownStage,
            ErrorCode::UnknownTemplate => leadrules_status::UnknownTemplate,
            ErrorCode::InvalidTimestamp => leadrules_status::InvalidTimestamp,
            ErrorCode::InvalidConfig => leadrules_status::InvalidConfig,
            _ => leadrules_status::UnknownError,
        }
    }

    /// The stable snake_case name; for request and config errors, the core
    /// error code's name.
    pub fn name(self) -> &'static CStr {
        match self {
            leadrules_status::Ok => c"ok",
            leadrules_status::NullArgument => c"null_argument",
            leadrules_status::InvalidUtf8 => c"invalid_utf8",
            leadrules_status::InvalidParameter => c"invalid_parameter",
            leadrules_status::Panic => c"panic",
            leadrules_status::InvalidJson => c"invalid_json",
            leadrules_status::InvalidRequest => c"invalid_request",
            leadrules_status::UnknownKind => c"unknown_kind",
            leadrules_status::UnknownOrg => c"unknown_org",
            leadrules_status::UnknownRole => c"unknown_role",
            leadrules_status::UnknownWorkflow => c"unknown_workflow",
            leadrules_status::UnknownAction => c"unknown_action",
            leadrules_status::UnknownStage => c"unknown_stage",
            leadrules_status::UnknownTemplate => c"unknown_template",
            leadrules_status::InvalidTimestamp => c"invalid_timestamp",
            leadrules_status::UnknownError => c"unknown_error",
            leadrules_status::InvalidConfig => c"invalid_config",
        }
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
        for status in super::STATUSES {
            assert_eq!(leadrules_status::from_u32(status as u32), Some(status));
        }
        assert_eq!(leadrules_status::from_u32(1), None);
        assert_eq!(
            leadrules_status::from_u32(208),
            Some(leadrules_status::UnknownTemplate)
        );
        assert_eq!(leadrules_status::from_u32(210), None);
    }

    #[test]
    fn status_name_answers_unrecognized_for_unknown_values() {
        let name = super::leadrules_status_name(12345);
        // SAFETY: leadrules_status_name returns a static NUL-terminated string.
        let name = unsafe { std::ffi::CStr::from_ptr(name) };
        assert_eq!(name.to_str().ok(), Some("unrecognized_status"));
    }
}
