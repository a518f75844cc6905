//! Exact `datetime.datetime` values read without `isoformat()`: the
//! protocol reads a datetime as its `isoformat()` text, and writing that
//! text (CPython's `PyUnicode_FromFormat`) then parsing it again cost about
//! a microsecond per datetime. Here the fields come from one call (the
//! pickle state), the offset from the same `utcoffset` call `isoformat`
//! makes, and the answer is exactly that of the text: the timestamp core
//! parses from it ([`timestamp`]), or the text itself ([`isoformat`]).
//!
//! Only an exact `datetime` is read this way (a subclass may override
//! `isoformat`); callers check the type first.

use std::fmt::Write as _;
use std::sync::Mutex;

use chrono::{NaiveDate, NaiveTime};
use leadrules::{timestamp_from_parts, Timestamp};
use pyo3::intern;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyBytes, PyString, PyTuple, PyType};

/// `datetime.timedelta`, imported on first use.
static TIMEDELTA: PyOnceLock<Py<PyType>> = PyOnceLock::new();

/// `datetime.timezone.utc`, looked up on first use.
static UTC: PyOnceLock<Py<PyAny>> = PyOnceLock::new();

/// A microsecond less than a day: the largest offset `isoformat` writes.
const DAY_MICROS: i64 = 86_400_000_000;

/// The wall-clock fields of a datetime.
struct Fields {
    year: u16,
    month: u8,
    day: u8,
    hour: u8,
    minute: u8,
    second: u8,
    microsecond: u32,
}

/// What `isoformat` writes after the wall clock.
enum Offset {
    /// Nothing: a naive datetime (no tzinfo, or `utcoffset()` is `None`).
    Naive,
    /// An offset of less than a day, in microseconds east of UTC.
    Micros(i64),
    /// Something `isoformat` itself must deal with (it raises): not a
    /// `timedelta`, a `timedelta` subclass, a day or more.
    Odd,
}

/// An exact datetime's fields and tzinfo, from its pickle state: it
/// reduces to `(datetime, (state,))` or `(datetime, (state, tzinfo))`,
/// `state` the 10 bytes CPython's pickles have always held (year in two
/// bytes, month, day, hour, minute, second, microsecond in three,
/// big-endian; no fold at the protocol `__reduce__` uses). One call instead
/// of eight attribute reads. `None` for any other shape.
fn fields<'py>(value: &Bound<'py, PyAny>) -> PyResult<Option<(Fields, Option<Bound<'py, PyAny>>)>> {
    let py = value.py();
    let reduced = value.call_method0(intern!(py, "__reduce__"))?;
    let Ok(state) = reduced
        .get_item(1)
        .and_then(|s| Ok(s.cast_into_exact::<PyTuple>()?))
    else {
        return Ok(None);
    };
    let tzinfo = match state.len() {
        1 => None,
        2 => Some(state.get_item(1)?),
        _ => return Ok(None),
    };
    let packed = state.get_item(0)?;
    let Ok(packed) = packed.cast_exact::<PyBytes>() else {
        return Ok(None);
    };
    let Ok(&[year_high, year_low, month, day, hour, minute, second, us_high, us_mid, us_low]) =
        <&[u8; 10]>::try_from(packed.as_bytes())
    else {
        return Ok(None);
    };
    let fields = Fields {
        year: u16::from_be_bytes([year_high, year_low]),
        month,
        day,
        hour,
        minute,
        second,
        microsecond: u32::from_be_bytes([0, us_high, us_mid, us_low]),
    };
    Ok(Some((fields, tzinfo)))
}

