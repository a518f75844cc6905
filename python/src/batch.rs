//! A large batch of `match_keys` split across the machine's cores: each
//! lead's keys stand alone (core's `Engine::match_keys`), so parts of the
//! batch are normalised at once on scoped threads, the GIL already
//! released, and their answers joined in order. Execution only: the keys
//! are core's, the same as one thread computes.

use std::num::NonZeroUsize;
use std::thread;

use leadrules::matching::MatchLead;
use leadrules::Engine;

/// Below this many leads a batch runs on the calling thread: starting a
/// thread costs about as much as the keys of a few dozen leads.
const PARALLEL_LEADS: usize = 1024;

/// At most this many threads, whatever the machine has.
const MAX_THREADS: usize = 8;

/// [`Engine::match_keys_many`] of `leads`, on several threads when the
/// batch is large and the machine has cores to spare.
pub(crate) fn match_keys_many(engine: &Engine, leads: &[MatchLead<'_>]) -> Vec<Vec<String>> {
    let threads = thread::available_parallelism()
        .map_or(1, NonZeroUsize::get)
        .min(MAX_THREADS)
        .min(leads.len() / (PARALLEL_LEADS / 2).max(1));
    if leads.len() < PARALLEL_LEADS || threads < 2 {
        return engine.match_keys_many(leads);
    }
    let part = leads.len().div_ceil(threads);
    thread::scope(|scope| {
        let mut parts = leads.chunks(part);
        // The first part on this thread, the rest on their own.
        let first = parts.next().unwrap_or_default();
        let others: Vec<_> = parts
            .map(|leads| scope.spawn(move || engine.match_keys_many(leads)))
            .collect();
        let mut all = engine.match_keys_many(first);
        all.reserve(leads.len().saturating_sub(all.len()));
        for other in others {
            match other.join() {
                Ok(keys) => all.extend(keys),
                Err(panic) => std::panic::resume_unwind(panic),
            }
        }
        all
    })
}
