//! Duplicate detection's typed call: a lead's match keys written into the
//! caller's buffers, no JSON needed. The keys are core's
//! (`Engine::match_keys`); the list limit is core's check
//! (`require_match_list`), at the protocol's path.

use leadrules::matching::MatchLead;

use crate::assign_input::{array, array_mut, optional_text, text};
use crate::engine::{engine_arg, leadrules_engine};
use crate::error::Failure;
use crate::guard;
use crate::status::leadrules_status;

/// A piece of text: `len` bytes of UTF-8 at `text` (no terminator needed).
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct leadrules_text {
    /// The bytes; never NULL (an empty text is any pointer with `len` 0).
    pub text: *const u8,
    /// The length of `text` in bytes.
    pub len: usize,
}

/// A lead's contact fields as the host holds them, not normalised: the
/// `lead` of the JSON `match_keys` request. Each single field is NULL
/// (with length 0) when the lead has none; a blank value is read and gives
/// no key. The caller owns the struct and what it points to; a call reads
/// them during the call only.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct leadrules_match_lead {
    /// `phone`, `phone_len` bytes of UTF-8.
    pub phone: *const u8,
    /// The length of `phone` in bytes.
    pub phone_len: usize,
    /// `mobiles`, `mobile_count` texts (NULL when 0; at most 100).
    pub mobiles: *const leadrules_text,
    /// The number of entries of `mobiles`.
    pub mobile_count: usize,
    /// `email`, `email_len` bytes of UTF-8.
    pub email: *const u8,
    /// The length of `email` in bytes.
    pub email_len: usize,
    /// `emails`, `email_count` texts (NULL when 0; at most 100).
    pub emails: *const leadrules_text,
    /// The number of entries of `emails`.
    pub email_count: usize,
    /// `name`, `name_len` bytes of UTF-8.
    pub name: *const u8,
    /// The length of `name` in bytes.
    pub name_len: usize,
    /// `company`, `company_len` bytes of UTF-8.
    pub company: *const u8,
    /// The length of `company` in bytes.
    pub company_len: usize,
}

/// The lead's fields read into core's view.
///
/// # Safety
/// Every pointer of `lead` NULL or its length of readable entries or
/// bytes, valid for `'a`.
unsafe fn match_lead<'a>(lead: &leadrules_match_lead) -> Result<MatchLead<'a>, Failure> {
    let single = |ptr: *const u8, len: usize, field: &'static str| {
        // SAFETY: the caller guarantees each field's pointer and length.
        unsafe { optional_text(ptr, len, move || format!("lead.{field}")) }
    };
    let list = |items: *const leadrules_text, count: usize, field: &'static str| {
        // SAFETY: the caller guarantees each list's pointer and count.
        unsafe { texts(items, count, field) }
    };
    Ok(MatchLead {
        id: None,
        phone: single(lead.phone, lead.phone_len, "phone")?,
        mobiles: list(lead.mobiles, lead.mobile_count, "mobiles")?,
        email: single(lead.email, lead.email_len, "email")?,
        emails: list(lead.emails, lead.email_count, "emails")?,
        name: single(lead.name, lead.name_len, "name")?,
        company: single(lead.company, lead.company_len, "company")?,
    })
}

/// A list field's texts: at most core's limit (`invalid_request` at
/// `lead.<field>`), then each text UTF-8 and not NULL.
///
/// # Safety
/// `items` NULL or `count` readable entries, each pointing to its length
/// of readable bytes, valid for `'a`.
unsafe fn texts<'a>(
    items: *const leadrules_text,
    count: usize,
    field: &str,
) -> Result<Vec<&'a str>, Failure> {
    leadrules::require_match_list(count, &format!("lead.{field}"))?;
    // SAFETY: the caller guarantees the array.
    let items: &'a [leadrules_text] = unsafe { array(items, count, || format!("lead.{field}")) }?;
    items
        .iter()
        .enumerate()
        // SAFETY: the caller guarantees each text's bytes.
        .map(|(i, item)| unsafe { text(item.text, item.len, || format!("lead.{field}[{i}].text")) })
        .collect()
}

/// Writes `value` to `out`, which must not be NULL, and be aligned.
///
/// # Safety
/// `out` NULL or writable.
unsafe fn write_out(out: *mut usize, value: usize) {
    // SAFETY: checked not NULL and aligned by the caller of this function.
    unsafe { out.write(value) };
}

