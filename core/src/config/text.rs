//! Reading config text: one pass over the text, every problem found by the
//! one config reader ([`Reader`]), in document order.
//!
//! The pass never builds a value tree of the orgs: an org written exactly
//! as the format says (`id` a string, `parent` a string or null, the flags
//! true, false or null, no other key) becomes its [`OrgSpec`] as it is
//! read; any other org entry is handed, as the small value it is, to
//! [`Reader::org`], which reports each of its problems with its path. The
//! policy and unknown keys are read as values by the same reader. So a
//! config of a million orgs with a few wrong ones is read once, and every
//! problem is listed, exactly as [`super::parse`] lists them for the parsed
//! value.
//!
//! What JSON itself refuses (text that is not JSON, a repeated key) is
//! named by the JSON reader ([`json::parse`]), as is a config whose shape
//! the pass does not stream (not an object at the root, `orgs` an object,
//! an org entry an array, a known org field an array or an object):
//! those are read as one value by [`super::parse`].

use std::borrow::Cow;
use std::collections::HashSet;
use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};

use crate::builder::EngineBuilder;
use crate::config::{in_document_order, parse, sort_in_document_order, Reader, ORG_KEYS, TOP_KEYS};
use crate::error::{Error, Problem};
use crate::json::{self, Refusal, StrictValue};
use crate::orgs::OrgSpec;
use crate::path::Path;

/// Reads config text into a builder carrying every problem reading found,
/// and what orders the problems the build adds (and its warnings) as the
/// document has them.
pub(crate) fn read(text: &str) -> Result<(EngineBuilder, Order<'static>), Error> {
    if let Some(reading) = stream(text) {
        return Ok(reading);
    }
    let value = json::parse(text).map_err(refused)?;
    let builder = parse(&value)?;
    Ok((builder, Order::Document(Cow::Owned(value))))
}

/// The error for text JSON refuses.
fn refused(refusal: Refusal) -> Error {
    Error::invalid_config(vec![match refusal {
        Refusal::NotJson(e) => Problem {
            path: String::new(),
            message: format!("the config is not valid JSON: {e}"),
        },
        Refusal::Repeated(path) => Problem {
            path,
            message: "this key appears twice in its object: which one is meant is not clear".to_owned(),
        },
    }])
}

/// The one pass, or `None` when the text is for [`json::parse`] and
/// [`super::parse`] instead (see the module's comment).
fn stream(text: &str) -> Option<(EngineBuilder, Order<'static>)> {
    // serde would also read a map from an array: a config is an object.
    if !text.trim_start().starts_with('{') {
        return None;
    }
    let mut reading = Reading::default();
    let mut deserializer = serde_json::Deserializer::from_str(text);
    TopSeed(&mut reading).deserialize(&mut deserializer).ok()?;
    deserializer.end().ok()?;
    Some(reading.finish())
}

/// What the pass gathers.
#[derive(Default)]
struct Reading {
    reader: Reader,
    /// The top-level keys in document order.
    keys: Vec<String>,
    /// `orgs` when it is not an array (its problem is reported at the end).
    orgs_value: Option<Value>,
    policy: Option<Value>,
    /// Per org entry, whether `parent` comes before `id` (for the order of
    /// an exact org's problems).
    parent_first: Vec<bool>,
    /// The org entries that were not exact, by index, as read.
    irregular: Vec<(usize, Value)>,
}

impl Reading {
    fn finish(mut self) -> (EngineBuilder, Order<'static>) {
        let root = Path::Root;
        let top: Map<String, Value> = self.keys.iter().map(|k| (k.clone(), Value::Null)).collect();
        self.reader.unknown_keys(&top, TOP_KEYS, &root);
        if let Some(orgs) = &self.orgs_value {
            self.reader.orgs(orgs, &root.key("orgs"));
        }
        if let Some(policy) = &self.policy {
            self.reader.policy(policy, &root.key("policy"));
        }
        let outline = Outline {
            keys: self.keys,
            orgs_value: self.orgs_value,
            policy: self.policy,
            parent_first: self.parent_first,
            irregular: self.irregular,
        };
        (self.reader.builder, Order::Outline(Box::new(outline)))
    }
}

