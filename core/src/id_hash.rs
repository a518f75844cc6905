//! The hasher of the engine's name indexes (orgs, roles, workflows): the
//! Fx hash (rustc's own, a multiply and a rotate per eight bytes), where
//! the standard SipHash costs more than the rest of an org lookup.
//!
//! SipHash's keyed hashing defends a map against keys chosen to collide
//! (HashDoS). These maps are built once from the config, which the host
//! trusts, and a request only looks names up in them: a lookup adds no key,
//! so a request's colliding names cost it at most the probes of one lookup
//! among keys that were chosen by the config (docs/choices.md "The hasher of
//! the name indexes").

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// A map from a config's names, hashed by [`IdHasher`].
pub(crate) type IdMap<K, V> = HashMap<K, V, BuildHasherDefault<IdHasher>>;

/// The empty [`IdMap`] with room for `capacity` names.
pub(crate) fn id_map<K, V>(capacity: usize) -> IdMap<K, V> {
    HashMap::with_capacity_and_hasher(capacity, BuildHasherDefault::default())
}

/// The Fx hash: each word of input is mixed in with a rotate, an xor and
/// a multiply by a large odd constant.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct IdHasher {
    hash: u64,
}

/// rustc's Fx constant (from the golden ratio, odd).
const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl IdHasher {
    fn add(&mut self, word: u64) {
        self.hash = (self.hash.rotate_left(5) ^ word).wrapping_mul(SEED);
    }
}

impl Hasher for IdHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut words = bytes.chunks_exact(8);
        for chunk in &mut words {
            let mut word = [0; 8];
            word.copy_from_slice(chunk);
            self.add(u64::from_le_bytes(word));
        }
        let rest = words.remainder();
        if !rest.is_empty() {
            let mut word = [0; 8];
            for (slot, &byte) in word.iter_mut().zip(rest) {
                *slot = byte;
            }
            // The length tells "a" from "a\0": both fill one word alike.
            self.add(u64::from_le_bytes(word) ^ ((rest.len() as u64) << 56));
        }
    }

    fn write_u8(&mut self, byte: u8) {
        self.add(u64::from(byte));
    }

    fn write_usize(&mut self, value: usize) {
        self.add(value as u64);
    }

    fn finish(&self) -> u64 {
        self.hash
    }
}

#[cfg(test)]
mod tests {
    use std::hash::BuildHasher;

    use super::*;

    fn hash(text: &str) -> u64 {
        BuildHasherDefault::<IdHasher>::default().hash_one(text)
    }

    #[test]
    fn names_that_differ_hash_apart_and_a_map_finds_every_one() {
        let names: Vec<String> = (0..2000)
            .map(|i| format!("org_{i}"))
            .chain(["", "a", "a\0", "\0", "north", "north_a", "hq"].map(String::from))
            .collect();
        let mut seen = std::collections::HashSet::new();
        for name in &names {
            assert!(seen.insert(hash(name)), "{name:?} collides");
        }
        let mut map = id_map(names.len());
        for (i, name) in names.iter().enumerate() {
            map.insert(name.as_str(), i);
        }
        for (i, name) in names.iter().enumerate() {
            assert_eq!(map.get(name.as_str()), Some(&i));
        }
        assert_eq!(map.get("org_2000"), None);
    }
}
