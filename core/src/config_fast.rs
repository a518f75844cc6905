//! The direct reading of a well-formed config text: orgs are deserialized
//! straight into [`OrgSpec`]s (no `Value` tree of a million objects), the
//! small policy part as a value read by the usual reader. Any deviation —
//! an unknown key, a wrong type, a repeated key — makes this reading give
//! up, and the caller reads the whole text the careful way, which reports
//! every problem with its path.

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::Deserialize;
use serde_json::Value;

use crate::config::Reader;
use crate::engine::EngineBuilder;
use crate::json::StrictValue;
use crate::orgs::OrgSpec;
use crate::path::Path;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Config {
    #[serde(default)]
    orgs: Vec<Org>,
    // Read strictly: a repeated key sends the text to the careful reading,
    // which names it.
    #[serde(default)]
    policy: Option<StrictValue>,
}

/// One org, read from an object only (serde's derive would also accept
/// an array, which the careful reading refuses).
struct Org {
    id: String,
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
        while let Some(key) = map.next_key::<Cow<'de, str>>()? {
            let fresh = match &*key {
                "id" => id.replace(map.next_value::<String>()?).is_none(),
                "parent" => parent.replace(map.next_value::<Option<String>>()?).is_none(),
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
            parent: parent.flatten(),
            handover: handover.flatten().unwrap_or(false),
            cross_silo: cross_silo.flatten().unwrap_or(false),
        })
    }
}

/// The builder for `text` and the policy part as a config of its own (to
/// put warnings in document order), or `None` when the text needs the
/// careful reading (it is not JSON, or not shaped exactly as a config).
pub(crate) fn parse(text: &str) -> Option<(EngineBuilder, Value)> {
    // serde would also read a struct from an array: a config is an object.
    if !text.trim_start().starts_with('{') {
        return None;
    }
    let config: Config = serde_json::from_str(text).ok()?;
    let mut reader = Reader::default();
    let policy = config.policy.map(|StrictValue(policy)| policy);
    if let Some(policy) = &policy {
        reader.policy(policy, &Path::Root.key("policy"));
    }
    if !reader.builder.problems.is_empty() {
        return None;
    }
    let mut builder = reader.builder;
    builder.orgs = config
        .orgs
        .into_iter()
        .map(|org| {
            Some(OrgSpec {
                id: org.id,
                parent: org.parent,
                handover: org.handover,
                cross_silo: org.cross_silo,
            })
        })
        .collect();
    let mut policy_only = serde_json::Map::new();
    if let Some(policy) = policy {
        policy_only.insert("policy".into(), policy);
    }
    Some((builder, Value::Object(policy_only)))
}

#[cfg(test)]
mod tests {
    use super::parse;
    use crate::Engine;

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
        ] {
            assert!(parse(careful).is_none(), "{careful}");
        }
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
