//! Conditions on a lead's fields (`when` of a rule, `accepts` of a pool
//! member), compiled once from JSON and then matched with no allocation:
//! a rule's conditions at load, a member's when the request is read.
//!
//! A missing field (absent or null) or a value of another type makes a
//! condition false, except `exists: false`, which is true then.
//! `not_equals` / `not_in` need a present value of the compared type; an
//! empty `not_in` holds for any present value.

use serde_json::{Map, Value};

use crate::error::type_name;
use crate::path::Path;

/// The operator keys, in the order messages list them.
const OPERATORS: [&str; 8] = [
    "equals",
    "not_equals",
    "in",
    "not_in",
    "min",
    "max",
    "prefix",
    "exists",
];

/// A number of a condition or a lead field. JSON numbers are finite, so
/// equality is total here.
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd)]
pub struct Number(pub f64);

impl Eq for Number {}

/// A lead field's value as conditions see it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldValue<'a> {
    /// A string.
    Text(&'a str),
    /// A number.
    Number(Number),
    /// A boolean.
    Bool(bool),
    /// Present but neither text, number nor boolean (an array, an object):
    /// only `exists` and an empty `not_in` hold for it.
    Other,
}

impl<'a> FieldValue<'a> {
    /// The value of a JSON field; `None` for null (a missing value).
    pub fn of_json(value: &'a Value) -> Option<FieldValue<'a>> {
        Some(match value {
            Value::Null => return None,
            Value::String(text) => FieldValue::Text(text),
            Value::Number(n) => n
                .as_f64()
                .map_or(FieldValue::Other, |n| FieldValue::Number(Number(n))),
            Value::Bool(b) => FieldValue::Bool(*b),
            Value::Array(_) | Value::Object(_) => FieldValue::Other,
        })
    }
}

/// A lead's fields, as a host holds them: a JSON object (the protocol), or
/// name/value pairs a host fills from its own row without building JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum LeadFields<'a> {
    /// No fields: every condition but `exists: false` fails.
    #[default]
    None,
    /// A JSON object of fields.
    Json(&'a Map<String, Value>),
    /// Name/value pairs; the first pair of a name counts.
    Pairs(&'a [(&'a str, FieldValue<'a>)]),
}

impl<'a> LeadFields<'a> {
    /// The field `name`, `None` when it is absent or null.
    pub fn get(&self, name: &str) -> Option<FieldValue<'a>> {
        match *self {
            LeadFields::None => None,
            LeadFields::Json(map) => map.get(name).and_then(FieldValue::of_json),
            LeadFields::Pairs(pairs) => pairs.iter().find(|(n, _)| *n == name).map(|(_, v)| *v),
        }
    }
}

/// A compared value: text, a number or a boolean.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Literal {
    Text(Box<str>),
    Number(Number),
    Bool(bool),
}

impl Literal {
    fn read(value: &Value) -> Option<Literal> {
        match value {
            Value::String(text) => Some(Literal::Text(text.as_str().into())),
            Value::Number(n) => n.as_f64().map(|n| Literal::Number(Number(n))),
            Value::Bool(b) => Some(Literal::Bool(*b)),
            Value::Null | Value::Array(_) | Value::Object(_) => None,
        }
    }

    /// `Some(equal)` when `value` is of this literal's type, else `None`.
    #[inline]
    fn compare(&self, value: FieldValue<'_>) -> Option<bool> {
        match (self, value) {
            // Lengths and first bytes tell most texts apart without a call.
            (Literal::Text(a), FieldValue::Text(b)) => {
                Some(a.len() == b.len() && a.as_bytes().first() == b.as_bytes().first() && **a == *b)
            }
            (Literal::Number(a), FieldValue::Number(b)) => Some(*a == b),
            (Literal::Bool(a), FieldValue::Bool(b)) => Some(*a == b),
            _ => None,
        }
    }
}

/// What a plain condition asks of its field.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Test {
    Equals(Literal),
    NotEquals(Literal),
    In(Box<[Literal]>),
    NotIn(Box<[Literal]>),
    Range {
        min: Option<Number>,
        max: Option<Number>,
    },
    Prefix(Box<str>),
    Exists(bool),
}

