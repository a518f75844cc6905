//! Request text read by hand into a [`Node`], in one pass over the bytes:
//! what [`parse_nodes`](super::parse_nodes) tries first. It reads the text
//! exactly as serde_json and `Strict` read it (the same
//! parts kept, the same stand-ins, the same strings and numbers) but only
//! text it is sure of: anything else (text that is not JSON, a repeated
//! key, a key with an escape, nesting near the parser's limit, a number
//! serde_json would refuse) is not read here (`None`), and serde_json reads
//! it again from the start, with its own answer or error. So the text is
//! refused, and its errors worded, by serde_json alone.

use std::borrow::Cow;

use serde_json::{Map, Number, Value};

use super::{plain_len, stand_in_array, stand_in_object, Keys, Node, Shape};

/// Containers open at once past which the text is left to serde_json
/// (whose own limit, [`MAX_NESTING`](crate::protocol::MAX_NESTING), is
/// above it).
const DEEPEST: usize = 120;

/// Reads `text` as `shape` describes it, or `None` where serde_json must.
pub(super) fn read(text: &str, shape: Shape) -> Option<Node<'_>> {
    let mut reader = Reader {
        text,
        at: 0,
        depth: 0,
    };
    let node = reader.node(shape)?;
    reader.space();
    (reader.at == text.len()).then_some(node)
}

/// The text and the position of the next byte to read.
struct Reader<'t> {
    text: &'t str,
    at: usize,
    /// Containers open at `at`.
    depth: usize,
}

impl<'t> Reader<'t> {
    fn byte(&self) -> Option<u8> {
        self.text.as_bytes().get(self.at).copied()
    }

    /// Skips JSON whitespace.
    fn space(&mut self) {
        while let Some(b' ' | b'\n' | b'\t' | b'\r') = self.byte() {
            self.at += 1;
        }
    }

    /// The next byte after whitespace, not consumed.
    fn next(&mut self) -> Option<u8> {
        self.space();
        self.byte()
    }

    /// Consumes `byte` after whitespace, or fails.
    fn expect(&mut self, byte: u8) -> Option<()> {
        (self.next()? == byte).then(|| self.at += 1)
    }

    /// Consumes `word` (a literal's bytes) or fails.
    fn literal(&mut self, word: &str) -> Option<()> {
        let end = self.at + word.len();
        (self.text.get(self.at..end)? == word).then(|| self.at = end)
    }

    /// Enters a container at its opening byte.
    fn open(&mut self) -> Option<()> {
        self.depth += 1;
        self.at += 1;
        (self.depth <= DEEPEST).then_some(())
    }

    /// After an element: `true` when another follows (a comma), `false` at
    /// the container's `close` byte (consumed, the container left).
    fn more(&mut self, close: u8) -> Option<bool> {
        match self.next()? {
            b',' => {
                self.at += 1;
                Some(true)
            }
            b if b == close => {
                self.at += 1;
                self.depth -= 1;
                Some(false)
            }
            _ => None,
        }
    }

    /// Whether the container just opened is empty (its `close` consumed).
    fn empty(&mut self, close: u8) -> Option<bool> {
        if self.next()? == close {
            self.at += 1;
            self.depth -= 1;
            return Some(true);
        }
        Some(false)
    }

