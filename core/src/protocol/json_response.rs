//! What the text entry answers: the response text, or an error that reads
//! as its envelope and still is the typed [`Error`] for a caller that
//! records it (the C entry keeps its code, message and path).

use std::fmt;
use std::ops::Deref;
use std::sync::OnceLock;

use crate::error::Error;
use crate::protocol::render::error_value;

/// The answer of [`Engine::decide_json`](crate::Engine::decide_json): reads
/// as its text (`&str` through `Deref`, `Display`, `String` through
/// `From`), which is the response or, for bad input, the envelope
/// `{"error": {"code", "message", "path"}}`; [`JsonResponse::error`] and
/// [`JsonResponse::into_result`] give the typed error instead. The envelope
/// is rendered only when the text of an error is read.
#[derive(Debug, Clone)]
#[must_use]
pub struct JsonResponse(Outcome);

#[derive(Debug, Clone)]
enum Outcome {
    Answered(String),
    Refused(Error, OnceLock<String>),
}

impl JsonResponse {
    pub(crate) fn new(decided: Result<String, Error>) -> Self {
        JsonResponse(match decided {
            Ok(text) => Outcome::Answered(text),
            Err(error) => Outcome::Refused(error, OnceLock::new()),
        })
    }

    /// The text: the response, or the error envelope.
    pub fn as_str(&self) -> &str {
        match &self.0 {
            Outcome::Answered(text) => text,
            Outcome::Refused(error, envelope) => envelope.get_or_init(|| error_value(error).to_string()),
        }
    }

    /// The error, when the request was bad input.
    pub fn error(&self) -> Option<&Error> {
        match &self.0 {
            Outcome::Answered(_) => None,
            Outcome::Refused(error, _) => Some(error),
        }
    }

    /// Whether the request was bad input (the text is an error envelope).
    pub fn is_error(&self) -> bool {
        self.error().is_some()
    }

    /// The response text, or the typed error (its envelope is not rendered).
    pub fn into_result(self) -> Result<String, Error> {
        match self.0 {
            Outcome::Answered(text) => Ok(text),
            Outcome::Refused(error, _) => Err(error),
        }
    }

    /// The text, owned: the response, or the error envelope.
    pub fn into_string(self) -> String {
        match self.0 {
            Outcome::Answered(text) => text,
            Outcome::Refused(error, envelope) => envelope
                .into_inner()
                .unwrap_or_else(|| error_value(&error).to_string()),
        }
    }
}

impl Deref for JsonResponse {
    type Target = str;

    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for JsonResponse {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl fmt::Display for JsonResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl From<JsonResponse> for String {
    fn from(response: JsonResponse) -> String {
        response.into_string()
    }
}

/// Responses compare by their text.
impl PartialEq for JsonResponse {
    fn eq(&self, other: &Self) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for JsonResponse {}

impl PartialEq<str> for JsonResponse {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for JsonResponse {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<String> for JsonResponse {
    fn eq(&self, other: &String) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<JsonResponse> for String {
    fn eq(&self, other: &JsonResponse) -> bool {
        self == other.as_str()
    }
}

impl PartialEq<JsonResponse> for &str {
    fn eq(&self, other: &JsonResponse) -> bool {
        *self == other.as_str()
    }
}
