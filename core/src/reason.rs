//! Denial reasons: the stable codes and their optional details.

use std::fmt;
use std::ops::Deref;

use smallvec::SmallVec;

use crate::orgs::OrgId;
use crate::roles::Capability;
pub use crate::vocabulary::DenialCode;

/// The detail a reason carries, rendered as one extra key (`org`, `lead`).
///
/// Its `Debug` names an org by its place in the config, `Org(orgs[2])`:
/// the id text lives in the engine ([`crate::Engine::org_name`]).
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Detail<'a> {
    /// No detail.
    None,
    /// The org the reason is about (rendered `"org": "<id>"`).
    Org(OrgId),
    /// The lead the reason is about (rendered `"lead": "<id>"`).
    Lead(&'a str),
    /// The request field the reason is about (rendered `"field": "stage"`).
    Field(&'a str),
    /// The capability that is missing (rendered `"capability": "assign"`).
    Capability(&'a str),
    /// The assignment pool the reason is about (rendered `"pool": "inside"`).
    Pool(&'a str),
}

/// One failed check of a denial.
///
/// Its `Debug` reads as the JSON answer does, the code in snake_case and
/// the detail under its key: `Reason { code: cross_silo_required, org:
/// orgs[2] }`. A reason holds an org's index, not its id, so an org is
/// shown by its place in the config's `orgs` list; with the engine at hand,
/// [`crate::Engine::org_name`] or [`crate::protocol::reason_value`] name it
/// (`"org": "south"`).
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Reason<'a> {
    /// The stable code.
    pub code: DenialCode,
    /// What the reason is about.
    pub detail: Detail<'a>,
}

impl<'a> Reason<'a> {
    /// A reason without detail.
    pub const fn new(code: DenialCode) -> Self {
        Reason {
            code,
            detail: Detail::None,
        }
    }

    /// A reason about an org.
    pub const fn about_org(code: DenialCode, org: OrgId) -> Self {
        Reason {
            code,
            detail: Detail::Org(org),
        }
    }

    /// A reason about a request field.
    pub const fn about_field(code: DenialCode, field: &'a str) -> Self {
        Reason {
            code,
            detail: Detail::Field(field),
        }
    }

    /// A missing capability.
    pub const fn missing(capability: Capability) -> Self {
        Reason {
            code: DenialCode::CapabilityRequired,
            detail: Detail::Capability(capability.as_str()),
        }
    }

    /// A missing capability, by name (built-in or workflow-defined).
    pub const fn missing_named(capability: &'a str) -> Self {
        Reason {
            code: DenialCode::CapabilityRequired,
            detail: Detail::Capability(capability),
        }
    }

    /// A reason about an assignment pool.
    pub const fn about_pool(code: DenialCode, pool: &'a str) -> Self {
        Reason {
            code,
            detail: Detail::Pool(pool),
        }
    }

    /// A reason about a lead.
    pub const fn about_lead(code: DenialCode, lead: &'a str) -> Self {
        Reason {
            code,
            detail: Detail::Lead(lead),
        }
    }
}

/// An org as `Debug` shows it without the engine: its place in the config.
struct OrgPlace(OrgId);

impl fmt::Debug for OrgPlace {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "orgs[{}]", self.0.index())
    }
}

/// A code as `Debug` shows it: its snake_case text, unquoted.
struct CodeText(DenialCode);

impl fmt::Debug for CodeText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0.as_str())
    }
}

impl fmt::Debug for Detail<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Detail::None => f.write_str("None"),
            Detail::Org(org) => f.debug_tuple("Org").field(&OrgPlace(org)).finish(),
            Detail::Lead(lead) => f.debug_tuple("Lead").field(&lead).finish(),
            Detail::Field(field) => f.debug_tuple("Field").field(&field).finish(),
            Detail::Capability(name) => f.debug_tuple("Capability").field(&name).finish(),
            Detail::Pool(pool) => f.debug_tuple("Pool").field(&pool).finish(),
        }
    }
}

impl fmt::Debug for Reason<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut out = f.debug_struct("Reason");
        out.field("code", &CodeText(self.code));
        match self.detail {
            Detail::None => {}
            Detail::Org(org) => {
                out.field("org", &OrgPlace(org));
            }
            Detail::Lead(lead) => {
                out.field("lead", &lead);
            }
            Detail::Field(field) => {
                out.field("field", &field);
            }
            Detail::Capability(name) => {
                out.field("capability", &name);
            }
            Detail::Pool(pool) => {
                out.field("pool", &pool);
            }
        }
        out.finish()
    }
}

// The failed checks of a denial live inline (a decision fails at most a
// handful), so a denial allocates nothing; the inline vector stays an
// implementation detail: callers see a slice.

/// The failed checks of a decision, in order; empty when it is allowed.
/// Reads as a slice of [`Reason`] (`len`, `is_empty`, `iter`, indexing,
/// `first`, `contains`, …).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Reasons<'a>(SmallVec<[Reason<'a>; 4]>);