    /// A string at its opening quote: borrowed when it has no escape.
    fn string(&mut self) -> Option<Cow<'t, str>> {
        self.at += 1;
        let start = self.at;
        self.at += plain_len(self.text.as_bytes().get(start..)?);
        match self.byte()? {
            b'"' => {
                let text = self.text.get(start..self.at)?;
                self.at += 1;
                return Some(Cow::Borrowed(text));
            }
            b'\\' => {}
            _ => return None,
        }
        let mut owned = String::from(self.text.get(start..self.at)?);
        loop {
            match self.byte()? {
                b'"' => {
                    self.at += 1;
                    return Some(Cow::Owned(owned));
                }
                b'\\' => {
                    self.at += 1;
                    owned.push(self.escape()?);
                }
                b if b < 0x20 => return None,
                _ => {
                    // Up to the next quote or backslash, whole characters.
                    let run = self.text.get(self.at..)?;
                    let len = run.find(['"', '\\']).unwrap_or(run.len());
                    let part = run.get(..len)?;
                    if part.bytes().any(|b| b < 0x20) {
                        return None;
                    }
                    owned.push_str(part);
                    self.at += len;
                }
            }
        }
    }

    /// The character of an escape, after its backslash.
    fn escape(&mut self) -> Option<char> {
        let b = self.byte()?;
        self.at += 1;
        Some(match b {
            b'"' => '"',
            b'\\' => '\\',
            b'/' => '/',
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'u' => {
                let unit = self.hex4()?;
                match unit {
                    0xD800..=0xDBFF => {
                        // A leading surrogate: its trailing one must follow.
                        self.literal("\\u")?;
                        let low = self.hex4()?;
                        if !(0xDC00..=0xDFFF).contains(&low) {
                            return None;
                        }
                        char::from_u32(0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00))?
                    }
                    _ => char::from_u32(unit)?,
                }
            }
            _ => return None,
        })
    }

    /// Four hex digits.
    fn hex4(&mut self) -> Option<u32> {
        let digits = self.text.get(self.at..self.at + 4)?;
        if !digits.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        self.at += 4;
        u32::from_str_radix(digits, 16).ok()
    }

    /// A number as serde_json reads it: an integer without fraction or
    /// exponent as `u64` (`i64` when negative), any other as the nearest
    /// `f64` (Rust's parser rounds correctly, as serde_json's
    /// `float_roundtrip` does); `-0` and an integer past the 64-bit range
    /// are floats too. A number serde_json refuses (out of range) is left
    /// to it.
    fn number(&mut self) -> Option<Number> {
        let start = self.at;
        let negative = self.byte() == Some(b'-');
        if negative {
            self.at += 1;
        }
        let digits = self.digits();
        let int_text = self.text.get(start..self.at)?;
        // A leading zero stands alone; a sign needs a digit.
        if digits == 0 || (digits > 1 && int_text.trim_start_matches('-').starts_with('0')) {
            return None;
        }
        let mut float = false;
        if self.byte() == Some(b'.') {
            self.at += 1;
            if self.digits() == 0 {
                return None;
            }
            float = true;
        }
        if let Some(b'e' | b'E') = self.byte() {
            self.at += 1;
            if let Some(b'+' | b'-') = self.byte() {
                self.at += 1;
            }
            if self.digits() == 0 {
                return None;
            }
            float = true;
        }
        let text = self.text.get(start..self.at)?;
        if !float {
            if negative {
                if let Ok(value) = text.parse::<i64>() {
                    if value != 0 {
                        return Some(Number::from(value));
                    }
                }
            } else if let Ok(value) = text.parse::<u64>() {
                return Some(Number::from(value));
            }
        }
        let value: f64 = text.parse().ok()?;
        if !value.is_finite() {
            return None;
        }
        Number::from_f64(value)
    }

    /// Consumes ASCII digits; how many.
    fn digits(&mut self) -> usize {
        let start = self.at;
        while let Some(b'0'..=b'9') = self.byte() {
            self.at += 1;
        }
        self.at - start
    }

    /// An object key, at its opening quote: one with an escape is left to
    /// serde_json (its repeat would be found by its decoded text).
    fn key(&mut self) -> Option<&'t str> {
        if self.next()? != b'"' {
            return None;
        }
        let Cow::Borrowed(key) = self.string()? else {
            return None;
        };
        self.expect(b':')?;
        Some(key)
    }

    /// One value as `shape` says, into a node (as `Borrowing` read it).
    fn node(&mut self, shape: Shape) -> Option<Node<'t>> {
        if let Shape::Whole | Shape::Map(_) = shape {
            return self.value(shape).map(Node::Json);
        }
        Some(match self.next()? {
            b'{' => match shape {
                Shape::Record(_) => self.record(shape)?,
                _ => Node::Json(stand_in_object(!self.skip()?)),
            },
            b'[' => match shape.items() {
                Some(item) => self.list(item)?,
                None => Node::Json(stand_in_array(!self.skip()?)),
            },
            b'"' => Node::Str(self.string()?),
            b't' => self.literal("true").map(|()| Node::Bool(true))?,
            b'f' => self.literal("false").map(|()| Node::Bool(false))?,
            b'n' => self.literal("null").map(|()| Node::Null)?,
            b'-' | b'0'..=b'9' => Node::Number(self.number()?),
            _ => return None,
        })
    }

    /// A record: the keys its shape reads, in the text's order.
    fn record(&mut self, shape: Shape) -> Option<Node<'t>> {
        self.open()?;
        let mut fields: Vec<(&'static str, Node<'t>)> = Vec::new();
        let mut dropped = Keys::default();
        if self.empty(b'}')? {
            return Some(Node::Object(fields));
        }
        loop {
            let key = self.key()?;
            match shape.field(key) {
                Some((name, field)) => {
                    if fields.iter().any(|(seen, _)| *seen == name) {
                        return None;
                    }
                    let node = self.node(field)?;
                    fields.push((name, node));
                }
                None => {
                    if !dropped.add(Cow::Borrowed(key)) {
                        return None;
                    }
                    self.skip()?;
                }
            }
            if !self.more(b'}')? {
                return Some(Node::Object(fields));
            }
        }
    }

    /// A list: its items in order up to the first its shape does not
    /// admit, the rest only checked.
    fn list(&mut self, item: Shape) -> Option<Node<'t>> {
        let items = self.items(|reader| {
            let node = reader.node(item)?;
            let admitted = node.admitted_by(item);
            Some((node, admitted))
        })?;
        Some(Node::Array(items))
    }

    /// The items of the array opened here, each read by `read` (the item
    /// and whether its shape admits it) up to the first not admitted, the
    /// rest only checked.
    fn items<T>(&mut self, mut read: impl FnMut(&mut Self) -> Option<(T, bool)>) -> Option<Vec<T>> {
        self.open()?;
        let mut items = Vec::new();
        if self.empty(b']')? {
            return Some(items);
        }
        let mut refused = false;
        loop {
            if refused {
                self.skip()?;
            } else {
                let (item, admitted) = read(self)?;
                refused = !admitted;
                items.push(item);
            }
            if !self.more(b']')? {
                return Some(items);
            }
        }
    }

    /// One value as `shape` says, into a [`Value`] (as `Strict` reads it).
    fn value(&mut self, shape: Shape) -> Option<Value> {
        Some(match self.next()? {
            b'{' if shape.reads_objects() => {
                self.open()?;
                let mut object = Map::new();
                let mut dropped = Keys::default();
                if self.empty(b'}')? {
                    return Some(Value::Object(object));
                }
                loop {
                    let key = self.key()?;
                    match shape.under(key) {
                        Some(under) => {
                            if object.contains_key(key) {
                                return None;
                            }
                            let value = self.value(under)?;
                            object.insert(key.to_owned(), value);
                        }
                        None => {
                            if !dropped.add(Cow::Borrowed(key)) {
                                return None;
                            }
                            self.skip()?;
                        }
                    }
                    if !self.more(b'}')? {
                        return Some(Value::Object(object));
                    }
                }
            }
            b'{' => stand_in_object(!self.skip()?),
            b'[' => match shape.items() {
                Some(item) => Value::Array(self.items(|reader| {
                    let value = reader.value(item)?;
                    let admitted = item.admits(&value);
                    Some((value, admitted))
                })?),
                None => stand_in_array(!self.skip()?),
            },
            b'"' => Value::String(self.string()?.into_owned()),
            b't' => self.literal("true").map(|()| Value::Bool(true))?,
            b'f' => self.literal("false").map(|()| Value::Bool(false))?,
            b'n' => self.literal("null").map(|()| Value::Null)?,
            b'-' | b'0'..=b'9' => Value::Number(self.number()?),
            _ => return None,
        })
    }

    /// Checks one value without building it; whether it is an array or
    /// object holding anything.
    fn skip(&mut self) -> Option<bool> {
        match self.next()? {
            b'{' => {
                self.open()?;
                if self.empty(b'}')? {
                    return Some(false);
                }
                let mut keys = Keys::default();
                loop {
                    let key = self.key()?;
                    if !keys.add(Cow::Borrowed(key)) {
                        return None;
                    }
                    self.skip()?;
                    if !self.more(b'}')? {
                        return Some(true);
                    }
                }
            }
            b'[' => {
                self.open()?;
                if self.empty(b']')? {
                    return Some(false);
                }
                loop {
                    self.skip()?;
                    if !self.more(b']')? {
                        return Some(true);
                    }
                }
            }
            b'"' => self.string().map(|_| false),
            b't' => self.literal("true").map(|()| false),
            b'f' => self.literal("false").map(|()| false),
            b'n' => self.literal("null").map(|()| false),
            b'-' | b'0'..=b'9' => self.number().map(|_| false),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::{parse_shaped, Refusal};
    use super::*;

    /// The value a node stands for (a record's keys as its shape names them).
    fn value_of(node: &Node<'_>) -> Value {
        match node {
            Node::Null => Value::Null,
            Node::Bool(b) => Value::Bool(*b),
            Node::Number(n) => Value::Number(n.clone()),
            Node::Str(s) => Value::String(s.to_string()),
            Node::Array(items) => Value::Array(items.iter().map(value_of).collect()),
            Node::Object(fields) => Value::Object(
                fields
                    .iter()
                    .map(|(k, v)| ((*k).to_owned(), value_of(v)))
                    .collect(),
            ),
            Node::Json(value) => value.clone(),
        }
    }

    const SHAPE: Shape = Shape::Record(&[
        ("a", Shape::List(&Shape::Scalar)),
        ("m", Shape::Map(&Shape::Scalar)),
        ("t", Shape::List(&Shape::Text)),
        (
            "r",
            Shape::List(&Shape::Record(&[("x", Shape::Scalar), ("w", Shape::Whole)])),
        ),
        ("s", Shape::Scalar),
        (
            "p",
            Shape::Map(&Shape::Record(&[("q", Shape::List(&Shape::Scalar))])),
        ),
    ]);

    /// Read here: the value serde_json's reader builds. Left: serde_json's own.
    fn agrees(text: &str) -> bool {
        let theirs = parse_shaped(text, SHAPE);
        match read(text, SHAPE) {
            Some(node) => {
                let ours = value_of(&node);
                assert!(
                    matches!(&theirs, Ok(value) if *value == ours),
                    "{text}: read as {ours}, serde_json: {:?}",
                    theirs.as_ref().map_err(|e| matches!(e, Refusal::Repeated(_)))
                );
                true
            }
            None => false,
        }
    }

    #[test]
    fn what_it_reads_is_what_serde_json_builds() {
        for text in [
            r#"{"kind": "handover", "actor": {"id": "u1"}, "s": "hq"}"#,
            r#"  {"s": "caf\u00e9 \"q\" \\ \/ \b\f\n\r\t \ud83d\ude00 é"}  "#,
            r#"{"a": [1, -2, 0, -0, 3.5, 1e3, 1E-2, 18446744073709551615, 18446744073709551616, -9223372036854775808, -9223372036854775809, 0.1, 123456789012345678901234567890, 1e-400, 2.2250738585072011e-308]}"#,
            r#"{"a": [true, false, null, "x", [], [1], {}, {"k": 1}], "t": ["a", "b", 3, "c", [4]]}"#,
            r#"{"r": [{}, {"x": [1], "w": {"deep": [1, {"e": null}]}, "y": {"z": [1, 2]}}, 1, {"x": 1}]}"#,
            r#"{"m": {"f": "t", "g": [[1]], "h": {}, "i": 2.5}, "p": {"k": {"q": [1, [2]], "o": 3}}}"#,
            r#"{"z": {"a": 1, "b": {"c": [1, 2, {"d": "\u0001"}]}}, "s": {"x": 1}}"#,
            "[]",
            "\"text\"",
            "-12",
        ] {
            assert!(agrees(text), "not read here: {text}");
        }
    }

    #[test]
    fn what_serde_json_must_read_is_left_to_it() {
        let deep = |n: usize| format!("{{\"z\": {}{}}}", "[".repeat(n), "]".repeat(n));
        for text in [
            "",
            "{",
            r#"{"s": 1,}"#,
            r#"{"a": [1,]}"#,
            r#"{"a": [1 2]}"#,
            r#"{"s": "\ud800"}"#,
            r#"{"s": "\udc00"}"#,
            r#"{"s": "\ud800\u0041"}"#,
            r#"{"s": "\x"}"#,
            "{\"s\": \"a\u{1}b\"}",
            r#"{"s": 1e400}"#,
            r#"{"s": -1e400}"#,
            r#"{"s": 01}"#,
            r#"{"s": -}"#,
            r#"{"s": 1.}"#,
            r#"{"s": .5}"#,
            r#"{"s": +1}"#,
            r#"{"s": 1e}"#,
            r#"{"s": tru}"#,
            r#"{"s": nullx}"#,
            r#"{"s": 1} x"#,
            r#"{"s": 1, "s": 2}"#,
            r#"{"z": 1, "z": 2}"#,
            r#"{"z": {"a": 1, "a": 2}}"#,
            r#"{"m": {"f": 1, "f": 2}}"#,
            r#"{"\u0073": 1}"#,
            r#"{"s": 1, "\u0073": 2}"#,
            "\u{feff}{}",
            &deep(120),
            &deep(126),
            &deep(127),
        ] {
            assert!(!agrees(text), "read here: {text}");
        }
        assert!(agrees(&deep(119)));
    }

    proptest::proptest! {
        /// Text made of JSON's pieces, well formed or not: whatever is
        /// read here is what serde_json builds of it.
        #[test]
        fn any_text_read_here_is_read_as_serde_json_reads_it(
            pieces in proptest::collection::vec(proptest::sample::select(vec![
                "{", "}", "[", "]", ",", ":", " ", "\"s\"", "\"a\"", "\"m\"", "\"r\"", "\"x\"",
                "\"t\"", "\"z\"", "\"q\\u00e9\"", "\"\\ud83d\\ude00\"", "\"\\n\"", "\"\\x\"",
                "1", "-0", "2.5e3", "1e400", "01", "-", "true", "false", "null", "nul", "\"", "\\",
            ]), 0..40)
        ) {
            let text: String = pieces.concat();
            agrees(&text);
            agrees(&format!("{{\"s\": 1, \"z\": {text}}}"));
            agrees(&format!("{{\"a\": [{text}], \"r\": [{{\"w\": {text}}}]}}"));
        }
    }

    #[test]
    fn many_dropped_keys_are_read_and_a_repeat_among_them_is_left() {
        let keys: Vec<String> = (0..100).map(|i| format!("\"k{i}\": {i}")).collect();
        assert!(agrees(&format!(
            "{{\"z\": {{{}}}, {}}}",
            keys.join(", "),
            keys.join(", ")
        )));
        assert!(!agrees(&format!(
            "{{\"z\": {{{}, \"k57\": 0}}}}",
            keys.join(", ")
        )));
    }
}
