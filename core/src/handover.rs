//! Org-to-org handover and cross silo, and the targets list
//! (docs/rules.md#orgs-handover-and-cross-silo).
//!
//! Checks run in this fixed order and every failed one is listed:
//! 1. `sales_licence_required` 2. `not_in_lead_org` 3. `not_lead_owner`
//! 4. exactly one route check: `same_org`, `outside_community`,
//!    `cross_silo_required` / `handover_required` (wrong mechanism for the
//!    pair), `handover_disabled` / `cross_silo_disabled` (setting off).
//!
//! The route checks are independent of the actor checks; within them the
//! first that fails makes the later ones moot.
//!
//! A denial whose `route` names the other mechanism (a handover between
//! orgs that are not parent and child, a cross silo along an edge) also
//! answers that mechanism for the same actor, lead and target (checks 1–4
//! by the other route), so that a host offers it only when it would be
//! allowed.

use crate::decision::Decision;
use crate::effect::{Channel, Effect, Pipeline};
use crate::model::{Actor, HeldLead};
use crate::orgs::{OrgId, Relation};
use crate::policy::Policy;
use crate::reason::{DenialCode, Reason, Reasons};
use crate::roles::Capability;

pub use crate::vocabulary::Route;

impl Route {
    /// The route that applies to a relation, if any.
    pub const fn for_relation(relation: Relation) -> Option<Route> {
        match relation {
            Relation::Edge { .. } => Some(Route::Handover),
            Relation::Distant { .. } => Some(Route::CrossSilo),
            Relation::Same | Relation::Unrelated => None,
        }
    }
}

/// The answer to a handover or cross-silo request: a [`Decision`] whose
/// `kind` holds the route and, on some denials, the other mechanism's answer.
pub type TransferDecision<'a> = Decision<'a, TransferKind>;

/// What a transfer's answer adds to a [`Decision`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct TransferKind {
    /// The mechanism that applies to the pair of orgs, also on denials
    /// (`None` for the same org or different communities).
    pub route: Option<Route>,
    /// On a denial whose `route` is the other mechanism: that mechanism
    /// asked for the same actor, lead and target. `None` otherwise.
    pub alternative: Option<Alternative>,
}

/// The other mechanism's answer beside a denial: what asking it instead
/// would answer (its plan is that answer's, not repeated here).
///
/// Its reasons are the actor's checks, which are the first reasons of the
/// denial it stands beside (both mechanisms check the actor alike), then
/// its own route check: it holds how many of the denial's reasons it
/// shares and its route problem, so that answering it copies nothing.
/// Read them with [`Alternative::reasons`], given the denial's reasons.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Alternative {
    /// The other mechanism (the denial's `route`).
    pub route: Route,
    /// How many of the denial's first reasons (the actor's) are its own too.
    shared: u8,
    /// Its route problem, if any: every route problem is about an org.
    denial: Option<(DenialCode, OrgId)>,
}

impl Alternative {
    /// Whether the other mechanism would be allowed.
    pub fn allowed(&self) -> bool {
        self.shared == 0 && self.denial.is_none()
    }

    /// Every check the other mechanism would fail, in the documented
    /// order, given the reasons of the denial it stands beside
    /// (`decision.reasons`); none when it would be allowed.
    pub fn reasons<'r, 'a>(&self, denial: &'r [Reason<'a>]) -> impl Iterator<Item = Reason<'a>> + 'r {
        let shared = denial.get(..usize::from(self.shared)).unwrap_or_default();
        let own = self.denial.map(|(code, org)| Reason::about_org(code, org));
        shared.iter().copied().chain(own)
    }

    /// The number of its reasons, as [`Alternative::reasons`] lists them.
    pub fn reason_count(&self) -> usize {
        usize::from(self.shared) + usize::from(self.denial.is_some())
    }
}

/// The orgs an actor may send a lead to, for a drop-down.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Targets {
    /// Orgs reachable by handover, in directory order.
    pub handover: Vec<OrgId>,
    /// Orgs reachable by cross silo, in directory order.
    pub cross_silo: Vec<OrgId>,
}

