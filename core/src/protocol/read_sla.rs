//! Reading `sla`: `calendar`, `start`, `target`, `now`, `paused`, in that
//! order, the first problem reported. Instants are counted in whole
//! seconds (a fraction is dropped).

use crate::duration::parse_open_time;
use crate::engine::Engine;
use crate::error::{Error, ErrorCode};
use crate::hours::Pause;
use crate::path::Path;
use crate::protocol::input::{Input, Key};
use crate::protocol::read::{invalid, object, optional_timestamp, present, required_str, timestamp};
use crate::sla::check_pauses;

/// An `sla` request as read.
pub(crate) struct SlaParts<'v> {
    pub(crate) calendar: &'v str,
    pub(crate) start: i64,
    pub(crate) target: i64,
    pub(crate) now: i64,
    pub(crate) paused: Vec<Pause>,
}

/// The whole `sla` request.
pub(crate) fn sla_request<'v, I: Input<'v>>(
    engine: &Engine,
    map: &I,
    path: &Path<'_>,
) -> Result<SlaParts<'v>, Error> {
    let calendar = required_str(map, Key::Calendar, path)?;
    engine.require_calendar(calendar, &path.key("calendar").render())?;
    let start = timestamp(map, Key::Start, path)?.timestamp();
    let text = required_str(map, Key::Target, path)?;
    let target = parse_open_time(text)
        .map_err(|why| Error::new(ErrorCode::InvalidDuration, path.key("target").render(), why))?;
    let now = timestamp(map, Key::Now, path)?.timestamp();
    let paused = pauses(map, path)?;
    Ok(SlaParts {
        calendar,
        start,
        target,
        now,
        paused,
    })
}

/// `paused`: absent or null is none; each `{"from": t, "to": t or null}`.
fn pauses<'v, I: Input<'v>>(map: &I, path: &Path<'_>) -> Result<Vec<Pause>, Error> {
    let at = path.key("paused");
    let Some(value) = present(map, Key::Paused) else {
        return Ok(Vec::new());
    };
    let Some(items) = value.items() else {
        return Err(invalid(
            &at,
            format!("expected an array of pauses, found {}", value.json_type().name()),
        ));
    };
    let mut paused = Vec::new();
    for (i, item) in items.enumerate() {
        let item_at = at.index(i);
        let fields = object(item, &item_at)?;
        let from = timestamp(&fields, Key::From, &item_at)?.timestamp();
        let to = optional_timestamp(&fields, Key::To, &item_at)?.map(|t| t.timestamp());
        let pause = Pause { from, to };
        // The one pause just read: checking the whole list each time was
        // quadratic in the pauses.
        check_pauses(std::slice::from_ref(&pause)).map_err(|mut error| {
            error.path = item_at.key("to").render();
            error
        })?;
        paused.push(pause);
    }
    Ok(paused)
}
