//! Duplicate detection by stored keys: a lead's match keys and its
//! candidates' keys (as `leadrules_engine_match_keys` gave them, stored
//! in the host's index) compared by core (`Engine::match_keyed`), the
//! answer written into the caller's arrays. The ids' checks are core's
//! (`require_id`, `require_keyed_candidates`), at the protocol's paths.

use leadrules::matching::{KeyedLead, MatchAction, Matches};

use crate::assign_input::{array, array_mut, optional_text, text};
use crate::engine::{engine_arg, leadrules_engine};
use crate::error::Failure;
use crate::guard;
use crate::match_keys::leadrules_text;
use crate::status::leadrules_status;

/// `leadrules_match.action` of a match whose strongest rule alerts: save
/// the lead and flag it. Actions are numbered by strength.
pub const LEADRULES_MATCH_ALERT: u32 = 1;
/// `leadrules_match.action` of a match whose strongest rule links: offer
/// to link the two leads.
pub const LEADRULES_MATCH_LINK: u32 = 2;
/// `leadrules_match.action` of a match whose strongest rule blocks: the
/// lead is refused (`duplicate_blocked`).
pub const LEADRULES_MATCH_BLOCK: u32 = 3;

/// A saved lead by its stored keys: its id and the keys
/// `leadrules_engine_match_keys` gave for it (in any order). The caller
/// owns the struct and what it points to; a call reads them during the
/// call only.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct leadrules_keyed_lead {
    /// The lead's id, `id_len` bytes of UTF-8; never NULL, never blank.
    pub id: *const u8,
    /// The length of `id` in bytes.
    pub id_len: usize,
    /// Its keys, `key_count` texts (NULL when 0).
    pub keys: *const leadrules_text,
    /// The number of entries of `keys`.
    pub key_count: usize,
}

/// One candidate that duplicates the lead.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct leadrules_match {
    /// The candidate, an index into the call's `candidates`.
    pub candidate: usize,
    /// The strongest action of the rules it matched by:
    /// `LEADRULES_MATCH_ALERT`, `..._LINK` or `..._BLOCK`.
    pub action: u32,
    /// Where its rules' ids start in the call's `rules_out`.
    pub rules_start: usize,
    /// How many rules it matched by (in policy order, at least one).
    pub rule_count: usize,
}

/// The number of an action: its place in core's order of strength, from
/// 1 (the constants above are the three it has).
fn action_number(action: MatchAction) -> u32 {
    action as u32 + 1
}

/// A list of key texts, each UTF-8 and not NULL, appended to `into`.
///
/// # Safety
/// `items` NULL or `count` readable entries, each pointing to its length
/// of readable bytes, valid for `'a`.
unsafe fn keys_into<'a>(
    items: *const leadrules_text,
    count: usize,
    name: &dyn Fn() -> String,
    into: &mut Vec<&'a str>,
) -> Result<(), Failure> {
    // SAFETY: the caller guarantees the array.
    let items: &'a [leadrules_text] = unsafe { array(items, count, name) }?;
    into.reserve(items.len());
    for (i, item) in items.iter().enumerate() {
        // SAFETY: the caller guarantees each text's bytes.
        into.push(unsafe { text(item.text, item.len, || format!("{}[{i}].text", name())) }?);
    }
    Ok(())
}

