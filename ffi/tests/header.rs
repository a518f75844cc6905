//! The checked-in `include/leadrules.h` must be exactly what the pinned
//! cbindgen generates from this crate, and `src/codes.rs` (the C
//! numbers of core's codes, which cbindgen reads) exactly what
//! [`vocabulary_source`] writes from core's declaration
//! (`core/src/codes.rs`). `LEADRULES_BLESS=1` (`make header`)
//! rewrites both.

use std::error::Error;
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

use leadrules::vocabulary::Code;
use leadrules::{DenialCode, ErrorCode, Route};

/// The statuses only the C API has (its misuse, its panics, its
/// "unknown error"): variant, number, name, doc. Every other status is a
/// core error code, numbered by core.
const C_STATUSES: [(&str, u32, &str, &str); 7] = [
    ("Ok", 0, "ok", "Success: the out-params have been written."),
    (
        "NullArgument",
        100,
        "null_argument",
        "A required pointer argument was NULL.",
    ),
    (
        "InvalidUtf8",
        101,
        "invalid_utf8",
        "A string argument (`ptr + len`) was not valid UTF-8.",
    ),
    (
        "InvalidParameter",
        102,
        "invalid_parameter",
        "A numeric argument was out of range (an unknown route, an org or role\n\
         index that the engine does not have).",
    ),
    (
        "BufferTooSmall",
        103,
        "buffer_too_small",
        "An output buffer was too small for the answer: nothing was written to\n\
         it, and the needed size was (`leadrules_engine_match_keys`).",
    ),
    (
        "Panic",
        199,
        "panic",
        "The library panicked; the call had no effect. Please report it.",
    ),
    (
        "UnknownError",
        299,
        "unknown_error",
        "A request error whose code this build of the C API does not know.",
    ),
];

const STATUS_DOC: &str = "\
/// The result of a fallible call. Values are grouped and never reused:
/// 0 success; 100-199 misuse of the C API; 200-299 errors in a request;
/// 300-399 errors in an engine config (the core error codes' numbers).
///
/// In C the type is a `uint32_t`; a newer library may return a value this
/// header does not name, so treat unknown values as errors
/// (`leadrules_status_name` answers `\"unrecognized_status\"` for them).
";

/// `doc` (one paragraph) as `///` lines of at most 80 columns indented
/// by `indent`, after `lead`.
fn doc_lines(out: &mut String, indent: &str, lead: &str, doc: &str) {
    // The header is ASCII, for compilers that read it in another code page.
    let doc = doc.replace('↔', "<->");
    let mut line = format!("{indent}///");
    for word in lead.split_whitespace().chain(doc.split_whitespace()) {
        if line.len() + 1 + word.len() > 80 && line.len() > indent.len() + 3 {
            let _ = writeln!(out, "{line}");
            line = format!("{indent}///");
        }
        line.push(' ');
        line.push_str(word);
    }
    let _ = writeln!(out, "{line}");
}

/// `doc` with its first letter in lower case, to follow a colon.
fn lowered(doc: &str) -> String {
    let mut chars = doc.trim_start().chars();
    chars
        .next()
        .map(|first| first.to_lowercase().chain(chars).collect())
        .unwrap_or_default()
}

/// `LEADRULES_<GROUP>_<NAME>` constants for every code of `C`.
fn constants<C: Code>(out: &mut String, group: &str, what: &str) {
    for &code in C::CODES {
        let name = code.as_str();
        doc_lines(out, "", &format!("{what} `{name}`: "), &lowered(code.doc()));
        let constant = format!("LEADRULES_{group}_{}", name.to_uppercase());
        let _ = writeln!(out, "pub const {constant}: u32 = {};", code.number());
    }
}

