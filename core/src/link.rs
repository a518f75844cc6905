//! Linking two leads of one customer (docs/rules.md#linking-two-leads).
//!
//! Checks, every failed one listed in this order: `link_not_permitted`;
//! `same_lead` (which makes the checks on the pair moot); then
//! `different_project`, `primary_not_wip`, `secondary_not_wip`,
//! `owner_not_party`.
//!
//! The plan, in the order the host applies it: `set_owner` of the primary;
//! `add_viewer` for the other manager (none when both leads have one
//! manager); `add_alternate_contact` with the secondary's mobile (only if
//! the primary does not have it yet); `cancel_event` for each event of the
//! secondary strictly after `now`, in input order; `set_status` `linked` on
//! the secondary pointing at the primary; `set_visibility` of the secondary
//! (only under ALL, tagged linked); `notify` the chosen owner, then the
//! other manager.

use crate::decision::Decision;
use crate::effect::{Channel, Effect};
use crate::policy::{Policy, LINKED_STATUS};
use crate::reason::{DenialCode, Reason, Reasons};
use crate::roles::{Capability, RoleId};
use crate::time::Timestamp;

/// The user asking to link, as linking sees them (orgs play no part).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkActor<'a> {
    /// The user's id.
    pub id: &'a str,
    /// The user's role.
    pub role: RoleId,
    /// The projects whose assignment this user owns.
    pub assignment_owner_of: Vec<&'a str>,
}

/// A scheduled event of a lead (a call, a site visit).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LeadEvent<'a> {
    /// The event's id.
    pub id: &'a str,
    /// When it is scheduled.
    pub at: Timestamp,
}

/// One side of a link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkedLead<'a> {
    /// The lead's id.
    pub id: &'a str,
    /// The project (mandate) the lead belongs to.
    pub project: &'a str,
    /// The lead's status.
    pub status: &'a str,
    /// Its sales manager, if any.
    pub owner: Option<&'a str>,
    /// Its mobile number, if any.
    pub mobile: Option<&'a str>,
    /// Its alternate contact numbers.
    pub alternates: Vec<&'a str>,
    /// Its scheduled events.
    pub events: Vec<LeadEvent<'a>>,
}

/// A link request: who, when, which owner, which two leads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkRequest<'a> {
    /// Who links.
    pub actor: LinkActor<'a>,
    /// The current time: events after it are cancelled.
    pub now: Timestamp,
    /// The sales manager chosen to own the primary.
    pub owner: &'a str,
    /// The lead that stays.
    pub primary: LinkedLead<'a>,
    /// The lead that becomes part of the primary.
    pub secondary: LinkedLead<'a>,
}

impl Policy {
    /// May these two leads be linked, and what must the host then do?
    pub(crate) fn link<'a>(&self, request: &LinkRequest<'a>) -> Decision<'a> {
        let LinkRequest {
            actor,
            now,
            owner,
            primary,
            secondary,
        } = request;
        let mut reasons = Reasons::new();
        let owns_assignment = [primary.project, secondary.project]
            .iter()
            .all(|project| actor.assignment_owner_of.contains(project));
        if !self.capabilities(actor.role).has(Capability::LinkLeads) && !owns_assignment {
            reasons.push(Reason::new(DenialCode::LinkNotPermitted));
        }
        if primary.id == secondary.id {
            reasons.push(Reason::about_lead(DenialCode::SameLead, primary.id));
        } else {
            if primary.project != secondary.project {
                reasons.push(Reason::new(DenialCode::DifferentProject));
            }
            if !self.is_wip(primary.status) {
                reasons.push(Reason::about_lead(DenialCode::PrimaryNotWip, primary.id));
            }
            if !self.is_wip(secondary.status) {
                reasons.push(Reason::about_lead(DenialCode::SecondaryNotWip, secondary.id));
            }
            if primary.owner != Some(*owner) && secondary.owner != Some(*owner) {
                reasons.push(Reason::about_field(DenialCode::OwnerNotParty, "owner"));
            }
        }
        Decision::from_checks(reasons, || link_plan(now, owner, primary, secondary))
    }
}

fn link_plan<'a>(
    now: &Timestamp,
    owner: &'a str,
    primary: &LinkedLead<'a>,
    secondary: &LinkedLead<'a>,
) -> Vec<Effect<'a>> {
    let other_manager = [primary.owner, secondary.owner]
        .into_iter()
        .flatten()
        .find(|manager| *manager != owner);
    let mut plan = vec![Effect::SetOwner {
        lead: Some(primary.id),
        owner: Some(owner),
    }];
    if let Some(viewer) = other_manager {
        plan.push(Effect::AddViewer {
            lead: primary.id,
            user: viewer,
        });
    }
    if let Some(mobile) = secondary.mobile {
        let known = primary.mobile == Some(mobile) || primary.alternates.contains(&mobile);
        if !known {
            plan.push(Effect::AddAlternateContact {
                lead: primary.id,
                mobile,
            });
        }
    }
    plan.extend(
        secondary
            .events
            .iter()
            .filter(|event| event.at > *now)
            .map(|event| Effect::CancelEvent {
                lead: secondary.id,
                event: event.id,
            }),
    );
    plan.push(Effect::SetStatus {
        lead: secondary.id,
        status: LINKED_STATUS,
        linked_to: Some(primary.id),
    });
    plan.push(Effect::SetVisibility {
        lead: secondary.id,
        list: "all",
        tag: LINKED_STATUS,
    });
    for manager in std::iter::once(owner).chain(other_manager) {
        plan.push(Effect::NotifyUser {
            channel: Channel::SalesApp,
            user: manager,
            lead: primary.id,
        });
    }
    plan
}
