//! A set of small indexes (a workflow's stages, or the steps of its
//! actions), one bit each, read 64 at a time from any offset. The checks
//! on actions that step from every open stage use it to try all stages at
//! once, 64 to a word, instead of each stage with each step.

/// A set of indexes below a fixed length.
#[derive(Debug, Clone, Default)]
pub(crate) struct Bits {
    words: Vec<u64>,
    len: usize,
}

impl Bits {
    /// An empty set of indexes below `len`.
    pub(crate) fn new(len: usize) -> Self {
        Bits {
            words: vec![0; len.div_ceil(64)],
            len,
        }
    }

    /// Adds `index`; one past the length is ignored.
    pub(crate) fn insert(&mut self, index: usize) {
        if index < self.len {
            if let Some(word) = self.words.get_mut(index / 64) {
                *word |= 1 << (index % 64);
            }
        }
    }

    pub(crate) fn contains(&self, index: usize) -> bool {
        self.words
            .get(index / 64)
            .is_some_and(|word| word & (1 << (index % 64)) != 0)
    }

    /// The number of 64-bit words.
    pub(crate) fn word_count(&self) -> usize {
        self.words.len()
    }

    /// Word `index`: the indexes `64 × index ..` as bits; 0 past the end.
    pub(crate) fn word(&self, index: usize) -> u64 {
        self.words.get(index).copied().unwrap_or(0)
    }

    /// The indexes `start .. start + 64` as bits (bit 0 for `start`), those
    /// outside the set's range 0.
    pub(crate) fn word_at(&self, start: isize) -> u64 {
        let word = |index: isize| usize::try_from(index).map_or(0, |index| self.word(index));
        let (index, shift) = (start.div_euclid(64), start.rem_euclid(64));
        let low = word(index) >> shift;
        // A shift by 64 would overflow: an aligned start needs one word.
        let high = match shift {
            0 => 0,
            _ => word(index.saturating_add(1)) << (64 - shift),
        };
        low | high
    }

    /// Word `index` of the indexes below the length: the bits past it 0.
    pub(crate) fn in_range(&self, index: usize, bits: u64) -> u64 {
        let first = index.saturating_mul(64);
        match self.len.saturating_sub(first) {
            0 => 0,
            left @ 1..=63 => bits & ((1 << left) - 1),
            _ => bits,
        }
    }
}

/// The positions of the set bits of `word`, lowest first.
pub(crate) fn ones(mut word: u64) -> impl Iterator<Item = usize> {
    std::iter::from_fn(move || {
        let bit = word.trailing_zeros();
        (word != 0).then(|| {
            word &= word - 1;
            bit as usize
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_read_from_any_offset_see_only_the_set() {
        let mut bits = Bits::new(130);
        for i in [0, 5, 63, 64, 100, 129, 130, 500] {
            bits.insert(i);
        }
        assert!(bits.contains(129) && !bits.contains(130) && !bits.contains(1));
        assert_eq!(bits.word_count(), 3);
        assert_eq!(bits.word_at(0), bits.word(0));
        assert_eq!(bits.word_at(-5), 1 << 5 | 1 << 10);
        assert_eq!(bits.word_at(63), 1 | 1 << 1 | 1 << 37);
        assert_eq!(bits.word_at(100), 1 | 1 << 29);
        assert_eq!(bits.word_at(-64), 0);
        assert_eq!(bits.word_at(130), 0);
        assert_eq!(bits.word_at(isize::MIN), 0);
        assert_eq!(bits.word_at(isize::MAX), 0);
        assert_eq!(bits.in_range(2, u64::MAX), 0b11);
        assert_eq!(bits.in_range(1, u64::MAX), u64::MAX);
        assert_eq!(bits.in_range(3, u64::MAX), 0);
        assert_eq!(ones(1 | 1 << 37 | 1 << 63).collect::<Vec<_>>(), [0, 37, 63]);
    }
}
