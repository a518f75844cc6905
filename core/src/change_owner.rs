//! Reassigning an existing lead to a named user
//! (docs/rules.md#changing-a-leads-owner).
//!
//! Every failed check is listed, in this order: `capability_required`
//! (the actor lacks `assign`), `not_in_lead_org`, `not_lead_owner` (the
//! actor neither owns the lead nor holds `manage_org_leads`),
//! `assignee_outside_org` (the new owner is in another org than the lead),
//! `assignee_not_licensed` (its role lacks `receive_leads`), `same_owner`
//! (it owns the lead already; only when the lead has an owner),
//! `locked_after_handover` (a lead handed over to sales, and the actor
//! lacks `manage_org_leads`). Effects: `set_owner`, `notify` the new
//! owner, then `notify` the previous owner if there was one.

use crate::decision::Decision;
use crate::edit::EditedLead;
use crate::effect::{Channel, Effect};
use crate::model::Actor;
use crate::policy::Policy;
use crate::reason::{DenialCode, Reason, Reasons};
use crate::roles::Capability;

impl Policy {
    /// May `actor` make `to` the owner of `lead`?
    pub(crate) fn change_owner<'a>(
        &self,
        actor: &Actor<'_>,
        lead: &EditedLead<'a>,
        to: &Actor<'a>,
    ) -> Decision<'a> {
        let capabilities = self.capabilities(actor.role);
        let manages = capabilities.has(Capability::ManageOrgLeads);
        let mut reasons = Reasons::new();
        if !capabilities.has(Capability::Assign) {
            reasons.push(Reason::missing(Capability::Assign));
        }
        if actor.org != lead.org {
            reasons.push(Reason::about_org(DenialCode::NotInLeadOrg, lead.org));
        }
        if lead.owner != Some(actor.id) && !manages {
            reasons.push(Reason::about_lead(DenialCode::NotLeadOwner, lead.id));
        }
        if to.org != lead.org {
            reasons.push(Reason::about_field(DenialCode::AssigneeOutsideOrg, "to"));
        }
        if !self.capabilities(to.role).has(Capability::ReceiveLeads) {
            reasons.push(Reason::about_field(DenialCode::AssigneeNotLicensed, "to"));
        }
        if lead.owner == Some(to.id) {
            reasons.push(Reason::about_lead(DenialCode::SameOwner, lead.id));
        }
        if lead.handed_over_to_sales && !manages {
            reasons.push(Reason::about_lead(DenialCode::LockedAfterHandover, lead.id));
        }
        Decision::from_checks(reasons, || {
            let mut effects = vec![
                Effect::SetOwner {
                    lead: Some(lead.id),
                    owner: Some(to.id),
                },
                Effect::NotifyUser {
                    channel: Channel::SalesApp,
                    user: to.id,
                    lead: lead.id,
                },
            ];
            if let Some(previous) = lead.owner {
                effects.push(Effect::NotifyUser {
                    channel: Channel::SalesApp,
                    user: previous,
                    lead: lead.id,
                });
            }
            effects
        })
    }
}