/// The config as the pass saw it, for putting problems in document order
/// without a value tree of the orgs.
pub(crate) struct Outline {
    keys: Vec<String>,
    orgs_value: Option<Value>,
    policy: Option<Value>,
    parent_first: Vec<bool>,
    irregular: Vec<(usize, Value)>,
}

/// What puts problems and warnings in the order of the document.
pub(crate) enum Order<'v> {
    /// The document itself, as a value.
    Document(Cow<'v, Value>),
    /// What the one pass kept of it.
    Outline(Box<Outline>),
}

impl Order<'_> {
    /// Sorts the warnings of a config that builds into document order
    /// (they are all under `policy`).
    pub(crate) fn sort_warnings(self, warnings: &mut [Problem]) {
        match self {
            Order::Document(config) => sort_in_document_order(&config, warnings),
            Order::Outline(outline) => {
                let mut policy_only = Map::new();
                if let Some(policy) = outline.policy {
                    policy_only.insert("policy".into(), policy);
                }
                sort_in_document_order(&Value::Object(policy_only), warnings);
            }
        }
    }

    /// The error of a config that does not build, its problems in
    /// document order.
    pub(crate) fn in_document_order(self, error: Error) -> Error {
        match self {
            Order::Document(config) => in_document_order(&config, error),
            Order::Outline(outline) => {
                let document = outline.document(&error);
                in_document_order(&document, error)
            }
        }
    }
}

impl Outline {
    /// The document as far as problems are sorted by it: the policy as it
    /// is, each irregular org as read, and each exact org a problem names
    /// as `id` and `parent` in their document order (no problem of an
    /// exact org names another key); every key in document order.
    fn document(self, error: &Error) -> Value {
        let mut orgs = vec![Value::Null; self.parent_first.len()];
        for (index, entry) in self.irregular {
            if let Some(slot) = orgs.get_mut(index) {
                *slot = entry;
            }
        }
        for problem in &error.problems {
            let index = problem.path.strip_prefix("orgs[").and_then(|rest| {
                let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
                rest.get(..digits)?.parse::<usize>().ok()
            });
            // Once per org: an irregular one has its entry already, and an
            // org of many problems gets one outline.
            let (Some(slot), Some(&first)) = (
                index.and_then(|i| orgs.get_mut(i)).filter(|slot| slot.is_null()),
                index.and_then(|i| self.parent_first.get(i)),
            ) else {
                continue;
            };
            let fields = if first { ["parent", "id"] } else { ["id", "parent"] };
            *slot = Value::Object(fields.iter().map(|&k| (k.to_owned(), Value::Null)).collect());
        }
        let mut orgs = Some(self.orgs_value.unwrap_or(Value::Array(orgs)));
        let mut policy = self.policy;
        let top = self
            .keys
            .into_iter()
            .map(|key| {
                let value = match key.as_str() {
                    "orgs" => orgs.take(),
                    "policy" => policy.take(),
                    _ => None,
                };
                (key, value.unwrap_or(Value::Null))
            })
            .collect();
        Value::Object(top)
    }
}

/// The keys of one object seen so far: a few compared in place, more
/// hashed (an object of a million unknown keys stays linear).
#[derive(Default)]
struct Seen<'de> {
    few: Vec<Cow<'de, str>>,
    many: HashSet<Cow<'de, str>>,
}

impl<'de> Seen<'de> {
    /// Records `key`; false if it was seen before.
    /// A borrowed key is cloned for free; an escaped one is rare.
    fn insert(&mut self, key: Cow<'de, str>) -> bool {
        if self.many.is_empty() {
            if self.few.contains(&key) {
                return false;
            }
            if self.few.len() < 8 {
                self.few.push(key);
                return true;
            }
            self.many.extend(self.few.drain(..));
        }
        self.many.insert(key)
    }
}

