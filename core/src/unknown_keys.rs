//! Keys of a request the protocol does not define: what an engine does
//! with them ([`UnknownKeys`], config `policy.requests.unknown_keys`), the
//! warning it answers ([`RequestWarning`]), and the known key an unknown
//! one is nearly spelled as ([`suggestion`]; the rule is in
//! docs/choices.md#unknown-request-keys).

use std::fmt;

use crate::vocabulary::WarningCode;

/// What an engine does with a request key the protocol does not define.
/// Hosts pass their own records, so by default such keys are ignored and
/// never even looked at; `Warn` and `Error` help a developer catch a typo.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
#[non_exhaustive]
pub enum UnknownKeys {
    /// Ignored, unchecked: the answer is the protocol's, unchanged.
    #[default]
    Ignore,
    /// Answered as usual, with `warnings` listing each one.
    Warn,
    /// The first one is `invalid_request` at its path.
    Error,
}

impl UnknownKeys {
    /// Every mode, in the order of the docs.
    pub const ALL: [UnknownKeys; 3] = [UnknownKeys::Ignore, UnknownKeys::Warn, UnknownKeys::Error];

    /// The mode's name in a config (`"ignore"`, `"warn"`, `"error"`).
    pub const fn as_str(self) -> &'static str {
        match self {
            UnknownKeys::Ignore => "ignore",
            UnknownKeys::Warn => "warn",
            UnknownKeys::Error => "error",
        }
    }

    /// The mode named `name`, if any.
    pub fn from_name(name: &str) -> Option<UnknownKeys> {
        UnknownKeys::ALL.into_iter().find(|mode| mode.as_str() == name)
    }
}

impl fmt::Display for UnknownKeys {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A finding about a request that did not change its answer (an answer's
/// `warnings[]`): `{"code", "path", "message"}`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct RequestWarning {
    /// What the warning is about.
    pub code: WarningCode,
    /// The path of the key it is about (`lead.handover_to_sale`).
    pub path: String,
    /// A sentence for humans, with the suggestion if there is one.
    pub message: String,
}

impl fmt::Display for RequestWarning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
    }
}

/// The longest key a suggestion is looked for: a longer one is nobody's
/// typo, and the distance is not worth computing.
const LONGEST_TYPO: usize = 64;

/// The known key `key` is nearly spelled as, if any: the nearest of
/// `known`, the first on a tie. Both are compared lowercased and without
/// `_`, `-`, `.` and spaces, by the optimal string alignment distance
/// (insertions, deletions, substitutions, swaps of neighbours): a known
/// key of up to 3 such characters admits no edit, up to 8 one, longer
/// ones two.
pub fn suggestion<'k>(key: &str, known: impl IntoIterator<Item = &'k str>) -> Option<&'k str> {
    if key.chars().count() > LONGEST_TYPO {
        return None;
    }
    let key = normalized(key);
    let mut best: Option<(usize, &'k str)> = None;
    for candidate in known {
        let target = normalized(candidate);
        let limit = allowed(target.len());
        if key.len().abs_diff(target.len()) > limit {
            continue;
        }
        let found = distance(&key, &target);
        if found <= limit && best.is_none_or(|(d, _)| found < d) {
            best = Some((found, candidate));
        }
    }
    best.map(|(_, candidate)| candidate)
}

/// The key as it is compared: lowercase, without `_`, `-`, `.` and spaces,
/// so that `handoverToSales` and `Handover-To-Sales` are the key itself.
fn normalized(key: &str) -> Vec<char> {
    key.chars()
        .filter(|c| !matches!(c, '_' | '-' | '.' | ' '))
        .flat_map(char::to_lowercase)
        .collect()
}

/// The edits a known key of `len` (normalized) characters admits: none for
/// the short ones (`id`, `org`, `to`: one edit reaches many a host's own
/// field), one up to 8 characters, two beyond.
fn allowed(len: usize) -> usize {
    match len {
        0..=3 => 0,
        4..=8 => 1,
        _ => 2,
    }
}

/// The optimal string alignment distance: insertions, deletions,
/// substitutions and transpositions of two neighbours, each one edit.
fn distance(a: &[char], b: &[char]) -> usize {
    let width = b.len() + 1;
    // Three rows: the one before the previous, the previous, the current.
    let mut rows = vec![0usize; 3 * width];
    for (j, cell) in rows.iter_mut().take(width).enumerate() {
        *cell = j;
    }
    let at = |row: usize, j: usize| (row % 3) * width + j;
    for (i, &ca) in a.iter().enumerate() {
        let row = i + 1;
        if let Some(cell) = rows.get_mut(at(row, 0)) {
            *cell = row;
        }
        for (j, &cb) in b.iter().enumerate() {
            let col = j + 1;
            let get = |r: usize, c: usize| rows.get(at(r, c)).copied().unwrap_or(usize::MAX - 1);
            let cost = usize::from(ca != cb);
            let mut best = (get(row - 1, col) + 1)
                .min(get(row, col - 1) + 1)
                .min(get(row - 1, col - 1) + cost);
            let swapped = i > 0 && j > 0 && a.get(i - 1) == Some(&cb) && b.get(j - 1) == Some(&ca);
            if swapped {
                best = best.min(get(row - 2, col - 2) + 1);
            }
            if let Some(cell) = rows.get_mut(at(row, col)) {
                *cell = best;
            }
        }
    }
    rows.get(at(a.len(), b.len())).copied().unwrap_or(usize::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    const LEAD: [&str; 6] = [
        "id",
        "org",
        "owner",
        "handed_over_to_sales",
        "handover_to_sales",
        "stage",
    ];

    #[test]
    fn near_spellings_are_suggested() {
        for (typo, known) in [
            ("handover_to_sale", "handover_to_sales"),
            ("handoverToSales", "handover_to_sales"),
            ("hadnover_to_sales", "handover_to_sales"),
            ("handed_over_to_sale", "handed_over_to_sales"),
            ("ownr", "owner"),
            ("onwer", "owner"),
            ("Org", "org"),
            ("ID", "id"),
            ("stag", "stage"),
        ] {
            assert_eq!(suggestion(typo, LEAD), Some(known), "{typo}");
        }
    }

    #[test]
    fn a_hosts_own_fields_are_not_typos() {
        for field in [
            "name",
            "email",
            "phone",
            "org_id",
            "owner_id",
            "ip",
            "or",
            "i",
            "notes",
            "x".repeat(100).as_str(),
        ] {
            assert_eq!(suggestion(field, LEAD), None, "{field}");
        }
    }

    #[test]
    fn distance_counts_edits() {
        let d = |a: &str, b: &str| distance(&normalized(a), &normalized(b));
        assert_eq!(d("abc", "abc"), 0);
        assert_eq!(d("abc", "acb"), 1);
        assert_eq!(d("abc", "ab"), 1);
        assert_eq!(d("", "abc"), 3);
        assert_eq!(d("kitten", "sitting"), 3);
        assert_eq!(d("ca", "abc"), 3);
    }

    #[test]
    fn modes_are_named() {
        for mode in UnknownKeys::ALL {
            assert_eq!(UnknownKeys::from_name(mode.as_str()), Some(mode));
        }
        assert_eq!(UnknownKeys::from_name("strict"), None);
        assert_eq!(UnknownKeys::default(), UnknownKeys::Ignore);
    }
}
