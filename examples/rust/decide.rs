//! Answers one JSON request from standard input, printing the response:
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
    println!("{}", engine.decide_json(&request));
}

fn fail(message: &str) -> ! {
    eprintln!("{message}");
    std::process::exit(1)
}
