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
    fn compare(&self, value: FieldValue<'_>) -> Option<bool> {
        match (self, value) {
            (Literal::Text(a), FieldValue::Text(b)) => Some(**a == *b),
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
#[derive(Debug, Clone, PartialEq, Eq)]
struct FieldTest {
    field: Box<str>,
    test: Test,
}

impl FieldTest {
    fn holds(&self, fields: &LeadFields<'_>) -> bool {
        self.test.holds(fields.get(&self.field))
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
