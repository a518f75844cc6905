//! The engine: a validated policy and org directory, immutable once built.

use std::collections::HashMap;
use std::fmt::Write;

use crate::config;
use crate::config_fast;
use crate::error::{path_key, shorten_message, shorten_path, Error, ErrorCode, Problem};
use crate::expiry::{Template, Templates, DEFAULT_TEMPLATE};
use crate::json::{self, Refusal};
use crate::link::{DEFAULT_WIP_STATUSES, LINKED_STATUS};
use crate::orgs::{OrgDirectory, OrgId, OrgSpec};
use crate::roles::{CapabilityNames, CapabilitySet, RoleId, RoleTable, MAX_CAPABILITIES, SYSTEM_ROLE};
use crate::workflow::builtin::builtin_specs;
use crate::workflow::compile::{compile, Workflow};
use crate::workflow::spec::WorkflowSpec;

/// Answers lead-management questions against one policy and org directory.
///
/// Built once (from JSON with [`Engine::from_json`], from a parsed value
/// with [`Engine::from_value`], or with [`Engine::builder`]), validated up
/// front, then shared freely: it is immutable, `Send` and `Sync`.
#[derive(Debug, Clone)]
pub struct Engine {
    pub(crate) orgs: OrgDirectory,
    pub(crate) roles: RoleTable,
    pub(crate) workflows: Vec<Workflow>,
    /// Position of each workflow in `workflows` by name: requests name
    /// their workflow, and a scan of 40k names per request made the cost
    /// of every request grow with the config.
    pub(crate) workflow_index: HashMap<Box<str>, usize>,
    pub(crate) templates: Templates,
    pub(crate) wip_statuses: Vec<Box<str>>,
    pub(crate) warnings: Vec<Problem>,
}

