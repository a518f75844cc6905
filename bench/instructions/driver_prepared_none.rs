
// A tree without core/benches/common/prepared.rs has no prepared-facts paths.
fn prepared_case(_: &str, _: &str, _: u64) -> Result<(), String> {
    Err("this tree has no prepared-facts fixture".to_owned())
}