/// The offset `isoformat` writes: `tzinfo.utcoffset(value)`, the call it
/// makes. An exception from it is the tzinfo's own (as from `isoformat`).
fn offset(value: &Bound<'_, PyAny>, tzinfo: Option<&Bound<'_, PyAny>>) -> PyResult<Offset> {
    let py = value.py();
    let Some(tzinfo) = tzinfo.filter(|t| !t.is_none()) else {
        return Ok(Offset::Naive);
    };
    // `timezone.utc` answers a zero offset and runs no code.
    let utc = UTC.get_or_try_init(py, || -> PyResult<Py<PyAny>> {
        Ok(py
            .import("datetime")?
            .getattr("timezone")?
            .getattr("utc")?
            .unbind())
    })?;
    if tzinfo.is(utc) {
        return Ok(Offset::Micros(0));
    }
    // A `datetime.timezone` answers the same offset for every datetime:
    // asked once per zone object.
    let fixed = tzinfo.get_type().is(TIMEZONE.import(py, "datetime", "timezone")?);
    if fixed {
        if let Some(micros) = FIXED_OFFSETS.find(tzinfo) {
            return Ok(Offset::Micros(micros));
        }
    }
    let offset = tzinfo.call_method1(intern!(py, "utcoffset"), (value,))?;
    if offset.is_none() {
        return Ok(Offset::Naive);
    }
    if !offset
        .get_type()
        .is(TIMEDELTA.import(py, "datetime", "timedelta")?)
    {
        return Ok(Offset::Odd);
    }
    // The exact count of microseconds (what `total_seconds` divides by
    // 10**6), from the three normalised fields.
    let field = |name: &Bound<'_, PyString>| -> PyResult<i64> { offset.getattr(name)?.extract() };
    let days = field(intern!(py, "days"))?;
    let seconds = field(intern!(py, "seconds"))?;
    let microseconds = field(intern!(py, "microseconds"))?;
    let micros = days
        .checked_mul(DAY_MICROS)
        .and_then(|m| m.checked_add(seconds * 1_000_000 + microseconds));
    match micros {
        Some(micros) if micros.abs() < DAY_MICROS => {
            if fixed {
                FIXED_OFFSETS.note(tzinfo, micros);
            }
            Ok(Offset::Micros(micros))
        }
        _ => Ok(Offset::Odd),
    }
}

/// Objects met lately and what was read from them, by identity: a few
/// slots, each holding its object (so that its address names it while it
/// is there). Only immutable objects whose reading runs no caller code
/// are noted (an exact `datetime` of a C zone, a `datetime.timezone`), so
/// what was read from one stays true. Filled and read with the GIL held;
/// the lock only makes the statics `Sync`, and is never waited on.
pub(crate) struct ObjectMemo<T: Copy> {
    slots: Mutex<[Option<Noted<T>>; OBJECT_SLOTS]>,
}

/// One slot of an [`ObjectMemo`]: the object held, and what was read.
type Noted<T> = (Py<PyAny>, T);

/// The slots of an [`ObjectMemo`].
const OBJECT_SLOTS: usize = 16;

impl<T: Copy> ObjectMemo<T> {
    pub(crate) const fn new() -> Self {
        ObjectMemo {
            slots: Mutex::new([const { None }; OBJECT_SLOTS]),
        }
    }

    /// The slot of `object`'s address (objects are 16-byte aligned).
    fn slot(object: &Bound<'_, PyAny>) -> usize {
        (object.as_ptr() as usize >> 4) % OBJECT_SLOTS
    }

    /// What was noted of this very object, if it is still here.
    pub(crate) fn find(&self, object: &Bound<'_, PyAny>) -> Option<T> {
        let slots = self.slots.try_lock().ok()?;
        match slots.get(Self::slot(object))? {
            Some((held, value)) if held.as_ptr() == object.as_ptr() => Some(*value),
            _ => None,
        }
    }

    /// Notes `value` as read from `object`, in place of its slot's last.
    pub(crate) fn note(&self, object: &Bound<'_, PyAny>, value: T) {
        let Ok(mut slots) = self.slots.try_lock() else {
            return;
        };
        if let Some(slot) = slots.get_mut(Self::slot(object)) {
            // The object displaced is released once the lock is.
            let _old = slot.replace((object.clone().unbind(), value));
        }
    }
}

/// The offsets of `datetime.timezone` objects met lately, in microseconds.
static FIXED_OFFSETS: ObjectMemo<i64> = ObjectMemo::new();

/// The instants of exact datetimes met lately: a host asks many questions
/// with the same `now` and the same lead's times.
static INSTANTS: ObjectMemo<Timestamp> = ObjectMemo::new();

/// `datetime.timezone` and `zoneinfo.ZoneInfo`, imported on first use.
static TIMEZONE: PyOnceLock<Py<PyType>> = PyOnceLock::new();
static ZONE_INFO: PyOnceLock<Py<PyType>> = PyOnceLock::new();