impl Default for Engine {
    /// The built-in policy and an empty directory (the config `{}`).
    fn default() -> Self {
        // The built-ins always compile (tested); should that ever break,
        // the engine still answers everything but workflows.
        Engine::builder().build().unwrap_or_else(|_| Engine {
            orgs: OrgDirectory::default(),
            roles: RoleTable::new(&[]),
            workflows: Vec::new(),
            workflow_index: HashMap::new(),
            templates: Templates::new(Vec::new()),
            wip_statuses: DEFAULT_WIP_STATUSES.iter().map(|&s| s.into()).collect(),
            warnings: Vec::new(),
        })
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
    /// Starts a builder for an engine from Rust values.
    pub fn builder() -> EngineBuilder {
        EngineBuilder::default()
    }

    /// Builds an engine from config JSON text. Malformed JSON, text over
    /// [`MAX_CONFIG_BYTES`] and every validation finding are reported as one
    /// `invalid_config` error.
    pub fn from_json(config: &str) -> Result<Engine, Error> {
        check_config_size(config.len())?;
        // A well-formed config builds without a value tree; one that does
        // not validate is read again below, for every problem in order.
        if let Some(reading) = config_fast::parse(config) {
            return reading.build();
        }
        let value = json::parse(config).map_err(|refusal| {
            Error::invalid_config(vec![match refusal {
                Refusal::NotJson(e) => Problem {
                    path: String::new(),
                    message: format!("the config is not valid JSON: {e}"),
                },
                Refusal::Repeated(path) => Problem {
                    path,
                    message: "this key appears twice in its object: which one is meant is not clear"
                        .to_owned(),
                },
            }])
        })?;
        Engine::from_value(&value)
    }

    /// Builds an engine from a parsed config value.
    pub fn from_value(config: &serde_json::Value) -> Result<Engine, Error> {
        let mut engine = config::parse(config)?
            .build()
            .map_err(|error| config::in_document_order(config, error))?;
        config::sort_in_document_order(config, &mut engine.warnings);
        Ok(engine)
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

    /// The stages of a workflow in order and its sub-stages; `None` for an
    /// unknown workflow. See [`Engine::initial_stage`] for where new leads
    /// start (not necessarily the first stage).
    pub fn pipeline_stages(&self, workflow: &str) -> Option<(Vec<&str>, Vec<&str>)> {
        let workflow = self.workflow(workflow)?;
        Some((
            workflow.stages.iter().map(|s| &*s.id).collect(),
            workflow.sub_stages.iter().map(|s| &**s).collect(),
        ))
    }

    /// The stage new leads of `workflow` start at; `None` for an unknown
    /// workflow.
    pub fn initial_stage(&self, workflow: &str) -> Option<&str> {
        Some(self.workflow(workflow)?.initial())
    }

    /// The names of the engine's workflows: the built-in ones (replaced
    /// where the config redefines them), then those the config adds.
    pub fn workflow_names(&self) -> impl Iterator<Item = &str> {
        self.workflows.iter().map(|w| &*w.name)
    }

    /// The ids of a workflow's actions, in order; `None` for an unknown
    /// workflow.
    pub fn workflow_actions(&self, workflow: &str) -> Option<Vec<&str>> {
        Some(self.workflow(workflow)?.actions.iter().map(|a| &*a.id).collect())
    }

    /// The number of `(stage, action)` pairs a workflow's compiled tables
    /// answer, stages × actions (they hold less: an action `from "*"` once,
    /// a listed one once per listed stage); `None` for an unknown workflow.
    pub fn workflow_table_size(&self, workflow: &str) -> Option<usize> {
        Some(self.workflow(workflow)?.table_size())
    }

    /// Findings about the config that did not stop it from loading (a
    /// stage no action reaches, an action nobody can take, ...), each with
    /// its path, in document order.
    pub fn warnings(&self) -> &[Problem] {
        &self.warnings
    }

    pub(crate) fn workflow(&self, name: &str) -> Option<&Workflow> {
        self.workflow_index.get(name).and_then(|&i| self.workflows.get(i))
    }

    /// The workflow named `workflow`, or `unknown_workflow` at `path`.
    pub(crate) fn require_workflow(&self, workflow: &str, path: &str) -> Result<&Workflow, Error> {
        self.workflow(workflow).ok_or_else(|| {
            Error::new(
                ErrorCode::UnknownWorkflow,
                path,
                format!("unknown workflow `{workflow}`"),
            )
        })
    }

    /// The expiry template a lead names (`default` when it names none), or
    /// `unknown_template` at `lead.template`.
    pub(crate) fn require_template(&self, name: Option<&str>) -> Result<&Template, Error> {
        let wanted = name.unwrap_or(DEFAULT_TEMPLATE);
        match self.templates.get(wanted) {
            Some(template) => Ok(template),
            None => Err(Error::new(
                ErrorCode::UnknownTemplate,
                "lead.template",
                format!("unknown template `{wanted}`"),
            )),
        }
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
    pub(crate) templates: Vec<(String, Template)>,
    /// Capabilities required by config workflows that could not be read.
    pub(crate) unread_capabilities: Vec<String>,
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
        // Workflows first: the capabilities their actions require become
        // names a role may grant.
        let specs = replace_by_name(builtin_specs(), &self.workflows);
        let mut capabilities = CapabilityNames::builtin();
        let workflows: Vec<(Workflow, &WorkflowSpec)> = specs
            .iter()
            .filter_map(|spec| Some((compile(spec, &mut capabilities, &mut problems)?, *spec)))
            .collect();
        for name in &self.unread_capabilities {
            capabilities.intern(name);
        }
        let roles = validate_roles(&self.roles, &capabilities, &mut problems);
        let orgs = OrgDirectory::build(&self.orgs, &mut problems);
        let wip_statuses = match &self.wip_statuses {
            Some(statuses) => validate_wip_statuses(statuses, &mut problems),
            None => DEFAULT_WIP_STATUSES.iter().map(|&s| s.into()).collect(),
        };
        validate_templates(&self.templates, &mut problems);
        match orgs {
            Some(orgs) if problems.is_empty() => {
                let roles = RoleTable::new(&roles);
                let granted = granted_by_some_role(&roles);
                let warnings = workflows
                    .iter()
                    .flat_map(|(workflow, spec)| workflow.warnings(spec, &[granted]))
                    .map(|warning| Problem {
                        path: shorten_path(warning.path),
                        message: shorten_message(warning.message),
                    })
                    .collect();
                let workflows: Vec<Workflow> = workflows.into_iter().map(|(w, _)| w).collect();
                Ok(Engine {
                    orgs,
                    roles,
                    workflow_index: index_by_name(&workflows),
                    workflows,
                    templates: Templates::new(self.templates),
                    wip_statuses,
                    warnings,
                })
            }
            _ => {
                problems.sort_by_key(|p| problem_order(&p.path));
                Err(Error::invalid_config(problems))
            }
        }
    }
}

/// The built-in workflows with each config workflow put in the slot of the
/// one it replaces (built-in or an earlier one of the same name) or added
/// at the end. Slots are found by name through an index: with a scan per
/// workflow, 40k workflows took seconds to load.
fn replace_by_name<'s>(builtin: &'s [WorkflowSpec], config: &'s [WorkflowSpec]) -> Vec<&'s WorkflowSpec> {
    let mut specs: Vec<&WorkflowSpec> = builtin.iter().collect();
    let mut slots: HashMap<&str, usize> = HashMap::with_capacity(builtin.len() + config.len());
    for (i, spec) in specs.iter().enumerate() {
        slots.entry(spec.name.as_str()).or_insert(i);
    }
    for spec in config {
        match slots.get(spec.name.as_str()).and_then(|&i| specs.get_mut(i)) {
            Some(slot) => *slot = spec,
            None => {
                slots.insert(spec.name.as_str(), specs.len());
                specs.push(spec);
            }
        }
    }
    specs
}

/// The position of each workflow by name (the first, should two share one).
fn index_by_name(workflows: &[Workflow]) -> HashMap<Box<str>, usize> {
    let mut index = HashMap::with_capacity(workflows.len());
    for (i, workflow) in workflows.iter().enumerate() {
        index.entry(workflow.name.clone()).or_insert(i);
    }
    index
}

/// Every capability some non-system role grants: the one set the warning
/// "no role grants it" needs, built once rather than searched per action
/// (many roles × many actions was quadratic in the config's size).
fn granted_by_some_role(roles: &RoleTable) -> CapabilitySet {
    (0..roles.len())
        .filter_map(|i| u32::try_from(i).ok().map(RoleId))
        .filter(|&r| roles.name(r) != SYSTEM_ROLE)
        .map(|r| roles.capabilities(r))
        .fold(CapabilitySet::EMPTY, |all, grants| {
            (0..MAX_CAPABILITIES)
                .filter_map(|i| u8::try_from(i).ok())
                .filter(|&i| grants.has_index(i))
                .fold(all, CapabilitySet::with_index)
        })
}

/// The checks a template needs whether it came from JSON or from Rust:
/// unique names, usable periods, a business-day rule that can count.
fn validate_templates(templates: &[(String, Template)], problems: &mut Vec<Problem>) {
    let mut names = std::collections::HashSet::with_capacity(templates.len());
    for (name, template) in templates {
        // Written only for a problem: most templates have none.
        let path = || format!("policy.templates.{name}");
        let mut report = |path: String, message: String| problems.push(Problem { path, message });
        if name.is_empty() {
            report(
                "policy.templates".into(),
                "a template name must not be empty".into(),
            );
        } else if !names.insert(name.as_str()) {
            report(path(), format!("template `{name}` is defined twice"));
        }
        let business = template.calendar.business_days.as_ref();
        for (key, period) in [("pending", template.pending), ("accepted", template.accepted)] {
            if let Err(why) = period.check() {
                report(
                    format!("{}.{key}", path()),
                    format!("`{period}` is not a usable period: {why}"),
                );
            } else if business.is_some() && period.has_weeks {
                report(
                    format!("{}.{key}", path()),
                    "weeks (W) cannot be counted in business days; use D".into(),
                );
            }
        }
        if business.is_some_and(crate::expiry::BusinessDays::is_empty) {
            report(
                format!("{}.business_days.weekdays", path()),
                "at least one weekday must count".into(),
            );
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
    names: &CapabilityNames,
    problems: &mut Vec<Problem>,
) -> Vec<(String, CapabilitySet)> {
    let mut valid = Vec::with_capacity(roles.len());
    for (name, capabilities) in roles {
        // Problems are shortened when the error is made: a long name goes
        // into each path as its stand-in, not in full per capability. The
        // path is written only for a problem (most roles have none), once.
        let mut role_path: Option<String> = None;
        let mut path = || -> String {
            let prefix = role_path.get_or_insert_with(|| joined(&["policy.roles.", &path_key(name)]));
            // Room for the `[index]` a capability's path adds.
            let mut path = String::with_capacity(prefix.len() + 8);
            path.push_str(prefix);
            path
        };
        if name.is_empty() {
            problems.push(Problem {
                path: "policy.roles".into(),
                message: "a role name must not be empty".into(),
            });
            continue;
        }
        if name == SYSTEM_ROLE {
            problems.push(Problem {
                path: path(),
                message: "the system role is reserved and cannot be redefined".into(),
            });
            continue;
        }
        let mut set = CapabilitySet::EMPTY;
        for (j, capability) in capabilities.iter().enumerate() {
            let Some(capability) = capability else { continue };
            match names.get(capability) {
                Some(index) => set = set.with_index(index),
                None => {
                    // Joined, not formatted: one per role of a 1 MiB config
                    // of roles that each grant a misspelt capability.
                    let mut path = path();
                    let _ = write!(path, "[{j}]");
                    problems.push(Problem {
                        path,
                        message: joined(&["unknown capability `", capability, "`"]),
                    });
                }
            }
        }
        valid.push((name.clone(), set));
    }
    valid
}

/// `parts` as one string, allocated once.
fn joined(parts: &[&str]) -> String {
    let mut text = String::with_capacity(parts.iter().map(|part| part.len()).sum::<usize>());
    parts.iter().for_each(|part| text.push_str(part));
    text
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

#[cfg(test)]
mod tests {
    use super::Engine;

    #[test]
    fn workflows_are_found_through_an_index_built_at_load() {
        let n = 2_000;
        let workflow = r#"{"stages": [{"id": "a", "initial": true}, {"id": "b", "terminal": true}],
            "actions": [{"id": "go", "from": ["a"], "to": "b", "who": {"capability": "assign"}}]}"#;
        let workflows: Vec<String> = (0..n).map(|i| format!(r#""w{i}": {workflow}"#)).collect();
        let config = format!(r#"{{"policy": {{"workflows": {{{}}}}}}}"#, workflows.join(","));
        let engine = Engine::from_json(&config).map_err(|e| e.message);
        let engine = engine.as_ref().map_err(String::as_str);
        let Ok(engine) = engine else {
            return assert_eq!(engine.err(), None);
        };
        // One entry per workflow, pointing at it: a lookup is one probe, not
        // a scan of every name.
        assert_eq!(engine.workflow_index.len(), engine.workflows.len());
        for (i, workflow) in engine.workflows.iter().enumerate() {
            assert_eq!(engine.workflow_index.get(&workflow.name), Some(&i));
        }
        let last = format!("w{}", n - 1);
        assert_eq!(engine.workflow(&last).map(|w| &*w.name), Some(last.as_str()));
        assert_eq!(engine.initial_stage(&last), Some("a"));
        assert!(engine.workflow("nope").is_none());
    }
}
