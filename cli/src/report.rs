//! Writing what the tool found: config problems and warnings in one line
//! each, and whole texts to standard output.

use std::io::{self, Write};

use std::borrow::Cow;

use leadrules::{shorten_path, Error, Problem, MAX_SHOWN_BYTES};

use crate::exit::Exit;
use crate::input::Trouble;

/// How an empty path (the config as a whole) is shown.
const ROOT: &str = "(root)";

fn path(path: &str) -> &str {
    if path.is_empty() {
        ROOT
    } else {
        path
    }
}

/// One line per problem of a config that does not load:
/// `path: message [code]`.
pub fn problem_lines(error: &Error) -> Vec<String> {
    let code = error.code.as_str();
    if error.problems.is_empty() {
        // Only `invalid_config` lists problems; any other error is its own.
        return vec![format!("{}: {} [{code}]", path(&error.path), error.message)];
    }
    error
        .problems
        .iter()
        .map(|p| format!("{}: {} [{code}]", path(&p.path), p.message))
        .collect()
}

/// How many lines [`problem_lines`] gives for `error`.
pub fn problem_count(error: &Error) -> usize {
    error.problems.len().max(1)
}

/// The lines of [`problem_lines`], each after a newline, onto `text`.
pub fn push_problem_lines(text: &mut String, error: &Error) {
    let code = error.code.as_str();
    let mut line = |path_text: &str, message: &str| {
        for part in ["\n", path(path_text), ": ", message, " [", code, "]"] {
            text.push_str(part);
        }
    };
    if error.problems.is_empty() {
        line(&error.path, &error.message);
    }
    for problem in &error.problems {
        line(&problem.path, &problem.message);
    }
}

/// `warning: path: message`.
pub fn warning_line(warning: &Problem) -> String {
    let mut line = String::new();
    push_warning_line(&mut line, warning);
    line
}

/// [`warning_line`] onto `text`.
pub fn push_warning_line(text: &mut String, warning: &Problem) {
    for part in ["warning: ", path(&warning.path), ": ", &warning.message] {
        text.push_str(part);
    }
}

/// A name taken from the config (a workflow's), as the core shows names in
/// paths: a 1 MB name must not come back as 1 MB of summary, so one longer
/// than [`MAX_SHOWN_BYTES`] is cut as [`shorten_path`] cuts it.
pub fn name(name: &str) -> Cow<'_, str> {
    if name.len() <= MAX_SHOWN_BYTES {
        Cow::Borrowed(name)
    } else {
        Cow::Owned(shorten_path(name.to_owned()))
    }
}

/// `N thing` or `N things`.
pub fn count(n: usize, thing: &str) -> String {
    format!("{n} {thing}{}", if n == 1 { "" } else { "s" })
}

/// Prints `text` and a newline to standard output. A reader that went away
/// (`leadrules ... | head`) is not a failure of the tool.
pub fn print(text: &str) -> Exit {
    let mut out = io::stdout().lock();
    match writeln!(out, "{text}").and_then(|()| out.flush()) {
        Ok(()) => Exit::Clean,
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Exit::Clean,
        Err(e) => trouble(&Trouble(format!("cannot write to standard output: {e}"))),
    }
}

/// Reports why the tool cannot go on, on standard error.
pub fn trouble(trouble: &Trouble) -> Exit {
    eprintln!("leadrules: {}", trouble.0);
    Exit::Trouble
}