/// Which of `candidates` (`candidate_count` saved leads, each by its
/// stored keys) duplicate the lead whose keys are `lead_keys`
/// (`lead_key_count` of them, as `leadrules_engine_match_keys` gave them):
/// the typed form of the JSON `match` request for a host that stored each
/// lead's keys, with no record normalised again. The answer is the one
/// `match` gives for the records the keys came from, under the same
/// policy; keys of a rule the policy no longer has are ignored.
///
/// `lead_id` (`lead_id_len` bytes; NULL with length 0 for a lead not yet
/// saved) passes over a candidate with the same id. `*allowed_out`
/// receives whether the lead may be saved (no blocking rule matched);
/// `matches_out` (room for `matches_capacity` entries) receives the
/// candidates that share a key of some rule, in the order given, and
/// `*match_count_out` how many there are; `rules_out` (room for
/// `rules_capacity` entries) receives each match's rule ids one after
/// another (`rules_start`, `rule_count`), borrowed from the engine (valid
/// until `leadrules_engine_free`, never freed by the caller), and
/// `*rule_count_out` how many in all. The first match whose action is
/// `LEADRULES_MATCH_BLOCK` is the blocking candidate the JSON answer's
/// `duplicate_blocked` names. `candidate_count` entries of `matches_out`
/// are always enough, and `candidate_count` times the policy's rule count
/// entries of `rules_out`.
///
/// A buffer too small is `LEADRULES_STATUS_BUFFER_TOO_SMALL`:
/// `*match_count_out` and `*rule_count_out` are written (as `snprintf`
/// tells the length it needed), nothing else is. Errors, at the
/// protocol's path: a blank `lead_id` (`lead.id`) or candidate id
/// (`candidates[i].id`), or a candidate id repeated
/// (`candidates[i].id`), is `LEADRULES_STATUS_INVALID_REQUEST`. Misuse,
/// with the C field named in the message (`candidates[2].keys[0].text`)
/// and an empty path: a NULL pointer is `..._NULL_ARGUMENT`, text that is
/// not UTF-8 `..._INVALID_UTF8`, a misaligned array
/// `..._INVALID_PARAMETER`. Nothing is written on any other failure.
///
/// Ownership: `engine`, `lead_id`, `lead_keys`, `candidates` and what
/// they point to are borrowed for the duration of the call only. The
/// outputs are caller storage; the rule ids are the engine's. Nothing to
/// free.
///
/// NULL: a NULL `engine`, `allowed_out`, `match_count_out` or
/// `rule_count_out` is `LEADRULES_STATUS_NULL_ARGUMENT`; `lead_keys`,
/// `candidates`, `matches_out` and `rules_out` may be NULL only with a
/// count or capacity of 0, as may a candidate's `keys`.
///
/// Threads: any number of threads may ask one engine at once, each into
/// its own outputs.
///
/// # Safety
/// `engine` must be NULL or a live engine; `lead_id` NULL or
/// `lead_id_len` readable bytes; `lead_keys` NULL or `lead_key_count`
/// readable entries and `candidates` NULL or `candidate_count` readable
/// entries, every pointer inside them NULL or its length of readable
/// entries or bytes; `matches_out` and `rules_out` NULL or their
/// capacities of writable entries; `allowed_out`, `match_count_out` and
/// `rule_count_out` NULL or writable.
#[no_mangle]
#[allow(clippy::too_many_arguments, reason = "a C signature: inputs, then out-params")]
pub unsafe extern "C" fn leadrules_engine_match_keyed(
    engine: *const leadrules_engine,
    lead_id: *const u8,
    lead_id_len: usize,
    lead_keys: *const leadrules_text,
    lead_key_count: usize,
    candidates: *const leadrules_keyed_lead,
    candidate_count: usize,
    allowed_out: *mut bool,
    matches_out: *mut leadrules_match,
    matches_capacity: usize,
    match_count_out: *mut usize,
    rules_out: *mut leadrules_text,
    rules_capacity: usize,
    rule_count_out: *mut usize,
) -> leadrules_status {
    guard::status(|| {
        // SAFETY: the caller guarantees a live engine or NULL.
        let engine = unsafe { engine_arg(engine) }?.core();
        if allowed_out.is_null() {
            return Err(Failure::null("allowed_out"));
        }
        for (out, name) in [
            (match_count_out, "match_count_out"),
            (rule_count_out, "rule_count_out"),
        ] {
            if out.is_null() {
                return Err(Failure::null(name));
            }
            if !out.is_aligned() {
                return Err(Failure::invalid(format!("`{name}` is not aligned for size_t")));
            }
        }
        // SAFETY: the caller guarantees the capacities of writable entries;
        // `array_mut` checks NULL (only with 0), alignment and size.
        let matches = unsafe { array_mut(matches_out, matches_capacity, || "matches_out".to_owned()) }?;
        // SAFETY: as above.
        let rules = unsafe { array_mut(rules_out, rules_capacity, || "rules_out".to_owned()) }?;
        // SAFETY: the caller guarantees `lead_id_len` readable bytes or NULL.
        let lead_id = unsafe { optional_text(lead_id, lead_id_len, || "lead_id".to_owned()) }?;
        if let Some(id) = lead_id {
            leadrules::require_id(id, "lead.id")?;
        }
        // Every key of the call in one list, each candidate a slice of it.
        let mut own = Vec::new();
        // SAFETY: the caller guarantees `lead_keys`.
        unsafe { keys_into(lead_keys, lead_key_count, &|| "lead_keys".to_owned(), &mut own) }?;
        // SAFETY: the caller guarantees `candidate_count` readable entries.
        let list = unsafe { array(candidates, candidate_count, || "candidates".to_owned()) }?;
        let mut keys = Vec::new();
        let mut spans = Vec::with_capacity(list.len());
        for (i, candidate) in list.iter().enumerate() {
            // SAFETY: the caller guarantees each candidate's pointers.
            let id = unsafe { text(candidate.id, candidate.id_len, || format!("candidates[{i}].id")) }?;
            let start = keys.len();
            // SAFETY: as above.
            unsafe {
                keys_into(
                    candidate.keys,
                    candidate.key_count,
                    &|| format!("candidates[{i}].keys"),
                    &mut keys,
                )
            }?;
            spans.push((id, start, keys.len()));
        }
        let keyed: Vec<KeyedLead<'_, &str>> = spans
            .iter()
            .map(|&(id, start, end)| KeyedLead {
                id,
                keys: keys.get(start..end).unwrap_or_default(),
            })
            .collect();
        leadrules::require_keyed_candidates(&keyed, |i| format!("candidates[{i}].id"))?;
        let found = engine.match_keyed(lead_id, &own, &keyed);
        write_answer(
            &found,
            &keyed,
            matches,
            rules,
            allowed_out,
            match_count_out,
            rule_count_out,
        )
    })
}

