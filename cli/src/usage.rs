//! The help and version texts. The exit codes here match [`crate::exit`]
//! and docs/cli.md.

use crate::args::Topic;

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
       leadrules help [COMMAND] | --help | -h
       leadrules COMMAND --help
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
            (`- code: message`) and every effect, or the answer's fields; an
            assignment rule by rule, pool by pool, with every member passed
            over and why (a batch: one line per lead).

exit codes:
  0  check: the config loads (and has no warnings, with --strict);
     decide, explain: every request was answered without an error
  1  check: the config does not load (or warns, with --strict);
     decide, explain: at least one line was answered with an error
  2  usage error, a file that cannot be read, or (decide, explain) a config
     that does not load";

/// `leadrules check --help`, `leadrules help check`.
pub const CHECK: &str = "\
leadrules check: load an engine config and report on it.

usage: leadrules check [--strict] [--json] CONFIG

CONFIG is an engine config file (JSON), or `-` for standard input.
Prints a summary and every warning with its path, or, when the config does
not load, every problem as `path: message [code]`.

options:
  --strict    warnings fail the check too
  --json      print one JSON object: ok, summary, errors, warnings
  -h, --help  print this help (`leadrules --help`: every command)

exit codes:
  0  the config loads (and has no warnings, with --strict)
  1  the config does not load (or warns, with --strict)
  2  usage error, or a file that cannot be read";

/// `leadrules decide --help`, `leadrules help decide`.
pub const DECIDE: &str = "\
leadrules decide: answer requests with a config, as the library does.

usage: leadrules decide CONFIG [REQUESTS]

CONFIG is an engine config file (JSON), or `-` for standard input.
REQUESTS holds one JSON request per line (protocol version 1), read from
standard input when it is absent or `-`. Blank lines are skipped. Each
request is answered with one line: the protocol's JSON response, or its
error envelope {\"error\": {...}} for a bad line, exactly as the C and
Python entry points answer it.

options:
  -h, --help  print this help (`leadrules --help`: every command)

exit codes:
  0  every request was answered without an error
  1  at least one line was answered with an error
  2  usage error, a file that cannot be read, or a config that does not
     load (its problems go to standard error, as `check` prints them)";

/// `leadrules explain --help`, `leadrules help explain`.
pub const EXPLAIN: &str = "\
leadrules explain: answer requests with a config, in words.

usage: leadrules explain CONFIG [REQUESTS]

CONFIG is an engine config file (JSON), or `-` for standard input.
REQUESTS holds one JSON request per line (protocol version 1), read from
standard input when it is absent or `-`. Blank lines are skipped. Each
answer is ALLOWED or DENIED with every reason (`- code: message`) and
every effect (`+`), or the fields of a targets, actions, expiry or sweep
answer. An assignment shows every rule up to the one that decided
(matched, or which condition failed and what the lead holds there), each
pool tried, every member passed over with its reasons and the fact behind
each, and the pick; a batch is summarised one line per lead, with the
cursors after it. A change of owner shows the facts behind each reason.

options:
  -h, --help  print this help (`leadrules --help`: every command)

exit codes:
  0  every request was answered without an error
  1  at least one line was answered with an error
  2  usage error, a file that cannot be read, or a config that does not
     load (its problems go to standard error, as `check` prints them)";

/// The help on a command, or on every command.
pub fn help(topic: Option<Topic>) -> &'static str {
    match topic {
        None => HELP,
        Some(Topic::Check) => CHECK,
        Some(Topic::Decide) => DECIDE,
        Some(Topic::Explain) => EXPLAIN,
    }
}

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
