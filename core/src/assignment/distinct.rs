//! Whether a pool names one member twice, in one pass over its ids: a
//! typed request is checked on every call, so the check must cost little
//! beside the routing itself. Pools of up to [`SMALL`] members use a table
//! on the stack (no allocation); larger ones a hash set.

use std::collections::HashSet;

use crate::assignment::pool::Member;

/// Members up to which pairs are compared directly.
const PAIRS: usize = 8;

/// Members up to which the table lives on the stack (at most half full).
const SMALL: usize = 128;

/// Multiplier of the id hash (the 64-bit golden ratio: spreads into the
/// high bits, which pick the slot).
const MIX: u64 = 0x9e37_79b9_7f4a_7c15;

/// The index of the first member whose id an earlier member has.
pub(crate) fn repeated(members: &[Member<'_>]) -> Option<usize> {
    let n = members.len();
    if n <= PAIRS {
        return (1..n).find(|&i| {
            let (earlier, rest) = members.split_at(i);
            rest.first().is_some_and(|m| earlier.iter().any(|e| e.id == m.id))
        });
    }
    if n > SMALL {
        let mut seen = HashSet::with_capacity(n);
        return members.iter().position(|m| !seen.insert(m.id));
    }
    // Open addressing, linear probing; a slot holds a member's index + 1.
    let bits = (2 * n).next_power_of_two().trailing_zeros();
    let mask = (1usize << bits) - 1;
    let mut table = [0u16; 2 * SMALL];
    for (i, member) in members.iter().enumerate() {
        let mut at = usize::try_from(hash(member.id) >> (64 - bits)).unwrap_or(0);
        loop {
            let slot = table.get_mut(at & mask)?;
            if *slot == 0 {
                *slot = u16::try_from(i + 1).unwrap_or(u16::MAX);
                break;
            }
            let earlier = members.get(usize::from(*slot) - 1)?;
            if earlier.id == member.id {
                return Some(i);
            }
            at += 1;
        }
    }
    None
}

/// A quick hash of an id, from a few loads whatever its length: up to 3
/// bytes each byte, up to 8 its first and last four, longer its first and
/// last eight. Ids that differ only in the middle of a long id collide,
/// and are then compared in full: a collision costs time, never an answer.
fn hash(id: &str) -> u64 {
    let bytes = id.as_bytes();
    let n = bytes.len();
    let byte = |i: usize| bytes.get(i).map_or(0, |&b| u64::from(b));
    let half = |at: usize| {
        bytes
            .get(at..at + 4)
            .and_then(|b| b.try_into().ok())
            .map_or(0, |b| u64::from(u32::from_le_bytes(b)))
    };
    let word = |at: usize| {
        bytes
            .get(at..at + 8)
            .and_then(|b| b.try_into().ok())
            .map_or(0, u64::from_le_bytes)
    };
    let mixed = match n {
        0..=3 => byte(0) | byte(n / 2) << 8 | byte(n.saturating_sub(1)) << 16,
        4..=8 => half(0) | half(n - 4) << 32,
        _ => word(0) ^ word(n - 8).rotate_left(29),
    };
    (mixed ^ (n as u64).rotate_left(53)).wrapping_mul(MIX)
}

#[cfg(test)]
mod tests {
    use super::repeated;
    use crate::assignment::pool::Member;
    use crate::roles::RoleId;

    fn pool(ids: &[String]) -> Vec<Member<'_>> {
        ids.iter().map(|id| Member::new(id, "north", RoleId(0))).collect()
    }

    /// Every size class (pairs, the stack table, the hash set) finds the
    /// first repeat, and none where ids are distinct.
    #[test]
    fn finds_the_first_repeat_at_every_size() {
        for n in [0, 1, 2, 5, 8, 9, 50, 128, 129, 256, 257, 1000] {
            let mut ids: Vec<String> = (0..n).map(|i| format!("user-{i:04}")).collect();
            assert_eq!(repeated(&pool(&ids)), None, "{n} distinct");
            if n >= 2 {
                let copies: Vec<String> = [n / 3, 0].iter().filter_map(|&i| ids.get(i).cloned()).collect();
                ids.extend(copies);
                assert_eq!(repeated(&pool(&ids)), Some(n), "{n} with a repeat");
            }
        }
        // Ids that differ past the first word, and the empty id.
        let long: Vec<String> = ["a-very-long-member-id-1", "a-very-long-member-id-2", "", "x"]
            .iter()
            .map(|s| s.to_string())
            .chain((0..20).map(|i| format!("a-very-long-member-id-{}", i + 3)))
            .collect();
        assert_eq!(repeated(&pool(&long)), None);
        let mut twice = long.clone();
        twice.push(String::new());
        assert_eq!(repeated(&pool(&twice)), Some(long.len()));
    }
}
