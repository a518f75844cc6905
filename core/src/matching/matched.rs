//! The rules a candidate matched by: a set over the policy's rules (one
//! bit a rule), read as their ids in policy order. A match holds a set,
//! not a list of ids, so answering a candidate allocates nothing for its
//! rules (up to 128 rules in the policy).

use std::fmt;

use smallvec::{smallvec, SmallVec};

use crate::matching::rules::MatchRule;

/// The ids of the rules one candidate matched by, in policy order.
/// Iterate it (`for id in &found.rules`), count it, or compare it with a
/// list of ids (`found.rules == ["same-phone"]`).
#[derive(Clone)]
pub struct MatchedRules<'v> {
    /// The policy's rules.
    rules: &'v [MatchRule],
    /// Bit `i % 64` of word `i / 64`: whether rule `i` matched.
    bits: SmallVec<[u64; 2]>,
}

impl<'v> MatchedRules<'v> {
    /// No rule of `rules` yet.
    pub(crate) fn none(rules: &'v [MatchRule]) -> Self {
        MatchedRules {
            rules,
            bits: smallvec![0; rules.len().div_ceil(64)],
        }
    }

    /// Adds the rule at `place` in the policy.
    pub(crate) fn insert(&mut self, place: usize) {
        if let Some(word) = self.bits.get_mut(place / 64) {
            *word |= 1 << (place % 64);
        }
    }

    /// The ids, in policy order.
    pub fn iter(&self) -> RuleIds<'_, 'v> {
        RuleIds {
            rules: self.rules,
            bits: &self.bits,
            word: 0,
            current: self.bits.first().copied().unwrap_or(0),
            left: self.len(),
        }
    }

    /// How many rules matched.
    pub fn len(&self) -> usize {
        self.bits.iter().map(|word| word.count_ones() as usize).sum()
    }

    /// Whether no rule matched (never so in an answer's match).
    pub fn is_empty(&self) -> bool {
        self.bits.iter().all(|&word| word == 0)
    }

    /// Whether the rule `id` matched.
    pub fn contains(&self, id: &str) -> bool {
        self.iter().any(|matched| matched == id)
    }

    /// The ids, in a list of their own.
    pub fn to_vec(&self) -> Vec<&'v str> {
        self.iter().collect()
    }
}

/// The ids of a [`MatchedRules`], in policy order.
#[derive(Debug, Clone)]
pub struct RuleIds<'a, 'v> {
    rules: &'v [MatchRule],
    bits: &'a [u64],
    /// The word `current` was taken from.
    word: usize,
    /// Its bits not yet read.
    current: u64,
    left: usize,
}

impl<'v> Iterator for RuleIds<'_, 'v> {
    type Item = &'v str;

    fn next(&mut self) -> Option<&'v str> {
        while self.current == 0 {
            self.word += 1;
            self.current = *self.bits.get(self.word)?;
        }
        let bit = self.current.trailing_zeros() as usize;
        self.current &= self.current - 1;
        self.left = self.left.saturating_sub(1);
        self.rules.get(self.word * 64 + bit).map(|rule| &*rule.id)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.left, Some(self.left))
    }
}

impl ExactSizeIterator for RuleIds<'_, '_> {}

impl<'a, 'v> IntoIterator for &'a MatchedRules<'v> {
    type Item = &'v str;
    type IntoIter = RuleIds<'a, 'v>;

    fn into_iter(self) -> RuleIds<'a, 'v> {
        self.iter()
    }
}

impl fmt::Debug for MatchedRules<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

/// Equal when they name the same rules in the same order.
impl PartialEq for MatchedRules<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.iter().eq(other.iter())
    }
}

impl Eq for MatchedRules<'_> {}

impl<S: AsRef<str>> PartialEq<[S]> for MatchedRules<'_> {
    fn eq(&self, other: &[S]) -> bool {
        self.iter().eq(other.iter().map(AsRef::as_ref))
    }
}

impl<S: AsRef<str>, const N: usize> PartialEq<[S; N]> for MatchedRules<'_> {
    fn eq(&self, other: &[S; N]) -> bool {
        *self == *other.as_slice()
    }
}

impl<S: AsRef<str>> PartialEq<Vec<S>> for MatchedRules<'_> {
    fn eq(&self, other: &Vec<S>) -> bool {
        *self == *other.as_slice()
    }
}

#[cfg(test)]
mod tests {
    use super::MatchedRules;
    use crate::matching::{MatchAction, MatchField, MatchRule};

    fn rules(count: usize) -> Vec<MatchRule> {
        (0..count)
            .map(|i| MatchRule {
                id: format!("r{i}").into(),
                fields: vec![MatchField::Phone],
                action: MatchAction::Alert,
            })
            .collect()
    }

    #[test]
    fn a_set_reads_as_its_ids_in_policy_order() {
        for count in [1, 3, 64, 65, 130, 200] {
            let policy = rules(count);
            let mut set = MatchedRules::none(&policy);
            assert!(set.is_empty() && set.iter().next().is_none());
            let places: Vec<usize> = [count - 1, 0, count / 2, 63, 64, 127, 128]
                .into_iter()
                .filter(|&p| p < count)
                .collect();
            for &place in &places {
                set.insert(place);
            }
            let mut sorted = places.clone();
            sorted.sort_unstable();
            sorted.dedup();
            let ids: Vec<String> = sorted.iter().map(|p| format!("r{p}")).collect();
            assert_eq!(set, ids, "{count} rules");
            assert_eq!((set.len(), set.iter().len()), (ids.len(), ids.len()));
            assert!(ids.iter().all(|id| set.contains(id)) && !set.contains("r999"));
            assert_eq!(format!("{set:?}"), format!("{ids:?}"));
            assert_eq!((&set).into_iter().collect::<Vec<_>>(), set.to_vec());
        }
    }
}
