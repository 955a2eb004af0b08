//! `minutes scan` exit statuses: 0 when it read the archive (bad files
//! included), 2 only when it could not run; ARCHIVE is required.

mod scan_support;
use scan_support::*;
use std::process::Command;

fn run(cwd: &std::path::Path, args: &[&str]) -> (Option<i32>, String) {
    let o = Command::new(bin())
        .current_dir(cwd)
        .arg("scan")
        .arg("--quiet")
        .args(args)
        .output()
        .unwrap();
    (
        o.status.code(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

#[test]
fn archive_is_required_and_bad_files_do_not_fail_the_run() {
    let tmp = tempfile::tempdir().unwrap();
    let (code, err) = run(tmp.path(), &[]);
    assert_eq!(code, Some(2));
    assert!(
        err.contains("required") && err.contains("<ARCHIVE>"),
        "{err}"
    );
    let (code, err) = run(tmp.path(), &["corpus"]);
    assert_eq!(code, Some(2));
    assert!(err.contains("archive folder corpus not found"), "{err}");
    // One bad file and one good one: read, exit 0, summary on stderr.
    copy_dir(&archive_sample(), &tmp.path().join("corpus"));
    std::fs::write(tmp.path().join("corpus/broken.pdf"), b"<html>404</html>").unwrap();
    let (code, err) = run(tmp.path(), &["corpus", "-j", "2"]);
    assert_eq!(code, Some(0), "{err}");
    assert!(err.contains("minutes scan: 9 documents"), "{err}");
    assert!(err.contains("1 errors"), "{err}");
    let errors = jsonl(&tmp.path().join("minutes-out/errors.jsonl"));
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0]["document"], "corpus/broken.pdf");
    assert_eq!(errors[0]["kind"], "not_pdf");
}

#[test]
fn runs_that_cannot_start_exit_2_naming_the_cause() {
    let tmp = tempfile::tempdir().unwrap();
    let t = tmp.path();
    let archive = archive_sample();
    let a = archive.to_str().unwrap();
    std::fs::write(t.join("file"), b"x").unwrap();
    let (code, err) = run(t, &[a, "-o", "file/out"]);
    assert_eq!(code, Some(2));
    assert!(err.contains("cannot write to file/out"), "{err}");

    copy_dir(&repo().join("rules"), &t.join("rules"));
    let bad = std::fs::read_to_string(t.join("rules/history.toml"))
        .unwrap()
        .replace("min_similarity = 0.8", "min_similarity = 2");
    let line = 1 + bad
        .lines()
        .position(|l| l.starts_with("min_similarity"))
        .unwrap();
    std::fs::write(t.join("rules/history.toml"), bad).unwrap();
    let (code, err) = run(t, &[a, "-o", "out", "--rules", "rules"]);
    assert_eq!(code, Some(2));
    // File and line, as for every rule file.
    assert!(
        err.contains(&format!(
            "rules/history.toml:{line}: rule `carried_forward.min_similarity`: 2 is not between 0 and 1"
        )),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1, "{err}");

    std::fs::write(t.join("limits.toml"), "max_pagez = 3\n").unwrap();
    let (code, err) = run(t, &[a, "-o", "out", "--limits", "limits.toml"]);
    assert_eq!(code, Some(2));
    assert!(
        err.contains("limits.toml") && err.contains("max_pagez"),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(!t.join("out").exists());
}
