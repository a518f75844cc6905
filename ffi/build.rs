//! Gives the shared library its SONAME, `libleadrules.so.<ABI>`, where
//! `<ABI>` is `LEADRULES_ABI_VERSION` from src/version.rs.
//!
//! Why here and not in `make install`: the SONAME is a property of the
//! library, so every build of it carries the same one (debug, release,
//! `cargo build` run by hand, the benches), and the Makefile never passes
//! rustc flags of its own that would change cargo's fingerprint and make the
//! next plain `cargo build --release` redo the fat-LTO link.
//! `cargo:rustc-cdylib-link-arg` reaches only the cdylib link: the static
//! library and the test binaries are untouched. A program linked against
//! any of these libraries records `libleadrules.so.<ABI>` as NEEDED, so
//! the runtime linker refuses a library with another ABI instead of
//! loading it. The file name carries the release (`libleadrules.so.0.1.0`,
//! see `make install`).
//!
//! The number is read from src/version.rs so that it is written once; the
//! header's `LEADRULES_ABI_VERSION` (generated from the same constant) is
//! what the Makefile installs by, and `make install-test` checks the SONAME
//! of the installed library against it.

use std::error::Error;
use std::{env, fs};

fn main() -> Result<(), Box<dyn Error>> {
    println!("cargo:rerun-if-changed=src/version.rs");
    let source = fs::read_to_string("src/version.rs")?;
    let abi = source
        .lines()
        .find_map(|line| {
            line.trim()
                .strip_prefix("pub const LEADRULES_ABI_VERSION: u32 = ")?
                .strip_suffix(';')?
                .parse::<u32>()
                .ok()
        })
        .ok_or("src/version.rs defines no `pub const LEADRULES_ABI_VERSION: u32 = <number>;`")?;
    // GNU ld, gold, lld and mold all take `-soname`; other targets (macOS
    // with its install names, Windows with import libraries) keep rustc's
    // defaults.
    let os = env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    if matches!(
        os.as_str(),
        "linux" | "android" | "freebsd" | "netbsd" | "openbsd" | "dragonfly"
    ) {
        println!("cargo:rustc-cdylib-link-arg=-Wl,-soname,libleadrules.so.{abi}");
    }
    Ok(())
}
