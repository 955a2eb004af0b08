//! The peak resident size of one child process, for the tests that bound
//! the memory a hostile file may take (`bad2_limits`, `pdf_object_budget`,
//! `pdf_encrypted_objstm`).

use std::process::Child;

/// Waits for `child` with `wait4` and gives its exit status and its own
/// peak resident size in KiB. Fails the test when the peak cannot be
/// measured (a bound that is not measured is no bound) or when the child
/// did not exit normally; `what` names the command in that message.
pub fn wait_with_peak(child: Child, what: &str) -> (i32, u64) {
    let pid = child.id() as libc::pid_t;
    let mut status: libc::c_int = 0;
    // SAFETY: a zeroed rusage is a valid value for wait4 to fill in.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: pid is our child, not yet waited for; the pointers are valid.
    let r = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    assert_eq!(r, pid, "wait4 failed: the peak RSS cannot be measured");
    // Reaped by wait4: dropping `child` must not wait for it again.
    std::mem::forget(child);
    let peak_kib = usage.ru_maxrss as u64; // KiB on Linux
    assert!(
        peak_kib > 0,
        "ru_maxrss is 0: the peak RSS was not measured"
    );
    assert!(
        libc::WIFEXITED(status),
        "minutes {what} did not exit normally (signal {})",
        libc::WTERMSIG(status)
    );
    (libc::WEXITSTATUS(status), peak_kib)
}
