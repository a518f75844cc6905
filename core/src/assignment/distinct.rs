//! One pass over a pool's members for what a typed request must have
//! checked and what round robin needs: whether a member id repeats,
//! whether any member names a calendar, and where the cursor's member
//! stands. A typed request is checked on every call, so the pass must cost
//! little beside the routing itself: pools of up to [`SMALL`] members use a
//! table on the stack (no allocation), larger ones a hash set.

use std::collections::HashSet;

use crate::assignment::pool::Member;

/// Members up to which pairs are compared directly.
const PAIRS: usize = 8;

/// Members up to which the table lives on the stack (at most half full).
const SMALL: usize = 128;

/// Multiplier of the id hash (the 64-bit golden ratio: spreads into the
/// high bits, which pick the slot).
const MIX: u64 = 0x9e37_79b9_7f4a_7c15;

/// What one pass over a pool's members found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Scan {
    /// The index of the first member whose id an earlier member has.
    pub(crate) repeat: Option<usize>,
    /// Whether any member names a calendar.
    pub(crate) calendars: bool,
    /// The index of the member the cursor names (the first, if repeated).
    pub(crate) cursor: Option<usize>,
}

/// Scans `members`, with the pool's `cursor`.
pub(crate) fn scan(members: &[Member<'_>], cursor: Option<&str>) -> Scan {
    let calendars = || members.iter().any(|m| m.calendar.is_some());
    let find = |cursor: Option<&str>| cursor.and_then(|c| members.iter().position(|m| m.id == c));
    let n = members.len();
    if n <= PAIRS {
        let repeat = (1..n).find(|&i| {
            let (earlier, rest) = members.split_at(i);
            rest.first().is_some_and(|m| earlier.iter().any(|e| e.id == m.id))
        });
        return Scan {
            repeat,
            calendars: calendars(),
            cursor: find(cursor),
        };
    }
    if n > SMALL {
        let mut seen = HashSet::with_capacity(n);
        return Scan {
            repeat: members.iter().position(|m| !seen.insert(m.id)),
            calendars: calendars(),
            cursor: find(cursor),
        };
    }
    // Open addressing, linear probing; a slot holds a member's index + 1
    // in its high half and 16 bits of its id's hash in its low half, so
    // that most collisions are told apart without comparing ids.
    let bits = (2 * n).next_power_of_two().trailing_zeros();
    let mask = (1usize << bits) - 1;
    let mut table = [0u32; 2 * SMALL];
    let mut any_calendar = false;
    let slot_of = |h: u64| usize::try_from(h >> (64 - bits)).unwrap_or(0);
    let mut repeat = None;
    'members: for (i, member) in members.iter().enumerate() {
        any_calendar |= member.calendar.is_some();
        let h = hash(member.id);
        let print = (h as u32) & 0xffff;
        let entry = u32::try_from(i + 1).unwrap_or(0) << 16 | print;
        let mut at = slot_of(h);
        loop {
            let Some(slot) = table.get_mut(at & mask) else {
                break 'members;
            };
            if *slot == 0 {
                *slot = entry;
                break;
            }
            if *slot & 0xffff == print {
                let earlier = members.get((*slot >> 16) as usize - 1);
                if earlier.is_some_and(|e| e.id == member.id) {
                    repeat = Some(i);
                    break 'members;
                }
            }
            at += 1;
        }
    }
    if repeat.is_some() {
        // Stopped early: the calendars of the members not reached count too.
        any_calendar = calendars();
    }
    // The cursor, looked up in the table of distinct ids.
    let cursor = cursor.and_then(|cursor| {
        if repeat.is_some() {
            return find(Some(cursor));
        }
        let h = hash(cursor);
        let print = (h as u32) & 0xffff;
        let mut at = slot_of(h);
        loop {
            let slot = *table.get(at & mask)?;
            if slot == 0 {
                return None;
            }
            let index = (slot >> 16) as usize - 1;
            if slot & 0xffff == print && members.get(index).is_some_and(|m| m.id == cursor) {
                return Some(index);
            }
            at += 1;
        }
    });
    Scan {
        repeat,
        calendars: any_calendar,
        cursor,
    }
}

/// A quick hash of an id: its length and its first and last eight bytes
/// (two loads), or its bytes one by one when it is shorter. Ids that
/// differ only in the middle of a long id collide, and are then compared
/// in full: a collision costs time, never an answer.
fn hash(id: &str) -> u64 {
    let bytes = id.as_bytes();
    let word = |part: Option<&[u8]>| part.and_then(|p| p.try_into().ok()).map_or(0, u64::from_le_bytes);
    let (first, last) = match bytes.len().checked_sub(8) {
        Some(rest) => (word(bytes.get(..8)), word(bytes.get(rest..))),
        None => (bytes.iter().fold(0, |w, &b| w << 8 | u64::from(b)), 0),
    };
    (first ^ last.rotate_left(29) ^ (bytes.len() as u64).rotate_left(58)).wrapping_mul(MIX)
}

#[cfg(test)]
mod tests {
    use super::scan;
    use crate::assignment::pool::Member;
    use crate::roles::RoleId;

    fn pool(ids: &[String]) -> Vec<Member<'_>> {
        ids.iter().map(|id| Member::new(id, "north", RoleId(0))).collect()
    }

    /// Every size class (pairs, the stack table, the hash set) finds the
    /// first repeat and the cursor's member, and no repeat where ids are
    /// distinct.
    #[test]
    fn finds_the_first_repeat_and_the_cursor_at_every_size() {
        for n in [0usize, 1, 2, 5, 8, 9, 50, 128, 129, 256, 257, 1000] {
            let mut ids: Vec<String> = (0..n).map(|i| format!("user-{i:04}")).collect();
            let last = n.checked_sub(1).map(|i| format!("user-{i:04}"));
            let found = scan(&pool(&ids), last.as_deref());
            assert_eq!(
                (found.repeat, found.cursor),
                (None, n.checked_sub(1)),
                "{n} distinct"
            );
            assert_eq!(scan(&pool(&ids), Some("nobody")).cursor, None);
            assert!(!found.calendars);
            if n >= 2 {
                let copies: Vec<String> = [n / 3, 0].iter().filter_map(|&i| ids.get(i).cloned()).collect();
                ids.extend(copies);
                let found = scan(&pool(&ids), Some("user-0001"));
                assert_eq!(
                    (found.repeat, found.cursor),
                    (Some(n), Some(1)),
                    "{n} with a repeat"
                );
            }
        }
        // Short and long ids, ids that differ past the first word, the empty id.
        let mut ids: Vec<String> = [
            "a-very-long-member-id-1",
            "a-very-long-member-id-2",
            "",
            "x",
            "ab",
            "abc",
        ]
        .iter()
        .map(|s| s.to_string())
        .chain((0..20).map(|i| format!("a-very-long-member-id-{}", i + 3)))
        .chain((0..20).map(|i| format!("u{i}")))
        .collect();
        let mut members = pool(&ids);
        assert_eq!(scan(&members, Some("")).repeat, None);
        assert_eq!(scan(&members, Some("")).cursor, Some(2));
        if let Some(member) = members.get_mut(30) {
            member.calendar = Some("week");
        }
        assert!(scan(&members, None).calendars);
        ids.push(String::new());
        assert_eq!(scan(&pool(&ids), None).repeat, Some(ids.len() - 1));
    }
}
