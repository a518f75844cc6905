//! JSON text read strictly: an object that names a key twice is refused
//! with the path of the repeat. serde_json would keep the last value
//! silently, so `{"to": "hq", "to": "south"}` would be answered for `south`
//! while a log or another parser reads `hq`.
//!
//! A [`Shape`] says which parts of a document its reader reads; the rest is
//! checked exactly as a built value would be (JSON syntax, the nesting
//! limit, repeated keys) but never built, so a request's ignored keys cost
//! time in proportion to their text and no memory beyond the keys of the
//! objects open at one time.

use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::HashSet;
use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use serde_json::map::Entry;
use serde_json::{Map, Number, Value};
use smallvec::SmallVec;

mod nodes;

/// Why text was not read.
#[derive(Debug)]
pub(crate) enum Refusal {
    /// Not JSON (nesting past the parser's depth included).
    NotJson(serde_json::Error),
    /// An object repeats a key: the path of the second one.
    Repeated(String),
}

/// What a reader takes from a value. Where the value is not of the shape's
/// JSON type, its reader can only report the type it found, so an array or
/// object there stands in as an array or object of the same emptiness
/// (empty, or holding one `null`, or one `null` under the empty key).
#[derive(Debug, Clone, Copy)]
pub(crate) enum Shape {
    /// Everything: the value is built whole.
    Whole,
    /// A scalar: strings, numbers, booleans and null are built; an array
    /// or object stands in.
    Scalar,
    /// A string, built as [`Shape::Scalar`] is; only a string is admitted
    /// as a list's item.
    Text,
    /// An object whose listed keys are read, each with its shape; any other
    /// key is checked and dropped.
    Record(&'static [(&'static str, Shape)]),
    /// An object whose every key is read, each value with the shape (user
    /// data whose keys the reader does not know in advance).
    Map(&'static Shape),
    /// An array whose items are read with the shape, in order, up to the
    /// first that the shape does not admit (not an object for a record or
    /// map, not an array for a list, not a string for text): the reader
    /// refuses that item, so the items after it are checked and dropped.
    List(&'static Shape),
}

impl Shape {
    /// The shape of the value under `key` when it is read, or `None` when
    /// the key is dropped.
    fn under(self, key: &str) -> Option<Shape> {
        match self {
            Shape::Whole => Some(Shape::Whole),
            Shape::Map(value) => Some(*value),
            Shape::Record(keys) => keys.iter().find(|(k, _)| *k == key).map(|&(_, shape)| shape),
            Shape::Scalar | Shape::Text | Shape::List(_) => None,
        }
    }

    /// The key as the record's own table names it, and its shape, when a
    /// record reads `key`; `None` for a key it drops (or any other shape).
    fn field(self, key: &str) -> Option<(&'static str, Shape)> {
        match self {
            Shape::Record(keys) => keys.iter().find(|(k, _)| *k == key).copied(),
            Shape::Whole | Shape::Scalar | Shape::Text | Shape::Map(_) | Shape::List(_) => None,
        }
    }

    /// The shape of an array's items when they are read.
    fn items(self) -> Option<Shape> {
        match self {
            Shape::Whole => Some(Shape::Whole),
            Shape::List(item) => Some(*item),
            Shape::Scalar | Shape::Text | Shape::Record(_) | Shape::Map(_) => None,
        }
    }

    /// Whether a list's reader reads past an item of this shape that is
    /// `value`.
    fn admits(self, value: &Value) -> bool {
        match self {
            Shape::Whole | Shape::Scalar => true,
            Shape::Text => value.is_string(),
            Shape::Record(_) | Shape::Map(_) => value.is_object(),
            Shape::List(_) => value.is_array(),
        }
    }

    /// Whether an object is read at all (a record or map): else it stands in.
    fn reads_objects(self) -> bool {
        matches!(self, Shape::Whole | Shape::Record(_) | Shape::Map(_))
    }
}

/// Reads `text` as one JSON value, refusing repeated keys.
pub(crate) fn parse(text: &str) -> Result<Value, Refusal> {
    parse_shaped(text, Shape::Whole)
}

/// Reads what `shape` describes of `text`, refusing repeated keys anywhere
/// (in the parts dropped too: the same text is refused whatever reads it).
pub(crate) fn parse_shaped(text: &str, shape: Shape) -> Result<Value, Refusal> {
    let repeat = RefCell::new(None);
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let value = Strict {
        shape,
        repeat: &repeat,
    }
    .deserialize(&mut deserializer)
    .and_then(|value| deserializer.end().map(|()| value));
    match (value, repeat.into_inner()) {
        (Ok(value), _) => Ok(value),
        (Err(_), Some(segments)) => Err(Refusal::Repeated(render(segments))),
        (Err(error), None) => Err(Refusal::NotJson(error)),
    }
}

/// Eight copies of a byte, one per byte of a word.
const fn lanes(byte: u8) -> u64 {
    u64::from_ne_bytes([byte; 8])
}

/// The bytes of `word` (little-endian) that a JSON string escapes (`"`,
/// `\\` or a control byte below 0x20), flagged by their top bit; the
/// lowest flag is exact (a borrow only runs upwards from it), the ones
/// above it may not be. A word holds a byte below `n` (for `n` ≤ 0x80)
/// where `(w - n·lanes) & !w & 0x80·lanes` sets its top bit, and a byte
/// equal to `b` where `w ^ b·lanes` holds a zero byte.
fn escaped_bytes(word: u64) -> u64 {
    let below = |word: u64, n: u8| word.wrapping_sub(lanes(n)) & !word & lanes(0x80);
    below(word, 0x20) | below(word ^ lanes(b'"'), 1) | below(word ^ lanes(b'\\'), 1)
}

/// Whether a JSON string escapes `byte`.
fn escaped(byte: u8) -> bool {
    byte < 0x20 || byte == b'"' || byte == b'\\'
}

/// How many bytes `bytes` starts with that a JSON string holds as they
/// are: up to its first `"`, `\\` or control byte, or all of them, found
/// eight bytes at a time. Request text is read by it.
pub(crate) fn plain_len(bytes: &[u8]) -> usize {
    let mut words = bytes.chunks_exact(8);
    let mut at = 0;
    for chunk in &mut words {
        let mut word = [0; 8];
        word.copy_from_slice(chunk);
        let found = escaped_bytes(u64::from_le_bytes(word));
        if found != 0 {
            return at + (found.trailing_zeros() / 8) as usize;
        }
        at += 8;
    }
    let rest = words.remainder();
    at + rest.iter().position(|&b| escaped(b)).unwrap_or(rest.len())
}

/// Whether a JSON string holds all of `bytes` as they are (none is
/// escaped): what an answer's writer asks of each string, nearly always
/// short (a key, a code, an id). Four to seven bytes are one word of two
/// overlapping halves; from eight, the last word overlaps the one before.
pub(crate) fn is_plain(bytes: &[u8]) -> bool {
    let clean = |word: u64| escaped_bytes(word) == 0;
    let half = |four: Option<&[u8; 4]>| four.map_or(0, |four| u64::from(u32::from_le_bytes(*four)));
    match bytes.len() {
        0..=3 => !bytes.iter().any(|&b| escaped(b)),
        4..=7 => clean(half(bytes.first_chunk()) | half(bytes.last_chunk()) << 32),
        _ => {
            let word = |eight: &[u8; 8]| clean(u64::from_le_bytes(*eight));
            bytes.last_chunk().is_some_and(word)
                && bytes
                    .chunks_exact(8)
                    .all(|chunk| chunk.first_chunk().is_some_and(word))
        }
    }
}

/// A document read as a [`Shape`] describes it, its strings borrowed from
/// the text: what the text entry reads a request from. It holds exactly
/// what [`parse_shaped`] builds (the same parts kept, the same stand-ins),
/// so a reader answers alike from either; a record's keys are those of the
/// shape's table (no key is copied or hashed), and a part the shape reads
/// whole or as a map of the host's own keys is the [`Value`] that
/// [`parse_shaped`] builds for it.
#[derive(Debug)]
pub(crate) enum Node<'t> {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number, as a [`Value`] holds it.
    Number(Number),
    /// A string, borrowed unless it has escapes.
    Str(Cow<'t, str>),
    /// An array read item by item.
    Array(Vec<Node<'t>>),
    /// A record: the keys it reads, in the text's order, each named by the
    /// shape's own table.
    Object(Vec<(&'static str, Node<'t>)>),
    /// A part read as a value (a map, a whole part, or a stand-in).
    Json(Value),
}

impl Node<'_> {
    /// Whether a list's reader reads past an item of `shape` that is this
    /// node ([`Shape::admits`] of the same value).
    fn admitted_by(&self, shape: Shape) -> bool {
        match (self, shape) {
            (Node::Json(value), _) => shape.admits(value),
            (_, Shape::Whole | Shape::Scalar) => true,
            (Node::Str(_), Shape::Text) => true,
            (Node::Object(_), Shape::Record(_) | Shape::Map(_)) => true,
            (Node::Array(_), Shape::List(_)) => true,
            _ => false,
        }
    }
}

/// [`parse_shaped`] into a [`Node`] borrowing from `text`: the same text
/// refused alike, the same parts kept. The text is read by hand in one pass
/// ([`nodes`]); what that reader leaves (text that is not JSON, a repeated
/// key, a key with an escape, ...) is read by [`parse_shaped`] into the
/// value it holds, so every refusal and its wording is serde_json's.
pub(crate) fn parse_nodes(text: &str, shape: Shape) -> Result<Node<'_>, Refusal> {
    match nodes::read(text, shape) {
        Some(node) => Ok(node),
        None => parse_shaped(text, shape).map(Node::Json),
    }
}

