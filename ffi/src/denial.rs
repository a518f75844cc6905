//! Denial codes as numbers for C: stable, grouped by rule area, never reused.

use std::ffi::c_char;

use leadrules::DenialCode;

use crate::guard;

/// Denial: the actor's role lacks the `handover` capability (a sales licence).
pub const LEADRULES_DENIAL_SALES_LICENCE_REQUIRED: u32 = 1;
/// Denial: the actor does not belong to the org that holds the lead.
pub const LEADRULES_DENIAL_NOT_IN_LEAD_ORG: u32 = 2;
/// Denial: the actor neither owns the lead nor may manage its org's leads.
pub const LEADRULES_DENIAL_NOT_LEAD_OWNER: u32 = 3;
/// Denial: the target org already holds the lead.
pub const LEADRULES_DENIAL_SAME_ORG: u32 = 4;
/// Denial: the target org is in another community.
pub const LEADRULES_DENIAL_OUTSIDE_COMMUNITY: u32 = 5;
/// Denial: the orgs are not parent and child: use cross silo.
pub const LEADRULES_DENIAL_CROSS_SILO_REQUIRED: u32 = 6;
/// Denial: the orgs are parent and child: use handover.
pub const LEADRULES_DENIAL_HANDOVER_REQUIRED: u32 = 7;
/// Denial: the parent end of the edge has handover switched off.
pub const LEADRULES_DENIAL_HANDOVER_DISABLED: u32 = 8;
/// Denial: the nearest common ancestor has cross silo switched off.
pub const LEADRULES_DENIAL_CROSS_SILO_DISABLED: u32 = 9;
/// Denial: without manage_lifecycle a new lead starts at the initial stage.
pub const LEADRULES_DENIAL_STAGE_NOT_PERMITTED: u32 = 10;
/// Denial: without manage_lifecycle a new lead has no sub-stage.
pub const LEADRULES_DENIAL_SUB_STAGE_NOT_PERMITTED: u32 = 11;
/// Denial: the actor may not assign the lead to another user.
pub const LEADRULES_DENIAL_ASSIGN_NOT_PERMITTED: u32 = 12;
/// Denial: the assignee belongs to another org than the actor.
pub const LEADRULES_DENIAL_ASSIGNEE_OUTSIDE_ORG: u32 = 13;
/// Denial: the creator handed the lead over to sales and may not edit it.
pub const LEADRULES_DENIAL_LOCKED_AFTER_HANDOVER: u32 = 14;
/// Denial: the actor's role lacks a capability the request needs.
pub const LEADRULES_DENIAL_CAPABILITY_REQUIRED: u32 = 15;
/// Denial: only link_leads holders or the project's assignment owner may link.
pub const LEADRULES_DENIAL_LINK_NOT_PERMITTED: u32 = 16;
/// Denial: a lead cannot be linked to itself.
pub const LEADRULES_DENIAL_SAME_LEAD: u32 = 17;
/// Denial: the two leads belong to different projects.
pub const LEADRULES_DENIAL_DIFFERENT_PROJECT: u32 = 18;
/// Denial: the primary lead is not in a work-in-progress status.
pub const LEADRULES_DENIAL_PRIMARY_NOT_WIP: u32 = 19;
/// Denial: the secondary lead is not in a work-in-progress status.
pub const LEADRULES_DENIAL_SECONDARY_NOT_WIP: u32 = 20;
/// Denial: the chosen owner is neither lead's sales manager.
pub const LEADRULES_DENIAL_OWNER_NOT_PARTY: u32 = 21;
/// Denial: the lead's current stage does not offer this action.
pub const LEADRULES_DENIAL_ILLEGAL_TRANSITION: u32 = 22;
/// Denial: a form field the action needs is missing.
pub const LEADRULES_DENIAL_MISSING_FIELD: u32 = 23;
/// Denial: a form field has a value the action cannot use.
pub const LEADRULES_DENIAL_INVALID_FIELD: u32 = 24;
/// Denial: only users of the lead's partner company may take this action.
pub const LEADRULES_DENIAL_NOT_PARTNER_USER: u32 = 25;
/// Denial: the company that sourced the lead may not take the partner's actions.
pub const LEADRULES_DENIAL_SOURCING_COMPANY_CANNOT_ACT: u32 = 26;
/// Denial: only users of the company that sourced the lead may take this action.
pub const LEADRULES_DENIAL_NOT_SOURCING_USER: u32 = 27;
/// Denial: only the system actor takes this action (automatic transitions).
pub const LEADRULES_DENIAL_SYSTEM_ONLY: u32 = 28;
/// Denial: the action waits for the lead's deadline, which has not come.
pub const LEADRULES_DENIAL_NOT_YET_DUE: u32 = 29;
/// Denial: the lead's deadline has passed: the action is no longer possible.
pub const LEADRULES_DENIAL_LEAD_EXPIRED: u32 = 30;