impl Test {
    #[inline]
    fn holds(&self, value: Option<FieldValue<'_>>) -> bool {
        if let Test::Exists(wanted) = self {
            return value.is_some() == *wanted;
        }
        let Some(value) = value else { return false };
        match self {
            Test::Equals(literal) => literal.compare(value) == Some(true),
            Test::NotEquals(literal) => literal.compare(value) == Some(false),
            Test::In(literals) => literals.iter().any(|l| l.compare(value) == Some(true)),
            Test::NotIn(literals) => {
                literals.is_empty()
                    || (literals.iter().any(|l| l.compare(value).is_some())
                        && literals.iter().all(|l| l.compare(value) != Some(true)))
            }
            Test::Range { min, max } => match value {
                FieldValue::Number(n) => min.is_none_or(|min| n >= min) && max.is_none_or(|max| n <= max),
                _ => false,
            },
            Test::Prefix(prefix) => matches!(value, FieldValue::Text(text) if text.starts_with(&**prefix)),
            Test::Exists(_) => false,
        }
    }
}

/// One test of one field.
#[derive(Debug, Clone)]
struct FieldTest {
    field: Box<str>,
    /// The field's number among the policy's rules' fields ([`Lookup`]),
    /// or [`NO_SLOT`] (a member's condition, or past [`SLOTS`] fields).
    slot: u8,
    test: Test,
}

/// Equal when they test the same field alike, wherever it is numbered.
impl PartialEq for FieldTest {
    fn eq(&self, other: &Self) -> bool {
        self.field == other.field && self.test == other.test
    }
}

impl Eq for FieldTest {}

impl FieldTest {
    fn holds(&self, fields: &LeadFields<'_>) -> bool {
        self.test.holds(fields.get(&self.field))
    }

    #[inline]
    fn holds_in(&self, lookup: &mut Lookup<'_>) -> bool {
        self.test.holds(lookup.get(self.slot, &self.field))
    }

    fn number(&mut self, names: &mut Vec<Box<str>>) {
        let at = names.iter().position(|name| *name == self.field);
        let at = at.or_else(|| {
            (names.len() < SLOTS)
                .then(|| names.push(self.field.clone()))
                .map(|()| names.len() - 1)
        });
        self.slot = at.and_then(|i| u8::try_from(i).ok()).unwrap_or(NO_SLOT);
    }
}

/// The fields of the policy's rules whose values a routing keeps: the
/// first this many distinct names. Rules test few fields, and each test
/// of one then reads a kept value instead of looking it up again.
const SLOTS: usize = 8;

/// A field test with no kept value.
const NO_SLOT: u8 = u8::MAX;

/// A lead's fields as one routing reads them: the value of each numbered
/// field is looked up once (by name in a JSON object or in pairs), then
/// kept for every later rule that tests it. No allocation.
pub(crate) struct Lookup<'a> {
    fields: LeadFields<'a>,
    values: [Option<FieldValue<'a>>; SLOTS],
    /// The [`text_key`] of each kept value ([`NOT_TEXT`] when it is none).
    keys: [u64; SLOTS],
    /// Which of `values` are looked up, a bit each.
    known: u8,
}

/// The key of a value that is not a text (absent, a number, ...): no
/// text's key ([`text_key`] keeps the top bits clear).
const NOT_TEXT: u64 = u64::MAX;

/// A text's length and its first, second and last bytes in one number:
/// two texts with different keys differ, so comparing keys rejects most
/// unequal texts without reading them.
fn text_key(text: &str) -> u64 {
    let bytes = text.as_bytes();
    let byte = |i: usize| bytes.get(i).map_or(0, |&b| u64::from(b));
    let last = bytes.len().checked_sub(1).map_or(0, byte);
    ((bytes.len() as u64 & 0xff_ffff_ffff) << 24) | byte(0) << 16 | byte(1) << 8 | last
}

impl<'a> Lookup<'a> {
    /// Nothing looked up yet.
    pub(crate) fn new(fields: LeadFields<'a>) -> Self {
        Lookup {
            fields,
            values: [None; SLOTS],
            keys: [NOT_TEXT; SLOTS],
            known: 0,
        }
    }

    /// The value of field `name`, numbered `slot`.
    #[inline]
    fn get(&mut self, slot: u8, name: &str) -> Option<FieldValue<'a>> {
        self.keep(slot, name);
        match self.values.get(usize::from(slot)) {
            Some(value) => *value,
            None => self.fields.get(name),
        }
    }

    /// The [`text_key`] of field `name`, numbered `slot` (a kept field).
    #[inline]
    fn key(&mut self, slot: u8, name: &str) -> u64 {
        self.keep(slot, name);
        self.keys.get(usize::from(slot)).copied().unwrap_or(NOT_TEXT)
    }

    /// Looks field `slot` up, once.
    #[inline]
    fn keep(&mut self, slot: u8, name: &str) {
        let bit = 1u8.wrapping_shl(u32::from(slot));
        if self.known & bit != 0 || usize::from(slot) >= SLOTS {
            return;
        }
        let value = self.fields.get(name);
        if let (Some(kept), Some(key)) = (
            self.values.get_mut(usize::from(slot)),
            self.keys.get_mut(usize::from(slot)),
        ) {
            *kept = value;
            *key = match value {
                Some(FieldValue::Text(text)) => text_key(text),
                _ => NOT_TEXT,
            };
        }
        self.known |= bit;
    }
}

