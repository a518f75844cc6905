//! The engine: a validated policy and org directory, immutable once built.

use crate::config;
use crate::error::{Error, ErrorCode, Problem};
use crate::link::{DEFAULT_WIP_STATUSES, LINKED_STATUS};
use crate::orgs::{OrgDirectory, OrgId, OrgSpec};
use crate::roles::{Capability, CapabilitySet, RoleId, RoleTable, SYSTEM_ROLE};
use crate::stages::{StagePipeline, WorkflowSpec};

/// Answers lead-management questions against one policy and org directory.
///
/// Built once (from JSON with [`Engine::from_json`], from a parsed value
/// with [`Engine::from_value`], or with [`Engine::builder`]), validated up
/// front, then shared freely: it is immutable, `Send` and `Sync`.
#[derive(Debug, Clone)]
pub struct Engine {
    pub(crate) orgs: OrgDirectory,
    pub(crate) roles: RoleTable,
    pub(crate) pipelines: Vec<StagePipeline>,
    pub(crate) wip_statuses: Vec<Box<str>>,
}

impl Default for Engine {
    /// The built-in policy and an empty directory (the config `{}`).
    fn default() -> Self {
        Engine {
            orgs: OrgDirectory::default(),
            roles: RoleTable::new(&[]),
            pipelines: vec![StagePipeline::leadx()],
            wip_statuses: DEFAULT_WIP_STATUSES.iter().map(|&s| s.into()).collect(),
        }
    }
}

impl Engine {
    /// Starts a builder for an engine from Rust values.
    pub fn builder() -> EngineBuilder {
        EngineBuilder::default()
    }

    /// Builds an engine from config JSON text. Malformed JSON and every
    /// validation finding are reported as one `invalid_config` error.
    pub fn from_json(config: &str) -> Result<Engine, Error> {
        let value: serde_json::Value = serde_json::from_str(config).map_err(|e| {
            Error::invalid_config(vec![Problem {
                path: String::new(),
                message: format!("the config is not valid JSON: {e}"),
            }])
        })?;
        Engine::from_value(&value)
    }

    /// Builds an engine from a parsed config value.
    pub fn from_value(config: &serde_json::Value) -> Result<Engine, Error> {
        config::parse(config)?.build().map_err(|mut error| {
            // Checks run in passes; the report follows the document.
            error
                .problems
                .sort_by_cached_key(|p| config::document_position(config, &p.path));
            if let Some(first) = error.problems.first() {
                error.path.clone_from(&first.path);
            }
            Error::invalid_config(error.problems)
        })
    }

    /// Resolves an org id; `None` if the directory does not contain it.
    pub fn org(&self, id: &str) -> Option<OrgId> {
        self.orgs.get(id)
    }

    /// The id of a resolved org.
    pub fn org_name(&self, org: OrgId) -> &str {
        self.orgs.id(org)
    }

    /// The number of orgs in the directory.
    pub fn org_count(&self) -> usize {
        self.orgs.len()
    }

    /// The org at `index` in the directory (the config's `orgs` order);
    /// `None` unless `index < org_count()`. The inverse of [`OrgId::index`].
    pub fn org_at(&self, index: usize) -> Option<OrgId> {
        let raw = u32::try_from(index).ok()?;
        (index < self.org_count()).then_some(OrgId(raw))
    }

    /// How two orgs stand to each other in the forest.
    pub fn relation(&self, a: OrgId, b: OrgId) -> crate::Relation {
        self.orgs.relation(a, b)
    }

    /// Resolves a role name; `None` if the policy does not define it.
    pub fn role(&self, name: &str) -> Option<RoleId> {
        self.roles.get(name)
    }

    /// The name of a resolved role.
    pub fn role_name(&self, role: RoleId) -> &str {
        self.roles.name(role)
    }

    /// The role at `index` in the engine's role table; `None` unless
    /// `index` is below the number of roles. The inverse of [`RoleId::index`].
    pub fn role_at(&self, index: usize) -> Option<RoleId> {
        let raw = u32::try_from(index).ok()?;
        (index < self.role_count()).then_some(RoleId(raw))
    }

    /// The number of roles: the built-in ones plus those the config adds.
    pub fn role_count(&self) -> usize {
        self.roles.len()
    }

    /// The capabilities a role grants.
    pub fn capabilities(&self, role: RoleId) -> CapabilitySet {
        self.roles.capabilities(role)
    }

    /// Resolves an org id or answers `unknown_org` at `path`.
    pub fn require_org(&self, id: &str, path: &str) -> Result<OrgId, Error> {
        self.org(id)
            .ok_or_else(|| Error::new(ErrorCode::UnknownOrg, path, format!("unknown org `{id}`")))
    }

    /// The stages of a stage pipeline in order and its sub-stages; `None`
    /// for an unknown workflow. See [`Engine::initial_stage`] for where new
    /// leads start (not necessarily the first stage).
    pub fn pipeline_stages(&self, workflow: &str) -> Option<(Vec<&str>, Vec<&str>)> {
        let pipeline = self.pipelines.iter().find(|p| &*p.name == workflow)?;
        Some((pipeline.stages().collect(), pipeline.sub_stages().collect()))
    }

