//! The checked-in `include/leadrules.h` must be exactly what the pinned
//! cbindgen generates from this crate. `LEADRULES_BLESS=1` rewrites it.

use std::error::Error;
use std::fs;
use std::path::PathBuf;

#[test]
fn header_is_up_to_date() -> Result<(), Box<dyn Error>> {
    let crate_dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
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

    let header = crate_dir.join("../include/leadrules.h");
    if std::env::var("LEADRULES_BLESS").is_ok_and(|v| v == "1") {
        fs::write(&header, &generated)?;
        return Ok(());
    }
    let checked_in = fs::read_to_string(&header).unwrap_or_default();
    assert!(
        checked_in == generated,
        "{} is stale: run `make header` (LEADRULES_BLESS=1 cargo test -p leadrules-ffi --test header) \
         and commit the result",
        header.display()
    );
    Ok(())
}
