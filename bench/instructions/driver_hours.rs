
// The business-hours paths (bench/instructions.py adds this file when the
// tree has core/benches/common/hours.rs): `hours add pt72h`, `hours
// open_between 30d`, `hours sla two_pauses` cycle through the fixture's 256
// starts; `hours sweep 10k` is one column sweep of the first 10,000 leads
// of its book (a template counting the calendar).
fn hours_case(what: &str, wanted: &str, n: u64) -> Result<(), String> {
    use common::hours::{book, columns, sla, target, HoursFixture, SWEEP_NOW};
    let fixture = HoursFixture::new().map_err(|e| e.to_string())?;
    let office = fixture.calendar().ok_or("no calendar `office`")?;
    let n = usize::try_from(n).map_err(|e| e.to_string())?;
    match (what, wanted) {
        ("add", "pt72h") => {
            if office.add(fixture.start(0), target()).is_none() {
                return Err("add: no deadline".to_owned());
            }
            for i in 0..n {
                black_box(office.add(black_box(fixture.start(i)), target()));
            }
        }
        ("open_between", "30d") => {
            let days = chrono::TimeDelta::days(30);
            for i in 0..n {
                let from = black_box(fixture.start(i));
                black_box(office.open_between(from, from + days));
            }
        }
        ("sla", "two_pauses") => {
            if sla(&fixture, fixture.start(0)).is_none() {
                return Err("sla: no deadline".to_owned());
            }
            for i in 0..n {
                black_box(sla(&fixture, black_box(fixture.start(i))));
            }
        }
        ("sweep", "10k") => {
            let book = book(&fixture.engine);
            let all = columns(&book);
            let rows = 10_000;
            fn first(column: &[i64]) -> &[i64] {
                column.get(..10_000).unwrap_or_default()
            }
            let columns = leadrules::LeadColumns {
                stages: all.stages.get(..rows).unwrap_or_default(),
                created_at: first(all.created_at),
                expires_at: None,
                accepted_at: all.accepted_at.map(first),
                reassigned_at: None,
                templates: all.templates.and_then(|t| t.get(..rows)),
            };
            let swept = fixture.engine.sweep_columns("partner_lead", &columns, SWEEP_NOW);
            if !swept.as_ref().is_ok_and(|s| s.next_deadline.is_some()) {
                return Err(format!("sweep: unexpected answer {swept:?}"));
            }
            for _ in 0..n {
                black_box(fixture.engine.sweep_columns("partner_lead", black_box(&columns), SWEEP_NOW).ok());
            }
        }
        _ => return Err(format!("not an hours case: {what} {wanted}")),
    }
    Ok(())
}
