//! Running the built `leadrules` binary, and the files the tests read.

// Each test file uses its own part of these helpers.
#![allow(dead_code, reason = "shared by several test crates, each using a part")]

use std::io::Write;
use std::process::{Command, Output, Stdio};

/// A file of `cli/tests/data/`.
pub fn data(name: &str) -> String {
    format!("{}/tests/data/{name}", env!("CARGO_MANIFEST_DIR"))
}

/// A file of the repository's `examples/config/`.
pub fn example(name: &str) -> String {
    format!("{}/../examples/config/{name}", env!("CARGO_MANIFEST_DIR"))
}

/// The text of a file the tests read; empty if it cannot be read, which
/// the assertions that follow then report.
pub fn read(path: &str) -> String {
    std::fs::read_to_string(path).unwrap_or_default()
}

/// What one run of the binary gave.
pub struct Run {
    /// The exit code (-1 if killed by a signal).
    pub code: i32,
    /// Standard output.
    pub stdout: String,
    /// Standard error.
    pub stderr: String,
}

/// Runs `leadrules ARGS` with `stdin` on standard input.
pub fn leadrules(args: &[&str], stdin: &[u8]) -> Run {
    let child = Command::new(env!("CARGO_BIN_EXE_leadrules"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn();
    let output = child.and_then(|mut child| {
        if let Some(mut input) = child.stdin.take() {
            // The tool may exit before reading (a usage error): ignore EPIPE.
            let _ = input.write_all(stdin);
        }
        child.wait_with_output()
    });
    match output {
        Ok(Output {
            status,
            stdout,
            stderr,
        }) => Run {
            code: status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&stdout).into_owned(),
            stderr: String::from_utf8_lossy(&stderr).into_owned(),
        },
        Err(e) => Run {
            code: -1,
            stdout: String::new(),
            stderr: format!("could not run the binary: {e}"),
        },
    }
}
