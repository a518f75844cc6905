//! Where an effect's fields go: into any [`Out`] (rendering a response), or
//! into an owned [`crate::protocol::Answer`] (keeping one). The format of
//! each effect kind is written once, against [`Fields`], in `render.rs`;
//! keys are the renderer's own words (`'static`), so an answer keeps them
//! without copying.

use serde_json::Value;

use crate::protocol::out::Out;
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

    /// `"key": <instant>`: RFC 3339 in UTC (`2026-11-23T09:30:00Z`), with
    /// fractional seconds only when it has them; null for none.
    fn instant(&mut self, key: &'static str, at: Option<Timestamp>) {
        let text = at.map(|at| {
            at.with_timezone(&chrono::Utc)
                .to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true)
        });
        self.text_or_null(key, text.as_deref());
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