impl<'a> Reasons<'a> {
    /// No reasons: an allowed decision's.
    pub fn new() -> Self {
        Reasons(SmallVec::new())
    }

    /// One reason.
    pub fn one(reason: Reason<'a>) -> Self {
        let mut reasons = Reasons::new();
        reasons.push(reason);
        reasons
    }

    /// The reasons as a slice.
    pub fn as_slice(&self) -> &[Reason<'a>] {
        &self.0
    }

    /// Adds a failed check after the others.
    pub fn push(&mut self, reason: Reason<'a>) {
        self.0.push(reason);
    }

    /// The reasons, owned, in a `Vec`.
    pub fn into_vec(self) -> Vec<Reason<'a>> {
        self.0.into_vec()
    }
}

impl<'a> Deref for Reasons<'a> {
    type Target = [Reason<'a>];

    fn deref(&self) -> &[Reason<'a>] {
        &self.0
    }
}

impl<'a> AsRef<[Reason<'a>]> for Reasons<'a> {
    fn as_ref(&self) -> &[Reason<'a>] {
        &self.0
    }
}

impl<'a> Extend<Reason<'a>> for Reasons<'a> {
    fn extend<I: IntoIterator<Item = Reason<'a>>>(&mut self, iter: I) {
        self.0.extend(iter);
    }
}

impl<'a> FromIterator<Reason<'a>> for Reasons<'a> {
    fn from_iter<I: IntoIterator<Item = Reason<'a>>>(iter: I) -> Self {
        Reasons(iter.into_iter().collect())
    }
}

impl<'a, 'r> IntoIterator for &'r Reasons<'a> {
    type Item = &'r Reason<'a>;
    type IntoIter = std::slice::Iter<'r, Reason<'a>>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

impl<'a> IntoIterator for Reasons<'a> {
    type Item = Reason<'a>;
    type IntoIter = ReasonsIntoIter<'a>;

    fn into_iter(self) -> ReasonsIntoIter<'a> {
        ReasonsIntoIter(self.0.into_iter())
    }
}

/// The reasons of a [`Reasons`], by value, in order.
#[derive(Debug)]
pub struct ReasonsIntoIter<'a>(smallvec::IntoIter<[Reason<'a>; 4]>);

impl<'a> Iterator for ReasonsIntoIter<'a> {
    type Item = Reason<'a>;

    fn next(&mut self) -> Option<Reason<'a>> {
        self.0.next()
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.0.size_hint()
    }
}

impl DoubleEndedIterator for ReasonsIntoIter<'_> {
    fn next_back(&mut self) -> Option<Self::Item> {
        self.0.next_back()
    }
}

impl ExactSizeIterator for ReasonsIntoIter<'_> {}

impl<'a, const N: usize> PartialEq<[Reason<'a>; N]> for Reasons<'a> {
    fn eq(&self, other: &[Reason<'a>; N]) -> bool {
        self.as_slice() == other
    }
}

impl<'a> PartialEq<[Reason<'a>]> for Reasons<'a> {
    fn eq(&self, other: &[Reason<'a>]) -> bool {
        self.as_slice() == other
    }
}

impl<'a> PartialEq<Vec<Reason<'a>>> for Reasons<'a> {
    fn eq(&self, other: &Vec<Reason<'a>>) -> bool {
        self.as_slice() == other.as_slice()
    }
}

impl<'a> From<Vec<Reason<'a>>> for Reasons<'a> {
    fn from(reasons: Vec<Reason<'a>>) -> Self {
        Reasons(SmallVec::from_vec(reasons))
    }
}

impl<'a, const N: usize> From<[Reason<'a>; N]> for Reasons<'a> {
    fn from(reasons: [Reason<'a>; N]) -> Self {
        reasons.into_iter().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::{DenialCode, Detail, OrgId, Reason};

    /// A reason printed for a person: the code as the JSON answer names it,
    /// an org by its place in the config (the id is the engine's).
    #[test]
    fn debug_reads_as_the_answer_does() {
        let sideways = Reason::about_org(DenialCode::CrossSiloRequired, OrgId(2));
        assert_eq!(
            format!("{sideways:?}"),
            "Reason { code: cross_silo_required, org: orgs[2] }"
        );
        assert_eq!(
            format!("{:?}", Reason::new(DenialCode::NotLeadOwner)),
            "Reason { code: not_lead_owner }"
        );
        assert_eq!(
            format!("{:?}", Reason::about_lead(DenialCode::NotLeadOwner, "L1")),
            "Reason { code: not_lead_owner, lead: \"L1\" }"
        );
        assert_eq!(format!("{:?}", Detail::Org(OrgId(0))), "Org(orgs[0])");
        assert_eq!(
            format!("{:#?}", Reason::missing_named("assign")),
            "Reason {\n    code: capability_required,\n    capability: \"assign\",\n}"
        );
    }
}
