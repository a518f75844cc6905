//! `leadrules decide`: one response line per request line, byte for byte
//! what the core's JSON entry answers (as the C ABI gives it), bad lines
//! answered with the error envelope, and the exit codes.

mod common;

use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use common::{data, example, leadrules, read};
use leadrules::Engine;

/// What the core answers for each non-blank line, as the C ABI renders it.
fn expected(config: &str, requests: &str) -> Vec<String> {
    let engine = Engine::from_json(&read(config)).unwrap_or_default();
    requests
        .lines()
        .filter(|line| !line.trim().is_empty())
        .map(|line| match engine.decide_json(line).into_result() {
            Ok(response) => response,
            Err(error) => leadrules::protocol::error_value(&error).to_string(),
        })
        .collect()
}

#[test]
fn every_line_is_answered_in_order_as_the_core_answers_it() {
    let (config, requests) = (example("company.json"), data("mixed.jsonl"));
    let want = expected(&config, &read(&requests));
    assert_eq!(want.len(), 7, "the fixture has 7 requests, blank lines aside");
    assert!(want.iter().any(|line| line.contains(r#""code":"invalid_json""#)));
    assert!(want.iter().any(|line| line.contains(r#""code":"unknown_kind""#)));
    let run = leadrules(&["decide", &config, &requests], b"");
    assert_eq!(run.stdout.lines().collect::<Vec<_>>(), want);
    // Some lines were errors, so the run reports findings.
    assert_eq!(run.code, 1, "{}", run.stderr);
    // The requests after the bad lines were answered too.
    assert!(run.stdout.ends_with("\"phase\":\"pending\"}\n"), "{}", run.stdout);
}

#[test]
fn requests_on_standard_input_all_answered_exit_zero() {
    let config = example("company.json");
    let requests = read(&example("requests.jsonl"));
    let want = expected(&config, &requests);
    assert!(want.len() >= 8);
    assert!(
        want.iter().all(|line| !line.starts_with(r#"{"error""#)),
        "{want:?}"
    );
    for args in [
        vec!["decide", config.as_str()],
        vec!["decide", config.as_str(), "-"],
    ] {
        let run = leadrules(&args, requests.as_bytes());
        assert_eq!(run.code, 0, "{}", run.stderr);
        assert_eq!(run.stdout.lines().collect::<Vec<_>>(), want);
    }
}

#[test]
fn a_line_over_the_request_limit_is_refused_and_the_next_answered() {
    let config = example("company.json");
    let long = format!(r#"{{"kind": "{}"}}"#, "a".repeat(leadrules::MAX_REQUEST_BYTES));
    let requests = format!("{long}\n{{\"kind\": \"y\"}}\n");
    let run = leadrules(&["decide", &config], requests.as_bytes());
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines.len(), 2, "{}", run.stderr);
    let want = leadrules::check_request_size(long.len())
        .err()
        .map(|e| leadrules::protocol::error_value(&e).to_string());
    assert_eq!(lines.first().copied(), want.as_deref());
    assert!(lines
        .get(1)
        .is_some_and(|l| l.contains(r#""code":"unknown_kind""#)));
    assert_eq!(run.code, 1);
}

#[test]
fn line_endings_and_blank_lines_do_not_change_the_answers() {
    let config = example("company.json");
    let requests = read(&example("requests.jsonl"));
    let crlf = format!("\r\n  \r\n{}", requests.replace('\n', "\r\n\r\n"));
    let run = leadrules(&["decide", &config], crlf.as_bytes());
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stdout.lines().collect::<Vec<_>>(),
        expected(&config, &requests)
    );
}

#[test]
fn a_line_that_is_not_utf8_is_invalid_json_and_the_next_is_answered() {
    let config = example("company.json");
    let mut input = b"\xff\xfe{}\n".to_vec();
    input.extend_from_slice(br#"{"kind": "targets", "actor": {"id": "u1", "org": "north", "role": "basic"}, "lead": {"id": "L1", "org": "north"}}"#);
    let run = leadrules(&["decide", &config], &input);
    assert_eq!(run.code, 1);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines.len(), 2, "{}", run.stdout);
    assert!(lines
        .first()
        .is_some_and(|l| l.starts_with(r#"{"error":{"code":"invalid_json""#)));
    assert_eq!(lines.get(1), Some(&r#"{"handover":[],"cross_silo":[]}"#));
}

#[test]
fn config_warnings_go_to_standard_error_and_do_not_stop_it() {
    let run = leadrules(&["decide", &data("warns.json")], b"{\"kind\": \"teleport\"}\n");
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("warning: policy.workflows.odd.stages[1]: "),
        "{}",
        run.stderr
    );
    assert!(run.stdout.contains("unknown_kind"), "{}", run.stdout);
}

#[test]
fn a_config_that_does_not_load_is_reported_as_check_does_and_exits_2() {
    let run = leadrules(&["decide", &data("broken.json")], b"{}\n");
    assert_eq!(run.code, 2);
    assert!(run.stdout.is_empty(), "{}", run.stdout);
    assert!(run.stderr.contains("does not load"), "{}", run.stderr);
    assert!(
        run.stderr
            .contains("orgs[3].parent: unknown parent org `atlantis` [invalid_config]"),
        "{}",
        run.stderr
    );
}

#[test]
fn missing_files_exit_2_with_a_clear_message() {
    let config = example("company.json");
    let run = leadrules(&["decide", &config, "/nonexistent/requests.jsonl"], b"");
    assert_eq!(run.code, 2);
    assert!(run.stdout.is_empty());
    assert!(
        run.stderr
            .starts_with("leadrules: cannot read the requests from `/nonexistent/requests.jsonl`: "),
        "{}",
        run.stderr
    );
    let run = leadrules(&["decide", "/nonexistent/config.json"], b"");
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .starts_with("leadrules: cannot read the config from `/nonexistent/config.json`: "),
        "{}",
        run.stderr
    );
    let run = leadrules(&["check", "/nonexistent/config.json"], b"");
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("cannot read the config"), "{}", run.stderr);
}

/// A host may drive the tool through a pipe, one request at a time: each
/// answer must arrive before the next request is sent.
#[test]
fn each_answer_is_written_before_the_next_request_arrives() {
    let child = Command::new(env!("CARGO_BIN_EXE_leadrules"))
        .args(["decide", &example("company.json")])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn();
    assert!(child.is_ok(), "could not run the binary: {child:?}");
    let Ok(mut child) = child else { return };
    let (Some(mut input), Some(output)) = (child.stdin.take(), child.stdout.take()) else {
        return;
    };
    let (send, receive) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(output).lines() {
            if send.send(line.unwrap_or_default()).is_err() {
                break;
            }
        }
    });
    for _ in 0..2 {
        let written = input
            .write_all(b"{\"kind\": \"teleport\"}\n")
            .and_then(|()| input.flush());
        assert!(written.is_ok(), "{written:?}");
        let answer = receive.recv_timeout(Duration::from_secs(20));
        assert!(
            answer.as_deref().is_ok_and(|a| a.contains("unknown_kind")),
            "no answer while the input stays open: {answer:?}"
        );
    }
    drop(input);
    assert!(child.wait().is_ok_and(|status| status.code() == Some(1)));
}
