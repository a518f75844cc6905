//! `leadrules`, the command-line tool for policy authors: `check` a config,
//! `decide` requests line by line as the protocol answers them, `explain`
//! the answers in words. Every decision is the core's; this binary only
//! reads files, calls the engine and writes what it answered.

mod args;
mod check;
mod decide;
mod describe;
mod exit;
mod explain;
mod explain_assign;
mod explain_match;
mod explain_sla;
mod input;
mod report;
mod usage;

use std::process::ExitCode;

use args::Command;
use exit::Exit;

fn main() -> ExitCode {
    run(std::env::args_os().skip(1)).into()
}

/// Runs one invocation; every outcome, including a usage error, is an
/// [`Exit`] so that the exit codes live in one place.
fn run(arguments: impl Iterator<Item = std::ffi::OsString>) -> Exit {
    let command = match args::parse(arguments) {
        Ok(command) => command,
        Err(error) => {
            eprintln!("leadrules: {error}\n\n{}", usage::SHORT);
            return Exit::Trouble;
        }
    };
    match command {
        Command::Help(topic) => report::print(usage::help(topic)),
        Command::Version => report::print(&usage::version()),
        Command::Check { config, options } => check::run(&config, options),
        Command::Decide { config, requests } => decide::run(&config, &requests, decide::Mode::Json),
        Command::Explain { config, requests } => decide::run(&config, &requests, decide::Mode::Words),
    }
}
