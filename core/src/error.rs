//! Errors: what the engine answers when its *input* is wrong.
//!
//! A denial is a normal answer ([`crate::Reason`]); an [`Error`] means the
//! question itself could not be asked: malformed JSON, a missing field, an
//! org the directory does not know, a config that does not validate.

use std::borrow::Cow;

pub use crate::vocabulary::ErrorCode;

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

/// A key from the config (a workflow, role or template name) as it may be
/// written into a path: `key` itself if it is at most [`MAX_SHOWN_BYTES`]
/// long; otherwise a stand-in of a few KiB at most, still longer than that
/// limit, for which [`shorten_path`] gives exactly what it gives for `key`,
/// whatever is written before and after it (and so does shortening the
/// result again, as an error's problems are).
///
/// A path under a 1 MB workflow name is shortened to about 1 KiB; with the
/// stand-in, the full path is never written out, once per problem or
/// warning, to be shortened afterwards (1,000 warnings under a 1 MB name
/// once held 2 GB).
pub(crate) fn path_key(key: &str) -> Cow<'_, str> {
    stand_in(key, '.', Quoting::Always)
}

/// A value from the config quoted in a message, as [`path_key`] is for
/// paths: a stand-in for which [`shorten_message`] gives exactly what it
/// gives for `value`, where the text before it holds an odd number of
/// backquotes (the value opens a quote, as in ``stage `{id}` …`` where
/// nothing else from the config comes before it).
pub(crate) fn quoted_value(value: &str) -> Cow<'_, str> {
    stand_in(value, '`', Quoting::Even)
}

/// Which parts of a value (split at its separators) shortening cuts to
/// [`KEEP_BYTES`]: in a path every segment; in a message the ones inside
/// backquotes, which for a value opening a quote are the even ones.
#[derive(Clone, Copy)]
enum Quoting {
    Always,
    Even,
}

impl Quoting {
    fn cuts(self, part: usize) -> bool {
        match self {
            Quoting::Always => true,
            Quoting::Even => part.is_multiple_of(2),
        }
    }
}

/// The stand-in of [`path_key`] and [`quoted_value`]. Shortening reads no
/// more of a part it cuts than its first 64 bytes and whether there are
/// more, no more of a part it keeps than its first 1,025 bytes (its output
/// is cut at 1,024), and nothing after its first 1,025 bytes of output.
/// So a cut part keeps its first 65 bytes, other parts their first 1,025,
/// and parts after the first separator are kept until they alone shorten
/// to more than 2,048 bytes (then what is kept is over 1,024 bytes: a cut
/// part keeps at least 65 and shortens to at most 67). A stand-in must be,
/// like its value, over the limit below which texts are left alone: when
/// it is not, cut parts keep more (bytes past the 64th of a cut part are
/// never shown) until it is.
fn stand_in(text: &str, separator: char, quoting: Quoting) -> Cow<'_, str> {
    if text.len() <= MAX_SHOWN_BYTES {
        return Cow::Borrowed(text);
    }
    match kept_of(text, separator, quoting, false) {
        kept if kept.len() > MAX_SHOWN_BYTES => Cow::Owned(kept),
        _ => Cow::Owned(kept_of(text, separator, quoting, true)),
    }
}

/// The parts of `text` that [`stand_in`] keeps; with `pad`, cut parts keep
/// up to 1,025 bytes until more than 1,024 are kept in all.
fn kept_of(text: &str, separator: char, quoting: Quoting, pad: bool) -> String {
    let mut kept = String::with_capacity(2 * MAX_SHOWN_BYTES);
    let mut padded = !pad;
    // Bytes the parts after the first separator shorten to.
    let mut shown = 0_usize;
    for (i, part) in text.split(separator).enumerate() {
        let cut = quoting.cuts(i) && part.len() > KEEP_BYTES;
        if i > 0 {
            if shown > 2 * MAX_SHOWN_BYTES {
                break;
            }
            kept.push(separator);
            shown += 1 + match cut {
                true => head(part, KEEP_BYTES).len() + '…'.len_utf8(),
                false => part.len(),
            };
        }
        let part_kept = match cut && padded {
            true => head_over(part, KEEP_BYTES),
            false => head_over(part, MAX_SHOWN_BYTES),
        };
        kept.push_str(part_kept);
        padded |= kept.len() > MAX_SHOWN_BYTES;
    }
    kept
}