/// The timestamp core parses from an exact datetime's `isoformat()`, read
/// without that text. `None` where the protocol path must answer (it then
/// reports what it reports for the text, or for the call's exception): a
/// naive datetime, an offset that is not whole minutes (RFC 3339 cannot
/// hold it), an instant outside the years 0000–9999, a `utcoffset` that
/// raised an `Exception` or answered something `isoformat` refuses. A
/// `BaseException` that is no `Exception` propagates.
pub(crate) fn timestamp(value: &Bound<'_, PyAny>) -> PyResult<Option<Timestamp>> {
    if let Some(at) = INSTANTS.find(value) {
        return Ok(Some(at));
    }
    let py = value.py();
    let Some((fields, tzinfo)) = fields(value)? else {
        return Ok(None);
    };
    let at = read_timestamp(value, fields, tzinfo.as_ref())?;
    // Noted only where reading it again would run no caller code, and so
    // answer the same: a zone of C code.
    let c_zone = tzinfo.is_some_and(|tzinfo| {
        let class = tzinfo.get_type();
        TIMEZONE
            .import(py, "datetime", "timezone")
            .is_ok_and(|t| class.is(t))
            || ZONE_INFO
                .import(py, "zoneinfo", "ZoneInfo")
                .is_ok_and(|z| class.is(z))
    });
    if let Some(at) = at.filter(|_| c_zone) {
        INSTANTS.note(value, at);
    }
    Ok(at)
}

/// Whether `value` is a datetime read lately (of a zone of C code: its
/// reading runs no caller code).
pub(crate) fn known(value: &Bound<'_, PyAny>) -> bool {
    INSTANTS.find(value).is_some()
}

/// [`timestamp`] of a datetime's fields and tzinfo.
fn read_timestamp(
    value: &Bound<'_, PyAny>,
    fields: Fields,
    tzinfo: Option<&Bound<'_, PyAny>>,
) -> PyResult<Option<Timestamp>> {
    let py = value.py();
    let micros = match offset(value, tzinfo) {
        Ok(Offset::Micros(micros)) if micros % 60_000_000 == 0 => micros,
        Ok(_) => return Ok(None),
        Err(e) if e.is_instance_of::<pyo3::exceptions::PyException>(py) => return Ok(None),
        Err(e) => return Err(e),
    };
    let date = NaiveDate::from_ymd_opt(fields.year.into(), fields.month.into(), fields.day.into());
    let time = NaiveTime::from_hms_micro_opt(
        fields.hour.into(),
        fields.minute.into(),
        fields.second.into(),
        fields.microsecond,
    );
    let offset = i32::try_from(micros / 1_000_000).ok();
    Ok(date
        .zip(time)
        .zip(offset)
        .and_then(|((date, time), offset)| timestamp_from_parts(date, time, offset)))
}

/// An exact datetime's `isoformat()` text, written here: the same bytes
/// (`YYYY-MM-DDTHH:MM:SS[.ffffff][±HH:MM[:SS[.ffffff]]]`). An exception
/// from `utcoffset` is raised as `isoformat` raises it; an offset it would
/// refuse is left to `isoformat` itself.
pub(crate) fn isoformat(value: &Bound<'_, PyAny>) -> PyResult<String> {
    let py = value.py();
    let Some((fields, tzinfo)) = fields(value)? else {
        return value.call_method0(intern!(py, "isoformat"))?.extract();
    };
    let offset = match offset(value, tzinfo.as_ref())? {
        Offset::Naive => None,
        Offset::Micros(micros) => Some(micros),
        Offset::Odd => return value.call_method0(intern!(py, "isoformat"))?.extract(),
    };
    let Fields {
        year,
        month,
        day,
        hour,
        minute,
        second,
        microsecond,
    } = fields;
    let mut text = String::with_capacity(32);
    // Writing to a String cannot fail.
    let _ = write!(
        text,
        "{year:04}-{month:02}-{day:02}T{hour:02}:{minute:02}:{second:02}"
    );
    if microsecond != 0 {
        let _ = write!(text, ".{microsecond:06}");
    }
    if let Some(micros) = offset {
        let sign = if micros < 0 { '-' } else { '+' };
        let micros = micros.abs();
        let (seconds, fraction) = (micros / 1_000_000, micros % 1_000_000);
        let (hours, minutes, seconds) = (seconds / 3_600, seconds / 60 % 60, seconds % 60);
        let _ = write!(text, "{sign}{hours:02}:{minutes:02}");
        if seconds != 0 || fraction != 0 {
            let _ = write!(text, ":{seconds:02}");
        }
        if fraction != 0 {
            let _ = write!(text, ".{fraction:06}");
        }
    }
    Ok(text)
}
