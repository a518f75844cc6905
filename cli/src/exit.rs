//! The exit codes, documented in `--help` and docs/cli.md.

use std::process::ExitCode;

/// How an invocation ended, ordered by severity so that `max` keeps the
/// worse of two outcomes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Exit {
    /// 0: the config loads (`check`), every request was answered (`decide`,
    /// `explain`).
    Clean,
    /// 1: the config does not load, or warns under `--strict` (`check`); at
    /// least one request was answered with an error (`decide`, `explain`).
    Findings,
    /// 2: the tool could not do its job: a usage error, a file that cannot
    /// be read or written, a config that does not load (`decide`, `explain`).
    Trouble,
}

impl From<Exit> for ExitCode {
    fn from(exit: Exit) -> ExitCode {
        ExitCode::from(match exit {
            Exit::Clean => 0,
            Exit::Findings => 1,
            Exit::Trouble => 2,
        })
    }
}
