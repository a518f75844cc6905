//! The documentation the tests read: the README (the front door) and the
//! reference pages of `docs/`, each as (name, text), in a stable order.

use std::path::Path;

const ROOT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/..");

/// One page by its path from the repository root (`docs/protocol.md`);
/// empty when it cannot be read, which the callers' assertions catch.
pub fn page(name: &str) -> String {
    std::fs::read_to_string(Path::new(ROOT).join(name)).unwrap_or_default()
}

/// `README.md`, then every `docs/*.md` by name.
pub fn pages() -> Vec<(String, String)> {
    let mut names: Vec<String> = std::fs::read_dir(Path::new(ROOT).join("docs"))
        .map(|dir| {
            dir.filter_map(Result::ok)
                .map(|entry| entry.file_name().to_string_lossy().into_owned())
                .filter(|name| name.ends_with(".md"))
                .map(|name| format!("docs/{name}"))
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names.insert(0, "README.md".to_owned());
    names
        .into_iter()
        .map(|name| (page(&name), name))
        .map(|(text, name)| (name, text))
        .collect()
}

/// The JSON blocks of a page that parse, in order.
#[allow(dead_code, reason = "not every test reading pages reads their JSON blocks")]
pub fn json_blocks(text: &str) -> Vec<serde_json::Value> {
    text.split("```json\n")
        .skip(1)
        .filter_map(|rest| rest.split_once("\n```"))
        .map(|(block, _)| {
            // A block that does not parse would drop out and pair its
            // neighbours wrongly: every one must be JSON.
            let parsed = serde_json::from_str(block);
            assert!(
                parsed.is_ok(),
                "a ```json block that is not JSON ({:?}):\n{block}",
                parsed.as_ref().err()
            );
            parsed.unwrap_or_default()
        })
        .collect()
}
