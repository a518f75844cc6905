//! Reading `policy.assignment` from config JSON: `{"rules": [{"id", "org",
//! "when", "pools", "strategy", "fallthrough"}]}`. Every wrongly typed
//! value, unknown key, bad condition, missing or unknown strategy and rule
//! without pools is reported with its path; ids and orgs are judged when
//! the policy is built (they need the whole list and the directory).

use std::collections::HashSet;

use serde_json::Value;

use crate::assignment::condition::compile_list;
use crate::assignment::rules::{RuleSpec, Strategy};
use crate::config::{type_name, Reader};
use crate::path::Path;

const ASSIGNMENT_KEYS: &[&str] = &["rules"];
const RULE_KEYS: &[&str] = &["id", "org", "when", "pools", "strategy", "fallthrough"];

impl Reader {
    pub(crate) fn assignment(&mut self, value: &Value, path: &Path<'_>) {
        let Some(map) = self.object(value, path) else {
            return;
        };
        self.unknown_keys(map, ASSIGNMENT_KEYS, path);
        let Some(rules) = map.get("rules") else { return };
        let at = path.key("rules");
        let Value::Array(items) = rules else {
            self.problem(
                &at,
                format!("expected an array of rules, found {}", type_name(rules)),
            );
            return;
        };
        for (i, item) in items.iter().enumerate() {
            if let Some(rule) = self.rule(i, item, &at.index(i)) {
                self.builder.assignment_rules.push(rule);
            }
        }
    }

    /// One rule; `None` when any of its values could not be read.
    fn rule(&mut self, index: usize, value: &Value, path: &Path<'_>) -> Option<RuleSpec> {
        let before = self.builder.problems.len();
        let map = self.object(value, path)?;
        self.unknown_keys(map, RULE_KEYS, path);
        let id = match map.get("id") {
            Some(Value::String(id)) => id.clone(),
            Some(other) => {
                self.problem(
                    &path.key("id"),
                    format!("expected a string, found {}", type_name(other)),
                );
                String::new()
            }
            None => {
                self.problem(&path.key("id"), "missing rule id");
                String::new()
            }
        };
        let org = match map.get("org") {
            None | Some(Value::Null) => None,
            Some(Value::String(org)) => Some(org.clone()),
            Some(other) => {
                self.problem(
                    &path.key("org"),
                    format!("expected an org id or null, found {}", type_name(other)),
                );
                None
            }
        };
        let when = match map.get("when") {
            None | Some(Value::Null) => Vec::new(),
            Some(value) => {
                let problems = &mut self.builder.problems;
                let mut report = |at: &Path<'_>, message: String| {
                    problems.push(crate::error::Problem {
                        path: at.render(),
                        message,
                    });
                };
                compile_list(value, &path.key("when"), true, &mut report).unwrap_or_default()
            }
        };
        let pools = self.pools(map.get("pools"), &path.key("pools"));
        let strategy = match map.get("strategy") {
            Some(Value::String(name)) => Strategy::from_name(name).or_else(|| {
                self.problem(
                    &path.key("strategy"),
                    format!("unknown strategy `{name}` (expected round_robin or least_loaded)"),
                );
                None
            }),
            Some(other) => {
                self.problem(
                    &path.key("strategy"),
                    format!("expected a strategy name, found {}", type_name(other)),
                );
                None
            }
            None => {
                self.problem(
                    &path.key("strategy"),
                    "missing `strategy` (round_robin or least_loaded)",
                );
                None
            }
        };
        let fallthrough = self.flag(map, "fallthrough", path);
        if self.builder.problems.len() != before {
            return None;
        }
        Some(RuleSpec {
            index,
            id,
            org,
            when,
            pools,
            strategy: strategy?,
            fallthrough,
        })
    }

    /// A rule's `pools`: one or more distinct, non-blank names.
    fn pools(&mut self, value: Option<&Value>, path: &Path<'_>) -> Vec<String> {
        let Some(value) = value.filter(|v| !v.is_null()) else {
            self.problem(path, "missing `pools` (a rule names one or more pools)");
            return Vec::new();
        };
        let Value::Array(items) = value else {
            self.problem(
                path,
                format!("expected an array of pool names, found {}", type_name(value)),
            );
            return Vec::new();
        };
        if items.is_empty() {
            self.problem(path, "a rule names one or more pools");
        }
        let mut seen = HashSet::with_capacity(items.len());
        let mut pools = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            let at = path.index(i);
            match item {
                Value::String(name) if name.trim().is_empty() => {
                    self.problem(&at, "a pool name must not be empty or blank");
                }
                Value::String(name) if !seen.insert(name.as_str()) => {
                    self.problem(&at, format!("pool `{name}` is named twice"));
                }
                Value::String(name) => pools.push(name.clone()),
                other => self.problem(&at, format!("expected a pool name, found {}", type_name(other))),
            }
        }
        pools
    }
}