/// A refusal that sends the text to [`json::parse`] and [`super::parse`].
fn elsewhere<E: de::Error>(why: &str) -> E {
    E::custom(why)
}

/// The root object.
struct TopSeed<'r>(&'r mut Reading);

impl<'de> DeserializeSeed<'de> for TopSeed<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_map(self)
    }
}

/// The scalar visits of a visitor whose `scalar` method takes any JSON
/// scalar where it wanted an array or object (to hand it to the one
/// `Reader`, which reports it at its path).
macro_rules! scalar_visits {
    () => {
        fn visit_unit<E: de::Error>(self) -> Result<(), E> {
            self.scalar(Value::Null)
        }

        fn visit_bool<E: de::Error>(self, v: bool) -> Result<(), E> {
            self.scalar(Value::Bool(v))
        }

        fn visit_i64<E: de::Error>(self, v: i64) -> Result<(), E> {
            self.scalar(Value::from(v))
        }

        fn visit_u64<E: de::Error>(self, v: u64) -> Result<(), E> {
            self.scalar(Value::from(v))
        }

        fn visit_f64<E: de::Error>(self, v: f64) -> Result<(), E> {
            self.scalar(Value::from(v))
        }

        fn visit_str<E: de::Error>(self, v: &str) -> Result<(), E> {
            self.scalar(Value::String(v.to_owned()))
        }
    };
}

impl<'de> Visitor<'de> for TopSeed<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a config object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let reading = self.0;
        let mut seen = Seen::default();
        while let Some(key) = map.next_key_seed(json::Key)? {
            if !seen.insert(key.clone()) {
                return Err(elsewhere("repeated key"));
            }
            match &*key {
                "orgs" => map.next_value_seed(OrgsSeed(reading))?,
                "policy" => {
                    let StrictValue(policy) = map.next_value()?;
                    reading.policy = Some(policy);
                }
                // Checked (a repeat inside is refused) but not kept: an
                // unknown key's problem is its name.
                _ => {
                    let _: StrictValue = map.next_value()?;
                }
            }
            reading.keys.push(key.into_owned());
        }
        Ok(())
    }
}

/// The value of `orgs`: an array, read entry by entry; a scalar is kept
/// for its problem; an object goes elsewhere.
struct OrgsSeed<'r>(&'r mut Reading);

impl<'de> DeserializeSeed<'de> for OrgsSeed<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl OrgsSeed<'_> {
    fn scalar<E>(self, value: Value) -> Result<(), E> {
        self.0.orgs_value = Some(value);
        Ok(())
    }
}

impl<'de> Visitor<'de> for OrgsSeed<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an array of orgs")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let reading = self.0;
        if let Some(hint) = seq.size_hint() {
            reading.reader.builder.orgs.reserve(hint);
            reading.parent_first.reserve(hint);
        }
        let mut index = 0;
        while seq.next_element_seed(OrgSeed { reading, index })?.is_some() {
            index += 1;
        }
        Ok(())
    }

    fn visit_map<A: MapAccess<'de>>(self, _: A) -> Result<(), A::Error> {
        Err(elsewhere("orgs is an object"))
    }

    scalar_visits!();
}

/// One entry of `orgs`.
struct OrgSeed<'r> {
    reading: &'r mut Reading,
    index: usize,
}

impl<'de> DeserializeSeed<'de> for OrgSeed<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl OrgSeed<'_> {
    /// An entry that is not exact: the one reader reads it as a value.
    fn irregular(self, entry: Value) {
        let path = Path::Root.key("orgs");
        let org = self.reading.reader.org(&entry, &path.index(self.index));
        self.reading.reader.builder.orgs.push(org);
        self.reading.parent_first.push(false);
        self.reading.irregular.push((self.index, entry));
    }

    fn scalar<E>(self, entry: Value) -> Result<(), E> {
        self.irregular(entry);
        Ok(())
    }
}

