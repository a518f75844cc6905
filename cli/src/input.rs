//! Reading the config and the requests, from a file or standard input,
//! and loading the engine.

use std::fs::File;
use std::io::{self, BufReader, Read};

use leadrules::Engine;

use crate::args::Source;

/// Why the tool cannot go on (exit 2), for a human.
#[derive(Debug)]
pub struct Trouble(pub String);

/// The config text.
pub fn config_text(source: &Source) -> Result<String, Trouble> {
    let mut text = String::new();
    let read = match source {
        Source::Stdin => io::stdin().lock().read_to_string(&mut text),
        Source::File(path) => File::open(path).and_then(|mut file| file.read_to_string(&mut text)),
    };
    read.map(|_| text)
        .map_err(|e| Trouble(format!("cannot read the config from {source}: {e}")))
}

/// The engine for a config; a config that does not load is the core's
/// `invalid_config` error with every problem.
pub fn engine(text: &str) -> Result<Engine, leadrules::Error> {
    Engine::from_json(text)
}

/// The requests, to be read line by line. A file is opened here, so that
/// a missing one is reported before anything is answered. The buffer is
/// ours (not the trait's) so that the caller can see whether the next
/// line has arrived yet.
pub fn requests(source: &Source) -> Result<BufReader<Box<dyn Read>>, Trouble> {
    let inner: Box<dyn Read> = match source {
        Source::Stdin => Box::new(io::stdin().lock()),
        Source::File(path) => Box::new(
            File::open(path).map_err(|e| Trouble(format!("cannot read the requests from {source}: {e}")))?,
        ),
    };
    Ok(BufReader::new(inner))
}
