//! `leadrules check`: does a config load, and what does the core warn
//! about? The findings are the core's; this only lists them.

use leadrules::{Engine, Error, Problem};
use serde_json::{json, Value};

use crate::args::{CheckOptions, Source};
use crate::exit::Exit;
use crate::input;
use crate::report::{self, count};

/// Checks the config at `source` and prints the report.
pub fn run(source: &Source, options: CheckOptions) -> Exit {
    let text = match input::config_text(source) {
        Ok(text) => text,
        Err(trouble) => return report::trouble(&trouble),
    };
    let loaded = input::engine(&text);
    let failed = match &loaded {
        Ok(engine) => options.strict && !engine.warnings().is_empty(),
        Err(_) => true,
    };
    let report = if options.json {
        json_report(&loaded, failed).to_string()
    } else {
        text_report(&loaded, options.strict)
    };
    let exit = if failed { Exit::Findings } else { Exit::Clean };
    report::print(&report).max(exit)
}

/// `3 orgs, 5 roles, 4 workflows (a, b, c, d)`, each name shortened.
fn summary(engine: &Engine) -> String {
    let workflows: Vec<_> = engine.workflow_names().map(report::name).collect();
    format!(
        "{}, {}, {} ({})",
        count(engine.org_count(), "org"),
        count(engine.role_count(), "role"),
        count(workflows.len(), "workflow"),
        workflows.join(", ")
    )
}

fn text_report(loaded: &Result<Engine, Error>, strict: bool) -> String {
    // One text written line by line: a config with 100k problems is not
    // first a list of 100k strings.
    let mut text = String::new();
    match loaded {
        Ok(engine) => {
            let warnings = engine.warnings();
            let verdict = if strict && !warnings.is_empty() {
                "failed (--strict)"
            } else {
                "ok"
            };
            text.push_str(&format!(
                "{verdict}: {}, {}",
                summary(engine),
                count(warnings.len(), "warning")
            ));
            for warning in warnings {
                text.push('\n');
                report::push_warning_line(&mut text, warning);
            }
        }
        Err(error) => {
            text.push_str(&format!(
                "invalid: the config does not load, {}",
                count(report::problem_count(error), "problem")
            ));
            report::push_problem_lines(&mut text, error);
        }
    }
    text
}

/// `{"ok", "summary", "errors": [{"path", "message", "code"}], "warnings":
/// [{"path", "message"}]}`; warnings in the shape the C ABI gives them.
fn json_report(loaded: &Result<Engine, Error>, failed: bool) -> Value {
    let (summary, errors, warnings) = match loaded {
        Ok(engine) => (
            json!({
                "orgs": engine.org_count(),
                "roles": engine.role_count(),
                "workflows": engine.workflow_names().map(report::name).collect::<Vec<_>>(),
            }),
            Vec::new(),
            leadrules::protocol::problems_value(engine.warnings()),
        ),
        Err(error) => (Value::Null, error_list(error), json!([])),
    };
    json!({"ok": !failed, "summary": summary, "errors": errors, "warnings": warnings})
}

fn error_list(error: &Error) -> Vec<Value> {
    let code = error.code.as_str();
    let one = |path: &str, message: &str| json!({"path": path, "message": message, "code": code});
    if error.problems.is_empty() {
        return vec![one(&error.path, &error.message)];
    }
    error
        .problems
        .iter()
        .map(|Problem { path, message }| one(path, message))
        .collect()
}