    /// The stage new leads of `workflow` start at; `None` for an unknown
    /// workflow.
    pub fn initial_stage(&self, workflow: &str) -> Option<&str> {
        let pipeline = self.pipelines.iter().find(|p| &*p.name == workflow)?;
        Some(pipeline.initial())
    }

    /// The stage pipeline named `workflow`, or `unknown_workflow` at `path`.
    pub(crate) fn require_pipeline(&self, workflow: &str, path: &str) -> Result<&StagePipeline, Error> {
        self.pipelines
            .iter()
            .find(|p| &*p.name == workflow)
            .ok_or_else(|| {
                Error::new(
                    ErrorCode::UnknownWorkflow,
                    path,
                    format!("unknown workflow `{workflow}`"),
                )
            })
    }

    /// Resolves a role name or answers `unknown_role` at `path`.
    pub fn require_role(&self, name: &str, path: &str) -> Result<RoleId, Error> {
        self.role(name)
            .ok_or_else(|| Error::new(ErrorCode::UnknownRole, path, format!("unknown role `{name}`")))
    }
}

/// Collects orgs and role overrides, then validates them all at once.
#[derive(Debug, Clone, Default)]
pub struct EngineBuilder {
    /// `None` marks an entry of a JSON config that was too broken to read;
    /// it keeps its index so that later paths stay right.
    pub(crate) orgs: Vec<Option<OrgSpec>>,
    /// Capability names per role; `None` marks an unreadable JSON entry.
    pub(crate) roles: Vec<(String, Vec<Option<String>>)>,
    pub(crate) workflows: Vec<WorkflowSpec>,
    /// `None` keeps the default work-in-progress statuses.
    pub(crate) wip_statuses: Option<Vec<String>>,
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

    /// Defines a stage pipeline or replaces the built-in `leadx_pipeline`
    /// (path `policy.workflows.<name>`).
    #[must_use]
    pub fn workflow(mut self, workflow: WorkflowSpec) -> Self {
        self.workflows.push(workflow);
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

    /// Validates everything and builds the engine, or lists every problem.
    pub fn build(self) -> Result<Engine, Error> {
        let mut problems = self.problems;
        let roles = validate_roles(&self.roles, &mut problems);
        let orgs = OrgDirectory::build(&self.orgs, &mut problems);
        let mut pipelines = vec![StagePipeline::leadx()];
        for spec in &self.workflows {
            if let Some(pipeline) = StagePipeline::from_spec(spec, &mut problems) {
                match pipelines.iter_mut().find(|p| p.name == pipeline.name) {
                    Some(slot) => *slot = pipeline,
                    None => pipelines.push(pipeline),
                }
            }
        }
        let wip_statuses = match &self.wip_statuses {
            Some(statuses) => validate_wip_statuses(statuses, &mut problems),
            None => DEFAULT_WIP_STATUSES.iter().map(|&s| s.into()).collect(),
        };
        match orgs {
            Some(orgs) if problems.is_empty() => Ok(Engine {
                orgs,
                roles: RoleTable::new(&roles),
                pipelines,
                wip_statuses,
            }),
            _ => {
                problems.sort_by_key(|p| problem_order(&p.path));
                Err(Error::invalid_config(problems))
            }
        }
    }
}

fn validate_wip_statuses(statuses: &[String], problems: &mut Vec<Problem>) -> Vec<Box<str>> {
    for (i, status) in statuses.iter().enumerate() {
        let message = if status.is_empty() {
            "a status must not be empty".to_owned()
        } else if status == LINKED_STATUS {
            "`linked` is the status of a lead already linked, never work in progress".to_owned()
        } else {
            continue;
        };
        problems.push(Problem {
            path: format!("policy.linking.wip_statuses[{i}]"),
            message,
        });
    }
    statuses.iter().map(|s| s.as_str().into()).collect()
}

fn validate_roles(
    roles: &[(String, Vec<Option<String>>)],
    problems: &mut Vec<Problem>,
) -> Vec<(String, CapabilitySet)> {
    let mut valid = Vec::with_capacity(roles.len());
    for (name, capabilities) in roles {
        let path = format!("policy.roles.{name}");
        if name.is_empty() {
            problems.push(Problem {
                path: "policy.roles".into(),
                message: "a role name must not be empty".into(),
            });
            continue;
        }
        if name == SYSTEM_ROLE {
            problems.push(Problem {
                path,
                message: "the system role is reserved and cannot be redefined".into(),
            });
            continue;
        }
        let mut set = CapabilitySet::EMPTY;
        for (j, capability) in capabilities.iter().enumerate() {
            let Some(capability) = capability else { continue };
            match Capability::from_name(capability) {
                Some(c) => set = set.with(c),
                None => problems.push(Problem {
                    path: format!("{path}[{j}]"),
                    message: format!("unknown capability `{capability}`"),
                }),
            }
        }
        valid.push((name.clone(), set));
    }
    valid
}

/// Problems are reported in document order: the top-level key order of a
/// config (`orgs` before `policy`), then by org index, field by field.
fn problem_order(path: &str) -> (u8, usize) {
    if let Some(rest) = path.strip_prefix("orgs[") {
        let index = rest.split(']').next().and_then(|i| i.parse().ok()).unwrap_or(0);
        (1, index)
    } else if path.starts_with("orgs") {
        (0, 0)
    } else if path.starts_with("policy") {
        (2, 0)
    } else {
        (3, 0)
    }
}
