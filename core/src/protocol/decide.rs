//! The JSON entry points: a request value or text in, the answer (or
//! the error) out, read, decided and rendered in one call.

use serde_json::Value;

use crate::engine::Engine;
use crate::error::Error;
use crate::protocol::limits::request_value;
use crate::protocol::render::error_value;
use crate::protocol::types::Request;

impl Engine {
    /// The JSON entry point over a parsed value: the response object, or
    /// the error for bad input.
    pub fn decide(&self, request: &Value) -> Result<Value, Error> {
        let parsed = Request::parse(self, request)?;
        Ok(self.render(&self.answer(&parsed)?))
    }

    /// The JSON entry point over text: the response object, or the error
    /// (`invalid_json` for text that is not JSON, `invalid_request` for
    /// text over [`MAX_REQUEST_BYTES`](crate::MAX_REQUEST_BYTES)).
    pub fn decide_str(&self, request: &str) -> Result<Value, Error> {
        self.decide(&request_value(request)?)
    }

    /// The JSON entry point, text in and text out: errors come back as the
    /// envelope `{"error": {"code", "message", "path"}}`.
    pub fn decide_json(&self, request: &str) -> String {
        self.decide_text(request)
            .unwrap_or_else(|error| error_value(&error).to_string())
    }

    /// The JSON entry point over text, answering text: the response as
    /// compact JSON (rendered straight to text, with no value tree), or the
    /// error for bad input (as [`Engine::decide_str`]).
    pub fn decide_text(&self, request: &str) -> Result<String, Error> {
        let value = request_value(request)?;
        let parsed = Request::parse(self, &value)?;
        let answer = self.answer(&parsed)?;
        Ok(self.render_json(&answer))
    }
}
