//! The JSON protocol, version 1 (docs/protocol.md): one request object with a
//! `kind`, one response object. Shared by every binding so that all three
//! languages read and answer exactly alike. Its files, one job each:
//! `types` (the request and response), `limits` (what is read at most),
//! `input` (what the reader reads from: JSON or a binding's values),
//! `input_text` (request text read in place, for the text entry),
//! `read`/`read_workflow`/`read_assign`/`read_match`/`read_sla` (the fields of each kind: the one reader; `read_prepared` reads prepared facts by the same field readers), `dispatch` (by kind,
//! to the reader and to the rule area), `render`/`out` (the answer as
//! JSON), `answer`/`answer_read`/`fields` (an owned answer a binding keeps, and
//! read back from its JSON), `decide` (the JSON entry points),
//! `json_response` (what the text entry answers).

mod answer;
mod answer_read;
mod decide;
mod dispatch;
mod fields;
mod input;
mod input_text;
mod json_response;
mod limits;
mod out;
mod read;
mod read_assign;
mod read_keys;
mod read_match;
mod read_prepared;
mod read_sla;
mod read_workflow;
mod render;
mod shape;
mod types;

pub use crate::path::{push_path, PathSegment};
pub use answer::{Answer, AnswerAlternative, AnswerEffect, AnswerReason, AnswerValue};
pub use answer_read::AnswerError;
pub use fields::DetailKey;
pub use input::{Input, JsonType, Key, Names};
pub use json_response::JsonResponse;
pub use limits::{check_request_size, request_value, MAX_NESTING, MAX_REQUEST_BYTES};
pub use out::Out;
pub use render::{error_value, problems_value, reason_value};
pub use types::{Request, Response, KINDS, PROTOCOL_VERSION};
