//! Reading `policy.matching` from config JSON: `{"default_region": "IN",
//! "rules": [{"id", "keys", "action"}]}`. Every problem is reported with
//! its path, in document order: a wrongly typed value, an unknown key of
//! the config, a `default_region` libphonenumber does not know, a rule id
//! missing, empty, holding `:` (the separator of its match keys) or used
//! twice, `keys` missing, empty, naming an unknown match value or one
//! twice, an unknown or missing `action`.

use serde_json::{Map, Value};

use crate::config::{type_name, Reader};
use crate::matching::{MatchAction, MatchField, MatchRule, Matching, Region};
use crate::path::Path;

const MATCHING_KEYS: &[&str] = &["default_region", "rules"];
const RULE_KEYS: &[&str] = &["id", "keys", "action"];

impl Reader {
    pub(crate) fn matching(&mut self, value: &Value, path: &Path<'_>) {
        let Some(map) = self.object(value, path) else {
            return;
        };
        self.unknown_keys(map, MATCHING_KEYS, path);
        let mut matching = Matching {
            default_region: self.default_region(map, path),
            rules: Vec::new(),
        };
        let at = path.key("rules");
        match map.get("rules") {
            None | Some(Value::Null) => {}
            Some(Value::Array(items)) => {
                for (i, item) in items.iter().enumerate() {
                    let rule_path = at.index(i);
                    if let Some(rule) = self.matching_rule(item, &rule_path, &matching.rules) {
                        matching.rules.push(rule);
                    }
                }
            }
            Some(other) => self.problem(
                &at,
                format!("expected an array of matching rules, found {}", type_name(other)),
            ),
        }
        self.builder.matching = matching;
    }

    fn default_region(&mut self, map: &Map<String, Value>, path: &Path<'_>) -> Option<Region> {
        let at = path.key("default_region");
        match map.get("default_region")? {
            Value::Null => None,
            Value::String(code) => Region::new(code).or_else(|| {
                self.problem(
                    &at,
                    format!(
                        "`{code}` is not a region libphonenumber knows (an upper-case region code such as \"IN\" or \"DE\")"
                    ),
                );
                None
            }),
            other => {
                self.problem(
                    &at,
                    format!("expected a region code or null, found {}", type_name(other)),
                );
                None
            }
        }
    }

    /// One rule; `None` when any of its parts could not be read. `earlier`
    /// are the rules read before it (for its id's uniqueness).
    fn matching_rule(&mut self, value: &Value, path: &Path<'_>, earlier: &[MatchRule]) -> Option<MatchRule> {
        let before = self.builder.problems.len();
        let map = self.object(value, path)?;
        self.unknown_keys(map, RULE_KEYS, path);
        let id = self.matching_rule_id(map, path, earlier);
        let fields = self.matching_rule_keys(map, path);
        let action = self.matching_rule_action(map, path);
        if self.builder.problems.len() != before {
            return None;
        }
        Some(MatchRule {
            id: id?.into(),
            fields: fields?,
            action: action?,
        })
    }

    fn matching_rule_id(
        &mut self,
        map: &Map<String, Value>,
        path: &Path<'_>,
        earlier: &[MatchRule],
    ) -> Option<String> {
        let at = path.key("id");
        let id = match map.get("id") {
            None => {
                self.problem(&at, "missing rule id");
                return None;
            }
            Some(Value::String(id)) => id,
            Some(other) => {
                self.problem(&at, format!("expected a string, found {}", type_name(other)));
                return None;
            }
        };
        if id.trim().is_empty() {
            self.problem(&at, "a rule id is not empty or blank");
        } else if id.contains(':') {
            self.problem(
                &at,
                format!("rule id `{id}` holds `:`, which separates a match key's rule id from its values"),
            );
        } else if let Some(first) = earlier.iter().position(|rule| *rule.id == **id) {
            self.problem(
                &at,
                format!("rule id `{id}` is already the id of an earlier rule (rules[{first}])"),
            );
        } else {
            return Some(id.clone());
        }
        None
    }

    fn matching_rule_keys(&mut self, map: &Map<String, Value>, path: &Path<'_>) -> Option<Vec<MatchField>> {
        let at = path.key("keys");
        let Some(value) = map.get("keys") else {
            self.problem(&at, "missing `keys`: the match values the rule compares");
            return None;
        };
        let before = self.builder.problems.len();
        let mut fields: Vec<MatchField> = Vec::new();
        let names = self.list(value, &at, |reader, item, item_path| {
            let name = reader.string(item, item_path)?;
            Some((name, item_path.render()))
        });
        for (name, item_path) in names {
            let problem = match MatchField::from_name(&name) {
                None => format!("unknown match key `{name}` (expected one of: phone, email, name, company)"),
                Some(field) if fields.contains(&field) => {
                    format!("match key `{name}` appears twice in one rule")
                }
                Some(field) => {
                    fields.push(field);
                    continue;
                }
            };
            self.builder.problems.push(crate::error::Problem {
                path: item_path,
                message: problem,
            });
        }
        if self.builder.problems.len() != before {
            return None;
        }
        if fields.is_empty() {
            self.problem(
                &at,
                "a rule compares at least one key (phone, email, name, company)",
            );
            return None;
        }
        Some(fields)
    }

    fn matching_rule_action(&mut self, map: &Map<String, Value>, path: &Path<'_>) -> Option<MatchAction> {
        let at = path.key("action");
        match map.get("action") {
            None => {
                self.problem(&at, "missing `action` (block, alert or link)");
                None
            }
            Some(Value::String(name)) => MatchAction::from_name(name).or_else(|| {
                self.problem(
                    &at,
                    format!("unknown action `{name}` (expected one of: block, alert, link)"),
                );
                None
            }),
            Some(other) => {
                self.problem(
                    &at,
                    format!(
                        "expected \"block\", \"alert\" or \"link\", found {}",
                        type_name(other)
                    ),
                );
                None
            }
        }
    }
}
