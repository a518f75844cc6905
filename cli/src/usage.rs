//! The help and version texts. The exit codes here match [`crate::exit`]
//! and docs/cli.md.

/// The reminder printed after a usage error.
pub const SHORT: &str = "\
usage: leadrules check [--strict] [--json] CONFIG
       leadrules decide CONFIG [REQUESTS]
       leadrules explain CONFIG [REQUESTS]
       leadrules --help | --version";

/// `leadrules --help`.
pub const HELP: &str = "\
leadrules: check an engine config, and answer requests with it, the way
the library answers them.

usage: leadrules check [--strict] [--json] CONFIG
       leadrules decide CONFIG [REQUESTS]
       leadrules explain CONFIG [REQUESTS]
       leadrules help | --help | -h
       leadrules --version | -V

CONFIG is an engine config file (JSON), or `-` for standard input.
REQUESTS holds one JSON request per line (protocol version 1), read from
standard input when it is absent or `-`. Blank lines are skipped.

commands:
  check     Load CONFIG. Prints a summary and every warning with its path,
            or every problem as `path: message [code]`.
              --strict  warnings fail the check too
              --json    print one JSON object: ok, summary, errors, warnings
  decide    Answer each request with one line: the protocol's JSON response,
            or its error envelope {\"error\": {...}} for a bad line, exactly as
            the C and Python entry points answer it.
  explain   Answer each request in words: ALLOWED or DENIED with every reason
            (`- code: message`) and every effect, or the answer's fields.

exit codes:
  0  check: the config loads (and has no warnings, with --strict);
     decide, explain: every request was answered without an error
  1  check: the config does not load (or warns, with --strict);
     decide, explain: at least one line was answered with an error
  2  usage error, a file that cannot be read, or (decide, explain) a config
     that does not load";

/// `leadrules --version`: the tool, the core it was built with and the
/// protocol it speaks.
pub fn version() -> String {
    format!(
        "leadrules {} (core {}, protocol version {})",
        env!("CARGO_PKG_VERSION"),
        leadrules::VERSION,
        leadrules::protocol::PROTOCOL_VERSION
    )
}
