//! The one boundary every `extern "C"` function runs inside: a panic must
//! never unwind into C (since Rust 1.81 it would abort the host).

use std::any::Any;
use std::ffi::c_char;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::ptr;

use crate::error::{self, Failure};
use crate::status::leadrules_status;

/// Runs a fallible call: clears the thread's last error, runs `body`, and
/// turns its failure or panic into a status (recording the last error).
pub(crate) fn status(body: impl FnOnce() -> Result<(), Failure>) -> leadrules_status {
    error::clear();
    let failure = match catch_unwind(AssertUnwindSafe(body)) {
        Ok(Ok(())) => return leadrules_status::Ok,
        Ok(Err(failure)) => failure,
        Err(payload) => Failure::misuse(leadrules_status::Panic, panic_message(payload.as_ref())),
    };
    let status = failure.status();
    error::set(failure);
    status
}

/// Runs a call that hands out a new handle: the handle boxed, or NULL with
/// the failure (or panic) recorded as [`status`] records it.
pub(crate) fn handle<T>(make: impl FnOnce() -> Result<T, Failure>) -> *mut T {
    let mut out = ptr::null_mut();
    status(|| {
        out = Box::into_raw(Box::new(make()?));
        Ok(())
    });
    out
}

/// What an infallible call answers if it panics anyway.
pub(crate) trait OnPanic {
    /// The value returned to C after a caught panic.
    fn on_panic() -> Self;
}

impl OnPanic for *const c_char {
    fn on_panic() -> Self {
        ptr::null()
    }
}

impl OnPanic for () {
    fn on_panic() -> Self {}
}

impl OnPanic for u32 {
    fn on_panic() -> Self {
        0
    }
}

impl OnPanic for leadrules_status {
    fn on_panic() -> Self {
        leadrules_status::Panic
    }
}

/// Runs an infallible call (a getter, a free): NULL / 0 / nothing on panic.
/// It leaves the thread's last error alone.
pub(crate) fn value<T: OnPanic>(body: impl FnOnce() -> T) -> T {
    catch_unwind(AssertUnwindSafe(body)).unwrap_or_else(|_| T::on_panic())
}

fn panic_message(payload: &(dyn Any + Send)) -> String {
    let detail = payload
        .downcast_ref::<&str>()
        .copied()
        .or_else(|| payload.downcast_ref::<String>().map(String::as_str))
        .unwrap_or("no message");
    format!("leadrules panicked (please report this bug): {detail}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[allow(clippy::panic, reason = "the test provokes the panic the guard must catch")]
    fn a_panic_becomes_the_panic_status_and_last_error() {
        let status = status(|| panic!("boom"));
        assert_eq!(status, leadrules_status::Panic);
        assert_eq!(error::leadrules_last_error_status(), leadrules_status::Panic);
        let json = error::last_json_for_tests();
        assert!(json.contains("\"code\":\"panic\""), "{json}");
        assert!(json.contains("boom"), "{json}");
    }

    #[test]
    #[allow(clippy::panic, reason = "the test provokes the panic the guard must catch")]
    fn a_panicking_getter_answers_null() {
        let got: *const c_char = value(|| panic!("boom"));
        assert!(got.is_null());
    }
}
