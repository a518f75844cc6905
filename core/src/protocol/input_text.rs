//! The [`Input`] of request text: the [`Node`] tree the text entry parses
//! (strings borrowed from the text, a record's keys the shape's own), read
//! by the one reader exactly as the [`Value`] of the same text is. Where
//! the tree holds a value (a map of the host's keys, a part read whole, a
//! stand-in), that value is read through its own [`Input`].

use serde_json::{Map, Number, Value};

use crate::json::Node;
use crate::protocol::input::{Input, JsonType, Key};

/// One part of a parsed request: a node of the tree, or a value inside it.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Part<'a, 't> {
    /// A node of the tree.
    Node(&'a Node<'t>),
    /// A value the tree holds (or a part of one).
    Value(&'a Value),
}

/// The items of an array part.
pub(crate) enum Items<'a, 't> {
    Nodes(std::slice::Iter<'a, Node<'t>>),
    Values(std::slice::Iter<'a, Value>),
}

impl<'a, 't> Iterator for Items<'a, 't> {
    type Item = Part<'a, 't>;

    fn next(&mut self) -> Option<Part<'a, 't>> {
        match self {
            Items::Nodes(nodes) => nodes.next().map(Part::Node),
            Items::Values(values) => values.next().map(Part::Value),
        }
    }
}

impl<'a, 't> Part<'a, 't> {
    /// The value this part is or holds, if it is one.
    fn value(self) -> Option<&'a Value> {
        match self {
            Part::Value(value) | Part::Node(Node::Json(value)) => Some(value),
            Part::Node(_) => None,
        }
    }
}

impl<'a, 't> Input<'a> for Part<'a, 't> {
    type Items = Items<'a, 't>;

    fn json_type(&self) -> JsonType {
        match *self {
            Part::Value(value) | Part::Node(Node::Json(value)) => JsonType::of(value),
            Part::Node(Node::Null) => JsonType::Null,
            Part::Node(Node::Bool(_)) => JsonType::Bool,
            Part::Node(Node::Number(_)) => JsonType::Number,
            Part::Node(Node::Str(_)) => JsonType::String,
            Part::Node(Node::Array(_)) => JsonType::Array,
            Part::Node(Node::Object(_)) => JsonType::Object,
        }
    }

    fn get(&self, key: Key) -> Option<Self> {
        match self {
            Part::Node(Node::Object(fields)) => {
                let name = key.as_str();
                // Both names are literals of this crate, usually merged
                // into one: the same address is the same name, at once.
                fields
                    .iter()
                    .find(|(k, _)| k.len() == name.len() && (k.as_ptr() == name.as_ptr() || *k == name))
                    .map(|(_, node)| Part::Node(node))
            }
            other => other
                .value()
                .and_then(Value::as_object)
                .and_then(|map| map.get(key.as_str()))
                .map(Part::Value),
        }
    }

    fn text(&self) -> Result<Option<&'a str>, String> {
        match self {
            Part::Node(Node::Str(text)) => Ok(Some(text)),
            other => Ok(other.value().and_then(Value::as_str)),
        }
    }

    fn boolean(&self) -> Option<bool> {
        match self {
            Part::Node(Node::Bool(value)) => Some(*value),
            other => other.value().and_then(Value::as_bool),
        }
    }

    fn items(&self) -> Option<Self::Items> {
        match self {
            Part::Node(Node::Array(nodes)) => Some(Items::Nodes(nodes.iter())),
            other => other
                .value()
                .and_then(Value::as_array)
                .map(|values| Items::Values(values.iter())),
        }
    }

    /// Every key the reader reads as a form is a map in the request's
    /// shape, so a record node is never asked (it has no map to give).
    fn form(&self) -> Result<Option<&'a Map<String, Value>>, String> {
        Ok(self.value().and_then(Value::as_object))
    }

    fn entries(&self) -> Option<Vec<(&'a str, Self)>> {
        let map = self.value()?.as_object()?;
        Some(
            map.iter()
                .map(|(key, value)| (key.as_str(), Part::Value(value)))
                .collect(),
        )
    }

    fn number(&self) -> Option<Number> {
        match self {
            Part::Node(Node::Number(number)) => Some(number.clone()),
            other => other.value().and_then(|value| value.as_number().cloned()),
        }
    }

    fn json(&self) -> Result<Option<&'a Value>, String> {
        Ok(self.value())
    }
}
