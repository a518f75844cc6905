//! The cross-silo alternative a denied handover carries: it shares the
//! actor's reasons with the denial and adds at most its own route check.

use leadrules::{Actor, DenialCode, Engine, HeldLead, Reason};

/// The alternative's reasons are the actor's (shared with the denial)
/// then its own route check; allowed only when both are clean.
#[test]
fn the_alternative_shares_the_actor_reasons() -> Result<(), Box<dyn std::error::Error>> {
    let engine = Engine::from_json(
        r#"{"orgs": [{"id": "hq", "handover": true}, {"id": "north", "parent": "hq"},
            {"id": "south", "parent": "hq"}]}"#,
    )?;
    let org = |id| engine.org(id).ok_or("org");
    let (hq, north, south) = (org("hq")?, org("north")?, org("south")?);
    let role = |name| engine.role(name).ok_or("role");
    let lead = HeldLead {
        id: "L1",
        org: north,
        owner: Some("u1"),
    };
    let owner = Actor {
        id: "u1",
        org: north,
        role: role("professional")?,
    };
    let stranger = Actor {
        id: "u9",
        org: south,
        role: role("basic")?,
    };
    // Siblings call for cross silo, which is off at `hq`.
    let denied = engine.handover(&owner, &lead, south);
    let alternative = denied.kind.alternative.ok_or("no alternative")?;
    assert!(!alternative.allowed());
    let own: Vec<Reason<'_>> = alternative.reasons(&denied.reasons).collect();
    assert_eq!(own, [Reason::about_org(DenialCode::CrossSiloDisabled, hq)]);
    assert_eq!(alternative.reason_count(), 1);
    // The actor's reasons come first in both answers.
    let denied = engine.handover(&stranger, &lead, south);
    let alternative = denied.kind.alternative.ok_or("no alternative")?;
    let theirs: Vec<DenialCode> = alternative.reasons(&denied.reasons).map(|r| r.code).collect();
    let ours: Vec<DenialCode> = denied.reasons.iter().map(|r| r.code).collect();
    assert_eq!(
        ours,
        [
            DenialCode::SalesLicenceRequired,
            DenialCode::NotInLeadOrg,
            DenialCode::NotLeadOwner,
            DenialCode::CrossSiloRequired
        ]
    );
    assert_eq!(theirs.get(..3), ours.get(..3));
    assert_eq!(theirs.get(3), Some(&DenialCode::CrossSiloDisabled));
    assert_eq!(alternative.reason_count(), 4);
    // Along an edge the asked route is the route: no alternative.
    assert!(engine.handover(&owner, &lead, hq).kind.alternative.is_none());
    Ok(())
}
