//! A per-thread heap budget for one document, so that a file that makes
//! some stage allocate without bound fails with a `limit` error instead of
//! taking the whole process (and a whole `scan`) down when memory runs out.
//!
//! The binary installs [`Guarded`] as its global allocator: a thin wrapper
//! over the system allocator that, on a thread where a document is being
//! read ([`within`]), keeps a running count of the bytes allocated and not
//! yet freed. Allocation never fails because of the budget: a global
//! allocator may not unwind, and returning null aborts the process, which
//! is what this guard is for avoiding. Instead, passing the budget sets a
//! flag that the stages poll where they already poll the clock (between
//! pages, every few thousand operators, after each font, between object
//! streams, between the `minutes` steps), and the document ends there with
//! a `limit` error naming `max_memory_bytes`. Between two polls a document
//! can overshoot by what it allocates in that span, which the other limits
//! (per stream, per page) keep small.
//!
//! Where the allocator is not installed (the library used by another
//! program, unit tests), nothing is counted and [`exceeded`] is always
//! false: the other limits still hold.
//!
//! Cost: one thread-local read per allocation and per free (and a write
//! while a document is read). Measured on the 243-file archive, release
//! build, one core, same source with and without the allocator installed:
//! `minutes text` of all files in one process, lowest task-clock of 8 runs,
//! 197 ms vs 194 ms (×1.01); `scan -j 1 --no-cache`, 730 ms vs 701 ms
//! (×1.04); `scripts/bench_text.sh`, CPU 0.72 s vs 0.74 s per-file (noise).

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

/// The system allocator, counting per thread while a document is read.
pub struct Guarded;

thread_local! {
    /// Budget left on this thread; `None` when no document is being read.
    static LEFT: Cell<Option<i64>> = const { Cell::new(None) };
}

#[inline]
fn note(delta: i64) {
    // `try_with`: the allocator also runs while the thread's locals are
    // being torn down; nothing to count then.
    let _ = LEFT.try_with(|left| {
        if let Some(l) = left.get() {
            left.set(Some(l - delta));
        }
    });
}

// SAFETY: every call is forwarded unchanged to `System`; the bookkeeping
// touches only a `Cell` in a thread-local without a destructor, allocates
// nothing and cannot unwind.
unsafe impl GlobalAlloc for Guarded {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        note(layout.size() as i64);
        System.alloc(layout)
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        note(layout.size() as i64);
        System.alloc_zeroed(layout)
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        note(-(layout.size() as i64));
        System.dealloc(ptr, layout)
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        note(new_size as i64 - layout.size() as i64);
        System.realloc(ptr, layout, new_size)
    }
}

/// Runs `f` with a heap budget of `max_bytes` on this thread. Returns what
/// `f` returned; inside, [`exceeded`] tells whether the budget is spent.
/// Frees of memory allocated before `f` started count in its favour, which
/// only makes the guard more lenient.
pub fn within<T>(max_bytes: u64, f: impl FnOnce() -> T) -> T {
    struct Restore(Option<i64>);
    impl Drop for Restore {
        fn drop(&mut self) {
            let _ = LEFT.try_with(|l| l.set(self.0));
        }
    }
    let budget = i64::try_from(max_bytes).unwrap_or(i64::MAX);
    let _restore = Restore(LEFT.with(|l| l.replace(Some(budget))));
    f()
}

/// Whether the document being read on this thread has allocated more than
/// its budget (always false outside [`within`] or without [`Guarded`]).
pub fn exceeded() -> bool {
    LEFT.try_with(|l| matches!(l.get(), Some(left) if left < 0))
        .unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outside_a_budget_nothing_is_exceeded() {
        assert!(!exceeded());
        within(0, || {
            // The unit-test binary does not install `Guarded`: no counting.
            let v = vec![0u8; 1 << 20];
            assert!(!exceeded());
            drop(v);
        });
        assert!(!exceeded());
    }

    #[test]
    fn counting_by_hand_crosses_the_budget() {
        within(100, || {
            note(60);
            assert!(!exceeded());
            note(60);
            assert!(exceeded());
            note(-60);
            assert!(!exceeded());
        });
        assert!(!exceeded());
    }
}
