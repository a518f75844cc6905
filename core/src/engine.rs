//! The engine facade: the one public face of a validated policy. It
//! builds the policy (from JSON, a value or a builder), answers its
//! lookups, and hands each decision to its rule area (handover.rs,
//! create.rs, edit.rs, link.rs, transition.rs, sweep.rs,
//! sweep_columns.rs), which reads the policy and nothing above it.

use std::borrow::Cow;
use std::sync::atomic::{AtomicU64, Ordering};

use serde_json::Value;

use crate::builder::EngineBuilder;
use crate::config;
use crate::config::text::Order;
use crate::create::NewLead;
use crate::decision::Decision;
use crate::edit::EditedLead;
use crate::error::{Error, ErrorCode, Problem};
use crate::expiry::ExpiryStatus;
use crate::handover::{Route, Targets, TransferDecision};
use crate::link::LinkRequest;
use crate::model::{Actor, HeldLead};
use crate::orgs::{OrgId, Relation};
use crate::policy::Policy;
use crate::roles::{CapabilitySet, RoleId};
use crate::sweep::Sweep;
use crate::sweep_columns::{ColumnSweep, LeadColumns};
use crate::time::Timestamp;
use crate::workflow::compile::{Action, Workflow};
use crate::workflow::WorkflowLead;
use crate::workflow::{ActionId, ActionRef, WorkflowRef};
use crate::workflow::{ActionOption, TransitionDecision};
use crate::workflow::{FormFields, WorkflowRequest};

/// Answers lead-management questions against one policy and org directory.
///
/// Built once (from JSON with [`Engine::from_json`], from a parsed value
/// with [`Engine::from_value`], or with [`Engine::builder`]), validated up
/// front, then shared freely: it is immutable, `Send` and `Sync`.
#[derive(Debug, Clone)]
pub struct Engine {
    pub(crate) policy: Policy,
    /// Which build this is: the prepared facts it makes carry it.
    stamp: EngineStamp,
}

/// The identity of one built engine, carried by every prepared fact it
/// makes (`PreparedActor`, ...): a fact holds this engine's interned ids,
/// which another engine (even one built from the same config) must not
/// read as its own. Unique per build in the process; a clone of an engine
/// is the same engine and keeps it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct EngineStamp(u64);

impl EngineStamp {
    /// The next stamp: a process-wide counter, so no two builds share one.
    fn next() -> EngineStamp {
        static NEXT: AtomicU64 = AtomicU64::new(1);
        EngineStamp(NEXT.fetch_add(1, Ordering::Relaxed))
    }

    /// The stamp as a number (for a binding's hash or `repr`).
    pub fn get(self) -> u64 {
        self.0
    }
}

impl Default for Engine {
    /// The built-in policy and an empty directory (the config `{}`).
    fn default() -> Self {
        // The built-ins always compile (tested); should that ever break,
        // the engine still answers everything but workflows.
        Engine::builder()
            .build()
            .unwrap_or_else(|_| Engine::of(Policy::without_workflows()))
    }
}

/// The largest config text [`Engine::from_json`] reads: 1 GiB, about ten
/// million orgs. A larger one is `invalid_config` before any of it is
/// parsed. (The builder takes any number of orgs below 2³² − 1.)
pub const MAX_CONFIG_BYTES: usize = 1024 * 1024 * 1024;

/// The error for config text of `len` bytes, if that is over
/// [`MAX_CONFIG_BYTES`]: `invalid_config` at the root. The bindings ask it
/// before they look at the bytes.
pub fn check_config_size(len: usize) -> Result<(), Error> {
    if len > MAX_CONFIG_BYTES {
        return Err(Error::invalid_config(vec![Problem {
            path: String::new(),
            message: format!("the config is {len} bytes; at most {MAX_CONFIG_BYTES} are read"),
        }]));
    }
    Ok(())
}

impl Engine {
    /// An engine over a built policy, with a stamp of its own.
    fn of(policy: Policy) -> Engine {
        Engine {
            policy,
            stamp: EngineStamp::next(),
        }
    }

    /// This engine's stamp, carried by the prepared facts it makes.
    pub fn stamp(&self) -> EngineStamp {
        self.stamp
    }

    /// Starts a builder for an engine from Rust values.
    pub fn builder() -> EngineBuilder {
        EngineBuilder::default()
    }

    /// Builds an engine from config JSON text. Malformed JSON, text over
    /// [`MAX_CONFIG_BYTES`] and every validation finding are reported as one
    /// `invalid_config` error.
    pub fn from_json(config: &str) -> Result<Engine, Error> {
        check_config_size(config.len())?;
        let (builder, order) = config::text::read(config)?;
        Engine::load(builder, order)
    }

    /// Builds an engine from a parsed config value.
    pub fn from_value(config: &Value) -> Result<Engine, Error> {
        Engine::load(config::parse(config)?, Order::Document(Cow::Borrowed(config)))
    }

    /// Validates what a config reader read; problems and warnings in the
    /// order of the document.
    fn load(builder: EngineBuilder, order: Order<'_>) -> Result<Engine, Error> {
        match Policy::build(builder) {
            Ok(mut policy) => {
                order.sort_warnings(&mut policy.warnings);
                Ok(Engine::of(policy))
            }
            Err(error) => Err(order.in_document_order(error)),
        }
    }

