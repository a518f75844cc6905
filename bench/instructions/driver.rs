// The Rust paths of bench/instructions.py, called N times:
//
//     driver CASE N
//
// CASE is `typed KIND OUTCOME` (a case of the tree's own
// core/benches/common/mod.rs, so each revision is driven through its own
// typed API), `decide_json KIND OUTCOME` (its JSON case, through
// `Engine::decide_json`, text in and text out), `assign ONE|MANY CASE`
// (driver_assign.rs, over the tree's common/assign.rs), `match WHAT
// SIZE` (driver_match.rs, over the tree's common/matching.rs), `hours PATH CASE`
// (driver_hours.rs, over the tree's common/hours.rs) or `prepared WHAT CASE`
// (driver_prepared.rs, over the tree's common/prepared.rs). Setup and a check of the
// answer run in every run; bench/instructions.py subtracts a run of 0
// calls. bench/instructions.py writes the crate around this file (its
// `mod common` names the tree's fixture by path).

use std::hint::black_box;

use common::{json_cases, typed_cases, Fixture, Outcome};

fn outcome(text: &str) -> Option<Outcome> {
    match text {
        "allowed" => Some(Outcome::Allowed),
        "denied" => Some(Outcome::Denied),
        _ => None,
    }
}

fn run(args: &[String]) -> Result<(), String> {
    let [_, case, n] = args else {
        return Err("usage: driver CASE N".to_owned());
    };
    let n: u64 = n.parse().map_err(|_| format!("not a count: {n}"))?;
    let words: Vec<&str> = case.split(' ').collect();
    let [way, kind, wanted] = words.as_slice() else {
        return Err(format!("not a case: {case}"));
    };
    if *way == "assign" {
        return assign_case(kind, wanted, n);
    }
    if *way == "match" {
        return match_case(kind, n);
    }
    if *way == "hours" {
        return hours_case(kind, wanted, n);
    }
    if *way == "prepared" {
        return prepared_case(kind, wanted, n);
    }
    let wanted = outcome(wanted).ok_or_else(|| format!("not an outcome: {case}"))?;
    let fixture = Fixture::new().map_err(|e| e.to_string())?;
    match *way {
        "typed" => {
            let cases = typed_cases();
            let typed = cases
                .iter()
                .find(|c| c.kind == *kind && c.outcome == wanted)
                .ok_or_else(|| format!("no typed case {case}"))?;
            if (typed.call)(&fixture) != (wanted == Outcome::Allowed) {
                return Err(format!("{case}: unexpected answer"));
            }
            for _ in 0..n {
                black_box((typed.call)(black_box(&fixture)));
            }
        }
        "decide_json" => {
            let cases = json_cases();
            let json = cases
                .iter()
                .find(|c| c.kind == *kind && c.outcome == wanted)
                .ok_or_else(|| format!("no JSON case {case}"))?;
            // The answer's own key comes first (an alternative has one too).
            let allowed = fixture.engine.decide_json(json.text).starts_with("{\"allowed\":true");
            if allowed != (wanted == Outcome::Allowed) {
                return Err(format!("{case}: unexpected answer"));
            }
            for _ in 0..n {
                black_box(fixture.engine.decide_json(black_box(json.text)));
            }
        }
        _ => return Err(format!("not a case: {case}")),
    }
    Ok(())
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Err(message) = run(&args) {
        eprintln!("driver: {message}");
        std::process::exit(2);
    }
}
