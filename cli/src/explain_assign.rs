//! An assignment in words, the way an admin reads it: every rule up to
//! the one that decided (matched, or which condition failed and what the
//! lead holds there), each pool tried, each member passed over with its
//! reasons and the fact behind each (`at capacity (10/10)`), the pick, and
//! the denial with its reason. A batch is summarised one line per lead.
//!
//! Nothing here decides: which rules apply and which conditions fail is
//! the core's (`Engine::assignment_rule_trials`, `Engine::failed_accepts`),
//! who was picked and skipped is the answer's; the config and the request
//! only supply the words (a condition as written, a member's facts).

use std::collections::HashMap;

use leadrules::assignment::{AssignLead, Member, Pool, Strategy};
use leadrules::protocol::Request;
use leadrules::{DenialCode, Engine, RuleTrial};
use serde_json::{Map, Value};

use crate::explain::{inline_value, push_object_lists, reason_or_effect_line};
use crate::report;

/// Where the words come from: the engine (for the core's hooks and role
/// names), the config as written (for the rules' conditions) and the
/// request as sent (for the lead's fields and the members' conditions).
pub struct Sources<'a> {
    /// The engine that answered.
    pub engine: &'a Engine,
    /// The config it was built from.
    pub config: &'a Value,
    /// The request, as JSON.
    pub request: &'a Value,
}

/// The lines of an `assign` answer after its headline `title`; `None`
/// when the request does not read as an assignment (the caller then
/// shows the answer's fields).
pub fn assign(sources: &Sources<'_>, title: &str, response: &Value) -> Option<Vec<String>> {
    match Request::parse(sources.engine, sources.request).ok()? {
        Request::Assign { lead, pools, .. } => {
            let fields = sources.request.pointer("/lead/fields").and_then(Value::as_object);
            let explainer = Explainer {
                sources,
                pools: &pools,
                added: HashMap::new(),
            };
            Some(explainer.one(title, &lead, fields, response))
        }
        Request::AssignMany { leads, pools, .. } => {
            response.get("assignments")?.as_array()?;
            let mut explainer = Explainer {
                sources,
                pools: &pools,
                added: HashMap::new(),
            };
            Some(explainer.batch(title, &leads, response))
        }
        _ => None,
    }
}

struct Explainer<'s, 'v> {
    sources: &'s Sources<'s>,
    pools: &'s [Pool<'v>],
    /// Leads given to each member earlier in a batch (the answer counts
    /// them in its checks; the facts shown count them too).
    added: HashMap<String, u64>,
}

/// One member passed over, as the answer lists it.
struct Skip<'r> {
    member: &'r str,
    pool: &'r str,
    codes: Vec<&'r str>,
}

fn text<'r>(value: &'r Value, key: &str) -> Option<&'r str> {
    value.get(key).and_then(Value::as_str)
}

fn skips(answer: &Value) -> Vec<Skip<'_>> {
    answer
        .get("skipped")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .map(|skip| Skip {
            member: text(skip, "member").unwrap_or_default(),
            pool: text(skip, "pool").unwrap_or_default(),
            codes: skip
                .get("reasons")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(|reason| text(reason, "code"))
                .collect(),
        })
        .collect()
}

impl<'s, 'v> Explainer<'s, 'v> {
    fn pool(&self, name: &str) -> Option<&'s Pool<'v>> {
        self.pools.iter().find(|pool| pool.name == name)
    }

