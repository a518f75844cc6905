//! Where a rendered answer goes: straight into JSON text (the JSON entry
//! points: no value tree, no second pass), into a `serde_json::Value`, or
//! into any host structure a binding builds through [`Out`] (Python dicts).
//! The answers are written once, in `render`; the text and the value agree
//! byte for byte once the value is printed (a test checks every
//! conformance vector).

use serde_json::{Map, Value};

use crate::json;
use crate::time::{utc_text, Timestamp};

/// A JSON writer, driven in document order: every value is either the
/// root, an element of the open array, or follows a [`Out::key`] of the
/// open object. Answers hold strings, booleans, nulls, instants and copied
/// form values only.
pub trait Out {
    /// Starts an object.
    fn open_object(&mut self);
    /// Ends the innermost open object.
    fn close_object(&mut self);
    /// Starts an array.
    fn open_array(&mut self);
    /// Ends the innermost open array.
    fn close_array(&mut self);
    /// The key of the next value of the open object.
    fn key(&mut self, key: &str);
    /// A string value.
    fn str(&mut self, text: &str);
    /// A boolean value.
    fn bool(&mut self, value: bool);
    /// `null`.
    fn null(&mut self);
    /// A value copied as given (a form value).
    fn value(&mut self, value: &Value);

    /// An instant the engine computed or stamped (a deadline, `now`): in
    /// JSON its RFC 3339 text in UTC ([`crate::time::utc_text`]); a host
    /// structure may hold its own date-time value instead, so that every
    /// timestamp of an answer has one type in each language (Python's
    /// aware `datetime`).
    fn time(&mut self, at: Timestamp) {
        self.str(&utc_text(at));
    }

    /// `"key": "text"`.
    fn field(&mut self, key: &str, text: &str) {
        self.key(key);
        self.str(text);
    }

    /// `"key": "text"` or `"key": null`.
    fn field_or_null(&mut self, key: &str, text: Option<&str>) {
        self.key(key);
        match text {
            Some(text) => self.str(text),
            None => self.null(),
        }
    }
}

/// JSON text, compact, as `serde_json` prints it, written into one
/// pre-sized `String` (no byte buffer checked as UTF-8 again at the end).
pub(crate) struct Text {
    text: String,
    /// The last thing written was a value (a closed container included):
    /// the next element of the open container follows a comma. After an
    /// opening bracket or a key nothing is pending, so no stack of open
    /// containers is kept.
    after_value: bool,
}

/// The bytes a decision's answer takes, about: reserved at once, so that
/// writing one does not grow the text through a chain of copies.
const ANSWER_BYTES: usize = 512;

impl Default for Text {
    fn default() -> Self {
        Text {
            text: String::with_capacity(ANSWER_BYTES),
            after_value: false,
        }
    }
}

impl Text {
    pub(crate) fn finish(self) -> String {
        self.text
    }

    /// Starts an element: a comma when a value precedes it in its container.
    fn element(&mut self) {
        if self.after_value {
            self.text.push(',');
        }
    }

    fn quoted(&mut self, text: &str) {
        self.text.push('"');
        push_escaped(&mut self.text, text);
        self.text.push('"');
    }
}

/// Appends `text` as the inside of a JSON string, escaped exactly as
/// `serde_json` escapes it: `"`, `\` and the control bytes below 0x20
/// only (`\b`, `\t`, `\n`, `\f`, `\r` short, the others `\u00xx` in
/// lower-case hex). Keys, codes, messages and ids need no escape: a
/// string is first scanned a word at a time ([`json::is_plain`]) and,
/// when clean (nearly always), copied whole.
pub(crate) fn push_escaped(out: &mut String, text: &str) {
    if json::is_plain(text.as_bytes()) {
        out.push_str(text);
        return;
    }
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\u{8}' => out.push_str("\\b"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\u{c}' => out.push_str("\\f"),
            '\r' => out.push_str("\\r"),
            c if u32::from(c) < 0x20 => {
                let byte = u32::from(c);
                out.push_str("\\u00");
                for nibble in [byte >> 4, byte & 0xf] {
                    out.push(char::from_digit(nibble, 16).unwrap_or('0'));
                }
            }
            c => out.push(c),
        }
    }
}

impl Out for Text {
    fn open_object(&mut self) {
        self.element();
        self.text.push('{');
        self.after_value = false;
    }

    fn close_object(&mut self) {
        self.text.push('}');
        self.after_value = true;
    }

    fn open_array(&mut self) {
        self.element();
        self.text.push('[');
        self.after_value = false;
    }

    fn close_array(&mut self) {
        self.text.push(']');
        self.after_value = true;
    }

