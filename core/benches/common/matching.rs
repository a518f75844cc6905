//! The duplicate-detection fixture the matching bench and the instruction
//! driver share: a policy of three rules (phone, e-mail, name + company),
//! a new lead with two phones (one national, one international), an
//! e-mail with a plus tag, an accented name and a company with legal
//! suffixes, and 20 saved candidates that each share the lead's mobile
//! (so each matches by phone, and the lead is blocked), its company but
//! not its name, nor its e-mail.

use leadrules::matching::{KeyedLead, MatchLead, Matches};
use leadrules::Engine;

/// The policy: block on a phone, link on an e-mail, alert on a person.
pub const CONFIG: &str = r#"{"orgs": [{"id": "hq"}], "policy": {"matching": {"default_region": "IN", "rules": [
    {"id": "same-phone", "keys": ["phone"], "action": "block"},
    {"id": "same-email", "keys": ["email"], "action": "link"},
    {"id": "same-person", "keys": ["name", "company"], "action": "alert"}]}}}"#;

/// Saved candidates the new lead is compared with.
pub const CANDIDATES: usize = 20;

/// The engine, and the candidates' ids, phones and stored keys.
pub struct MatchFixture {
    /// The engine over [`CONFIG`].
    pub engine: Engine,
    ids: Vec<String>,
    phones: Vec<String>,
}

fn lead<'v>(id: &'v str, phone: &'v str, email: &'v str, name: &'v str) -> MatchLead<'v> {
    MatchLead {
        id: Some(id),
        phone: Some(phone),
        mobiles: vec!["+91 97123 45678"],
        email: Some(email),
        emails: Vec::new(),
        name: Some(name),
        company: Some("Acme Pvt. Ltd."),
    }
}

impl MatchFixture {
    /// The engine and the candidates.
    pub fn new() -> Result<Self, String> {
        let engine = Engine::from_json(CONFIG).map_err(|e| e.to_string())?;
        let ids = (0..CANDIDATES).map(|i| format!("L{i}")).collect();
        let phones = (0..CANDIDATES).map(|i| format!("98123 456{i:02}")).collect();
        Ok(MatchFixture { engine, ids, phones })
    }

    /// The new lead: 2 phones, 1 e-mail, name and company.
    pub fn lead(&self) -> MatchLead<'static> {
        lead("NEW", "098123 45678", "Jane.Doe+web@gmail.com", "Jane Doé")
    }

    /// The saved candidates, as records.
    pub fn candidates(&self) -> Vec<MatchLead<'_>> {
        self.ids
            .iter()
            .zip(&self.phones)
            .map(|(id, phone)| lead(id, phone, "someone@acme.in", "Someone Else"))
            .collect()
    }

    /// Each candidate's keys, as the host stored them.
    pub fn stored_keys(&self) -> Vec<Vec<String>> {
        self.candidates()
            .iter()
            .map(|c| self.engine.match_keys(c))
            .collect()
    }

    /// The candidates by their stored `keys` (of [`MatchFixture::stored_keys`]).
    pub fn keyed<'a>(&'a self, keys: &'a [Vec<String>]) -> Vec<KeyedLead<'a>> {
        self.ids
            .iter()
            .zip(keys)
            .map(|(id, keys)| KeyedLead { id, keys })
            .collect()
    }

    /// Whether `found` is the answer the fixture is built for: every
    /// candidate matched by phone alone, the lead blocked.
    pub fn expected(found: &Matches<'_>) -> bool {
        !found.allowed()
            && found.matches.len() == CANDIDATES
            && found.matches.iter().all(|m| m.rules == ["same-phone"])
    }
}
