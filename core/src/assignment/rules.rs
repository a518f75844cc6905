//! The assignment policy: the ordered rules as read from a config
//! ([`RuleSpec`]), validated against the org directory and compiled into
//! [`Rules`] once, at load; and the warning for a rule no lead can reach.

use std::collections::{HashMap, HashSet};

use crate::assignment::condition::{Condition, Lookup, QuickTest};
use crate::error::{path_key, Problem};
use crate::orgs::{OrgDirectory, OrgId};

/// How a rule picks among a pool's eligible members.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Strategy {
    /// The first eligible member after the pool's cursor, wrapping once.
    RoundRobin,
    /// The eligible member with the fewest open leads per unit of weight.
    LeastLoaded,
}

impl Strategy {
    /// The strategy's config name.
    pub const fn as_str(self) -> &'static str {
        match self {
            Strategy::RoundRobin => "round_robin",
            Strategy::LeastLoaded => "least_loaded",
        }
    }

    /// The strategy named `name`, if any.
    pub fn from_name(name: &str) -> Option<Strategy> {
        [Strategy::RoundRobin, Strategy::LeastLoaded]
            .into_iter()
            .find(|s| s.as_str() == name)
    }
}

/// One rule as the config reader read it, with its index in
/// `policy.assignment.rules` (a rule too broken to read is left out, and
/// the paths of the others stay right).
#[derive(Debug, Clone)]
pub(crate) struct RuleSpec {
    pub(crate) index: usize,
    pub(crate) id: String,
    pub(crate) org: Option<String>,
    pub(crate) when: Vec<Condition>,
    pub(crate) pools: Vec<String>,
    pub(crate) strategy: Strategy,
    pub(crate) fallthrough: bool,
}

/// A compiled rule.
#[derive(Debug, Clone)]
pub(crate) struct Rule {
    pub(crate) id: Box<str>,
    /// The org whose leads (and its descendants') the rule applies to.
    pub(crate) org: Option<OrgId>,
    pub(crate) when: Box<[Condition]>,
    /// A test that rejects most leads the rule does not take, cheaply.
    pub(crate) quick: Option<QuickTest>,
    pub(crate) pools: Box<[Box<str>]>,
    pub(crate) strategy: Strategy,
    pub(crate) fallthrough: bool,
}

impl Rule {
    /// Whether the rule applies to a lead of `org` with these fields.
    pub(crate) fn applies(&self, orgs: &OrgDirectory, org: OrgId, fields: &mut Lookup<'_>) -> bool {
        self.quick.as_ref().is_none_or(|quick| quick.may_hold(fields))
            && self.org.is_none_or(|top| orgs.is_within(org, top))
            && self.when.iter().all(|c| c.holds_in(fields))
    }
}

/// The compiled assignment policy: its rules in order.
#[derive(Debug, Clone, Default)]
pub(crate) struct Rules {
    pub(crate) rules: Vec<Rule>,
    index: RuleIndex,
}

/// The rules a lead may match, found without trying each: the rules whose
/// quick test reads one field (the first quick test's) are listed by the
/// key they want, so a lead tries only those its key finds, and the rest.
#[derive(Debug, Clone, Default)]
struct RuleIndex {
    /// The quick test whose field the index reads, if any rule has one.
    field: Option<QuickTest>,
    /// Each key the indexed rules want, sorted, with those rules in order.
    by_key: Vec<(u64, Vec<usize>)>,
    /// Every other rule, in order.
    rest: Vec<usize>,
}

impl RuleIndex {
    fn build(rules: &[Rule]) -> RuleIndex {
        let field = rules.iter().find_map(|rule| rule.quick.clone());
        let mut by_key: Vec<(u64, Vec<usize>)> = Vec::new();
        let mut at: HashMap<u64, usize> = HashMap::new();
        let mut rest = Vec::new();
        for (i, rule) in rules.iter().enumerate() {
            let indexed = rule
                .quick
                .as_ref()
                .filter(|quick| field.as_ref().is_some_and(|f| f.slot() == quick.slot()));
            match indexed {
                Some(quick) => {
                    let slot = *at.entry(quick.key()).or_insert(by_key.len());
                    match by_key.get_mut(slot) {
                        Some((_, list)) => list.push(i),
                        None => by_key.push((quick.key(), vec![i])),
                    }
                }
                None => rest.push(i),
            }
        }
        by_key.sort_unstable_by_key(|(key, _)| *key);
        RuleIndex { field, by_key, rest }
    }
}

