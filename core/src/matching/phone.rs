//! The `phone` match value: E.164 (`+919812345678`) by libphonenumber's
//! rules, through its Rust port (the `phonenumber` crate, whose metadata
//! version the workspace pins). A number written without a country code
//! is read in the policy's default region; a number libphonenumber does
//! not hold valid for the region it belongs to gives no value.

use std::fmt;
use std::str::FromStr;

use phonenumber::country::Id;
use phonenumber::metadata::DATABASE;
use phonenumber::Mode;

/// A region libphonenumber knows, by its upper-case CLDR code (`IN`,
/// `DE`): where a number written without its country code is read.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Region(Id);

impl Region {
    /// The region `code` names, if libphonenumber has metadata for it
    /// (the code exactly as CLDR writes it, upper case; the
    /// non-geographic `001` is no region a number can be read in).
    pub fn new(code: &str) -> Option<Region> {
        let id = Id::from_str(code).ok()?;
        DATABASE.by_id(id.as_ref())?;
        Some(Region(id))
    }
}

impl fmt::Debug for Region {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0.as_ref())
    }
}

/// The E.164 form of `text`, read in `region` when it carries no country
/// code; `None` when it is no number, or one libphonenumber does not hold
/// valid.
pub fn phone(text: &str, region: Option<Region>) -> Option<String> {
    let number = phonenumber::parse(region.map(|r| r.0), text).ok()?;
    if !phonenumber::is_valid(&number) {
        return None;
    }
    Some(number.format().mode(Mode::E164).to_string())
}