/// A value read strictly inside a document serde reads for us (the policy
/// of a config): a repeated key fails the whole read.
pub(crate) struct StrictValue(pub(crate) Value);

impl<'de> Deserialize<'de> for StrictValue {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let repeat = RefCell::new(None);
        Strict {
            shape: Shape::Whole,
            repeat: &repeat,
        }
        .deserialize(deserializer)
        .map(StrictValue)
    }
}

/// One step of the path to a repeated key, innermost first while the
/// error travels out.
enum Segment {
    Key(String),
    Index(usize),
}

fn render(mut segments: Vec<Segment>) -> String {
    segments.reverse();
    let mut path = String::new();
    for segment in segments {
        match segment {
            Segment::Key(key) => {
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(&key);
            }
            Segment::Index(index) => path.push_str(&format!("[{index}]")),
        }
    }
    path
}

/// Where the path of a repeated key is recorded as the error travels out.
type Repeat<'r> = &'r RefCell<Option<Vec<Segment>>>;

/// Adds `segment` to the path of a repeat found below it, if any.
fn through(repeat: Repeat<'_>, segment: impl FnOnce() -> Segment) {
    if let Some(path) = repeat.borrow_mut().as_mut() {
        path.push(segment());
    }
}

/// Records `key` as the repeat and fails the read.
fn repeated<E: de::Error>(repeat: Repeat<'_>, key: &str) -> E {
    *repeat.borrow_mut() = Some(vec![Segment::Key(key.to_owned())]);
    E::custom("repeated key")
}

