//! `leadrules check`: a config that loads, one that does not (every problem
//! printed with its path), warnings with and without `--strict`, `--json`.

mod common;

use common::{data, example, leadrules, read};
use leadrules::Engine;
use serde_json::Value;

#[test]
fn a_valid_config_is_ok_with_a_summary() {
    let run = leadrules(&["check", &example("company.json")], b"");
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert_eq!(
        run.stdout,
        "ok: 5 orgs, 6 roles, 4 workflows (leadx_pipeline, partner_lead, creatio_lead, vendor_referral), \
         0 warnings\n"
    );
}

#[test]
fn a_config_on_standard_input_is_read_with_a_dash() {
    let run = leadrules(&["check", "-"], br#"{"orgs": [{"id": "hq"}]}"#);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.starts_with("ok: 1 org, 5 roles, 3 workflows"),
        "{}",
        run.stdout
    );
}

#[test]
fn a_broken_config_lists_every_problem_with_its_path_and_code() {
    let path = data("broken.json");
    let problems = match Engine::from_json(&read(&path)) {
        Err(error) => error.problems,
        Ok(_) => Vec::new(),
    };
    assert!(
        problems.len() >= 5,
        "the fixture should break in many places: {problems:?}"
    );
    let run = leadrules(&["check", &path], b"");
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    let mut lines = run.stdout.lines();
    assert_eq!(
        lines.next(),
        Some(format!("invalid: the config does not load, {} problems", problems.len()).as_str())
    );
    let printed: Vec<&str> = lines.collect();
    let expected: Vec<String> = problems
        .iter()
        .map(|p| format!("{}: {} [invalid_config]", p.path, p.message))
        .collect();
    assert_eq!(printed, expected);
    for path in [
        "orgs[2].id",
        "orgs[3].parent",
        "orgs[3].colour",
        "policy.roles.basic[1]",
    ] {
        assert!(
            run.stdout.contains(&format!("\n{path}: ")),
            "{path} missing:\n{}",
            run.stdout
        );
    }
    assert!(
        run.stdout.contains("policy.templates.slow.pending: "),
        "{}",
        run.stdout
    );
}

#[test]
fn text_that_is_not_json_is_a_problem_at_the_root() {
    let run = leadrules(&["check", "-"], b"{\"orgs\": [");
    assert_eq!(run.code, 1);
    assert!(
        run.stdout.contains("\n(root): the config is not valid JSON"),
        "{}",
        run.stdout
    );
}

#[test]
fn warnings_are_printed_and_fail_only_with_strict() {
    let path = data("warns.json");
    let engine = Engine::from_json(&read(&path)).unwrap_or_default();
    let warnings = engine.warnings();
    assert!(warnings.len() >= 3, "the fixture should warn: {warnings:?}");
    let expected: Vec<String> = warnings
        .iter()
        .map(|w| format!("warning: {}: {}", w.path, w.message))
        .collect();

    let relaxed = leadrules(&["check", &path], b"");
    assert_eq!(relaxed.code, 0, "{}", relaxed.stdout);
    assert!(relaxed.stdout.starts_with("ok: "), "{}", relaxed.stdout);
    assert!(relaxed.stdout.contains(&format!("{} warnings", warnings.len())));
    assert_eq!(relaxed.stdout.lines().skip(1).collect::<Vec<_>>(), expected);

    let strict = leadrules(&["check", "--strict", &path], b"");
    assert_eq!(strict.code, 1, "{}", strict.stdout);
    assert!(
        strict.stdout.starts_with("failed (--strict): "),
        "{}",
        strict.stdout
    );
    assert_eq!(strict.stdout.lines().skip(1).collect::<Vec<_>>(), expected);

    // A config without warnings passes --strict.
    assert_eq!(
        leadrules(&["check", "--strict", &example("company.json")], b"").code,
        0
    );
}

/// The value at a JSON pointer, null when absent.
fn at<'v>(value: &'v Value, pointer: &str) -> &'v Value {
    value.pointer(pointer).unwrap_or(&Value::Null)
}

fn json_report(args: &[&str]) -> (i32, Value) {
    let run = leadrules(args, b"");
    let report = serde_json::from_str(&run.stdout).unwrap_or(Value::Null);
    (run.code, report)
}

#[test]
fn json_reports_errors_and_warnings_as_one_object() {
    let broken = data("broken.json");
    let (code, report) = json_report(&["check", "--json", &broken]);
    assert_eq!(code, 1);
    assert_eq!(at(&report, "/ok"), false);
    assert_eq!(at(&report, "/summary"), &Value::Null);
    let errors = at(&report, "/errors").as_array().cloned().unwrap_or_default();
    let problems = Engine::from_json(&read(&broken))
        .err()
        .map(|e| e.problems)
        .unwrap_or_default();
    assert_eq!(errors.len(), problems.len());
    for (error, problem) in errors.iter().zip(&problems) {
        assert_eq!(at(error, "/path"), problem.path.as_str());
        assert_eq!(at(error, "/message"), problem.message.as_str());
        assert_eq!(at(error, "/code"), "invalid_config");
    }

    let warns = data("warns.json");
    let engine = Engine::from_json(&read(&warns)).unwrap_or_default();
    let expected = leadrules::protocol::problems_value(engine.warnings());
    let (code, report) = json_report(&["check", "--json", &warns]);
    assert_eq!(code, 0);
    assert_eq!(at(&report, "/ok"), true);
    assert_eq!(at(&report, "/errors"), &serde_json::json!([]));
    assert_eq!(at(&report, "/warnings"), &expected);
    assert_eq!(at(&report, "/summary/orgs"), 0);
    assert_eq!(at(&report, "/summary/workflows/3"), "odd");

    let (code, report) = json_report(&["check", "--json", "--strict", &warns]);
    assert_eq!(code, 1);
    assert_eq!(at(&report, "/ok"), false);
    assert_eq!(at(&report, "/warnings"), &expected);
}

#[test]
fn a_long_workflow_name_is_shortened_in_the_summary() {
    // A 1 MB name must not come back as 1 MB of output.
    let name = "w".repeat(1_000_000);
    let config = format!(
        r#"{{"policy": {{"workflows": {{"{name}": {{"stages": [{{"id": "a", "initial": true}},
        {{"id": "b", "terminal": true}}], "actions": [{{"id": "go", "from": ["a"], "to": "b",
        "who": {{"capability": "assign"}}}}]}}}}}}}}"#
    );
    let shown = format!("{}…", "w".repeat(64));
    let run = leadrules(&["check", "-"], config.as_bytes());
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.len() < 2_000, "{} bytes", run.stdout.len());
    assert!(
        run.stdout
            .contains(&format!("creatio_lead, {shown}), 0 warnings")),
        "{}",
        run.stdout
    );
    let run = leadrules(&["check", "--json", "-"], config.as_bytes());
    assert!(run.stdout.len() < 2_000, "{} bytes", run.stdout.len());
    let report: Value = serde_json::from_str(&run.stdout).unwrap_or_default();
    let fourth = report.pointer("/summary/workflows/3");
    assert_eq!(fourth, Some(&Value::from(shown)));
    // Names of ordinary length are shown whole.
    let run = leadrules(&["check", "-"], br#"{"orgs": [{"id": "hq"}]}"#);
    assert!(
        run.stdout
            .contains("(leadx_pipeline, partner_lead, creatio_lead)"),
        "{}",
        run.stdout
    );
}