/// The text of `src/codes.rs`.
fn vocabulary_source() -> String {
    let mut out = String::from(
        "//! Core's codes as C numbers them, generated from core's declaration\n\
         //! (`core/src/codes.rs`) by `ffi/tests/header.rs`: `make header`\n\
         //! rewrites it and the test fails while it is stale. Do not edit.\n\
         //! cbindgen reads it into `include/leadrules.h`.\n\n\
         use std::ffi::CStr;\n\nuse leadrules::ErrorCode;\n\n",
    );
    constants::<DenialCode>(&mut out, "DENIAL", "Denial");
    out.push_str("\n/// Verdict route: the orgs are the same or in different communities.\n");
    out.push_str("pub const LEADRULES_ROUTE_NONE: u32 = 0;\n");
    constants::<Route>(&mut out, "ROUTE", "Route");

    // The statuses: the C API's own and core's error codes, by number.
    let mut statuses: Vec<(String, u32, String)> = C_STATUSES
        .iter()
        .map(|&(variant, number, name, _)| (variant.to_owned(), number, format!("c\"{name}\"")))
        .collect();
    for code in ErrorCode::ALL {
        let variant = format!("{code:?}");
        let name = format!("ErrorCode::{variant}.as_cstr()");
        statuses.push((variant, code.number(), name));
    }
    statuses.sort_by_key(|&(_, number, _)| number);
    let _ = write!(
        out,
        "\n{STATUS_DOC}#[repr(u32)]\n#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]\npub enum leadrules_status {{\n"
    );
    for (variant, number, _) in &statuses {
        match C_STATUSES.iter().find(|s| s.0 == variant) {
            Some(&(_, _, _, doc)) => doc_lines(&mut out, "    ", "", doc),
            None => {
                let code = ErrorCode::from_number(*number);
                let doc = code.map(ErrorCode::doc).unwrap_or_default().trim_end();
                let name = code.map(ErrorCode::as_str).unwrap_or_default();
                let doc = format!("{} (`{name}`).", doc.strip_suffix('.').unwrap_or(doc));
                doc_lines(&mut out, "    ", "", &doc);
            }
        }
        let _ = writeln!(out, "    {variant} = {number},");
    }
    out.push_str("}\n\n");
    out.push_str(
        "/// Every status, in numeric order. (Not an associated const: cbindgen\n\
         /// would put it in the header.)\n",
    );
    let _ = writeln!(
        out,
        "pub(crate) const STATUSES: [leadrules_status; {}] = [",
        statuses.len()
    );
    for (variant, _, _) in &statuses {
        let _ = writeln!(out, "    leadrules_status::{variant},");
    }
    out.push_str("];\n\nimpl leadrules_status {\n");
    out.push_str(
        "    /// The stable snake_case name; for request and config errors, the core\n\
         \x20   /// error code's name.\n\
         \x20   pub const fn name(self) -> &'static CStr {\n\
         \x20       match self {\n",
    );
    for (variant, _, name) in &statuses {
        let _ = writeln!(out, "            leadrules_status::{variant} => {name},");
    }
    out.push_str("        }\n    }\n}\n");
    out
}

/// Whether the generated files are being rewritten (`make header`).
fn blessing() -> bool {
    std::env::var("LEADRULES_BLESS").is_ok_and(|v| v == "1")
}

/// Compares `path` with `text`, or writes it under `LEADRULES_BLESS=1`.
fn fresh(path: &Path, text: &str) -> Result<(), Box<dyn Error>> {
    if blessing() {
        fs::write(path, text)?;
        return Ok(());
    }
    let checked_in = fs::read_to_string(path).unwrap_or_default();
    assert!(
        checked_in == text,
        "{} is stale: run `make header` (LEADRULES_BLESS=1 cargo test -p leadrules-ffi --test suite header::) \
         and commit the result",
        path.display()
    );
    Ok(())
}

#[test]
fn header_is_up_to_date() -> Result<(), Box<dyn Error>> {
    let crate_dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    // First the generated source, which cbindgen then reads from disk.
    fresh(&crate_dir.join("src/codes.rs"), &vocabulary_source())?;

    let config = cbindgen::Config::from_file(crate_dir.join("cbindgen.toml"))?;
    let bindings = cbindgen::Builder::new()
        .with_crate(&crate_dir)
        .with_config(config)
        .generate()?;
    let mut generated = Vec::new();
    bindings.write(&mut generated);
    let generated = String::from_utf8(generated)?;
    let version_macro = format!("#define LEADRULES_VERSION \"{}\"\n", env!("CARGO_PKG_VERSION"));
    assert!(
        generated.contains(&version_macro),
        "cbindgen.toml `after_includes` must define LEADRULES_VERSION as the crate version ({})",
        env!("CARGO_PKG_VERSION")
    );
    assert!(generated.is_ascii(), "the header must be ASCII");
    fresh(&crate_dir.join("../include/leadrules.h"), &generated)
}

#[test]
fn every_c_number_of_a_code_is_in_the_header() -> Result<(), Box<dyn Error>> {
    if blessing() {
        // The header is being rewritten by the other test.
        return Ok(());
    }
    let header =
        fs::read_to_string(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../include/leadrules.h"))?;
    for code in DenialCode::ALL {
        let line = format!(
            "#define LEADRULES_DENIAL_{} {}\n",
            code.as_str().to_uppercase(),
            code.number()
        );
        assert!(header.contains(&line), "{line}");
    }
    for code in ErrorCode::ALL {
        let line = format!(
            "LEADRULES_STATUS_{} = {},\n",
            code.as_str().to_uppercase(),
            code.number()
        );
        assert!(header.contains(&line), "{line}");
    }
    for code in Route::ALL {
        let line = format!(
            "#define LEADRULES_ROUTE_{} {}\n",
            code.as_str().to_uppercase(),
            code.number()
        );
        assert!(header.contains(&line), "{line}");
    }
    Ok(())
}
