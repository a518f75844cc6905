
// The duplicate-detection paths (bench/instructions.py adds this file when
// the tree has core/benches/common/matching.rs): `match keys one` is one
// `Engine::match_keys` of the fixture's lead (2 phones, an e-mail, a name
// and a company), `match keyed 20` one `Engine::match_keyed` against its
// 20 candidates by stored keys, `match lead 20` one `Engine::match_lead`
// against the 20 records.
fn match_case(what: &str, n: u64) -> Result<(), String> {
    use common::matching::MatchFixture;
    let fixture = MatchFixture::new()?;
    let engine = &fixture.engine;
    let new = fixture.lead();
    let candidates = fixture.candidates();
    let stored = fixture.stored_keys();
    let keyed = fixture.keyed(&stored);
    let own = engine.match_keys(&new);
    let by_records = engine.match_lead(&new, &candidates);
    if own.len() != 4 || !MatchFixture::expected(&by_records) || engine.match_keyed(Some("NEW"), &own, &keyed) != by_records {
        return Err("the matching cases get other answers".to_owned());
    }
    match what {
        "keys" => {
            for _ in 0..n {
                black_box(engine.match_keys(black_box(&new)));
            }
        }
        "keyed" => {
            for _ in 0..n {
                black_box(engine.match_keyed(Some("NEW"), black_box(&own), black_box(&keyed)));
            }
        }
        "lead" => {
            for _ in 0..n {
                black_box(engine.match_lead(black_box(&new), black_box(&candidates)));
            }
        }
        _ => return Err(format!("not a match case: {what}")),
    }
    Ok(())
}
