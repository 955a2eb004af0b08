//! When the `minutes` stage must give up on a document: its `max_millis`
//! deadline has passed or its heap budget ([`crate::memguard`]) is spent.
//!
//! The stage's steps (items, cells, labels, lists, wording, statuses) each
//! loop over every line of the document, and a hostile one (2,000 pages of
//! lines starting `Action`) makes a single step take seconds in a debug
//! build. Checking only between steps let a document run a whole step past
//! its deadline; passing a check closure into every step would thread a
//! parameter through functions that have no other reason to know of time.
//! So the deadline lives in a thread-local for the time [`within`] runs,
//! the steps' loops ask [`poll`] once per item or line and stop early when
//! it says so, and the stage's own check between steps ([`check`]) turns
//! that into [`Stopped`]. A stop is sticky: once a poll has seen the
//! deadline or the budget pass, every later poll and check says so, so a
//! step that broke off early can never be taken for a finished one (the
//! heap budget alone could come back below its limit after a free).

use super::Stopped;
use std::cell::Cell;
use std::time::Instant;

thread_local! {
    /// The deadline of the document read on this thread, if any.
    static DEADLINE: Cell<Option<Instant>> = const { Cell::new(None) };
    /// Why the stage stopped, once a poll has seen it.
    static HALTED: Cell<Option<Stopped>> = const { Cell::new(None) };
}

/// Runs `f` with `deadline` as this thread's deadline (none: only the heap
/// budget can stop it), restoring the previous state afterwards (also on
/// a panic, so a guarded `scan` thread starts its next document clean).
pub fn within<T>(deadline: Option<Instant>, f: impl FnOnce() -> T) -> T {
    struct Restore(Option<Instant>, Option<Stopped>);
    impl Drop for Restore {
        fn drop(&mut self) {
            DEADLINE.with(|d| d.set(self.0));
            HALTED.with(|h| h.set(self.1));
        }
    }
    let _restore = Restore(
        DEADLINE.with(|d| d.replace(deadline)),
        HALTED.with(|h| h.replace(None)),
    );
    f()
}

/// Whether the step should stop now. Cheap enough for once per line (one
/// clock read); sticky once true.
pub fn poll() -> bool {
    if HALTED.with(Cell::get).is_some() {
        return true;
    }
    let why = match DEADLINE.with(Cell::get) {
        Some(d) if Instant::now() >= d => Some(Stopped::Time),
        _ if crate::memguard::exceeded() => Some(Stopped::Memory),
        _ => None,
    };
    HALTED.with(|h| h.set(why));
    why.is_some()
}

/// [`poll`] as a result: `Err` with the reason once the stage must stop.
pub fn check() -> Result<(), Stopped> {
    poll();
    match HALTED.with(Cell::get) {
        Some(why) => Err(why),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn no_deadline_never_stops() {
        within(None, || {
            assert!(!poll());
            assert_eq!(check(), Ok(()));
        });
    }

    #[test]
    fn a_passed_deadline_stops_and_stays_stopped() {
        let past = Instant::now() - Duration::from_millis(1);
        within(Some(past), || {
            assert!(poll());
            assert_eq!(check(), Err(Stopped::Time));
            assert_eq!(check(), Err(Stopped::Time));
        });
        // Outside, the thread is clean again.
        assert!(!poll());
        assert_eq!(check(), Ok(()));
    }

    #[test]
    fn a_future_deadline_does_not_stop() {
        let later = Instant::now() + Duration::from_secs(3600);
        within(Some(later), || assert_eq!(check(), Ok(())));
    }
}
