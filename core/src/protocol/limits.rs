//! The protocol's limits on what it reads (docs/protocol.md#limits), and
//! request text read into the value a request is parsed from.

use serde_json::Value;

use crate::error::{Error, ErrorCode};
use crate::json::{self, Node, Refusal, Shape};
use crate::protocol::shape;

/// The deepest nesting of arrays and objects a request or config may have
/// (the JSON parser's own limit, which every binding's value reader keeps
/// too): 127 levels. Deeper is `invalid_json` in text and `invalid_request`
/// (`invalid_config`) at the path in a host's values.
pub const MAX_NESTING: usize = 127;

/// The largest request text the JSON entry points read: 16 MiB. A larger
/// one is `invalid_request` before any of it is parsed, so a hostile size
/// costs nothing. It bounds a JSON `sweep` to roughly 100,000 leads; larger
/// books go through the column sweep, which takes any size.
pub const MAX_REQUEST_BYTES: usize = 16 * 1024 * 1024;

/// The error for request text of `len` bytes, if that is over
/// [`MAX_REQUEST_BYTES`]: `invalid_request` at the root. The bindings ask it
/// before they look at the bytes (a C host's 1 GB buffer is not even
/// checked for UTF-8).
pub fn check_request_size(len: usize) -> Result<(), Error> {
    if len > MAX_REQUEST_BYTES {
        return Err(Error::new(
            ErrorCode::InvalidRequest,
            "",
            format!("the request is {len} bytes; at most {MAX_REQUEST_BYTES} are read (sweep larger books by columns)"),
        ));
    }
    Ok(())
}

/// Request text as the value [`Request::parse`](crate::protocol::Request::parse) reads: `invalid_request`
/// when it is longer than [`MAX_REQUEST_BYTES`] or an object in it repeats
/// a key (at the path of the repeat), `invalid_json` when it is not JSON
/// (nesting deeper than [`MAX_NESTING`] arrays or objects included).
///
/// Only what the protocol reads is built: the host's own keys are checked
/// as above but dropped, and an array or object where the protocol wants
/// a scalar (or a record where it wants a list, ...) is kept as an empty
/// or one-`null` value of its type, which is all a reader can report of
/// it. Answers are those of the whole value; its memory is bounded by what
/// is read. The host's keys are gone from it, so an engine that checks
/// unknown keys reads text by [`Engine::request_value`](crate::Engine::request_value).
pub fn request_value(request: &str) -> Result<Value, Error> {
    parse_request(request, shape::REQUEST)
}

/// Request text as its whole value, the host's own keys kept: what the
/// unknown-key check reads (an engine that warns or errs on unknown keys),
/// with the same limits and errors as [`request_value`].
pub(crate) fn whole_request_value(request: &str) -> Result<Value, Error> {
    parse_request(request, Shape::Whole)
}

/// Request text as the [`Node`] tree the text entry reads: what
/// [`request_value`] builds, its strings borrowed, with the same limits
/// and errors.
pub(crate) fn request_nodes(request: &str) -> Result<Node<'_>, Error> {
    check_request_size(request.len())?;
    json::parse_nodes(request, shape::REQUEST).map_err(refused)
}

fn parse_request(request: &str, shape: Shape) -> Result<Value, Error> {
    check_request_size(request.len())?;
    json::parse_shaped(request, shape).map_err(refused)
}

/// The error for text the parser refused.
fn refused(refusal: Refusal) -> Error {
    match refusal {
        Refusal::NotJson(e) => Error::new(
            ErrorCode::InvalidJson,
            "",
            format!("the request is not valid JSON: {e}"),
        ),
        Refusal::Repeated(path) => Error::new(
            ErrorCode::InvalidRequest,
            path,
            "this key appears twice in its object: which one is meant is not clear",
        ),
    }
}