    fn key(&mut self, key: &str) {
        self.element();
        self.quoted(key);
        self.text.push(':');
        self.after_value = false;
    }

    fn str(&mut self, text: &str) {
        self.element();
        self.quoted(text);
        self.after_value = true;
    }

    fn bool(&mut self, value: bool) {
        self.element();
        self.text.push_str(if value { "true" } else { "false" });
        self.after_value = true;
    }

    fn null(&mut self) {
        self.element();
        self.text.push_str("null");
        self.after_value = true;
    }

    fn value(&mut self, value: &Value) {
        self.element();
        // A form value, rare in an answer: serde_json's own text of it.
        self.text.push_str(&value.to_string());
        self.after_value = true;
    }
}

/// A `serde_json::Value`, built container by container.
#[derive(Default)]
pub(crate) struct Tree {
    open: Vec<(Value, Option<String>)>,
    done: Option<Value>,
}

impl Tree {
    pub(crate) fn finish(self) -> Value {
        self.done.unwrap_or(Value::Null)
    }

    fn place(&mut self, value: Value) {
        match self.open.last_mut() {
            Some((Value::Object(map), key)) => {
                if let Some(key) = key.take() {
                    map.insert(key, value);
                }
            }
            Some((Value::Array(items), _)) => items.push(value),
            _ => self.done = Some(value),
        }
    }

    fn close(&mut self) {
        if let Some((value, _)) = self.open.pop() {
            self.place(value);
        }
    }
}

impl Out for Tree {
    fn open_object(&mut self) {
        self.open.push((Value::Object(Map::new()), None));
    }

    fn close_object(&mut self) {
        self.close();
    }

    fn open_array(&mut self) {
        self.open.push((Value::Array(Vec::new()), None));
    }

    fn close_array(&mut self) {
        self.close();
    }

    fn key(&mut self, key: &str) {
        if let Some((_, pending)) = self.open.last_mut() {
            *pending = Some(key.to_owned());
        }
    }

    fn str(&mut self, text: &str) {
        self.place(Value::from(text));
    }

    fn bool(&mut self, value: bool) {
        self.place(Value::Bool(value));
    }

    fn null(&mut self) {
        self.place(Value::Null);
    }

    fn value(&mut self, value: &Value) {
        self.place(value.clone());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// serde_json's own text of a string, the quotes dropped.
    fn serde_escaped(text: &str) -> String {
        let quoted = serde_json::to_string(text).unwrap_or_default();
        quoted
            .strip_prefix('"')
            .and_then(|t| t.strip_suffix('"'))
            .unwrap_or_default()
            .to_owned()
    }

    fn ours(text: &str) -> String {
        let mut out = String::new();
        push_escaped(&mut out, text);
        out
    }

    #[test]
    fn every_char_below_0x800_is_escaped_as_serde_json_escapes_it() {
        for c in (0..0x800u32).filter_map(char::from_u32) {
            for text in [
                c.to_string(),
                format!("abcdefg{c}"),
                format!("abcdefgh{c}xyz"),
                format!("{c}{c}"),
            ] {
                assert_eq!(ours(&text), serde_escaped(&text), "{text:?}");
            }
        }
        for text in [
            "",
            "u1",
            "not_lead_owner",
            "a \"quoted\" \\ path\u{7f}",
            "\u{1F600}\u{2028}\u{0}",
        ] {
            assert_eq!(ours(text), serde_escaped(text), "{text:?}");
        }
    }

    #[test]
    fn text_is_what_serde_json_prints() {
        let value = serde_json::json!({
            "allowed": false,
            "reasons": [{"code": "x\"y", "message": "a\nb", "org": "\u{1}"}],
            "effects": [],
            "nested": [[], {}, [{}], null, true, "t"],
            "value": {"k": [1, 2.5, -3]},
        });
        let mut out = Text::default();
        out.open_object();
        for (key, item) in value.as_object().into_iter().flatten() {
            out.key(key);
            write(item, &mut out);
        }
        out.close_object();
        assert_eq!(out.finish(), value.to_string());
    }

    fn write(value: &Value, out: &mut Text) {
        match value {
            Value::Null => out.null(),
            Value::Bool(b) => out.bool(*b),
            Value::String(s) => out.str(s),
            Value::Number(_) => out.value(value),
            Value::Array(items) => {
                out.open_array();
                for item in items {
                    write(item, out);
                }
                out.close_array();
            }
            Value::Object(map) => {
                out.open_object();
                for (key, item) in map {
                    out.key(key);
                    write(item, out);
                }
                out.close_object();
            }
        }
    }
}
