//! Where an effect's fields go: into any [`Out`] (rendering a response), or
//! into an owned [`crate::protocol::Answer`] (keeping one). The format of
//! each effect kind is written once, against [`Fields`], in `render.rs`;
//! keys are the renderer's own words (`'static`), so an answer keeps them
//! without copying.

use serde_json::Value;

use crate::engine::Engine;
use crate::protocol::out::Out;
use crate::reason::Detail;
use crate::time::Timestamp;

/// The fields of one effect object, after its `kind`, in order.
pub(super) trait Fields {
    /// `"key": "text"`, the text borrowed from the request or the engine.
    fn text(&mut self, key: &'static str, text: &str);
    /// `"key": "word"`, a word of the renderer's own (a pipeline, a channel).
    fn word(&mut self, key: &'static str, word: &'static str) {
        self.text(key, word);
    }
    /// `"key": null`.
    fn null(&mut self, key: &'static str);
    /// `"key": <value>`: a form value, copied as given.
    fn json(&mut self, key: &'static str, value: &Value);
    /// `"key": {"name": <value>, ...}`: form values by name, in order.
    fn object(&mut self, key: &'static str, entries: &[(&str, &Value)]);

    /// `"key": "text"` or `"key": null`.
    fn text_or_null(&mut self, key: &'static str, text: Option<&str>) {
        match text {
            Some(text) => self.text(key, text),
            None => self.null(key),
        }
    }

    /// `"key": <instant>` ([`Out::time`]).
    fn time(&mut self, key: &'static str, at: Timestamp);

    /// `"key": <instant>`, or null for none.
    fn instant(&mut self, key: &'static str, at: Option<Timestamp>) {
        match at {
            Some(at) => self.time(key, at),
            None => self.null(key),
        }
    }
}

/// The fields written into an [`Out`], as key and value.
pub(super) struct OutFields<'o, O>(pub(super) &'o mut O);

impl<O: Out> Fields for OutFields<'_, O> {
    fn text(&mut self, key: &'static str, text: &str) {
        self.0.field(key, text);
    }

    fn null(&mut self, key: &'static str) {
        self.0.key(key);
        self.0.null();
    }

    fn json(&mut self, key: &'static str, value: &Value) {
        self.0.key(key);
        self.0.value(value);
    }

    fn time(&mut self, key: &'static str, at: Timestamp) {
        self.0.key(key);
        self.0.time(at);
    }

    fn object(&mut self, key: &'static str, entries: &[(&str, &Value)]) {
        self.0.key(key);
        self.0.open_object();
        for (name, value) in entries {
            self.0.key(name);
            self.0.value(value);
        }
        self.0.close_object();
    }
}

/// Which detail a reason carries: the key it is rendered under.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DetailKey {
    /// `"org"`: the org the reason is about.
    Org,
    /// `"lead"`: the lead the reason is about.
    Lead,
    /// `"field"`: the request or form field the reason is about.
    Field,
    /// `"capability"`: the capability the actor's role lacks.
    Capability,
    /// `"pool"`: the assignment pool the reason is about.
    Pool,
}

impl DetailKey {
    /// Every detail key, in the order of [`DetailKey::as_str`].
    pub const ALL: [DetailKey; 5] = [
        DetailKey::Org,
        DetailKey::Lead,
        DetailKey::Field,
        DetailKey::Capability,
        DetailKey::Pool,
    ];

    /// The key of the reason object the detail is rendered under.
    pub const fn as_str(self) -> &'static str {
        match self {
            DetailKey::Org => "org",
            DetailKey::Lead => "lead",
            DetailKey::Field => "field",
            DetailKey::Capability => "capability",
            DetailKey::Pool => "pool",
        }
    }

    /// The detail key named `key`, if there is one.
    pub fn from_name(key: &str) -> Option<DetailKey> {
        DetailKey::ALL.into_iter().find(|k| k.as_str() == key)
    }
}

/// A reason's detail as it is rendered: its key and text (an org named).
pub(super) fn named<'a>(engine: &'a Engine, detail: Detail<'a>) -> Option<(DetailKey, &'a str)> {
    match detail {
        Detail::None => None,
        Detail::Org(org) => Some((DetailKey::Org, engine.org_name(org))),
        Detail::Lead(lead) => Some((DetailKey::Lead, lead)),
        Detail::Field(field) => Some((DetailKey::Field, field)),
        Detail::Capability(capability) => Some((DetailKey::Capability, capability)),
        Detail::Pool(pool) => Some((DetailKey::Pool, pool)),
    }
}
