//! The prepared-facts fixture the prepared bench and the instruction
//! driver share: the decision fixture's engine (`CONFIG`), a professional
//! of `north` and a lead of `north` prepared once; a partner's manager and
//! a partner_lead offer prepared once; and a page of 50 partner_lead leads
//! (pending and accepted, a third of them another partner's) and 50 held
//! leads (half the actor's) for the list views.

use leadrules::{
    parse_timestamp, ActionGrid, EditedLead, Engine, ExpiryClock, OrgId, PreparedActor, PreparedLead,
    PreparedWorkflowLead, Timestamp, Verdicts, WorkflowLead,
};

use super::CONFIG;

/// Leads on a page.
pub const PAGE: usize = 50;

/// The engine and its prepared facts.
pub struct PreparedFixture {
    /// The decision fixture's engine.
    pub engine: Engine,
    /// `u1`, professional of `north`.
    pub pro: PreparedActor,
    /// `L1` of `north`, owned by `u1`.
    pub lead: PreparedLead,
    /// `hq` (a handover `u1` may make) and `south` (one it may not).
    pub hq: OrgId,
    /// See [`PreparedFixture::hq`].
    pub south: OrgId,
    /// `p7`, manager of the partner `acme`.
    pub partner: PreparedActor,
    /// A pending partner_lead offer to `acme`, created 2026-11-20T09:00Z.
    pub offer: PreparedWorkflowLead,
    /// Within the offer's acceptance window, and after it.
    pub early: Timestamp,
    /// See [`PreparedFixture::early`].
    pub late: Timestamp,
    /// 50 partner_lead leads.
    pub page: Vec<PreparedWorkflowLead>,
    /// 50 leads of `north`.
    pub held: Vec<PreparedLead>,
}

impl PreparedFixture {
    /// The fixture; an error if the config or a fact no longer reads.
    pub fn new() -> Result<PreparedFixture, leadrules::Error> {
        let engine = Engine::from_json(CONFIG)?;
        let missing = |what: &str| leadrules::Error::new(leadrules::ErrorCode::UnknownOrg, what, what);
        let north = engine.org("north").ok_or_else(|| missing("north"))?;
        let created = parse_timestamp("2026-11-20T09:00:00Z", "created_at")?;
        let offer = WorkflowLead {
            partner: Some("acme"),
            source: Some("vendor"),
            clock: ExpiryClock {
                created_at: Some(created),
                accepted_at: Some(created),
                ..ExpiryClock::default()
            },
            ..WorkflowLead::new("L9", "pending")
        };
        let mut page = Vec::with_capacity(PAGE);
        let mut held = Vec::with_capacity(PAGE);
        for i in 0..PAGE {
            let id = format!("P{i}");
            let lead = WorkflowLead {
                id: &id,
                stage: if i % 2 == 0 { "pending" } else { "accepted" },
                partner: Some(if i % 3 == 0 { "other" } else { "acme" }),
                ..offer
            };
            page.push(engine.prepare_workflow_lead("partner_lead", &lead)?);
            held.push(engine.prepare_lead(&EditedLead {
                id: &id,
                org: north,
                owner: Some(if i % 2 == 0 { "u1" } else { "u2" }),
                creator: Some("b1"),
                handed_over_to_sales: false,
            })?);
        }
        Ok(PreparedFixture {
            pro: engine.prepare_actor("u1", Some("north"), "professional")?,
            lead: engine.prepare_lead(&EditedLead {
                id: "L1",
                org: north,
                owner: Some("u1"),
                creator: Some("b1"),
                handed_over_to_sales: false,
            })?,
            hq: engine.org("hq").ok_or_else(|| missing("hq"))?,
            south: engine.org("south").ok_or_else(|| missing("south"))?,
            partner: engine.prepare_actor("p7", Some("acme"), "manager")?,
            offer: engine.prepare_workflow_lead("partner_lead", &offer)?,
            early: parse_timestamp("2026-11-23T09:30:00Z", "now")?,
            late: parse_timestamp("2026-11-27T09:00:00Z", "now")?,
            page,
            held,
            engine,
        })
    }

    /// `u1` hands `L1` to `hq` (allowed) or `south` (denied).
    pub fn handover(&self, allowed: bool) -> bool {
        let to = if allowed { self.hq } else { self.south };
        self.engine
            .handover_prepared(&self.pro, &self.lead, to)
            .is_ok_and(|d| d.allowed())
    }

    /// `p7` accepts the offer within its window (allowed) or after it.
    pub fn transition(&self, allowed: bool) -> bool {
        let now = if allowed { self.early } else { self.late };
        self.engine
            .transition_prepared(&self.partner, &self.offer, "accept", None, Some(now))
            .is_ok_and(|d| d.allowed())
    }

    /// Every action of the page for `p7`.
    pub fn actions_many(&self) -> Option<ActionGrid> {
        self.engine
            .actions_many(&self.partner, &self.page, Some(self.early))
            .ok()
    }

    /// Whether `u1` may edit each lead of the held page.
    pub fn can_edit_many(&self) -> Option<Verdicts> {
        self.engine.can_edit_many(&self.pro, &self.held).ok()
    }
}
