//! What the request reader reads from: an [`Input`], a view of one request
//! value (an object, array, string, number, boolean or null). The reader
//! (`read.rs`, `read_workflow.rs`) is written once against this view, so
//! JSON text, a `serde_json::Value` and a binding's own objects (Python's
//! dicts) are read by the same code: the same checks, in the same order,
//! with the same paths and messages.

use serde_json::{Map, Number, Value};

use crate::assignment::FieldValue;
use crate::time::Timestamp;

/// The JSON type a request value reads as (a binding's host value as the
/// type of its JSON form: a datetime as a string).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum JsonType {
    /// `null` (and an absent value where one was asked for).
    Null,
    /// `true` or `false`.
    Bool,
    /// A number.
    Number,
    /// A string.
    String,
    /// An array.
    Array,
    /// An object.
    Object,
    /// A binding's value that has no JSON form (one changed while it was
    /// read); the binding reports what it is.
    Unreadable,
}

impl JsonType {
    /// The type as an error message names it (`expected a string, found
    /// an array`).
    pub fn name(self) -> &'static str {
        match self {
            JsonType::Null => "null",
            JsonType::Bool => "a boolean",
            JsonType::Number => "a number",
            JsonType::String => "a string",
            JsonType::Array => "an array",
            JsonType::Object => "an object",
            JsonType::Unreadable => "a value of no JSON type",
        }
    }

    /// The type of a `serde_json::Value`.
    pub fn of(value: &Value) -> JsonType {
        match value {
            Value::Null => JsonType::Null,
            Value::Bool(_) => JsonType::Bool,
            Value::Number(_) => JsonType::Number,
            Value::String(_) => JsonType::String,
            Value::Array(_) => JsonType::Array,
            Value::Object(_) => JsonType::Object,
        }
    }
}

macro_rules! keys {
    ($($key:ident = $text:literal,)*) => {
        /// Every key the reader reads, at any depth of any kind: a binding
        /// may look them up by number (a table of its own key objects)
        /// instead of by text.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum Key {
            $(
                #[doc = concat!("`", $text, "`")]
                $key,
            )*
        }

        impl Key {
            /// Every key, in the order of [`Key::index`].
            pub const ALL: &'static [Key] = &[$(Key::$key),*];

            /// The key's text.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(Key::$key => $text,)*
                }
            }

            /// The key's position in [`Key::ALL`].
            pub fn index(self) -> usize {
                self as usize
            }

            /// The key whose text is `text`, if any.
            pub fn from_name(text: &str) -> Option<Key> {
                match text {
                    $($text => Some(Key::$key),)*
                    _ => None,
                }
            }
        }
    };
}

keys! {
    Kind = "kind",
    Workflow = "workflow",
    Action = "action",
    Now = "now",
    Actor = "actor",
    Lead = "lead",
    To = "to",
    Owner = "owner",
    Primary = "primary",
    Secondary = "secondary",
    Leads = "leads",
    Fields = "fields",
    Id = "id",
    Org = "org",
    Role = "role",
    AssignmentOwnerOf = "assignment_owner_of",
    Creator = "creator",
    HandedOverToSales = "handed_over_to_sales",
    Stage = "stage",
    SubStage = "sub_stage",
    Assignee = "assignee",
    HandoverToSales = "handover_to_sales",
    Partner = "partner",
    Source = "source",
    DistributionOwner = "distribution_owner",
    CreatedAt = "created_at",
    ExpiresAt = "expires_at",
    AcceptedAt = "accepted_at",
    ReassignedAt = "reassigned_at",
    Template = "template",
    Project = "project",
    Status = "status",
    Mobile = "mobile",
    Alternates = "alternates",
    Events = "events",
    At = "at",
    Pools = "pools",
    Cursor = "cursor",
    Members = "members",
    Active = "active",
    Away = "away",
    Calendar = "calendar",
    OpenLeads = "open_leads",
    Capacity = "capacity",
    Weight = "weight",
    Accepts = "accepts",
    Candidates = "candidates",
    Phone = "phone",
    Mobiles = "mobiles",
    Email = "email",
    Emails = "emails",
    Name = "name",
    Company = "company",
    Start = "start",
    Target = "target",
    Paused = "paused",
    From = "from",
}

/// The name tables a request's names are resolved against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Names {
    /// The org directory (`actor.org`, `lead.org`, `to`, ...).
    Orgs,
    /// The role table (`actor.role`).
    Roles,
}

