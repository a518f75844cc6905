//! The `phone` match value: E.164 (`+919812345678`) by libphonenumber's
//! rules, through its Rust port (the `rlibphonenumber` crate, whose
//! metadata release the workspace pins). A number written without a
//! country code is read in the policy's default region; a number
//! libphonenumber does not hold valid for the region it belongs to gives
//! no value.
//!
//! The port's metadata is one immutable instance shared by every thread,
//! built on first use (an engine whose policy names a `default_region`
//! pays it at load); each of its patterns is compiled once, on first use,
//! into a slot of its own, so a parse takes no lock once warm.

use std::fmt;

use rlibphonenumber::{PhoneNumberFormat, Region as Code, PHONE_NUMBER_UTIL};

/// A region libphonenumber knows, by its upper-case CLDR code (`IN`,
/// `DE`): where a number written without its country code is read.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Region(Code);

impl Region {
    /// The region `code` names, if libphonenumber has metadata for it
    /// (the code exactly as CLDR writes it, upper case; the
    /// non-geographic `001` is no region a number can be read in).
    pub fn new(code: &str) -> Option<Region> {
        if code.len() != 2 || !code.bytes().all(|b| b.is_ascii_uppercase()) {
            return None;
        }
        let id = Code::from_code(code).ok()?;
        // Every region with metadata has a country code; no other has one.
        PHONE_NUMBER_UTIL.get_country_code_for_region(id)?;
        Some(Region(id))
    }
}

impl fmt::Debug for Region {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0.as_region_str())
    }
}

/// The E.164 form of `text`, read in `region` when it carries no country
/// code; `None` when it is no number, or one libphonenumber does not hold
/// valid.
pub fn phone(text: &str, region: Option<Region>) -> Option<String> {
    let number = PHONE_NUMBER_UTIL.parse(text, region.map(|r| r.0)).ok()?;
    if !PHONE_NUMBER_UTIL.is_valid_number(&number) {
        return None;
    }
    Some(
        PHONE_NUMBER_UTIL
            .format(&number, PhoneNumberFormat::E164)
            .into_owned(),
    )
}
