//! Building a policy: the workflows compiled (built-ins replaced by name),
//! then every role, org, template and status checked, every problem
//! listed at once; and the warnings of a policy that builds.

use std::collections::HashMap;
use std::fmt::Write;

use crate::assignment::rules::Rules;
use crate::builder::EngineBuilder;
use crate::config::builtin_specs;
use crate::error::{path_key, shorten_message, shorten_path, Error, Problem};
use crate::expiry::{BusinessDays, Template, Templates};
use crate::hours::BusinessHours;
use crate::id_hash::{id_map, IdMap};
use crate::orgs::OrgDirectory;
use crate::policy::{Policy, DEFAULT_WIP_STATUSES, LINKED_STATUS};
use crate::roles::{CapabilityNames, CapabilitySet, RoleId, RoleTable, MAX_CAPABILITIES, SYSTEM_ROLE};
use crate::workflow::compile::{compile, Workflow};
use crate::workflow::spec::WorkflowSpec;
use std::sync::Arc;

impl Policy {
    /// Validates everything a builder holds and builds the policy, or
    /// lists every problem (ordered by `problem_order`).
    pub(crate) fn build(builder: EngineBuilder) -> Result<Policy, Error> {
        let mut problems = builder.problems;
        // Workflows first: the capabilities their actions require become
        // names a role may grant.
        let specs = replace_by_name(builtin_specs(), &builder.workflows);
        let mut capabilities = CapabilityNames::builtin();
        let workflows: Vec<(Workflow, &WorkflowSpec)> = specs
            .iter()
            .filter_map(|spec| Some((compile(spec, &mut capabilities, &mut problems)?, *spec)))
            .collect();
        for name in &builder.unread_capabilities {
            capabilities.intern(name);
        }
        let roles = validate_roles(&builder.roles, &capabilities, &mut problems);
        let orgs = OrgDirectory::build(&builder.orgs, &mut problems);
        let wip_statuses = match &builder.wip_statuses {
            Some(statuses) => validate_wip_statuses(statuses, &mut problems),
            None => DEFAULT_WIP_STATUSES.iter().map(|&s| s.into()).collect(),
        };
        let calendars = build_calendars(builder.calendars, &mut problems);
        let mut templates = builder.templates;
        validate_templates(&templates, &mut problems);
        validate_template_hours(
            &mut templates,
            &calendars,
            &builder.unread_calendars,
            &mut problems,
        );
        let assignment = Rules::build(&builder.assignment_rules, orgs.as_ref(), &mut problems);
        match orgs {
            Some(orgs) if problems.is_empty() => {
                let roles = RoleTable::new(&roles);
                let granted = granted_by_some_role(&roles);
                let warnings = workflows
                    .iter()
                    .flat_map(|(workflow, spec)| workflow.warnings(spec, &[granted]))
                    .chain(assignment.warnings(&orgs))
                    .map(|warning| Problem {
                        path: shorten_path(warning.path),
                        message: shorten_message(warning.message),
                    })
                    .collect();
                let workflows: Vec<Workflow> = workflows.into_iter().map(|(w, _)| w).collect();
                Ok(Policy {
                    orgs,
                    roles,
                    workflow_index: index_by_name(&workflows),
                    workflows,
                    templates: Templates::new(templates),
                    calendars,
                    wip_statuses,
                    assignment,
                    matching: builder.matching,
                    warnings,
                    unknown_keys: builder.unknown_keys,
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
fn index_by_name(workflows: &[Workflow]) -> IdMap<Box<str>, usize> {
    let mut index = id_map(workflows.len());
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
        if business.is_some_and(BusinessDays::is_empty) {
            report(
                format!("{}.business_days.weekdays", path()),
                "at least one weekday must count".into(),
            );
        }
    }
}

/// The calendars by name; a name defined twice or empty is a problem.
fn build_calendars(
    calendars: Vec<(String, BusinessHours)>,
    problems: &mut Vec<Problem>,
) -> HashMap<Box<str>, Arc<BusinessHours>> {
    let mut built = HashMap::with_capacity(calendars.len());
    for (name, hours) in calendars {
        if name.is_empty() {
            problems.push(Problem {
                path: "policy.calendars".into(),
                message: "a calendar name must not be empty".into(),
            });
            continue;
        }
        let path = joined(&["policy.calendars.", &path_key(&name)]);
        if !hours.has_hours() {
            problems.push(Problem {
                path,
                message: "the calendar never opens: give some weekday or exception open hours".into(),
            });
        } else if built.contains_key(name.as_str()) {
            problems.push(Problem {
                path,
                message: joined(&["calendar `", &name, "` is defined twice"]),
            });
        } else {
            built.insert(name.into_boxed_str(), Arc::new(hours));
        }
    }
    built
}

/// A template that names a calendar: the calendar must exist, counts
/// open time only (no days or weeks in its periods), and stands alone
/// (no zone, business days or end of day beside it). The calendar found
/// is put in the template.
fn validate_template_hours(
    templates: &mut [(String, Template)],
    calendars: &HashMap<Box<str>, Arc<BusinessHours>>,
    unread: &[String],
    problems: &mut Vec<Problem>,
) {
    if templates.iter().all(|(_, t)| t.calendar.hours.is_none()) {
        return;
    }
    // A period the reader found missing is not judged again.
    let reported: std::collections::HashSet<String> = problems.iter().map(|p| p.path.clone()).collect();
    for (name, template) in templates {
        let calendar = &mut template.calendar;
        let Some(hours) = calendar.hours.as_mut() else {
            continue;
        };
        let path = |key: &str| joined(&["policy.templates.", &path_key(name), ".", key]);
        let mut report = |key: &str, message: String| {
            problems.push(Problem {
                path: path(key),
                message,
            })
        };
        hours.hours = calendars.get(hours.name.as_str()).cloned();
        if hours.hours.is_none() && !unread.contains(&hours.name) {
            report("calendar", format!("unknown calendar `{}`", hours.name));
        }
        let beside = [
            ("time_zone", calendar.zone.is_some()),
            ("business_days", calendar.business_days.is_some()),
            ("end_of_day", calendar.end_of_day),
        ];
        for (key, set) in beside {
            if set {
                report(
                    key,
                    format!(
                        "`{key}` cannot stand beside `calendar`: the calendar says the zone and the hours"
                    ),
                );
            }
        }
        for (key, period) in [("pending", template.pending), ("accepted", template.accepted)] {
            if period.days != 0 && !reported.contains(&path(key)) {
                report(
                    key,
                    "a template that names a calendar counts open time: write hours, minutes and \
                     seconds (PT72H), not days or weeks"
                        .into(),
                );
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