/// An array or object that is checked but not read: its type and emptiness.
fn stand_in_array(empty: bool) -> Value {
    Value::Array(if empty { Vec::new() } else { vec![Value::Null] })
}

fn stand_in_object(empty: bool) -> Value {
    let mut object = Map::new();
    if !empty {
        object.insert(String::new(), Value::Null);
    }
    Value::Object(object)
}

/// The keys of an object seen so far, to refuse a repeat. Borrowed from the
/// text when the key has no escapes, which is nearly always; a few are
/// compared in place (no allocation for the small objects that nest deep),
/// more are hashed (linear time for an object of a million keys).
#[derive(Default)]
struct Keys<'de> {
    few: SmallVec<[Cow<'de, str>; FEW_KEYS]>,
    many: HashSet<Cow<'de, str>>,
}

/// Keys compared one by one before they are hashed.
const FEW_KEYS: usize = 8;

impl<'de> Keys<'de> {
    /// Records `key`; a key seen before is refused.
    fn insert<E: de::Error>(&mut self, key: Cow<'de, str>, repeat: Repeat<'_>) -> Result<(), E> {
        // A borrowed key is cloned for free; an escaped one is rare.
        if self.add(key.clone()) {
            Ok(())
        } else {
            Err(repeated(repeat, &key))
        }
    }

    /// Records `key`: whether it is new.
    fn add(&mut self, key: Cow<'de, str>) -> bool {
        if self.many.is_empty() && self.few.contains(&key) {
            return false;
        }
        if self.many.is_empty() && self.few.len() < FEW_KEYS {
            self.few.push(key);
            return true;
        }
        self.many.extend(self.few.drain(..));
        self.many.insert(key)
    }

    /// Whether no key was seen.
    fn is_empty(&self) -> bool {
        self.few.is_empty() && self.many.is_empty()
    }
}

