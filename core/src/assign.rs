//! The engine's assignment questions (docs/rules.md#assignment): routing
//! one lead or many through the policy's rules (`assignment/`), and
//! changing a lead's owner (`change_owner.rs`). A facade beside
//! `engine.rs`: it hands each rule area the parts of the policy it reads.

use crate::assignment::route::Router;
use crate::assignment::strategy::Alone;
use crate::assignment::{check_batch_size, check_calendars, AssignLead, Assignment, Assignments, Pool};
use crate::decision::Decision;
use crate::edit::EditedLead;
use crate::engine::Engine;
use crate::error::Error;
use crate::model::Actor;
use crate::time::Timestamp;

impl Engine {
    fn router(&self) -> Router<'_> {
        Router {
            rules: &self.policy.assignment,
            orgs: &self.policy.orgs,
            roles: &self.policy.roles,
            calendars: &self.policy.calendars,
        }
    }

    /// Who gets `lead` among `pools` (looked up by the names the rules
    /// give; a pool the rules name that is not here counts as empty).
    /// `now` matters only to members with a calendar (they are
    /// `off_shift` while it is closed). Errors: `unknown_calendar` for a
    /// member naming a calendar the policy lacks (at
    /// `pools.<name>.members[i].calendar`), then `invalid_request` at
    /// `now` when a member names one and `now` is absent.
    pub fn assign<'a>(
        &'a self,
        lead: &AssignLead<'a>,
        pools: &[Pool<'a>],
        now: Option<Timestamp>,
    ) -> Result<Assignment<'a>, Error> {
        check_calendars(&self.policy.calendars, pools, now)?;
        Ok(self.router().route(lead, pools, now, &Alone))
    }

    /// Assigns `leads` in order, each counted (open leads, cursors) before
    /// the next: the same answers as asking one by one and applying each.
    /// Errors as for [`Engine::assign`], and `invalid_request` at `leads`
    /// for more than [`MAX_BATCH_MEMBER_VISITS`](crate::assignment::MAX_BATCH_MEMBER_VISITS)
    /// leads × pool members.
    pub fn assign_many<'a>(
        &'a self,
        leads: &[AssignLead<'a>],
        pools: &[Pool<'a>],
        now: Option<Timestamp>,
    ) -> Result<Assignments<'a>, Error> {
        check_batch_size(leads.len(), pools)?;
        check_calendars(&self.policy.calendars, pools, now)?;
        Ok(self.router().route_batch(leads, pools, now))
    }

    /// May `actor` make `to` the owner of `lead`?
    pub fn change_owner<'a>(&self, actor: &Actor<'_>, lead: &EditedLead<'a>, to: &Actor<'a>) -> Decision<'a> {
        self.policy.change_owner(actor, lead, to)
    }
}