    /// Resolves an org id; `None` if the directory does not contain it.
    pub fn org(&self, id: &str) -> Option<OrgId> {
        self.policy.orgs.get(id)
    }

    /// The id of a resolved org.
    pub fn org_name(&self, org: OrgId) -> &str {
        self.policy.orgs.id(org)
    }

    /// The number of orgs in the directory.
    pub fn org_count(&self) -> usize {
        self.policy.orgs.len()
    }

    /// The org at `index` in the directory (the config's `orgs` order);
    /// `None` unless `index < org_count()`. The inverse of [`OrgId::index`].
    pub fn org_at(&self, index: usize) -> Option<OrgId> {
        let raw = u32::try_from(index).ok()?;
        (index < self.org_count()).then_some(OrgId(raw))
    }

    /// How two orgs stand to each other in the forest.
    pub fn relation(&self, a: OrgId, b: OrgId) -> Relation {
        self.policy.orgs.relation(a, b)
    }

    /// Resolves a role name; `None` if the policy does not define it.
    pub fn role(&self, name: &str) -> Option<RoleId> {
        self.policy.roles.get(name)
    }

    /// The name of a resolved role.
    pub fn role_name(&self, role: RoleId) -> &str {
        self.policy.roles.name(role)
    }

    /// The role at `index` in the engine's role table; `None` unless
    /// `index` is below the number of roles. The inverse of [`RoleId::index`].
    pub fn role_at(&self, index: usize) -> Option<RoleId> {
        let raw = u32::try_from(index).ok()?;
        (index < self.role_count()).then_some(RoleId(raw))
    }

    /// The number of roles: the built-in ones plus those the config adds.
    pub fn role_count(&self) -> usize {
        self.policy.roles.len()
    }

    /// The capabilities a role grants.
    pub fn capabilities(&self, role: RoleId) -> CapabilitySet {
        self.policy.capabilities(role)
    }

    /// Resolves an org id or answers `unknown_org` at `path`.
    pub fn require_org(&self, id: &str, path: &str) -> Result<OrgId, Error> {
        self.org(id)
            .ok_or_else(|| Error::new(ErrorCode::UnknownOrg, path, format!("unknown org `{id}`")))
    }

    /// Findings about the config that did not stop it from loading (a
    /// stage no action reaches, an action nobody can take, ...), each with
    /// its path, in document order.
    pub fn warnings(&self) -> &[Problem] {
        &self.policy.warnings
    }

    /// Resolves a role name or answers `unknown_role` at `path`.
    pub fn require_role(&self, name: &str, path: &str) -> Result<RoleId, Error> {
        self.role(name)
            .ok_or_else(|| Error::new(ErrorCode::UnknownRole, path, format!("unknown role `{name}`")))
    }
}

impl EngineBuilder {
    /// Validates everything and builds the engine, or lists every problem.
    pub fn build(self) -> Result<Engine, Error> {
        Policy::build(self).map(Engine::of)
    }
}

/// The decisions: each rule area decides against the policy.
impl Engine {
    /// May `actor` hand `lead` over to `to` along a parent↔child edge?
    pub fn handover<'a>(&self, actor: &Actor<'_>, lead: &HeldLead<'a>, to: OrgId) -> TransferDecision<'a> {
        self.policy.transfer(Route::Handover, actor, lead, to)
    }

    /// May `actor` send `lead` to `to` by cross silo?
    pub fn cross_silo<'a>(&self, actor: &Actor<'_>, lead: &HeldLead<'a>, to: OrgId) -> TransferDecision<'a> {
        self.policy.transfer(Route::CrossSilo, actor, lead, to)
    }

