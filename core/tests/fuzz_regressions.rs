//! Every finding of the fuzz targets (fuzz/), kept as a test: the input
//! that showed it, reduced by hand, and the answer it must get.

use leadrules::{Engine, ExpiryClock, LeadColumns, WorkflowLead, NO_TIME};

fn at(seconds: i64) -> Option<leadrules::Timestamp> {
    chrono::DateTime::from_timestamp(seconds, 0).map(|t| t.fixed_offset())
}

/// sweep_columns, crash-d06d6db8: a lead at rest (a stage without an
/// expiry period) with `expires_at` before `created_at` was refused by the
/// column sweep but answered by the struct sweep. Both now check the order
/// only where a period runs, and agree.
#[test]
fn a_lead_at_rest_with_an_early_host_deadline_is_swept_alike_by_columns_and_structs() {
    let engine = Engine::default();
    let (created, expires, now) = (1_795_426_200, 1_795_000_000, 1_795_500_000);
    let lead = WorkflowLead {
        clock: ExpiryClock {
            created_at: at(created),
            expires_at: at(expires),
            ..ExpiryClock::default()
        },
        ..WorkflowLead::new("L0", "closed_converted")
    };
    let by_structs = engine.sweep("partner_lead", &[lead], at(now).unwrap_or_default());
    let stage = engine.stage_code("partner_lead", "closed_converted");
    let stages = [stage.unwrap_or(u32::MAX)];
    let columns = LeadColumns {
        stages: &stages,
        created_at: &[created],
        expires_at: Some(&[expires]),
        accepted_at: Some(&[NO_TIME]),
        reassigned_at: None,
        templates: None,
    };
    let by_columns = engine.sweep_columns("partner_lead", &columns, now);
    assert!(
        by_structs
            .as_ref()
            .is_ok_and(|s| s.due.is_empty() && s.next_deadline.is_none()),
        "{by_structs:?}"
    );
    assert!(
        by_columns
            .as_ref()
            .is_ok_and(|s| s.due.is_empty() && s.next_deadline.is_none()),
        "{by_columns:?}"
    );

    // Where the pending period runs, both refuse the same book.
    let pending = [engine.stage_code("partner_lead", "pending").unwrap_or(u32::MAX)];
    let refused = engine.sweep_columns(
        "partner_lead",
        &LeadColumns {
            stages: &pending,
            ..columns
        },
        now,
    );
    assert_eq!(refused.map_err(|e| e.path), Err("expires_at[0]".to_owned()));
    let lead = WorkflowLead {
        clock: ExpiryClock {
            created_at: at(created),
            expires_at: at(expires),
            ..ExpiryClock::default()
        },
        ..WorkflowLead::new("L0", "pending")
    };
    let refused = engine.sweep("partner_lead", &[lead], at(now).unwrap_or_default());
    assert_eq!(refused.map_err(|e| e.path), Err("leads[0].expires_at".to_owned()));
}