/// A rule's quick test, from one of its conditions that asks a kept field
/// to equal a text: the lead's field must have that text's key, or the
/// rule cannot apply. Rejects most rules a lead does not match with one
/// comparison of numbers.
#[derive(Debug, Clone)]
pub(crate) struct QuickTest {
    slot: u8,
    field: Box<str>,
    key: u64,
}

impl QuickTest {
    /// The quick test of the first of `conditions` that has one.
    pub(crate) fn of(conditions: &[Condition]) -> Option<QuickTest> {
        conditions.iter().find_map(|condition| match &condition.0 {
            Kind::Plain(FieldTest {
                field,
                slot,
                test: Test::Equals(Literal::Text(text)),
            }) if usize::from(*slot) < SLOTS => Some(QuickTest {
                slot: *slot,
                field: field.clone(),
                key: text_key(text),
            }),
            _ => None,
        })
    }

    /// `false` when the lead's field cannot equal the text.
    #[inline]
    pub(crate) fn may_hold(&self, lookup: &mut Lookup<'_>) -> bool {
        self.lead_key(lookup) == self.key
    }

    /// The field the test reads, by its number.
    pub(crate) fn slot(&self) -> u8 {
        self.slot
    }

    /// The key the field must have.
    pub(crate) fn key(&self) -> u64 {
        self.key
    }

    /// The key the lead's field has.
    #[inline]
    pub(crate) fn lead_key(&self, lookup: &mut Lookup<'_>) -> u64 {
        lookup.key(self.slot, &self.field)
    }
}

/// A compiled condition: a test of one field, or `any` of several.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Condition(Kind);

#[derive(Debug, Clone, PartialEq, Eq)]
enum Kind {
    Plain(FieldTest),
    Any(Box<[FieldTest]>),
}

impl Condition {
    /// Whether the condition holds for a lead's fields.
    pub fn holds(&self, fields: &LeadFields<'_>) -> bool {
        match &self.0 {
            Kind::Plain(test) => test.holds(fields),
            Kind::Any(tests) => tests.iter().any(|t| t.holds(fields)),
        }
    }

    /// [`Condition::holds`], reading the fields through a routing's lookup.
    #[inline]
    pub(crate) fn holds_in(&self, lookup: &mut Lookup<'_>) -> bool {
        match &self.0 {
            Kind::Plain(test) => test.holds_in(lookup),
            Kind::Any(tests) => tests.iter().any(|t| t.holds_in(lookup)),
        }
    }

    /// Numbers the fields the condition tests among `names` (the policy's
    /// rules' fields so far), for [`Lookup`].
    pub(crate) fn number_fields(&mut self, names: &mut Vec<Box<str>>) {
        match &mut self.0 {
            Kind::Plain(test) => test.number(names),
            Kind::Any(tests) => tests.iter_mut().for_each(|t| t.number(names)),
        }
    }

    /// Reads one condition from JSON; the first problem found as `(path,
    /// message)`. For a host that builds a member's `accepts` itself.
    pub fn parse(value: &Value) -> Result<Condition, (String, String)> {
        let mut first = None;
        let condition = compile(value, &Path::Root, false, &mut |path, message| {
            first.get_or_insert((path.render(), message));
        });
        match (condition, first) {
            (Some(condition), None) => Ok(condition),
            (_, Some(problem)) => Err(problem),
            (None, None) => Err((String::new(), "not a condition".to_owned())),
        }
    }
}

/// Whether every condition holds (an empty list always does).
pub fn all_hold(conditions: &[Condition], fields: &LeadFields<'_>) -> bool {
    conditions.iter().all(|c| c.holds(fields))
}

/// Where compiling reports a problem: its path and message.
pub(crate) type Report<'r> = dyn FnMut(&Path<'_>, String) + 'r;

