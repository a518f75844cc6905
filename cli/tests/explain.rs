//! `leadrules explain`: every request answered in words, with the verdict,
//! the reason codes and the effects the core gave.

mod common;

use common::{data, example, leadrules, read};
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

/// The answers of `examples/config/assign.jsonl`, as the core gives them.
fn assign_answers() -> Vec<Value> {
    let engine = Engine::from_json(&read(&example("assignment.json"))).unwrap_or_default();
    read(&example("assign.jsonl"))
        .lines()
        .filter(|l| !l.trim().is_empty())
        .filter_map(|l| {
            leadrules::protocol::request_value(l)
                .and_then(|v| engine.decide(&v))
                .ok()
        })
        .collect()
}

#[test]
fn an_assignment_is_explained_rule_by_rule_and_member_by_member() {
    let run = leadrules(
        &["explain", &example("assignment.json"), &example("assign.jsonl")],
        b"",
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let out = &run.stdout;
    for line in [
        // A rule matched; round robin from the cursor, each skip with its fact.
        "assign L9 in north: ALLOWED (assignee u5, rule web, pool inside)\n  \
         rule `web` matched (leads of north and below; source = web)\n    \
         pool `inside`, round robin after u2: u3 away, u4 at capacity (10/10), picked u5\n",
        // Least loaded: the loads of the eligible members, then the pick.
        "    pool `senior`, least loaded: s1 away; open leads/weight s2 3/1, s3 4/2; picked s3\n",
        // Which condition failed, and what the lead holds there.
        "  rule `web` not matched: the lead's org south is not north or below it; \
         source = web fails (source missing)\n",
        // A fall-through, then every reason of a member's skip.
        "    pool `senior`, least loaded: s1 away, s2 at capacity (8/8)\n    \
         nobody eligible: falls through to the next rule that applies\n  \
         rule `rest` matched (country in [IN, LK])\n",
        "g1 not licensed (role basic), g2 does not accept the lead (language in [hi, en] fails: \
         language is ta), picked g3\n",
        // Denials, with why.
        "assign L12 in south: DENIED (no rule)\n",
        "  rule `rest` not matched: country in [IN, LK] fails (country is US)\n  \
         - no_rule_matched: ",
        "    pool `inside`, round robin from the first member: u1 inactive, u3 away and at capacity (12/10)\n    \
         pool `overflow`: not in the request (counts as empty)\n    \
         nobody eligible\n  \
         - no_eligible_member: ",
        // A batch, one line per lead; the batch's own counts behind the facts.
        "assign 4 leads: 3 assigned, 1 denied\n  \
         L20: u1 (rule web, pool inside; passed over u3 away)\n  \
         L21: u2 (rule web, pool inside)\n  \
         L22: DENIED no_rule_matched\n  \
         L23: u1 (rule web, pool inside; passed over u3 away)\n  \
         cursors after the batch: inside u1\n",
        // change_owner: the facts behind each reason.
        "change_owner L9 in north to u1 by m1: ALLOWED\n  + set_owner: lead L9, owner u1\n",
        "(lead L9; owner u5, actor u1)\n",
        "(field to; b1 of south, lead of north)\n",
        "(field to; b1 has role basic)\n",
    ] {
        assert!(out.contains(line), "missing:\n{line}\nin:\n{out}");
    }
    // Every member an answer passed over is named, and every effect shown.
    for answer in assign_answers() {
        let ones = answer
            .get("assignments")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_else(|| vec![answer.clone()]);
        for one in ones {
            for skip in one.get("skipped").and_then(Value::as_array).into_iter().flatten() {
                let member = skip["member"].as_str().unwrap_or("?");
                assert!(out.contains(&format!(" {member} ")), "{member} not shown:\n{out}");
            }
            if answer.get("assignments").is_none() {
                for effect in one.get("effects").and_then(Value::as_array).into_iter().flatten() {
                    let kind = effect["kind"].as_str().unwrap_or("?");
                    assert!(out.contains(&format!("  + {kind}: ")), "{kind} not shown:\n{out}");
                }
            }
        }
    }
}

#[test]
fn a_bad_assignment_request_is_an_error_on_its_line() {
    let input = r#"{"kind": "assign", "lead": {"id": "L1", "org": "north"}, "pools": {"inside": {"members": [{"id": "u1", "org": "north", "role": "professional", "capacity": -1}]}}}"#;
    let run = leadrules(&["explain", &example("assignment.json")], input.as_bytes());
    assert_eq!(run.code, 1);
    assert!(
        run.stdout
            .starts_with("assign L1 in north: ERROR invalid_request at pools.inside.members[0].capacity: "),
        "{}",
        run.stdout
    );
}

#[test]
fn an_assignment_shows_the_request_keys_the_protocol_does_not_read() {
    let input = "{\"kind\": \"assign\", \"lead\": {\"id\": \"L1\", \"org\": \"north\"}, \"pools\": {}, \"colour\": 1}\n\
                 {\"kind\": \"assign\", \"leads\": [{\"id\": \"L1\", \"org\": \"north\"}], \"pools\": {}, \"colour\": 1}\n";
    let run = leadrules(&["explain", &example("assignment.json")], input.as_bytes());
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stdout.matches("\n  unknown_key: path colour, ").count(),
        2,
        "{}",
        run.stdout
    );
    assert!(run
        .stdout
        .contains("assign 1 lead: 0 assigned, 1 denied\n  L1: DENIED no_rule_matched"));
}