/// The number of a denial code; 0 for a code this build does not know.
pub(crate) fn denial_number(code: DenialCode) -> u32 {
    match code {
        DenialCode::SalesLicenceRequired => LEADRULES_DENIAL_SALES_LICENCE_REQUIRED,
        DenialCode::NotInLeadOrg => LEADRULES_DENIAL_NOT_IN_LEAD_ORG,
        DenialCode::NotLeadOwner => LEADRULES_DENIAL_NOT_LEAD_OWNER,
        DenialCode::SameOrg => LEADRULES_DENIAL_SAME_ORG,
        DenialCode::OutsideCommunity => LEADRULES_DENIAL_OUTSIDE_COMMUNITY,
        DenialCode::CrossSiloRequired => LEADRULES_DENIAL_CROSS_SILO_REQUIRED,
        DenialCode::HandoverRequired => LEADRULES_DENIAL_HANDOVER_REQUIRED,
        DenialCode::HandoverDisabled => LEADRULES_DENIAL_HANDOVER_DISABLED,
        DenialCode::CrossSiloDisabled => LEADRULES_DENIAL_CROSS_SILO_DISABLED,
        DenialCode::StageNotPermitted => LEADRULES_DENIAL_STAGE_NOT_PERMITTED,
        DenialCode::SubStageNotPermitted => LEADRULES_DENIAL_SUB_STAGE_NOT_PERMITTED,
        DenialCode::AssignNotPermitted => LEADRULES_DENIAL_ASSIGN_NOT_PERMITTED,
        DenialCode::AssigneeOutsideOrg => LEADRULES_DENIAL_ASSIGNEE_OUTSIDE_ORG,
        DenialCode::LockedAfterHandover => LEADRULES_DENIAL_LOCKED_AFTER_HANDOVER,
        DenialCode::CapabilityRequired => LEADRULES_DENIAL_CAPABILITY_REQUIRED,
        DenialCode::LinkNotPermitted => LEADRULES_DENIAL_LINK_NOT_PERMITTED,
        DenialCode::SameLead => LEADRULES_DENIAL_SAME_LEAD,
        DenialCode::DifferentProject => LEADRULES_DENIAL_DIFFERENT_PROJECT,
        DenialCode::PrimaryNotWip => LEADRULES_DENIAL_PRIMARY_NOT_WIP,
        DenialCode::SecondaryNotWip => LEADRULES_DENIAL_SECONDARY_NOT_WIP,
        DenialCode::OwnerNotParty => LEADRULES_DENIAL_OWNER_NOT_PARTY,
        DenialCode::IllegalTransition => LEADRULES_DENIAL_ILLEGAL_TRANSITION,
        DenialCode::MissingField => LEADRULES_DENIAL_MISSING_FIELD,
        DenialCode::InvalidField => LEADRULES_DENIAL_INVALID_FIELD,
        DenialCode::NotPartnerUser => LEADRULES_DENIAL_NOT_PARTNER_USER,
        DenialCode::SourcingCompanyCannotAct => LEADRULES_DENIAL_SOURCING_COMPANY_CANNOT_ACT,
        DenialCode::NotSourcingUser => LEADRULES_DENIAL_NOT_SOURCING_USER,
        DenialCode::SystemOnly => LEADRULES_DENIAL_SYSTEM_ONLY,
        DenialCode::NotYetDue => LEADRULES_DENIAL_NOT_YET_DUE,
        DenialCode::LeadExpired => LEADRULES_DENIAL_LEAD_EXPIRED,
        _ => 0,
    }
}

