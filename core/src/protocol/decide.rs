//! The JSON entry points: a request value or text in, the answer (or
//! the error) out, read, decided and rendered in one call. There are two,
//! one per face of JSON: [`Engine::decide`] for a value tree and
//! [`Engine::decide_json`] for text (docs/choices.md#the-rust-api).

use serde_json::Value;

use crate::engine::Engine;
use crate::error::Error;
use crate::protocol::input_text::Part;
use crate::protocol::json_response::JsonResponse;
use crate::protocol::limits::{request_nodes, request_value, whole_request_value};
use crate::protocol::types::Request;
use crate::unknown_keys::UnknownKeys;

impl Engine {
    /// The JSON entry point over a parsed value: the response object, or
    /// the error for bad input.
    pub fn decide(&self, request: &Value) -> Result<Value, Error> {
        let warnings = self.check_request_keys(&request)?;
        let parsed = Request::parse(self, request)?;
        Ok(self.render_warned(&self.answer(&parsed)?, &warnings))
    }

    /// Request text as the value this engine reads it from: only what the
    /// protocol reads when unknown keys are ignored
    /// ([`request_value`](crate::protocol::request_value)), the whole
    /// value when they are checked
    /// ([`Engine::check_request_keys`]), with the same limits and errors.
    pub fn request_value(&self, request: &str) -> Result<Value, Error> {
        match self.unknown_keys() {
            UnknownKeys::Ignore => request_value(request),
            _ => whole_request_value(request),
        }
    }

    /// The JSON entry point over text: the response as compact JSON
    /// (rendered straight to text, with no value tree). Bad input
    /// (`invalid_json` for text that is not JSON, `invalid_request` for
    /// text over [`MAX_REQUEST_BYTES`](crate::MAX_REQUEST_BYTES), …) reads
    /// as the envelope `{"error": {"code", "message", "path"}}`, and
    /// [`JsonResponse::error`] / [`JsonResponse::into_result`] give it typed.
    pub fn decide_json(&self, request: &str) -> JsonResponse {
        JsonResponse::new(self.answer_text(request))
    }

    /// The JSON entry point over text, answering a value.
    #[deprecated(
        since = "0.1.0",
        note = "use `decide_json` (text in, text out) or `decide(&protocol::request_value(text)?)` (a value out)"
    )]
    pub fn decide_str(&self, request: &str) -> Result<Value, Error> {
        self.decide(&request_value(request)?)
    }

    /// The JSON entry point over text, answering text or the typed error.
    #[deprecated(since = "0.1.0", note = "use `decide_json(text).into_result()`")]
    pub fn decide_text(&self, request: &str) -> Result<String, Error> {
        self.answer_text(request)
    }

    fn answer_text(&self, request: &str) -> Result<String, Error> {
        if self.unknown_keys() == UnknownKeys::Ignore {
            // Read in place from the text: nothing but the tree is built.
            let nodes = request_nodes(request)?;
            let parsed = Request::read(self, Part::Node(&nodes))?;
            let answer = self.answer(&parsed)?;
            return Ok(self.render_json_warned(&answer, &[]));
        }
        let value = self.request_value(request)?;
        let warnings = self.check_request_keys(&&value)?;
        let parsed = Request::parse(self, &value)?;
        let answer = self.answer(&parsed)?;
        Ok(self.render_json_warned(&answer, &warnings))
    }
}
