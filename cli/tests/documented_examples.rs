//! The documentation's command-line examples print what the tool prints:
//! in the README and every `docs/` page, every `$ leadrules ...` line of a
//! console block whose files exist is run from the repository root (a
//! `head -N FILE |` in front feeds the first N lines of FILE) and its
//! output compared; a final `...` line means "at least these lines".

mod common;
// The pages the core's documentation tests read, in the same order.
#[path = "../../core/tests/documentation/mod.rs"]
#[allow(dead_code, reason = "the CLI reads the pages only, not the JSON blocks")]
mod documentation;

use std::io::Write;
use std::process::{Command, Stdio};

/// The repository root, where the documented commands run.
const ROOT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/..");

/// A documented command and the output it shows.
struct Example {
    command: String,
    shown: Vec<String>,
}

fn examples(readme: &str) -> Vec<Example> {
    let mut found: Vec<Example> = Vec::new();
    for block in readme.split("```console\n").skip(1) {
        let body = block.split_once("\n```").map_or("", |(body, _)| body);
        for line in body.lines() {
            match (line.strip_prefix("$ "), found.last_mut()) {
                (Some(command), _) => found.push(Example {
                    command: command.to_owned(),
                    shown: Vec::new(),
                }),
                (None, Some(example)) => example.shown.push(line.to_owned()),
                (None, None) => {}
            }
        }
    }
    found
}

/// Runs one example; `None` when it names a file the repository does not
/// have (an illustration, such as a broken config).
fn run(command: &str) -> Option<String> {
    let (feed, tool) = match command.split_once(" | ") {
        Some((feed, tool)) => (Some(feed), tool),
        None => (None, command),
    };
    let args: Vec<&str> = tool.strip_prefix("leadrules ")?.split_whitespace().collect();
    let files = args.iter().filter(|a| a.contains('.'));
    if !files
        .into_iter()
        .all(|f| std::path::Path::new(ROOT).join(f).exists())
    {
        return None;
    }
    let stdin = match feed.map(|f| f.split_whitespace().collect::<Vec<_>>()) {
        Some(words) => match words.as_slice() {
            ["head", count, file] => {
                let n: usize = count.trim_start_matches('-').parse().ok()?;
                let text = std::fs::read_to_string(std::path::Path::new(ROOT).join(file)).ok()?;
                text.lines().take(n).map(|l| format!("{l}\n")).collect::<String>()
            }
            _ => return None,
        },
        None => String::new(),
    };
    let mut child = Command::new(env!("CARGO_BIN_EXE_leadrules"))
        .args(&args)
        .current_dir(ROOT)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .ok()?;
    if let Some(mut input) = child.stdin.take() {
        input.write_all(stdin.as_bytes()).ok()?;
    }
    let output = child.wait_with_output().ok()?;
    Some(String::from_utf8_lossy(&output.stdout).into_owned())
}

#[test]
fn console_examples_print_what_the_tool_prints() {
    let mut checked = 0;
    let mut pages_with_examples = 0;
    for (name, text) in documentation::pages() {
        let mut ran = 0;
        for example in examples(&text) {
            let Some(printed) = run(&example.command) else {
                continue;
            };
            let printed: Vec<&str> = printed.lines().collect();
            let shown: Vec<&str> = example.shown.iter().map(String::as_str).collect();
            match shown.split_last() {
                Some((&"...", head)) => {
                    assert_eq!(
                        printed.get(..head.len()),
                        Some(head),
                        "{name}: $ {}",
                        example.command
                    )
                }
                _ => assert_eq!(printed, shown, "{name}: $ {}", example.command),
            }
            ran += 1;
        }
        checked += ran;
        pages_with_examples += usize::from(ran > 0);
    }
    // The README's example, and those of docs/cli.md.
    assert!(
        checked >= 4 && pages_with_examples >= 2,
        "only {checked} documented examples were run, from {pages_with_examples} pages"
    );
}
