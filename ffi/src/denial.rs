//! Denial codes as numbers for C: stable, grouped by rule area, never reused.
//! The numbers are core's (`LEADRULES_DENIAL_*`, generated into
//! `codes.rs`); this answers their names.

use std::ffi::c_char;

use leadrules::DenialCode;

use crate::guard;

/// The stable snake_case name of a `LEADRULES_DENIAL_*` code (the `"code"`
/// of the JSON reason, e.g. `"handover_disabled"`).
///
/// Ownership: the string is static, owned by the library and valid for as
/// long as the library is loaded; never free it. NULL: returned for a
/// number this build does not know (0, or a code from a newer library).
/// Threads: callable from any thread at any time.
#[no_mangle]
pub extern "C" fn leadrules_denial_code_name(code: u32) -> *const c_char {
    guard::value(|| DenialCode::from_number(code).map_or(std::ptr::null(), |c| c.as_cstr().as_ptr()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::ffi::CStr;

    #[test]
    fn every_denial_code_has_a_number_named_like_it() {
        for code in DenialCode::ALL {
            let number = code.number();
            assert_ne!(number, 0, "{code} has no number");
            let name = leadrules_denial_code_name(number);
            assert!(!name.is_null());
            // SAFETY: a non-NULL answer is a static NUL-terminated string.
            let name = unsafe { CStr::from_ptr(name) };
            assert_eq!(name.to_str().ok(), Some(code.as_str()));
        }
        assert!(leadrules_denial_code_name(0).is_null());
        assert!(leadrules_denial_code_name(u32::MAX).is_null());
    }

    #[test]
    fn the_generated_constants_are_core_numbers() {
        use crate::codes::*;
        assert_eq!(LEADRULES_DENIAL_SALES_LICENCE_REQUIRED, 1);
        assert_eq!(
            LEADRULES_DENIAL_CAPABILITY_REQUIRED,
            DenialCode::CapabilityRequired.number()
        );
        assert_eq!(LEADRULES_DENIAL_LEAD_EXPIRED, 30);
        let mut numbers: Vec<u32> = DenialCode::ALL.into_iter().map(DenialCode::number).collect();
        numbers.sort_unstable();
        numbers.dedup();
        assert_eq!(numbers.len(), DenialCode::ALL.len(), "two codes share a number");
    }
}
