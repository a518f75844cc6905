//! The calling thread's CPU time: what an operation costs, whatever else
//! the machine is running (on a shared machine wall time measures the
//! neighbours too; every operation here is single-threaded).

#![allow(
    unsafe_code,
    reason = "clock_gettime is a C call; it only writes the timespec it is given"
)]

use std::time::Duration;

/// CPU time consumed by this thread so far (zero if the clock is missing).
pub fn thread_time() -> Duration {
    let mut now = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `now` is a valid, exclusively borrowed timespec for the call.
    let status = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut now) };
    if status != 0 {
        return Duration::ZERO;
    }
    let secs = u64::try_from(now.tv_sec).unwrap_or(0);
    let nanos = u32::try_from(now.tv_nsec).unwrap_or(0);
    Duration::new(secs, nanos)
}
