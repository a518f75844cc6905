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
    ///
    /// A message or path longer than [`MAX_SHOWN_BYTES`] is shortened
    /// (each quoted value to its first bytes and `…`): a 20 MB id in a
    /// request must not come back as a 20 MB message in the host's logs.
    pub fn new(code: ErrorCode, path: impl Into<String>, message: impl Into<String>) -> Self {
        Error {
            code,
            message: shorten_message(message.into()),
            path: shorten_path(path.into()),
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
    pub(crate) fn invalid_config(mut problems: Vec<Problem>) -> Self {
        for problem in &mut problems {
            problem.path = shorten_path(std::mem::take(&mut problem.path));
            problem.message = shorten_message(std::mem::take(&mut problem.message));
        }
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

/// The longest message or path an error carries as it was written; longer
/// ones are shortened by [`shorten_message`] and [`shorten_path`].
pub const MAX_SHOWN_BYTES: usize = 1024;

/// How much of a long quoted value or path segment is kept.
const KEEP_BYTES: usize = 64;

/// A message for an error or a warning, at most about [`MAX_SHOWN_BYTES`]
/// long: `text` itself if it is that short; otherwise each `` `quoted` ``
/// value longer than 64 bytes cut to its first 64 and `…`, and the whole cut
/// to the limit (and `…`) if still longer. Messages quote the input; a
/// 20 MB id must not come back as a 20 MB message in the host's logs.
pub fn shorten_message(text: String) -> String {
    if text.len() <= MAX_SHOWN_BYTES {
        return text;
    }
    let mut out = String::with_capacity(MAX_SHOWN_BYTES + 8);
    for (i, part) in text.split('`').enumerate() {
        if i > 0 {
            out.push('`');
        }
        // Odd parts are inside backquotes: the values quoted from input.
        if i % 2 == 1 && part.len() > KEEP_BYTES {
            out.push_str(head(part, KEEP_BYTES));
            out.push('…');
        } else {
            out.push_str(part);
        }
    }
    capped(out)
}

/// A path for an error or a warning, at most about [`MAX_SHOWN_BYTES`]
/// long: `text` itself if it is that short; otherwise each dotted segment
/// longer than 64 bytes (a key taken from the input) cut to its first 64
/// and `…`, so the path still leads from the root to the field.
pub fn shorten_path(text: String) -> String {
    if text.len() <= MAX_SHOWN_BYTES {
        return text;
    }
    let segments: Vec<String> = text
        .split('.')
        .map(|segment| match segment.len() > KEEP_BYTES {
            true => format!("{}…", head(segment, KEEP_BYTES)),
            false => segment.to_owned(),
        })
        .collect();
    capped(segments.join("."))
}

fn capped(mut text: String) -> String {
    if text.len() > MAX_SHOWN_BYTES {
        let cut = head(&text, MAX_SHOWN_BYTES).len();
        text.truncate(cut);
        text.push('…');
    }
    text
}

/// The longest prefix of `text` of at most `max` bytes that ends on a
/// character boundary.
fn head(text: &str, max: usize) -> &str {
    let mut end = max.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    text.get(..end).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_quoted_values_are_cut_and_short_texts_kept() {
        let id = "é".repeat(5_000_000);
        let error = Error::new(
            ErrorCode::UnknownOrg,
            format!("fields.{id}"),
            format!("unknown org `{id}`"),
        );
        assert!(
            error.message.len() <= MAX_SHOWN_BYTES + 4,
            "{}",
            error.message.len()
        );
        assert!(error.message.starts_with("unknown org `éé") && error.message.ends_with("…`"));
        assert!(error.path.len() < 100 && error.path.starts_with("fields.é") && error.path.ends_with('…'));
        let long_key = Error::new(ErrorCode::InvalidRequest, format!("lead.{id}.at[3]"), "bad");
        assert_eq!(long_key.path.split('.').count(), 3, "{}", long_key.path);
        let short = Error::new(ErrorCode::UnknownOrg, "to", "unknown org `mars`");
        assert_eq!(
            (short.path.as_str(), short.message.as_str()),
            ("to", "unknown org `mars`")
        );
        let problems = vec![Problem {
            path: "orgs[0].parent".into(),
            message: format!("unknown parent org `{id}`"),
        }];
        let config = Error::invalid_config(problems);
        assert!(config.message.len() <= MAX_SHOWN_BYTES + 4);
        assert!(config
            .problems
            .iter()
            .all(|p| p.message.len() <= MAX_SHOWN_BYTES + 4));
    }
}
