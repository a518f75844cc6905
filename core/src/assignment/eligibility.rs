//! Whether a pool member may take a lead, and every reason it may not, in
//! this order: `inactive`, `away`, `off_shift`, `at_capacity` (open leads
//! ≥ capacity), `not_licensed` (its role lacks `receive_leads`),
//! `member_outside_org` (its org, as text, is not the lead's),
//! `zero_weight`, `not_accepted` (its own `accepts` fail for the lead).
//! The reasons are a bit set: judging a member allocates nothing.

use crate::assignment::condition::{all_hold, LeadFields};
use crate::assignment::pool::Member;
use crate::assignment::shift::off_shift;
use crate::hours::Calendars;
use crate::reason::DenialCode;
use crate::roles::{Capability, RoleTable};
use crate::time::Timestamp;

/// The checks, in their order.
const CHECKS: [DenialCode; 8] = [
    DenialCode::Inactive,
    DenialCode::Away,
    DenialCode::OffShift,
    DenialCode::AtCapacity,
    DenialCode::NotLicensed,
    DenialCode::MemberOutsideOrg,
    DenialCode::ZeroWeight,
    DenialCode::NotAccepted,
];

/// The checks a member failed; empty when it is eligible.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SkipReasons(u8);

impl SkipReasons {
    /// Whether every check passed.
    pub const fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// The failed checks' codes, in check order.
    pub fn iter(self) -> impl Iterator<Item = DenialCode> {
        CHECKS
            .into_iter()
            .enumerate()
            .filter(move |(i, _)| self.0 & (1 << i) != 0)
            .map(|(_, code)| code)
    }

    /// Whether `code` is among the failed checks.
    pub fn contains(self, code: DenialCode) -> bool {
        self.iter().any(|c| c == code)
    }

    fn with(self, check: usize, failed: bool) -> Self {
        SkipReasons(self.0 | (u8::from(failed) << check))
    }
}

/// What eligibility needs to know about the lead and the moment.
pub(crate) struct Judge<'j> {
    pub(crate) roles: &'j RoleTable,
    /// The lead's org, as text (members' orgs are compared as text).
    pub(crate) lead_org: &'j str,
    pub(crate) fields: &'j LeadFields<'j>,
    pub(crate) now: Option<Timestamp>,
    /// The policy's calendars (members' working hours).
    pub(crate) calendars: &'j Calendars,
}

impl Judge<'_> {
    /// Judges `member`, counting `added` leads it was given earlier in a batch.
    pub(crate) fn judge(&self, member: &Member<'_>, added: u64) -> SkipReasons {
        let open = member.open_leads.saturating_add(added);
        let licensed = self.roles.capabilities(member.role).has(Capability::ReceiveLeads);
        SkipReasons::default()
            .with(0, !member.active)
            .with(1, member.away)
            .with(2, off_shift(self.calendars, member.calendar, self.now))
            .with(3, member.capacity.is_some_and(|capacity| open >= capacity))
            .with(4, !licensed)
            .with(5, member.org != self.lead_org)
            .with(6, member.weight == 0)
            .with(7, !all_hold(&member.accepts, self.fields))
    }
}
