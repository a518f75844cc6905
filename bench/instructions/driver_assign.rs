
// The assignment paths (bench/instructions.py adds this file when the tree
// has core/benches/common/assign.rs): `assign one OUTCOME` is one typed
// `Engine::assign` (OUTCOME `allowed`, `denied` or `no_match`, the cases of
// the fixture), `assign many 10k` one `assign_many` of its 10,000 leads.
fn assign_case(what: &str, wanted: &str, n: u64) -> Result<(), String> {
    use common::assign::{assign_many, check, AssignFixture, ASSIGN_CASES};
    let fixture = AssignFixture::new().map_err(|e| e.to_string())?;
    let wrong = check(&fixture);
    if !wrong.is_empty() {
        return Err(format!("assignment cases get other answers: {wrong:?}"));
    }
    match what {
        "one" => {
            let (_, call, _) = ASSIGN_CASES
                .iter()
                .find(|(name, ..)| *name == wanted)
                .ok_or_else(|| format!("no assign case {wanted}"))?;
            for _ in 0..n {
                black_box(call(black_box(&fixture)));
            }
        }
        "many" => {
            for _ in 0..n {
                black_box(assign_many(black_box(&fixture)));
            }
        }
        _ => return Err(format!("not an assign case: {what}")),
    }
    Ok(())
}
