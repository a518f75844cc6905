//! The typed Rust API: resolve ids once, then ask as often as needed.
//! Run with `cargo run -p leadrules --example handover`.

use leadrules::{Actor, Engine, HeldLead, OrgSpec};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    // Build the engine once (here from Rust values; JSON works too).
    let engine = Engine::builder()
        .org(OrgSpec::new("hq").handover(true).cross_silo(true))
        .org(OrgSpec::new("north").parent("hq"))
        .org(OrgSpec::new("south").parent("hq"))
        .build()?;

    // Interned handles: a decision then compares integers, not strings.
    let (hq, north, south) = (
        engine.org("hq").ok_or("hq")?,
        engine.org("north").ok_or("north")?,
        engine.org("south").ok_or("south")?,
    );
    let professional = engine.role("professional").ok_or("role")?;

    let actor = Actor {
        id: "u1",
        org: north,
        role: professional,
    };
    let lead = HeldLead {
        id: "L1",
        org: north,
        owner: Some("u1"),
    };

    let up = engine.handover(&actor, &lead, hq);
    println!("north → hq by handover: allowed = {}", up.allowed());
    for effect in &up.effects {
        println!("  effect: {}", effect.kind());
    }

    let sideways = engine.handover(&actor, &lead, south);
    for reason in &sideways.reasons {
        println!(
            "north → south by handover: {} ({})",
            reason.code,
            reason.code.message()
        );
    }
    println!(
        "north → south by cross silo: allowed = {}",
        engine.cross_silo(&actor, &lead, south).allowed()
    );

    let targets = engine.targets(&actor, &lead);
    let names = |orgs: &[leadrules::OrgId]| orgs.iter().map(|&o| engine.org_name(o)).collect::<Vec<_>>();
    println!(
        "targets: handover {:?}, cross silo {:?}",
        names(&targets.handover),
        names(&targets.cross_silo)
    );
    Ok(())
}