impl Policy {
    /// Decides a transfer of `lead` to `to` by `asked` route.
    pub(crate) fn transfer<'a>(
        &self,
        asked: Route,
        actor: &Actor<'_>,
        lead: &HeldLead<'a>,
        to: OrgId,
    ) -> TransferDecision<'a> {
        let mut reasons = Reasons::new();
        self.check_actor(actor, lead, &mut reasons);
        let relation = self.orgs.relation(lead.org, to);
        let route = Route::for_relation(relation);
        // Taken before the asked route's denial is added: the actor's
        // reasons, all there are so far, are the other route's too.
        let alternative = match route {
            Some(other) if other != asked => Some(Alternative {
                route: other,
                shared: u8::try_from(reasons.len()).unwrap_or(u8::MAX),
                denial: self.route_denial(other, relation, to),
            }),
            _ => None,
        };
        if let Some((code, org)) = self.route_denial(asked, relation, to) {
            reasons.push(Reason::about_org(code, org));
        }
        let effects = if reasons.is_empty() {
            transfer_effects(lead, to)
        } else {
            Vec::new()
        };
        Decision {
            reasons,
            effects,
            kind: TransferKind { route, alternative },
        }
    }

    /// Every org `actor` may currently send `lead` to, by each route.
    pub(crate) fn targets(&self, actor: &Actor<'_>, lead: &HeldLead<'_>) -> Targets {
        let mut failed = Reasons::new();
        self.check_actor(actor, lead, &mut failed);
        if !failed.is_empty() {
            return Targets::default();
        }
        let from = lead.org;
        let mut handover = Vec::new();
        if let Some(parent) = self.orgs.parent(from) {
            if self.orgs.handover_enabled(parent) {
                handover.push(parent);
            }
        }
        if self.orgs.handover_enabled(from) {
            handover.extend(self.orgs.children(from).iter().map(|&c| OrgId(c)));
        }
        handover.sort_unstable();

        // An org in the subtree of ancestor `a_i` but outside the subtree of
        // `a_(i-1)` has `a_i` as nearest common ancestor with `from`.
        let mut cross_silo = Vec::new();
        let mut below: Option<OrgId> = None;
        let mut ancestor = Some(from);
        while let Some(a) = ancestor {
            if self.orgs.cross_silo_enabled(a) {
                self.orgs.collect_subtree(a, below, &mut cross_silo);
            }
            below = Some(a);
            ancestor = self.orgs.parent(a);
        }
        let parent = self.orgs.parent(from);
        cross_silo.retain(|&org| org != from && Some(org) != parent && self.orgs.parent(org) != Some(from));
        cross_silo.sort_unstable();
        Targets { handover, cross_silo }
    }

    /// Checks 1–3: the actor's licence, org and ownership.
    fn check_actor<'a>(&self, actor: &Actor<'_>, lead: &HeldLead<'a>, reasons: &mut Reasons<'a>) {
        let capabilities = self.roles.capabilities(actor.role);
        if !capabilities.has(Capability::Handover) {
            reasons.push(Reason::new(DenialCode::SalesLicenceRequired));
        }
        if actor.org != lead.org {
            reasons.push(Reason::about_org(DenialCode::NotInLeadOrg, lead.org));
        }
        if !capabilities.has(Capability::ManageOrgLeads) && lead.owner != Some(actor.id) {
            reasons.push(Reason::about_lead(DenialCode::NotLeadOwner, lead.id));
        }
    }

    /// Check 4: the first route problem, naming the org whose setting is
    /// off, else the target.
    fn route_denial(&self, asked: Route, relation: Relation, to: OrgId) -> Option<(DenialCode, OrgId)> {
        let code = match (asked, relation) {
            (_, Relation::Same) => DenialCode::SameOrg,
            (_, Relation::Unrelated) => DenialCode::OutsideCommunity,
            (Route::Handover, Relation::Distant { .. }) => DenialCode::CrossSiloRequired,
            (Route::CrossSilo, Relation::Edge { .. }) => DenialCode::HandoverRequired,
            (Route::Handover, Relation::Edge { parent }) => {
                return (!self.orgs.handover_enabled(parent))
                    .then_some((DenialCode::HandoverDisabled, parent));
            }
            (Route::CrossSilo, Relation::Distant { ancestor }) => {
                return (!self.orgs.cross_silo_enabled(ancestor))
                    .then_some((DenialCode::CrossSiloDisabled, ancestor));
            }
        };
        Some((code, to))
    }
}

fn transfer_effects<'a>(lead: &HeldLead<'a>, to: OrgId) -> Vec<Effect<'a>> {
    vec![
        Effect::Transfer {
            lead: lead.id,
            from: lead.org,
            to,
            pipeline: Pipeline::Manager,
        },
        Effect::Notify {
            channel: Channel::SalesFeed,
            org: lead.org,
            lead: lead.id,
        },
        Effect::Notify {
            channel: Channel::SalesFeed,
            org: to,
            lead: lead.id,
        },
    ]
}
