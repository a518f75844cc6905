//! `leadrules explain`: every request answered in words, with the verdict,
//! the reason codes and the effects the core gave.

mod common;

use common::{example, leadrules, read};
use leadrules::Engine;
use serde_json::Value;

#[test]
fn every_answer_is_explained_with_its_verdict_reasons_and_effects() {
    let config = example("company.json");
    let requests = read(&example("requests.jsonl"));
    let run = leadrules(&["explain", &config, &example("requests.jsonl")], b"");
    assert_eq!(run.code, 0, "{}", run.stderr);
    // One unindented headline per request, in order.
    let headlines: Vec<&str> = run.stdout.lines().filter(|l| !l.starts_with(' ')).collect();
    let kinds: Vec<String> = requests
        .lines()
        .filter(|l| !l.trim().is_empty())
        .filter_map(|l| serde_json::from_str::<Value>(l).ok())
        .map(|r| {
            r.get("kind")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_owned()
        })
        .collect();
    assert_eq!(headlines.len(), kinds.len(), "{}", run.stdout);
    for (headline, kind) in headlines.iter().zip(&kinds) {
        assert!(
            headline.starts_with(&format!("{kind} ")),
            "{headline} should be a {kind}"
        );
    }
    let out = &run.stdout;
    assert!(
        out.contains("handover L1 north → hq by u1: ALLOWED (route handover)\n"),
        "{out}"
    );
    assert!(out.contains("  + transfer: lead L1, from north, to hq, pipeline manager, owner none\n"));
    assert!(
        out.contains("handover L1 north → south by u1: DENIED (route cross_silo)\n"),
        "{out}"
    );
    assert!(out.contains("\n  - cross_silo_required: "), "{out}");
    assert!(out.contains("(org south)"), "{out}");
    assert!(out.contains("\n  - stage_not_permitted: "), "{out}");
    assert!(
        out.contains("\n  reassign: DENIED (requires [partner])\n    - not_sourcing_user: "),
        "{out}"
    );
    assert!(out.contains("phase pending"), "{out}");

    // Every reason code the core gave appears, on a reason line.
    let engine = Engine::from_json(&read(&config)).unwrap_or_default();
    let answers: Vec<Value> = requests
        .lines()
        .filter(|l| !l.trim().is_empty())
        .filter_map(|l| {
            leadrules::protocol::request_value(l)
                .and_then(|v| engine.decide(&v))
                .ok()
        })
        .collect();
    let mut codes = Vec::new();
    collect_codes(&Value::Array(answers), &mut codes);
    assert!(codes.len() >= 5, "{codes:?}");
    for code in codes {
        assert!(
            out.contains(&format!("- {code}: ")),
            "{code} not explained:\n{out}"
        );
    }
}

fn collect_codes(value: &Value, codes: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            if let Some(Value::Array(reasons)) = map.get("reasons") {
                codes.extend(
                    reasons
                        .iter()
                        .filter_map(|r| r["code"].as_str().map(str::to_owned)),
                );
            }
            map.values().for_each(|v| collect_codes(v, codes));
        }
        Value::Array(items) => items.iter().for_each(|v| collect_codes(v, codes)),
        _ => {}
    }
}

#[test]
fn errors_are_explained_on_their_line_and_exit_1() {
    let input = "{\"kind\": \"handover\"\n\n{\"kind\": \"handover\", \"actor\": {\"id\": \"u1\", \"org\": \"north\", \
                 \"role\": \"professional\"}, \"lead\": {\"id\": \"L1\", \"org\": \"north\"}, \"to\": \"mars\"}\n";
    let run = leadrules(&["explain", &example("company.json")], input.as_bytes());
    assert_eq!(run.code, 1);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(
        lines,
        [
            "request `{\"kind\": \"handover\"`: ERROR invalid_json: the request is not valid JSON: \
             EOF while parsing an object at line 1 column 19",
            "handover L1 north → mars by u1: ERROR unknown_org at to: unknown org `mars`",
        ]
    );
}
