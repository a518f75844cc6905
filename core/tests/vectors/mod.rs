//! The shared conformance vectors (`tests/conformance/*.json` at the
//! repository root), read once for the test files that run them: each case
//! with its config (named or inline) and its request text.

#![allow(
    dead_code,
    reason = "each test file is its own crate and uses a part of this module"
)]

use std::fs;
use std::path::PathBuf;

use serde_json::{json, Value};

/// One case of a vector file.
pub struct Case {
    /// Where it stands: the file and the case's index in it.
    pub place: String,
    /// The case as written (`name`, `request`, `expect`, ...).
    pub case: Value,
    /// Its config, or the name the file's `configs` lacks.
    pub config: Result<Value, String>,
    /// The request as text (`request_text`, else `request` printed), if any.
    pub text: Option<String>,
}

impl Case {
    /// The case's name (`?` when it has none).
    pub fn name(&self) -> &str {
        self.case.get("name").and_then(Value::as_str).unwrap_or("?")
    }
}

/// Every case of every vector file, files in name order.
pub fn cases() -> Vec<Case> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/conformance");
    let mut files: Vec<PathBuf> = fs::read_dir(&dir)
        .map(|entries| entries.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    files.retain(|p| p.extension().is_some_and(|e| e == "json"));
    files.sort();
    assert!(!files.is_empty(), "no vector files in {}", dir.display());
    let mut all = Vec::new();
    for file in &files {
        let suite: Value =
            serde_json::from_str(&fs::read_to_string(file).unwrap_or_default()).unwrap_or_default();
        let configs = suite.get("configs").cloned().unwrap_or(Value::Null);
        let cases = suite
            .get("cases")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        assert!(!cases.is_empty(), "{} has no cases", file.display());
        for (index, case) in cases.into_iter().enumerate() {
            let config = match case.get("config") {
                Some(Value::String(name)) => configs
                    .get(name)
                    .cloned()
                    .ok_or_else(|| format!("unknown config name `{name}`")),
                Some(inline) => Ok(inline.clone()),
                None => Ok(json!({})),
            };
            let text = match (case.get("request_text"), case.get("request")) {
                (Some(Value::String(text)), _) => Some(text.clone()),
                (_, Some(request)) => Some(request.to_string()),
                _ => None,
            };
            all.push(Case {
                place: format!("{}[{index}]", file.display()),
                case,
                config,
                text,
            });
        }
    }
    all
}