/// Compiles the conditions of a list at `path`; `strict` reports unknown
/// keys (a config's) instead of ignoring them (a request's). `None` when
/// any problem was reported.
pub(crate) fn compile_list(
    value: &Value,
    path: &Path<'_>,
    strict: bool,
    report: &mut Report<'_>,
) -> Option<Vec<Condition>> {
    let Value::Array(items) = value else {
        report(
            path,
            format!("expected an array of conditions, found {}", type_name(value)),
        );
        return None;
    };
    let mut ok = true;
    let mut conditions = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        match compile(item, &path.index(i), strict, report) {
            Some(condition) => conditions.push(condition),
            None => ok = false,
        }
    }
    ok.then_some(conditions)
}

/// Compiles one condition at `path`; `None` when a problem was reported.
pub(crate) fn compile(
    value: &Value,
    path: &Path<'_>,
    strict: bool,
    report: &mut Report<'_>,
) -> Option<Condition> {
    let Value::Object(map) = value else {
        report(
            path,
            format!("expected a condition object, found {}", type_name(value)),
        );
        return None;
    };
    let Some(any) = map.get("any") else {
        return field_test(map, path, strict, report).map(|t| Condition(Kind::Plain(t)));
    };
    let mut ok = true;
    // Beside `any`, a condition's own keys are an error; other keys are a
    // config's mistake or a request's host data (ignored there).
    let mut beside = false;
    for key in map.keys().filter(|key| *key != "any") {
        if key == "field" || OPERATORS.contains(&key.as_str()) {
            beside = true;
        } else if strict {
            report(&path.key(key), format!("unknown key `{key}` (expected any)"));
            ok = false;
        }
    }
    if beside {
        report(
            path,
            "`any` cannot stand beside other keys: put each test inside it".to_owned(),
        );
        ok = false;
    }
    let at = path.key("any");
    let Value::Array(items) = any else {
        report(
            &at,
            format!("expected an array of conditions, found {}", type_name(any)),
        );
        return None;
    };
    if items.is_empty() {
        report(&at, "`any` needs at least one condition".to_owned());
        return None;
    }
    let mut tests = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let item_path = at.index(i);
        let Value::Object(inner) = item else {
            report(
                &item_path,
                format!("expected a condition object, found {}", type_name(item)),
            );
            ok = false;
            continue;
        };
        if inner.contains_key("any") {
            report(
                &item_path.key("any"),
                "an `any` cannot stand inside an `any`".to_owned(),
            );
            ok = false;
            continue;
        }
        match field_test(inner, &item_path, strict, report) {
            Some(test) => tests.push(test),
            None => ok = false,
        }
    }
    ok.then(|| Condition(Kind::Any(tests.into_boxed_slice())))
}

/// A plain condition: `field` and one operator (or `min` with `max`).
fn field_test(
    map: &Map<String, Value>,
    path: &Path<'_>,
    strict: bool,
    report: &mut Report<'_>,
) -> Option<FieldTest> {
    let mut ok = true;
    if strict {
        for key in map.keys() {
            if key != "field" && !OPERATORS.contains(&key.as_str()) {
                report(
                    &path.key(key),
                    format!("unknown key `{key}` (expected field, {})", OPERATORS.join(", ")),
                );
                ok = false;
            }
        }
    }
    let field = match map.get("field") {
        Some(Value::String(field)) if !field.trim().is_empty() => Some(field.as_str()),
        Some(Value::String(_)) => {
            report(
                &path.key("field"),
                "`field` must not be empty or blank".to_owned(),
            );
            None
        }
        Some(other) => {
            report(
                &path.key("field"),
                format!("expected a field name, found {}", type_name(other)),
            );
            None
        }
        None => {
            report(&path.key("field"), "missing `field`".to_owned());
            None
        }
    };
    let present: Vec<&str> = OPERATORS
        .iter()
        .copied()
        .filter(|op| map.contains_key(*op))
        .collect();
    let range = present.iter().all(|op| *op == "min" || *op == "max");
    let test = match present.as_slice() {
        [] => {
            report(
                path,
                format!("a condition needs an operator (one of: {})", OPERATORS.join(", ")),
            );
            None
        }
        _ if range => range_test(map, path, report),
        [op] => operator(op, map.get(*op).unwrap_or(&Value::Null), &path.key(op), report),
        [first, second, ..] => {
            report(
                path,
                format!("`{first}` and `{second}` cannot stand together (only `min` with `max`)"),
            );
            None
        }
    };
    if !ok {
        return None;
    }
    Some(FieldTest {
        field: field?.into(),
        slot: NO_SLOT,
        test: test?,
    })
}

