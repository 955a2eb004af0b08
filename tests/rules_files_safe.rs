//! A rules folder holding a FIFO named `x.toml`, a link to `/dev/zero`, or a
//! 1 GB sparse `.toml` (issue 14): the command stops at once with exit 2 and
//! one line naming the file, instead of hanging or reading gigabytes. Also
//! for a `--limits` file that is a FIFO.

#![cfg(unix)]

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The bundled rules copied into `dir`.
fn rules_copy(dir: &Path) -> PathBuf {
    let rules = dir.join("rules");
    std::fs::create_dir_all(&rules).unwrap();
    for e in std::fs::read_dir(repo().join("rules")).unwrap() {
        let e = e.unwrap();
        std::fs::copy(e.path(), rules.join(e.file_name())).unwrap();
    }
    rules
}

/// Runs `minutes args…`, killing it after 20 s (a hang is a failure).
fn run(args: &[&std::ffi::OsStr]) -> (i32, String, Duration) {
    let start = Instant::now();
    let mut child = Command::new(env!("CARGO_BIN_EXE_minutes"))
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            let mut err = String::new();
            use std::io::Read;
            child
                .stderr
                .take()
                .unwrap()
                .read_to_string(&mut err)
                .unwrap();
            return (status.code().unwrap_or(-1), err, start.elapsed());
        }
        if start.elapsed() > Duration::from_secs(20) {
            child.kill().unwrap();
            let _ = child.wait();
            panic!("minutes {args:?} hung");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn check(bad_name: &str, make: impl Fn(&Path), cause: &str) {
    let tmp = tempfile::tempdir().unwrap();
    let rules = rules_copy(tmp.path());
    let bad = rules.join(bad_name);
    make(&bad);
    let pdf = repo().join("tests/data/bad/injection.pdf");
    let out = tmp.path().join("out");
    let archive = repo().join("tests/data/bad");
    for args in [
        vec![
            "actions".as_ref(),
            "--rules".as_ref(),
            rules.as_os_str(),
            pdf.as_os_str(),
        ],
        vec![
            "scan".as_ref(),
            "-q".as_ref(),
            "--rules".as_ref(),
            rules.as_os_str(),
            archive.as_os_str(),
            "-o".as_ref(),
            out.as_os_str(),
        ],
    ] {
        let (status, err, took) = run(&args);
        assert_eq!(status, 2, "{args:?}: {err}");
        assert_eq!(err.lines().count(), 1, "{args:?}: {err}");
        assert!(
            err.contains(bad_name) && err.contains(cause),
            "{args:?}: {err}"
        );
        assert!(took < Duration::from_secs(10), "{args:?}: took {took:?}");
    }
}

#[test]
fn fifo_rule_file_is_refused_not_waited_on() {
    check(
        "x.toml",
        |p| {
            let ok = Command::new("mkfifo").arg(p).status().unwrap().success();
            assert!(ok, "mkfifo");
        },
        "a FIFO",
    );
}

#[test]
fn link_to_dev_zero_is_refused_not_read() {
    check(
        "zero.toml",
        |p| std::os::unix::fs::symlink("/dev/zero", p).unwrap(),
        "a device",
    );
}

#[test]
fn huge_sparse_rule_file_is_refused_by_size() {
    check(
        "big.toml",
        |p| {
            let f = std::fs::File::create(p).unwrap();
            f.set_len(1 << 30).unwrap();
        },
        "more than the",
    );
}

#[test]
fn fifo_limits_file_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let fifo = tmp.path().join("limits.toml");
    assert!(Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap()
        .success());
    let pdf = repo().join("tests/data/bad/injection.pdf");
    for command in ["text", "actions"] {
        let (status, err, _) = run(&[
            command.as_ref(),
            "--limits".as_ref(),
            fifo.as_os_str(),
            pdf.as_os_str(),
        ]);
        assert_eq!(status, 2, "{command}: {err}");
        assert!(
            err.contains("limits.toml") && err.contains("a FIFO"),
            "{command}: {err}"
        );
    }
}
