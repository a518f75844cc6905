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

use rlibphonenumber::{Region as Code, PHONE_NUMBER_UTIL};

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
    let mut value = String::new();
    phone_into(text, region, &mut value).then_some(value)
}

/// [`phone`], written at the end of `out`; `false` (and nothing written)
/// for no value. E.164 is `+`, the country code and the national
/// significant number (the zeros libphonenumber keeps in front of it,
/// then its digits): written here directly, as the crate's E.164 format
/// writes it, without its general formatter.
pub(crate) fn phone_into(text: &str, region: Option<Region>, out: &mut String) -> bool {
    let Ok(number) = PHONE_NUMBER_UTIL.parse(text, region.map(|r| r.0)) else {
        return false;
    };
    if !PHONE_NUMBER_UTIL.is_valid_number(&number) {
        return false;
    }
    out.push('+');
    push_decimal(out, u64::from(number.country_code.unsigned_abs()));
    if number.italian_leading_zero() {
        let zeros = usize::try_from(number.number_of_leading_zeros())
            .unwrap_or(0)
            .min(10);
        out.extend(std::iter::repeat_n('0', zeros));
    }
    push_decimal(out, number.national_number);
    true
}

/// Appends `n` in decimal.
fn push_decimal(out: &mut String, mut n: u64) {
    let mut digits = [0_u8; 20];
    let mut at = digits.len();
    loop {
        at -= 1;
        if let Some(digit) = digits.get_mut(at) {
            // `n % 10` is a digit.
            *digit = b'0' + (n % 10) as u8;
        }
        n /= 10;
        if n == 0 {
            break;
        }
    }
    // ASCII digits: always UTF-8.
    out.push_str(std::str::from_utf8(digits.get(at..).unwrap_or_default()).unwrap_or_default());
}

#[cfg(test)]
mod tests {
    use rlibphonenumber::{PhoneNumberFormat, PHONE_NUMBER_UTIL};

    use super::{phone, Region};

    /// The crate's own E.164 format of the number, if valid.
    fn formatted(text: &str, region: Option<Region>) -> Option<String> {
        let number = PHONE_NUMBER_UTIL.parse(text, region.map(|r| r.0)).ok()?;
        PHONE_NUMBER_UTIL.is_valid_number(&number).then(|| {
            PHONE_NUMBER_UTIL
                .format(&number, PhoneNumberFormat::E164)
                .into_owned()
        })
    }

    #[test]
    fn e164_is_written_as_the_crate_formats_it() {
        let numbers = [
            ("098123 45678", "IN"),
            ("+91 97123 45678", "IN"),
            ("06 6988 3456", "IT"),
            ("+39 06 6988 3456", "IT"),
            ("+39 0000 123 456", "IT"),
            ("030 123456", "DE"),
            ("+49 1512 3456789", "DE"),
            ("(650) 253-0000", "US"),
            ("+1 721 542 1234", "US"),
            ("8 800 555 35 35", "RU"),
            ("+7 812 123 45 67", "KZ"),
            ("020 7946 0958", "GB"),
            ("+44 7400 123456", "GB"),
            ("03-1234-5678", "JP"),
            ("+81 90 1234 5678", "JP"),
            ("+800 1234 5678", "US"),
            ("+882 3421 2345", "DE"),
            ("+225 07 00 00 00 00", "CI"),
            ("0", "IN"),
            ("12", "IN"),
            ("not a number", "IN"),
            ("+999 123", "IN"),
        ];
        for (text, code) in numbers {
            for region in [Region::new(code), None] {
                assert_eq!(
                    phone(text, region),
                    formatted(text, region),
                    "{text} in {region:?}"
                );
            }
        }
        assert_eq!(
            phone("06 6988 3456", Region::new("IT")).as_deref(),
            Some("+390669883456")
        );
    }

    proptest::proptest! {
        #[test]
        fn any_digits_are_written_as_the_crate_formats_them(
            digits in "\\+?[0-9]{1,16}",
            code in proptest::sample::select(&["IN", "IT", "DE", "US", "GB", "RU", "CI", "SM", "BR", "AR"][..]),
        ) {
            let region = Region::new(code);
            proptest::prop_assert_eq!(phone(&digits, region), formatted(&digits, region));
        }
    }
}
