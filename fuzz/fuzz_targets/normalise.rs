//! Any text through every match normaliser (phone in a few regions and in
//! none, e-mail, name, company): never a panic, and every value a
//! normaliser gives is a fixed point of it (a stored value normalises to
//! itself), holds no `|` where keys join values with it, and is never
//! empty.

#![no_main]

use leadrules::matching::{company, email, name, phone, Region};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    for region in [None, Region::new("IN"), Region::new("US"), Region::new("RU")] {
        if let Some(value) = phone(&text, region) {
            let digits = value.strip_prefix('+').unwrap_or_default();
            assert!(!digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()), "{value:?}");
            assert_eq!(phone(&value, None).as_deref(), Some(value.as_str()), "{text:?}");
        }
    }
    if let Some(value) = email(&text) {
        assert!(!value.is_empty());
        assert_eq!(email(&value).as_deref(), Some(value.as_str()), "{text:?}");
    }
    for normalise in [name, company] {
        if let Some(value) = normalise(&text) {
            assert!(!value.is_empty() && !value.contains('|'), "{value:?}");
            assert_eq!(normalise(&value).as_deref(), Some(value.as_str()), "{text:?}");
        }
    }
});