/// The stable snake_case name of a `LEADRULES_DENIAL_*` code (the `"code"`
/// of the JSON reason, e.g. `"handover_disabled"`).
///
/// Ownership: the string is static, owned by the library and valid for as
/// long as the library is loaded; never free it. NULL: returned for a
/// number this build does not know (0, or a code from a newer library).
/// Threads: callable from any thread at any time.
#[no_mangle]
pub extern "C" fn leadrules_denial_code_name(code: u32) -> *const c_char {
    guard::value(|| {
        let name = match code {
            LEADRULES_DENIAL_SALES_LICENCE_REQUIRED => c"sales_licence_required",
            LEADRULES_DENIAL_NOT_IN_LEAD_ORG => c"not_in_lead_org",
            LEADRULES_DENIAL_NOT_LEAD_OWNER => c"not_lead_owner",
            LEADRULES_DENIAL_SAME_ORG => c"same_org",
            LEADRULES_DENIAL_OUTSIDE_COMMUNITY => c"outside_community",
            LEADRULES_DENIAL_CROSS_SILO_REQUIRED => c"cross_silo_required",
            LEADRULES_DENIAL_HANDOVER_REQUIRED => c"handover_required",
            LEADRULES_DENIAL_HANDOVER_DISABLED => c"handover_disabled",
            LEADRULES_DENIAL_CROSS_SILO_DISABLED => c"cross_silo_disabled",
            LEADRULES_DENIAL_STAGE_NOT_PERMITTED => c"stage_not_permitted",
            LEADRULES_DENIAL_SUB_STAGE_NOT_PERMITTED => c"sub_stage_not_permitted",
            LEADRULES_DENIAL_ASSIGN_NOT_PERMITTED => c"assign_not_permitted",
            LEADRULES_DENIAL_ASSIGNEE_OUTSIDE_ORG => c"assignee_outside_org",
            LEADRULES_DENIAL_LOCKED_AFTER_HANDOVER => c"locked_after_handover",
            LEADRULES_DENIAL_CAPABILITY_REQUIRED => c"capability_required",
            LEADRULES_DENIAL_LINK_NOT_PERMITTED => c"link_not_permitted",
            LEADRULES_DENIAL_SAME_LEAD => c"same_lead",
            LEADRULES_DENIAL_DIFFERENT_PROJECT => c"different_project",
            LEADRULES_DENIAL_PRIMARY_NOT_WIP => c"primary_not_wip",
            LEADRULES_DENIAL_SECONDARY_NOT_WIP => c"secondary_not_wip",
            LEADRULES_DENIAL_OWNER_NOT_PARTY => c"owner_not_party",
            LEADRULES_DENIAL_ILLEGAL_TRANSITION => c"illegal_transition",
            LEADRULES_DENIAL_MISSING_FIELD => c"missing_field",
            LEADRULES_DENIAL_INVALID_FIELD => c"invalid_field",
            LEADRULES_DENIAL_NOT_PARTNER_USER => c"not_partner_user",
            LEADRULES_DENIAL_SOURCING_COMPANY_CANNOT_ACT => c"sourcing_company_cannot_act",
            LEADRULES_DENIAL_NOT_SOURCING_USER => c"not_sourcing_user",
            LEADRULES_DENIAL_SYSTEM_ONLY => c"system_only",
            LEADRULES_DENIAL_NOT_YET_DUE => c"not_yet_due",
            LEADRULES_DENIAL_LEAD_EXPIRED => c"lead_expired",
            _ => return std::ptr::null(),
        };
        name.as_ptr()
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::ffi::CStr;

    #[test]
    fn every_denial_code_has_a_number_named_like_it() {
        for code in DenialCode::ALL {
            let number = denial_number(code);
            assert_ne!(number, 0, "{code} has no number");
            let name = leadrules_denial_code_name(number);
            assert!(!name.is_null());
            // SAFETY: a non-NULL answer is a static NUL-terminated string.
            let name = unsafe { CStr::from_ptr(name) };
            assert_eq!(name.to_str().ok(), Some(code.as_str()));
        }
        assert!(leadrules_denial_code_name(0).is_null());
        assert!(leadrules_denial_code_name(31).is_null());
    }

    #[test]
    fn numbers_are_pinned() {
        // Published numbers never change; new codes take the next ones.
        let pinned = [
            (DenialCode::SalesLicenceRequired, 1),
            (DenialCode::CapabilityRequired, 15),
            (DenialCode::InvalidField, 24),
            (DenialCode::NotPartnerUser, 25),
            (DenialCode::SourcingCompanyCannotAct, 26),
            (DenialCode::NotSourcingUser, 27),
            (DenialCode::SystemOnly, 28),
            (DenialCode::NotYetDue, 29),
            (DenialCode::LeadExpired, 30),
        ];
        for (code, number) in pinned {
            assert_eq!(denial_number(code), number, "{code}");
        }
        let mut numbers: Vec<u32> = DenialCode::ALL.into_iter().map(denial_number).collect();
        numbers.sort_unstable();
        numbers.dedup();
        assert_eq!(numbers.len(), DenialCode::ALL.len(), "two codes share a number");
    }
}
