//! Denial reasons: the stable codes and their optional details.

use std::fmt;

use crate::orgs::OrgId;
use crate::roles::Capability;

/// Why a request was denied. The snake_case names are part of the API.
/// `docs/protocol.md` tables every code with its meaning and detail key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum DenialCode {
    /// The actor's role lacks the `handover` capability (a sales licence).
    SalesLicenceRequired,
    /// The actor does not belong to the org that holds the lead.
    NotInLeadOrg,
    /// The actor neither owns the lead nor may manage its org's leads.
    NotLeadOwner,
    /// The target org is the org that already holds the lead.
    SameOrg,
    /// The target org is in another community (another tree).
    OutsideCommunity,
    /// The pair is not a parent↔child edge: use cross silo instead.
    CrossSiloRequired,
    /// The pair is a parent↔child edge: use handover instead.
    HandoverRequired,
    /// The parent end of the edge has handover switched off.
    HandoverDisabled,
    /// The nearest common ancestor has cross silo switched off.
    CrossSiloDisabled,
    /// Without `manage_lifecycle`, or when handed over to sales, a new lead
    /// starts at the initial stage.
    StageNotPermitted,
    /// Without `manage_lifecycle`, or when handed over to sales, a new lead
    /// has no sub-stage.
    SubStageNotPermitted,
    /// The actor may not give the lead to another user (no `assign`, no
    /// `manage_lifecycle`, or the lead goes to sales unowned).
    AssignNotPermitted,
    /// The assignee belongs to another org than the actor.
    AssigneeOutsideOrg,
    /// The lead's creator handed it over to sales and may no longer edit it.
    LockedAfterHandover,
    /// The actor's role lacks a capability the request needs.
    CapabilityRequired,
    /// Only `link_leads` holders or the project's assignment owner may link.
    LinkNotPermitted,
    /// A lead cannot be linked to itself.
    SameLead,
    /// The two leads belong to different projects.
    DifferentProject,
    /// The primary lead is not in a work-in-progress status.
    PrimaryNotWip,
    /// The secondary lead is not in a work-in-progress status.
    SecondaryNotWip,
    /// The chosen owner is neither lead's sales manager.
    OwnerNotParty,
    /// The lead's current stage does not offer this action.
    IllegalTransition,
    /// A form field the action needs is absent, null, empty or blank.
    MissingField,
    /// A form field has a value the action cannot use.
    InvalidField,
    /// Only users of the lead's partner company may take this action.
    NotPartnerUser,
    /// The company that sourced the lead may not act on it as a partner.
    SourcingCompanyCannotAct,
    /// Only users of the company that sourced the lead may take this action.
    NotSourcingUser,
    /// Only the system actor takes this action (automatic transitions).
    SystemOnly,
    /// The action waits for the lead's deadline, which has not come.
    NotYetDue,
    /// The lead's deadline has passed: the action is no longer possible.
    LeadExpired,
}

impl DenialCode {
    /// Every code, in documentation order.
    pub const ALL: [DenialCode; 30] = [
        DenialCode::SalesLicenceRequired,
        DenialCode::NotInLeadOrg,
        DenialCode::NotLeadOwner,
        DenialCode::SameOrg,
        DenialCode::OutsideCommunity,
        DenialCode::CrossSiloRequired,
        DenialCode::HandoverRequired,
        DenialCode::HandoverDisabled,
        DenialCode::CrossSiloDisabled,
        DenialCode::StageNotPermitted,
        DenialCode::SubStageNotPermitted,
        DenialCode::AssignNotPermitted,
        DenialCode::AssigneeOutsideOrg,
        DenialCode::LockedAfterHandover,
        DenialCode::CapabilityRequired,
        DenialCode::LinkNotPermitted,
        DenialCode::SameLead,
        DenialCode::DifferentProject,
        DenialCode::PrimaryNotWip,
        DenialCode::SecondaryNotWip,
        DenialCode::OwnerNotParty,
        DenialCode::IllegalTransition,
        DenialCode::MissingField,
        DenialCode::InvalidField,
        DenialCode::NotPartnerUser,
        DenialCode::SourcingCompanyCannotAct,
        DenialCode::NotSourcingUser,
        DenialCode::SystemOnly,
        DenialCode::NotYetDue,
        DenialCode::LeadExpired,
    ];