/// The match keys of `lead` (the typed form of the JSON `match_keys`
/// request with one `lead`: same rules, same keys), written into
/// `keys_out` for the host to store in an indexed column.
///
/// The keys are sorted and distinct (`same-phone:+919812345678`,
/// `same-person:jane doe|acme`); each is written followed by a NUL byte,
/// one after another, into `keys_out` (room for `keys_capacity` bytes).
/// `*keys_size_out` receives the bytes the keys need (their lengths plus
/// one NUL each) and `*key_count_out` how many keys there are; when
/// `key_lengths_out` is not NULL it receives each key's length without
/// its NUL (room for `key_lengths_capacity` entries): a key holds a NUL
/// byte only where the lead's text did, so a host that lets such text in
/// reads the lengths. A lead with nothing to match has 0 keys (size 0).
///
/// A buffer too small, `keys_out` for the size or `key_lengths_out` for
/// the count, is `LEADRULES_STATUS_BUFFER_TOO_SMALL`: `*keys_size_out` and
/// `*key_count_out` are written (as `snprintf` tells the length it
/// needed: call with `keys_out` NULL and `keys_capacity` 0 to learn the
/// size), nothing else is. Errors: a list of more than 100 values is
/// `LEADRULES_STATUS_INVALID_REQUEST` at its path (`lead.mobiles`), as
/// the JSON entry answers. Misuse, with the C field named in the message
/// (`lead.mobiles[2].text`) and an empty path: a NULL pointer is
/// `..._NULL_ARGUMENT`, text that is not UTF-8 `..._INVALID_UTF8`, a
/// misaligned array `..._INVALID_PARAMETER`. Nothing is written on any
/// other failure.
///
/// Ownership: `engine`, `lead` and what it points to are borrowed for the
/// duration of the call only. The outputs are caller storage. Nothing to
/// free.
///
/// NULL: a NULL `engine`, `lead`, `keys_size_out` or `key_count_out` is
/// `LEADRULES_STATUS_NULL_ARGUMENT`; `keys_out` may be NULL only with a
/// capacity of 0, `key_lengths_out` NULL (with a capacity of 0) when the
/// lengths are not wanted; in `lead`, NULL (with length 0) means none for
/// a single field, and a list may be NULL when its count is 0.
///
/// Threads: any number of threads may ask one engine at once, each into
/// its own outputs.
///
/// # Safety
/// `engine` must be NULL or a live engine; `lead` NULL or valid, every
/// pointer inside it NULL or its length of readable entries or bytes;
/// `keys_out` NULL or `keys_capacity` writable bytes; `key_lengths_out`
/// NULL or `key_lengths_capacity` writable entries; `keys_size_out` and
/// `key_count_out` NULL or writable.
#[no_mangle]
#[allow(clippy::too_many_arguments, reason = "a C signature: inputs, then out-params")]
pub unsafe extern "C" fn leadrules_engine_match_keys(
    engine: *const leadrules_engine,
    lead: *const leadrules_match_lead,
    keys_out: *mut u8,
    keys_capacity: usize,
    keys_size_out: *mut usize,
    key_lengths_out: *mut usize,
    key_lengths_capacity: usize,
    key_count_out: *mut usize,
) -> leadrules_status {
    guard::status(|| {
        // SAFETY: the caller guarantees a live engine or NULL.
        let engine = unsafe { engine_arg(engine) }?.core();
        // SAFETY: the caller guarantees `lead` is NULL or valid to read.
        let lead = unsafe { lead.as_ref() }.ok_or_else(|| Failure::null("lead"))?;
        for (out, name) in [(keys_size_out, "keys_size_out"), (key_count_out, "key_count_out")] {
            if out.is_null() {
                return Err(Failure::null(name));
            }
            if !out.is_aligned() {
                return Err(Failure::invalid(format!("`{name}` is not aligned for size_t")));
            }
        }
        // SAFETY: the caller guarantees the capacities of writable entries;
        // `array_mut` checks NULL (only with 0), alignment and size.
        let buffer = unsafe { array_mut(keys_out, keys_capacity, || "keys_out".to_owned()) }?;
        // SAFETY: as above.
        let lengths = unsafe {
            array_mut(key_lengths_out, key_lengths_capacity, || {
                "key_lengths_out".to_owned()
            })
        }?;
        // SAFETY: the caller guarantees the lead's pointers.
        let lead = unsafe { match_lead(lead) }?;
        let keys = engine.match_keys(&lead);
        let size = keys.iter().map(|key| key.len() + 1).sum::<usize>();
        // SAFETY: both checked not NULL and aligned above; the caller
        // guarantees them writable.
        unsafe {
            write_out(keys_size_out, size);
            write_out(key_count_out, keys.len());
        }
        let wants_lengths = !key_lengths_out.is_null();
        if size > buffer.len() || (wants_lengths && keys.len() > lengths.len()) {
            return Err(Failure::misuse(
                leadrules_status::BufferTooSmall,
                format!(
                    "the {} keys need {size} bytes in `keys_out` (capacity {keys_capacity}) and {} entries in \
                     `key_lengths_out` (capacity {key_lengths_capacity})",
                    keys.len(),
                    if wants_lengths { keys.len() } else { 0 },
                ),
            ));
        }
        let mut at = 0;
        for (i, key) in keys.iter().enumerate() {
            let end = at + key.len();
            if let Some(room) = buffer.get_mut(at..=end) {
                let (bytes, nul) = room.split_at_mut(key.len());
                bytes.copy_from_slice(key.as_bytes());
                nul.fill(0);
            }
            if let Some(length) = lengths.get_mut(i) {
                *length = key.len();
            }
            at = end + 1;
        }
        Ok(())
    })
}
