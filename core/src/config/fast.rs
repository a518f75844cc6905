//! The direct reading of a config text shaped as a config: orgs are
//! deserialized straight into [`OrgSpec`]s (no `Value` tree of a million
//! orgs), the policy as a value read by the usual reader. A deviation
//! outside the policy — an unknown key at the top or in an org, a wrong
//! type there, a repeated key anywhere — makes this reading give up, and
//! the caller reads the whole text the careful way, which reports every
//! problem with its path. Problems in the policy, and those the build
//! finds, are answered from this reading (the text is parsed once), in
//! the same order as the careful reading gives them.

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::Deserialize;
use serde_json::Value;

use crate::builder::EngineBuilder;
use crate::config::{in_document_order, sort_in_document_order, Reader};
use crate::error::{Error, Problem};
use crate::json::StrictValue;
use crate::orgs::OrgSpec;
use crate::path::Path;

/// The config as read directly: its orgs, its policy as a value, and the
/// order of the keys that problems are sorted by.
struct Config {
    orgs: Vec<Org>,
    policy: Option<Value>,
    /// The top-level keys present, in document order.
    keys: Vec<TopKey>,
}

#[derive(Clone, Copy, PartialEq)]
enum TopKey {
    Orgs,
    Policy,
}

impl<'de> Deserialize<'de> for Config {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(ConfigVisitor)
    }
}

struct ConfigVisitor;

impl<'de> Visitor<'de> for ConfigVisitor {
    type Value = Config;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a config object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Config, A::Error> {
        let mut config = Config {
            orgs: Vec::new(),
            policy: None,
            keys: Vec::with_capacity(2),
        };
        while let Some(key) = map.next_key::<Cow<'de, str>>()? {
            let key = match &*key {
                "orgs" => {
                    config.orgs = map.next_value()?;
                    TopKey::Orgs
                }
                "policy" => {
                    // Read strictly: a repeated key sends the text to the
                    // careful reading, which names it; so does a null
                    // policy, which is not an object (`{}` is the empty one).
                    let StrictValue(policy) = map.next_value()?;
                    if policy.is_null() {
                        return Err(de::Error::custom("the policy is null"));
                    }
                    config.policy = Some(policy);
                    TopKey::Policy
                }
                other => return Err(de::Error::unknown_field(other, &["orgs", "policy"])),
            };
            if config.keys.contains(&key) {
                return Err(de::Error::custom("repeated key"));
            }
            config.keys.push(key);
        }
        Ok(config)
    }
}

/// One org, read from an object only (serde's derive would also accept
/// an array, which the careful reading refuses).
struct Org {
    id: String,
    /// Whether `parent` comes before `id` in the object, for the order of
    /// the org's problems.
    parent_first: bool,
    parent: Option<String>,
    handover: bool,
    cross_silo: bool,
}

impl<'de> Deserialize<'de> for Org {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(OrgVisitor)
    }
}

struct OrgVisitor;

impl<'de> Visitor<'de> for OrgVisitor {
    type Value = Org;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an org object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Org, A::Error> {
        let (mut id, mut parent, mut handover, mut cross_silo) = (None, None, None, None);
        let mut parent_first = false;
        while let Some(key) = map.next_key::<Cow<'de, str>>()? {
            let fresh = match &*key {
                "id" => id.replace(map.next_value::<String>()?).is_none(),
                "parent" => {
                    parent_first = id.is_none();
                    parent.replace(map.next_value::<Option<String>>()?).is_none()
                }
                "handover" => handover.replace(map.next_value::<Option<bool>>()?).is_none(),
                "cross_silo" => cross_silo.replace(map.next_value::<Option<bool>>()?).is_none(),
                other => {
                    return Err(de::Error::unknown_field(
                        other,
                        &["id", "parent", "handover", "cross_silo"],
                    ))
                }
            };
            if !fresh {
                return Err(de::Error::custom("repeated key"));
            }
        }
        Ok(Org {
            id: id.ok_or_else(|| de::Error::missing_field("id"))?,
            parent_first,
            parent: parent.flatten(),
            handover: handover.flatten().unwrap_or(false),
            cross_silo: cross_silo.flatten().unwrap_or(false),
        })
    }
}

