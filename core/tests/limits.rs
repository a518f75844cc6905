//! The documented input limits (docs/protocol.md, "Limits"): each is enforced with an
//! error naming it, before the input is parsed, and nothing near a limit
//! crashes: request and config size, JSON nesting, org tree depth.

use leadrules::protocol::MAX_REQUEST_BYTES;
use leadrules::{Engine, ErrorCode, OrgSpec, MAX_CONFIG_BYTES};

fn padded(body: &str, len: usize) -> String {
    let mut text = String::with_capacity(len);
    text.push_str(body);
    text.extend(std::iter::repeat_n(' ', len - body.len()));
    text
}

#[test]
fn a_request_over_the_limit_is_refused_unread_and_one_at_it_is_read() {
    let engine = Engine::default();
    let over = padded("{}", MAX_REQUEST_BYTES + 1);
    let error = engine.decide_text(&over).err();
    assert_eq!(error.as_ref().map(|e| e.code), Some(ErrorCode::InvalidRequest));
    assert_eq!(error.as_ref().map(|e| e.path.as_str()), Some(""));
    assert!(error.is_some_and(|e| e.message.contains(&MAX_REQUEST_BYTES.to_string())));
    assert!(engine
        .decide_str(&over)
        .is_err_and(|e| e.code == ErrorCode::InvalidRequest));
    assert!(engine.decide_json(&over).contains("\"code\":\"invalid_request\""));

    // At the limit the text is read: refused only for lacking a kind.
    let at = padded("{}", MAX_REQUEST_BYTES);
    let error = engine.decide_text(&at).err();
    assert_eq!(
        error.map(|e| (e.code, e.path)),
        Some((ErrorCode::InvalidRequest, "kind".to_owned()))
    );
}

#[test]
fn a_config_over_the_limit_is_refused_unread() {
    let over = padded("{}", MAX_CONFIG_BYTES + 1);
    let error = Engine::from_json(&over).err();
    assert_eq!(error.as_ref().map(|e| e.code), Some(ErrorCode::InvalidConfig));
    assert!(error.is_some_and(|e| e.problems.iter().any(|p| p.message.contains("at most"))));
}

#[test]
fn nesting_past_the_parser_depth_is_invalid_json_not_a_stack_overflow() {
    let engine = Engine::default();
    for depth in [200, 100_000, 2_000_000] {
        let arrays = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
        let objects = format!("{}1{}", "{\"a\":".repeat(depth), "}".repeat(depth));
        for text in [&arrays, &objects] {
            assert!(engine
                .decide_text(text)
                .is_err_and(|e| e.code == ErrorCode::InvalidJson));
            assert!(Engine::from_json(text).is_err_and(|e| e.code == ErrorCode::InvalidConfig));
        }
    }
}

#[test]
fn a_chain_of_a_million_orgs_is_built_and_asked_without_recursion() {
    // Every org the parent of the next: the deepest tree there can be.
    let depth = 1_000_000;
    let mut builder = Engine::builder();
    builder = builder.org(OrgSpec::new("o0").handover(true));
    for i in 1..depth {
        builder = builder.org(
            OrgSpec::new(format!("o{i}"))
                .parent(format!("o{}", i - 1))
                .handover(true),
        );
    }
    let engine = builder.build();
    assert!(engine.is_ok());
    let engine = engine.unwrap_or_default();
    let request = format!(
        r#"{{"kind": "cross_silo", "actor": {{"id": "u", "org": "o{last}", "role": "manager"}},
            "lead": {{"id": "L", "org": "o{last}"}}, "to": "o0"}}"#,
        last = depth - 1
    );
    let answer = engine.decide_str(&request);
    assert!(
        answer.is_ok_and(|a| a.get("route").is_some_and(|r| r == "cross_silo")),
        "the root is a distant ancestor"
    );
}
