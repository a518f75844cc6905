//! Edit rights (docs/rules.md#creating-and-editing-leads).
//!
//! `edit` answers `locked_after_handover` alone when the creator, whose
//! role lacks `manage_lifecycle` and who does not manage the lead's org,
//! edits a lead they handed over to sales; otherwise the owner may edit,
//! as may a `manage_org_leads` holder of the lead's org; else
//! `not_in_lead_org` and/or `not_lead_owner`.

use crate::decision::Decision;
use crate::model::Actor;
use crate::orgs::OrgId;
use crate::policy::Policy;
use crate::reason::{DenialCode, Reason, Reasons};
use crate::roles::Capability;

/// An existing lead, as edit rights see it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EditedLead<'a> {
    /// The lead's id.
    pub id: &'a str,
    /// The org that holds the lead.
    pub org: OrgId,
    /// The owning user, `None` while unowned.
    pub owner: Option<&'a str>,
    /// The user who created the lead, if known.
    pub creator: Option<&'a str>,
    /// Whether the creator handed the lead over to sales.
    pub handed_over_to_sales: bool,
}

impl Policy {
    /// May `actor` update `lead`?
    pub(crate) fn edit<'a>(&self, actor: &Actor<'_>, lead: &EditedLead<'a>) -> Decision<'a> {
        let capabilities = self.capabilities(actor.role);
        let manages_lead_org = capabilities.has(Capability::ManageOrgLeads) && actor.org == lead.org;
        // The lock keeps a basic creator out of what sales now handles; a
        // creator since promoted to a sales role (with `manage_lifecycle`)
        // is sales, and edits by the rules below.
        let locked = lead.handed_over_to_sales
            && lead.creator == Some(actor.id)
            && !capabilities.has(Capability::ManageLifecycle)
            && !manages_lead_org;
        if locked {
            return Decision::from_checks(
                Reasons::one(Reason::about_lead(DenialCode::LockedAfterHandover, lead.id)),
                Vec::new,
            );
        }
        if lead.owner == Some(actor.id) || manages_lead_org {
            return Decision::default();
        }
        let mut reasons = Reasons::new();
        if actor.org != lead.org {
            reasons.push(Reason::about_org(DenialCode::NotInLeadOrg, lead.org));
        }
        if !capabilities.has(Capability::ManageOrgLeads) {
            reasons.push(Reason::about_lead(DenialCode::NotLeadOwner, lead.id));
        }
        Decision::from_checks(reasons, Vec::new)
    }
}

#[cfg(test)]
mod tests {
    use crate::{Actor, DenialCode, EditedLead, Engine};

    /// The creator `b1` edits the lead it handed over to sales, in its own
    /// org, as `role` of a config where `basic` kept its capabilities and
    /// `sales` is the role a basic user is promoted to.
    fn edit_as(role: &str, owner: Option<&str>) -> Vec<DenialCode> {
        let config = r#"{"orgs": [{"id": "north"}],
            "policy": {"roles": {"sales": ["create_lead", "manage_lifecycle", "assign"]}}}"#;
        let Ok(engine) = Engine::from_json(config) else {
            return vec![DenialCode::SameLead];
        };
        let (Some(north), Some(role)) = (engine.org("north"), engine.role(role)) else {
            return vec![DenialCode::SameOrg];
        };
        let actor = Actor {
            id: "b1",
            org: north,
            role,
        };
        let lead = EditedLead {
            id: "L1",
            org: north,
            owner,
            creator: Some("b1"),
            handed_over_to_sales: true,
        };
        engine
            .edit(&actor, &lead)
            .reasons
            .iter()
            .map(|r| r.code)
            .collect()
    }

    #[test]
    fn the_lock_binds_the_creator_only_while_its_role_lacks_manage_lifecycle() {
        assert_eq!(edit_as("basic", Some("b1")), [DenialCode::LockedAfterHandover]);
        assert_eq!(edit_as("basic", None), [DenialCode::LockedAfterHandover]);
        // Promoted to a sales role: the ordinary rules, owner or not.
        assert_eq!(edit_as("sales", Some("b1")), []);
        assert_eq!(edit_as("sales", None), [DenialCode::NotLeadOwner]);
        assert_eq!(edit_as("professional", Some("b1")), []);
    }
}
