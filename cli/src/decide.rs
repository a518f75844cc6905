//! `leadrules decide` and `leadrules explain`: one answer per request line,
//! in order. Both ask the core exactly as the C ABI does
//! (`Engine::decide_json`, errors as `protocol::error_value`), so a line
//! of `decide` is byte for byte what `leadrules_engine_decide` answers
//! (its response, or its error as `leadrules_last_error_json`), except for
//! a line that is not UTF-8: the C ABI returns a status of its own
//! (`INVALID_UTF8`), which the protocol has no code for, so the tool
//! answers the protocol's `invalid_json` there.

use std::io::{self, BufRead, BufReader, BufWriter, Read, Write};

use leadrules::protocol::error_value;
use leadrules::{Engine, Error, ErrorCode, UnknownKeys};
use serde_json::Value;

use crate::args::Source;
use crate::exit::Exit;
use crate::explain_assign::Sources;
use crate::input::{self, Trouble};
use crate::{explain, report};

/// What each answer is written as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// `decide`: the protocol's response (or error envelope), one line.
    Json,
    /// `explain`: the answer in words.
    Words,
}

/// Loads the config, then answers every request line.
pub fn run(config: &Source, requests: &Source, mode: Mode) -> Exit {
    let (engine, config_value) = match load(config) {
        // `explain` is where requests are tried by hand: a key the protocol
        // does not define is always shown there (a warning, unless the
        // config makes it an error); `decide` answers as the config says.
        Ok((engine, value)) if mode == Mode::Words && engine.unknown_keys() == UnknownKeys::Ignore => {
            (engine.with_unknown_keys(UnknownKeys::Warn), value)
        }
        Ok(loaded) => loaded,
        Err(exit) => return exit,
    };
    let reader = match input::requests(requests) {
        Ok(reader) => reader,
        Err(trouble) => return report::trouble(&trouble),
    };
    match answer_all(&engine, &config_value, reader, mode) {
        Ok(true) => Exit::Findings,
        Ok(false) => Exit::Clean,
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Exit::Clean,
        Err(e) => report::trouble(&Trouble(format!("while answering {requests}: {e}"))),
    }
}

/// The engine, with its warnings on standard error (they do not stop it),
/// and the config as JSON (`explain` quotes its assignment conditions); a
/// config that does not load is reported as `check` reports it.
fn load(config: &Source) -> Result<(Engine, Value), Exit> {
    let text = input::config_text(config).map_err(|trouble| report::trouble(&trouble))?;
    match input::engine(&text) {
        Ok(engine) => {
            for warning in engine.warnings() {
                eprintln!("{}", report::warning_line(warning));
            }
            // It loaded, so it is JSON; `Null` only quotes no conditions.
            Ok((engine, serde_json::from_str(&text).unwrap_or(Value::Null)))
        }
        Err(error) => {
            eprintln!("leadrules: the config {config} does not load:");
            for line in report::problem_lines(&error) {
                eprintln!("{line}");
            }
            Err(Exit::Trouble)
        }
    }
}

/// Reads and drops the rest of the current line (its terminator
/// included); the number of bytes dropped before the terminator.
fn skip_line(reader: &mut impl BufRead) -> io::Result<usize> {
    let mut skipped = 0usize;
    loop {
        let buffer = reader.fill_buf()?;
        if buffer.is_empty() {
            return Ok(skipped);
        }
        match buffer.iter().position(|&b| b == b'\n') {
            Some(at) => {
                reader.consume(at + 1);
                return Ok(skipped.saturating_add(at));
            }
            None => {
                let len = buffer.len();
                reader.consume(len);
                skipped = skipped.saturating_add(len);
            }
        }
    }
}

/// Answers every non-blank line; `true` if any answer was an error.
fn answer_all(
    engine: &Engine,
    config: &Value,
    mut reader: BufReader<Box<dyn Read>>,
    mode: Mode,
) -> io::Result<bool> {
    let mut out = BufWriter::new(io::stdout().lock());
    let mut any_error = false;
    let mut line = Vec::new();
    let mut number = 0usize;
    // A line is read up to the request size limit and its terminator; the
    // rest of a longer one is skipped unread, as the C ABI refuses it.
    let limit = u64::try_from(leadrules::MAX_REQUEST_BYTES)
        .unwrap_or(u64::MAX)
        .saturating_add(2);
    loop {
        line.clear();
        if (&mut reader).take(limit).read_until(b'\n', &mut line)? == 0 {
            break;
        }
        number += 1;
        if !line.ends_with(b"\n") && u64::try_from(line.len()).is_ok_and(|len| len == limit) {
            let len = line.len().saturating_add(skip_line(&mut reader)?);
            let error = leadrules::check_request_size(len).err();
            let error =
                error.unwrap_or_else(|| Error::new(ErrorCode::InvalidRequest, "", "the line is too long"));
            writeln!(out, "{}", written("", Err(error), mode))?;
            any_error = true;
            continue;
        }
        // The request is the line without its terminator, as a host would
        // pass it to `leadrules_engine_decide` (and as error positions count).
        let request = line.strip_suffix(b"\n").unwrap_or(&line);
        let request = request.strip_suffix(b"\r").unwrap_or(request);
        if request.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        let (response, is_error) = match std::str::from_utf8(request) {
            Ok(text) => response_line(engine, config, text, mode),
            Err(e) => {
                // JSON text is UTF-8 (RFC 8259), so this is the protocol's
                // `invalid_json`, answered on its line like any bad request.
                let error = Error::new(
                    ErrorCode::InvalidJson,
                    "",
                    format!("line {number} is not UTF-8: {e}"),
                );
                let text = String::from_utf8_lossy(request);
                (written(&text, Err(error), mode), true)
            }
        };
        any_error |= is_error;
        writeln!(out, "{response}")?;
        // Flush only when the next read may wait for input: fast through a
        // file, and a host that drives the tool through a pipe, one request
        // at a time, gets each answer before it sends the next.
        if !reader.buffer().contains(&b'\n') {
            out.flush()?;
        }
    }
    out.flush()?;
    Ok(any_error)
}

/// The line written for one request, and whether it is an error.
fn response_line(engine: &Engine, config: &Value, text: &str, mode: Mode) -> (String, bool) {
    match mode {
        Mode::Json => {
            let response = engine.decide_json(text);
            let is_error = response.is_error();
            (response.into_string(), is_error)
        }
        Mode::Words => {
            let request = engine.request_value(text);
            let decided = request
                .as_ref()
                .map_err(Clone::clone)
                .and_then(|request| engine.decide(request));
            let is_error = decided.is_err();
            let response = decided.unwrap_or_else(|error| error_value(&error));
            let sources = request.as_ref().ok().map(|request| Sources {
                engine,
                config,
                request,
            });
            (
                explain::explain_answer(sources.as_ref(), text, &response),
                is_error,
            )
        }
    }
}

/// An answer (or error) as `mode` writes it.
fn written(request: &str, decided: Result<Value, Error>, mode: Mode) -> String {
    let response = decided.unwrap_or_else(|error| error_value(&error));
    match mode {
        Mode::Json => response.to_string(),
        Mode::Words => explain::explain(request, &response),
    }
}
