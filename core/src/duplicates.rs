//! The engine's duplicate questions (docs/rules.md#duplicates): the match
//! keys a host indexes its leads by, and the matcher that compares a lead
//! with the candidates those keys found. The rules live in `matching/`;
//! this file only hands them the engine's policy.

use crate::engine::Engine;
use crate::matching::{match_keyed, match_keys, match_lead, KeyedLead, MatchLead, Matches, Matching};

impl Engine {
    /// The `matching` policy this engine was built with.
    pub fn matching(&self) -> &Matching {
        &self.policy.matching
    }

    /// The sorted, distinct match keys of `lead` (`rule id:value|value`),
    /// for the host to store in an indexed column.
    pub fn match_keys(&self, lead: &MatchLead<'_>) -> Vec<String> {
        match_keys(&self.policy.matching, lead)
    }

    /// [`Engine::match_keys`] of each lead, in order.
    pub fn match_keys_many(&self, leads: &[MatchLead<'_>]) -> Vec<Vec<String>> {
        leads.iter().map(|lead| self.match_keys(lead)).collect()
    }

    /// Which of `candidates` (found through the keys) duplicate `lead`, by
    /// which rules and with which action; not allowed when a blocking
    /// rule matched. A candidate with the lead's own id is passed over.
    pub fn match_lead<'v>(&'v self, lead: &MatchLead<'v>, candidates: &[MatchLead<'v>]) -> Matches<'v> {
        match_lead(&self.policy.matching, lead, candidates)
    }

    /// [`Engine::match_lead`] by stored keys: the lead's keys (as
    /// [`Engine::match_keys`] gave them) and each candidate's saved keys,
    /// with no record normalised again (the host's hot path: its index
    /// already holds every saved lead's keys). The same answer as
    /// [`Engine::match_lead`] for the records the keys came from, under
    /// the same policy. Keys are `String`s or `&str`s, whichever the host
    /// holds.
    pub fn match_keyed<'v, L: AsRef<str>, K: AsRef<str>>(
        &'v self,
        lead_id: Option<&str>,
        lead_keys: &[L],
        candidates: &[KeyedLead<'v, K>],
    ) -> Matches<'v> {
        match_keyed(&self.policy.matching, lead_id, lead_keys, candidates)
    }
}