/// An object key as the text has it (borrowed when it can be: serde's own
/// `Cow<str>` always allocates).
pub(crate) struct Key;

impl<'de> DeserializeSeed<'de> for Key {
    type Value = Cow<'de, str>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for Key {
    type Value = Cow<'de, str>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object key")
    }

    fn visit_borrowed_str<E>(self, value: &'de str) -> Result<Self::Value, E> {
        Ok(Cow::Borrowed(value))
    }

    fn visit_str<E>(self, value: &str) -> Result<Self::Value, E> {
        Ok(Cow::Owned(value.to_owned()))
    }

    fn visit_string<E>(self, value: String) -> Result<Self::Value, E> {
        Ok(Cow::Owned(value))
    }
}

/// Reads one value as its shape says; records the path of a repeated key
/// in `repeat`.
#[derive(Clone, Copy)]
struct Strict<'r> {
    shape: Shape,
    repeat: Repeat<'r>,
}

impl<'de> DeserializeSeed<'de> for Strict<'_> {
    type Value = Value;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Strict<'_> {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_bool<E>(self, value: bool) -> Result<Value, E> {
        Ok(Value::Bool(value))
    }

    fn visit_i64<E>(self, value: i64) -> Result<Value, E> {
        Ok(Value::Number(value.into()))
    }

    fn visit_u64<E>(self, value: u64) -> Result<Value, E> {
        Ok(Value::Number(value.into()))
    }

    fn visit_f64<E>(self, value: f64) -> Result<Value, E> {
        Ok(Number::from_f64(value).map_or(Value::Null, Value::Number))
    }

    fn visit_str<E>(self, value: &str) -> Result<Value, E> {
        Ok(Value::String(value.to_owned()))
    }

    fn visit_string<E>(self, value: String) -> Result<Value, E> {
        Ok(Value::String(value))
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let Some(shape) = self.shape.items() else {
            let held = Skip(self.repeat).visit_seq(seq)?;
            return Ok(stand_in_array(!held));
        };
        let item = Strict { shape, ..self };
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
        // Past an item the reader refuses, the rest is only checked.
        let mut refused = false;
        let mut index = 0;
        loop {
            let next = if refused {
                seq.next_element_seed(Skip(self.repeat))
                    .map(|read| read.map(|_| None))
            } else {
                seq.next_element_seed(item).map(|read| read.map(Some))
            };
            match next {
                Ok(Some(Some(value))) => {
                    refused = !shape.admits(&value);
                    items.push(value);
                }
                Ok(Some(None)) => {}
                Ok(None) => return Ok(Value::Array(items)),
                Err(error) => {
                    through(self.repeat, || Segment::Index(index));
                    return Err(error);
                }
            }
            index += 1;
        }
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        if !self.shape.reads_objects() {
            let held = Skip(self.repeat).visit_map(map)?;
            return Ok(stand_in_object(!held));
        }
        let mut object = Map::new();
        // The keys dropped, kept apart only to refuse a repeat.
        let mut dropped = Keys::default();
        while let Some(key) = map.next_key_seed(Key)? {
            let Some(shape) = self.shape.under(&key) else {
                dropped.insert(key.clone(), self.repeat)?;
                if let Err(error) = map.next_value_seed(Skip(self.repeat)) {
                    through(self.repeat, || Segment::Key(key.into_owned()));
                    return Err(error);
                }
                continue;
            };
            match object.entry(key.into_owned()) {
                Entry::Occupied(repeat) => return Err(repeated(self.repeat, repeat.key())),
                Entry::Vacant(slot) => match map.next_value_seed(Strict { shape, ..self }) {
                    Ok(value) => {
                        slot.insert(value);
                    }
                    Err(error) => {
                        through(self.repeat, || Segment::Key(slot.key().clone()));
                        return Err(error);
                    }
                },
            }
        }
        Ok(Value::Object(object))
    }
}

/// Checks one value without building it (as [`Strict`] would read it, so
/// that the text is refused alike); answers whether it is an array or
/// object holding anything.
#[derive(Clone, Copy)]
struct Skip<'r>(Repeat<'r>);

