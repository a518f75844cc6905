//! The builder: the orgs, roles, workflows, templates and statuses an
//! engine is built from, collected from Rust values or by the config
//! reader (with the problems reading found), not yet validated.

use crate::assignment::rules::RuleSpec;
use crate::error::Problem;
use crate::expiry::Template;
use crate::hours::BusinessHours;
use crate::matching::Matching;
use crate::orgs::OrgSpec;
use crate::unknown_keys::UnknownKeys;
use crate::workflow::spec::WorkflowSpec;

/// Collects orgs and role overrides, then validates them all at once.
#[derive(Debug, Clone, Default)]
pub struct EngineBuilder {
    /// `None` marks an entry of a JSON config that was too broken to read;
    /// it keeps its index so that later paths stay right.
    pub(crate) orgs: Vec<Option<OrgSpec>>,
    /// Capability names per role; `None` marks an unreadable JSON entry.
    pub(crate) roles: Vec<(String, Vec<Option<String>>)>,
    pub(crate) workflows: Vec<WorkflowSpec>,
    pub(crate) templates: Vec<(String, Template)>,
    /// Business-hours calendars by name (`policy.calendars`).
    pub(crate) calendars: Vec<(String, BusinessHours)>,
    /// Calendars of a JSON config that could not be read (their problems
    /// are reported; a template naming one is not reported again).
    pub(crate) unread_calendars: Vec<String>,
    /// Capabilities required by config workflows that could not be read.
    pub(crate) unread_capabilities: Vec<String>,
    /// `None` keeps the default work-in-progress statuses.
    pub(crate) wip_statuses: Option<Vec<String>>,
    pub(crate) unknown_keys: UnknownKeys,
    /// The assignment rules the config reader read (`policy.assignment`).
    pub(crate) assignment_rules: Vec<RuleSpec>,
    /// The matching policy the config reader read and judged (`policy.matching`).
    pub(crate) matching: Matching,
    pub(crate) problems: Vec<Problem>,
}

impl EngineBuilder {
    /// Adds an org (its path in problems is `orgs[<position>]`).
    #[must_use]
    pub fn org(mut self, org: OrgSpec) -> Self {
        self.orgs.push(Some(org));
        self
    }

    /// Defines a role or replaces a built-in role's capabilities
    /// (path `policy.roles.<name>`).
    #[must_use]
    pub fn role<I, S>(mut self, name: impl Into<String>, capabilities: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.roles.push((
            name.into(),
            capabilities.into_iter().map(|c| Some(c.into())).collect(),
        ));
        self
    }

    /// Defines a workflow or replaces the built-in one of the same name
    /// (path `policy.workflows.<name>`).
    #[must_use]
    pub fn workflow(mut self, workflow: WorkflowSpec) -> Self {
        self.workflows.push(workflow);
        self
    }

    /// Defines an expiry template (program), or replaces `default`
    /// (path `policy.templates.<name>`).
    #[must_use]
    pub fn template(mut self, name: impl Into<String>, template: Template) -> Self {
        self.templates.push((name.into(), template));
        self
    }

    /// Defines a business-hours calendar (path `policy.calendars.<name>`),
    /// for templates, assignment members and SLA clocks to name.
    #[must_use]
    pub fn calendar(mut self, name: impl Into<String>, hours: BusinessHours) -> Self {
        self.calendars.push((name.into(), hours));
        self
    }

    /// Replaces the statuses that count as work in progress for linking
    /// (path `policy.linking.wip_statuses`).
    #[must_use]
    pub fn wip_statuses<I, S>(mut self, statuses: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.wip_statuses = Some(statuses.into_iter().map(Into::into).collect());
        self
    }

    /// What the engine does with request keys the protocol does not define
    /// (path `policy.requests.unknown_keys`; ignored by default).
    #[must_use]
    pub fn unknown_keys(mut self, mode: UnknownKeys) -> Self {
        self.unknown_keys = mode;
        self
    }
}