/// The value of a known org field: a scalar as it is (an array or an
/// object there is rare, and read as part of the whole value elsewhere).
/// Not a [`Value`] until the org turns out not exact.
enum Scalar {
    Null,
    Bool(bool),
    Str(String),
    Number(Value),
}

impl Scalar {
    fn into_value(self) -> Value {
        match self {
            Scalar::Null => Value::Null,
            Scalar::Bool(b) => Value::Bool(b),
            Scalar::Str(s) => Value::String(s),
            Scalar::Number(n) => n,
        }
    }
}

struct Field;

impl<'de> DeserializeSeed<'de> for Field {
    type Value = Scalar;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Scalar, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Field {
    type Value = Scalar;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string, true, false or null")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Scalar, E> {
        Ok(Scalar::Str(v.to_owned()))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Scalar, E> {
        Ok(Scalar::Str(v))
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Scalar, E> {
        Ok(Scalar::Bool(v))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Scalar, E> {
        Ok(Scalar::Null)
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Scalar, E> {
        Ok(Scalar::Number(Value::from(v)))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Scalar, E> {
        Ok(Scalar::Number(Value::from(v)))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Scalar, E> {
        Ok(Scalar::Number(Value::from(v)))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, _: A) -> Result<Scalar, A::Error> {
        Err(elsewhere("an org field is an array"))
    }

    fn visit_map<A: MapAccess<'de>>(self, _: A) -> Result<Scalar, A::Error> {
        Err(elsewhere("an org field is an object"))
    }
}

/// The known fields of an org read so far (taken), as a map in the order
/// the document has them: they hold the positions before the first
/// unknown key, so each position is looked up among four.
fn in_document_order_of(fields: &mut [Option<(usize, Scalar)>; 4]) -> Map<String, Value> {
    let count = fields.iter().filter(|f| f.is_some()).count();
    let mut read = Map::with_capacity(count + 1);
    for at in 0..count {
        let found = ORG_KEYS
            .iter()
            .zip(fields.iter_mut())
            .find(|(_, field)| matches!(field, Some((p, _)) if *p == at));
        if let Some((key, field)) = found {
            if let Some((_, value)) = field.take() {
                read.insert((*key).to_owned(), value.into_value());
            }
        }
    }
    read
}

impl<'de> Visitor<'de> for OrgSeed<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an org object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        // The known fields as read, with their positions: an exact org
        // allocates nothing here but its strings. From the first unknown
        // key on, the entry is kept as the value the one reader reads
        // (its map refuses a repeat), an unknown key's value checked and
        // dropped.
        let mut fields: [Option<(usize, Scalar)>; 4] = Default::default();
        let mut entry: Option<Map<String, Value>> = None;
        let mut position = 0;
        while let Some(key) = map.next_key_seed(json::Key)? {
            let known = match &*key {
                "id" => Some(0),
                "parent" => Some(1),
                "handover" => Some(2),
                "cross_silo" => Some(3),
                _ => None,
            };
            let value = match known {
                Some(_) => map.next_value_seed(Field)?,
                None => map.next_value::<StrictValue>().map(|_| Scalar::Null)?,
            };
            if let Some(entry) = entry.as_mut() {
                if entry.insert(key.into_owned(), value.into_value()).is_some() {
                    return Err(elsewhere("repeated key"));
                }
                continue;
            }
            match known.and_then(|i| fields.get_mut(i)) {
                Some(Some(_)) => return Err(elsewhere("repeated key")),
                Some(slot) => *slot = Some((position, value)),
                None => {
                    let mut read = in_document_order_of(&mut fields);
                    read.insert(key.into_owned(), Value::Null);
                    entry = Some(read);
                }
            }
            position += 1;
        }
        if let Some(entry) = entry {
            self.irregular(Value::Object(entry));
            return Ok(());
        }
        let flag =
            |f: &Option<(usize, Scalar)>| matches!(f, None | Some((_, Scalar::Null | Scalar::Bool(_))));
        let [id, parent, handover, cross_silo] = &fields;
        let exact = matches!(id, Some((_, Scalar::Str(_))))
            && matches!(parent, None | Some((_, Scalar::Null | Scalar::Str(_))))
            && flag(handover)
            && flag(cross_silo);
        if !exact {
            let entry = in_document_order_of(&mut fields);
            self.irregular(Value::Object(entry));
            return Ok(());
        }
        let [id, parent, handover, cross_silo] = fields;
        let (Some((id_at, Scalar::Str(id))), parent) = (id, parent) else {
            return Ok(());
        };
        let parent_first = matches!(parent, Some((at, _)) if at < id_at);
        let set = |f: Option<(usize, Scalar)>| matches!(f, Some((_, Scalar::Bool(true))));
        self.reading.reader.builder.orgs.push(Some(OrgSpec {
            id,
            parent: match parent {
                Some((_, Scalar::Str(parent))) => Some(parent),
                _ => None,
            },
            handover: set(handover),
            cross_silo: set(cross_silo),
        }));
        self.reading.parent_first.push(parent_first);
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, _: A) -> Result<(), A::Error> {
        Err(elsewhere("an org entry is an array"))
    }

    scalar_visits!();
}

#[cfg(test)]
mod tests {
    use super::stream;
    use crate::Engine;

    /// The one pass reads configs with problems anywhere (unknown keys at
    /// the top or in an org, wrongly typed org fields, a null policy, orgs
    /// not an array) and answers exactly as the reading of the parsed
    /// value: the same problems, paths, messages and order, the same
    /// warnings.
    #[test]
    fn the_pass_answers_as_the_reading_of_the_value() {
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
            // Irregular orgs among exact ones, read by the one reader.
            r#"{"zz": 1, "orgs": [{"id": "a"}, {"colour": "red", "id": "b", "parent": 7},
                {"id": 7, "handover": "yes"}, "x", null, {"id": "d", "parent": "zz"},
                {"cross_silo": false, "id": "e", "deep": {"k": [1, {"j": 2}]}}], "aa": {}}"#,
            r#"{"orgs": [{"id": "a", "colour": "red"}], "policy": {"roles": {"r": ["bad"]}}}"#,
            r#"{"orgs": [{"parent": null}], "extra": 1}"#,
            // Keys are compared as decoded: an escaped known key is that
            // key, an escaped unknown one is named as decoded.
            r#"{"orgs": [{"i\u0064": "a"}, {"p\u0061rent": "a", "id": "b", "c\u00f6lour": 1}],
                "p\u006flicy": {"roles": {"r": ["bad"]}}}"#,
            r#"{"orgs": "all of them", "policy": null}"#,
            r#"{"orgs": 3}"#,
            r#"{"policy": null}"#,
            r#"{"orgs": [{"id": "a", "handover": true}, {"id": "b", "parent": "a", "cross_silo": 1}]}"#,
            &format!(
                r#"{{"orgs": [{{"id": "a", {}}}]}}"#,
                (0..40)
                    .map(|i| format!(r#""k{i}": {i}"#))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        ];
        for text in configs {
            assert!(stream(text).is_some(), "{text}");
            let value = crate::json::parse(text).map_err(|_| ());
            let careful = value.map(|value| Engine::from_value(&value).map(|e| e.warnings().to_vec()));
            let direct = Engine::from_json(text).map(|e| e.warnings().to_vec());
            assert_eq!(Ok(direct), careful, "{text}");
        }
    }

    #[test]
    fn what_json_refuses_and_shapes_not_streamed_are_read_as_a_value() {
        for text in [
            "[]",
            "7",
            r#"{"orgs": [["a"]]}"#,
            r#"{"orgs": {"a": 1}}"#,
            r#"{"orgs": [{"id": "a", "id": "b"}]}"#,
            r#"{"orgs": [{"id": "a", "i\u0064": "b"}]}"#,
            r#"{"orgs": [], "orgs": []}"#,
            r#"{"policy": {"roles": {"x": [], "x": ["assign"]}}}"#,
            r#"{"orgs": [{"id": "a", "x": {"k": 1, "k": 2}}]}"#,
            r#"{"orgs": [{"id": "a", "cross_silo": []}]}"#,
            r#"{"orgs": [{"id": "a"}"#,
        ] {
            assert!(stream(text).is_none(), "{text}");
        }
        let error = Engine::from_json(r#"{"orgs": [["a"]]}"#).err();
        assert_eq!(error.map(|e| e.path), Some("orgs[0]".to_owned()));
        let error = Engine::from_json(r#"{"policy": null}"#).err();
        assert_eq!(error.map(|e| e.path), Some("policy".to_owned()));
        // A repeated key is named with its path, wherever it is.
        for (text, path) in [
            (r#"{"orgs": [{"id": "a", "id": "b"}]}"#, "orgs[0].id"),
            (r#"{"orgs": [], "orgs": []}"#, "orgs"),
            (
                r#"{"policy": {"roles": {"x": [], "x": ["assign"]}}}"#,
                "policy.roles.x",
            ),
            (r#"{"orgs": [{"id": "a", "x": {"k": 1, "k": 2}}]}"#, "orgs[0].x.k"),
        ] {
            let error = Engine::from_json(text).err();
            assert_eq!(
                error.map(|e| (e.code, e.path)),
                Some((crate::ErrorCode::InvalidConfig, path.to_owned())),
                "{text}"
            );
        }
    }

    /// Random configs of exact and irregular orgs (keys in any order,
    /// wrong types, unknown keys, entries that are not objects), unknown
    /// top-level keys and a policy with problems: the pass and the reading
    /// of the value agree on every one.
    #[test]
    fn random_configs_read_alike_as_text_and_as_value() {
        let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut roll = |n: u64| {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (state >> 33) % n
        };
        let values = [
            r#""a""#, r#""b""#, r#""o1""#, "null", "true", "false", "7", "[]", "{}", r#""""#,
        ];
        let pick = |i: u64| values.get(i as usize).copied().unwrap_or("null").to_owned();
        let mut streamed = 0;
        for _ in 0..400 {
            let mut orgs = Vec::new();
            for i in 0..roll(6) {
                if roll(8) == 0 {
                    orgs.push(pick(roll(values.len() as u64)));
                    continue;
                }
                let mut fields = Vec::new();
                for key in ["id", "parent", "handover", "cross_silo", "colour"] {
                    let value = match (key, roll(4)) {
                        ("colour", 0..=2) => continue,
                        ("id", 0..=2) => format!(r#""o{i}""#),
                        ("parent", 0) => format!(r#""o{}""#, roll(6)),
                        ("handover" | "cross_silo", 0..=1) => "true".to_owned(),
                        (_, 0..=1) => continue,
                        _ => pick(roll(values.len() as u64)),
                    };
                    fields.push(format!(r#""{key}": {value}"#));
                }
                let at = roll(fields.len() as u64 + 1) as usize;
                let len = fields.len();
                fields.rotate_left(at.min(len));
                orgs.push(format!("{{{}}}", fields.join(", ")));
            }
            let mut top = vec![format!(r#""orgs": [{}]"#, orgs.join(", "))];
            if roll(2) == 0 {
                top.push(r#""policy": {"roles": {"r": ["assign", "teleport"]}, "x": 1}"#.to_owned());
            }
            if roll(3) == 0 {
                top.push(r#""extra": {"k": [1, 2]}"#.to_owned());
            }
            let at = roll(top.len() as u64) as usize;
            top.rotate_left(at);
            let text = format!("{{{}}}", top.join(", "));
            // An org entry that is an array, or a known field that is an
            // array or an object, is read as a value, not streamed.
            streamed += usize::from(stream(&text).is_some());
            let value = crate::json::parse(&text).map_err(|_| ());
            let careful = value.map(|value| Engine::from_value(&value).map(|e| e.warnings().to_vec()));
            let direct = Engine::from_json(&text).map(|e| e.warnings().to_vec());
            assert_eq!(Ok(direct), careful, "{text}");
        }
        assert!(streamed > 150, "{streamed}");
    }
}