/// A config read directly, not yet validated.
pub(crate) struct Reading {
    builder: EngineBuilder,
    /// The policy, under its key (warnings are sorted by it).
    policy: Value,
    /// The top-level keys present, in document order.
    keys: Vec<TopKey>,
    /// Per org, whether `parent` comes before `id`.
    parent_first: Vec<bool>,
}

/// The direct reading of `text`, or `None` when the text needs the careful
/// reading (it is not JSON, or not shaped exactly as a config). A policy
/// that reads with problems is still read here, once: the careful reading
/// would find the same problems in the same value.
pub(crate) fn parse(text: &str) -> Option<Reading> {
    // serde would also read a struct from an array: a config is an object.
    if !text.trim_start().starts_with('{') {
        return None;
    }
    let config: Config = serde_json::from_str(text).ok()?;
    let mut reader = Reader::default();
    if let Some(policy) = &config.policy {
        reader.policy(policy, &Path::Root.key("policy"));
    }
    let mut builder = reader.builder;
    let mut parent_first = Vec::with_capacity(config.orgs.len());
    builder.orgs = config
        .orgs
        .into_iter()
        .map(|org| {
            parent_first.push(org.parent_first);
            Some(OrgSpec {
                id: org.id,
                parent: org.parent,
                handover: org.handover,
                cross_silo: org.cross_silo,
            })
        })
        .collect();
    let mut policy_only = serde_json::Map::new();
    if let Some(policy) = config.policy {
        policy_only.insert("policy".into(), policy);
    }
    Some(Reading {
        builder,
        policy: Value::Object(policy_only),
        keys: config.keys,
        parent_first,
    })
}

impl Reading {
    /// The builder to validate, and what orders its problems and warnings
    /// exactly as the careful reading of the same text would.
    pub(crate) fn split(self) -> (EngineBuilder, Order) {
        let Reading {
            builder,
            policy,
            keys,
            parent_first,
        } = self;
        (
            builder,
            Order {
                policy,
                keys,
                parent_first,
            },
        )
    }
}

/// What a direct reading keeps of the document to put problems in its order.
pub(crate) struct Order {
    policy: Value,
    keys: Vec<TopKey>,
    parent_first: Vec<bool>,
}

impl Order {
    /// Sorts the warnings of a config that builds into document order.
    pub(crate) fn sort_warnings(&self, warnings: &mut [Problem]) {
        sort_in_document_order(&self.policy, warnings);
    }

    /// The error of a config that does not build, its problems in
    /// document order.
    pub(crate) fn in_document_order(self, error: Error) -> Error {
        let outline = outline(self.policy, &self.keys, &self.parent_first, &error);
        in_document_order(&outline, error)
    }
}

/// What of the document problems are sorted by: the policy as it is, and
/// the orgs as a list whose orgs named by a problem hold `id` and `parent`
/// in their document order (no problem of a directly read org names
/// another key), all keys in document order.
fn outline(policy: Value, keys: &[TopKey], parent_first: &[bool], error: &Error) -> Value {
    let mut orgs = vec![Value::Null; parent_first.len()];
    for problem in &error.problems {
        let index = problem
            .path
            .strip_prefix("orgs[")
            .and_then(|rest| rest.split(']').next())
            .and_then(|i| i.parse::<usize>().ok());
        let (Some(slot), Some(&first)) = (
            index.and_then(|i| orgs.get_mut(i)),
            index.and_then(|i| parent_first.get(i)),
        ) else {
            continue;
        };
        let fields = if first { ["parent", "id"] } else { ["id", "parent"] };
        *slot = Value::Object(fields.iter().map(|&k| (k.to_owned(), Value::Null)).collect());
    }
    let mut policy = match policy {
        Value::Object(mut map) => map.remove("policy"),
        _ => None,
    };
    let mut orgs = Some(Value::Array(orgs));
    let mut top = serde_json::Map::new();
    for key in keys {
        let (name, value) = match key {
            TopKey::Orgs => ("orgs", orgs.take()),
            TopKey::Policy => ("policy", policy.take()),
        };
        top.insert(name.to_owned(), value.unwrap_or(Value::Null));
    }
    Value::Object(top)
}

#[cfg(test)]
mod tests {
    use super::parse;
    use crate::Engine;

