//! The engine's assignment questions (docs/rules.md#assignment): routing
//! one lead or many through the policy's rules (`assignment/`), and
//! changing a lead's owner (`change_owner.rs`). A facade beside
//! `engine.rs`: it hands each rule area the parts of the policy it reads.

use crate::assignment::route::Router;
use crate::assignment::strategy::Alone;
use crate::assignment::{check_batch_size, check_pools, AssignLead, Assignment, Assignments, Pool};
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
    /// `off_shift` while it is closed). Errors, for the first member in
    /// order with a problem: `invalid_request` for a member whose id an
    /// earlier member of its pool has (at `pools.<name>.members[i].id`),
    /// `unknown_calendar` for a member naming a calendar the policy lacks
    /// (at `pools.<name>.members[i].calendar`); then `invalid_request` at
    /// `now` when a member names a calendar and `now` is absent.
    pub fn assign<'a>(
        &'a self,
        lead: &AssignLead<'a>,
        pools: &[Pool<'a>],
        now: Option<Timestamp>,
    ) -> Result<Assignment<'a>, Error> {
        let starts = check_pools(&self.policy.calendars, pools, now)?;
        Ok(self.router().route(lead, pools, now, &Alone(&starts)))
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
        let starts = check_pools(&self.policy.calendars, pools, now)?;
        Ok(self.router().route_batch(leads, pools, &starts, now))
    }

    /// May `actor` make `to` the owner of `lead`?
    pub fn change_owner<'a>(&self, actor: &Actor<'_>, lead: &EditedLead<'a>, to: &Actor<'a>) -> Decision<'a> {
        self.policy.change_owner(actor, lead, to)
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use crate::assignment::{AssignLead, LeadFields, Member, Pool};
    use crate::engine::Engine;
    use crate::error::ErrorCode;

    /// A typed pool naming a member twice is refused as the JSON entry
    /// refuses it: the same code, path and message, alone and in a batch.
    #[test]
    fn a_member_twice_in_a_pool_is_refused_as_in_json() -> Result<(), Box<dyn std::error::Error>> {
        let config = json!({"orgs": [{"id": "north"}], "policy": {"assignment": {"rules": [
            {"id": "all", "pools": ["inside"], "strategy": "round_robin"}]}}});
        let engine = Engine::from_value(&config)?;
        let north = engine.org("north").ok_or("org")?;
        let rep = engine.role("professional").ok_or("role")?;
        let ids = ["u1", "u2", "u3", "u2"];
        let members: Vec<Member<'_>> = ids.iter().map(|id| Member::new(id, "north", rep)).collect();
        let pools = [
            Pool {
                name: "spare",
                cursor: None,
                members: vec![Member::new("u1", "north", rep)],
            },
            Pool {
                name: "inside",
                cursor: None,
                members,
            },
        ];
        let lead = AssignLead {
            id: "L1",
            org: north,
            fields: LeadFields::None,
        };
        let typed = engine.assign(&lead, &pools, None).err().ok_or("accepted")?;
        let batch = engine
            .assign_many(&[lead], &pools, None)
            .err()
            .ok_or("accepted")?;
        let members: Vec<_> = ids
            .iter()
            .map(|id| json!({"id": id, "org": "north", "role": "professional"}))
            .collect();
        let request = json!({"kind": "assign", "lead": {"id": "L1", "org": "north"}, "pools": {
            "spare": {"cursor": null, "members": [{"id": "u1", "org": "north", "role": "professional"}]},
            "inside": {"cursor": null, "members": members}}});
        let read = engine.decide(&request).err().ok_or("accepted")?;
        for error in [&typed, &batch] {
            assert_eq!(error.code, ErrorCode::InvalidRequest);
            assert_eq!(error.path, "pools.inside.members[3].id");
            assert_eq!((&error.path, &error.message), (&read.path, &read.message));
        }
        Ok(())
    }
}