/// One value of a request, as the reader sees it. `'v` is how long the
/// text it hands out lives (the value's own strings, or a binding's copies
/// of them).
///
/// Only [`Input::json_type`], [`Input::get`], [`Input::text`],
/// [`Input::boolean`], [`Input::items`] and [`Input::form`] are needed; the
/// rest lets a binding read its own values faster (an aware datetime by its
/// fields, a name it has resolved before by its object).
pub trait Input<'v>: Sized {
    /// The items of an array.
    type Items: Iterator<Item = Self>;

    /// The JSON type of this value.
    fn json_type(&self) -> JsonType;

    /// The value under `key` if this is an object holding it; `None`
    /// otherwise.
    fn get(&self, key: Key) -> Option<Self>;

    /// The text if this is a string, `None` for any other type; an error
    /// (its message) for a string that cannot be read as UTF-8 text.
    fn text(&self) -> Result<Option<&'v str>, String>;

    /// The value if this is a boolean.
    fn boolean(&self) -> Option<bool>;

    /// The items, in order, if this is an array.
    fn items(&self) -> Option<Self::Items>;

    /// This object as a map of JSON values (a transition's form fields,
    /// which the rules read by the workflow's field names); `Ok(None)` for
    /// any other type, an error (its message) for an object that has no
    /// JSON form.
    fn form(&self) -> Result<Option<&'v Map<String, Value>>, String>;

    /// The keys of this object, if it is one and the input can list them;
    /// `None` otherwise. Asked only by the unknown-key check (an engine that
    /// warns or errs on unknown keys), never on the way of an ignoring one:
    /// an input that cannot list them has only its known keys checked.
    fn keys(&self) -> Option<Vec<String>> {
        None
    }

    /// The instant, for a host value that holds one (an aware datetime),
    /// read without its text; `None` to read the text.
    fn timestamp(&self) -> Option<Timestamp> {
        None
    }

    /// The index in `names` this value was resolved to before, if the
    /// input remembers it; `None` to read the text and resolve it.
    fn cached(&self, names: Names) -> Option<usize> {
        let _ = names;
        None
    }

    /// Offers the input to remember that this value (a known name, not
    /// blank) resolves to `index` in `names`.
    fn remember(&self, names: Names, index: usize) {
        let _ = (names, index);
    }

    /// The entries of this object, in order, if the input lists them in
    /// place: an object keyed by the host's own names (`assign`'s
    /// `pools`), whose values are then read one by one rather than
    /// converted whole through [`Input::form`]. `None` (the default) to
    /// read it through [`Input::form`]; an input that lists entries also
    /// answers [`Input::number`] and [`Input::json`].
    fn entries(&self) -> Option<Vec<(&'v str, Self)>> {
        None
    }

    /// The number, if this is one.
    fn number(&self) -> Option<Number> {
        None
    }

    /// This value as JSON, for a part the reader hands on whole (a pool
    /// member's `accepts` conditions); `Ok(None)` if the input cannot
    /// give it, an error (its message) for a value with no JSON form.
    fn json(&self) -> Result<Option<&'v Value>, String> {
        Ok(None)
    }

    /// This object as a lead's fields, name/value pairs read in place
    /// (each null left out, as a JSON object's null reads as absent), if
    /// the input lists them without building JSON; `None` (the default) to
    /// read it through [`Input::form`], which also reports what is wrong
    /// with it. Pairs and the object read the same to every condition.
    fn field_pairs(&self) -> Option<&'v [(&'v str, FieldValue<'v>)]> {
        None
    }
}

impl<'v> Input<'v> for &'v Value {
    type Items = std::slice::Iter<'v, Value>;

    fn json_type(&self) -> JsonType {
        JsonType::of(self)
    }

    fn get(&self, key: Key) -> Option<Self> {
        self.as_object()?.get(key.as_str())
    }

    fn text(&self) -> Result<Option<&'v str>, String> {
        Ok(self.as_str())
    }

    fn boolean(&self) -> Option<bool> {
        self.as_bool()
    }

    fn items(&self) -> Option<Self::Items> {
        self.as_array().map(|items| items.iter())
    }

    fn form(&self) -> Result<Option<&'v Map<String, Value>>, String> {
        Ok(self.as_object())
    }

    fn keys(&self) -> Option<Vec<String>> {
        self.as_object().map(|map| map.keys().cloned().collect())
    }

    fn entries(&self) -> Option<Vec<(&'v str, Self)>> {
        let map = self.as_object()?;
        Some(map.iter().map(|(key, value)| (key.as_str(), value)).collect())
    }

    fn number(&self) -> Option<Number> {
        match self {
            Value::Number(number) => Some(number.clone()),
            _ => None,
        }
    }

    fn json(&self) -> Result<Option<&'v Value>, String> {
        Ok(Some(self))
    }
}