fn range_test(map: &Map<String, Value>, path: &Path<'_>, report: &mut Report<'_>) -> Option<Test> {
    let mut bound = |key: &str| -> Result<Option<Number>, ()> {
        match map.get(key) {
            None => Ok(None),
            Some(Value::Number(n)) => n.as_f64().map(|n| Some(Number(n))).ok_or(()),
            Some(other) => {
                report(
                    &path.key(key),
                    format!("expected a number, found {}", type_name(other)),
                );
                Err(())
            }
        }
    };
    let (min, max) = (bound("min"), bound("max"));
    let (Ok(min), Ok(max)) = (min, max) else {
        return None;
    };
    if let (Some(lo), Some(hi)) = (min, max) {
        if lo > hi {
            report(
                &path.key("max"),
                format!("`max` ({}) is below `min` ({})", hi.0, lo.0),
            );
            return None;
        }
    }
    Some(Test::Range { min, max })
}

fn operator(op: &str, value: &Value, path: &Path<'_>, report: &mut Report<'_>) -> Option<Test> {
    let literal = |report: &mut Report<'_>, value: &Value, path: &Path<'_>| {
        let literal = Literal::read(value);
        if literal.is_none() {
            report(
                path,
                format!("expected a string, number or boolean, found {}", type_name(value)),
            );
        }
        literal
    };
    match op {
        "equals" => literal(report, value, path).map(Test::Equals),
        "not_equals" => literal(report, value, path).map(Test::NotEquals),
        "in" | "not_in" => {
            let Value::Array(items) = value else {
                report(
                    path,
                    format!("expected an array of values, found {}", type_name(value)),
                );
                return None;
            };
            let mut literals = Vec::with_capacity(items.len());
            let mut ok = true;
            for (i, item) in items.iter().enumerate() {
                match literal(report, item, &path.index(i)) {
                    Some(l) => literals.push(l),
                    None => ok = false,
                }
            }
            let literals = literals.into_boxed_slice();
            ok.then(|| {
                if op == "in" {
                    Test::In(literals)
                } else {
                    Test::NotIn(literals)
                }
            })
        }
        "prefix" => match value {
            Value::String(prefix) => Some(Test::Prefix(prefix.as_str().into())),
            other => {
                report(path, format!("expected a string, found {}", type_name(other)));
                None
            }
        },
        "exists" => match value {
            Value::Bool(wanted) => Some(Test::Exists(*wanted)),
            other => {
                report(
                    path,
                    format!("expected true or false, found {}", type_name(other)),
                );
                None
            }
        },
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{json, Value};

    use super::{Condition, LeadFields};

    fn holds(condition: Value, fields: Value) -> bool {
        let Ok(condition) = Condition::parse(&condition) else {
            return false;
        };
        let Value::Object(map) = fields else { return false };
        condition.holds(&LeadFields::Json(&map))
    }

    #[test]
    fn missing_and_mistyped_fields_fail_except_exists_false() {
        assert!(holds(json!({"field": "a", "equals": 1}), json!({"a": 1.0})));
        assert!(!holds(json!({"field": "a", "equals": 1}), json!({"a": "1"})));
        assert!(!holds(json!({"field": "a", "not_equals": 1}), json!({"a": "1"})));
        assert!(!holds(json!({"field": "a", "not_equals": 1}), json!({"a": null})));
        assert!(holds(json!({"field": "a", "exists": false}), json!({"a": null})));
        assert!(holds(json!({"field": "a", "not_in": []}), json!({"a": [1]})));
        assert!(!holds(json!({"field": "a", "not_in": ["x"]}), json!({"a": 3})));
        assert!(holds(json!({"field": "a", "not_in": ["x", 3]}), json!({"a": 4})));
        assert!(holds(json!({"field": "a", "min": 1, "max": 1}), json!({"a": 1})));
        assert!(holds(
            json!({"any": [{"field": "a", "prefix": "56"}, {"field": "b", "exists": true}]}),
            json!({"b": false})
        ));
    }

    #[test]
    fn bad_conditions_name_their_path() {
        let path = |c: Value| Condition::parse(&c).err().map(|(p, _)| p);
        assert_eq!(path(json!({"field": "a"})), Some(String::new()));
        assert_eq!(
            path(json!({"field": "a", "equals": 1, "in": []})),
            Some(String::new())
        );
        assert_eq!(
            path(json!({"field": "a", "min": 3, "max": 2})),
            Some("max".into())
        );
        assert_eq!(path(json!({"any": [{"any": []}]})), Some("any[0].any".into()));
        assert_eq!(path(json!({"any": [], "field": "a"})), Some(String::new()));
        assert_eq!(path(json!({"field": "a", "in": [1, [2]]})), Some("in[1]".into()));
    }
}
