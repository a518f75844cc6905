//! Errors: what the engine answers when its *input* is wrong.
//!
//! A denial is a normal answer ([`crate::Reason`]); an [`Error`] means the
//! question itself could not be asked: malformed JSON, a missing field, an
//! org the directory does not know, a config that does not validate.

use std::fmt;

/// The stable, documented error codes. Their snake_case names are part of the
/// API (JSON `error.code`, Python `Error.code`, C status names).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorCode {
    /// The request text is not JSON.
    InvalidJson,
    /// The request is JSON but its structure is wrong: a missing field, a
    /// wrong type, an empty id. `path` names the field.
    InvalidRequest,
    /// `kind` names no request kind of protocol v1 that this build answers.
    UnknownKind,
    /// An org id that the engine's directory does not contain.
    UnknownOrg,
    /// A role that the engine's policy does not define.
    UnknownRole,
    /// A workflow (stage pipeline) that the engine's policy does not define.
    UnknownWorkflow,
    /// An action that the workflow does not define.
    UnknownAction,
    /// A stage or sub-stage that the workflow does not define.
    UnknownStage,
    /// A timestamp that is not RFC 3339 with an offset.
    InvalidTimestamp,
    /// An expiry template (program) that the engine's policy does not define.
    UnknownTemplate,
    /// The engine config does not validate; `problems` lists every finding.
    InvalidConfig,
}

impl ErrorCode {
    /// Every code, in documentation order.
    pub const ALL: [ErrorCode; 11] = [
        ErrorCode::InvalidJson,
        ErrorCode::InvalidRequest,
        ErrorCode::UnknownKind,
        ErrorCode::UnknownOrg,
        ErrorCode::UnknownRole,
        ErrorCode::UnknownWorkflow,
        ErrorCode::UnknownAction,
        ErrorCode::UnknownStage,
        ErrorCode::InvalidTimestamp,
        ErrorCode::UnknownTemplate,
        ErrorCode::InvalidConfig,
    ];

    /// The stable snake_case name of the code.
    pub const fn as_str(self) -> &'static str {
        match self {
            ErrorCode::InvalidJson => "invalid_json",
            ErrorCode::InvalidRequest => "invalid_request",
            ErrorCode::UnknownKind => "unknown_kind",
            ErrorCode::UnknownOrg => "unknown_org",
            ErrorCode::UnknownRole => "unknown_role",
            ErrorCode::UnknownWorkflow => "unknown_workflow",
            ErrorCode::UnknownAction => "unknown_action",
            ErrorCode::UnknownStage => "unknown_stage",
            ErrorCode::InvalidTimestamp => "invalid_timestamp",
            ErrorCode::UnknownTemplate => "unknown_template",
            ErrorCode::InvalidConfig => "invalid_config",
        }
    }
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One finding of config validation: where it is and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Dotted path from the config root, e.g. `orgs[1].parent`.
    pub path: String,
    /// What is wrong there, for a human.
    pub message: String,
}

/// Bad input: a stable code, a message for humans, and the path of the
/// offending field from the root of the request (or config).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{code} at `{path}`: {message}")]
pub struct Error {
    /// The stable code.
    pub code: ErrorCode,
    /// A readable explanation.
    pub message: String,
    /// Dotted path with bracketed indexes (`lead.org`, `leads[2].stage`);
    /// empty for the root itself.
    pub path: String,
    /// For [`ErrorCode::InvalidConfig`]: every problem found, in document
    /// order. `path` and `message` then repeat the first one. Empty otherwise.
    pub problems: Vec<Problem>,
}

impl Error {
    /// An error with no problem list.
    pub fn new(code: ErrorCode, path: impl Into<String>, message: impl Into<String>) -> Self {
        Error {
            code,
            message: message.into(),
            path: path.into(),
            problems: Vec::new(),
        }
    }

    /// The same error with a path under `from` moved under `to`
    /// (`lead.created_at` → `leads[3].created_at`).
    #[must_use]
    pub(crate) fn rebased(mut self, from: &str, to: &str) -> Self {
        if let Some(rest) = self.path.strip_prefix(from) {
            if rest.is_empty() || rest.starts_with('.') || rest.starts_with('[') {
                self.path = format!("{to}{rest}");
            }
        }
        self
    }

    /// The `invalid_config` error for a non-empty list of problems.
    pub(crate) fn invalid_config(problems: Vec<Problem>) -> Self {
        let (path, message) = match problems.first() {
            Some(first) if problems.len() == 1 => (first.path.clone(), first.message.clone()),
            Some(first) => (
                first.path.clone(),
                format!(
                    "{} (and {} more problem{})",
                    first.message,
                    problems.len() - 1,
                    if problems.len() == 2 { "" } else { "s" }
                ),
            ),
            None => (String::new(), "invalid config".to_owned()),
        };
        Error {
            code: ErrorCode::InvalidConfig,
            message,
            path,
            problems,
        }
    }
}
