//! The documented input limits, as C constants. Inputs over them are
//! refused with an error status before anything is parsed or allocated.

/// The largest request text `leadrules_engine_decide` reads (16 MiB); a
/// longer one fails with LEADRULES_STATUS_INVALID_REQUEST at path "".
/// Nesting deeper than 127 arrays or objects is LEADRULES_STATUS_INVALID_JSON.
pub const LEADRULES_MAX_REQUEST_BYTES: usize = 16_777_216;

/// The largest config text `leadrules_engine_new` reads (1 GiB, about ten
/// million orgs); a longer one fails with LEADRULES_STATUS_INVALID_CONFIG.
pub const LEADRULES_MAX_CONFIG_BYTES: usize = 1_073_741_824;

// The C figures are literals (cbindgen writes literals only); these keep
// them equal to core's.
const _: () = assert!(LEADRULES_MAX_REQUEST_BYTES == leadrules::protocol::MAX_REQUEST_BYTES);
const _: () = assert!(LEADRULES_MAX_CONFIG_BYTES == leadrules::MAX_CONFIG_BYTES);
