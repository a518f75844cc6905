//! An append-only store that lends what it keeps for as long as it lives,
//! while it keeps more: the text the request reader hands out (borrowed
//! from a host's `str` objects, kept alive here when nothing else holds
//! them for as long) must outlive each read. Safe Rust: every slot is a
//! `OnceCell`, filled once through a shared reference; the slots come in
//! chunks that double in size, so keeping `n` values walks `log n` chunks
//! and never moves one.

use std::cell::{Cell, OnceCell};

/// Slots kept inline: the strings of a small request, without a heap
/// allocation for the store itself.
const INLINE: usize = 4;

/// Values kept, lent out as `&T` for the store's lifetime.
pub(crate) struct Keep<T> {
    head: [OnceCell<T>; INLINE],
    rest: OnceCell<Box<Chunk<T>>>,
    len: Cell<usize>,
}

struct Chunk<T> {
    slots: Box<[OnceCell<T>]>,
    next: OnceCell<Box<Chunk<T>>>,
}

impl<T> Chunk<T> {
    fn new(len: usize) -> Box<Self> {
        Box::new(Chunk {
            slots: (0..len).map(|_| OnceCell::new()).collect(),
            next: OnceCell::new(),
        })
    }
}

impl<T> Keep<T> {
    pub(crate) fn new() -> Self {
        Keep {
            head: std::array::from_fn(|_| OnceCell::new()),
            rest: OnceCell::new(),
            len: Cell::new(0),
        }
    }

    /// Keeps `value` and lends it.
    pub(crate) fn keep(&self, value: T) -> &T {
        let mut index = self.len.get();
        self.len.set(index + 1);
        if let Some(slot) = self.head.get(index) {
            return slot.get_or_init(|| value);
        }
        index -= INLINE;
        let mut chunk = self.rest.get_or_init(|| Chunk::new(2 * INLINE));
        loop {
            if let Some(slot) = chunk.slots.get(index) {
                return slot.get_or_init(|| value);
            }
            index -= chunk.slots.len();
            let len = 2 * chunk.slots.len();
            chunk = chunk.next.get_or_init(|| Chunk::new(len));
        }
    }

    /// The value kept last, taken back once nothing borrows the store.
    pub(crate) fn take_last(&mut self) -> Option<T> {
        let mut index = self.len.get().checked_sub(1)?;
        if let Some(slot) = self.head.get_mut(index) {
            return slot.take();
        }
        index -= INLINE;
        let mut chunk = self.rest.get_mut()?;
        loop {
            let len = chunk.slots.len();
            if index < len {
                return chunk.slots.get_mut(index).and_then(OnceCell::take);
            }
            index -= len;
            chunk = chunk.next.get_mut()?;
        }
    }
}
