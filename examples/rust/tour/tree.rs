//! The org tree of a config drawn as text, with the switches that decide
//! handover and cross silo, so that the picture cannot drift from the
//! config the tour runs.

use serde_json::Value;

/// One org of the config: its id, its parent, its two switches.
struct Org<'a> {
    id: &'a str,
    parent: Option<&'a str>,
    handover: bool,
    cross_silo: bool,
}

/// The config's orgs as a tree, one line per org, communities in config
/// order.
pub fn lines(config: &Value) -> Vec<String> {
    let orgs: Vec<Org<'_>> = config
        .get("orgs")
        .and_then(Value::as_array)
        .map_or(&[][..], Vec::as_slice)
        .iter()
        .map(|org| Org {
            id: org.get("id").and_then(Value::as_str).unwrap_or(""),
            parent: org.get("parent").and_then(Value::as_str),
            handover: org.get("handover").and_then(Value::as_bool).unwrap_or(false),
            cross_silo: org.get("cross_silo").and_then(Value::as_bool).unwrap_or(false),
        })
        .collect();
    let mut out = Vec::new();
    for (i, root) in orgs.iter().filter(|org| org.parent.is_none()).enumerate() {
        let note = if i == 0 {
            ""
        } else {
            "another community: no lead moves to or from the tree above"
        };
        draw(&orgs, root, "", "", note, &mut out);
    }
    out
}

fn draw(orgs: &[Org<'_>], org: &Org<'_>, lead: &str, rest: &str, note: &str, out: &mut Vec<String>) {
    let children: Vec<&Org<'_>> = orgs.iter().filter(|o| o.parent == Some(org.id)).collect();
    let mut switches = Vec::new();
    if org.handover {
        switches.push("handover on");
    } else if !children.is_empty() {
        switches.push("handover off");
    }
    if org.cross_silo {
        switches.push("cross silo on");
    }
    if !note.is_empty() {
        switches.push(note);
    }
    let name = format!("{lead}{}", org.id);
    out.push(format!("{name:<20}{}", switches.join(", ")).trim_end().to_owned());
    for (i, child) in children.iter().enumerate() {
        let last = i + 1 == children.len();
        let (branch, below) = if last {
            ("└── ", "    ")
        } else {
            ("├── ", "│   ")
        };
        draw(
            orgs,
            child,
            &format!("{rest}{branch}"),
            &format!("{rest}{below}"),
            "",
            out,
        );
    }
}
