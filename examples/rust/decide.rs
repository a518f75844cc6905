//! Answers one JSON request from standard input, printing the response
//! (the error envelope for bad input, then exiting with status 2):
//! `cargo run -p leadrules --example decide [config.json] < request.json`.
//! Handy for trying the protocol by hand.

use std::io::Read;

use leadrules::Engine;

fn main() {
    let config = match std::env::args().nth(1) {
        Some(path) => std::fs::read_to_string(&path).unwrap_or_else(|e| fail(&format!("{path}: {e}"))),
        None => "{}".to_owned(),
    };
    let engine = Engine::from_json(&config).unwrap_or_else(|e| fail(&e.to_string()));
    let mut request = String::new();
    std::io::stdin()
        .read_to_string(&mut request)
        .unwrap_or_else(|e| fail(&format!("stdin: {e}")));
    // Text in, text out; the typed error is at hand without parsing the
    // envelope back.
    let response = engine.decide_json(&request);
    println!("{response}");
    if let Some(error) = response.error() {
        eprintln!("{}: {}", error.code, error.path);
        std::process::exit(2);
    }
}

fn fail(message: &str) -> ! {
    eprintln!("{message}");
    std::process::exit(1)
}
