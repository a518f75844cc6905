//! A lead as the matcher reads it: the host's record, of which only the
//! contact fields count.

/// The most values one list field (`mobiles`, `emails`) of a lead may
/// hold: a rule over two list fields yields a key per pair of values, so
/// the lists are bounded to keep a lead's keys few.
pub const MAX_LIST_VALUES: usize = 100;

/// A lead's contact fields, as the host's record holds them (not yet
/// normalised).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MatchLead<'v> {
    /// The lead's id: a candidate's is required, the lead asked about may
    /// not have one yet (a lead about to be created).
    pub id: Option<&'v str>,
    /// `phone`.
    pub phone: Option<&'v str>,
    /// `mobiles`.
    pub mobiles: Vec<&'v str>,
    /// `email`.
    pub email: Option<&'v str>,
    /// `emails`.
    pub emails: Vec<&'v str>,
    /// `name`.
    pub name: Option<&'v str>,
    /// `company`.
    pub company: Option<&'v str>,
}
