//! The command line, read by hand: three commands, two flags and `-` for
//! standard input do not need an argument-parsing crate.

use std::ffi::OsString;
use std::fmt;
use std::path::PathBuf;

/// Where a config or the requests come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// `-`, or no REQUESTS argument.
    Stdin,
    /// A file path.
    File(PathBuf),
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Source::Stdin => f.write_str("standard input"),
            Source::File(path) => write!(f, "`{}`", path.display()),
        }
    }
}

/// The flags of `check`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CheckOptions {
    /// `--strict`: warnings fail the check.
    pub strict: bool,
    /// `--json`: one JSON object instead of text.
    pub json: bool,
}

/// A command that has its own help text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Topic {
    /// `check`.
    Check,
    /// `decide`.
    Decide,
    /// `explain`.
    Explain,
}

impl Topic {
    fn named(name: &str) -> Option<Topic> {
        match name {
            "check" => Some(Topic::Check),
            "decide" => Some(Topic::Decide),
            "explain" => Some(Topic::Explain),
            _ => None,
        }
    }
}

/// One invocation, read from the arguments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    /// `help`, `--help`, `-h` (no topic: every command), or `help COMMAND`
    /// and `COMMAND --help` (that command's own help).
    Help(Option<Topic>),
    /// `--version`, `-V`.
    Version,
    /// `check [--strict] [--json] CONFIG`.
    Check {
        /// The config to load.
        config: Source,
        /// Its flags.
        options: CheckOptions,
    },
    /// `decide CONFIG [REQUESTS]`.
    Decide {
        /// The config to load.
        config: Source,
        /// One request per line.
        requests: Source,
    },
    /// `explain CONFIG [REQUESTS]`.
    Explain {
        /// The config to load.
        config: Source,
        /// One request per line.
        requests: Source,
    },
}

/// Arguments that do not make a command; printed before the usage.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UsageError(String);

impl fmt::Display for UsageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

fn usage(message: impl Into<String>) -> UsageError {
    UsageError(message.into())
}

/// Reads the arguments after the program name.
pub fn parse(arguments: impl IntoIterator<Item = OsString>) -> Result<Command, UsageError> {
    let mut arguments = arguments.into_iter();
    let Some(first) = arguments.next() else {
        return Err(usage("no command given"));
    };
    let rest: Vec<OsString> = arguments.collect();
    match first.to_str() {
        Some("help" | "--help" | "-h") => help(&rest),
        Some("--version" | "-V") if rest.is_empty() => Ok(Command::Version),
        Some("--version" | "-V") => Err(usage("`--version` takes no arguments")),
        Some(name @ ("check" | "decide" | "explain")) => command(name, rest),
        Some(flag) if flag.starts_with('-') => Err(usage(format!("unknown flag `{flag}`"))),
        Some(name) => Err(usage(format!("unknown command `{name}`"))),
        None => Err(usage(format!("unknown command `{}`", first.to_string_lossy()))),
    }
}

/// `help [COMMAND]`: a command's own help, or every command's (`help help`
/// too: the general help is the help on `help`).
fn help(rest: &[OsString]) -> Result<Command, UsageError> {
    match rest {
        [] => Ok(Command::Help(None)),
        [topic] if topic.to_str() == Some("help") => Ok(Command::Help(None)),
        [topic] => match topic.to_str().and_then(Topic::named) {
            Some(topic) => Ok(Command::Help(Some(topic))),
            None => Err(usage(format!("no help on `{}`", topic.to_string_lossy()))),
        },
        _ => Err(usage("`help` takes at most one command name")),
    }
}

fn command(name: &str, rest: Vec<OsString>) -> Result<Command, UsageError> {
    let mut options = CheckOptions::default();
    let mut positional: Vec<Source> = Vec::new();
    let mut flags_done = false;
    for argument in rest {
        let text = argument.to_str();
        if flags_done || text.is_none_or(|t| t == "-" || !t.starts_with('-')) {
            positional.push(source(argument));
            continue;
        }
        match (name, text) {
            (_, Some("--")) => flags_done = true,
            (_, Some("--help" | "-h")) => return Ok(Command::Help(Topic::named(name))),
            ("check", Some("--strict")) => options.strict = true,
            ("check", Some("--json")) => options.json = true,
            (_, flag) => {
                return Err(usage(format!(
                    "unknown flag `{}` for `{name}`",
                    flag.unwrap_or_default()
                )))
            }
        }
    }
    let mut positional = positional.into_iter();
    let config = positional.next().ok_or_else(|| {
        usage(format!(
            "`{name}` needs a CONFIG file (or `-` for standard input)"
        ))
    })?;
    let requests = positional.next();
    if positional.next().is_some() || (name == "check" && requests.is_some()) {
        return Err(usage(format!("too many arguments for `{name}`")));
    }
    let requests = requests.unwrap_or(Source::Stdin);
    if name != "check" && config == Source::Stdin && requests == Source::Stdin {
        return Err(usage(
            "the config and the requests cannot both come from standard input",
        ));
    }
    Ok(match name {
        "check" => Command::Check { config, options },
        "decide" => Command::Decide { config, requests },
        _ => Command::Explain { config, requests },
    })
}

fn source(argument: OsString) -> Source {
    if argument == "-" {
        Source::Stdin
    } else {
        Source::File(argument.into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(line: &str) -> Result<Command, UsageError> {
        parse(line.split_whitespace().map(OsString::from))
    }

    fn file(path: &str) -> Source {
        Source::File(path.into())
    }

    #[test]
    fn commands_flags_and_sources() {
        assert_eq!(
            parsed("check --strict c.json --json"),
            Ok(Command::Check {
                config: file("c.json"),
                options: CheckOptions {
                    strict: true,
                    json: true
                }
            })
        );
        assert_eq!(
            parsed("decide c.json"),
            Ok(Command::Decide {
                config: file("c.json"),
                requests: Source::Stdin
            })
        );
        assert_eq!(
            parsed("explain - r.jsonl"),
            Ok(Command::Explain {
                config: Source::Stdin,
                requests: file("r.jsonl")
            })
        );
        assert_eq!(
            parsed("check -- --odd-name.json"),
            Ok(Command::Check {
                config: file("--odd-name.json"),
                options: CheckOptions::default()
            })
        );
        assert_eq!(parsed("decide --help"), Ok(Command::Help(Some(Topic::Decide))));
        assert_eq!(parsed("check c.json -h"), Ok(Command::Help(Some(Topic::Check))));
        assert_eq!(parsed("help explain"), Ok(Command::Help(Some(Topic::Explain))));
        assert_eq!(parsed("help help"), Ok(Command::Help(None)));
        assert_eq!(parsed("--help"), Ok(Command::Help(None)));
        assert_eq!(parsed("-V"), Ok(Command::Version));
    }

    #[test]
    fn usage_errors() {
        for line in [
            "",
            "frobnicate",
            "--frob",
            "check",
            "check a b",
            "decide --strict c.json",
            "decide - -",
            "decide -",
            "explain c r extra",
            "help nothing",
            "--version now",
        ] {
            assert!(parsed(line).is_err(), "{line:?} should be a usage error");
        }
    }
}