    /// Configs that read directly but do not build, or build with
    /// warnings: the direct reading answers them itself (no second parse),
    /// and must answer exactly as the careful reading of the same value.
    #[test]
    fn problems_found_after_a_direct_reading_are_those_of_the_careful_one() {
        let wf_warn = r#"{"stages": [{"id": "a", "initial": true}, {"id": "b", "terminal": true}],
            "actions": [{"id": "go", "from": ["a"], "to": "b", "who": {"capability": "nobody_has"}}]}"#;
        let configs = [
            r#"{"policy": {"roles": {"x": ["teleport"], "y": [1, "fly"]}, "zz": 1, "aa": 2}}"#,
            r#"{"policy": {"workflows": {"w": {"x": 1}, "v": {"stages": []}}, "roles": {"r": ["bad"]}}}"#,
            r#"{"policy": {"templates": {"t": {"x": 1, "pending": "P5W", "business_days": {}}}}}"#,
            r#"{"orgs": [{"id": "a"}, {"parent": "nope", "id": "a"}, {"id": "a", "parent": "nope"}],
                "policy": {"roles": {"r": ["bad"]}}}"#,
            r#"{"policy": {"roles": {"r": ["bad"]}},
                "orgs": [{"id": "a"}, {"parent": "nope", "id": "a"}, {"id": "a", "parent": "nope"}]}"#,
            r#"{"orgs": [{"id": "b", "parent": "c"}, {"id": "c", "parent": "b"}, {"id": ""}]}"#,
            r#"{"orgs": [{"parent": "a", "id": "a"}], "policy": {"linking": {"wip_statuses": ["", "linked"]}}}"#,
            &format!(r#"{{"policy": {{"workflows": {{"b": {wf_warn}, "a": {wf_warn}}}}}}}"#),
            &format!(r#"{{"policy": {{"workflows": {{"b": {wf_warn}, "a": {{"x": 1}}}}}}}}"#),
        ];
        for text in configs {
            assert!(parse(text).is_some(), "{text}");
            let careful = crate::json::parse(text).map_err(|_| ());
            let careful = careful.map(|value| Engine::from_value(&value).map(|e| e.warnings().to_vec()));
            let direct = Engine::from_json(text).map(|e| e.warnings().to_vec());
            assert_eq!(Ok(direct), careful, "{text}");
        }
    }

    #[test]
    fn only_exact_configs_take_the_direct_reading() {
        assert!(
            parse(r#"{"orgs": [{"id": "a", "parent": null, "handover": true}], "policy": {}}"#).is_some()
        );
        for careful in [
            "[]",
            r#"{"orgs": [["a"]]}"#,
            r#"{"orgs": [{"id": "a", "colour": "red"}]}"#,
            r#"{"orgs": [{"id": "a", "id": "b"}]}"#,
            r#"{"orgs": [{"id": 7}]}"#,
            r#"{"extra": 1}"#,
            r#"{"policy": null}"#,
        ] {
            assert!(parse(careful).is_none(), "{careful}");
        }
        // A null policy is refused whichever reading runs, as a null
        // `orgs` is (the fuzz target compares the two readings).
        let null_policy = Engine::from_json(r#"{"policy": null}"#).err();
        assert_eq!(null_policy.map(|e| e.path), Some("policy".to_owned()));
        // Which reading ran does not show in the answer; a config that reads
        // but does not validate is read again, carefully.
        let unknown = Engine::from_json(r#"{"policy": {"roles": {"x": ["teleport"]}}}"#).err();
        assert_eq!(unknown.map(|e| e.path), Some("policy.roles.x[0]".to_owned()));
        let error = Engine::from_json(r#"{"orgs": [["a"]]}"#).err();
        assert_eq!(error.map(|e| e.path), Some("orgs[0]".to_owned()));
        // A repeated key is refused by the careful reading, with its path.
        for (text, path) in [
            (r#"{"orgs": [{"id": "a", "id": "b"}]}"#, "orgs[0].id"),
            (r#"{"orgs": [], "orgs": []}"#, "orgs"),
            (
                r#"{"policy": {"roles": {"x": [], "x": ["assign"]}}}"#,
                "policy.roles.x",
            ),
        ] {
            let error = Engine::from_json(text).err();
            assert_eq!(
                error.map(|e| (e.code, e.path)),
                Some((crate::ErrorCode::InvalidConfig, path.to_owned())),
                "{text}"
            );
        }
    }
}
