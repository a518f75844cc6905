//! Where a rendered answer goes: straight into JSON text (the JSON entry
//! points: no value tree, no second pass), into a `serde_json::Value`, or
//! into any host structure a binding builds through [`Out`] (Python dicts).
//! The answers are written once, in `render`; the text and the value agree
//! byte for byte once the value is printed (a test checks every
//! conformance vector).

use serde::Serialize;
use serde_json::{Map, Value};

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

/// JSON text, compact, as `serde_json` prints it.
pub(crate) struct Text {
    bytes: Vec<u8>,
    /// Per open container: whether it has an element yet.
    started: Vec<bool>,
    /// A key was just written: its value follows without a comma.
    after_key: bool,
}

/// The bytes a decision's answer takes, about: reserved at once, so that
/// writing one does not grow the text through a chain of copies.
const ANSWER_BYTES: usize = 512;

/// Containers open at once in an answer, at most for most answers.
const ANSWER_DEPTH: usize = 8;

impl Default for Text {
    fn default() -> Self {
        Text {
            bytes: Vec::with_capacity(ANSWER_BYTES),
            started: Vec::with_capacity(ANSWER_DEPTH),
            after_key: false,
        }
    }
}

impl Text {
    pub(crate) fn finish(self) -> String {
        String::from_utf8(self.bytes).unwrap_or_default()
    }

    fn element(&mut self) {
        if std::mem::take(&mut self.after_key) {
            return;
        }
        if let Some(started) = self.started.last_mut() {
            if std::mem::replace(started, true) {
                self.bytes.push(b',');
            }
        }
    }

    fn quoted(&mut self, text: &str) {
        // Keys, codes, messages and ids need no escape: copied as they are.
        // Any other text gets serde_json's own escaping, so that both
        // outputs agree exactly (it escapes `"`, `\\` and control bytes only).
        if text.bytes().all(|b| b >= 0x20 && b != b'"' && b != b'\\') {
            self.bytes.reserve(text.len() + 2);
            self.bytes.push(b'"');
            self.bytes.extend_from_slice(text.as_bytes());
            self.bytes.push(b'"');
        } else {
            let _ = text.serialize(&mut serde_json::Serializer::new(&mut self.bytes));
        }
    }
}

impl Out for Text {
    fn open_object(&mut self) {
        self.element();
        self.bytes.push(b'{');
        self.started.push(false);
    }

    fn close_object(&mut self) {
        self.started.pop();
        self.bytes.push(b'}');
    }

    fn open_array(&mut self) {
        self.element();
        self.bytes.push(b'[');
        self.started.push(false);
    }

    fn close_array(&mut self) {
        self.started.pop();
        self.bytes.push(b']');
    }

    fn key(&mut self, key: &str) {
        self.element();
        self.quoted(key);
        self.bytes.push(b':');
        self.after_key = true;
    }

    fn str(&mut self, text: &str) {
        self.element();
        self.quoted(text);
    }

    fn bool(&mut self, value: bool) {
        self.element();
        self.bytes
            .extend_from_slice(if value { b"true" } else { b"false" });
    }

    fn null(&mut self) {
        self.element();
        self.bytes.extend_from_slice(b"null");
    }

    fn value(&mut self, value: &Value) {
        self.element();
        let _ = serde_json::to_writer(&mut self.bytes, value);
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
