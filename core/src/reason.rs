//! Denial reasons: the stable codes and their optional details.

use crate::orgs::OrgId;
use crate::roles::Capability;
pub use crate::vocabulary::DenialCode;

/// The detail a reason carries, rendered as one extra key (`org`, `lead`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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
}

/// The failed checks of a denial, in order. A decision fails at most a
/// handful of checks, which then live inline: a denial allocates nothing.
pub type Reasons<'a> = smallvec::SmallVec<[Reason<'a>; 4]>;

/// One failed check of a denial.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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

    /// A reason about a lead.
    pub const fn about_lead(code: DenialCode, lead: &'a str) -> Self {
        Reason {
            code,
            detail: Detail::Lead(lead),
        }
    }
}