    /// One lead: the verdict, the rules and pools tried, the reasons and
    /// the effects.
    fn one(
        &self,
        title: &str,
        lead: &AssignLead<'_>,
        fields: Option<&Map<String, Value>>,
        answer: &Value,
    ) -> Vec<String> {
        let allowed = answer.get("allowed").and_then(Value::as_bool).unwrap_or(false);
        let rule = text(answer, "rule");
        let verdict = match (allowed, rule) {
            (true, _) => format!(
                "ALLOWED (assignee {}, rule {}, pool {})",
                text(answer, "assignee").unwrap_or_default(),
                rule.unwrap_or_default(),
                text(answer, "pool").unwrap_or_default()
            ),
            (false, Some(rule)) => format!("DENIED (rule {rule})"),
            (false, None) => "DENIED (no rule)".to_owned(),
        };
        let mut lines = vec![format!("{title}: {verdict}")];
        let trials = self.sources.engine.assignment_rule_trials(lead);
        if trials.is_empty() {
            lines.push("  the policy has no assignment rules".to_owned());
        }
        let mut skipped = skips(answer).into_iter();
        let last = rule.and_then(|id| trials.iter().position(|t| t.id == id));
        for (index, trial) in trials.iter().enumerate() {
            if last.is_some_and(|last| index > last) {
                break;
            }
            if !trial.applies() {
                lines.push(format!("  {}", self.not_matched(index, trial, fields)));
                continue;
            }
            lines.push(format!(
                "  rule `{}` matched ({})",
                trial.id,
                self.matched(index, trial)
            ));
            let deciding = Some(index) == last;
            let picked_pool = if deciding && allowed {
                text(answer, "pool")
            } else {
                None
            };
            for name in &trial.pools {
                let picked = (picked_pool == Some(name))
                    .then(|| text(answer, "assignee"))
                    .flatten();
                lines.push(format!(
                    "    {}",
                    self.pool_line(name, trial.strategy, lead, picked, &mut skipped)
                ));
                if picked.is_some() {
                    break;
                }
            }
            if !(deciding && allowed) {
                lines.push(
                    match (trial.fallthrough, deciding) {
                        (true, false) => "    nobody eligible: falls through to the next rule that applies",
                        (true, true) => "    nobody eligible: falls through, and no later rule applies",
                        (false, _) => "    nobody eligible",
                    }
                    .to_owned(),
                );
            }
        }
        for reason in objects(answer, "reasons") {
            lines.push(format!(
                "  - {}",
                reason_or_effect_line(reason, "code", "message")
            ));
        }
        for effect in objects(answer, "effects") {
            lines.push(format!("  + {}", reason_or_effect_line(effect, "kind", "")));
        }
        if let Some(map) = answer.as_object() {
            push_object_lists(map, 0, &["skipped"], &mut lines);
        }
        lines
    }