    /// Decides a transfer of `lead` to `to` by `asked` route.
    pub fn transfer<'a>(
        &self,
        asked: Route,
        actor: &Actor<'_>,
        lead: &HeldLead<'a>,
        to: OrgId,
    ) -> TransferDecision<'a> {
        self.policy.transfer(asked, actor, lead, to)
    }

    /// Every org `actor` may currently send `lead` to, by each route.
    pub fn targets(&self, actor: &Actor<'_>, lead: &HeldLead<'_>) -> Targets {
        self.policy.targets(actor, lead)
    }

    /// May `actor` create `lead` as drafted? Errors: `unknown_workflow`
    /// (path `workflow`), `unknown_stage` (`lead.stage`, `lead.sub_stage`).
    pub fn create<'a>(&'a self, actor: &Actor<'a>, lead: &NewLead<'a>) -> Result<Decision<'a>, Error> {
        self.policy.create(actor, lead)
    }

    /// The draft's pipeline, once its stage and sub-stage are known there.
    pub(crate) fn check_draft_stages(&self, lead: &NewLead<'_>) -> Result<&Workflow, Error> {
        self.policy.check_draft_stages(lead)
    }

    /// May `actor` update `lead`?
    pub fn edit<'a>(&self, actor: &Actor<'_>, lead: &EditedLead<'a>) -> Decision<'a> {
        self.policy.edit(actor, lead)
    }

    /// Whether `status` counts as work in progress for linking.
    pub fn is_wip(&self, status: &str) -> bool {
        self.policy.is_wip(status)
    }

    /// May these two leads be linked, and what must the host then do?
    pub fn link<'a>(&self, request: &LinkRequest<'a>) -> Decision<'a> {
        self.policy.link(request)
    }

    /// May the actor take `action` on the lead, with these form `fields`
    /// (an object, or `None` for none)? Errors for the request's own
    /// structure: `unknown_workflow` (`workflow`), `unknown_action`
    /// (`action`), `unknown_stage` (`lead.stage`, `lead.sub_stage`),
    /// `unknown_template` (`lead.template`), `invalid_request` for a
    /// missing `now` or lead key the workflow needs.
    pub fn transition<'a, 'n>(
        &'a self,
        request: &WorkflowRequest<'a>,
        action: impl Into<ActionRef<'n>>,
        fields: Option<FormFields<'a>>,
    ) -> Result<TransitionDecision<'a>, Error> {
        self.policy.transition(request, action.into(), fields)
    }

    /// Every action of the workflow, in its order, for the actor and the
    /// lead now: allowed or not (form fields not looked at), and the fields
    /// each requires. Errors as for [`Engine::transition`].
    pub fn actions<'a>(&'a self, request: &WorkflowRequest<'a>) -> Result<Vec<ActionOption<'a>>, Error> {
        self.policy.actions(request)
    }

    /// [`Engine::transition`] for a request the protocol reader read, which
    /// checked its stages and `now` as it read them.
    pub(crate) fn transition_read<'a>(
        &'a self,
        request: &WorkflowRequest<'a>,
        action: ActionId,
        fields: Option<FormFields<'a>>,
    ) -> Result<TransitionDecision<'a>, Error> {
        self.policy.transition_read(request, action, fields)
    }

    /// [`Engine::actions`] for a request the protocol reader read.
    pub(crate) fn actions_read<'a>(
        &'a self,
        request: &WorkflowRequest<'a>,
    ) -> Result<Vec<ActionOption<'a>>, Error> {
        self.policy.actions_read(request)
    }

    /// The errors [`Engine::transition`] / [`Engine::actions`] would
    /// answer for the lead, checked ahead of the form fields.
    pub(crate) fn check_workflow_request(
        &self,
        request: &WorkflowRequest<'_>,
        asked: &[Action],
    ) -> Result<(), Error> {
        self.policy.check_workflow_request(request, asked)
    }

    /// The lead's deadline in `workflow` at `now`. Errors: `unknown_workflow`
    /// (`workflow`), `unknown_stage` (`lead.stage`, `lead.sub_stage`),
    /// `unknown_template` (`lead.template`), and `invalid_request` for a
    /// missing deadline input or an `expires_at` before `created_at`.
    pub fn expiry<'n>(
        &self,
        workflow: impl Into<WorkflowRef<'n>>,
        lead: &WorkflowLead<'_>,
        now: Timestamp,
    ) -> Result<ExpiryStatus, Error> {
        self.policy.expiry(workflow.into(), lead, now)
    }

    /// Every lead's deadline at `now`: the ids that are due, in input order,
    /// and the earliest deadline still to come. Each lead is judged alone,
    /// so the order of `leads` changes nothing but the order of `due`.
    /// Errors as for [`Engine::expiry`], with paths `leads[i]...`; two leads
    /// with one id are `invalid_request` at the second's `leads[i].id`.
    pub fn sweep<'a, 'n>(
        &self,
        workflow: impl Into<WorkflowRef<'n>>,
        leads: &[WorkflowLead<'a>],
        now: Timestamp,
    ) -> Result<Sweep<'a>, Error> {
        self.policy.sweep(workflow.into(), leads, now)
    }

    /// The code of an expiry template, for [`LeadColumns::templates`].
    pub fn template_code(&self, name: &str) -> Option<u32> {
        self.policy.templates.code(name)
    }

    /// The names of the expiry templates in code order: the name of code
    /// `n` is the `n`th (the inverse of [`Engine::template_code`]).
    pub fn template_names(&self) -> impl Iterator<Item = &str> {
        self.policy.templates.names()
    }

    /// Which rows are due at `now` (Unix seconds), and the earliest
    /// deadline to come. Errors name the column and row: `invalid_request`
    /// for columns of unequal length, an unknown stage code, a missing or
    /// out-of-range time, an `expires_at` before `created_at`;
    /// `unknown_template` for an unknown template code. A `now` outside
    /// the years 0000–9999 ([`TIME_RANGE`](crate::TIME_RANGE); [`NO_TIME`](crate::NO_TIME) included) is
    /// `invalid_timestamp` at `now`, as the JSON `sweep` refuses its text.
    pub fn sweep_columns<'n>(
        &self,
        workflow: impl Into<WorkflowRef<'n>>,
        columns: &LeadColumns<'_>,
        now: i64,
    ) -> Result<ColumnSweep, Error> {
        self.policy.sweep_columns(workflow.into(), columns, now)
    }
}
