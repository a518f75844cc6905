//! Printing JSON and prose for a reader: values on one line when they fit,
//! broken object by object and list by list when they do not, and text
//! wrapped at word boundaries, so that no line of the tour passes
//! [`WIDTH`] columns on a terminal of the usual size.

use serde_json::Value;

/// The widest line the tour prints, in characters (a test holds the whole
/// output under 100 columns).
pub const WIDTH: usize = 96;

/// Where a labelled block starts its content: after the label column.
pub const LABEL: usize = 13;

/// `value` as JSON lines: the first to follow `lead` (already printed, or
/// to be printed, by the caller), the others indented by `indent` spaces.
pub fn json_lines(value: &Value, lead: usize, indent: usize) -> Vec<String> {
    let mut out = Vec::new();
    layout(
        value,
        &mut out,
        Line {
            lead,
            indent,
            key: String::new(),
            suffix: "",
        },
    );
    out
}

/// Prints `label` in the label column and `value` after it; a value too
/// deep for that column starts on the next line, nearer the margin.
pub fn print_json(label: &str, value: &Value) {
    let beside = json_lines(value, LABEL, LABEL);
    if fits(&beside, LABEL) {
        print_block(label, LABEL, beside);
    } else {
        println!("{label}");
        print_block("", BELOW, json_lines(value, BELOW, BELOW));
    }
}

/// Where a value printed below its label starts.
const BELOW: usize = 5;

/// Prints lines whose first follows `label` padded to `lead` columns.
fn print_block(label: &str, lead: usize, lines: Vec<String>) {
    let mut lines = lines.into_iter();
    if let Some(first) = lines.next() {
        println!("{label:<lead$}{first}");
    }
    lines.for_each(|line| println!("{line}"));
}

/// Whether lines whose first follows `lead` columns stay within [`WIDTH`].
fn fits(lines: &[String], lead: usize) -> bool {
    lines.iter().enumerate().all(|(i, line)| {
        let taken = if i == 0 { lead } else { 0 };
        taken + line.chars().count() <= WIDTH
    })
}

/// Prints `label` in the label column and `text` wrapped after it.
pub fn print_text(label: &str, text: &str) {
    for (i, line) in wrap(text, WIDTH - LABEL).iter().enumerate() {
        let label = if i == 0 { label } else { "" };
        println!("{label:<LABEL$}{line}");
    }
}

/// Prints a paragraph indented by `indent`, wrapped at [`WIDTH`].
pub fn paragraph(indent: usize, text: &str) {
    for line in wrap(text, WIDTH - indent) {
        println!("{:indent$}{line}", "");
    }
}

/// Words of `text` in lines of at most `width` characters (a longer word
/// gets a line of its own).
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let needed = line.chars().count() + usize::from(!line.is_empty()) + word.chars().count();
        if !line.is_empty() && needed > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

/// One line being laid out: the columns already taken on it (`lead`), the
/// indentation of the lines it breaks into, the `"key": ` in front of the
/// value and the `,` after it.
struct Line<'a> {
    lead: usize,
    indent: usize,
    key: String,
    suffix: &'a str,
}

fn layout(value: &Value, out: &mut Vec<String>, line: Line<'_>) {
    let pad = " ".repeat(line.indent);
    // The first line of a block follows its label; the others start at the margin.
    let first = out.is_empty();
    let margin = |text: String| if first { text } else { format!("{pad}{text}") };
    let flat = format!("{}{}{}", line.key, inline(value), line.suffix);
    let start = if first { line.lead } else { line.indent };
    let (open, close, children): (&str, &str, Vec<(String, &Value)>) = match value {
        Value::Object(map) if !map.is_empty() => (
            "{",
            "}",
            map.iter().map(|(k, v)| (format!("{}: ", quoted(k)), v)).collect(),
        ),
        Value::Array(items) if !items.is_empty() => {
            ("[", "]", items.iter().map(|v| (String::new(), v)).collect())
        }
        _ => ("", "", Vec::new()),
    };
    if children.is_empty() || start + flat.chars().count() <= WIDTH {
        out.push(margin(flat));
        return;
    }
    // Filled, as a person writes JSON by hand: the members on as few lines
    // as they fit, when each fits on a line of its own.
    let count = children.len();
    let members: Vec<String> = children
        .iter()
        .enumerate()
        .map(|(i, (key, child))| {
            let comma = if i + 1 < count { "," } else { close };
            format!("{key}{}{comma}", inline(child))
        })
        .collect();
    let inner = start + line.key.chars().count() + 1;
    let opening = format!("{}{open}", line.key);
    let first_fits = members
        .first()
        .is_some_and(|m| start + opening.chars().count() + m.chars().count() + line.suffix.len() <= WIDTH);
    if first_fits
        && members
            .iter()
            .all(|m| inner + m.chars().count() + line.suffix.len() <= WIDTH)
    {
        let mut current = opening;
        let mut taken = start + current.chars().count();
        let mut empty = true;
        for member in members {
            let width = member.chars().count() + usize::from(!empty);
            if !empty && taken + width + line.suffix.len() > WIDTH {
                out.push(margin_or_pad(out.is_empty(), &pad, current));
                current = format!("{:inner$}", "");
                taken = inner;
                empty = true;
            }
            if !empty {
                current.push(' ');
            }
            taken += member.chars().count() + usize::from(!empty);
            current.push_str(&member);
            empty = false;
        }
        current.push_str(line.suffix);
        out.push(margin_or_pad(out.is_empty(), &pad, current));
        return;
    }
    out.push(margin(format!("{}{open}", line.key)));
    for (i, (key, child)) in children.into_iter().enumerate() {
        let suffix = if i + 1 < count { "," } else { "" };
        layout(
            child,
            out,
            Line {
                lead: line.indent + 2,
                indent: line.indent + 2,
                key,
                suffix,
            },
        );
    }
    out.push(format!("{pad}{close}{}", line.suffix));
}

/// A line of a filled block: continuation lines carry their own
/// indentation; the block's first line gets the margin unless it follows
/// the label.
fn margin_or_pad(first: bool, pad: &str, text: String) -> String {
    if first || text.starts_with(' ') {
        text
    } else {
        format!("{pad}{text}")
    }
}

/// `value` as JSON on one line, with a space after each `:` and `,`.
pub fn inline(value: &Value) -> String {
    match value {
        Value::Object(map) => {
            let fields: Vec<String> = map
                .iter()
                .map(|(k, v)| format!("{}: {}", quoted(k), inline(v)))
                .collect();
            format!("{{{}}}", fields.join(", "))
        }
        Value::Array(items) => {
            let items: Vec<String> = items.iter().map(inline).collect();
            format!("[{}]", items.join(", "))
        }
        other => other.to_string(),
    }
}

fn quoted(text: &str) -> String {
    Value::String(text.to_owned()).to_string()
}
