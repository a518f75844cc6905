//! The facts of an assignment request: the lead to route and the pools
//! with their members' live facts (availability, load, capacity). A host
//! fills these from its own rows; the protocol reader fills them from JSON.

use crate::assignment::condition::{Condition, LeadFields};
use crate::orgs::OrgId;
use crate::roles::RoleId;

/// A lead to assign.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AssignLead<'a> {
    /// The lead's id (named by the `set_owner` and `notify` effects).
    pub id: &'a str,
    /// The org that holds the lead: rules scoped to an org apply to its
    /// leads and those of the orgs below it.
    pub org: OrgId,
    /// The fields rule and member conditions test.
    pub fields: LeadFields<'a>,
}

/// A pool of users a rule may pick from, with its rotation cursor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pool<'a> {
    /// The pool's name, as rules name it.
    pub name: &'a str,
    /// The member the last pick went to (round robin starts after it);
    /// `None`, or an id that is no member's, starts at the first member.
    pub cursor: Option<&'a str>,
    /// The members, in rotation order; ids are distinct.
    pub members: Vec<Member<'a>>,
}

/// One user of a pool and the facts eligibility looks at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Member<'a> {
    /// The user's id.
    pub id: &'a str,
    /// The user's org, compared as text with the lead's org.
    pub org: &'a str,
    /// The user's role (it must grant `receive_leads`).
    pub role: RoleId,
    /// `false` for a user who left or was disabled.
    pub active: bool,
    /// `true` while away (vacation, sick, manually paused).
    pub away: bool,
    /// The calendar of the member's working hours, if any.
    pub calendar: Option<&'a str>,
    /// How many open leads the user holds now.
    pub open_leads: u64,
    /// The most open leads the user takes; `None` for no limit.
    pub capacity: Option<u64>,
    /// The user's share of leads (`least_loaded` divides by it); 0 takes none.
    pub weight: u64,
    /// The member's own conditions on the lead (skills, languages, territory).
    pub accepts: Vec<Condition>,
}

impl<'a> Member<'a> {
    /// An active member, not away, with no open leads, no capacity limit,
    /// weight 1 and no conditions of its own.
    pub fn new(id: &'a str, org: &'a str, role: RoleId) -> Self {
        Member {
            id,
            org,
            role,
            active: true,
            away: false,
            calendar: None,
            open_leads: 0,
            capacity: None,
            weight: 1,
            accepts: Vec::new(),
        }
    }
}