    /// A batch: a count, one line per lead, the cursors after it.
    fn batch(&mut self, title: &str, leads: &[AssignLead<'_>], response: &Value) -> Vec<String> {
        let answers = response
            .get("assignments")
            .and_then(Value::as_array)
            .map_or(&[][..], Vec::as_slice);
        let cursors = response.get("cursors");
        let assigned = answers
            .iter()
            .filter(|a| a.get("allowed").and_then(Value::as_bool) == Some(true))
            .count();
        let mut lines = vec![format!(
            "{title}: {} assigned, {} denied",
            assigned,
            answers.len().saturating_sub(assigned)
        )];
        for (lead, answer) in leads.iter().zip(answers) {
            let passed: Vec<String> = skips(answer)
                .iter()
                .map(|skip| self.skip_text(skip, lead))
                .collect();
            let passed = if passed.is_empty() {
                String::new()
            } else {
                format!("; passed over {}", passed.join(", "))
            };
            let rule = text(answer, "rule").unwrap_or("none");
            let line = match text(answer, "assignee") {
                Some(assignee) => {
                    let pool = text(answer, "pool").unwrap_or_default();
                    format!("{}: {assignee} (rule {rule}, pool {pool}{passed})", lead.id)
                }
                None => {
                    let reason = objects(answer, "reasons").next();
                    let code = reason
                        .and_then(|r| r.get("code"))
                        .map(inline_value)
                        .unwrap_or_default();
                    match reason.and_then(|r| r.get("pool")) {
                        Some(pool) => format!(
                            "{}: DENIED {code} (rule {rule}, last pool {}{passed})",
                            lead.id,
                            inline_value(pool)
                        ),
                        None => format!("{}: DENIED {code}", lead.id),
                    }
                }
            };
            lines.push(format!("  {line}"));
            if let Some(assignee) = text(answer, "assignee") {
                *self.added.entry(assignee.to_owned()).or_insert(0) += 1;
            }
        }
        let cursors: Vec<String> = cursors
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
            .map(|(pool, cursor)| format!("{pool} {}", inline_value(cursor)))
            .collect();
        if !cursors.is_empty() {
            lines.push(format!("  cursors after the batch: {}", cursors.join(", ")));
        }
        if let Some(map) = response.as_object() {
            push_object_lists(map, 0, &["assignments", "cursors"], &mut lines);
        }
        lines
    }

    /// `org north; source = web, budget ≥ 100000`, or `no conditions`.
    fn matched(&self, index: usize, trial: &RuleTrial<'_>) -> String {
        let conditions: Vec<String> = (0..trial.conditions)
            .map(|i| self.rule_condition(index, i))
            .collect();
        let conditions = if conditions.is_empty() {
            "no conditions".to_owned()
        } else {
            conditions.join(", ")
        };
        match trial.org {
            Some(org) => format!("leads of {org} and below; {conditions}"),
            None => conditions,
        }
    }

    /// `rule `web` not matched: the lead's org south is not north or below
    /// it; source = web fails (source is phone)`.
    fn not_matched(
        &self,
        index: usize,
        trial: &RuleTrial<'_>,
        fields: Option<&Map<String, Value>>,
    ) -> String {
        let mut why = Vec::new();
        if !trial.in_scope {
            let lead_org = self
                .sources
                .request
                .pointer("/lead/org")
                .and_then(Value::as_str)
                .unwrap_or("its org");
            why.push(format!(
                "the lead's org {lead_org} is not {} or below it",
                trial.org.unwrap_or_default()
            ));
        }
        for &i in &trial.failed {
            let condition = self.rule_condition_value(index, i);
            let (condition, facts) = failed_text(condition, fields);
            why.push(format!("{condition} fails ({facts})"));
        }
        format!("rule `{}` not matched: {}", trial.id, why.join("; "))
    }

    fn rule_condition_value(&self, rule: usize, condition: usize) -> Option<&'s Value> {
        self.sources
            .config
            .pointer(&format!("/policy/assignment/rules/{rule}/when/{condition}"))
    }

    fn rule_condition(&self, rule: usize, condition: usize) -> String {
        self.rule_condition_value(rule, condition)
            .map_or_else(|| format!("condition {condition}"), condition_text)
    }