/// The shortest prefix of `text` longer than `min` bytes that ends on a
/// character boundary, or all of `text`.
fn head_over(text: &str, min: usize) -> &str {
    let mut end = min + 1;
    while end < text.len() && !text.is_char_boundary(end) {
        end += 1;
    }
    text.get(..end).unwrap_or(text)
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

/// A short name for a JSON value's type, for messages.
pub(crate) fn type_name(value: &serde_json::Value) -> &'static str {
    match value {
        serde_json::Value::Null => "null",
        serde_json::Value::Bool(_) => "a boolean",
        serde_json::Value::Number(_) => "a number",
        serde_json::Value::String(_) => "a string",
        serde_json::Value::Array(_) => "an array",
        serde_json::Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A small deterministic generator (xorshift), so that a failure can
    /// be replayed from its case number.
    struct Gen(u64);

    impl Gen {
        fn below(&mut self, n: usize) -> usize {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            (self.0 % n.max(1) as u64) as usize
        }

        fn pick<T: Copy + Default>(&mut self, items: &[T]) -> T {
            let i = self.below(items.len());
            items.get(i).copied().unwrap_or_default()
        }

        /// Text of about `bytes` bytes in runs of one-to-four-byte
        /// characters, separated by dots and backquotes at a rate that
        /// varies from case to case.
        fn text(&mut self, bytes: usize) -> String {
            const CHARS: [char; 5] = ['a', 'é', '€', '😀', 'z'];
            let run = self.pick(&[1, 4, 40, 63, 64, 65, 66, 70, 90, 120, 1_030, 3_000]);
            let mut out = String::new();
            while out.len() < bytes {
                match self.below(run + 1) {
                    0 => out.push('.'),
                    1 => out.push('`'),
                    _ => out.push(self.pick(&CHARS)),
                }
            }
            out
        }
    }

    #[test]
    fn stand_ins_shorten_exactly_as_the_values_they_stand_for() {
        let mut gen = Gen(0x9e37_79b9_7f4a_7c15);
        let mut changed = 0;
        for case in 0..6_000 {
            let size = gen.pick(&[1_025, 1_100, 1_500, 2_100, 5_000, 20_000, 70_000]);
            let value = gen.text(size);
            let before = {
                let n = gen.pick(&[0, 3, 60, 200, 900, 1_500]);
                gen.text(n)
            };
            // A quoted value opens a quote.
            let opened = match before.matches('`').count() % 2 {
                0 => format!("{before}`"),
                _ => before.clone(),
            };
            let after = {
                let n = gen.pick(&[0, 3, 60, 200, 900, 1_500]);
                gen.text(n)
            };
            let key = path_key(&value);
            let quoted = quoted_value(&value);
            assert!(
                key.len() <= value.len() && key.len() > MAX_SHOWN_BYTES,
                "case {case}"
            );
            assert!(quoted.len() > MAX_SHOWN_BYTES, "case {case}");
            changed += usize::from(key.len() < value.len()) + usize::from(quoted.len() < value.len());
            let path = |middle: &str| shorten_path(format!("{before}{middle}{after}"));
            assert_eq!(path(&key), path(&value), "path, case {case}");
            // Problems are shortened twice on some routes: the same again.
            assert_eq!(
                shorten_path(path(&key)),
                shorten_path(path(&value)),
                "case {case}"
            );
            let message = |middle: &str| shorten_message(format!("{opened}{middle}{after}"));
            assert_eq!(message(&quoted), message(&value), "message, case {case}");
        }
        // Most cases did stand in for something shorter than the value.
        assert!(changed > 6_000, "{changed}");
    }

    #[test]
    fn stand_ins_are_small_and_short_values_their_own() {
        let name = "é".repeat(500_000);
        assert!(path_key(&name).len() <= MAX_SHOWN_BYTES + 4);
        assert!(quoted_value(&name).len() <= MAX_SHOWN_BYTES + 4);
        let mut gen = Gen(11);
        for _ in 0..500 {
            let value = gen.text(30_000);
            assert!(path_key(&value).len() <= 4 * MAX_SHOWN_BYTES);
            assert!(quoted_value(&value).len() <= 4 * MAX_SHOWN_BYTES);
        }
        let short = "s".repeat(MAX_SHOWN_BYTES);
        assert!(matches!(path_key(&short), Cow::Borrowed(_)));
        assert!(matches!(quoted_value(&short), Cow::Borrowed(_)));
    }

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
