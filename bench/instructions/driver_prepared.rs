
// The prepared-facts paths (bench/instructions.py adds this file when the
// tree has core/benches/common/prepared.rs): `prepared handover
// allowed|denied` and `prepared transition allowed|denied` ask one
// question of facts prepared once; `prepared actions_many 50` and
// `prepared can_edit_many 50` draw a page of 50 leads in one call.
fn prepared_case(what: &str, wanted: &str, n: u64) -> Result<(), String> {
    use common::prepared::PreparedFixture;
    let fixture = PreparedFixture::new().map_err(|e| e.to_string())?;
    let allowed = wanted == "allowed";
    match what {
        "handover" => {
            if fixture.handover(allowed) != allowed {
                return Err(format!("prepared handover {wanted}: unexpected answer"));
            }
            for _ in 0..n {
                black_box(black_box(&fixture).handover(black_box(allowed)));
            }
        }
        "transition" => {
            if fixture.transition(allowed) != allowed {
                return Err(format!("prepared transition {wanted}: unexpected answer"));
            }
            for _ in 0..n {
                black_box(black_box(&fixture).transition(black_box(allowed)));
            }
        }
        "actions_many" => {
            if fixture.actions_many().is_none_or(|grid| grid.len() != common::prepared::PAGE) {
                return Err("prepared actions_many: unexpected answer".to_owned());
            }
            for _ in 0..n {
                black_box(black_box(&fixture).actions_many());
            }
        }
        "can_edit_many" => {
            if fixture.can_edit_many().is_none_or(|v| v.len() != common::prepared::PAGE) {
                return Err("prepared can_edit_many: unexpected answer".to_owned());
            }
            for _ in 0..n {
                black_box(black_box(&fixture).can_edit_many());
            }
        }
        _ => return Err(format!("not a prepared case: {what} {wanted}")),
    }
    Ok(())
}
