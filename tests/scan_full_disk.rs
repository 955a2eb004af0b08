//! A write that the operating system refuses while `scan` writes its
//! outputs leaves the previous outputs as they were, with a non-zero exit.
//!
//! Unprivileged: the failure is a real one from the kernel, not an
//! injected error. The child runs with a file-size limit (`RLIMIT_FSIZE`,
//! what `ulimit -f` sets) and SIGXFSZ ignored, so a write past the limit
//! fails with EFBIG, as a write to a full disk fails with ENOSPC. (The
//! tmpfs version, which needs root, is `scan_outputs::a_full_disk_keeps_
//! the_previous_set`.)

mod scan_support;

use scan_support::*;
use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::Command;

/// Every top-level output of `out` (read through the set's links), bytes.
fn snapshot(out: &Path) -> Vec<(String, Vec<u8>)> {
    let mut v: Vec<(String, Vec<u8>)> = std::fs::read_dir(out)
        .unwrap()
        .map(|e| e.unwrap())
        .filter(|e| !e.file_name().to_string_lossy().starts_with('.'))
        .filter(|e| e.path().is_file())
        .map(|e| {
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect();
    v.sort();
    v
}

/// `minutes scan ARCHIVE -o OUT` with files limited to `max_bytes`.
fn scan_with_file_limit(archive: &Path, out: &Path, max_bytes: u64) -> std::process::Output {
    let mut cmd = Command::new(bin());
    cmd.current_dir(repo())
        .args(["scan", "--quiet", "--no-cache"])
        .arg(archive)
        .arg("-o")
        .arg(out);
    // SAFETY: only async-signal-safe calls (setrlimit, signal) between
    // fork and exec.
    unsafe {
        cmd.pre_exec(move || {
            let lim = libc::rlimit {
                rlim_cur: max_bytes as libc::rlim_t,
                rlim_max: max_bytes as libc::rlim_t,
            };
            if libc::setrlimit(libc::RLIMIT_FSIZE, &lim) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
            Ok(())
        });
    }
    cmd.output().expect("run minutes")
}

#[test]
fn a_refused_write_keeps_the_previous_outputs() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    // The previous outputs: the seed meetings.
    scan(&repo().join("corpus/seed"), &out, &["--no-cache"]);
    let before = snapshot(&out);
    assert!(
        before.len() >= OUTPUTS.len(),
        "{:?}",
        before.iter().map(|b| &b.0).collect::<Vec<_>>()
    );
    let largest = before.iter().map(|(_, b)| b.len()).max().unwrap() as u64;
    // A different archive (its outputs would differ), with a file-size
    // limit from a few KiB (the first write fails) to just under the
    // largest output (a late write fails).
    for limit in [4 << 10, 16 << 10, largest / 2, largest - 1] {
        let o = scan_with_file_limit(&archive_sample(), &out, limit);
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(
            o.status.code().is_some(),
            "limit {limit}: killed by a signal: {:?} {err}",
            o.status
        );
        assert_ne!(o.status.code(), Some(0), "limit {limit}: exit 0: {err}");
        assert!(
            err.contains("File too large")
                || err.contains("file too large")
                // SQLite reports a refused write of the database as this.
                || err.contains("minutes.sqlite: disk I/O error"),
            "limit {limit}: the cause is not said: {err}"
        );
        assert!(
            snapshot(&out) == before,
            "limit {limit}: the outputs changed: {err}"
        );
        eprintln!("limit {limit}: exit {:?}: {}", o.status.code(), err.trim());
    }
    // Without the limit the same run replaces them.
    scan(&archive_sample(), &out, &["--no-cache"]);
    assert!(snapshot(&out) != before);
}
