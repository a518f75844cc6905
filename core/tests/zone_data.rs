//! The fact a sweep's memo of zone offsets rests on (core/src/expiry/
//! offsets.rs): in the tz database chrono-tz compiles in, no zone's total
//! UTC offset changes twice within two days. chrono-tz does not publish
//! its transitions, so this test reads them from the table in its source
//! (`src/prebuilt/timezones.rs` of the chrono-tz that Cargo resolved).
//! If chrono-tz moves that table, this test fails rather than pass
//! without looking: read the new table, or check the fact another way.

use std::path::PathBuf;
use std::process::Command;

/// The shortest run of one offset the memo needs (it reads a day at a
/// time, and answers local times from the three days around them).
const SHORTEST_RUN: i64 = 2 * 86_400;

/// The shortest run business hours need (core/src/hours/local.rs): one
/// offset at both ends of a span of six days holds throughout it.
const HOURS_SHORTEST_RUN: i64 = 6 * 86_400;

fn chrono_tz_table() -> Result<String, String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let output = Command::new(cargo)
        .args([
            "metadata",
            "--format-version",
            "1",
            "--offline",
            "--manifest-path",
        ])
        .arg(concat!(env!("CARGO_MANIFEST_DIR"), "/Cargo.toml"))
        .output()
        .map_err(|e| format!("cargo metadata: {e}"))?;
    if !output.status.success() {
        return Err(format!(
            "cargo metadata failed: {}",
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    let metadata: serde_json::Value =
        serde_json::from_slice(&output.stdout).map_err(|e| format!("cargo metadata: {e}"))?;
    let manifest = metadata
        .get("packages")
        .and_then(serde_json::Value::as_array)
        .into_iter()
        .flatten()
        .find(|p| p.get("name").and_then(serde_json::Value::as_str) == Some("chrono-tz"))
        .and_then(|p| p.get("manifest_path")?.as_str())
        .ok_or("chrono-tz is not among the packages")?;
    let table = PathBuf::from(manifest).with_file_name("src/prebuilt/timezones.rs");
    std::fs::read_to_string(&table).map_err(|e| format!("{}: {e}", table.display()))
}

/// Each zone's transitions: (UTC second, total offset), in order.
fn transitions(table: &str) -> Vec<(String, Vec<(i64, i64)>)> {
    let mut zones: Vec<(String, Vec<(i64, i64)>)> = Vec::new();
    let Some(start) = table.find("impl TimeSpans for Tz") else {
        return zones;
    };
    for line in table.get(start..).unwrap_or_default().lines().map(str::trim) {
        if let Some(name) = line.strip_prefix("Tz::").and_then(|l| l.strip_suffix(" => {")) {
            zones.push((name.to_owned(), Vec::new()));
        } else if let Some(entry) = line
            .strip_prefix('(')
            .and_then(|l| l.split_once(", FixedTimespan { utc_offset: "))
        {
            let (at, rest) = entry;
            let number = |text: &str| text.trim().parse::<i64>().ok();
            let mut parts = rest.split(", dst_offset: ");
            let utc = parts.next().and_then(number);
            let dst = parts.next().and_then(|p| p.split(',').next()).and_then(number);
            if let (Some(at), Some(utc), Some(dst), Some((_, spans))) =
                (number(at), utc, dst, zones.last_mut())
            {
                spans.push((at, utc + dst));
            }
        }
    }
    zones
}

/// Every zone's transitions, read from chrono-tz's table: every IANA
/// zone and link chrono-tz 0.10 knows, most with transitions.
fn every_zone() -> Vec<(String, Vec<(i64, i64)>)> {
    let table = chrono_tz_table();
    assert!(table.is_ok(), "{table:?}");
    let zones = transitions(&table.unwrap_or_default());
    assert!(
        zones.len() > 500,
        "read {} zones: has the table moved?",
        zones.len()
    );
    zones
}

#[test]
fn no_zone_changes_its_offset_twice_within_two_days() {
    let zones = every_zone();
    let spans: usize = zones.iter().map(|(_, s)| s.len()).sum();
    assert!(spans > 50_000, "read {spans} transitions: has the table moved?");
    let mut shortest = (i64::MAX, String::new());
    for (zone, spans) in &zones {
        // The times the total offset changes (the first entry counts as a
        // change: that can only shorten the runs measured).
        let mut changes = Vec::new();
        let mut offset = None;
        for &(at, total) in spans {
            if offset != Some(total) {
                changes.push(at);
            }
            offset = Some(total);
        }
        for pair in changes.windows(2) {
            if let [a, b] = pair {
                if b - a < shortest.0 {
                    shortest = (b - a, format!("{zone} at {a}"));
                }
            }
        }
    }
    assert!(
        shortest.0 >= SHORTEST_RUN,
        "the shortest run of one offset is {} s ({}): the memo of offsets needs {SHORTEST_RUN} s",
        shortest.0,
        shortest.1
    );
    assert!(
        shortest.0 > HOURS_SHORTEST_RUN,
        "the shortest run of one offset is {} s ({}): business hours need more than {HOURS_SHORTEST_RUN} s",
        shortest.0,
        shortest.1
    );
}

/// Business hours' table of offsets (core/src/hours/zone.rs) reads the
/// years 1840 to 2100 and lets a zone's first and last offsets hold
/// beyond them: so every transition chrono-tz compiles in must lie within
/// those years.
#[test]
fn every_transition_lies_within_the_years_of_the_hours_table() {
    /// 1840-01-01T00:00:00Z and 2100-01-01T00:00:00Z (`TABLE_FROM`, `TABLE_TO`).
    const HOURS_TABLE: (i64, i64) = (-4_102_444_800, 4_102_444_800);
    let zones = every_zone();
    let outside: Vec<(&str, i64)> = zones
        .iter()
        .flat_map(|(zone, spans)| spans.iter().map(move |&(at, _)| (zone.as_str(), at)))
        .filter(|&(_, at)| !(HOURS_TABLE.0..HOURS_TABLE.1).contains(&at))
        .collect();
    assert!(
        outside.is_empty(),
        "transitions outside the business-hours table's years: {outside:?}"
    );
}