    /// `pool `inside`, round robin after u2: u3 away, picked u5`.
    fn pool_line<'r>(
        &self,
        name: &str,
        strategy: Strategy,
        lead: &AssignLead<'_>,
        picked: Option<&str>,
        skipped: &mut impl Iterator<Item = Skip<'r>>,
    ) -> String {
        let Some(pool) = self.pool(name) else {
            return format!("pool `{name}`: not in the request (counts as empty)");
        };
        if pool.members.is_empty() {
            return format!("pool `{name}`: no members");
        }
        // A pool with nobody eligible lists every member; the pool picked
        // from is the last tried, and the rest of the list is its.
        let mine: Vec<Skip<'r>> = match picked {
            Some(_) => skipped.collect(),
            None => skipped.take(pool.members.len()).collect(),
        };
        let mut parts: Vec<String> = mine.iter().map(|skip| self.skip_text(skip, lead)).collect();
        let how = match strategy {
            Strategy::RoundRobin => match pool.cursor {
                None => "round robin from the first member".to_owned(),
                Some(cursor) if pool.members.iter().any(|m| m.id == cursor) => {
                    format!("round robin after {cursor}")
                }
                Some(cursor) => format!("round robin from the first member ({cursor} is not a member)"),
            },
            Strategy::LeastLoaded => {
                let loads: Vec<String> = pool
                    .members
                    .iter()
                    .filter(|m| !mine.iter().any(|skip| skip.member == m.id))
                    .map(|m| format!("{} {}/{}", m.id, self.open(m), m.weight))
                    .collect();
                let mut groups = Vec::new();
                if !parts.is_empty() {
                    groups.push(parts.join(", "));
                }
                if !loads.is_empty() {
                    groups.push(format!("open leads/weight {}", loads.join(", ")));
                }
                groups.extend(picked.map(|picked| format!("picked {picked}")));
                return format!("pool `{name}`, least loaded: {}", groups.join("; "));
            }
        };
        parts.extend(picked.map(|picked| format!("picked {picked}")));
        format!("pool `{name}`, {how}: {}", parts.join(", "))
    }

    fn open(&self, member: &Member<'_>) -> u64 {
        member
            .open_leads
            .saturating_add(self.added.get(member.id).copied().unwrap_or(0))
    }

    /// `u4 at capacity (10/10)`, `g1 not licensed (role basic)`: every
    /// reason the answer gave, with the request's fact behind it.
    fn skip_text(&self, skip: &Skip<'_>, lead: &AssignLead<'_>) -> String {
        let pool = self.pool(skip.pool);
        let found = pool.and_then(|pool| {
            let i = pool.members.iter().position(|m| m.id == skip.member)?;
            Some((i, pool.members.get(i)?))
        });
        let reasons: Vec<String> = skip
            .codes
            .iter()
            .map(|&code| match found {
                Some((i, member)) => self.reason_text(code, skip.pool, i, member, lead),
                None => code.replace('_', " "),
            })
            .collect();
        format!("{} {}", skip.member, reasons.join(" and "))
    }

    fn reason_text(
        &self,
        code: &str,
        pool: &str,
        index: usize,
        member: &Member<'_>,
        lead: &AssignLead<'_>,
    ) -> String {
        let engine = self.sources.engine;
        let Some(known) = DenialCode::from_name(code) else {
            return code.replace('_', " ");
        };
        match known {
            DenialCode::Inactive => "inactive".to_owned(),
            DenialCode::Away => "away".to_owned(),
            DenialCode::OffShift => format!("off shift (calendar {})", member.calendar.unwrap_or("none")),
            DenialCode::AtCapacity => format!(
                "at capacity ({}/{})",
                self.open(member),
                member
                    .capacity
                    .map_or_else(|| "none".to_owned(), |c| c.to_string())
            ),
            DenialCode::NotLicensed => format!("not licensed (role {})", engine.role_name(member.role)),
            DenialCode::MemberOutsideOrg => {
                format!("outside the lead's org (org {})", report::name(member.org))
            }
            DenialCode::ZeroWeight => "weight 0".to_owned(),
            DenialCode::NotAccepted => {
                let fields = lead_fields(self.sources.request, lead.id);
                let failed: Vec<String> = engine
                    .failed_accepts(member, lead)
                    .into_iter()
                    .map(|i| {
                        let pointer = format!(
                            "/pools/{}/members/{index}/accepts/{i}",
                            pool.replace('~', "~0").replace('/', "~1")
                        );
                        let (condition, facts) = failed_text(self.sources.request.pointer(&pointer), fields);
                        format!("{condition} fails: {facts}")
                    })
                    .collect();
                format!("does not accept the lead ({})", failed.join("; "))
            }
            _ => code.replace('_', " "),
        }
    }
}

/// The lead `id`'s `fields` in the request (one lead or a batch).
fn lead_fields<'r>(request: &'r Value, id: &str) -> Option<&'r Map<String, Value>> {
    let one = request.get("lead").filter(|lead| text(lead, "id") == Some(id));
    let lead = one.or_else(|| {
        request
            .get("leads")?
            .as_array()?
            .iter()
            .find(|lead| text(lead, "id") == Some(id))
    });
    lead?.get("fields")?.as_object()
}

/// The objects of the list `key` of `value`.
fn objects<'r>(value: &'r Value, key: &str) -> impl Iterator<Item = &'r Map<String, Value>> {
    value
        .get(key)
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_object)
}

