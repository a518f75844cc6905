//! Duplicate detection: normalised match values (phone numbers in E.164,
//! e-mail addresses, folded names and companies), the `matching` policy's
//! rules, the keys a host indexes and the matcher that compares a lead
//! with the candidates those keys found. One job a file: `phone`, `email`
//! and `text` normalise, `rules` is the compiled policy, `record` the lead
//! as read, `values` a lead's normalised values, `keys` the index keys,
//! `matcher` the `match` question, `keyed` the same over stored keys,
//! `matched` the set of rules a candidate matched by.

pub(crate) mod email;
pub(crate) mod keyed;
pub(crate) mod keys;
pub(crate) mod matched;
pub(crate) mod matcher;
pub(crate) mod phone;
pub(crate) mod record;
pub(crate) mod rules;
pub(crate) mod text;
mod values;

pub use email::email;
pub use keyed::{match_keyed, KeyedLead};
pub use keys::match_keys;
pub use matched::{MatchedRules, RuleIds};
pub use matcher::{match_lead, Match, Matches};
pub use phone::{phone, Region};
pub use record::{MatchLead, MAX_LIST_VALUES};
pub use rules::{MatchAction, MatchField, MatchRule, Matching};
pub use text::{company, name, LEGAL_SUFFIXES};