    /// The stable snake_case name.
    pub const fn as_str(self) -> &'static str {
        match self {
            DenialCode::SalesLicenceRequired => "sales_licence_required",
            DenialCode::NotInLeadOrg => "not_in_lead_org",
            DenialCode::NotLeadOwner => "not_lead_owner",
            DenialCode::SameOrg => "same_org",
            DenialCode::OutsideCommunity => "outside_community",
            DenialCode::CrossSiloRequired => "cross_silo_required",
            DenialCode::HandoverRequired => "handover_required",
            DenialCode::HandoverDisabled => "handover_disabled",
            DenialCode::CrossSiloDisabled => "cross_silo_disabled",
            DenialCode::StageNotPermitted => "stage_not_permitted",
            DenialCode::SubStageNotPermitted => "sub_stage_not_permitted",
            DenialCode::AssignNotPermitted => "assign_not_permitted",
            DenialCode::AssigneeOutsideOrg => "assignee_outside_org",
            DenialCode::LockedAfterHandover => "locked_after_handover",
            DenialCode::CapabilityRequired => "capability_required",
            DenialCode::LinkNotPermitted => "link_not_permitted",
            DenialCode::SameLead => "same_lead",
            DenialCode::DifferentProject => "different_project",
            DenialCode::PrimaryNotWip => "primary_not_wip",
            DenialCode::SecondaryNotWip => "secondary_not_wip",
            DenialCode::OwnerNotParty => "owner_not_party",
            DenialCode::IllegalTransition => "illegal_transition",
            DenialCode::MissingField => "missing_field",
            DenialCode::InvalidField => "invalid_field",
            DenialCode::NotPartnerUser => "not_partner_user",
            DenialCode::SourcingCompanyCannotAct => "sourcing_company_cannot_act",
            DenialCode::NotSourcingUser => "not_sourcing_user",
            DenialCode::SystemOnly => "system_only",
            DenialCode::NotYetDue => "not_yet_due",
            DenialCode::LeadExpired => "lead_expired",
        }
    }

    /// A sentence for humans; details are rendered beside it, not inside.
    pub const fn message(self) -> &'static str {
        match self {
            DenialCode::SalesLicenceRequired => {
                "handover and cross silo need a sales licence (a role with the handover capability)"
            }
            DenialCode::NotInLeadOrg => "the actor does not belong to the org that holds the lead",
            DenialCode::NotLeadOwner => "the actor does not own the lead and may not manage the org's leads",
            DenialCode::SameOrg => "the lead is already held by the target org",
            DenialCode::OutsideCommunity => "the target org is in another community",
            DenialCode::CrossSiloRequired => {
                "the orgs are not parent and child: use cross silo instead of handover"
            }
            DenialCode::HandoverRequired => {
                "the orgs are parent and child: use handover instead of cross silo"
            }
            DenialCode::HandoverDisabled => "handover is switched off on the parent org of this edge",
            DenialCode::CrossSiloDisabled => {
                "cross silo is switched off on the nearest common ancestor of the two orgs"
            }
            DenialCode::StageNotPermitted => {
                "a new lead starts at the initial stage without manage_lifecycle or when handed over to sales"
            }
            DenialCode::SubStageNotPermitted => {
                "a new lead has no sub-stage without manage_lifecycle or when handed over to sales"
            }
            DenialCode::AssignNotPermitted => "the actor may not assign the lead to another user",
            DenialCode::AssigneeOutsideOrg => "a lead can only be assigned to a user of the actor's own org",
            DenialCode::LockedAfterHandover => {
                "the creator handed the lead over to sales and may no longer edit it"
            }
            DenialCode::CapabilityRequired => "the actor's role lacks a capability this request needs",
            DenialCode::LinkNotPermitted => {
                "only a user with the link_leads capability or the owner of the project's assignment may link leads"
            }
            DenialCode::SameLead => "a lead cannot be linked to itself",
            DenialCode::DifferentProject => "only leads of the same project can be linked",
            DenialCode::PrimaryNotWip => "the primary lead is not in a work-in-progress status",
            DenialCode::SecondaryNotWip => "the secondary lead is not in a work-in-progress status",
            DenialCode::OwnerNotParty => "the chosen owner must be the sales manager of one of the two leads",
            DenialCode::IllegalTransition => "the lead's current stage does not offer this action",
            DenialCode::MissingField => "a field this action needs is missing",
            DenialCode::InvalidField => "a field has a value this action cannot use",
            DenialCode::NotPartnerUser => "only users of the lead's partner company may take this action",
            DenialCode::SourcingCompanyCannotAct => {
                "the company that sourced the lead cannot take the partner's actions"
            }
            DenialCode::NotSourcingUser => {
                "only users of the company that sourced the lead may take this action"
            }
            DenialCode::SystemOnly => "only the system actor takes this action",
            DenialCode::NotYetDue => "the lead's deadline has not come yet",
            DenialCode::LeadExpired => "the lead's deadline has passed",
        }
    }

    /// Looks a code up by its stable name.
    pub fn from_name(name: &str) -> Option<DenialCode> {
        DenialCode::ALL.into_iter().find(|c| c.as_str() == name)
    }
}

impl fmt::Display for DenialCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

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
