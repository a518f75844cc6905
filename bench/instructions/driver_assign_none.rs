
// A tree without core/benches/common/assign.rs has no assignment paths.
fn assign_case(_: &str, _: &str, _: u64) -> Result<(), String> {
    Err("this tree has no assignment fixture".to_owned())
}
