
// A tree without core/benches/common/hours.rs has no business-hours paths.
fn hours_case(_: &str, _: &str, _: u64) -> Result<(), String> {
    Err("this tree has no business-hours fixture".to_owned())
}