/// Writes `found` into the caller's outputs: the counts always, the rest
/// only when it fits.
#[allow(clippy::too_many_arguments, reason = "the C call's outputs, one each")]
fn write_answer(
    found: &Matches<'_>,
    keyed: &[KeyedLead<'_, &str>],
    matches: &mut [leadrules_match],
    rules: &mut [leadrules_text],
    allowed_out: *mut bool,
    match_count_out: *mut usize,
    rule_count_out: *mut usize,
) -> Result<(), Failure> {
    let rule_total: usize = found.matches.iter().map(|m| m.rules.len()).sum();
    // SAFETY: both checked not NULL and aligned by the caller; the C
    // caller guarantees them writable.
    unsafe {
        match_count_out.write(found.matches.len());
        rule_count_out.write(rule_total);
    }
    if found.matches.len() > matches.len() || rule_total > rules.len() {
        return Err(Failure::misuse(
            leadrules_status::BufferTooSmall,
            format!(
                "the {} matches need {} entries in `matches_out` (capacity {}) and {rule_total} in `rules_out` \
                 (capacity {})",
                found.matches.len(),
                found.matches.len(),
                matches.len(),
                rules.len(),
            ),
        ));
    }
    let mut at = 0;
    // Candidates are found by their ids' addresses: the match lends the
    // candidate's own id back, in candidate order.
    let mut next = 0;
    for (slot, matched) in matches.iter_mut().zip(&found.matches) {
        let candidate = keyed
            .iter()
            .skip(next)
            .position(|c| std::ptr::eq(c.id, matched.lead))
            .map_or(next, |offset| next + offset);
        next = candidate + 1;
        let start = at;
        for (out, rule) in rules.iter_mut().skip(at).zip(&matched.rules) {
            *out = leadrules_text {
                text: rule.as_ptr(),
                len: rule.len(),
            };
            at += 1;
        }
        *slot = leadrules_match {
            candidate,
            action: action_number(matched.action),
            rules_start: start,
            rule_count: matched.rules.len(),
        };
    }
    // SAFETY: checked not NULL by the caller; a bool needs no alignment
    // beyond a byte, and the C caller guarantees it writable.
    unsafe { allowed_out.write(found.allowed()) };
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::{action_number, LEADRULES_MATCH_ALERT, LEADRULES_MATCH_BLOCK, LEADRULES_MATCH_LINK};
    use leadrules::matching::MatchAction;

    #[test]
    fn actions_are_numbered_by_strength() {
        assert_eq!(action_number(MatchAction::Alert), LEADRULES_MATCH_ALERT);
        assert_eq!(action_number(MatchAction::Link), LEADRULES_MATCH_LINK);
        assert_eq!(action_number(MatchAction::Block), LEADRULES_MATCH_BLOCK);
    }
}