/// A failed condition as written, and what the lead holds in the fields
/// it reads: (`source = web`, `source is phone`).
fn failed_text(condition: Option<&Value>, fields: Option<&Map<String, Value>>) -> (String, String) {
    let Some(condition) = condition else {
        return ("a condition".to_owned(), "not shown".to_owned());
    };
    let facts: Vec<String> = named_fields(condition)
        .into_iter()
        .map(|field| match fields.and_then(|f| f.get(field)) {
            None | Some(Value::Null) => format!("{field} missing"),
            Some(value) => format!("{field} is {}", inline_value(value)),
        })
        .collect();
    (condition_text(condition), facts.join(", "))
}

/// The fields a condition reads, each once, in order.
fn named_fields(condition: &Value) -> Vec<&str> {
    let mut names: Vec<&str> = Vec::new();
    let items = match condition.get("any").and_then(Value::as_array) {
        Some(items) => items.iter().collect(),
        None => vec![condition],
    };
    for item in items {
        if let Some(field) = text(item, "field") {
            if !names.contains(&field) {
                names.push(field);
            }
        }
    }
    names
}

/// A condition as an admin writes it: `source = web`, `budget ≥ 100000`,
/// `country in [IN, LK]`, `(source = web or source = ads)`.
pub fn condition_text(condition: &Value) -> String {
    if let Some(items) = condition.get("any").and_then(Value::as_array) {
        let items: Vec<String> = items.iter().map(condition_text).collect();
        return format!("({})", items.join(" or "));
    }
    let field = text(condition, "field").unwrap_or("?");
    let value = |key: &str| condition.get(key).map(inline_value);
    let mut parts = Vec::new();
    if let Some(v) = value("equals") {
        parts.push(format!("{field} = {v}"));
    }
    if let Some(v) = value("not_equals") {
        parts.push(format!("{field} ≠ {v}"));
    }
    if let Some(v) = value("in") {
        parts.push(format!("{field} in {v}"));
    }
    if let Some(v) = value("not_in") {
        parts.push(format!("{field} not in {v}"));
    }
    match (value("min"), value("max")) {
        (Some(min), Some(max)) => parts.push(format!("{min} ≤ {field} ≤ {max}")),
        (Some(min), None) => parts.push(format!("{field} ≥ {min}")),
        (None, Some(max)) => parts.push(format!("{field} ≤ {max}")),
        (None, None) => {}
    }
    if let Some(v) = value("prefix") {
        parts.push(format!("{field} starts with {v}"));
    }
    match condition.get("exists").and_then(Value::as_bool) {
        Some(true) => parts.push(format!("{field} present")),
        Some(false) => parts.push(format!("{field} absent")),
        None => {}
    }
    parts.join(" and ")
}

#[cfg(test)]
mod tests {
    use super::condition_text;
    use serde_json::json;

    #[test]
    fn conditions_read_as_written() {
        for (condition, words) in [
            (json!({"field": "source", "equals": "web"}), "source = web"),
            (json!({"field": "source", "not_equals": "spam"}), "source ≠ spam"),
            (
                json!({"field": "country", "in": ["IN", "LK"]}),
                "country in [IN, LK]",
            ),
            (json!({"field": "country", "not_in": []}), "country not in none"),
            (json!({"field": "budget", "min": 100}), "budget ≥ 100"),
            (json!({"field": "budget", "max": 5}), "budget ≤ 5"),
            (json!({"field": "budget", "min": 1, "max": 5}), "1 ≤ budget ≤ 5"),
            (json!({"field": "pin", "prefix": "560"}), "pin starts with 560"),
            (json!({"field": "email", "exists": false}), "email absent"),
            (
                json!({"any": [{"field": "a", "equals": true}, {"field": "b", "exists": true}]}),
                "(a = true or b present)",
            ),
        ] {
            assert_eq!(condition_text(&condition), words);
        }
    }
}