/// Two ascending lists of rule indexes, merged.
pub(crate) struct Candidates<'r> {
    a: &'r [usize],
    b: &'r [usize],
}

impl Iterator for Candidates<'_> {
    type Item = usize;

    fn next(&mut self) -> Option<usize> {
        let take_a = match (self.a.first(), self.b.first()) {
            (Some(a), Some(b)) => a < b,
            (a, _) => a.is_some(),
        };
        let list = if take_a { &mut self.a } else { &mut self.b };
        let (first, rest) = list.split_first()?;
        *list = rest;
        Some(*first)
    }
}

fn rule_path(index: usize) -> String {
    format!("policy.assignment.rules[{index}]")
}

impl Rules {
    /// Validates what the reader read against the directory (an empty or
    /// repeated id, an unknown org) and compiles it.
    pub(crate) fn build(
        specs: &[RuleSpec],
        orgs: Option<&OrgDirectory>,
        problems: &mut Vec<Problem>,
    ) -> Rules {
        let mut ids = HashSet::with_capacity(specs.len());
        let mut rules = Vec::with_capacity(specs.len());
        // The fields the rules test, numbered for a routing's lookup.
        let mut fields = Vec::new();
        for spec in specs {
            let at = || rule_path(spec.index);
            if spec.id.trim().is_empty() {
                problems.push(Problem {
                    path: format!("{}.id", at()),
                    message: "a rule id must not be empty or blank".into(),
                });
            } else if !ids.insert(spec.id.as_str()) {
                problems.push(Problem {
                    path: format!("{}.id", at()),
                    message: format!("rule `{}` is defined twice", path_key(&spec.id)),
                });
            }
            let org = match (&spec.org, orgs) {
                (Some(name), Some(orgs)) => match orgs.get(name) {
                    Some(org) => Some(org),
                    None => {
                        problems.push(Problem {
                            path: format!("{}.org", at()),
                            message: format!("unknown org `{}`", path_key(name)),
                        });
                        None
                    }
                },
                _ => None,
            };
            let when: Box<[Condition]> = spec
                .when
                .iter()
                .map(|condition| {
                    let mut condition = condition.clone();
                    condition.number_fields(&mut fields);
                    condition
                })
                .collect();
            rules.push(Rule {
                id: spec.id.as_str().into(),
                org,
                quick: QuickTest::of(&when),
                when,
                pools: spec.pools.iter().map(|p| p.as_str().into()).collect(),
                strategy: spec.strategy,
                fallthrough: spec.fallthrough,
            });
        }
        let index = RuleIndex::build(&rules);
        Rules { rules, index }
    }

    /// The indexes of the rules `fields` may match, in order: every rule
    /// but those the index rules out by the lead's key.
    pub(crate) fn candidates(&self, fields: &mut Lookup<'_>) -> Candidates<'_> {
        let index = &self.index;
        let found = index.field.as_ref().and_then(|field| {
            let key = field.lead_key(fields);
            let at = index.by_key.binary_search_by_key(&key, |(key, _)| *key).ok()?;
            index.by_key.get(at)
        });
        Candidates {
            a: found.map_or(&[], |(_, list)| list.as_slice()),
            b: &index.rest,
        }
    }

    /// A warning for each rule that stands after an unconditional rule
    /// without fall-through whose org scope covers its own: no lead can
    /// reach it. Linear in the rules (times the depth of their orgs).
    pub(crate) fn warnings(&self, orgs: &OrgDirectory) -> Vec<Problem> {
        let mut warnings = Vec::new();
        // The first unconditional rule covering every org, and those
        // covering one org's subtree, by org.
        let mut everything: Option<&str> = None;
        let mut covering: std::collections::HashMap<OrgId, &str> = std::collections::HashMap::new();
        for (i, rule) in self.rules.iter().enumerate() {
            let hidden_by = everything.or_else(|| {
                let mut at = rule.org?;
                loop {
                    if let Some(id) = covering.get(&at) {
                        return Some(*id);
                    }
                    at = orgs.parent(at)?;
                }
            });
            if let Some(earlier) = hidden_by {
                warnings.push(Problem {
                    path: rule_path(i),
                    message: format!(
                        "rule `{}` can never be reached: rule `{}` before it takes every lead of its orgs",
                        path_key(&rule.id),
                        path_key(earlier)
                    ),
                });
                continue;
            }
            if rule.when.is_empty() && !rule.fallthrough {
                match rule.org {
                    None => everything = Some(&rule.id),
                    Some(org) => {
                        covering.entry(org).or_insert(&rule.id);
                    }
                }
            }
        }
        warnings
    }
}
