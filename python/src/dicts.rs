//! A host's `dict` iterated without PyO3's panic.
//!
//! PyO3's dict iterator panics ("dictionary changed size during
//! iteration") when the dict changes between two steps. Between two steps
//! of reading a host's dict, Python code can run: a `tzinfo.utcoffset`, an
//! `__index__`, a finalizer, another thread that got the GIL meanwhile. A
//! panic would reach the caller as `InternalError`, which the docs call a
//! bug, never bad input. [`Entries`] checks the dict's size itself before
//! each step and never asks the iterator for more items than the dict had,
//! so neither of PyO3's checks can fail: a change is reported as
//! [`Changed`], which the readers turn into an error at the dict's path.
//! (The module forbids `unsafe`, so CPython's own `PyDict_Next` loop is
//! not written here.)

use pyo3::prelude::*;
use pyo3::types::dict::BoundDictIterator;
use pyo3::types::PyDict;

/// The dict changed while it was being read.
#[derive(Debug)]
pub(crate) struct Changed;

/// The items of a dict, as PyO3 iterates them, checked before each step.
pub(crate) struct Entries<'py> {
    dict: Bound<'py, PyDict>,
    iter: BoundDictIterator<'py>,
    /// The dict's size when reading began (which PyO3's iterator also
    /// recorded): it must not change.
    len: usize,
    /// How many items were read; past `len` once the end or a change has
    /// been reported.
    read: usize,
}

/// The items of `dict`, reading which cannot panic.
pub(crate) fn entries<'py>(dict: &Bound<'py, PyDict>) -> Entries<'py> {
    Entries {
        dict: dict.clone(),
        len: dict.len(),
        iter: dict.iter(),
        read: 0,
    }
}

impl<'py> Iterator for Entries<'py> {
    type Item = Result<(Bound<'py, PyAny>, Bound<'py, PyAny>), Changed>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.read > self.len {
            return None;
        }
        // PyO3 panics when the size differs from the one it recorded.
        if self.dict.len() != self.len {
            self.read = self.len + 1;
            return Some(Err(Changed));
        }
        if self.read == self.len {
            self.read += 1;
            return None;
        }
        // PyO3 also panics when asked for more items than the dict had
        // (keys replaced at the same size): at most `len` steps are taken.
        self.read += 1;
        match self.iter.next() {
            Some(item) => Some(Ok(item)),
            // Fewer items than its size: keys were replaced meanwhile.
            None => {
                self.read = self.len + 1;
                Some(Err(Changed))
            }
        }
    }
}