impl<'de> DeserializeSeed<'de> for Skip<'_> {
    type Value = bool;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<bool, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Skip<'_> {
    type Value = bool;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_bool<E>(self, _: bool) -> Result<bool, E> {
        Ok(false)
    }

    fn visit_i64<E>(self, _: i64) -> Result<bool, E> {
        Ok(false)
    }

    fn visit_u64<E>(self, _: u64) -> Result<bool, E> {
        Ok(false)
    }

    fn visit_f64<E>(self, _: f64) -> Result<bool, E> {
        Ok(false)
    }

    fn visit_str<E>(self, _: &str) -> Result<bool, E> {
        Ok(false)
    }

    fn visit_unit<E>(self) -> Result<bool, E> {
        Ok(false)
    }

    fn visit_none<E>(self) -> Result<bool, E> {
        Ok(false)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<bool, D::Error> {
        deserializer.deserialize_any(self)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<bool, A::Error> {
        let mut count = 0;
        loop {
            match seq.next_element_seed(self) {
                Ok(Some(_)) => count += 1,
                Ok(None) => return Ok(count > 0),
                Err(error) => {
                    through(self.0, || Segment::Index(count));
                    return Err(error);
                }
            }
        }
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<bool, A::Error> {
        let mut keys = Keys::default();
        while let Some(key) = map.next_key_seed(Key)? {
            keys.insert(key.clone(), self.0)?;
            if let Err(error) = map.next_value_seed(self) {
                through(self.0, || Segment::Key(key.into_owned()));
                return Err(error);
            }
        }
        Ok(!keys.is_empty())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn repeated_at(text: &str) -> Option<String> {
        match parse(text) {
            Err(Refusal::Repeated(path)) => Some(path),
            _ => None,
        }
    }

    #[test]
    fn a_repeated_key_is_refused_with_its_path() {
        assert_eq!(
            repeated_at(r#"{"to": "hq", "to": "south"}"#).as_deref(),
            Some("to")
        );
        assert_eq!(
            repeated_at(r#"{"leads": [{}, {"id": "a", "clock": {"x": 1, "x": 2}}]}"#).as_deref(),
            Some("leads[1].clock.x")
        );
        assert_eq!(
            repeated_at(r#"[[{"a": 1, "a": 1}]]"#).as_deref(),
            Some("[0][0].a")
        );
    }

    #[test]
    fn everything_else_reads_as_serde_json_reads_it() {
        for text in [
            r#"{"a": [1, -2, 3.5, 1e300, true, null, "x\u0000y"], "b": {"c": {}}, "d": 18446744073709551615}"#,
            "[]",
            "  \"text\"  ",
            "-0",
        ] {
            let ours = parse(text).ok();
            let theirs: Option<Value> = serde_json::from_str(text).ok();
            assert!(ours.is_some());
            assert_eq!(ours, theirs, "{text}");
        }
        for text in ["", "{", "[1,]", "{\"a\": 1} x", "nul", "\"\\ud800\""] {
            assert!(matches!(parse(text), Err(Refusal::NotJson(_))), "{text}");
        }
        let deep = format!("{}{}", "[".repeat(200), "]".repeat(200));
        assert!(matches!(parse(&deep), Err(Refusal::NotJson(_))));
    }

    /// A record keeping `a` (a list of scalars), `m` (a map of scalars), `t`
    /// (a list of text) and `r` (a list of records).
    const SHAPE: Shape = Shape::Record(&[
        ("a", Shape::List(&Shape::Scalar)),
        ("m", Shape::Map(&Shape::Scalar)),
        ("t", Shape::List(&Shape::Text)),
        ("r", Shape::List(&Shape::Record(&[]))),
    ]);

    fn refusal(result: Result<Value, Refusal>) -> Option<String> {
        match result {
            Ok(_) => None,
            Err(Refusal::NotJson(e)) => Some(format!("not JSON: {e}")),
            Err(Refusal::Repeated(path)) => Some(format!("repeated: {path}")),
        }
    }

    #[test]
    fn a_shape_keeps_what_it_names_and_stands_in_for_the_rest() {
        let text = r#"{"z": [[{"q": 1}]], "a": [1, "x", [2, [3]], {}, {"k": {}}, []], "m": {"f": "t", "g": [[1]], "h": {}}}"#;
        let expected = serde_json::json!({
            "a": [1, "x", [null], {}, {"": null}, []],
            "m": {"f": "t", "g": [null], "h": {}},
        });
        assert_eq!(parse_shaped(text, SHAPE).ok(), Some(expected));
        // Past a list item of the wrong type, the rest is dropped.
        assert_eq!(
            parse_shaped(r#"{"t": ["a", "b", 3, "c", [4]], "r": [{}, 1, {}]}"#, SHAPE).ok(),
            Some(serde_json::json!({"t": ["a", "b", 3], "r": [{}, 1]}))
        );
        assert_eq!(
            refusal(parse_shaped(r#"{"t": ["a", 3, "c", {"x": 1, "x": 2}]}"#, SHAPE)).as_deref(),
            Some("repeated: t[3].x")
        );
        // A value of the wrong type for its shape stands in whole.
        assert_eq!(
            parse_shaped(r#"[{"a": 1}]"#, SHAPE).ok(),
            Some(serde_json::json!([null]))
        );
        assert_eq!(
            parse_shaped(r#"{"a": {"b": 1}}"#, SHAPE).ok(),
            Some(serde_json::json!({"a": {"": null}}))
        );
    }

    #[test]
    fn a_shape_refuses_the_text_exactly_as_the_whole_read() {
        let deep = |n: usize| format!("{{\"z\": {}{}}}", "[".repeat(n), "]".repeat(n));
        for text in [
            r#"{"z": [1,]}"#,
            r#"{"z": {"a": 1,}}"#,
            r#"{"z": [1 2]}"#,
            r#"{"z": "\ud800"}"#,
            r#"{"z": 1e400}"#,
            r#"{"z": tru}"#,
            r#"{"z": {"a": 1, "b": {"c": 1, "c": 2}}}"#,
            r#"{"z": [{}, {"a": 1, "a": 1}]}"#,
            r#"{"a": [1, {"q": 1, "q": 2}]}"#,
            r#"{"m": {"f": 1, "f": 2}}"#,
            r#"{"z": 1, "z": 2}"#,
            r#"{"a": [], "a": []}"#,
            r#"{"z": 1} x"#,
            "{\"z\": \"\u{1}\"}",
            &deep(126),
            &deep(127),
            &deep(5000),
        ] {
            assert_eq!(refusal(parse_shaped(text, SHAPE)), refusal(parse(text)), "{text}");
        }
        assert_eq!(refusal(parse_shaped(&deep(126), SHAPE)), None);
        assert!(refusal(parse_shaped(&deep(127), SHAPE)).is_some_and(|r| r.contains("recursion limit")));
    }

    #[test]
    fn plain_len_stops_at_the_first_byte_a_string_escapes() {
        let naive = |bytes: &[u8]| {
            bytes
                .iter()
                .position(|&b| b < 0x20 || b == b'"' || b == b'\\')
                .unwrap_or(bytes.len())
        };
        for b in 0..=u8::MAX {
            for len in 1..=24 {
                for at in 0..len {
                    let mut bytes = vec![b'a'; len];
                    if let Some(slot) = bytes.get_mut(at) {
                        *slot = b;
                    }
                    // A second escaped byte after it must not be found first.
                    if let Some(slot) = bytes.get_mut(at + 3) {
                        *slot = b'"';
                    }
                    assert_eq!(plain_len(&bytes), naive(&bytes), "{b:#x} at {at} of {len}");
                }
            }
        }
        for clean in [0x20u8, 0x21, 0x23, 0x5b, 0x5d, 0x7f, 0x80, 0xff] {
            assert_eq!(plain_len(&[clean; 16]), 16, "{clean:#x}");
        }
        for b in 0..=u8::MAX {
            for len in 0..=24 {
                for at in 0..len.max(1) {
                    let mut bytes = vec![b'a'; len];
                    if let Some(slot) = bytes.get_mut(at) {
                        *slot = b;
                    }
                    assert_eq!(is_plain(&bytes), naive(&bytes) == len, "{b:#x} at {at} of {len}");
                }
            }
        }
    }

    #[test]
    fn many_keys_are_hashed_and_a_repeat_among_them_is_found() {
        let keys: Vec<String> = (0..100).map(|i| format!("\"k{i}\": {i}")).collect();
        let object = format!("{{{}}}", keys.join(", "));
        assert_eq!(
            refusal(parse_shaped(&format!("{{\"z\": {object}}}"), SHAPE)),
            None
        );
        let repeated = format!("{{\"z\": {{{}, \"k57\": 0}}}}", keys.join(", "));
        assert_eq!(
            refusal(parse_shaped(&repeated, SHAPE)).as_deref(),
            Some("repeated: z.k57")
        );
    }
}
