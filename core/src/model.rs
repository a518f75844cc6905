//! The facts a host passes in: who acts, and on which lead. Borrowed from
//! the host's own records; the engine keeps nothing.

use crate::orgs::OrgId;
use crate::roles::RoleId;

/// The user asking: their id, org and role, resolved against an engine.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Actor<'a> {
    /// The user's id (compared with lead owners).
    pub id: &'a str,
    /// The org the user belongs to.
    pub org: OrgId,
    /// The user's role.
    pub role: RoleId,
}

/// A lead as an org holds it: the facts handover and cross silo look at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HeldLead<'a> {
    /// The lead's id.
    pub id: &'a str,
    /// The org that holds the lead.
    pub org: OrgId,
    /// The owning user, or `None` while the lead is unowned.
    pub owner: Option<&'a str>,
}