/// Two rules over the same pools: each member passed over is shown under
/// the rule and pool that passed it over, as the answer lists them.
#[test]
fn skips_are_shown_under_the_rule_and_pool_that_made_them() {
    let run = leadrules(
        &["explain", &data("shared_pools.json"), &data("shared_pools.jsonl")],
        b"",
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let want = "\
assign L1 in north: ALLOWED (assignee n3, rule a, pool q)
  rule `a` matched (x = 1)
    pool `p`, round robin after m2: m1 away, m2 does not accept the lead (lang = hi fails: lang is ta)
    pool `q`, round robin from the first member: n1 not licensed (role basic), n2 weight 0, picked n3
  + set_owner: lead L1, owner n3
  + advance_cursor: pool q, cursor n3
  + notify: channel sales_app, user n3, lead L1
assign L1 in north: DENIED (rule b)
  rule `a` matched (x = 1)
    pool `p`, round robin after m2: m1 away, m2 does not accept the lead (lang = hi fails: lang is ta)
    pool `q`, round robin from the first member: n1 not licensed (role basic), n2 weight 0, n3 away, n4 inactive
    nobody eligible: falls through to the next rule that applies
  rule `b` matched (no conditions)
    pool `p`, least loaded: m1 away, m2 does not accept the lead (lang = hi fails: lang is ta)
    pool `q`, least loaded: n1 not licensed (role basic), n2 weight 0, n3 away, n4 inactive
    nobody eligible
  - no_eligible_member: nobody in the rule's pools can take this lead (pool q)
";
    assert_eq!(run.stdout, want);
}

#[test]
fn an_sla_is_explained_with_the_open_time_it_counted() {
    let run = leadrules(&["explain", &example("office.json"), &example("sla.jsonl")], b"");
    assert_eq!(run.code, 0, "{}", run.stderr);
    let out = &run.stdout;
    for block in [
        // Running: counted and paused stretches on the wall clock, now and
        // the due time marked between them.
        "sla on office at 2026-12-22T15:00:00+01:00: RUNNING (elapsed PT5H of PT8H, remaining PT3H, \
         due 2026-12-22T17:00:00Z)\n  \
         calendar office (Europe/Berlin), started 2026-12-21T16:00:00+01:00; open now\n  \
         open time from the start, on the calendar's clock:\n    \
         Mon 2026-12-21 16:00-17:00    (1h)  counted\n    \
         Mon 2026-12-21 17:00-18:00    (1h)  paused\n    \
         Tue 2026-12-22 09:00-10:00    (1h)  paused\n    \
         Tue 2026-12-22 10:00-13:00    (3h)  counted\n    \
         Tue 2026-12-22 14:00-15:00    (1h)  counted\n    \
         -- now: Tue 2026-12-22 15:00\n    \
         Tue 2026-12-22 15:00-18:00    (3h)  to come\n    \
         -- due: Tue 2026-12-22 18:00\n  \
         1 pause, cutting out 2h of open time\n  \
         counted 5h before now\n",
        // A pause still open: no due time, the stretch it cut out.
        ": PAUSED (elapsed PT4H30M of PT8H, remaining PT3H30M, due none: ",
        "    Thu 2026-12-24 09:00-11:30 (2h30m)  counted\n    \
         Thu 2026-12-24 11:30-12:00   (30m)  paused\n    \
         -- now: Thu 2026-12-24 12:00\n",
        // Breached across the autumn DST change: the due time inside a
        // stretch splits it, on the local clock of each side.
        "    Fri 2026-10-23 16:00-18:00    (2h)  counted\n    \
         Mon 2026-10-26 09:00-11:00    (2h)  counted\n    \
         -- due: Mon 2026-10-26 11:00\n    \
         Mon 2026-10-26 11:00-13:00    (2h)  counted\n",
        ": BREACHED (elapsed PT10H of PT4H, remaining PT0S, due 2026-10-26T10:00:00Z)\n",
    ] {
        assert!(out.contains(block), "missing:\n{block}\nin:\n{out}");
    }
}

#[test]
fn a_match_is_explained_candidate_by_candidate_with_the_keys_that_met() {
    let run = leadrules(
        &["explain", &example("office.json"), &example("match.jsonl")],
        b"",
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let out = &run.stdout;
    for block in [
        "match against 3 candidates: DENIED\n  \
         - duplicate_blocked: ",
        "(lead L9)\n  \
         the lead's keys: same-email:janedoe@gmail.com, same-person:jane doe|acme, \
         same-phone:+919812345678\n  \
         L7: LINK\n    \
         rule `same-email` (link) met on janedoe@gmail.com\n    \
         rule `same-person` (alert) met on jane doe|acme\n  \
         L9: BLOCK\n    \
         rule `same-phone` (block) met on +919812345678\n  \
         L8: no match (no key in common; its keys: same-person:jane doe|globex)\n",
        "match L12 against 2 candidates: ALLOWED\n  \
         the lead's keys: same-email:janedoe@gmail.com\n  \
         L12: passed over (the lead's own id)\n  \
         L7: LINK\n",
    ] {
        assert!(out.contains(block), "missing:\n{block}\nin:\n{out}");
    }
}
