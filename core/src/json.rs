//! JSON text read strictly: an object that names a key twice is refused
//! with the path of the repeat. serde_json would keep the last value
//! silently, so `{"to": "hq", "to": "south"}` would be answered for `south`
//! while a log or another parser reads `hq`.

use std::cell::RefCell;
use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use serde_json::map::Entry;
use serde_json::{Map, Number, Value};

/// Why text was not read.
#[derive(Debug)]
pub(crate) enum Refusal {
    /// Not JSON (nesting past the parser's depth included).
    NotJson(serde_json::Error),
    /// An object repeats a key: the path of the second one.
    Repeated(String),
}

/// Reads `text` as one JSON value, refusing repeated keys.
pub(crate) fn parse(text: &str) -> Result<Value, Refusal> {
    let repeat = RefCell::new(None);
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let value = Strict { repeat: &repeat }
        .deserialize(&mut deserializer)
        .and_then(|value| deserializer.end().map(|()| value));
    match (value, repeat.into_inner()) {
        (Ok(value), _) => Ok(value),
        (Err(_), Some(segments)) => Err(Refusal::Repeated(render(segments))),
        (Err(error), None) => Err(Refusal::NotJson(error)),
    }
}

/// A value read strictly inside a document serde reads for us (the policy
/// of a config): a repeated key fails the whole read.
pub(crate) struct StrictValue(pub(crate) Value);

impl<'de> Deserialize<'de> for StrictValue {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let repeat = RefCell::new(None);
        Strict { repeat: &repeat }
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

/// Reads one value; records the path of a repeated key in `repeat`.
#[derive(Clone, Copy)]
struct Strict<'r> {
    repeat: &'r RefCell<Option<Vec<Segment>>>,
}

impl Strict<'_> {
    /// Adds `segment` to the path of a repeat found below it, if any.
    fn through(self, segment: impl FnOnce() -> Segment) {
        if let Some(path) = self.repeat.borrow_mut().as_mut() {
            path.push(segment());
        }
    }
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
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
        loop {
            match seq.next_element_seed(self) {
                Ok(Some(item)) => items.push(item),
                Ok(None) => return Ok(Value::Array(items)),
                Err(error) => {
                    self.through(|| Segment::Index(items.len()));
                    return Err(error);
                }
            }
        }
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut object = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            match object.entry(key) {
                Entry::Occupied(repeated) => {
                    *self.repeat.borrow_mut() = Some(vec![Segment::Key(repeated.key().clone())]);
                    return Err(de::Error::custom("repeated key"));
                }
                Entry::Vacant(slot) => match map.next_value_seed(self) {
                    Ok(value) => {
                        slot.insert(value);
                    }
                    Err(error) => {
                        self.through(|| Segment::Key(slot.key().clone()));
                        return Err(error);
                    }
                },
            }
        }
        Ok(Value::Object(object))
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
}
