//! Any bytes as a request to one of the conformance engines (the first
//! byte picks the engine): never a panic, and every face answers alike.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&selector, rest)) = data.split_first() else {
        return;
    };
    // Bytes that are not UTF-8 stop at the bindings (invalid_utf8).
    let Ok(request) = std::str::from_utf8(rest) else {
        return;
    };
    fuzz_support::check_faces(fuzz_support::engine(selector), request);
});
